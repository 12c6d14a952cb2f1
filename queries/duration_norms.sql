-- purpose: Duration of finished trajectories against the norms: median and mean duration and the
--     share that finished within the 28-day norm (crisishulp aan huis) and within the 6-week
--     (42-day) limit from the literature on ambulatory crisis help.
-- grain: one row per area × module (every module present in the data)
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
--   trajectories BIGINT  finished trajectories (started_on known, ended_on in the period)
--   median_days DOUBLE  median of ended_on - started_on, days
--   mean_days DOUBLE  mean of ended_on - started_on, days, one decimal
--   within_28_days BIGINT  trajectories that lasted at most 28 days
--   within_28_pct DOUBLE  within_28_days / trajectories × 100, one decimal
--   within_42_days BIGINT  trajectories that lasted at most 42 days (6 weeks)
--   within_42_pct DOUBLE  within_42_days / trajectories × 100, one decimal
--   trajectories_ckey SMALLINT  cell key of trajectories: sum(record_key) % 256
--   within_28_days_ckey SMALLINT  cell key of within_28_days
--   within_42_days_ckey SMALLINT  cell key of within_42_days
-- protect:
--   count: trajectories, within_28_days, within_42_days
--   median_days, mean_days ~ trajectories
--   within_28_pct = within_28_days / trajectories
--   within_42_pct = within_42_days / trajectories
-- notes:
--   Trajectories without started_on, or ending before they started, have no duration and are
--     left out. The 28-day norm is the standard term of crisishulp aan huis; other modules have
--     other standard terms (see extension_rate), the columns apply the same yardstick to all.
--   Sums the cells of durations_daily (trajectories per day of close and duration in days) into a
--     histogram per area and module: the median is the value at 0-based rank (N - 1) // 2 averaged
--     with the one at rank N // 2 (what median() gives on the N durations), the mean is the sum of
--     the durations over N; counts and cell keys are those of counting every trajectory.

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

by_duration as (
    select area, module, duration_days, sum(n) as n, sum(key_sum) as key_sum
    from scoped
    group by all
),

histogram as (
    -- per area, module and duration: how many trajectories, how many up to that duration and how
    -- many in all
    select
        *,
        sum(n) over (partition by area, module order by duration_days) as up_to,
        sum(n) over (partition by area, module) as total
    from by_duration
),

summarised as (
    select
        area,
        module,
        sum(n)::bigint as trajectories,
        -- the durations at 0-based ranks (N - 1) // 2 and N // 2: the first whose running count
        -- passes the rank
        (
            (
                min(duration_days) filter (where up_to > (total - 1) // 2)
                + min(duration_days) filter (where up_to > total // 2)
            ) / 2
        )::double as median_days,
        round(sum(duration_days * n)::double / sum(n)::double, 1) as mean_days,
        coalesce(sum(n) filter (where duration_days <= 28), 0)::bigint as within_28_days,
        coalesce(sum(n) filter (where duration_days <= 42), 0)::bigint as within_42_days,
        sum(key_sum) % 256 as trajectories_ckey,
        coalesce(sum(key_sum) filter (where duration_days <= 28), 0) % 256 as within_28_days_ckey,
        coalesce(sum(key_sum) filter (where duration_days <= 42), 0) % 256 as within_42_days_ckey
    from histogram
    group by all
),

final as (
    select
        areas.area,
        modules.module,
        coalesce(summarised.trajectories, 0) as trajectories,
        summarised.median_days,
        summarised.mean_days,
        coalesce(summarised.within_28_days, 0) as within_28_days,
        round(100.0 * summarised.within_28_days / nullif(summarised.trajectories, 0), 1)
            as within_28_pct,
        coalesce(summarised.within_42_days, 0) as within_42_days,
        round(100.0 * summarised.within_42_days / nullif(summarised.trajectories, 0), 1)
            as within_42_pct,
        coalesce(summarised.trajectories_ckey, 0)::smallint as trajectories_ckey,
        coalesce(summarised.within_28_days_ckey, 0)::smallint as within_28_days_ckey,
        coalesce(summarised.within_42_days_ckey, 0)::smallint as within_42_days_ckey
    from areas
    cross join modules
    left join summarised
        on summarised.area = areas.area
        and summarised.module = modules.module
)

select * from final
order by area = 'VL', area, module
