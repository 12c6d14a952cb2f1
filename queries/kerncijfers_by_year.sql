-- purpose: The yearly key figures: CHAH starts, and the outcomes at close of the ambulatory
--     modules (crisishulp_aan_huis, crisisbegeleiding, crisisinterventie): goal attainment,
--     placement advised and referrals inside and outside Opgroeien.
-- grain: one row per calendar year of the period (the selected regions taken together)
-- period: started_on for chah_started; ended_on for the outcome columns
-- years: rows
-- areas: union
-- tables: starts_daily, closures_daily (derived from crisis_trajectories and referrals)
-- params:
--   regions VARCHAR[]  IROJ region codes taken together; empty = all of Flanders
--   period_from DATE  first day of the period (inclusive), 1 January of the first year
--   period_to DATE  last day of the period (inclusive), 31 December of the last year
-- ignores: modules, age_bands, include_flanders
-- columns:
--   area VARCHAR  'VL' for all of Flanders, else the selected codes joined by '+', e.g. 'ANT+LIM'
--   year INTEGER  calendar year
--   chah_started BIGINT  CHAH trajectories with started_on in the year (source INSISTO)
--   ambulatory_ended BIGINT  ambulatory-module trajectories with ended_on in the year (BINC)
--   goal_registered BIGINT  of those, the ones with a registered goal_attainment
--   goal_positive BIGINT  of those, goal_attainment bereikt or grotendeels_bereikt
--   goal_positive_pct DOUBLE  goal_positive / goal_registered × 100, one decimal (BINC)
--   placement_advised BIGINT  ambulatory trajectories ended in the year with placement_advised
--     (BINC)
--   referred_inside BIGINT  ambulatory trajectories ended in the year with at least one referral
--     inside Opgroeien (BINC)
--   referred_outside BIGINT  the same with at least one referral outside Opgroeien (BINC); not
--     to be added to referred_inside: one trajectory can have both
--   chah_started_ckey SMALLINT  cell key of chah_started: sum(record_key) % 256
--   ambulatory_ended_ckey SMALLINT  cell key of ambulatory_ended
--   goal_registered_ckey SMALLINT  cell key of goal_registered
--   goal_positive_ckey SMALLINT  cell key of goal_positive
--   placement_advised_ckey SMALLINT  cell key of placement_advised
--   referred_inside_ckey SMALLINT  cell key of referred_inside
--   referred_outside_ckey SMALLINT  cell key of referred_outside
-- protect:
--   label: year
--   count: chah_started, ambulatory_ended, goal_registered, goal_positive, placement_advised,
--     referred_inside, referred_outside
--   goal_positive_pct = goal_positive / goal_registered
-- notes:
--   Years are whole calendar years clipped to the period. The module and age band filters do
--     not apply: the definitions fix the modules.
--   Sums the cells of starts_daily (per day of start) and closures_daily (per day of close, with
--     the outcome and referral kinds): the same counts and cell keys as counting every
--     trajectory and joining its referrals.

with

starts as (
    select * from starts_daily
),

closures as (
    select * from closures_daily
),

years as (
    select year::integer as year
    from range(year($period_from::date), year($period_to::date) + 1) as t(year)
),

chah_starts as (
    select
        year(started_on)::integer as year,
        sum(n)::bigint as chah_started,
        sum(key_sum) % 256 as chah_started_ckey
    from starts
    where module = 'crisishulp_aan_huis'
        and started_on between $period_from and $period_to
        and (len($regions) = 0 or list_contains($regions, region)) is true
    group by all
),

ambulatory_cells as (
    -- the day cells summed per year and outcome: a few hundred rows (`is true`: DuckDB then
    -- tests the code lists in the scan itself)
    select
        year(ended_on)::integer as year,
        goal_attainment,
        placement_advised,
        any_inside,
        any_outside,
        sum(n) as n,
        sum(key_sum) as key_sum
    from closures
    where (module in ('crisishulp_aan_huis', 'crisisbegeleiding', 'crisisinterventie')) is true
        and ended_on between $period_from and $period_to
        and (len($regions) = 0 or list_contains($regions, region)) is true
    group by all
),

ambulatory_closed as (
    select
        year,
        sum(n)::bigint as ambulatory_ended,
        coalesce(sum(n) filter (where goal_attainment is not null), 0)::bigint as goal_registered,
        coalesce(sum(n) filter (
            where goal_attainment in ('bereikt', 'grotendeels_bereikt')
        ), 0)::bigint as goal_positive,
        coalesce(sum(n) filter (where placement_advised), 0)::bigint as placement_advised,
        coalesce(sum(n) filter (where any_inside), 0)::bigint as referred_inside,
        coalesce(sum(n) filter (where any_outside), 0)::bigint as referred_outside,
        sum(key_sum) % 256 as ambulatory_ended_ckey,
        coalesce(sum(key_sum) filter (where goal_attainment is not null), 0) % 256
            as goal_registered_ckey,
        coalesce(sum(key_sum) filter (
            where goal_attainment in ('bereikt', 'grotendeels_bereikt')
        ), 0) % 256 as goal_positive_ckey,
        coalesce(sum(key_sum) filter (where placement_advised), 0) % 256
            as placement_advised_ckey,
        coalesce(sum(key_sum) filter (where any_inside), 0) % 256 as referred_inside_ckey,
        coalesce(sum(key_sum) filter (where any_outside), 0) % 256 as referred_outside_ckey
    from ambulatory_cells
    group by all
),

final as (
    select
        case when len($regions) = 0 then 'VL' else array_to_string($regions, '+') end as area,
        years.year,
        coalesce(chah_starts.chah_started, 0) as chah_started,
        coalesce(c.ambulatory_ended, 0) as ambulatory_ended,
        coalesce(c.goal_registered, 0) as goal_registered,
        coalesce(c.goal_positive, 0) as goal_positive,
        round(100.0 * c.goal_positive / nullif(c.goal_registered, 0), 1) as goal_positive_pct,
        coalesce(c.placement_advised, 0) as placement_advised,
        coalesce(c.referred_inside, 0) as referred_inside,
        coalesce(c.referred_outside, 0) as referred_outside,
        coalesce(chah_starts.chah_started_ckey, 0)::smallint as chah_started_ckey,
        coalesce(c.ambulatory_ended_ckey, 0)::smallint as ambulatory_ended_ckey,
        coalesce(c.goal_registered_ckey, 0)::smallint as goal_registered_ckey,
        coalesce(c.goal_positive_ckey, 0)::smallint as goal_positive_ckey,
        coalesce(c.placement_advised_ckey, 0)::smallint as placement_advised_ckey,
        coalesce(c.referred_inside_ckey, 0)::smallint as referred_inside_ckey,
        coalesce(c.referred_outside_ckey, 0)::smallint as referred_outside_ckey
    from years
    left join chah_starts
        on chah_starts.year = years.year
    left join ambulatory_closed as c
        on c.year = years.year
)

select * from final
order by year
