-- Derived at build time (data/store.py, after the tables are written; also after an ingest):
-- for every registration that could not start, the days until the same minor's next start in the
-- same module or in crisishulp aan huis (registered on or after it, any region), or no row when
-- there is none. It depends on the data alone, not on any filter, so not_started_minors and
-- started_later_days read it instead of joining every crisis trajectory on every call.
create or replace table not_started_followups as
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
order by first.trajectory_id;
