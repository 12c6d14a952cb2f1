-- purpose: How long after a registration that could not start the minor did get help: the
--     distribution of days from the first not-started registration to the start of a later
--     registration (crisishulp aan huis or the same module) of the same minor.
-- grain: one row per area × bin of days (bins 1-8, all present, zero when empty)
-- period: registered_on of the not-started registration
-- tables: crisis_trajectories, not_started_followups (derived from crisis_trajectories)
-- params:
--   regions VARCHAR[]  IROJ region codes, one group of rows each; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive)
--   period_to DATE  last day of the period (inclusive)
--   modules VARCHAR[]  modules of the not-started registrations; empty = all modules
--   age_bands VARCHAR[]  age bands of the not-started registrations; empty = all age bands
--   include_flanders BOOLEAN  add Flanders ('VL') as reference when regions are selected
-- ignores: none
-- columns:
--   area VARCHAR  IROJ region code, or 'VL' for all of Flanders
--   bin INTEGER  bin number 1-8 in order of days
--   days_from INTEGER  fewest days in the bin
--   days_to INTEGER  most days in the bin; null for the open last bin
--   label VARCHAR  bin as text, e.g. '0-7' or '366+'
--   minors BIGINT  minors whose later start falls in the bin
--   share_pct DOUBLE  share of the area's minors that started later, percent, one decimal
--   total BIGINT  the area's minors that started later (all bins): share_pct's denominator;
--     the same cell as not_started_minors.minors_started_later
--   minors_ckey SMALLINT  cell key of minors: sum % 256 over the minors of a unit key, the
--     minor's lowest record_key among its not-started registrations in the area
--   total_ckey SMALLINT  cell key of total (same unit keys)
-- protect:
--   label: bin, days_from, days_to
--   count: minors, total
--   share_pct = minors / total
-- notes:
--   Same definitions as not_started_minors (first not-started registration per minor and area;
--     the earliest later start of a same-day-or-later registration, any region or time).

with

trajectories as (
    select * from crisis_trajectories
),

filtered as not materialized (
    select *
    from trajectories
    where registered_on between $period_from and $period_to
      and started_on is null
      and (len($modules) = 0 or list_contains($modules, module))
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

first_not_started as (
    -- unit_key: the minor's lowest record_key among its not-started registrations in the area
    select
        area,
        minor_id,
        trajectory_id,
        module,
        registered_on,
        min(record_key) over (partition by area, minor_id) as unit_key
    from scoped
    qualify row_number() over (
        partition by area, minor_id order by registered_on, trajectory_id
    ) = 1
),

later_starts as (
    select
        first_not_started.area,
        first_not_started.minor_id,
        first_not_started.unit_key,
        min(later.days_to_later_start) as days_to_later_start
    from first_not_started
    inner join not_started_followups as later
        on later.trajectory_id = first_not_started.trajectory_id
    group by all
),

bins as (
    select bin::integer as bin, days_from::integer as days_from, days_to::integer as days_to
    from (
        values
            (1, 0, 7), (2, 8, 14), (3, 15, 30), (4, 31, 60),
            (5, 61, 90), (6, 91, 180), (7, 181, 365), (8, 366, null)
    ) as t(bin, days_from, days_to)
),

counted as (
    select later_starts.area, bins.bin, count(*) as n, sum(later_starts.unit_key) as keys
    from later_starts
    inner join bins
        on later_starts.days_to_later_start >= bins.days_from
        and (bins.days_to is null or later_starts.days_to_later_start <= bins.days_to)
    group by all
),

totals as (
    select area, count(*) as n, sum(unit_key) % 256 as ckey
    from later_starts
    group by all
),

final as (
    select
        areas.area,
        bins.bin,
        bins.days_from,
        bins.days_to,
        case when bins.days_to is null then bins.days_from || '+'
            else bins.days_from || '-' || bins.days_to end as label,
        coalesce(counted.n, 0) as minors,
        round(100.0 * coalesce(counted.n, 0) / nullif(totals.n, 0), 1) as share_pct,
        coalesce(totals.n, 0) as total,
        coalesce(counted.keys % 256, 0)::smallint as minors_ckey,
        coalesce(totals.ckey, 0)::smallint as total_ckey
    from areas
    cross join bins
    left join counted
        on counted.area = areas.area
        and counted.bin = bins.bin
    left join totals
        on totals.area = areas.area
)

select * from final
order by area = 'VL', area, bin
