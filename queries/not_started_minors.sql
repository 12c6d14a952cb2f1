-- purpose: Unique minors whose registered help could not start, and how many of them did start
--     after a later registration (a crisishulp aan huis or same-module registration of the same
--     minor that did start), with how long after (median days).
-- grain: one row per area
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
--   not_started BIGINT  registrations in the period with started_on null
--   minors_not_started BIGINT  distinct minor_id among them
--   minors_started_later BIGINT  of those minors, the ones with a later registration that
--     started
--   started_later_pct DOUBLE  minors_started_later / minors_not_started × 100, one decimal
--   median_days_to_later_start DOUBLE  median over those minors of the days from their first
--     not-started registration to the later start
--   not_started_ckey SMALLINT  cell key of not_started: sum(record_key) % 256
--   minors_not_started_ckey SMALLINT  cell key of minors_not_started: sum % 256 over the
--     distinct minors of a unit key, the minor's fixed secret unit key
--   minors_started_later_ckey SMALLINT  cell key of minors_started_later (same unit keys)
-- protect:
--   count: not_started
--   distinct: minors_not_started, minors_started_later
--   started_later_pct = minors_started_later / minors_not_started
--   median_days_to_later_start ~ minors_started_later
-- notes:
--   Per minor and area the first not-started registration in the period counts. A later
--     registration is another trajectory of the same minor_id, registered on the same day or
--     later, of module crisishulp_aan_huis or the same module, with a started_on; it may lie in
--     any region, age band or time after the period (help found elsewhere or later still
--     counts). Days = its started_on - the first not-started registered_on; the earliest such
--     start counts. Distribution: started_later_days.


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
    -- per area and minor: the days to a later start after the earliest not-started registration
    -- (ties: lowest trajectory_id), null when none; unit_key: the minor's unit key among
    -- its not-started registrations in the area. A minor with one not-started registration in
    -- all the data is that row; only the others need grouping.
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

per_area as (
    select
        area,
        count(*) as minors_not_started,
        count(days_to_later_start) as minors_started_later,
        median(days_to_later_start)::double as median_days_to_later_start,
        sum(unit_key) % 256 as minors_not_started_ckey,
        coalesce(sum(unit_key) filter (where days_to_later_start is not null), 0) % 256
            as minors_started_later_ckey
    from per_minor
    group by all
),

registrations as (
    select area, count(*) as not_started, sum(record_key) % 256 as not_started_ckey
    from scoped
    group by all
),

final as (
    select
        areas.area,
        coalesce(registrations.not_started, 0) as not_started,
        coalesce(per_area.minors_not_started, 0) as minors_not_started,
        coalesce(per_area.minors_started_later, 0) as minors_started_later,
        round(
            100.0 * per_area.minors_started_later / nullif(per_area.minors_not_started, 0), 1
        ) as started_later_pct,
        per_area.median_days_to_later_start,
        coalesce(registrations.not_started_ckey, 0)::smallint as not_started_ckey,
        coalesce(per_area.minors_not_started_ckey, 0)::smallint as minors_not_started_ckey,
        coalesce(per_area.minors_started_later_ckey, 0)::smallint as minors_started_later_ckey
    from areas
    left join per_area
        on per_area.area = areas.area
    left join registrations
        on registrations.area = areas.area
)

select * from final
order by area = 'VL', area
