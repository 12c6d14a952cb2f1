-- purpose: Where trajectories go at close, as links for a Sankey diagram: module -> outcome at
--     close (placement_advised / referred / no_follow_up) -> inside or outside Opgroeien ->
--     referral destination.
-- grain: one row per area × link (step, source, target); only links with a value above zero
-- period: ended_on
-- years: compose
-- tables: closures_daily, referral_links_daily (derived from crisis_trajectories and
--     referrals)
-- params:
--   regions VARCHAR[]  IROJ region codes, one group of rows each; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive)
--   period_to DATE  last day of the period (inclusive)
--   modules VARCHAR[]  modules to count; empty = all modules
--   age_bands VARCHAR[]  age bands to count; empty = all age bands
--   include_flanders BOOLEAN  add Flanders ('VL') as reference when regions are selected
-- ignores: none
-- columns:
--   area VARCHAR  IROJ region code, or 'VL' for all of Flanders
--   step INTEGER  1 = module -> outcome, 2 = outcome -> inside/outside, 3 = inside/outside ->
--     destination
--   source VARCHAR  node the link leaves: a module, an outcome, 'inside_opgroeien' or
--     'outside_opgroeien'
--   target VARCHAR  node the link enters: an outcome, 'inside_opgroeien'/'outside_opgroeien', or
--     a referral destination
--   value BIGINT  trajectories on the link
--   inside_opgroeien BOOLEAN  for steps 2 and 3, whether the referral is to youth care
--     recognised by Opgroeien; null for step 1
--   value_ckey SMALLINT  cell key of value: sum % 256 of the record_key of the distinct
--     trajectories on the link
-- protect:
--   label: step
--   count: value
-- notes:
--   Outcome at close, one per trajectory: placement_advised if a placement was advised, else
--     referred if it has at least one referral, else no_follow_up.
--   Steps 2 and 3 count trajectories with at least one referral of that kind or to that
--     destination; a trajectory referred both inside and outside Opgroeien (or to two
--     destinations) is on both links, so their values cannot be added. Referrals belong to
--     their trajectory whatever their referred_on date.
--   Steps 1 and 2 sum the cells of closures_daily (trajectories per day of close with
--     placement_advised, any_inside and any_outside): in step 2 a trajectory leaves its outcome
--     (placement_advised or referred: one with a referral is never no_follow_up) for the inside
--     link if any_inside and for the outside link if any_outside. Step 3 sums the cells of
--     referral_links_daily (each trajectory once per destination), whatever the outcome.

with

closures as (
    select * from closures_daily
),

links_daily as (
    select * from referral_links_daily
),

filtered_closures as (
    -- the day cells summed per region, module and outcome: a few hundred rows (`is true`: DuckDB
    -- then tests the code lists in the scan itself)
    select
        region,
        module,
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

outcomes as (
    select
        region,
        module,
        case
            when placement_advised then 'placement_advised'
            when any_inside or any_outside then 'referred'
            else 'no_follow_up'
        end as outcome,
        any_inside,
        any_outside,
        n,
        key_sum
    from filtered_closures
),

filtered_links as (
    -- the day cells summed per region and destination
    select
        region,
        inside_opgroeien,
        destination,
        sum(n) as n,
        sum(key_sum) as key_sum
    from links_daily
    where ended_on between $period_from and $period_to
        and (len($modules) = 0 or list_contains($modules, module)) is true
        and (len($age_bands) = 0 or list_contains($age_bands, age_band)) is true
    group by all
),

scoped_closures as (
    select region as area, * from outcomes
    where list_contains($regions, region)
    union all
    select 'VL' as area, * from outcomes
    where len($regions) = 0 or $include_flanders
),

scoped_links as (
    select region as area, * from filtered_links
    where list_contains($regions, region)
    union all
    select 'VL' as area, * from filtered_links
    where len($regions) = 0 or $include_flanders
),

side_cells as (
    -- a trajectory is on the inside link if any_inside, on the outside link if any_outside
    select area, outcome, true as inside_opgroeien, n, key_sum
    from scoped_closures
    where any_inside
    union all
    select area, outcome, false as inside_opgroeien, n, key_sum
    from scoped_closures
    where any_outside
),

step_1 as (
    select
        area,
        1 as step,
        module as source,
        outcome as target,
        sum(n)::bigint as value,
        null::boolean as inside_opgroeien,
        sum(key_sum) % 256 as ckey
    from scoped_closures
    group by all
),

step_2 as (
    select
        area,
        2 as step,
        outcome as source,
        case when inside_opgroeien then 'inside_opgroeien' else 'outside_opgroeien' end as target,
        sum(n)::bigint as value,
        inside_opgroeien,
        sum(key_sum) % 256 as ckey
    from side_cells
    group by all
),

step_3 as (
    select
        area,
        3 as step,
        case when inside_opgroeien then 'inside_opgroeien' else 'outside_opgroeien' end as source,
        destination as target,
        sum(n)::bigint as value,
        inside_opgroeien,
        sum(key_sum) % 256 as ckey
    from scoped_links
    group by all
),

links as (
    select * from step_1
    union all by name
    select * from step_2
    union all by name
    select * from step_3
),

final as (
    select
        area,
        step::integer as step,
        source,
        target,
        value,
        inside_opgroeien,
        ckey::smallint as value_ckey
    from links
)

select * from final
order by area = 'VL', area, step, source, target
