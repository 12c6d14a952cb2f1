-- purpose: The size of the corona cohort: children in residential care who went home during the
--     corona measures, how many got context support at home and how many came back.
-- grain: one row per area
-- period: covid_home_on
-- years: compose
-- tables: residential_covid_stays (the stays of residential_stays with a covid_home_on)
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
--   children_ckey SMALLINT  cell key of children: sum % 256 over the distinct children of a
--     unit key, the child's fixed secret unit key
--   with_context_support_ckey SMALLINT  cell key of with_context_support (unit keys over the
--     stays with context support)
--   came_back_ckey SMALLINT  cell key of came_back (unit keys over the stays with a return)
-- protect:
--   distinct: children, with_context_support, came_back
--   context_support_pct = with_context_support / children
--   came_back_pct = came_back / children
-- notes:
--   Residential stays have no module, so the module filter does not apply. A child counts
--     once per area even with two stays.

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

children as (
    -- one row per area and child; each measure keyed by the child's unit key among
    -- the stays that count for it. A child with one stay in the cohort is that row.
    select
        area,
        unit_key as children_key,
        case when context_support then unit_key end as with_context_support_key,
        case when covid_return_on is not null then unit_key end as came_back_key
    from scoped
    where minor_stays = 1
    union all
    select
        area,
        min(unit_key) as children_key,
        min(unit_key) filter (where context_support) as with_context_support_key,
        min(unit_key) filter (where covid_return_on is not null) as came_back_key
    from scoped
    where minor_stays > 1
    group by area, minor_key
),

per_area as (
    select
        area,
        count(*) as children,
        count(with_context_support_key) as with_context_support,
        count(came_back_key) as came_back,
        sum(children_key) % 256 as children_ckey,
        coalesce(sum(with_context_support_key), 0) % 256 as with_context_support_ckey,
        coalesce(sum(came_back_key), 0) % 256 as came_back_ckey
    from children
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
        round(100.0 * per_area.came_back / nullif(per_area.children, 0), 1) as came_back_pct,
        coalesce(per_area.children_ckey, 0)::smallint as children_ckey,
        coalesce(per_area.with_context_support_ckey, 0)::smallint as with_context_support_ckey,
        coalesce(per_area.came_back_ckey, 0)::smallint as came_back_ckey
    from areas
    left join per_area
        on per_area.area = areas.area
)

select * from final
order by area = 'VL', area
