-- purpose: The stays of the children the corona measures sent home (covid_home_on set), a few
--     percent of all stays, with integer child keys and how many months after going home the
--     child was back. The corona queries select on covid_home_on, which the order of
--     residential_stays (by indicated_on) cannot prune; this table holds only that cohort.
-- grain: one row per stay with a covid_home_on
-- reads: residential_stays, key_secret
-- columns: those of residential_stays, and
--   minor_key INTEGER  the child: the same minor_id gives the same key within this table
--   unit_key SMALLINT  the child's fixed secret key (the same on all its stays; see key_secret)
--   minor_stays INTEGER  the child's stays in this table: a child with one is its own group
--     under any filter, so only the others need grouping
--   return_month INTEGER  the fewest whole months m (0, 1, 2, ...) with covid_return_on on or
--     after covid_home_on and on or before covid_home_on + m months (month arithmetic as
--     DuckDB's: 31 January + 1 month = 28/29 February); null when the child did not come back
--     or the return lies before going home

create table residential_covid_stays as
with

cohort as (
    select
        *,
        date_diff('month', covid_home_on, covid_return_on) as months_apart
    from residential_stays
    where covid_home_on is not null
)

select
    -- the columns of residential_stays, as the header says: AM04 cannot count them
    cohort.* exclude (cohort.months_apart),  -- noqa: AM04
    dense_rank() over (order by cohort.minor_id)::integer as minor_key,
    (md5_number(k.secret || '|minor|' || cohort.minor_id) % 256)::smallint as unit_key,
    count(*) over (partition by cohort.minor_id)::integer as minor_stays,
    case
        when cohort.covid_return_on is null or cohort.covid_return_on < cohort.covid_home_on then null
        when cohort.covid_return_on <= cohort.covid_home_on + to_months(cohort.months_apart)
            then cohort.months_apart
        else cohort.months_apart + 1
    end::integer as return_month
from cohort
cross join key_secret as k
order by cohort.covid_home_on, cohort.stay_id
