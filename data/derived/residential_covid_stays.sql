-- purpose: The stays of the children the corona measures sent home (covid_home_on set), a few
--     percent of all stays. The corona queries select on covid_home_on, which the order of
--     residential_stays (by indicated_on) cannot prune; this table holds only that cohort.
-- grain: one row per stay with a covid_home_on
-- reads: residential_stays
-- columns: those of residential_stays

create table residential_covid_stays as
select * from residential_stays
where covid_home_on is not null
order by covid_home_on, stay_id
