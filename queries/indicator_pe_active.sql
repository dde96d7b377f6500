-- indicator_pe_active
-- pe_active_rate by sex: peer educators of pe_trained who led >= 1 focus_group in the period
-- (the focus group's start date and partner under the filters; commune, locality and sex on the person).
-- grain: sex
-- params: $start, $end, $communes, $partners, $sex, $localities
with trained as (
    select person_key, any_value(sex) as sex
    from qualifying($start, $end, $communes, $partners, $sex, $localities)
    where id = 'pe_trained'
    group by person_key
), led as (
    select distinct person_key
    from focus_group_leads
    where in_period(start_date, $start, $end) and in_list($partners, partner)
)
select t.sex,
       count(*)::bigint as trained,
       count(l.person_key)::bigint as active
from trained t
left join led l on l.person_key = t.person_key
group by t.sex
order by t.sex
