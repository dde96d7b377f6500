-- indicator_cases
-- Case cohort indicators by sex, one row per case indicator of reference/indicator_sources.csv (table
-- ref_case_indicators): of the cases identified in [start, end], those that reached the indicator's
-- stage by end (n); for a rate, den counts the cases that reached the stage of the indicator it is taken
-- among, and n those of them that also reached its own stage (den is null for a count).
-- grain: indicator x sex (F, M, null); every count with its cell key (n_key, den_key)
-- params: $start, $end, $communes, $partners, $sex, $localities, $hide_no_consent
with per_case as (
    select case_id, any_value(sex) as sex, any_value(rkey) as rkey, list(stage) as stages
    from cohort_stages($start, $end, $communes, $partners, $sex, $localities, $hide_no_consent)
    group by case_id
), flagged as (
    select r.id, r.among, c.sex, c.rkey,
           list_contains(c.stages, r.stage) and (r.among is null or list_contains(c.stages, r.among_stage)) as num,
           r.among is not null and list_contains(c.stages, r.among_stage) as den
    from ref_case_indicators r cross join per_case c
)
-- cell keys (sum of the cases' record keys): the same cases give the same key in any view
select id, sex,
       count(*) filter (where num)::bigint as n,
       coalesce(sum(rkey) filter (where num), 0)::bigint as n_key,
       case when any_value(among) is not null then count(*) filter (where den) end::bigint as den,
       case when any_value(among) is not null then coalesce(sum(rkey) filter (where den), 0) end::bigint as den_key
from flagged
group by id, sex
order by id, sex
