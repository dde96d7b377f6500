-- indicator_pass_rate
-- children_pass_rate by sex: among children_life_skills children with >= 1 post test in the
-- period, how many passed their latest post test of the period (score / max_score >= threshold;
-- two tests on the same day: the better one counts).
-- grain: sex
-- params: $start, $end, $communes, $partners, $sex, $localities, $pass_threshold
with kids as (
    select distinct person_id, sex
    from qualifying($start, $end, $communes, $partners, $sex, $localities)
    where id = 'children_life_skills'
), latest as (
    select person_id, score / max_score >= $pass_threshold as passed
    from assessments
    where kind = 'post' and in_period(assessed_on, $start, $end) and max_score > 0
    qualify row_number() over (partition by person_id order by assessed_on desc, score / max_score desc) = 1
)
select k.sex,
       count(*)::bigint as tested,
       count(*) filter (where l.passed)::bigint as passed
from kids k
join latest l on l.person_id = k.person_id
group by k.sex
order by k.sex
