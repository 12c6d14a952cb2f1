-- purpose: Distribution of the days from registration to start (started_on - registered_on) of
--     the trajectories that started, in bins: same day, next day, 2 days, 3-7, 8-14, 15-28, 29+.
-- grain: one row per area × module × bin (bins 1-7, all present, zero when empty)
-- period: registered_on
-- years: compose
-- tables: registrations_daily (derived from crisis_trajectories)
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
--   module VARCHAR  module of the trajectory
--   bin INTEGER  bin number 1-7 in order of waiting time
--   days_from INTEGER  shortest wait in the bin, days
--   days_to INTEGER  longest wait in the bin, days; null for the open last bin
--   label VARCHAR  bin as text, e.g. '0', '3-7' or '29+'
--   trajectories BIGINT  started trajectories whose wait falls in the bin
--   share_pct DOUBLE  share of the area's and module's started trajectories, one decimal
--   within_24h BOOLEAN  the bin counts as started within 24 hours (0 or 1 day)
--   total BIGINT  the area's and module's started trajectories (all bins): share_pct's
--     denominator
--   trajectories_ckey SMALLINT  cell key of trajectories: sum(record_key) % 256
--   total_ckey SMALLINT  cell key of total
-- protect:
--   label: bin, days_from, days_to
--   count: trajectories, total
--   share_pct = trajectories / total
-- notes:
--   Registrations that did not start (started_on null) are not in this distribution; see
--     not_started_monthly. A start dated before its registration is left out as implausible.
--   Sums the daily cube registrations_daily (start_delay_days = started_on - registered_on)
--     instead of scanning every trajectory: a count is sum(n), its cell key sum(key_sum) % 256.

with

registrations as not materialized (
    select region, module, start_delay_days, n, key_sum
    from registrations_daily
    where registered_on between $period_from and $period_to
        and start_delay_days >= 0
        and (len($modules) = 0 or list_contains($modules, module))
        and (len($age_bands) = 0 or list_contains($age_bands, age_band))
),

scoped as (
    -- the started ones counted per module and start_delay_days, for Flanders over all regions
    -- and for each selected region
    select
        'VL' as area,
        module,
        start_delay_days,
        sum(n) as n,
        sum(key_sum) as keys
    from registrations
    where len($regions) = 0 or $include_flanders
    group by module, start_delay_days
    union all
    select
        region as area,
        module,
        start_delay_days,
        sum(n) as n,
        sum(key_sum) as keys
    from registrations
    where list_contains($regions, region)
    group by region, module, start_delay_days
),

areas as (
    select unnest($regions::varchar[]) as area
    union all
    select 'VL' as area
    where len($regions) = 0 or $include_flanders
),

modules as (
    -- the modules of the filtered registrations in all regions: Flanders' rows have them all
    select distinct module from scoped
    where area = 'VL'
    union
    select distinct module from registrations
    where not (len($regions) = 0 or $include_flanders)
),

bins as (
    select bin::integer as bin, days_from::integer as days_from, days_to::integer as days_to
    from (
        values (1, 0, 0), (2, 1, 1), (3, 2, 2), (4, 3, 7), (5, 8, 14), (6, 15, 28), (7, 29, null)
    ) as t(bin, days_from, days_to)
),

binned as (
    select scoped.area, scoped.module, bins.bin, scoped.n, scoped.keys
    from scoped
    inner join bins
        on bins.days_from <= scoped.start_delay_days
        and (bins.days_to is null or bins.days_to >= scoped.start_delay_days)
),

counted as (
    select area, module, bin, sum(n)::bigint as n, sum(keys) as keys
    from binned
    group by all
),

totals as (
    select area, module, sum(n) as n, sum(keys) % 256 as ckey
    from counted
    group by all
),

final as (
    select
        areas.area,
        modules.module,
        bins.bin,
        bins.days_from,
        bins.days_to,
        case
            when bins.days_to is null then bins.days_from || '+'
            when bins.days_to = bins.days_from then bins.days_from::varchar
            else bins.days_from || '-' || bins.days_to
        end as label,
        coalesce(counted.n, 0) as trajectories,
        round(100.0 * coalesce(counted.n, 0) / nullif(totals.n, 0), 1) as share_pct,
        bins.days_to is not null and bins.days_to <= 1 as within_24h,
        coalesce(totals.n, 0)::bigint as total,
        coalesce(counted.keys % 256, 0)::smallint as trajectories_ckey,
        coalesce(totals.ckey, 0)::smallint as total_ckey
    from areas
    cross join modules
    cross join bins
    left join counted
        on counted.area = areas.area
        and counted.module = modules.module
        and counted.bin = bins.bin
    left join totals
        on totals.area = areas.area
        and totals.module = modules.module
)

select * from final
order by area = 'VL', area, module, bin
