-- case_services
-- Services delivered to cohort cases on or before end: cases served and services delivered, by type and sex,
-- each count with its cell key (sum of the record keys of the cases behind it).
-- grain: service x sex
-- params: $start, $end, $communes, $partners, $sex, $localities, $hide_no_consent
with per_case as (
    select v.service, c.sex, c.case_id, any_value(c.rkey) as rkey, count(*) as services
    from cohort($start, $end, $communes, $partners, $sex, $localities, $hide_no_consent) c
    join case_services v on v.case_id = c.case_id and ($end is null or v.service_date <= $end)
    group by v.service, c.sex, c.case_id
)
select service, sex,
       count(*)::bigint as cases, sum(rkey)::bigint as cases_key,
       sum(services)::bigint as services, sum(rkey * services)::bigint as services_key
from per_case
group by service, sex
order by service, sex
