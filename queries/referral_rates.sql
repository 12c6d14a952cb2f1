-- purpose: Referral rates at close per year: of the trajectories that ended, the share referred
--     inside Opgroeien, outside Opgroeien, either, and the share closed without follow-up.
-- grain: one row per area × year of ended_on (every year of the period)
-- period: ended_on
-- years: rows
-- tables: closures_daily (derived from crisis_trajectories and referrals)
-- params:
--   regions VARCHAR[]  IROJ region codes, one group of rows each; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive)
--   period_to DATE  last day of the period (inclusive)
--   modules VARCHAR[]  modules to count (the key figures use the ambulatory modules
--     crisishulp_aan_huis, crisisbegeleiding, crisisinterventie); empty = all modules
--   age_bands VARCHAR[]  age bands to count; empty = all age bands
--   include_flanders BOOLEAN  add Flanders ('VL') as reference when regions are selected
-- ignores: none
-- columns:
--   area VARCHAR  IROJ region code, or 'VL' for all of Flanders
--   year INTEGER  calendar year of ended_on
--   ended BIGINT  trajectories with ended_on in the year
--   referred_inside BIGINT  ended with at least one referral inside Opgroeien
--   referred_outside BIGINT  ended with at least one referral outside Opgroeien
--   referred_any BIGINT  ended with at least one referral of either kind
--   placement_advised BIGINT  ended with a placement advised
--   no_follow_up BIGINT  ended with neither a referral nor a placement advised
--   referred_inside_pct DOUBLE  referred_inside / ended × 100, one decimal
--   referred_outside_pct DOUBLE  referred_outside / ended × 100, one decimal
--   referred_any_pct DOUBLE  referred_any / ended × 100, one decimal
--   no_follow_up_pct DOUBLE  no_follow_up / ended × 100, one decimal
--   ended_ckey SMALLINT  cell key of ended: sum(record_key) % 256 over its trajectories
--   referred_inside_ckey SMALLINT  cell key of referred_inside
--   referred_outside_ckey SMALLINT  cell key of referred_outside
--   referred_any_ckey SMALLINT  cell key of referred_any
--   placement_advised_ckey SMALLINT  cell key of placement_advised
--   no_follow_up_ckey SMALLINT  cell key of no_follow_up
-- protect:
--   label: year
--   count: ended, referred_inside, referred_outside, referred_any, placement_advised,
--     no_follow_up
--   referred_inside_pct = referred_inside / ended
--   referred_outside_pct = referred_outside / ended
--   referred_any_pct = referred_any / ended
--   no_follow_up_pct = no_follow_up / ended
-- notes:
--   referred_inside and referred_outside cannot be added: a trajectory (family) can have both;
--     referred_any counts it once. Inside/outside is the referral's inside_opgroeien flag.
--   Referrals belong to their trajectory whatever their referred_on date.
--   Sums the cells of closures_daily (trajectories with their referral kinds and record_key sums
--     per day of close), first per region and year, then per area: the same counts and cell keys
--     as joining every trajectory with its referrals.

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
        placement_advised,
        any_inside,
        any_outside,
        sum(n) as n,
        sum(key_sum) as key_sum
    from closures
    where ended_on between $period_from and $period_to
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
        coalesce(sum(n) filter (where any_inside), 0)::bigint as referred_inside,
        coalesce(sum(n) filter (where any_outside), 0)::bigint as referred_outside,
        coalesce(sum(n) filter (where any_inside or any_outside), 0)::bigint as referred_any,
        coalesce(sum(n) filter (where placement_advised), 0)::bigint as placement_advised,
        coalesce(
            sum(n) filter (where not (any_inside or any_outside or placement_advised)), 0
        )::bigint as no_follow_up,
        sum(key_sum) % 256 as ended_ckey,
        coalesce(sum(key_sum) filter (where any_inside), 0) % 256 as referred_inside_ckey,
        coalesce(sum(key_sum) filter (where any_outside), 0) % 256 as referred_outside_ckey,
        coalesce(sum(key_sum) filter (where any_inside or any_outside), 0) % 256
            as referred_any_ckey,
        coalesce(sum(key_sum) filter (where placement_advised), 0) % 256
            as placement_advised_ckey,
        coalesce(
            sum(key_sum) filter (where not (any_inside or any_outside or placement_advised)), 0
        ) % 256 as no_follow_up_ckey
    from scoped
    group by all
),

final as (
    select
        areas.area,
        years.year,
        coalesce(s.ended, 0) as ended,
        coalesce(s.referred_inside, 0) as referred_inside,
        coalesce(s.referred_outside, 0) as referred_outside,
        coalesce(s.referred_any, 0) as referred_any,
        coalesce(s.placement_advised, 0) as placement_advised,
        coalesce(s.no_follow_up, 0) as no_follow_up,
        round(100.0 * s.referred_inside / nullif(s.ended, 0), 1) as referred_inside_pct,
        round(100.0 * s.referred_outside / nullif(s.ended, 0), 1) as referred_outside_pct,
        round(100.0 * s.referred_any / nullif(s.ended, 0), 1) as referred_any_pct,
        round(100.0 * s.no_follow_up / nullif(s.ended, 0), 1) as no_follow_up_pct,
        coalesce(s.ended_ckey, 0)::smallint as ended_ckey,
        coalesce(s.referred_inside_ckey, 0)::smallint as referred_inside_ckey,
        coalesce(s.referred_outside_ckey, 0)::smallint as referred_outside_ckey,
        coalesce(s.referred_any_ckey, 0)::smallint as referred_any_ckey,
        coalesce(s.placement_advised_ckey, 0)::smallint as placement_advised_ckey,
        coalesce(s.no_follow_up_ckey, 0)::smallint as no_follow_up_ckey
    from areas
    cross join years
    left join summarised as s
        on s.area = areas.area
        and s.year = years.year
)

select * from final
order by area = 'VL', area, year
