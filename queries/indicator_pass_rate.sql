-- indicator_pass_rate
-- children_pass_rate by sex: among children_life_skills children with >= 1 post test in the
-- period, how many passed their latest post test of the period (score / max_score >= threshold;
-- two tests on the same day: the better one counts).
-- grain: sex
-- params: $start, $end, $communes, $partners, $sex, $localities, $pass_threshold
with kids as (
    select person_key, any_value(sex) as sex
    from qualifying($start, $end, $communes, $partners, $sex, $localities)
    where id = 'children_life_skills'
    group by person_key
), latest as (
    -- The latest test is passed exactly when a passed test has the latest date (two tests on the
    -- same day: the better one counts): two max() instead of sorting the tests.
    select person_key, max(assessed_on) as last_on,
           max(assessed_on) filter (where score / max_score >= $pass_threshold) as last_passed_on
    from scored_tests
    where kind = 'post' and in_period(assessed_on, $start, $end)
    group by person_key
)
select k.sex,
       count(*)::bigint as tested,
       count(*) filter (where l.last_passed_on = l.last_on)::bigint as passed
from kids k
join latest l on l.person_key = k.person_key
group by k.sex
order by k.sex
