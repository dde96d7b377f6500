-- case_left_out
-- How many cases of the cohort are left out of the non-owner views because consent_reporting is
-- false or unknown (null) (shown as a banded count), whatever the role.
-- grain: one row
-- params: $start, $end, $communes, $partners, $sex, $localities
select count(*)::bigint as no_consent
from cohort($start, $end, $communes, $partners, $sex, $localities, false)
where consent_reporting is not true
