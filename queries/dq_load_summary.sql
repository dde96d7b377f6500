-- dq_load_summary
-- What was loaded: rows per extract and the range of its main date, within the scope (the role's
-- communes and partners; all for the data owner): a row belongs to the partner and commune of its own
-- columns, or of the activity, person or case it belongs to (milestones: no partner; budget: no commune).
-- grain: table
-- params: $communes, $partners
with act as (select * from activities where in_list($communes, commune) and in_list($partners, partner)),
     per as (select * from participants where in_list($communes, commune) and in_list($partners, partner)),
     cas as (select c.* from cases c left join ref_localities l on l.locality_id = c.site_id
             where in_list($communes, l.commune) and in_list($partners, c.partner)),
     everything as (select $communes is null and $partners is null as yes)
select 'activities' as table_name, count(*)::bigint as n_rows, min(start_date) as first_date, max(start_date) as last_date from act
union all select 'participants', count(*), min(enrolled_on), max(enrolled_on) from per
union all select 'attendance', count(*), null, null from attendance
    where (select yes from everything) or activity_id in (select activity_id from act)
union all select 'assessments', count(*), min(assessed_on), max(assessed_on) from assessments
    where (select yes from everything) or person_id in (select person_id from per)
union all select 'cases', count(*), null, null from cas
union all select 'case_events', count(*), min(event_date), max(event_date) from case_events
    where (select yes from everything) or case_id in (select case_id from cas)
union all select 'case_services', count(*), min(service_date), max(service_date) from case_services
    where (select yes from everything) or case_id in (select case_id from cas)
union all select 'milestones', count(*), min(achieved_on), max(achieved_on) from milestones
    where in_list($communes, commune) and $partners is null
union all select 'budget', count(*), null, null from budget where in_list($partners, partner)
