-- dq_issues
-- Every row that the indicators leave out or that looks wrong, with why: a stable problem `code` and the
-- values its message is written with (`value`, `expected`, `locality`, `on_date`, `other_date`; the words, in
-- French and English, are in dashboard/texts/quality.py), and whose row it is
-- (partner, commune: the row's own, or that of the activity, person or case it belongs to; null when
-- unknown), so that a partner holding the follow-up right sees its own rows only.
-- The key may be a case code: for the data owner, or a partner's own rows with the right.
-- Within the scope (bind): a row of a partner of $partners (never one whose partner is unknown), in a
-- commune of $communes or of no known commune; all rows for the data owner and the aggregate roles.
-- grain: problem x row
-- params: $today, $communes, $partners, $project_start, $project_end
with dup_act as (select activity_id from activities group by 1 having count(*) > 1),
     dup_per as (select person_id from participants group by 1 having count(*) > 1),
     dup_case as (select case_id from cases group by 1 having count(*) > 1),
     ident as (select case_id, min(event_date) as d from case_events where stage = 'identifie' group by 1),
     stages as (select e.case_id, r.stage_order, e.stage, min(e.event_date) as d
                from case_events e join ref_stages r using (stage) group by all),
issues as (
select 'activities' as table_name, activity_id as row_key, 'erreur' as severity, 'duplicate_key' as code
from dup_act
union all by name
select 'activities' as table_name, a.activity_id as row_key, 'avertissement' as severity, 'commune_mismatch' as code,
       a.commune as value, l.commune as expected, a.locality_id as locality
from activities a join ref_localities l on l.locality_id = a.locality_id where a.commune <> l.commune
union all by name
select 'activities' as table_name, activity_id as row_key, 'avertissement' as severity,
       'date_outside_project' as code, start_date as on_date from activities where start_date < $project_start::date or start_date > $project_end::date
union all by name
select 'activities' as table_name, activity_id as row_key, 'erreur' as severity, 'activity_in_future' as code,
       start_date as on_date
from activities where start_date > $today::date
union all by name
select 'activities' as table_name, activity_id as row_key, 'erreur' as severity, 'end_before_start' as code,
       start_date as on_date, end_date as other_date from activities where end_date < start_date
union all by name
select 'activities' as table_name, a.activity_id as row_key, 'avertissement' as severity,
       'focus_group_no_facilitator' as code, a.facilitator_id as value
from activities a left join participants p on p.person_id = a.facilitator_id and p.role = 'pair_educateur'
where a.activity_type = 'focus_group' and p.person_id is null
union all by name
select 'activities' as table_name, activity_id as row_key, 'erreur' as severity, 'negative_count' as code
from activities where least(girls, boys, women, men) < 0
union all by name
select 'participants' as table_name, person_id as row_key, 'erreur' as severity, 'duplicate_key' as code from dup_per
union all by name
select 'participants' as table_name, person_id as row_key, 'avertissement' as severity,
       'child_without_setting' as code
from participants where role = 'enfant' and setting is null
union all by name
select 'participants' as table_name, p.person_id as row_key, 'avertissement' as severity, 'commune_mismatch' as code,
       p.commune as value, l.commune as expected, p.locality_id as locality
from participants p join ref_localities l on l.locality_id = p.locality_id where p.commune <> l.commune
union all by name
select 'participants' as table_name, person_id as row_key, 'avertissement' as severity, 'sex_not_recorded' as code,
       role as value from participants where sex is null
union all by name
select 'attendance' as table_name, t.activity_id || ' / ' || t.person_id as row_key, 'erreur' as severity,
       'attendance_unknown_activity' as code
from attendance t left join activities a on a.activity_id = t.activity_id where a.activity_id is null
union all by name
select 'attendance' as table_name, t.activity_id || ' / ' || t.person_id as row_key, 'erreur' as severity,
       'attendance_unknown_person' as code
from attendance t left join participants p on p.person_id = t.person_id where p.person_id is null
union all by name
select 'assessments' as table_name, s.person_id as row_key, 'erreur' as severity, 'test_unknown_person' as code,
       s.kind as value
from assessments s left join participants p on p.person_id = s.person_id where p.person_id is null
union all by name
select 'assessments' as table_name, person_id as row_key, 'erreur' as severity, 'score_above_max' as code,
       score::varchar as value, max_score::varchar as expected from assessments where score > max_score or max_score <= 0 or score < 0
union all by name
select 'cases' as table_name, case_id as row_key, 'erreur' as severity, 'duplicate_key' as code from dup_case
union all by name
select 'cases' as table_name, c.case_id as row_key, 'erreur' as severity, 'no_identified_step' as code
from cases c left join ident i on i.case_id = c.case_id where i.case_id is null
union all by name
select 'cases' as table_name, case_id as row_key, 'erreur' as severity, 'age_out_of_range' as code,
       age::varchar as value from cases where age < 0 or age > 17
union all by name
select 'cases' as table_name, case_id as row_key, 'avertissement' as severity, 'case_in_village' as code,
       site_id as value
from cases where site_id not in ('KOKOYO', 'KOFLATIE')
union all by name
select 'cases' as table_name, case_id as row_key, 'information' as severity, 'consent_refused' as code
from cases where consent_reporting is false
union all by name
select 'cases' as table_name, case_id as row_key, 'information' as severity, 'consent_unknown' as code
from cases where consent_reporting is null
union all by name
select 'case_events' as table_name, e.case_id as row_key, 'erreur' as severity, 'event_unknown_case' as code,
       e.stage as value
from case_events e left join cases c on c.case_id = e.case_id where c.case_id is null
union all by name
select 'case_events' as table_name, s.case_id as row_key, 'erreur' as severity,
       'event_before_identification' as code, s.stage as value, s.d as on_date, i.d as other_date
from stages s join ident i on i.case_id = s.case_id where s.d < i.d
union all by name
select 'case_events' as table_name, s.case_id as row_key, 'avertissement' as severity,
       'stage_without_previous' as code, s.stage as value, r.stage as expected
from stages s join ref_stages r on r.stage_order = s.stage_order - 1
left join stages p on p.case_id = s.case_id and p.stage_order = s.stage_order - 1
where s.stage_order > 1 and p.case_id is null
union all by name
select 'case_events' as table_name, case_id as row_key, 'erreur' as severity, 'event_in_future' as code,
       stage as value, event_date as on_date
from case_events where event_date > $today::date
union all by name
select 'case_services' as table_name, v.case_id as row_key, 'erreur' as severity, 'service_unknown_case' as code,
       v.service as value
from case_services v left join cases c on c.case_id = v.case_id where c.case_id is null
union all by name
select 'milestones' as table_name, milestone_id as row_key, 'erreur' as severity, 'milestone_in_future' as code,
       achieved_on as on_date
from milestones where achieved_on > $today::date
),
-- whose row it is: looked up for the few rows found only (a lookup over whole tables held ~100 MB at x100)
keys as (
    select distinct k from (
        select row_key as k from issues where table_name in ('activities', 'participants', 'assessments',
                                                             'cases', 'case_events', 'case_services', 'milestones')
        union all select split_part(row_key, ' / ', 1) from issues where table_name = 'attendance'
        union all select split_part(row_key, ' / ', 2) from issues where table_name = 'attendance')
),
act_owner as (select activity_id, any_value(partner) as partner, any_value(commune) as commune
              from activities semi join keys on keys.k = activities.activity_id group by 1),
