-- purpose: The residential waiting list (indicated, not yet started) and occupancy (started, not
--     yet ended) at each month end.
-- grain: one row per area × month end (every month end inside the period)
-- period: the month ends shown (last days of months between period_from and period_to); a stay
--     counts on every month end it was waiting or in care, whenever it was indicated
-- tables: residential_stays
-- params:
--   regions VARCHAR[]  IROJ region codes, one group of rows each; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive)
--   period_to DATE  last day of the period (inclusive)
--   age_bands VARCHAR[]  age bands to count; empty = all age bands
--   include_flanders BOOLEAN  add Flanders ('VL') as reference when regions are selected
-- ignores: modules
-- columns:
--   area VARCHAR  IROJ region code, or 'VL' for all of Flanders
--   month_end DATE  last day of the month; the state at the end of that day
--   waiting BIGINT  stays with indicated_on <= month_end, not started by then (started_on null or
--     later) and not closed by then (ended_on null or later)
--   occupied BIGINT  stays with started_on <= month_end and ended_on null or after month_end
--   waiting_ckey SMALLINT  cell key of waiting: sum(record_key) % 256 over its stays
--   occupied_ckey SMALLINT  cell key of occupied
-- protect:
--   count: waiting, occupied
-- notes:
--   A stay ending on the month end is no longer counted that day. Residential stays have no
--     module, so the module filter does not apply.


with

stock as (
    select *
    from residential_stock_monthly
    where month_end between $period_from and $period_to
      and (len($age_bands) = 0 or list_contains($age_bands, age_band))
),

per_area as (
    select region as area, month_end, sum(waiting) as w, sum(occupied) as o,
        sum(waiting_keys) as wk, sum(occupied_keys) as ok
    from stock
    where list_contains($regions, region)
    group by all
    union all
    select 'VL' as area, month_end, sum(waiting), sum(occupied), sum(waiting_keys), sum(occupied_keys)
    from stock
    where len($regions) = 0 or $include_flanders
    group by all
),

areas as (
    select unnest($regions::varchar[]) as area
    union all
    select 'VL' as area
    where len($regions) = 0 or $include_flanders
),

month_ends as (
    select last_day(month)::date as month_end
    from range(
        date_trunc('month', $period_from::date),
        $period_to::date + interval 1 day,
        interval 1 month
    ) as t(month)
    where last_day(month) between $period_from and $period_to
),

final as (
    select
        areas.area,
        month_ends.month_end,
        coalesce(p.w, 0)::bigint as waiting,
        coalesce(p.o, 0)::bigint as occupied,
        coalesce(p.wk % 256, 0)::smallint as waiting_ckey,
        coalesce(p.ok % 256, 0)::smallint as occupied_ckey
    from areas
    cross join month_ends
    left join per_area as p
        on p.area = areas.area
        and p.month_end = month_ends.month_end
)

select * from final
order by area = 'VL', area, month_end
