-- purpose: Median length of residential stays and the share ending 'naar_huis' (home), for stays
--     that ended before (2017-2019), during (2020-2021) and after (2022 onwards) corona.
-- grain: one row per area × corona period (before, during, after)
-- period: ended_on
-- years: compose
-- tables: residential_closures_yearly (ended stays per year, region, age band and length),
--     residential_closures (the started and ended stays of residential_stays)
-- params:
--   regions VARCHAR[]  IROJ region codes, one group of rows each; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive)
--   period_to DATE  last day of the period (inclusive)
--   age_bands VARCHAR[]  age bands to count; empty = all age bands
--   include_flanders BOOLEAN  add Flanders ('VL') as reference when regions are selected
-- ignores: modules
-- columns:
--   area VARCHAR  IROJ region code, or 'VL' for all of Flanders
--   covid_period VARCHAR  'before' (ended up to 2019), 'during' (2020-2021), 'after' (2022-)
--   period_order INTEGER  1, 2, 3 for before, during, after
--   ended BIGINT  stays that started and ended, with ended_on in the period
--   median_days DOUBLE  median of ended_on - started_on, days
--   naar_huis BIGINT  of the ended stays, those with end_reason 'naar_huis'
--   naar_huis_pct DOUBLE  naar_huis / ended × 100, one decimal
--   ended_ckey SMALLINT  cell key of ended: sum(record_key) % 256 over its stays
--   naar_huis_ckey SMALLINT  cell key of naar_huis
-- protect:
--   label: period_order
--   count: ended, naar_huis
--   median_days ~ ended
--   naar_huis_pct = naar_huis / ended
-- notes:
--   Corona periods go by calendar year of ended_on, as in the published comparison. Stays that
--     never started, or end before they start, are left out. The module filter does not apply.
--   A period of whole calendar years (every period the dashboard offers) sums the yearly cells;
--     any other period reads the ended stays themselves. The median comes from the counts per
--     length in days: the mean of the two middle values for an even count, as median() does.

with

whole_years as (
    -- true when the period runs from a 1 January to a 31 December
    select
        month($period_from::date) = 1 and day($period_from::date) = 1
        and month($period_to::date) = 12 and day($period_to::date) = 31 as yes
),

cells as not materialized (
    select region, age_band, ended_year, stay_days, naar_huis, n, key_sum
    from residential_closures_yearly
    where (select whole_years.yes from whole_years)
        and ended_year between year($period_from::date) and year($period_to::date)
        and (len($age_bands) = 0 or list_contains($age_bands, age_band))
    union all
    select region, age_band, year(ended_on) as ended_year, stay_days, naar_huis, 1 as n, record_key
    from residential_closures
    where not (select whole_years.yes from whole_years)
        and ended_on between $period_from and $period_to
        and (len($age_bands) = 0 or list_contains($age_bands, age_band))
),

scoped as not materialized (
    select region as area, * from cells
    where list_contains($regions, region)
    union all
    select 'VL' as area, * from cells
    where len($regions) = 0 or $include_flanders
),

areas as (
    select unnest($regions::varchar[]) as area
    union all
    select 'VL' as area
    where len($regions) = 0 or $include_flanders
),

covid_periods as (
    select covid_period, period_order::integer as period_order
    from (values ('before', 1), ('during', 2), ('after', 3)) as t(covid_period, period_order)
),

histogram as (
    select
        area,
        case
            when ended_year <= 2019 then 'before'
            when ended_year <= 2021 then 'during'
            else 'after'
        end as covid_period,
        stay_days,
        sum(n) as n,
        sum(n) filter (where naar_huis) as naar_huis,
        sum(key_sum) as keys,
        sum(key_sum) filter (where naar_huis) as naar_huis_keys
    from scoped
    group by all
),

ranked as (
    -- stays up to each length, to find the middle values
    select
        *,
        sum(n) over (
            partition by area, covid_period
            order by stay_days
            rows between unbounded preceding and current row
        ) as up_to,
        sum(n) over (partition by area, covid_period) as total
    from histogram
),

summarised as (
    select
        area,
        covid_period,
        sum(n)::bigint as ended,
        ((
            min(stay_days) filter (where up_to > (total - 1) // 2)
            + min(stay_days) filter (where up_to > total // 2)
        ) / 2)::double as median_days,
        coalesce(sum(naar_huis), 0)::bigint as naar_huis,
        sum(keys) % 256 as ended_ckey,
        coalesce(sum(naar_huis_keys), 0) % 256 as naar_huis_ckey
    from ranked
    group by all
),

final as (
    select
        areas.area,
        covid_periods.covid_period,
        covid_periods.period_order,
        coalesce(s.ended, 0) as ended,
        s.median_days,
        coalesce(s.naar_huis, 0) as naar_huis,
        round(100.0 * s.naar_huis / nullif(s.ended, 0), 1) as naar_huis_pct,
        coalesce(s.ended_ckey, 0)::smallint as ended_ckey,
        coalesce(s.naar_huis_ckey, 0)::smallint as naar_huis_ckey
    from areas
    cross join covid_periods
    left join summarised as s
        on s.area = areas.area
        and s.covid_period = covid_periods.covid_period
)

select * from final
order by area = 'VL', area, period_order
