-- purpose: Where trajectories go at close, as links for a Sankey diagram: module -> outcome at
--     close (placement_advised / referred / no_follow_up) -> inside or outside Opgroeien ->
--     referral destination.
-- grain: one row per area × link (step, source, target); only links with a value above zero
-- period: ended_on
-- tables: crisis_trajectories, trajectory_referral_kinds and trajectory_referral_links (derived
--     from referrals)
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

with

trajectories as (
    select * from crisis_trajectories
),

filtered as not materialized (
    select *
    from trajectories
    where ended_on between $period_from and $period_to
      and (len($modules) = 0 or list_contains($modules, module))
      and (len($age_bands) = 0 or list_contains($age_bands, age_band))
),

scoped as (
    select region as area, * from filtered
    where list_contains($regions, region)
    union all
    select 'VL' as area, * from filtered
    where len($regions) = 0 or $include_flanders
),

referral_kinds as (
    select trajectory_id from trajectory_referral_kinds
),

outcomes as (
    select
        scoped.area,
        scoped.trajectory_id,
        scoped.module,
        scoped.record_key,
        case
            when scoped.placement_advised then 'placement_advised'
            when referral_kinds.trajectory_id is not null then 'referred'
            else 'no_follow_up'
        end as outcome
    from scoped
    left join referral_kinds
        on referral_kinds.trajectory_id = scoped.trajectory_id
),

referral_links as (
    -- one row per trajectory and distinct (kind, destination), so a trajectory counts once per link
    select
        outcomes.area,
        outcomes.trajectory_id,
        outcomes.record_key,
        outcomes.outcome,
        links.inside_opgroeien,
        case when links.inside_opgroeien then 'inside_opgroeien' else 'outside_opgroeien' end
            as side,
        links.destination
    from outcomes
    inner join trajectory_referral_links as links
        on links.trajectory_id = outcomes.trajectory_id
),

side_links as (
    -- one row per trajectory and (outcome, side): a trajectory counts once per step-2 link
    select distinct area, trajectory_id, record_key, outcome, side, inside_opgroeien
    from referral_links
),

step_1 as (
    select area, 1 as step, module as source, outcome as target,
        count(*) as value, null::boolean as inside_opgroeien, sum(record_key) % 256 as ckey
    from outcomes
    group by all
),

step_2 as (
    select area, 2 as step, outcome as source, side as target,
        count(*) as value, inside_opgroeien, sum(record_key) % 256 as ckey
    from side_links
    group by all
),

step_3 as (
    -- referral_links holds a trajectory once per (side, destination)
    select area, 3 as step, side as source, destination as target,
        count(*) as value, inside_opgroeien, sum(record_key) % 256 as ckey
    from referral_links
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
