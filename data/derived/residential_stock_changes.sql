-- purpose: How the residential waiting list and occupancy change per month, region and age band,
--     so the stock at any month end is the sum of the changes up to it. Replaces a range join of
--     every stay with every month end by a sum over a few thousand rows.
-- grain: one row per month_end × region × age_band with at least one change
-- reads: residential_stays
-- columns:
--   month_end DATE  last day of the month in which the changes happen
--   region VARCHAR  IROJ region code
--   age_band VARCHAR  age band
--   waiting_change BIGINT  stays that join the waiting list in the month minus those that leave it
--   occupied_change BIGINT  stays that start in the month minus those that end in it
--   waiting_key_change BIGINT  the same sum over record_key (for the cell keys)
--   occupied_key_change BIGINT  the same sum over record_key
-- notes:
--   A stay waits from indicated_on until it starts or closes (whichever comes first), and is in
--     care from started_on until ended_on; a day's change counts at every month end from the end
--     of that day's month. A stay that starts or closes on the day it is indicated never waits at
--     a month end, one that ends on its start day is never in care at one.

create table residential_stock_changes as
with

spells as (
    select
        region,
        age_band,
        record_key,
        indicated_on,
        least(started_on, ended_on) as waiting_until,
        started_on,
        ended_on
    from residential_stays
),

events as (
    select
        region,
        age_band,
        indicated_on as day,
        1 as waiting,
        0 as occupied,
        record_key as key_w,
        0 as key_o
    from spells
    where waiting_until is null or indicated_on < waiting_until
    union all
    select region, age_band, waiting_until, -1 as waiting, 0 as occupied, -record_key as key_w, 0 as key_o
    from spells
    where indicated_on < waiting_until
    union all
    select region, age_band, started_on, 0 as waiting, 1 as occupied, 0 as key_w, record_key as key_o
    from spells
    where started_on is not null and (ended_on is null or started_on < ended_on)
    union all
    select region, age_band, ended_on, 0 as waiting, -1 as occupied, 0 as key_w, -record_key as key_o
    from spells
    where started_on < ended_on
)

select
    last_day(day)::date as month_end,
    region,
    age_band,
    sum(waiting)::bigint as waiting_change,
    sum(occupied)::bigint as occupied_change,
    sum(key_w)::bigint as waiting_key_change,
    sum(key_o)::bigint as occupied_key_change
from events
group by all
order by month_end, region, age_band
