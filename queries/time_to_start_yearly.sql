-- purpose: Days from registration to start per registration year over the selected modules
--     together, and the share started within 24 hours (the norm for crisis help).
-- grain: one row per area × registration year (every year of the period)
-- period: registered_on
-- years: rows
-- tables: registrations_daily (derived from crisis_trajectories)
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
--   year INTEGER  calendar year of registered_on
--   registered BIGINT  trajectories registered in the year
--   started BIGINT  of those, the ones with a started_on (at any later date)
--   median_days DOUBLE  median of started_on - registered_on over the started ones, days
--   within_24h BIGINT  started ones with started_on - registered_on <= 1 day
--   within_24h_pct DOUBLE  within_24h / started × 100, one decimal
--   registered_ckey SMALLINT  cell key of registered: sum(record_key) % 256
--   started_ckey SMALLINT  cell key of started
--   within_24h_ckey SMALLINT  cell key of within_24h
-- protect:
--   label: year
--   count: registered, started, within_24h
--   median_days ~ started
--   within_24h_pct = within_24h / started
-- notes:
--   The data hold dates, not times: 'within 24 hours' is read as a start on the day of
--     registration or the day after.
--   Sums the daily cube registrations_daily (start_delay_days = started_on - registered_on)
--     instead of scanning every trajectory: a count is sum(n), its cell key sum(key_sum) % 256.
--   median_days comes from the cell's histogram of days (value, count): the mean of the values at
--     0-based ranks floor((N-1)/2) and ceil((N-1)/2) of the N started ones, as median() gives on
--     the integer days.

with

registrations as not materialized (
    select registered_on, region, module, start_delay_days, n, key_sum
    from registrations_daily
    where registered_on between $period_from and $period_to
        and (len($modules) = 0 or list_contains($modules, module))
        and (len($age_bands) = 0 or list_contains($age_bands, age_band))
),

scoped as (
    -- the count per start_delay_days (null: not started) of each cell, for Flanders over all
    -- regions and for each selected region
    select
        'VL' as area,
        year(registered_on)::integer as year,
        start_delay_days,
        sum(n) as n,
        sum(key_sum) as keys
    from registrations
    where len($regions) = 0 or $include_flanders
    group by year(registered_on), start_delay_days
    union all
    select
        region as area,
        year(registered_on)::integer as year,
        start_delay_days,
        sum(n) as n,
        sum(key_sum) as keys
    from registrations
    where list_contains($regions, region)
    group by region, year(registered_on), start_delay_days
),

areas as (
    select unnest($regions::varchar[]) as area
    union all
    select 'VL' as area
    where len($regions) = 0 or $include_flanders
),

years as (
    select year::integer as year
    from range(year($period_from::date), year($period_to::date) + 1) as t(year)
),

waits as (
    -- with the running count of the started ones up to each value, and the cell's started ones
    select
        *,
        sum(n) over (
            partition by area, year
            order by start_delay_days asc nulls last
            rows between unbounded preceding and current row
        ) as running_n,
        sum(n) filter (where start_delay_days is not null) over (partition by area, year)
            as started_n
    from scoped
),

summarised as (
    -- median: the mean of the values at 0-based ranks floor((N-1)/2) and ceil((N-1)/2) of the
    -- N started ones (what median() gives on the integer days); a value covers the ranks below
    -- its running count
    select
        area,
        year,
        sum(n)::bigint as registered,
        coalesce(sum(n) filter (where start_delay_days is not null), 0)::bigint as started,
        (
            min(start_delay_days) filter (where running_n > (started_n - 1) // 2)
            + min(start_delay_days) filter (where running_n > started_n // 2)
        ) / 2 as median_days,
        coalesce(sum(n) filter (where start_delay_days <= 1), 0)::bigint as within_24h,
        sum(keys) % 256 as registered_ckey,
        coalesce(sum(keys) filter (where start_delay_days is not null), 0) % 256 as started_ckey,
        coalesce(sum(keys) filter (where start_delay_days <= 1), 0) % 256 as within_24h_ckey
    from waits
    group by all
),

final as (
    select
        areas.area,
        years.year,
        coalesce(summarised.registered, 0) as registered,
        coalesce(summarised.started, 0) as started,
        summarised.median_days,
        coalesce(summarised.within_24h, 0) as within_24h,
        round(100.0 * summarised.within_24h / nullif(summarised.started, 0), 1)
            as within_24h_pct,
        coalesce(summarised.registered_ckey, 0)::smallint as registered_ckey,
        coalesce(summarised.started_ckey, 0)::smallint as started_ckey,
        coalesce(summarised.within_24h_ckey, 0)::smallint as within_24h_ckey
    from areas
    cross join years
    left join summarised
        on summarised.area = areas.area
        and summarised.year = years.year
)

select * from final
order by area = 'VL', area, year
