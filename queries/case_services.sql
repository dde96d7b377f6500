-- case_services
-- Services delivered to cohort cases on or before end: cases served and services delivered, by type and sex.
-- grain: service x sex
-- params: $start, $end, $communes, $partners, $sex, $localities, $hide_no_consent
select v.service, c.sex,
       count(distinct v.case_id)::bigint as cases,
       count(*)::bigint as services
from cohort($start, $end, $communes, $partners, $sex, $localities, $hide_no_consent) c
join case_services v on v.case_id = c.case_id and ($end is null or v.service_date <= $end)
group by v.service, c.sex
order by v.service, c.sex
