-- purpose: Median length of residential stays and the share ending 'naar_huis' (home), for stays
--     that ended before (2017-2019), during (2020-2021) and after (2022 onwards) corona.
-- grain: one row per area × corona period (before, during, after)
-- period: ended_on
-- tables: residential_closures (the started and ended stays of residential_stays)
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

with

filtered as not materialized (
    select
        *,
        case
            when year(ended_on) <= 2019 then 'before'
            when year(ended_on) <= 2021 then 'during'
            else 'after'
        end as covid_period
    from residential_closures
    where ended_on between $period_from and $period_to
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

covid_periods as (
    select covid_period, period_order::integer as period_order
    from (values ('before', 1), ('during', 2), ('after', 3)) as t(covid_period, period_order)
),

summarised as (
    select
        area,
        covid_period,
        count(*) as ended,
        median(stay_days)::double as median_days,
        count(*) filter (where naar_huis) as naar_huis,
        sum(record_key) % 256 as ended_ckey,
        coalesce(sum(record_key) filter (where naar_huis), 0) % 256 as naar_huis_ckey
    from scoped
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
