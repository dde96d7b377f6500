-- case_breakdowns
-- Cohort cases by sex and by each of the case page's four profile dimensions in one pass (grouping sets):
-- for each dimension, the rows case_breakdown gives for it (nationality, referral_source, exploitation,
-- reinsertion_type: detail of the reinsertion reached by end), one dimension after the other. Cases with
-- no value for a dimension are left out of it (reinsertion_type: cases not reinserted).
-- grain: dimension x value x sex (n with its cell key n_key)
-- params: $start, $end, $communes, $partners, $sex, $localities, $hide_no_consent
with c as (
    select * from cohort($start, $end, $communes, $partners, $sex, $localities, $hide_no_consent)
), g as (
    -- grouping(...): a bit set for each dimension not grouped on, nationality the highest
    select grouping(c.nationality, c.referral_source, c.exploitation, r.reinsertion_type) as set_id,
           c.nationality, c.referral_source, c.exploitation, r.reinsertion_type, c.sex,
           count(*)::bigint as n,
           sum(c.rkey)::bigint as n_key
    from c
    left join reinsertion_types($end) r on r.case_id = c.case_id
    group by grouping sets ((c.nationality, c.sex), (c.referral_source, c.sex), (c.exploitation, c.sex),
                            (r.reinsertion_type, c.sex))
)
select case set_id when 7 then 'nationality' when 11 then 'referral_source' when 13 then 'exploitation'
                   when 14 then 'reinsertion_type' end as dimension,
       case set_id when 7 then nationality when 11 then referral_source when 13 then exploitation
                   when 14 then reinsertion_type end as value,
       sex, n, n_key
from g
where value is not null
order by set_id, value, sex
