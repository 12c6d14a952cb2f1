-- purpose: The registrations whose help could not start (started_on null), narrow and with
--     integer keys, each with the days to the minor's later start: the timely-start indicators
--     count distinct minors among them without touching the other trajectories.
-- grain: one row per not-started trajectory
-- reads: crisis_trajectories, not_started_followups, key_secret
-- columns:
--   registered_on DATE  day of registration
--   region VARCHAR  IROJ region code
--   module VARCHAR  module
--   age_band VARCHAR  age band
--   minor_key INTEGER  the minor: the same minor_id gives the same key within this table
--   trajectory_order INTEGER  the trajectory's rank by trajectory_id (ties between registrations
--     of one day go to the lowest trajectory_id)
--   record_key SMALLINT  the trajectory's record key
--   unit_key SMALLINT  the minor's fixed secret key (the same on every record of the minor;
--     see key_secret)
--   minor_registrations INTEGER  the minor's not-started registrations in the whole table: a
--     minor with one is its own group under any filter, so only the others need grouping
--   days_to_later_start INTEGER  from not_started_followups; null when the minor never started
--     later

create table not_started_registrations as
select
    t.registered_on,
    t.region,
    t.module,
    t.age_band,
    dense_rank() over (order by t.minor_id)::integer as minor_key,
    row_number() over (order by t.trajectory_id)::integer as trajectory_order,
    t.record_key,
    (md5_number(k.secret || '|minor|' || t.minor_id) % 256)::smallint as unit_key,
    count(*) over (partition by t.minor_id)::integer as minor_registrations,
    f.days_to_later_start::integer as days_to_later_start
from crisis_trajectories as t
left join not_started_followups as f
    on f.trajectory_id = t.trajectory_id
cross join key_secret as k
where t.started_on is null
order by t.registered_on, trajectory_order
