-- milestones_list
-- Capacity and advocacy milestones of the communes with planned and achieved dates and
-- a status at the as-of date (end of the period, else the last date in the data):
-- achieved on time, achieved late, overdue (planned date passed, not achieved), planned.
-- grain: milestone
-- params: $end, $communes
with as_of_date as (
    select coalesce($end::date, greatest((select max(achieved_on) from milestones),
                                         (select max(start_date) from activities))) as d
)
select m.milestone_id, m.kind, m.commune, m.title, m.planned_on,
       case when m.achieved_on <= as_of_date.d then m.achieved_on end as achieved_on,
       case when m.achieved_on <= as_of_date.d and (m.planned_on is null or m.achieved_on <= m.planned_on) then 'a_temps'
            when m.achieved_on <= as_of_date.d then 'en_retard'
            when m.planned_on < as_of_date.d then 'depasse'
            else 'prevu' end as status,
       case when m.achieved_on <= as_of_date.d and m.planned_on is not null
            then date_diff('day', m.planned_on, m.achieved_on) end::bigint as days_late
from milestones m, as_of_date
where in_list($communes, m.commune)
order by m.kind, m.commune, m.planned_on
