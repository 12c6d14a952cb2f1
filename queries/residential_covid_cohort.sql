-- purpose: The corona cohort: children in residential care who went home during the corona
--     measures (covid_home_on registered), by region and age band.
-- grain: one row per area × age band (every age band present in residential_stays)
-- period: covid_home_on
-- years: compose
-- tables: residential_covid_stays (the stays of residential_stays with a covid_home_on),
--     residential_age_bands (the age bands present in residential_stays)
-- params:
--   regions VARCHAR[]  IROJ region codes, one group of rows each; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive)
--   period_to DATE  last day of the period (inclusive)
--   age_bands VARCHAR[]  age bands to count; empty = all age bands
--   include_flanders BOOLEAN  add Flanders ('VL') as reference when regions are selected
-- ignores: modules
-- columns:
--   area VARCHAR  IROJ region code, or 'VL' for all of Flanders
--   age_band VARCHAR  age band of the stay
--   children BIGINT  distinct minor_id with a stay whose covid_home_on is in the period
--   share_pct DOUBLE  share of the area's cohort (distinct children), percent, one decimal
--   total BIGINT  distinct children in the area's cohort (all age bands; a child in two bands
--     counts once): share_pct's denominator
--   children_ckey SMALLINT  cell key of children: sum % 256 over the distinct children of a
--     unit key, the child's fixed secret unit key
--   total_ckey SMALLINT  cell key of total (unit keys over the area's cohort stays)
-- protect:
--   distinct: children, total
--   share_pct = children / total
-- notes:
--   Residential stays have no module, so the module filter does not apply.

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

age_bands as (
    select age_band
    from residential_age_bands
    where len($age_bands) = 0 or list_contains($age_bands, age_band)
),

band_children as (
    -- one row per area, age band and child, keyed by the child's unit key there; a
    -- child with one stay in the cohort is that row
    select area, age_band, unit_key
    from scoped
    where minor_stays = 1
    union all
    select area, age_band, min(unit_key) as unit_key
    from scoped
    where minor_stays > 1
    group by area, age_band, minor_key
),

area_children as (
    select area, unit_key
    from scoped
    where minor_stays = 1
    union all
    select area, min(unit_key) as unit_key
    from scoped
    where minor_stays > 1
    group by area, minor_key
),

per_band as (
    select area, age_band, count(*) as children, sum(unit_key) % 256 as ckey
    from band_children
    group by all
),

per_area as (
    -- distinct over the area, not a sum of bands: a child can appear in two bands
    select area, count(*) as children, sum(unit_key) % 256 as ckey
    from area_children
    group by all
),

final as (
    select
        areas.area,
        age_bands.age_band,
        coalesce(per_band.children, 0) as children,
        round(100.0 * coalesce(per_band.children, 0) / nullif(per_area.children, 0), 1)
            as share_pct,
        coalesce(per_area.children, 0) as total,
        coalesce(per_band.ckey, 0)::smallint as children_ckey,
        coalesce(per_area.ckey, 0)::smallint as total_ckey
    from areas
    cross join age_bands
    left join per_band
        on per_band.area = areas.area
        and per_band.age_band = age_bands.age_band
    left join per_area
        on per_area.area = areas.area
)

select * from final
order by area = 'VL', area, age_band
