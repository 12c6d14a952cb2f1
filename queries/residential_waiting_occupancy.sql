-- purpose: The residential waiting list (indicated, not yet started) and occupancy (started, not
--     yet ended) at each month end.
-- grain: one row per area × month end (every month end inside the period)
-- period: the month ends shown (last days of months between period_from and period_to); a stay
--     counts on every month end it was waiting or in care, whenever it was indicated
-- years: rows
-- tables: residential_stock_changes (derived from residential_stays)
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
--   A stay ending on the month end is no longer counted that day. The stock at a month end is
--     the sum of all changes up to it (residential_stock_changes, built with the data file).
--     Residential stays have no module, so the module filter does not apply.


with

changes as (
    select *
    from residential_stock_changes
    where month_end <= $period_to
        and (len($age_bands) = 0 or list_contains($age_bands, age_band))
),

scoped as not materialized (
    select region as area, * from changes
    where list_contains($regions, region)
    union all
    select 'VL' as area, * from changes
    where len($regions) = 0 or $include_flanders
),

areas as (
    select unnest($regions::varchar[]) as area
    union all
    select 'VL' as area
    where len($regions) = 0 or $include_flanders
),

month_ends as (
    select last_day(month)::date as month_end
    from
        range(
            date_trunc('month', $period_from::date),
            $period_to::date + interval 1 day,
            interval 1 month
        ) as t(month)
    where last_day(month) between $period_from and $period_to
),

stock as (
    -- the stock at a month end: every change in that month or before
    select
        scoped.area,
        month_ends.month_end,
        sum(scoped.waiting_change) as waiting,
        sum(scoped.occupied_change) as occupied,
        sum(scoped.waiting_key_change) % 256 as waiting_ckey,
        sum(scoped.occupied_key_change) % 256 as occupied_ckey
    from scoped
    inner join month_ends
        on month_ends.month_end >= scoped.month_end
    group by all
),

final as (
    select
        areas.area,
        month_ends.month_end,
        coalesce(stock.waiting, 0)::bigint as waiting,
        coalesce(stock.occupied, 0)::bigint as occupied,
        coalesce(stock.waiting_ckey, 0)::smallint as waiting_ckey,
        coalesce(stock.occupied_ckey, 0)::smallint as occupied_ckey
    from areas
    cross join month_ends
    left join stock
        on stock.area = areas.area
        and stock.month_end = month_ends.month_end
)

select * from final
order by area = 'VL', area, month_end
