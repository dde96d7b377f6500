-- indicator_pass_rate_quarters
-- indicator_pass_rate when the period is whole quarters (or open): the children from person_quarters
-- (children_tested_quarters of _setup.sql); the same figures.
-- children_pass_rate by sex: among children_life_skills children with >= 1 post test in the
-- period, how many passed their latest post test of the period (the pass rule: macro children_tested
-- of _setup.sql; the kind of test is the indicator's `measure` in reference/indicator_sources.csv).
-- grain: sex
-- params: $start, $end, $communes, $partners, $sex, $localities, $pass_threshold
select sex,
       count(*)::bigint as tested,
       count(*) filter (where passed)::bigint as passed
from children_tested_quarters($start, $end, $communes, $partners, $sex, $localities, $pass_threshold)
where kind in (select measure from ref_indicator_sources where source = 'assessments')
group by sex
order by sex
