-- indicator_pe_active
-- pe_active_rate by sex: peer educators of pe_trained who led >= 1 focus_group in the period
-- (the focus group's start date and partner under the filters; commune, locality and sex on the person).
-- grain: sex
-- params: $start, $end, $communes, $partners, $sex, $localities
with trained as (
    select distinct person_id, sex
    from qualifying($start, $end, $communes, $partners, $sex, $localities)
    where id = 'pe_trained'
), led as (
    select distinct facilitator_id as person_id
    from activities
    where activity_type = 'focus_group' and facilitator_id is not null
      and in_period(start_date, $start, $end) and in_list($partners, partner)
)
select t.sex,
       count(*)::bigint as trained,
       count(l.person_id)::bigint as active
from trained t
left join led l on l.person_id = t.person_id
group by t.sex
order by t.sex
