-- purpose: Crisis trajectories counted per day of close, with their outcome: goal attainment,
--     placement advised and whether they were referred inside and/or outside Opgroeien. The
--     outcome, key-figure and referral indicators sum these cells instead of joining every
--     trajectory with its referrals.
-- grain: one row per ended_on × region × module × age_band × goal_attainment ×
--     placement_advised × any_inside × any_outside (closed trajectories only)
-- reads: crisis_trajectories, trajectory_referral_kinds
-- columns:
--   ended_on DATE  day the help ended
--   region VARCHAR  IROJ region code
--   module VARCHAR  module
--   age_band VARCHAR  age band
--   goal_attainment VARCHAR  registered goal attainment, null when none was registered
--   placement_advised BOOLEAN  a placement was advised at close
--   any_inside BOOLEAN  at least one referral inside Opgroeien
--   any_outside BOOLEAN  at least one referral outside Opgroeien
--   n BIGINT  trajectories in the cell
--   key_sum BIGINT  sum of their record_key

create table closures_daily as
select
    t.ended_on,
    t.region,
    t.module,
    t.age_band,
    t.goal_attainment,
    t.placement_advised,
    coalesce(k.any_inside, false) as any_inside,
    coalesce(k.any_outside, false) as any_outside,
    count(*) as n,
    sum(t.record_key)::bigint as key_sum
from crisis_trajectories as t
left join trajectory_referral_kinds as k
    on k.trajectory_id = t.trajectory_id
where t.ended_on is not null
group by all
order by all
