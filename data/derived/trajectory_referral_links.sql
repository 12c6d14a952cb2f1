-- purpose: The distinct referral links of each trajectory: to which destinations (and so which
--     side of Opgroeien) it was referred, once each however many referrals went there. The
--     referral flows count a trajectory once per link; computed once here instead of a DISTINCT
--     over every scoped trajectory's referrals on every call.
-- grain: one row per trajectory_id × destination
-- reads: referrals
-- columns:
--   trajectory_id VARCHAR  the trajectory
--   inside_opgroeien BOOLEAN  the destination is youth care recognised by Opgroeien
--   destination VARCHAR  the destination

create table trajectory_referral_links as
select distinct
    trajectory_id,
    inside_opgroeien,
    destination
from referrals
order by trajectory_id, destination
