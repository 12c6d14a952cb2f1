-- purpose: The 'carrousel' of repeated crisis stays: minors by the largest number of crisis stays
--     (module crisisverblijf) registered within 365 days of each other: 1, 2, 3 or 4 and more.
-- grain: one row per area × number of stays (1, 2, 3, 4 = 4 or more)
-- period: registered_on (only registrations in the period count, also inside the windows)
-- tables: crisis_trajectories
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
--     minor's lowest record_key among their crisis stays in the area
--   total_ckey SMALLINT  cell key of total (same unit keys)
-- protect:
--   label: crisis_stays
--   count: minors, total
--   share_pct = minors / total
-- notes:
--   Window: for each crisis stay of a minor, the stays registered on that day up to 365 days
--     later; a minor counts once, by their busiest window. The module is fixed to crisisverblijf,
--     so the module filter does not apply. Region and age band apply per stay: in area ANT only
--     the minor's ANT stays count.

with

trajectories as (
    select * from crisis_trajectories
),

filtered as not materialized (
    select *
    from trajectories
    where module = 'crisisverblijf'
      and registered_on between $period_from and $period_to
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

windows as (
    select
        area,
        minor_id,
        record_key,
        count(*) over (
            partition by area, minor_id
            order by registered_on
            range between current row and interval 365 days following
        ) as stays_in_window
    from scoped
),

per_minor as (
    select
        area,
        minor_id,
        least(max(stays_in_window), 4)::integer as crisis_stays,
        min(record_key) as unit_key
    from windows
    group by all
),

counted as (
    select area, crisis_stays, count(*) as n, sum(unit_key) % 256 as ckey
    from per_minor
    group by all
),

totals as (
    select area, count(*) as n, sum(unit_key) % 256 as ckey
    from per_minor
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
        coalesce(counted.ckey, 0)::smallint as minors_ckey,
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
