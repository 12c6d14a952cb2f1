-- purpose: Crisis registrations counted per day of registration, with whether and how soon they
--     started: the registrations, seasonality and time-to-start indicators sum these cells
--     instead of scanning every trajectory.
-- grain: one row per registered_on × region × module × age_band × start_delay_days
-- reads: crisis_trajectories
-- columns:
--   registered_on DATE  day of registration
--   region VARCHAR  IROJ region code
--   module VARCHAR  module
--   age_band VARCHAR  age band
--   start_delay_days INTEGER  started_on - registered_on; null when the help could not start
--   n BIGINT  trajectories in the cell
--   key_sum BIGINT  sum of their record_key (a cell key is key_sum % 256 after any summing)

create table registrations_daily as
select
    registered_on,
    region,
    module,
    age_band,
    (started_on - registered_on)::integer as start_delay_days,
    count(*) as n,
    sum(record_key)::bigint as key_sum
from crisis_trajectories
group by all
order by registered_on, region, module, age_band, start_delay_days
