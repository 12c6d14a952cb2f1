-- purpose: Crisis registrations and starts per calendar month and module: the raw series behind
--     the seasonal pattern (when do crisis questions come in, when does help start).
-- grain: one row per area × month × module; every month of the period and every module present
--     in the data appears, with zero when nothing happened
-- period: registrations count by registered_on, starts by started_on; each event is counted in
--     the month its own date falls in, when that date lies in the period
-- years: rows
-- tables: registrations_daily, starts_daily (derived from crisis_trajectories)
-- params:
--   regions VARCHAR[]  IROJ region codes, one group of rows each; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive)
--   period_to DATE  last day of the period (inclusive)
--   modules VARCHAR[]  modules to count; empty = all modules
--   age_bands VARCHAR[]  age bands to count; empty = all age bands
--   include_flanders BOOLEAN  add Flanders ('VL') as reference when regions are selected
-- ignores: none
-- columns:
--   area VARCHAR  IROJ region code, or 'VL' for all of Flanders
--   month DATE  first day of the calendar month
--   module VARCHAR  module of the trajectory
--   registrations BIGINT  trajectories with registered_on in the month
--   starts BIGINT  trajectories with started_on in the month
--   registrations_ckey SMALLINT  cell key of registrations: sum(record_key) % 256
--   starts_ckey SMALLINT  cell key of starts
-- protect:
--   count: registrations, starts
-- notes:
--   Sums the daily cubes registrations_daily (by registered_on) and starts_daily (by started_on)
--     instead of scanning every trajectory: a count is sum(n), its cell key sum(key_sum) % 256.
--   The modules are those of every registration (any date, any region) passing the module and
--     age filters, as before.

with

registered_filtered as not materialized (
    select registered_on as day, region, module, n, key_sum
    from registrations_daily
    where registered_on between $period_from and $period_to
        and (len($modules) = 0 or list_contains($modules, module))
        and (len($age_bands) = 0 or list_contains($age_bands, age_band))
),

started_filtered as not materialized (
    select started_on as day, region, module, n, key_sum
    from starts_daily
    where started_on between $period_from and $period_to
        and (len($modules) = 0 or list_contains($modules, module))
        and (len($age_bands) = 0 or list_contains($age_bands, age_band))
),

registered_daily as (
    -- summed per day first, for Flanders over all regions and for each selected region
    select 'VL' as area, day, module, sum(n) as n, sum(key_sum) as keys
    from registered_filtered
    where len($regions) = 0 or $include_flanders
    group by day, module
    union all
    select region as area, day, module, sum(n) as n, sum(key_sum) as keys
    from registered_filtered
    where list_contains($regions, region)
    group by region, day, module
),

started_daily as (
    select 'VL' as area, day, module, sum(n) as n, sum(key_sum) as keys
    from started_filtered
    where len($regions) = 0 or $include_flanders
    group by day, module
    union all
    select region as area, day, module, sum(n) as n, sum(key_sum) as keys
    from started_filtered
    where list_contains($regions, region)
    group by region, day, module
),

areas as (
    select unnest($regions::varchar[]) as area
    union all
    select 'VL' as area
    where len($regions) = 0 or $include_flanders
),

months as (
    select month::date as month
    from
        range(
            date_trunc('month', $period_from::date),
            $period_to::date + interval 1 day,
            interval 1 month
        ) as t(month)
),

modules as (
    -- every module registered at any date (not only in the period), as over all trajectories
    select distinct module
    from registrations_daily
    where (len($modules) = 0 or list_contains($modules, module))
        and (len($age_bands) = 0 or list_contains($age_bands, age_band))
),

registrations as (
    select
        area,
        date_trunc('month', day)::date as month,
        module,
        sum(n)::bigint as n,
        sum(keys) % 256 as ckey
    from registered_daily
    group by all
),

starts as (
    select
        area,
        date_trunc('month', day)::date as month,
        module,
        sum(n)::bigint as n,
        sum(keys) % 256 as ckey
    from started_daily
    group by all
),

final as (
    select
        areas.area,
        months.month,
        modules.module,
        coalesce(registrations.n, 0) as registrations,
        coalesce(starts.n, 0) as starts,
        coalesce(registrations.ckey, 0)::smallint as registrations_ckey,
        coalesce(starts.ckey, 0)::smallint as starts_ckey
    from areas
    cross join months
    cross join modules
    left join registrations
        on registrations.area = areas.area
        and registrations.month = months.month
        and registrations.module = modules.module
    left join starts
        on starts.area = areas.area
        and starts.month = months.month
        and starts.module = modules.module
)

select * from final
order by area = 'VL', area, month, module
