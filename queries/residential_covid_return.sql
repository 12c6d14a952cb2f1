-- purpose: Of the children who went home during the corona measures, the share back in
--     residential care (covid_return_on) within 3, 6 and 12 months of going home, split by
--     whether the family got context support.
-- grain: one row per area × context_support (true, false)
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
--   went_home BIGINT  distinct children with covid_home_on in the period
--   back_3m BIGINT  of those, back with covid_return_on at most 3 calendar months after
--     covid_home_on (same day of the month counts as within)
--   back_3m_pct DOUBLE  back_3m / went_home × 100, one decimal
--   back_6m BIGINT  back within 6 months
--   back_6m_pct DOUBLE  back_6m / went_home × 100, one decimal
--   back_12m BIGINT  back within 12 months
--   back_12m_pct DOUBLE  back_12m / went_home × 100, one decimal
--   went_home_ckey SMALLINT  cell key of went_home: sum % 256 over the distinct children of a
--     unit key, the child's fixed secret unit key
--   back_3m_ckey SMALLINT  cell key of back_3m (unit keys over the stays back within 3 months)
--   back_6m_ckey SMALLINT  cell key of back_6m
--   back_12m_ckey SMALLINT  cell key of back_12m
-- protect:
--   distinct: went_home, back_3m, back_6m, back_12m
--   back_3m_pct = back_3m / went_home
--   back_6m_pct = back_6m / went_home
--   back_12m_pct = back_12m / went_home
-- notes:
--   Residential stays have no module, so the module filter does not apply. Children who went
--     home shortly before the extract date cannot yet show a return; no correction is made.

with

filtered as not materialized (
    select *
    from residential_covid_stays
    where covid_home_on between $period_from and $period_to
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

support as (
    select unnest([true, false]) as context_support
),

returns as (
    select
        area,
        minor_key,
        minor_stays,
        context_support,
        unit_key,
        coalesce(return_month <= 3, false) as back_3m,
        coalesce(return_month <= 6, false) as back_6m,
        coalesce(return_month <= 12, false) as back_12m
    from scoped
),

children as (
    -- one row per area, context_support and child; each measure keyed by the child's unit key
    -- (the same on all its stays). A child with one stay is that row.
    select
        area,
        context_support,
        unit_key as went_home_key,
        case when back_3m then unit_key end as back_3m_key,
        case when back_6m then unit_key end as back_6m_key,
        case when back_12m then unit_key end as back_12m_key
    from returns
    where minor_stays = 1
    union all
    select
        area,
        context_support,
        min(unit_key) as went_home_key,
        min(unit_key) filter (where back_3m) as back_3m_key,
        min(unit_key) filter (where back_6m) as back_6m_key,
        min(unit_key) filter (where back_12m) as back_12m_key
    from returns
    where minor_stays > 1
    group by area, context_support, minor_key
),

summarised as (
    select
        area,
        context_support,
        count(*) as went_home,
        count(back_3m_key) as back_3m,
        count(back_6m_key) as back_6m,
        count(back_12m_key) as back_12m,
        sum(went_home_key) % 256 as went_home_ckey,
        coalesce(sum(back_3m_key), 0) % 256 as back_3m_ckey,
        coalesce(sum(back_6m_key), 0) % 256 as back_6m_ckey,
        coalesce(sum(back_12m_key), 0) % 256 as back_12m_ckey
    from children
    group by all
),

final as (
    select
        areas.area,
        support.context_support,
        coalesce(s.went_home, 0) as went_home,
        coalesce(s.back_3m, 0) as back_3m,
        round(100.0 * s.back_3m / nullif(s.went_home, 0), 1) as back_3m_pct,
        coalesce(s.back_6m, 0) as back_6m,
        round(100.0 * s.back_6m / nullif(s.went_home, 0), 1) as back_6m_pct,
        coalesce(s.back_12m, 0) as back_12m,
        round(100.0 * s.back_12m / nullif(s.went_home, 0), 1) as back_12m_pct,
        coalesce(s.went_home_ckey, 0)::smallint as went_home_ckey,
        coalesce(s.back_3m_ckey, 0)::smallint as back_3m_ckey,
        coalesce(s.back_6m_ckey, 0)::smallint as back_6m_ckey,
        coalesce(s.back_12m_ckey, 0)::smallint as back_12m_ckey
    from areas
    cross join support
    left join summarised as s
        on s.area = areas.area
        and s.context_support = support.context_support
)

select * from final
order by area = 'VL' asc, area asc, context_support desc
