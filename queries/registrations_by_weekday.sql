-- purpose: Crisis registrations per day of the week (ISO weekday, Monday = 1): on which days do
--     crisis questions come in.
-- grain: one row per area × ISO weekday (1-7), zero when no registration fell on that day
-- period: registered_on
-- years: compose
-- tables: registrations_daily (derived from crisis_trajectories)
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
--   weekday INTEGER  ISO weekday: 1 = Monday ... 7 = Sunday
--   weekday_name VARCHAR  Dutch name of the weekday (maandag ... zondag)
--   registrations BIGINT  trajectories registered on that weekday
--   share_pct DOUBLE  share of the area's registrations in the period, percent, one decimal
--   total BIGINT  the area's registrations in the period (all weekdays): share_pct's denominator
--   registrations_ckey SMALLINT  cell key of registrations: sum(record_key) % 256
--   total_ckey SMALLINT  cell key of total
-- protect:
--   label: weekday
--   count: registrations, total
--   share_pct = registrations / total
-- notes:
--   Sums the daily cube registrations_daily (the weekday of its registered_on) instead of
--     scanning every trajectory: a count is sum(n), its cell key sum(key_sum) % 256.

with

registrations as not materialized (
    select registered_on as day, region, n, key_sum
    from registrations_daily
    where registered_on between $period_from and $period_to
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

areas as (
    select unnest($regions::varchar[]) as area
    union all
    select 'VL' as area
    where len($regions) = 0 or $include_flanders
),

weekdays as (
    select
        weekday::integer as weekday,
        ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'][weekday]
            as weekday_name
    from range(1, 8) as t(weekday)
),

counted as (
    select area, isodow(day)::integer as weekday, sum(n)::bigint as n, sum(keys) as keys
    from registered_daily
    group by all
),

totals as (
    select area, sum(n) as n, sum(keys) % 256 as ckey
    from counted
    group by all
),

final as (
    select
        areas.area,
        weekdays.weekday,
        weekdays.weekday_name,
        coalesce(counted.n, 0) as registrations,
        round(100.0 * coalesce(counted.n, 0) / nullif(totals.n, 0), 1) as share_pct,
        coalesce(totals.n, 0)::bigint as total,
        coalesce(counted.keys % 256, 0)::smallint as registrations_ckey,
        coalesce(totals.ckey, 0)::smallint as total_ckey
    from areas
    cross join weekdays
    left join counted
        on counted.area = areas.area
        and counted.weekday = weekdays.weekday
    left join totals
        on totals.area = areas.area
)

select * from final
order by area = 'VL', area, weekday
