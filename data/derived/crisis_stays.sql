-- purpose: The crisis stays (module crisisverblijf), narrow and with an integer minor key, and
--     each stay's 365-day window counted in advance: the carrousel of repeated crisis stays
--     reads them instead of counting windows over every stay on every call.
-- grain: one row per crisisverblijf trajectory
-- reads: crisis_trajectories
-- columns:
--   registered_on DATE  day of registration
--   region VARCHAR  IROJ region code
--   age_band VARCHAR  age band
--   minor_key INTEGER  the minor: the same minor_id gives the same key within this table
--   record_key SMALLINT  the trajectory's record key
--   minor_stays INTEGER  the minor's crisis stays in all the data
--   window_region INTEGER  the minor's stays in the same region registered on this stay's day
--     up to 365 days later
--   window_region_year INTEGER  the same, up to 31 December of this stay's year at the latest
--   window_all INTEGER  the minor's stays in any region registered on this day up to 365 days
--     later
--   window_all_year INTEGER  the same, up to 31 December of this stay's year at the latest
-- notes:
--   For a period that ends on 31 December without an age band filter, a stay's window inside the
--     period is window_* when its year is before the period's last year (its window ends
--     before the period does) and window_*_year when it lies in the last year.

create table crisis_stays as
with

stays as (
    select
        registered_on,
        region,
        age_band,
        minor_id,
        record_key,
        registered_on - date '2000-01-01' as day_number
    from crisis_trajectories
    where module = 'crisisverblijf'
),

windows as (
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
        count(*) over (partition by minor_id) as minor_stays
    from stays
),

year_windows as (
    -- the same windows cut at 31 December: count the stays between this day and the year's end
    select
        *,
        count(*) over (
            partition by minor_id, region, year(registered_on) order by day_number
            range between current row and unbounded following
        ) as window_region_year,
        count(*) over (
            partition by minor_id, year(registered_on) order by day_number
            range between current row and unbounded following
        ) as window_all_year
    from windows
)

select
    registered_on,
    region,
    age_band,
    dense_rank() over (order by minor_id)::integer as minor_key,
    record_key,
    minor_stays::integer as minor_stays,
    window_region::integer as window_region,
    window_region_year::integer as window_region_year,
    window_all::integer as window_all,
    window_all_year::integer as window_all_year
from year_windows
order by registered_on
