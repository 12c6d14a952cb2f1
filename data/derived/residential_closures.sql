-- purpose: The residential stays that started and ended, narrow and in order of ended_on, so a
--     period of ended stays reads only its own part of the file instead of every stay.
-- grain: one row per stay with started_on and ended_on on or after it
-- reads: residential_stays
-- columns:
--   ended_on DATE  day the stay ended
--   region VARCHAR  IROJ region code
--   age_band VARCHAR  age band
--   stay_days INTEGER  ended_on - started_on
--   naar_huis BOOLEAN  end_reason is 'naar_huis' (home)
--   record_key SMALLINT  the stay's record key

create table residential_closures as
select
    ended_on,
    region,
    age_band,
    (ended_on - started_on)::integer as stay_days,
    coalesce(end_reason = 'naar_huis', false) as naar_huis,
    record_key
from residential_stays
where started_on is not null
    and ended_on >= started_on
order by ended_on
