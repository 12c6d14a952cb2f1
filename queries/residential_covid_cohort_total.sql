-- purpose: The size of the corona cohort: children in residential care who went home during the
--     corona measures, how many got context support at home and how many came back.
-- grain: one row per area
-- period: covid_home_on
-- tables: residential_stays
-- params:
--   regions VARCHAR[]  IROJ region codes, one row each; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive)
--   period_to DATE  last day of the period (inclusive)
--   age_bands VARCHAR[]  age bands to count; empty = all age bands
--   include_flanders BOOLEAN  add Flanders ('VL') as reference when regions are selected
-- ignores: modules
-- columns:
--   area VARCHAR  IROJ region code, or 'VL' for all of Flanders
--   children BIGINT  distinct minor_id with a stay whose covid_home_on is in the period
--   with_context_support BIGINT  of those, children who received contextbegeleiding at home
--   context_support_pct DOUBLE  with_context_support / children × 100, one decimal
--   came_back BIGINT  of those, children back in residential care (covid_return_on set)
--   came_back_pct DOUBLE  came_back / children × 100, one decimal
-- notes:
--   Residential stays have no module, so the module filter does not apply. A child counts
--     once per area even with two stays.

with

filtered as (
    select *
    from residential_stays
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

per_area as (
    select
        area,
        count(distinct minor_id) as children,
        count(distinct minor_id) filter (where context_support) as with_context_support,
        count(distinct minor_id) filter (where covid_return_on is not null) as came_back
    from scoped
    group by all
),

final as (
    select
        areas.area,
        coalesce(per_area.children, 0) as children,
        coalesce(per_area.with_context_support, 0) as with_context_support,
        round(100.0 * per_area.with_context_support / nullif(per_area.children, 0), 1)
            as context_support_pct,
        coalesce(per_area.came_back, 0) as came_back,
        round(100.0 * per_area.came_back / nullif(per_area.children, 0), 1) as came_back_pct
    from areas
    left join per_area
        on per_area.area = areas.area
)

select * from final
order by area = 'VL', area
