-- purpose: The crisis stays (module crisisverblijf), narrow and with an integer minor key, with
--     each stay's 365-day windows counted in advance and, for periods of whole years, each
--     minor's busiest window already found: the carrousel of repeated crisis stays reads these
--     instead of counting windows and grouping minors over every stay on every call.
-- grain: one row per crisisverblijf trajectory
-- reads: crisis_trajectories, key_secret
-- columns:
--   registered_on DATE  day of registration
--   region VARCHAR  IROJ region code
--   age_band VARCHAR  age band
--   minor_key INTEGER  the minor: the same minor_id gives the same key within this table
--   unit_key SMALLINT  the minor's fixed secret key (the same on all its stays; see key_secret)
--   minor_stays INTEGER  the minor's crisis stays in all the data
--   previous_region_on DATE  the minor's previous crisis stay in the same region (ties on a
--     day: by trajectory_id), null for the first
--   previous_on DATE  the same in any region
--   busiest_region INTEGER[]  for a period from 1 January of this stay's year to 31 December of
--     year + i - 1 (element i), the minor's busiest window of same-region stays from this year
--     on; past the last element the last one holds
--   busiest INTEGER[]  the same over the minor's stays in any region
--   key_region SMALLINT[]  for the same periods, the minor's unit key (one list per stay, so
--     the carrousel reads it like busiest_region)
--   key SMALLINT[]  the same in any region
-- notes:
--   A window is, for one stay, the minor's stays registered that day up to 365 days later; in
--     a period's last year it ends on 31 December at the latest. For a period of whole years
--     without an age band filter, a minor counts once, on the stay with no previous stay in
--     the period (previous_*_on before its first day), and its busiest window and unit key are
--     that stay's list elements at the period's last year.

create table crisis_stays as
with

stays as (
    select
        t.registered_on,
        year(t.registered_on)::integer as stay_year,
        t.region,
        t.age_band,
        t.minor_id,
        t.trajectory_id,
        (md5_number(k.secret || '|minor|' || t.minor_id) % 256)::smallint as unit_key,
        t.registered_on - date '2000-01-01' as day_number
    from crisis_trajectories as t
    cross join key_secret as k
    where t.module = 'crisisverblijf'
),

windows as (
    -- each stay's windows: the minor's stays from that day up to 365 days later, and up to
    -- 31 December of its year, in the same region and in any region
    select
        *,
        count(*) over (
            partition by minor_id, region order by day_number
            range between current row and 365 following
        ) as window_region,
        count(*) over (
            partition by minor_id order by day_number
            range between current row and 365 following
        ) as window_all,
        count(*) over (
            partition by minor_id, region, stay_year order by day_number
            range between current row and unbounded following
        ) as window_region_year,
        count(*) over (
            partition by minor_id, stay_year order by day_number
            range between current row and unbounded following
        ) as window_all_year,
        count(*) over (partition by minor_id) as minor_stays,
        lag(registered_on) over (
            partition by minor_id, region order by registered_on, trajectory_id
        ) as previous_region_on,
        lag(registered_on) over (
            partition by minor_id order by registered_on, trajectory_id
        ) as previous_on
    from stays
),

scopes as (
    -- the two scopes a stay counts in: its region, and Flanders (any region)
    select
        minor_id,
        region as scope,
        stay_year,
        window_region as w,
        window_region_year as w_year,
        unit_key
    from windows
    union all
    select minor_id, 'VL' as scope, stay_year, window_all as w, window_all_year as w_year, unit_key
    from windows
),

minor_years as (
    -- per minor, scope and year: the busiest window when a later year is in the period too,
    -- and when this is the period's last year; the lowest record key
    select
        minor_id,
        scope,
        stay_year,
        max(w) as busiest_full,
        max(w_year) as busiest_last,
        min(unit_key) as lowest_key
    from scopes
    group by all
),

final_years as (
    -- per minor and scope: the last year with stays
    select minor_id, scope, max(stay_year) as final_year
    from minor_years
    group by all
),

period_ends as (
    -- for every year a minor has stays in, each last year of a period from there up to its
    -- final year with stays
    select
        start.minor_id,
        start.scope,
        start.stay_year,
        last_year.last_year
    from minor_years as start
    inner join final_years as final
        on final.minor_id = start.minor_id
        and final.scope = start.scope
    -- a lateral subquery without a from clause: ST05 takes it for an uncorrelated one
    cross join lateral (  -- noqa: ST05
        select unnest(range(start.stay_year, final.final_year + 1))::integer as last_year
    ) as last_year
),

per_period as (
    select
        period_ends.minor_id,
        period_ends.scope,
        period_ends.stay_year,
        period_ends.last_year,
        max(
            case
                when y.stay_year < period_ends.last_year then y.busiest_full
                else y.busiest_last
            end
        ) as busiest,
        min(y.lowest_key) as lowest_key
    from period_ends
    inner join minor_years as y
        on y.minor_id = period_ends.minor_id
        and y.scope = period_ends.scope
        and y.stay_year between period_ends.stay_year and period_ends.last_year
    group by all
),

lists as (
    select
        minor_id,
        scope,
        stay_year,
        list(busiest::integer order by last_year) as busiest,
        list(lowest_key::smallint order by last_year) as lowest_keys
    from per_period
    group by all
)

select
    w.registered_on,
    w.region,
    w.age_band,
    dense_rank() over (order by w.minor_id)::integer as minor_key,
    w.unit_key,
    w.minor_stays::integer as minor_stays,
    w.previous_region_on,
    w.previous_on,
    r.busiest as busiest_region,
    a.busiest,
    r.lowest_keys as key_region,
    a.lowest_keys as key
from windows as w
inner join lists as r
    on r.minor_id = w.minor_id
    and r.scope = w.region
    and r.stay_year = w.stay_year
inner join lists as a
    on a.minor_id = w.minor_id
    and a.scope = 'VL'
    and a.stay_year = w.stay_year
order by w.registered_on
