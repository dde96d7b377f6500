-- case_funnel
-- The case pipeline as a cohort: cases identified in [start, end], counted at every stage
-- they reached on or before end, by sex and age group (zero cells are not returned).
-- grain: stage x sex x age_group (n with its cell key n_key)
-- params: $start, $end, $communes, $partners, $sex, $localities, $hide_no_consent
select stage, any_value(stage_order) as stage_order, sex, age_group, count(*)::bigint as n,
       sum(rkey)::bigint as n_key          -- one row per case and stage: the cell key
from cohort_stages($start, $end, $communes, $partners, $sex, $localities, $hide_no_consent)
group by stage, sex, age_group
order by stage_order, sex, age_group
