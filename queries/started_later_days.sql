-- purpose: How long after a registration that could not start the minor did get help: the
--     distribution of days from the first not-started registration to the start of a later
--     registration (crisishulp aan huis or the same module) of the same minor.
-- grain: one row per area × bin of days (bins 1-8, all present, zero when empty)
-- period: registered_on of the not-started registration
-- years: compose
-- tables: not_started_registrations (the not-started trajectories of crisis_trajectories, with
--     the days to the minor's later start)
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
--     minor's fixed secret unit key
--   total_ckey SMALLINT  cell key of total (same unit keys)
-- protect:
--   label: bin, days_from, days_to
--   distinct: minors, total
--   share_pct = minors / total
-- notes:
--   Same definitions as not_started_minors (first not-started registration per minor and area;
--     the earliest later start of a same-day-or-later registration, any region or time).


with

filtered as not materialized (
    select *
    from not_started_registrations
    where registered_on between $period_from and $period_to
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

per_minor as (
    -- as in not_started_minors: the days to a later start after the minor's earliest not-started
    -- registration in the area (ties: lowest trajectory_id), and the minor's unit key
    select area, days_to_later_start, unit_key
    from scoped
    where minor_registrations = 1
    union all
    select
        area,
        arg_min_null(days_to_later_start, (registered_on, trajectory_order)) as days_to_later_start,
        min(unit_key) as unit_key
    from scoped
    where minor_registrations > 1
    group by area, minor_key
),

later_starts as (
    select area, unit_key, days_to_later_start
    from per_minor
    where days_to_later_start is not null
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
        on bins.days_from <= later_starts.days_to_later_start
        and (bins.days_to is null or bins.days_to >= later_starts.days_to_later_start)
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
        case
            when bins.days_to is null then bins.days_from || '+'
            else bins.days_from || '-' || bins.days_to
        end as label,
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
