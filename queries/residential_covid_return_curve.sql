-- purpose: Step curve of the return to residential care after going home during the corona
--     measures: the share of the cohort back (covid_return_on) by each month since going home,
--     0 to 24 months, split by context support.
-- grain: one row per area × context_support × months since going home (0-24)
-- period: covid_home_on
-- years: compose
-- tables: residential_covid_stays (the stays of residential_stays with a covid_home_on, with
--     return_month)
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
--     unit key, the child's fixed secret unit key
--   back_ckey SMALLINT  cell key of back (unit keys over the stays back by that month)
-- protect:
--   label: months
--   distinct: went_home, back
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
    -- one row per area, context_support and child, keyed by the child's unit key; a
    -- child with one stay in the cohort is that row
    select area, context_support, unit_key
    from scoped
    where minor_stays = 1
    union all
    select area, context_support, min(unit_key) as unit_key
    from scoped
    where minor_stays > 1
    group by area, context_support, minor_key
),

cohort as (
    select area, context_support, count(*) as went_home, sum(unit_key) % 256 as ckey
    from cohort_children
    group by all
),

multi_steps as (
    -- children with more stays in the cohort: per month at which one of their stays counts as
    -- back, the unit key among those stays
    select area, context_support, minor_key, return_month, min(unit_key) as step_key
    from scoped
    where minor_stays > 1 and return_month <= 24
    group by all
),

multi_keys as (
    select
        area,
        context_support,
        minor_key,
        return_month,
        min(step_key) over (
            partition by area, context_support, minor_key
            order by return_month
            rows between unbounded preceding and current row
        ) as key_now
    from multi_steps
),

child_keys as (
    -- a child is back by month m from its first step on, keyed by its unit key among
    -- the stays back by then: one step for a child with one stay, the running minimum for others
    select area, context_support, return_month, unit_key as key_now, null as key_before
    from scoped
    where minor_stays = 1 and return_month <= 24
    union all
    select
        area,
        context_support,
        return_month,
        key_now,
        lag(key_now) over (
            partition by area, context_support, minor_key order by return_month
        ) as key_before
    from multi_keys
),

changes as (
    -- what each month adds: children back for the first time, and the change in their keys
    select
        area,
        context_support,
        return_month,
        count(*) filter (where key_before is null) as new_children,
        sum(key_now - coalesce(key_before, 0)) as key_change
    from child_keys
    group by all
),

back as (
    select
        changes.area,
        changes.context_support,
        months.months,
        sum(changes.new_children)::bigint as n,
        sum(changes.key_change) % 256 as ckey
    from changes
    inner join months
        on months.months >= changes.return_month
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
order by area = 'VL' asc, area asc, context_support desc, months asc
