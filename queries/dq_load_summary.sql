-- dq_load_summary
-- What was loaded: rows per extract and the range of its main date.
-- grain: table
-- params: none
select 'activities' as table_name, count(*)::bigint as n_rows, min(start_date) as first_date, max(start_date) as last_date from activities
union all select 'participants', count(*), min(enrolled_on), max(enrolled_on) from participants
union all select 'attendance', count(*), null, null from attendance
union all select 'assessments', count(*), min(assessed_on), max(assessed_on) from assessments
union all select 'cases', count(*), null, null from cases
union all select 'case_events', count(*), min(event_date), max(event_date) from case_events
union all select 'case_services', count(*), min(service_date), max(service_date) from case_services
union all select 'milestones', count(*), min(achieved_on), max(achieved_on) from milestones
union all select 'budget', count(*), null, null from budget
