-- Derived at build time (data/store.py, after the tables are written; also after an ingest):
-- per trajectory, whether it was referred inside and/or outside Opgroeien. Four queries recompute
-- this over every referral on every call (kerncijfers_by_year, referral_rates, referral_flows,
-- kerncijfers_quiet_months); with the table they read it.
create or replace table trajectory_referral_kinds as
select
    trajectory_id,
    bool_or(inside_opgroeien) as any_inside,
    bool_or(not inside_opgroeien) as any_outside
from referrals
group by trajectory_id
order by trajectory_id;
