-- purpose: The 'carrousel' of repeated crisis stays: minors by the largest number of crisis stays
--     (module crisisverblijf) registered within 365 days of each other: 1, 2, 3 or 4 and more.
-- grain: one row per area × number of stays (1, 2, 3, 4 = 4 or more)
-- period: registered_on (only registrations in the period count, also inside the windows)
-- years: compose
-- tables: crisis_stays (the crisisverblijf trajectories of crisis_trajectories)
-- params:
--   regions VARCHAR[]  IROJ region codes, one group of rows each; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive)
--   period_to DATE  last day of the period (inclusive)
--   age_bands VARCHAR[]  age bands of the crisis stays to count; empty = all age bands
--   include_flanders BOOLEAN  add Flanders ('VL') as reference when regions are selected
-- ignores: modules
-- columns:
--   area VARCHAR  IROJ region code, or 'VL' for all of Flanders
--   crisis_stays INTEGER  1, 2, 3, or 4 meaning 4 or more
--   label VARCHAR  '1', '2', '3' or '4+'
--   minors BIGINT  distinct minors whose busiest 365-day window holds that many crisis stays
--   share_pct DOUBLE  share of the area's minors with a crisis stay, percent, one decimal
--   total BIGINT  the area's minors with a crisis stay (all buckets): share_pct's denominator
--   minors_ckey SMALLINT  cell key of minors: sum % 256 over the minors of a unit key, the
--     minor's fixed secret unit key
--   total_ckey SMALLINT  cell key of total (same unit keys)
-- protect:
--   label: crisis_stays
--   distinct: minors, total
--   share_pct = minors / total
-- notes:
--   Window: for each crisis stay of a minor, the stays registered on that day up to 365 days
--     later; a minor counts once, by their busiest window. The module is fixed to crisisverblijf,
--     so the module filter does not apply. Region and age band apply per stay: in area ANT only
--     the minor's ANT stays count.
--   A period of whole years without an age band filter (every view of the dashboard without
--     one) reads each minor's busiest window as crisis_stays found it in advance; any other
--     filter counts the windows of the stays in scope.

with

filtered as not materialized (
    select *
    from crisis_stays
    where registered_on between $period_from and $period_to
        and (len($age_bands) = 0 or list_contains($age_bands, age_band))
),

scoped as (
    select region as area, * from filtered
    where list_contains($regions, region)
    union all
    select 'VL' as area, * from filtered
    where len($regions) = 0 or $include_flanders
),

areas as (
    select unnest($regions::varchar[]) as area
    union all
    select 'VL' as area
    where len($regions) = 0 or $include_flanders
),

buckets as (
    select
        crisis_stays::integer as crisis_stays,
        case when crisis_stays = 4 then '4+' else crisis_stays::varchar end as label
    from range(1, 5) as t(crisis_stays)
),

fast as (
    -- true for a period from 1 January to 31 December without an age band filter
    select
        len($age_bands) = 0
        and month($period_from::date) = 1 and day($period_from::date) = 1
        and month($period_to::date) = 12 and day($period_to::date) = 31 as yes
),

found as (
    -- a minor counts on its first stay in the period, with the busiest window and lowest key
    -- found in advance for a period from that stay's year to the period's last year
    select
        region as area,
        list_extract(
            busiest_region,
            least(year($period_to::date) - year(registered_on) + 1, len(busiest_region))
        ) as busiest_window,
        list_extract(
            key_region, least(year($period_to::date) - year(registered_on) + 1, len(key_region))
        ) as unit_key
    from filtered
    where (select fast.yes from fast)
        and list_contains($regions, region)
        and (previous_region_on is null or previous_region_on < $period_from)
    union all
    select
        'VL' as area,
        list_extract(
            busiest, least(year($period_to::date) - year(registered_on) + 1, len(busiest))
        ) as busiest_window,
        list_extract(key, least(year($period_to::date) - year(registered_on) + 1, len(key))) as unit_key
    from filtered
    where (select fast.yes from fast)
        and (len($regions) = 0 or $include_flanders)
        and (previous_on is null or previous_on < $period_from)
),

counted_windows as (
    -- any other filter: count each stay's window among the stays in scope
    select
        area,
        minor_key,
        minor_stays,
        unit_key,
        count(*) over (
            partition by area, minor_key
            order by registered_on - date '2000-01-01'
            range between current row and 365 following
        ) as stays_in_window
    from scoped
    where not (select fast.yes from fast)
),

per_minor as (
    select area, least(busiest_window, 4)::integer as crisis_stays, unit_key
    from found
    union all
    -- a minor with one crisis stay in all the data is that row
    select area, least(stays_in_window, 4)::integer as crisis_stays, unit_key
    from counted_windows
    where minor_stays = 1
    union all
    select area, least(max(stays_in_window), 4)::integer as crisis_stays, min(unit_key) as unit_key
    from counted_windows
    where minor_stays > 1
    group by area, minor_key
),

counted as (
    select area, crisis_stays, count(*) as n, sum(unit_key) as keys
    from per_minor
    group by all
),

totals as (
    -- every minor is in one bucket: the totals add up the buckets
    select area, sum(n)::bigint as n, sum(keys) % 256 as ckey
    from counted
    group by all
),

final as (
    select
        areas.area,
        buckets.crisis_stays,
        buckets.label,
        coalesce(counted.n, 0) as minors,
        round(100.0 * coalesce(counted.n, 0) / nullif(totals.n, 0), 1) as share_pct,
        coalesce(totals.n, 0) as total,
        coalesce(counted.keys % 256, 0)::smallint as minors_ckey,
        coalesce(totals.ckey, 0)::smallint as total_ckey
    from areas
    cross join buckets
    left join counted
        on counted.area = areas.area
        and counted.crisis_stays = buckets.crisis_stays
    left join totals
        on totals.area = areas.area
)

select * from final
order by area = 'VL', area, crisis_stays
