-- purpose: Per crisis trajectory with at least one referral, whether it was referred inside
--     and/or outside Opgroeien. The key figures and the referral pages ask this of every
--     trajectory they count; computed once here instead of over all referrals on every call.
-- grain: one row per trajectory_id that has a referral
-- reads: referrals
-- columns:
--   trajectory_id VARCHAR  the trajectory
--   any_inside BOOLEAN  at least one referral inside Opgroeien
--   any_outside BOOLEAN  at least one referral outside Opgroeien

create table trajectory_referral_kinds as
select
    trajectory_id,
    bool_or(inside_opgroeien) as any_inside,
    bool_or(not inside_opgroeien) as any_outside
from referrals
group by trajectory_id
order by trajectory_id
