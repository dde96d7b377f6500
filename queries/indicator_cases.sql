-- indicator_cases
-- Case cohort indicators by sex: cases identified in [start, end], and how many of them
-- reached care, return to the family (among those in care) and reinsertion by end.
-- grain: sex (F, M, null); every count with its cell key (<count>_key)
-- params: $start, $end, $communes, $partners, $sex, $localities, $hide_no_consent
with per_case as (
    select case_id, any_value(sex) as sex, any_value(rkey) as rkey,
           bool_or(stage = 'identifie') as identified,
           bool_or(stage = 'pris_en_charge') as in_care,
           bool_or(stage = 'retour_famille') as returned,
           bool_or(stage = 'reinsertion') as reinserted
    from cohort_stages($start, $end, $communes, $partners, $sex, $localities, $hide_no_consent)
    group by case_id
)
select sex,
       count(*) filter (where identified)::bigint as identified,
       count(*) filter (where in_care)::bigint as in_care,
       count(*) filter (where returned)::bigint as returned,
       count(*) filter (where in_care and returned)::bigint as in_care_returned,
       count(*) filter (where reinserted)::bigint as reinserted,
       -- cell keys (sum of the cases' record keys): the same cases give the same key in any view
       coalesce(sum(rkey) filter (where identified), 0)::bigint as identified_key,
       coalesce(sum(rkey) filter (where in_care), 0)::bigint as in_care_key,
       coalesce(sum(rkey) filter (where returned), 0)::bigint as returned_key,
       coalesce(sum(rkey) filter (where in_care and returned), 0)::bigint as in_care_returned_key,
       coalesce(sum(rkey) filter (where reinserted), 0)::bigint as reinserted_key
from per_case
group by sex
order by sex
