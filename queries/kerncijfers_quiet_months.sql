-- purpose: The quiet months: CHAH registrations per calendar month summed over the period; the
--     three months with the fewest registrations are the quiet months (source INSISTO).
-- grain: one row per calendar month 1-12 (the selected regions taken together)
-- period: registered_on
-- tables: crisis_trajectories
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

with

trajectories as (
    select * from crisis_trajectories
),

chah as (
    select *
    from trajectories
    where module = 'crisishulp_aan_huis'
      and registered_on between $period_from and $period_to
      and (len($regions) = 0 or list_contains($regions, region))
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
    select month(registered_on)::integer as month, count(*) as n, sum(record_key) % 256 as ckey
    from chah
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
