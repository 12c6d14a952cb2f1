-- purpose: Step curve of the return to residential care after going home during the corona
--     measures: the share of the cohort back (covid_return_on) by each month since going home,
--     0 to 24 months, split by context support.
-- grain: one row per area × context_support × months since going home (0-24)
-- period: covid_home_on
-- tables: residential_covid_stays (the stays of residential_stays with a covid_home_on)
-- params:
--   regions VARCHAR[]  IROJ region codes, one group of rows each; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive)
--   period_to DATE  last day of the period (inclusive)
--   age_bands VARCHAR[]  age bands to count; empty = all age bands
--   include_flanders BOOLEAN  add Flanders ('VL') as reference when regions are selected
-- ignores: modules
-- columns:
--   area VARCHAR  IROJ region code, or 'VL' for all of Flanders
--   context_support BOOLEAN  the stay's context_support flag
--   months INTEGER  calendar months since covid_home_on, 0-24
--   went_home BIGINT  distinct children in the cohort (same on every row of the curve)
--   back BIGINT  children back with covid_return_on at most this many months after going home
--   back_pct DOUBLE  back / went_home × 100, one decimal
--   went_home_ckey SMALLINT  cell key of went_home: sum % 256 over the distinct children of a
--     unit key, the child's lowest record_key among the cell's stays
--   back_ckey SMALLINT  cell key of back (unit keys over the stays back by that month)
-- protect:
--   label: months
--   count: went_home, back
--   back_pct = back / went_home
-- notes:
--   Month 0 counts returns on the day of going home. Same cohort as residential_covid_return;
--     the module filter does not apply (residential stays have no module).

with

filtered as not materialized (
    select *
    from residential_covid_stays
    where covid_home_on between $period_from and $period_to
      and (len($age_bands) = 0 or list_contains($age_bands, age_band))
),

scoped as (
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

support as (
    select unnest([true, false]) as context_support
),

months as (
    select months::integer as months from range(0, 25) as t(months)
),

cohort_children as (
    select area, context_support, minor_id, min(record_key) as unit_key
    from scoped
    group by all
),

cohort as (
    select area, context_support, count(*) as went_home, sum(unit_key) % 256 as ckey
    from cohort_children
    group by all
),

back_children as (
    select
        scoped.area,
        scoped.context_support,
        months.months,
        scoped.minor_id,
        min(scoped.record_key) as unit_key
    from scoped
    inner join months
        on scoped.covid_return_on >= scoped.covid_home_on
        and scoped.covid_return_on <= scoped.covid_home_on + to_months(months.months)
    group by all
),

back as (
    select area, context_support, months, count(*) as n, sum(unit_key) % 256 as ckey
    from back_children
    group by all
),

final as (
    select
        areas.area,
        support.context_support,
        months.months,
        coalesce(cohort.went_home, 0) as went_home,
        coalesce(back.n, 0) as back,
        round(100.0 * coalesce(back.n, 0) / nullif(cohort.went_home, 0), 1) as back_pct,
        coalesce(cohort.ckey, 0)::smallint as went_home_ckey,
        coalesce(back.ckey, 0)::smallint as back_ckey
    from areas
    cross join support
    cross join months
    left join cohort
        on cohort.area = areas.area
        and cohort.context_support = support.context_support
    left join back
        on back.area = areas.area
        and back.context_support = support.context_support
        and back.months = months.months
)

select * from final
order by area = 'VL', area, context_support desc, months
