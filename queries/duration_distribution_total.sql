-- purpose: Distribution of the durations of finished trajectories over the selected modules
--     together, in weekly bins, against the 28-day norm and the 6-week (42-day) limit.
-- grain: one row per area × weekly bin (bins 1-9, all present, zero when empty)
-- period: ended_on
-- years: compose
-- tables: durations_daily (derived from crisis_trajectories)
-- params:
--   regions VARCHAR[]  IROJ region codes, one group of rows each; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive)
--   period_to DATE  last day of the period (inclusive)
--   modules VARCHAR[]  modules to count together; empty = all modules
--   age_bands VARCHAR[]  age bands to count; empty = all age bands
--   include_flanders BOOLEAN  add Flanders ('VL') as reference when regions are selected
-- ignores: none
-- columns:
--   area VARCHAR  IROJ region code, or 'VL' for all of Flanders
--   bin INTEGER  duration in weeks, rounded up: 1 = 0-7 days, 2 = 8-14, ..., 8 = 50-56, 9 = 57+
--   days_from INTEGER  shortest duration in the bin, days
--   days_to INTEGER  longest duration in the bin, days; null for the open last bin
--   label VARCHAR  bin as text, e.g. '22-28' or '57+'
--   trajectories BIGINT  finished trajectories whose duration falls in the bin
--   finished BIGINT  all finished trajectories of the area (the denominator of share_pct)
--   share_pct DOUBLE  trajectories / finished × 100, one decimal
--   within_28_days BOOLEAN  the whole bin lies within the 28-day norm (bins 1-4)
--   within_42_days BOOLEAN  the whole bin lies within the 42-day (6-week) limit (bins 1-6)
--   trajectories_ckey SMALLINT  cell key of trajectories: sum(record_key) % 256
--   finished_ckey SMALLINT  cell key of finished
-- protect:
--   label: bin, days_from, days_to
--   count: trajectories, finished
--   share_pct = trajectories / finished
-- notes:
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

bins as (
    select
        bin::integer as bin,
        (case when bin = 1 then 0 else 7 * (bin - 1) + 1 end)::integer as days_from,
        (case when bin < 9 then 7 * bin end)::integer as days_to
    from range(1, 10) as t(bin)
),

binned as (
    -- weeks rounded up, so day 28 is still week 4; everything beyond week 8 goes in bin 9
    select area, least(greatest((duration_days + 6) // 7, 1), 9)::integer as bin, n, key_sum
    from scoped
),

counted as (
    select area, bin, sum(n)::bigint as n, sum(key_sum) as keys
    from binned
    group by all
),

spine as (
    select
        areas.area,
        bins.bin,
        bins.days_from,
        bins.days_to,
        coalesce(counted.n, 0) as trajectories,
        coalesce(counted.keys, 0) as keys
    from areas
    cross join bins
    left join counted
        on counted.area = areas.area
        and counted.bin = bins.bin
),

final as (
    select
        area,
        bin,
        days_from,
        days_to,
        case when days_to is null then days_from || '+' else days_from || '-' || days_to end
            as label,
        trajectories,
        (sum(trajectories) over (partition by area))::bigint as finished,
        round(100.0 * trajectories / nullif(sum(trajectories) over (partition by area), 0), 1)
            as share_pct,
        coalesce(days_to <= 28, false) as within_28_days,
        coalesce(days_to <= 42, false) as within_42_days,
        (keys % 256)::smallint as trajectories_ckey,
        (sum(keys) over (partition by area) % 256)::smallint as finished_ckey
    from spine
)

select * from final
order by area = 'VL', area, bin
