-- children_reach
-- Children reached through focus groups: distinct children versus participations
-- (a child attending five focus groups is one child and five participations), by setting and sex.
-- grain: setting x sex
-- params: $start, $end, $communes, $partners, $sex, $localities
select setting, sex,
       count(distinct person_key)::bigint as children,
       count(*)::bigint as participations
from qualifying($start, $end, $communes, $partners, $sex, $localities)
where id = 'children_life_skills'
group by setting, sex
order by setting, sex
