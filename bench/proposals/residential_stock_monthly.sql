-- Pre-aggregated at build time: residential stock (waiting / occupied) per month end, region and
-- age band, with the sums of record keys so cell keys can be derived after any aggregation.
create or replace table residential_stock_monthly as
with
bounds as (
    select
        last_day(min(indicated_on))::date as first_end,
        last_day((select max(extract_date) from build_info))::date as last_end
    from residential_stays
),
month_ends as (
    select last_day(m)::date as month_end
    from bounds, range(date_trunc('month', bounds.first_end), bounds.last_end + interval 1 day, interval 1 month) as t(m)
),
spells as (
    select region, age_band, record_key, indicated_on,
        least(coalesce(started_on, date '9999-12-31'), coalesce(ended_on, date '9999-12-31')) as waiting_until,
        started_on,
        coalesce(ended_on, date '9999-12-31') as occupied_until
    from residential_stays
),
events as (
    select region, age_band, 'waiting' as measure, indicated_on as day, 1 as n, record_key as k
    from spells where indicated_on < waiting_until
    union all
    select region, age_band, 'waiting', waiting_until, -1, -record_key
    from spells where indicated_on < waiting_until and waiting_until < date '9999-12-31'
    union all
    select region, age_band, 'occupied', started_on, 1, record_key
    from spells where started_on < occupied_until
    union all
    select region, age_band, 'occupied', occupied_until, -1, -record_key
    from spells where started_on < occupied_until and occupied_until < date '9999-12-31'
),
bucketed as (
    select region, age_band, measure, last_day(day)::date as month_end, sum(n) as n, sum(k) as k
    from events
    group by all
),
cells as (
    select distinct region, age_band from residential_stays
),
running as (
    select cells.region, cells.age_band, measures.measure, month_ends.month_end,
        sum(coalesce(bucketed.n, 0)) over w as n,
        sum(coalesce(bucketed.k, 0)) over w as k
    from cells
    cross join (values ('waiting'), ('occupied')) as measures(measure)
    cross join month_ends
    left join bucketed
        on bucketed.region = cells.region and bucketed.age_band = cells.age_band
        and bucketed.measure = measures.measure and bucketed.month_end = month_ends.month_end
    window w as (partition by cells.region, cells.age_band, measures.measure order by month_ends.month_end
                 rows between unbounded preceding and current row)
)
select w.region, w.age_band, w.month_end,
    w.n::bigint as waiting, o.n::bigint as occupied, w.k::bigint as waiting_keys, o.k::bigint as occupied_keys
from running as w
inner join running as o
    on o.region = w.region and o.age_band = w.age_band and o.month_end = w.month_end and o.measure = 'occupied'
where w.measure = 'waiting'
order by month_end, region, age_band;
