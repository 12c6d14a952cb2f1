-- purpose: For every registration that could not start (started_on null), the days until the
--     same minor's earliest later start: another trajectory of the minor, registered on the same
--     day or later, of module crisishulp_aan_huis or the same module, that did start (any region,
--     age band or time). It depends on the data alone, not on any filter, so the timely-start
--     queries read it instead of joining every trajectory of the minor on every call.
-- grain: one row per not-started trajectory_id that has such a later start (none: no row)
-- reads: crisis_trajectories
-- columns:
--   trajectory_id VARCHAR  the registration that could not start
--   days_to_later_start INTEGER  the later trajectory's started_on minus this registered_on

create table not_started_followups as
select
    first.trajectory_id,
    min(later.started_on - first.registered_on) as days_to_later_start
from crisis_trajectories as first
inner join crisis_trajectories as later
    on later.minor_id = first.minor_id
    and later.trajectory_id <> first.trajectory_id
    and later.registered_on >= first.registered_on
    and later.started_on is not null
    and (later.module = 'crisishulp_aan_huis' or later.module = first.module)
where first.started_on is null
group by first.trajectory_id
order by first.trajectory_id
