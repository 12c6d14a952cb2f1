-- purpose: The ended residential stays counted per calendar year of ended_on, region, age band,
--     length in days and whether they ended 'naar_huis': a period of whole years sums a few
--     hundred thousand cells (median included, from the counts per length) instead of reading
--     every ended stay.
-- grain: one row per year of ended_on × region × age_band × stay_days × naar_huis (stays with
--     started_on and ended_on on or after it)
-- reads: residential_closures
-- columns:
--   ended_year INTEGER  calendar year of ended_on
--   region VARCHAR  IROJ region code
--   age_band VARCHAR  age band
--   stay_days INTEGER  ended_on - started_on
--   naar_huis BOOLEAN  end_reason is 'naar_huis' (home)
--   n BIGINT  stays in the cell
--   key_sum BIGINT  sum of their record_key

create table residential_closures_yearly as
select
    year(ended_on)::integer as ended_year,
    region,
    age_band,
    stay_days,
    naar_huis,
    count(*) as n,
    sum(record_key)::bigint as key_sum
from residential_closures
group by all
order by all
