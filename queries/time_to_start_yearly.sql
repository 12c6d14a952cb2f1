-- purpose: Days from registration to start per registration year over the selected modules
--     together, and the share started within 24 hours (the norm for crisis help).
-- grain: one row per area × registration year (every year of the period)
-- period: registered_on
-- tables: crisis_trajectories
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

with

filtered as not materialized (
    select *, started_on - registered_on as days_to_start
    from crisis_trajectories
    where registered_on between $period_from and $period_to
      and (len($modules) = 0 or list_contains($modules, module))
      and (len($age_bands) = 0 or list_contains($age_bands, age_band))
),

scoped as not materialized (
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

years as (
    select year::integer as year
    from range(year($period_from::date), year($period_to::date) + 1) as t(year)
),

summarised as (
    select
        area,
        year(registered_on)::integer as year,
        count(*) as registered,
        count(started_on) as started,
        median(days_to_start)::double as median_days,
        count(*) filter (where days_to_start <= 1) as within_24h,
        sum(record_key) % 256 as registered_ckey,
        coalesce(sum(record_key) filter (where started_on is not null), 0) % 256 as started_ckey,
        coalesce(sum(record_key) filter (where days_to_start <= 1), 0) % 256 as within_24h_ckey
    from scoped
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
