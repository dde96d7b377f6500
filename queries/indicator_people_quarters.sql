-- indicator_people_quarters
-- indicator_people when the period is whole quarters (or open): the same figures from person_quarters
-- (one row per person, indicator, partner and quarter; _setup.sql), a third of the rows to read.
-- Person-based indicators: distinct people of the role who attended >= 1 qualifying activity
-- (pe_trained, children_life_skills, ccpe_trained, social_workers_trained, actors_trained,
-- ccpe_advocacy_trained), split by sex and, for children, by setting.
-- grain: indicator
-- params: $start, $end, $communes, $partners, $sex, $localities
with people as (     -- one row per person and indicator (a person has one sex and one setting)
    select id, person_key, any_value(sex) as sex, any_value(setting) as setting
    from qualifying_quarters($start, $end, $communes, $partners, $sex, $localities)
    group by id, person_key
)
select r.id,
       count(p.person_key)::bigint as value,
       count(p.person_key) filter (where p.sex = 'F')::bigint as female,
       count(p.person_key) filter (where p.sex = 'M')::bigint as male,
       count(p.person_key) filter (where p.sex is null)::bigint as sex_unknown,
       count(p.person_key) filter (where p.setting = 'site')::bigint as site,
       count(p.person_key) filter (where p.setting = 'ecole')::bigint as ecole
from (select distinct id from ref_person_indicators) r
left join people p on p.id = r.id
group by r.id
order by r.id
