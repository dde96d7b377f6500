-- case_breakdown
-- Cohort cases by one dimension and sex. $dimension is one of: nationality, referral_source,
-- exploitation, reinsertion_type (detail of the reinsertion reached by end), site_id, partner,
-- age_group, origin_region. Cases with no value for the dimension are left out (reinsertion_type:
-- cases not reinserted).
-- grain: value x sex (n with its cell key n_key)
-- params: $start, $end, $communes, $partners, $sex, $localities, $hide_no_consent, $dimension
with c as (
    select * from cohort($start, $end, $communes, $partners, $sex, $localities, $hide_no_consent)
)
select case $dimension
           when 'nationality' then c.nationality
           when 'referral_source' then c.referral_source
           when 'exploitation' then c.exploitation
           when 'reinsertion_type' then r.reinsertion_type
           when 'site_id' then c.site_id
           when 'partner' then c.partner
           when 'age_group' then c.age_group
           when 'origin_region' then c.origin_region
       end as value,
       c.sex,
       count(*)::bigint as n,
       sum(c.rkey)::bigint as n_key
from c
left join reinsertion_types($end) r on r.case_id = c.case_id
group by 1, 2
having value is not null
order by value, c.sex
