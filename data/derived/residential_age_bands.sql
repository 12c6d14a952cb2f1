-- purpose: The age bands that occur among the residential stays: the rows of the corona cohort
--     by age band, without a pass over every stay.
-- grain: one row per age band present in residential_stays
-- reads: residential_stays
-- columns:
--   age_band VARCHAR  age band

create table residential_age_bands as
select distinct age_band
from residential_stays
order by age_band
