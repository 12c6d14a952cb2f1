-- purpose: Indicated but not started: registrations per month whose help never started
--     (started_on null), with the number of distinct minors involved.
-- grain: one row per area × month of registered_on (every month of the period)
-- period: registered_on
-- years: rows
-- tables: registrations_daily (derived from crisis_trajectories), not_started_registrations (its
--     not-started trajectories)
-- params:
--   regions VARCHAR[]  IROJ region codes, one group of rows each; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive)
--   period_to DATE  last day of the period (inclusive)
--   modules VARCHAR[]  modules to count; empty = all modules
--   age_bands VARCHAR[]  age bands to count; empty = all age bands
--   include_flanders BOOLEAN  add Flanders ('VL') as reference when regions are selected
-- ignores: none
-- columns:
--   area VARCHAR  IROJ region code, or 'VL' for all of Flanders
--   month DATE  first day of the month of registered_on
--   registered BIGINT  trajectories registered in the month
--   not_started BIGINT  of those, the ones with started_on null
--   not_started_pct DOUBLE  not_started / registered × 100, one decimal
--   minors_not_started BIGINT  distinct minor_id among the not started ones in the month
--   registered_ckey SMALLINT  cell key of registered: sum(record_key) % 256
--   not_started_ckey SMALLINT  cell key of not_started
--   minors_not_started_ckey SMALLINT  cell key of minors_not_started: sum % 256 over the
--     distinct minors of a unit key, the minor's fixed secret unit key
-- protect:
--   count: registered, not_started
--   distinct: minors_not_started
--   not_started_pct = not_started / registered
-- notes:
--   Minors are distinct within a month; summing months can count a minor twice. For distinct
--     minors over the whole period see not_started_minors.
--   Registrations shortly before the extract date may simply not have started yet.


with

registrations as not materialized (
    select *
    from registrations_daily
    where registered_on between $period_from and $period_to
        and (len($modules) = 0 or list_contains($modules, module))
        and (len($age_bands) = 0 or list_contains($age_bands, age_band))
),

not_started as not materialized (
    select *
    from not_started_registrations
    where registered_on between $period_from and $period_to
        and (len($modules) = 0 or list_contains($modules, module))
        and (len($age_bands) = 0 or list_contains($age_bands, age_band))
),

scoped_registrations as not materialized (
    select region as area, * from registrations
    where list_contains($regions, region)
    union all
    select 'VL' as area, * from registrations
    where len($regions) = 0 or $include_flanders
),

scoped_not_started as not materialized (
    select region as area, * from not_started
    where list_contains($regions, region)
    union all
    select 'VL' as area, * from not_started
    where len($regions) = 0 or $include_flanders
),

areas as (
    select unnest($regions::varchar[]) as area
    union all
    select 'VL' as area
    where len($regions) = 0 or $include_flanders
),

months as (
    select month::date as month
    from
        range(
            date_trunc('month', $period_from::date),
            $period_to::date + interval 1 day,
            interval 1 month
        ) as t(month)
),

summarised as (
    select
        area,
        date_trunc('month', registered_on)::date as month,
        sum(n)::bigint as registered,
        coalesce(sum(n) filter (where start_delay_days is null), 0)::bigint as not_started,
        sum(key_sum) % 256 as registered_ckey,
        coalesce(sum(key_sum) filter (where start_delay_days is null), 0) % 256 as not_started_ckey
    from scoped_registrations
    group by all
),

minors as (
    -- one row per area, month and minor not started, keyed by the minor's unit key; a
    -- minor with one not-started registration in all the data is that row
    select area, date_trunc('month', registered_on)::date as month, unit_key
    from scoped_not_started
    where minor_registrations = 1
    union all
    select area, date_trunc('month', registered_on)::date as month, min(unit_key) as unit_key
    from scoped_not_started
    where minor_registrations > 1
    group by area, date_trunc('month', registered_on)::date, minor_key
),

minors_summarised as (
    select area, month, count(*) as minors_not_started, sum(unit_key) % 256 as ckey
    from minors
    group by all
),

final as (
    select
        areas.area,
        months.month,
        coalesce(s.registered, 0) as registered,
        coalesce(s.not_started, 0) as not_started,
        round(100.0 * s.not_started / nullif(s.registered, 0), 1) as not_started_pct,
        coalesce(m.minors_not_started, 0) as minors_not_started,
        coalesce(s.registered_ckey, 0)::smallint as registered_ckey,
        coalesce(s.not_started_ckey, 0)::smallint as not_started_ckey,
        coalesce(m.ckey, 0)::smallint as minors_not_started_ckey
    from areas
    cross join months
    left join summarised as s
        on s.area = areas.area
        and s.month = months.month
    left join minors_summarised as m
        on m.area = areas.area
        and m.month = months.month
)

select * from final
order by area = 'VL', area, month