per_owner as (select person_id, any_value(partner) as partner, any_value(commune) as commune
              from participants semi join keys on keys.k = participants.person_id group by 1),
case_owner as (select c.case_id, any_value(c.partner) as partner, any_value(l.commune) as commune
               from cases c semi join keys on keys.k = c.case_id
               left join ref_localities l on l.locality_id = c.site_id group by 1),
svc_owner as (select case_id, any_value(partner) as partner
              from case_services semi join keys on keys.k = case_services.case_id group by 1),
ms_owner as (select milestone_id, any_value(commune) as commune
             from milestones semi join keys on keys.k = milestones.milestone_id group by 1)
select * from (
select i.*,
       coalesce(a.partner, p.partner, c.partner, ta.partner, tp.partner, sp.partner, v.partner) as partner,
       coalesce(a.commune, p.commune, c.commune, m.commune, ta.commune, tp.commune, sp.commune) as commune
from issues i
left join act_owner a on i.table_name = 'activities' and a.activity_id = i.row_key
left join per_owner p on i.table_name = 'participants' and p.person_id = i.row_key
left join case_owner c on i.table_name in ('cases', 'case_events', 'case_services') and c.case_id = i.row_key
left join ms_owner m on i.table_name = 'milestones' and m.milestone_id = i.row_key
left join act_owner ta on i.table_name = 'attendance' and split_part(i.row_key, ' / ', 1) = ta.activity_id
left join per_owner tp on i.table_name = 'attendance' and split_part(i.row_key, ' / ', 2) = tp.person_id
left join per_owner sp on i.table_name = 'assessments' and sp.person_id = i.row_key
left join svc_owner v on i.table_name = 'case_services' and v.case_id = i.row_key
) owned
where ($partners is null or (partner is not null and list_contains($partners, partner)))
  and ($communes is null or commune is null or list_contains($communes, commune))
order by 1, 3, 4, 2
