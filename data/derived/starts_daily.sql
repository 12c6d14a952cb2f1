-- purpose: Crisis trajectories counted per day of start, with whether they were extended: the
--     starts and extension indicators sum these cells instead of scanning every trajectory.
-- grain: one row per started_on × region × module × age_band × extended (started only)
-- reads: crisis_trajectories
-- columns:
--   started_on DATE  day the help started
--   region VARCHAR  IROJ region code
--   module VARCHAR  module
--   age_band VARCHAR  age band
--   extended BOOLEAN  the help ran beyond the module's standard term
--   n BIGINT  trajectories in the cell
--   key_sum BIGINT  sum of their record_key

create table starts_daily as
select
    started_on,
    region,
    module,
    age_band,
    extended,
    count(*) as n,
    sum(record_key)::bigint as key_sum
from crisis_trajectories
where started_on is not null
group by all
order by started_on, region, module, age_band, extended
