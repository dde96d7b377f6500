-- assessment_rates
-- Knowledge tests of the children reached (children_life_skills under the filters): for each
-- kind (pre, post), children tested in the period and how many passed their latest test of that kind.
-- grain: kind x sex
-- params: $start, $end, $communes, $partners, $sex, $localities, $pass_threshold
with kids as (
    select distinct person_id, sex
    from qualifying($start, $end, $communes, $partners, $sex, $localities)
    where id = 'children_life_skills'
), latest as (
    select person_id, kind, score / max_score >= $pass_threshold as passed
    from assessments
    where in_period(assessed_on, $start, $end) and max_score > 0
    qualify row_number() over (partition by person_id, kind order by assessed_on desc, score / max_score desc) = 1
)
select l.kind, k.sex,
       count(*)::bigint as tested,
       count(*) filter (where l.passed)::bigint as passed
from kids k
join latest l on l.person_id = k.person_id
group by l.kind, k.sex
order by l.kind, k.sex
