-- assessment_rates
-- Knowledge tests of the children reached (children_life_skills under the filters): for each
-- kind (pre, post), children tested in the period and how many passed their latest test of that kind.
-- grain: kind x sex
-- params: $start, $end, $communes, $partners, $sex, $localities, $pass_threshold
with kids as (
    select person_key, any_value(sex) as sex
    from qualifying($start, $end, $communes, $partners, $sex, $localities)
    where id = 'children_life_skills'
    group by person_key
), latest as (
    -- The latest test is passed exactly when a passed test has the latest date (two tests on the
    -- same day: the better one counts): two max() instead of sorting the tests.
    select person_key, kind, max(assessed_on) as last_on,
           max(assessed_on) filter (where score / max_score >= $pass_threshold) as last_passed_on
    from scored_tests
    where in_period(assessed_on, $start, $end)
    group by person_key, kind
)
select l.kind, k.sex,
       count(*)::bigint as tested,
       count(*) filter (where l.last_passed_on = l.last_on)::bigint as passed
from kids k
join latest l on l.person_key = k.person_key
group by l.kind, k.sex
order by l.kind, k.sex
