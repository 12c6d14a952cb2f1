-- purpose: Distribution of the duration of finished trajectories (ended_on - started_on, days) in
--     weekly bins, set against the 28-day norm for crisishulp aan huis and the 6-week (42-day)
--     limit from the literature on ambulatory crisis help.
-- grain: one row per area × module × duration bin (bins 1-9, all present, zero when empty)
-- period: ended_on
-- years: compose
-- tables: durations_daily (derived from crisis_trajectories)
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
--   bin INTEGER  duration in weeks, rounded up: 1 = 0-7 days, 2 = 8-14, ..., 8 = 50-56, 9 = 57+
--   days_from INTEGER  shortest duration in the bin, days
--   days_to INTEGER  longest duration in the bin, days; null for the open last bin
--   label VARCHAR  bin as text, e.g. '22-28' or '57+'
--   trajectories BIGINT  finished trajectories whose duration falls in the bin
--   share_pct DOUBLE  share of the area's and module's finished trajectories, percent, one decimal
--   cumulative_pct DOUBLE  share with a duration up to and including this bin, one decimal
--   within_28_days BOOLEAN  the whole bin lies within the 28-day norm (bins 1-4)
--   within_42_days BOOLEAN  the whole bin lies within the 42-day (6-week) limit (bins 1-6)
--   cumulative BIGINT  finished trajectories with a duration up to and including this bin:
--     cumulative_pct's numerator
--   total BIGINT  the area's and module's finished trajectories (all bins): the denominator of
--     share_pct and cumulative_pct
--   trajectories_ckey SMALLINT  cell key of trajectories: sum(record_key) % 256
--   cumulative_ckey SMALLINT  cell key of cumulative
--   total_ckey SMALLINT  cell key of total
-- protect:
--   label: bin, days_from, days_to
--   count: trajectories, cumulative, total
--   share_pct = trajectories / total
--   cumulative_pct = cumulative / total
-- notes:
--   Bins end on whole weeks so that 'within 28 days' and 'within 42 days' are sums of bins.
--   Trajectories without started_on, or ending before they started, have no duration and are
--     left out.
--   Sums the cells of durations_daily (trajectories and their record_key sums per day of close
--     and duration in days): the same counts and cell keys as binning every trajectory.

with

durations as (
    select * from durations_daily
),

filtered as (
    -- the day cells summed per region, module and duration (`is true`: DuckDB then tests the
    -- code lists in the scan itself)
    select
        region,
        module,
        duration_days,
        sum(n) as n,
        sum(key_sum) as key_sum
    from durations
    where ended_on between $period_from and $period_to
        and duration_days >= 0
        and (len($modules) = 0 or list_contains($modules, module)) is true
        and (len($age_bands) = 0 or list_contains($age_bands, age_band)) is true
    group by all
),

scoped as (
    select region as area, * from filtered
    where list_contains($regions, region)
    union all
    select 'VL' as area, * from filtered
    where len($regions) = 0 or $include_flanders
),

areas as (
    select unnest($regions::varchar[]) as area
    union all
    select 'VL' as area
    where len($regions) = 0 or $include_flanders
),

modules as (
    select distinct module from filtered
),

bins as (
    select
        bin::integer as bin,
        (case when bin = 1 then 0 else 7 * (bin - 1) + 1 end)::integer as days_from,
        (case when bin < 9 then 7 * bin end)::integer as days_to
    from range(1, 10) as t(bin)
),

binned as (
    -- weeks rounded up, so day 28 is still week 4; everything beyond week 8 goes in bin 9
    select
        area,
        module,
        least(greatest((duration_days + 6) // 7, 1), 9)::integer as bin,
        n,
        key_sum
    from scoped
),

counted as (
    select area, module, bin, sum(n)::bigint as n, sum(key_sum) as keys
    from binned
    group by all
),

spine as (
    select
        areas.area,
        modules.module,
        bins.bin,
        bins.days_from,
        bins.days_to,
        coalesce(counted.n, 0) as trajectories,
        coalesce(counted.keys, 0) as keys
    from areas
    cross join modules
    cross join bins
    left join counted
        on counted.area = areas.area
        and counted.module = modules.module
        and counted.bin = bins.bin
),

sums as (
    select
        *,
        sum(trajectories) over (partition by area, module order by bin)::bigint as cumulative,
        sum(keys) over (partition by area, module order by bin) as cumulative_keys,
        sum(trajectories) over (partition by area, module)::bigint as total,
        sum(keys) over (partition by area, module) as total_keys
    from spine
),

final as (
    select
        area,
        module,
        bin,
        days_from,
        days_to,
        case when days_to is null then days_from || '+' else days_from || '-' || days_to end
            as label,
        trajectories,
        round(100.0 * trajectories / nullif(total, 0), 1) as share_pct,
        round(100.0 * cumulative / nullif(total, 0), 1) as cumulative_pct,
        coalesce(days_to <= 28, false) as within_28_days,
        coalesce(days_to <= 42, false) as within_42_days,
        cumulative,
        total,
        (keys % 256)::smallint as trajectories_ckey,
        (cumulative_keys % 256)::smallint as cumulative_ckey,
        (total_keys % 256)::smallint as total_ckey
    from sums
)

select * from final
order by area = 'VL', area, module, bin
