-- purpose: Crisis trajectories counted per day of close and duration in days: the duration
--     indicators (distribution, norms, median and mean) sum these cells instead of scanning every
--     trajectory.
-- grain: one row per ended_on × region × module × age_band × duration_days (started and closed)
-- reads: crisis_trajectories
-- columns:
--   ended_on DATE  day the help ended
--   region VARCHAR  IROJ region code
--   module VARCHAR  module
--   age_band VARCHAR  age band
--   duration_days INTEGER  ended_on - started_on
--   n BIGINT  trajectories in the cell
--   key_sum BIGINT  sum of their record_key

create table durations_daily as
select
    ended_on,
    region,
    module,
    age_band,
    (ended_on - started_on)::integer as duration_days,
    count(*) as n,
    sum(record_key)::bigint as key_sum
from crisis_trajectories
where ended_on is not null and started_on is not null
group by all
order by all
