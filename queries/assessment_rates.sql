-- assessment_rates
-- Knowledge tests of the children reached (children_life_skills under the filters): for each
-- kind (pre, post), children tested in the period and how many passed their latest test of that kind
-- (the pass rule: macro children_tested of _setup.sql).
-- grain: kind x sex
-- params: $start, $end, $communes, $partners, $sex, $localities, $pass_threshold
select kind, sex,
       count(*)::bigint as tested,
       count(*) filter (where passed)::bigint as passed
from children_tested($start, $end, $communes, $partners, $sex, $localities, $pass_threshold)
group by kind, sex
order by kind, sex
