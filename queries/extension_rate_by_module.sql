-- purpose: Extension rate per module over the whole period: of the trajectories that started,
--     the share whose standard term was extended ('verlengd').
-- grain: one row per area × module (every module in the data, or the selected ones)
-- period: started_on
-- years: compose
-- tables: starts_daily, registrations_daily (derived from crisis_trajectories)
-- params:
--   regions VARCHAR[]  IROJ region codes, one group of rows each; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive)
--   period_to DATE  last day of the period (inclusive)
--   modules VARCHAR[]  modules to show; empty = all modules
--   age_bands VARCHAR[]  age bands to count; empty = all age bands
--   include_flanders BOOLEAN  add Flanders ('VL') as reference when regions are selected
-- ignores: none
-- columns:
--   area VARCHAR  IROJ region code, or 'VL' for all of Flanders
--   module VARCHAR  module of the trajectory
--   started BIGINT  trajectories of the module with started_on in the period
--   extended BIGINT  of those, the ones with extended = true
--   extended_pct DOUBLE  extended / started × 100, one decimal; null when nothing started
--   started_ckey SMALLINT  cell key of started: sum(record_key) % 256 over its trajectories
--   extended_ckey SMALLINT  cell key of extended
-- protect:
--   count: started, extended
--   extended_pct = extended / started
-- notes:
--   Sums the daily cube starts_daily instead of scanning every trajectory: a count is sum(n),
--     its cell key sum(key_sum) % 256.
--   The modules are those of every registration (started or not, any date, any region) passing
--     the module and age filters, as before: read from registrations_daily.

with

starts as not materialized (
    select started_on, region, module, extended, n, key_sum
    from starts_daily
    where started_on between $period_from and $period_to
        and (len($modules) = 0 or list_contains($modules, module))
        and (len($age_bands) = 0 or list_contains($age_bands, age_band))
),

scoped as (
    -- the starts and the extended ones of each cell, for Flanders over all regions and for
    -- each selected region
    select
        'VL' as area,
        module,
        sum(n) as n,
        sum(n) filter (where extended) as n_extended,
        sum(key_sum) as keys,
        sum(key_sum) filter (where extended) as keys_extended
    from starts
    where len($regions) = 0 or $include_flanders
    group by module
    union all
    select
        region as area,
        module,
        sum(n) as n,
        sum(n) filter (where extended) as n_extended,
        sum(key_sum) as keys,
        sum(key_sum) filter (where extended) as keys_extended
    from starts
    where list_contains($regions, region)
    group by region, module
),

areas as (
    select unnest($regions::varchar[]) as area
    union all
    select 'VL' as area
    where len($regions) = 0 or $include_flanders
),

modules as (
    -- every module registered at any date, started or not, as over all trajectories
    select distinct module
    from registrations_daily
    where (len($modules) = 0 or list_contains($modules, module))
        and (len($age_bands) = 0 or list_contains($age_bands, age_band))
),

started as (
    select
        area,
        module,
        sum(n)::bigint as started,
        coalesce(sum(n_extended), 0)::bigint as extended,
        sum(keys) % 256 as started_ckey,
        coalesce(sum(keys_extended), 0) % 256 as extended_ckey
    from scoped
    group by all
),

final as (
    select
        areas.area,
        modules.module,
        coalesce(started.started, 0) as started,
        coalesce(started.extended, 0) as extended,
        round(100.0 * started.extended / nullif(started.started, 0), 1) as extended_pct,
        coalesce(started.started_ckey, 0)::smallint as started_ckey,
        coalesce(started.extended_ckey, 0)::smallint as extended_ckey
    from areas
    cross join modules
    left join started
        on started.area = areas.area
        and started.module = modules.module
)

select * from final
order by area = 'VL', area, module
