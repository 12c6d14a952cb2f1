-- purpose: Seasonal index per calendar month: each month's count divided by the mean monthly
--     count of the same year, summarised across the years of the period (mean, spread), for
--     registrations and for starts (modules and age bands of the filter taken together).
-- grain: one row per area × measure × calendar month (1-12)
-- period: registrations by registered_on, starts by started_on; only the months of the period
--     count, and a year's monthly mean is taken over its months inside the period
-- years: compose
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
--   measure VARCHAR  'registrations' (by registered_on) or 'starts' (by started_on)
--   calendar_month INTEGER  calendar month 1-12
--   total BIGINT  count in this calendar month summed over the years of the period
--   years BIGINT  years with an index for this month (years with at least one event)
--   index_mean DOUBLE  mean of the yearly indexes (1 = an average month), three decimals
--   index_min DOUBLE  lowest yearly index
--   index_q1 DOUBLE  first quartile of the yearly indexes (interpolated)
--   index_median DOUBLE  median of the yearly indexes
--   index_q3 DOUBLE  third quartile of the yearly indexes (interpolated)
--   index_max DOUBLE  highest yearly index
--   total_ckey SMALLINT  cell key of total: sum(record_key) % 256 over its events
-- protect:
--   count: total
--   label: calendar_month, years
--   exact_only: index_mean, index_min, index_q1, index_median, index_q3, index_max
-- notes:
--   index(year, month) = count(year, month) / mean of count(year, m) over that year's months in
--     the period; a year without any event has no index (its mean is zero) and is left out.
--   The indexes are ratios of exact monthly counts: with the period filter they give a month's
--     exact count away, so they are exact-only (null in public mode). A public seasonal index
--     is computed from protected monthly counts (seasonality_monthly) instead.
--   The monthly counts sum the daily cubes registrations_daily (by registered_on) and
--     starts_daily (by started_on) instead of scanning every trajectory: a count is sum(n), its
--     cell key sum(key_sum) % 256.

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

events_daily as (
    -- summed per day first (a date key alone aggregates fast): for Flanders over all regions,
    -- and for each selected region
    select 'VL' as area, 'registrations' as measure, day, sum(n) as n, sum(key_sum) as keys
    from registrations
    where len($regions) = 0 or $include_flanders
    group by day
    union all
    select region as area, 'registrations' as measure, day, sum(n) as n, sum(key_sum) as keys
    from registrations
    where list_contains($regions, region)
    group by region, day
    union all
    select 'VL' as area, 'starts' as measure, day, sum(n) as n, sum(key_sum) as keys
    from starts
    where len($regions) = 0 or $include_flanders
    group by day
    union all
    select region as area, 'starts' as measure, day, sum(n) as n, sum(key_sum) as keys
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

measures as (
    select unnest(['registrations', 'starts']) as measure
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

monthly as (
    select
        area,
        measure,
        date_trunc('month', day)::date as month,
        sum(n)::bigint as n,
        sum(keys) as keys
    from events_daily
    group by all
),

series as (
    -- zero-filled: a month without events must pull its year's mean down and get index 0
    select
        areas.area,
        measures.measure,
        months.month,
        coalesce(monthly.n, 0) as n,
        coalesce(monthly.keys, 0) as keys
    from areas
    cross join measures
    cross join months
    left join monthly
        on monthly.area = areas.area
        and monthly.measure = measures.measure
        and monthly.month = months.month
),

indexed as (
    select
        area,
        measure,
        month(month)::integer as calendar_month,
        n,
        keys,
        n / nullif(avg(n) over (partition by area, measure, year(month)), 0) as seasonal_index
    from series
),

final as (
    select
        area,
        measure,
        calendar_month,
        sum(n)::bigint as total,
        count(seasonal_index) as years,
        round(avg(seasonal_index), 3) as index_mean,
        round(min(seasonal_index), 3) as index_min,
        round(quantile_cont(seasonal_index, 0.25), 3) as index_q1,
        round(median(seasonal_index), 3) as index_median,
        round(quantile_cont(seasonal_index, 0.75), 3) as index_q3,
        round(max(seasonal_index), 3) as index_max,
        (sum(keys) % 256)::smallint as total_ckey
    from indexed
    group by area, measure, calendar_month
)

select * from final
order by area = 'VL', area, measure, calendar_month
