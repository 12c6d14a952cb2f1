-- purpose: The quiet months: CHAH registrations per calendar month summed over the period; the
--     three months with the fewest registrations are the quiet months (source INSISTO).
-- grain: one row per calendar month 1-12 (the selected regions taken together)
-- period: registered_on
-- years: compose
-- areas: union
-- tables: registrations_daily (derived from crisis_trajectories)
-- params:
--   regions VARCHAR[]  IROJ region codes taken together; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive), 1 January of the first year
--   period_to DATE  last day of the period (inclusive), 31 December of the last year
-- ignores: modules, age_bands, include_flanders
-- columns:
--   area VARCHAR  'VL' for all of Flanders, else the selected codes joined by '+', e.g. 'ANT+LIM'
--   month INTEGER  calendar month 1-12
--   month_name VARCHAR  Dutch name of the month (januari ... december)
--   registrations BIGINT  CHAH trajectories with registered_on in this calendar month, all
--     years of the period together
--   quiet_rank INTEGER  1 = fewest registrations; ties go to the earlier month
--   quiet BOOLEAN  one of the three quiet months (quiet_rank <= 3)
--   registrations_ckey SMALLINT  cell key of registrations: sum(record_key) % 256
-- protect:
--   label: month
--   count: registrations
--   exact_only: quiet_rank, quiet
-- notes:
--   A month without any registration counts as zero, so it can be a quiet month.
--   quiet_rank and quiet order the exact counts, so they are exact-only (null in public mode).
--   Sums the daily cube registrations_daily instead of scanning every trajectory: a count is
--     sum(n), its cell key sum(key_sum) % 256.

with

chah_daily as (
    -- summed per day first: a date key alone aggregates fast
    select registered_on as day, sum(n) as n, sum(key_sum) as keys
    from registrations_daily
    where module = 'crisishulp_aan_huis'
        and registered_on between $period_from and $period_to
        and (len($regions) = 0 or list_contains($regions, region))
    group by registered_on
),

calendar_months as (
    select
        month::integer as month,
        [
            'januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus',
            'september', 'oktober', 'november', 'december'
        ][month] as month_name
    from range(1, 13) as t(month)
),

counted as (
    select month(day)::integer as month, sum(n)::bigint as n, sum(keys) % 256 as ckey
    from chah_daily
    group by all
),

ranked as (
    select
        calendar_months.month,
        calendar_months.month_name,
        coalesce(counted.n, 0) as registrations,
        coalesce(counted.ckey, 0)::smallint as registrations_ckey,
        row_number() over (
            order by coalesce(counted.n, 0), calendar_months.month
        )::integer as quiet_rank
    from calendar_months
    left join counted
        on counted.month = calendar_months.month
),

final as (
    select
        case when len($regions) = 0 then 'VL' else array_to_string($regions, '+') end as area,
        month,
        month_name,
        registrations,
        quiet_rank,
        quiet_rank <= 3 as quiet,
        registrations_ckey
    from ranked
)

select * from final
order by month
