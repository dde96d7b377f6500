-- explore_case_groups
-- Case cohort indicators (as indicator_cases) broken down by age group at identification and sex:
-- cases identified in [start, end] and how many of them reached care, return to the family (among
-- those in care) and reinsertion by end. Every count with its cell key (<count>_key, the sum of the
-- cases' record keys): the same cases give the same key in any view (queries/protect.py).
-- grain: age_group x sex
-- params: $start, $end, $communes, $partners, $sex, $localities, $hide_no_consent
with per_case as (
    select case_id, any_value(sex) as sex, any_value(age_group) as age_group, any_value(rkey) as rkey,
           bool_or(stage = 'identifie') as identified,
           bool_or(stage = 'pris_en_charge') as in_care,
           bool_or(stage = 'retour_famille') as returned,
           bool_or(stage = 'reinsertion') as reinserted
    from cohort_stages($start, $end, $communes, $partners, $sex, $localities, $hide_no_consent)
    group by case_id
)
select age_group, sex,
       count(*) filter (where identified)::bigint as identified,
       count(*) filter (where in_care)::bigint as in_care,
       count(*) filter (where returned)::bigint as returned,
       count(*) filter (where in_care and returned)::bigint as in_care_returned,
       count(*) filter (where reinserted)::bigint as reinserted,
       coalesce(sum(rkey) filter (where identified), 0)::bigint as identified_key,
       coalesce(sum(rkey) filter (where in_care), 0)::bigint as in_care_key,
       coalesce(sum(rkey) filter (where returned), 0)::bigint as returned_key,
       coalesce(sum(rkey) filter (where in_care and returned), 0)::bigint as in_care_returned_key,
       coalesce(sum(rkey) filter (where reinserted), 0)::bigint as reinserted_key
from per_case
group by age_group, sex
order by age_group, sex
