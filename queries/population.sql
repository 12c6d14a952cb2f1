-- purpose: Minors resident on 1 January per area and year: the denominators of the rates
--     "per 10.000 minderjarigen". Public reference figures (Statbel), not records of children.
-- grain: one row per area × year of the period (an area or year without a figure has no row)
-- period: 1 January of each calendar year of the period
-- years: rows
-- tables: population (data/population.py; sources and estimates in data/POPULATION.md)
-- params:
--   regions VARCHAR[]  IROJ region codes, one group of rows each; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive)
--   period_to DATE  last day of the period (inclusive)
--   age_bands VARCHAR[]  one age band: that band's minors; empty = all minors (0-17); '18+'
--     has no population of minors (no rows)
--   include_flanders BOOLEAN  add Flanders ('VL') as reference when regions are selected
-- ignores: modules
-- columns:
--   area VARCHAR  IROJ region code, or 'VL' for all of Flanders (the six regions)
--   year INTEGER  calendar year
--   minors BIGINT  minors of the age band (or all minors) resident on 1 January
--   estimated BOOLEAN  true where the figure is estimated, not published (data/POPULATION.md)
--   source VARCHAR  where the figure comes from, in Dutch
-- protect:
--   label: year, minors
-- notes:
--   The minors are public figures about the population, not about the children in the records:
--     the protection shows them as they are. Brussel's figure is a convention (the Brusselnorm,
--     data/POPULATION.md), and VL is the sum of the five provinces and Brussel.

with

wanted as (
    select unnest($regions::varchar[]) as area
    union all
    select 'VL' as area
    where len($regions) = 0 or $include_flanders
),

band as (
    select case when len($age_bands) = 0 then '0-17' else $age_bands[1] end as age_band
),

final as (
    select
        wanted.area,
        population.year::integer as year,
        population.minors::bigint as minors,
        population.estimated,
        population.source
    from wanted
    inner join population
        on population.region = wanted.area
    inner join band
        on band.age_band = population.age_band
    where population.year between year($period_from) and year($period_to)
)

select * from final
order by area = 'VL', area, year
