-- dq_last_activity
-- Last activity, case event and number of activities per partner, within the scope's partners (all
-- for the data owner and the aggregate roles): who has stopped reporting. Every commune of the
-- partner: its own reporting, not a commune's.
-- grain: partner
-- params: $partners
with a as (select partner, max(start_date) as last_activity, count(*) as activities from activities group by partner),
     c as (select c.partner, max(e.event_date) as last_case_event
           from case_events e join cases c on c.case_id = e.case_id group by c.partner)
select coalesce(a.partner, c.partner) as partner, a.last_activity, a.activities::bigint as activities, c.last_case_event
from a full join c on c.partner = a.partner
where in_list($partners, coalesce(a.partner, c.partner))
order by partner
