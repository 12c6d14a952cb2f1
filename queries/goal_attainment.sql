-- purpose: Goal attainment and placement advised at the close of ambulatory crisis trajectories
--     (crisishulp_aan_huis, crisisbegeleiding, crisisinterventie), per year of closing.
-- grain: one row per area × year of ended_on (every year of the period)
-- period: ended_on
-- years: rows
-- tables: closures_daily (derived from crisis_trajectories and referrals)
-- params:
--   regions VARCHAR[]  IROJ region codes, one group of rows each; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive)
--   period_to DATE  last day of the period (inclusive)
--   modules VARCHAR[]  narrows the ambulatory modules further; empty = all three; residential
--     modules never count here
--   age_bands VARCHAR[]  age bands to count; empty = all age bands
--   include_flanders BOOLEAN  add Flanders ('VL') as reference when regions are selected
-- ignores: none
-- columns:
--   area VARCHAR  IROJ region code, or 'VL' for all of Flanders
--   year INTEGER  calendar year of ended_on
--   ended BIGINT  ambulatory trajectories with ended_on in the year
--   goal_registered BIGINT  of those, the ones with a registered goal_attainment
--   bereikt BIGINT  goal_attainment = 'bereikt'
--   grotendeels_bereikt BIGINT  goal_attainment = 'grotendeels_bereikt'
--   gedeeltelijk_bereikt BIGINT  goal_attainment = 'gedeeltelijk_bereikt'
--   niet_bereikt BIGINT  goal_attainment = 'niet_bereikt'
--   goal_positive BIGINT  bereikt + grotendeels_bereikt
--   goal_positive_pct DOUBLE  goal_positive / goal_registered × 100, one decimal
--   placement_advised BIGINT  ended with a placement advised
--   placement_advised_pct DOUBLE  placement_advised / ended × 100, one decimal
--   ended_ckey SMALLINT  cell key of ended: sum(record_key) % 256 over its trajectories
--   goal_registered_ckey SMALLINT  cell key of goal_registered
--   bereikt_ckey SMALLINT  cell key of bereikt
--   grotendeels_bereikt_ckey SMALLINT  cell key of grotendeels_bereikt
--   gedeeltelijk_bereikt_ckey SMALLINT  cell key of gedeeltelijk_bereikt
--   niet_bereikt_ckey SMALLINT  cell key of niet_bereikt
--   goal_positive_ckey SMALLINT  cell key of goal_positive (its own cell: protected
--     goal_positive is not the sum of protected bereikt and grotendeels_bereikt)
--   placement_advised_ckey SMALLINT  cell key of placement_advised
-- protect:
--   label: year
--   count: ended, goal_registered, bereikt, grotendeels_bereikt, gedeeltelijk_bereikt,
--     niet_bereikt, goal_positive, placement_advised
--   goal_positive_pct = goal_positive / goal_registered
--   placement_advised_pct = placement_advised / ended
-- notes:
--   Sums the cells of closures_daily (trajectories and their record_key sums per day of close),
--     first per region and year, then per area: the same counts and cell keys as counting every
--     trajectory.

with

closures as (
    select * from closures_daily
),

filtered as (
    -- the day cells summed per region, year and outcome: a few hundred rows (`is true`: DuckDB
    -- then tests the code lists in the scan itself)
    select
        region,
        year(ended_on)::integer as year,
        goal_attainment,
        placement_advised,
        sum(n) as n,
        sum(key_sum) as key_sum
    from closures
    where ended_on between $period_from and $period_to
        and (module in ('crisishulp_aan_huis', 'crisisbegeleiding', 'crisisinterventie')) is true
        and (len($modules) = 0 or list_contains($modules, module)) is true
        and (len($age_bands) = 0 or list_contains($age_bands, age_band)) is true
    group by all
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

years as (
    select year::integer as year
    from range(year($period_from::date), year($period_to::date) + 1) as t(year)
),

summarised as (
    select
        area,
        year,
        sum(n)::bigint as ended,
        coalesce(sum(n) filter (where goal_attainment is not null), 0)::bigint as goal_registered,
        coalesce(sum(n) filter (where goal_attainment = 'bereikt'), 0)::bigint as bereikt,
        coalesce(sum(n) filter (where goal_attainment = 'grotendeels_bereikt'), 0)::bigint
            as grotendeels_bereikt,
        coalesce(sum(n) filter (where goal_attainment = 'gedeeltelijk_bereikt'), 0)::bigint
            as gedeeltelijk_bereikt,
        coalesce(sum(n) filter (where goal_attainment = 'niet_bereikt'), 0)::bigint as niet_bereikt,
        coalesce(sum(n) filter (where placement_advised), 0)::bigint as placement_advised,
        sum(key_sum) % 256 as ended_ckey,
        coalesce(sum(key_sum) filter (where goal_attainment is not null), 0) % 256
            as goal_registered_ckey,
        coalesce(sum(key_sum) filter (where goal_attainment = 'bereikt'), 0) % 256
            as bereikt_ckey,
        coalesce(sum(key_sum) filter (where goal_attainment = 'grotendeels_bereikt'), 0) % 256
            as grotendeels_bereikt_ckey,
        coalesce(sum(key_sum) filter (where goal_attainment = 'gedeeltelijk_bereikt'), 0) % 256
            as gedeeltelijk_bereikt_ckey,
        coalesce(sum(key_sum) filter (where goal_attainment = 'niet_bereikt'), 0) % 256
            as niet_bereikt_ckey,
        coalesce(
            sum(key_sum) filter (where goal_attainment in ('bereikt', 'grotendeels_bereikt')), 0
        ) % 256 as goal_positive_ckey,
        coalesce(sum(key_sum) filter (where placement_advised), 0) % 256
            as placement_advised_ckey
    from scoped
    group by all
),

final as (
    select
        areas.area,
        years.year,
        coalesce(s.ended, 0) as ended,
        coalesce(s.goal_registered, 0) as goal_registered,
        coalesce(s.bereikt, 0) as bereikt,
        coalesce(s.grotendeels_bereikt, 0) as grotendeels_bereikt,
        coalesce(s.gedeeltelijk_bereikt, 0) as gedeeltelijk_bereikt,
        coalesce(s.niet_bereikt, 0) as niet_bereikt,
        coalesce(s.bereikt + s.grotendeels_bereikt, 0) as goal_positive,
        round(100.0 * (s.bereikt + s.grotendeels_bereikt) / nullif(s.goal_registered, 0), 1)
            as goal_positive_pct,
        coalesce(s.placement_advised, 0) as placement_advised,
        round(100.0 * s.placement_advised / nullif(s.ended, 0), 1) as placement_advised_pct,
        coalesce(s.ended_ckey, 0)::smallint as ended_ckey,
        coalesce(s.goal_registered_ckey, 0)::smallint as goal_registered_ckey,
        coalesce(s.bereikt_ckey, 0)::smallint as bereikt_ckey,
        coalesce(s.grotendeels_bereikt_ckey, 0)::smallint as grotendeels_bereikt_ckey,
        coalesce(s.gedeeltelijk_bereikt_ckey, 0)::smallint as gedeeltelijk_bereikt_ckey,
        coalesce(s.niet_bereikt_ckey, 0)::smallint as niet_bereikt_ckey,
        coalesce(s.goal_positive_ckey, 0)::smallint as goal_positive_ckey,
        coalesce(s.placement_advised_ckey, 0)::smallint as placement_advised_ckey
    from areas
    cross join years
    left join summarised as s
        on s.area = areas.area
        and s.year = years.year
)

select * from final
order by area = 'VL', area, year
