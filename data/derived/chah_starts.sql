-- purpose: The crisishulp aan huis trajectories that started, narrow and with an integer family
--     key: the key figures count distinct families among them.
-- grain: one row per started CHAH trajectory
-- reads: crisis_trajectories, key_secret
-- columns:
--   started_on DATE  day the help started
--   region VARCHAR  IROJ region code
--   family_key INTEGER  the family: the same family_id gives the same key within this table
--   extended BOOLEAN  the help ran beyond the 28-day term
--   record_key SMALLINT  the trajectory's record key
--   unit_key SMALLINT  the family's fixed secret key (the same on every trajectory of the
--     family: the cell key of a count of families sums one per family; see key_secret)
--   family_starts INTEGER  the family's started CHAH trajectories in the whole table: a family
--     with one is its own group under any filter, so only the others need grouping

create table chah_starts as
select
    t.started_on,
    t.region,
    dense_rank() over (order by t.family_id)::integer as family_key,
    t.extended,
    t.record_key,
    (md5_number(k.secret || '|family|' || t.family_id) % 256)::smallint as unit_key,
    count(*) over (partition by t.family_id)::integer as family_starts
from crisis_trajectories as t
cross join key_secret as k
where t.module = 'crisishulp_aan_huis'
    and t.started_on is not null
order by t.started_on
