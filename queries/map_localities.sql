-- map_localities
-- Figures per locality for the map bubbles, with the F/M split:
-- children_reached (distinct children of children_life_skills, by the child's locality),
-- people_sensitised (crowd counts of causerie, radio, theatre_forum, caravane held at the locality;
-- commune-wide radio has no locality and is not mapped), focus_groups (held at the locality),
-- cases_identified (cohort cases, at the two gold-mining sites only).
-- grain: locality x metric (case cells with their cell keys: value_key, female_key, male_key)
-- params: $start, $end, $communes, $partners, $sex, $localities, $hide_no_consent
with kid as (          -- one row per child: a person has one locality and one sex
    select p_locality, person_key, any_value(sex) as sex
    from qualifying($start, $end, $communes, $partners, $sex, $localities)
    where id = 'children_life_skills' and p_locality is not null
    group by p_locality, person_key
), kids as (               -- three count(distinct) over every attendance cost 3 hash tables
    select p_locality as locality_id, 'children_reached' as metric, count(*) as value,
           count(*) filter (where sex = 'F') as female, count(*) filter (where sex = 'M') as male,
           null as value_key, null as female_key, null as male_key
    from kid
    group by p_locality
), a as (
    select * from acts($start, $end, $communes, $partners, $localities) where locality_id is not null
), crowds as (
    select locality_id, 'people_sensitised' as metric,
           sum(case $sex when 'F' then girls + women when 'M' then boys + men else girls + boys + women + men end) as value,
           sum(case when $sex = 'M' then 0 else girls + women end) as female,
           sum(case when $sex = 'F' then 0 else boys + men end) as male,
           null as value_key, null as female_key, null as male_key
    from a where activity_type in ('causerie', 'radio', 'theatre_forum', 'caravane')
    group by locality_id
), fgs as (
    select locality_id, 'focus_groups' as metric, count(*) as value, null as female, null as male,
           null as value_key, null as female_key, null as male_key
    from a where activity_type = 'focus_group'
    group by locality_id
), cases as (
    select site_id as locality_id, 'cases_identified' as metric, count(*) as value,
           count(*) filter (where sex = 'F') as female, count(*) filter (where sex = 'M') as male,
           sum(rkey) as value_key, coalesce(sum(rkey) filter (where sex = 'F'), 0) as female_key,
           coalesce(sum(rkey) filter (where sex = 'M'), 0) as male_key
    from cohort($start, $end, $communes, $partners, $sex, $localities, $hide_no_consent)
    where site_id in ('KOKOYO', 'KOFLATIE')
    group by site_id
)
select locality_id, metric, value::bigint as value, female::bigint as female, male::bigint as male,
       value_key::bigint as value_key, female_key::bigint as female_key, male_key::bigint as male_key
from (select * from kids union all select * from crowds union all select * from fgs union all select * from cases)
order by metric, locality_id
