-- purpose: Registrations and starts per month over the selected modules together, for the
--     month × year view of busy and quiet months.
-- grain: one row per area × month (every month of the period)
-- period: registered_on for registrations, started_on for starts
-- years: rows
-- tables: registrations_daily, starts_daily (derived from crisis_trajectories)
-- params:
--   regions VARCHAR[]  IROJ region codes, one group of rows each; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive)
--   period_to DATE  last day of the period (inclusive)
--   modules VARCHAR[]  modules to count together; empty = all modules
--   age_bands VARCHAR[]  age bands to count; empty = all age bands
--   include_flanders BOOLEAN  add Flanders ('VL') as reference when regions are selected
-- ignores: none
-- columns:
--   area VARCHAR  IROJ region code, or 'VL' for all of Flanders
--   month DATE  first day of the month
--   registrations BIGINT  trajectories with registered_on in the month
--   starts BIGINT  trajectories with started_on in the month
--   registrations_ckey SMALLINT  cell key of registrations: sum(record_key) % 256
--   starts_ckey SMALLINT  cell key of starts
-- protect:
--   count: registrations, starts
-- notes:
--   Sums the daily cubes registrations_daily (by registered_on) and starts_daily (by started_on)
--     instead of scanning every trajectory: a count is sum(n), its cell key sum(key_sum) % 256.

with

registrations as not materialized (
    select registered_on as day, region, n, key_sum
    from registrations_daily
    where registered_on between $period_from and $period_to
        and (len($modules) = 0 or list_contains($modules, module))
        and (len($age_bands) = 0 or list_contains($age_bands, age_band))
),

starts as not materialized (
    select started_on as day, region, n, key_sum
    from starts_daily
    where started_on between $period_from and $period_to
        and (len($modules) = 0 or list_contains($modules, module))
        and (len($age_bands) = 0 or list_contains($age_bands, age_band))
),

registered_daily as (
    -- summed per day first (a date key alone aggregates fast): for Flanders over all regions,
    -- and for each selected region
    select 'VL' as area, day, sum(n) as n, sum(key_sum) as keys
    from registrations
    where len($regions) = 0 or $include_flanders
    group by day
    union all
    select region as area, day, sum(n) as n, sum(key_sum) as keys
    from registrations
    where list_contains($regions, region)
    group by region, day
),

started_daily as (
    select 'VL' as area, day, sum(n) as n, sum(key_sum) as keys
    from starts
    where len($regions) = 0 or $include_flanders
    group by day
    union all
    select region as area, day, sum(n) as n, sum(key_sum) as keys
    from starts
    where list_contains($regions, region)
    group by region, day
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
            date_trunc('month', $period_to::date) + interval 1 month,
            interval 1 month
        ) as t(month)
),

registered as (
    select
        area,
        date_trunc('month', day)::date as month,
        sum(n)::bigint as registrations,
        sum(keys) % 256 as ckey
    from registered_daily
    group by all
),

started as (
    select
        area,
        date_trunc('month', day)::date as month,
        sum(n)::bigint as starts,
        sum(keys) % 256 as ckey
    from started_daily
    group by all
),

final as (
    select
        areas.area,
        months.month,
        coalesce(registered.registrations, 0) as registrations,
        coalesce(started.starts, 0) as starts,
        coalesce(registered.ckey, 0)::smallint as registrations_ckey,
        coalesce(started.ckey, 0)::smallint as starts_ckey
    from areas
    cross join months
    left join registered
        on registered.area = areas.area
        and registered.month = months.month
    left join started
        on started.area = areas.area
        and started.month = months.month
)

select * from final
order by area = 'VL', area, month
