-- purpose: Closed crisis trajectories counted per day of close and referral destination: how
--     many trajectories were referred to each destination (once each, however many referrals
--     went there). The last step of the referral flows sums these cells.
-- grain: one row per ended_on × region × module × age_band × destination (closed trajectories
--     with a referral there)
-- reads: crisis_trajectories, trajectory_referral_links
-- columns:
--   ended_on DATE  day the help ended
--   region VARCHAR  IROJ region code
--   module VARCHAR  module
--   age_band VARCHAR  age band
--   inside_opgroeien BOOLEAN  the destination is youth care recognised by Opgroeien
--   destination VARCHAR  the destination
--   n BIGINT  trajectories in the cell
--   key_sum BIGINT  sum of their record_key

create table referral_links_daily as
select
    t.ended_on,
    t.region,
    t.module,
    t.age_band,
    l.inside_opgroeien,
    l.destination,
    count(*) as n,
    sum(t.record_key)::bigint as key_sum
from crisis_trajectories as t
inner join trajectory_referral_links as l
    on l.trajectory_id = t.trajectory_id
where t.ended_on is not null
group by all
order by all
