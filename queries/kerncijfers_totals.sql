-- purpose: The period totals of the published key figures for crisishulp aan huis (CHAH): families
--     reached, starts, extensions, and minors whose registered CHAH could not start.
-- grain: one row: the selected regions taken together
-- period: started_on for families_chah_started, chah_started and chah_extended; registered_on for
--     could_not_start_minors
-- years: compose
-- areas: union
-- tables: starts_daily (derived from crisis_trajectories), chah_starts (its started CHAH
--     trajectories), not_started_registrations (its not-started trajectories)
-- params:
--   regions VARCHAR[]  IROJ region codes taken together; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive), 1 January of the first year
--   period_to DATE  last day of the period (inclusive), 31 December of the last year
-- ignores: modules, age_bands, include_flanders
-- columns:
--   area VARCHAR  'VL' for all of Flanders, else the selected codes joined by '+', e.g. 'ANT+LIM'
--   period_from DATE  first day of the period
--   period_to DATE  last day of the period
--   families_chah_started BIGINT  distinct family_id with a CHAH trajectory started in the
--     period (source INSISTO)
--   chah_started BIGINT  CHAH trajectories with started_on in the period (INSISTO)
--   chah_extended BIGINT  of those, the ones extended beyond the 28-day term (INSISTO)
--   chah_extended_pct DOUBLE  chah_extended / chah_started × 100, one decimal
--   could_not_start_minors BIGINT  distinct minor_id with a CHAH trajectory registered in the
--     period whose started_on is null (source BINC)
--   families_chah_started_ckey SMALLINT  cell key of families_chah_started: sum % 256 over the
--     families of a unit key, the family's fixed secret unit key
--   chah_started_ckey SMALLINT  cell key of chah_started: sum(record_key) % 256
--   chah_extended_ckey SMALLINT  cell key of chah_extended
--   could_not_start_minors_ckey SMALLINT  cell key of could_not_start_minors (unit keys as for
--     families)
-- protect:
--   count: chah_started, chah_extended
--   distinct: families_chah_started, could_not_start_minors
--   chah_extended_pct = chah_extended / chah_started
-- notes:
--   Key figures are for the selected regions as one whole, not per region: distinct families
--     and minors cannot be added across regions. The definitions fix the module, so the module
--     and age band filters do not apply.
--   The key-figures command (python -m queries kerncijfers) prints these protected, as the
--     dashboard does, or exact with --exact (staff); the cell keys are for the public mode.


with

started as (
    select
        coalesce(sum(n), 0)::bigint as chah_started,
        coalesce(sum(n) filter (where extended), 0)::bigint as chah_extended,
        coalesce(sum(key_sum), 0) % 256 as chah_started_ckey,
        coalesce(sum(key_sum) filter (where extended), 0) % 256 as chah_extended_ckey
    from starts_daily
    where module = 'crisishulp_aan_huis'
        and started_on between $period_from and $period_to
        and (len($regions) = 0 or list_contains($regions, region))
),

chah_started as not materialized (
    select *
    from chah_starts
    where started_on between $period_from and $period_to
        and (len($regions) = 0 or list_contains($regions, region))
),

families as (
    -- one row per family, keyed by its unit key among the counted trajectories; a
    -- family with one started CHAH trajectory in all the data is that row
    select unit_key
    from chah_started
    where family_starts = 1
    union all
    select min(unit_key)
    from chah_started
    where family_starts > 1
    group by family_key
),

families_started as (
    select
        count(*) as families_chah_started,
        coalesce(sum(unit_key), 0) % 256 as families_chah_started_ckey
    from families
),

chah_not_started as not materialized (
    select *
    from not_started_registrations
    where module = 'crisishulp_aan_huis'
        and registered_on between $period_from and $period_to
        and (len($regions) = 0 or list_contains($regions, region))
),

minors_not_started as (
    select unit_key
    from chah_not_started
    where minor_registrations = 1
    union all
    select min(unit_key)
    from chah_not_started
    where minor_registrations > 1
    group by minor_key
),

not_started as (
    select
        count(*) as could_not_start_minors,
        coalesce(sum(unit_key), 0) % 256 as could_not_start_minors_ckey
    from minors_not_started
),

final as (
    select
        case when len($regions) = 0 then 'VL' else array_to_string($regions, '+') end as area,
        $period_from::date as period_from,
        $period_to::date as period_to,
        families_started.families_chah_started,
        started.chah_started,
        started.chah_extended,
        round(100.0 * started.chah_extended / nullif(started.chah_started, 0), 1)
            as chah_extended_pct,
        not_started.could_not_start_minors,
        families_started.families_chah_started_ckey::smallint as families_chah_started_ckey,
        started.chah_started_ckey::smallint as chah_started_ckey,
        started.chah_extended_ckey::smallint as chah_extended_ckey,
        not_started.could_not_start_minors_ckey::smallint as could_not_start_minors_ckey
    from started
    cross join families_started
    cross join not_started
)

select * from final
