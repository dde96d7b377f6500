-- explore_people_groups
-- Person-based indicators (as indicator_people) broken down by age group and setting: distinct people
-- of the role who attended >= 1 qualifying activity, by age group at enrolment (NR: age not recorded),
-- setting (children: site / ecole, NR otherwise) and sex. A person has one age, one setting and one
-- sex, so the cells of an indicator add up exactly to its indicator_people value.
-- grain: indicator x age_group x setting x sex
-- params: $start, $end, $communes, $partners, $sex, $localities
with people as (
    select id, person_key, any_value(sex) as sex, any_value(setting) as setting
    from qualifying($start, $end, $communes, $partners, $sex, $localities)
    group by id, person_key
)
select p.id::varchar as id,
       case when x.age is null then 'NR' else age_group(x.age) end as age_group,
       coalesce(p.setting, 'NR') as setting,
       p.sex,
       count(*)::bigint as value
from people p
join person_keys k on k.person_key = p.person_key
join participants x on x.person_id = k.person_id
group by all
order by all
