-- dq_issues
-- Every row that the indicators leave out or that looks wrong, with why (French), and whose row it is
-- (partner, commune: the row's own, or that of the activity, person or case it belongs to; null when
-- unknown), so that a partner holding the follow-up right sees its own rows only.
-- The key may be a case code: for the data owner, or a partner's own rows with the right.
-- grain: problem x row
-- params: $today, $project_start, $project_end
with dup_act as (select activity_id from activities group by 1 having count(*) > 1),
     dup_per as (select person_id from participants group by 1 having count(*) > 1),
     dup_case as (select case_id from cases group by 1 having count(*) > 1),
     ident as (select case_id, min(event_date) as d from case_events where stage = 'identifie' group by 1),
     stages as (select e.case_id, r.stage_order, e.stage, min(e.event_date) as d
                from case_events e join ref_stages r using (stage) group by all),
     act_owner as (select activity_id, any_value(partner) as partner, any_value(commune) as commune
                   from activities group by 1),
     per_owner as (select person_id, any_value(partner) as partner, any_value(commune) as commune
                   from participants group by 1),
     case_owner as (select c.case_id, any_value(c.partner) as partner, any_value(l.commune) as commune
                    from cases c left join ref_localities l on l.locality_id = c.site_id group by 1),
issues as (
select 'activities' as table_name, activity_id as row_key, 'erreur' as severity,
       'identifiant en double' as problem, null as detail from dup_act
union all
select 'activities', a.activity_id, 'avertissement', 'commune différente de celle de la localité',
       a.commune || ' ≠ ' || l.commune || ' (' || a.locality_id || ')'
from activities a join ref_localities l on l.locality_id = a.locality_id where a.commune <> l.commune
union all
select 'activities', activity_id, 'avertissement', 'date hors de la période du projet (avril 2020 – décembre 2022)',
       strftime(start_date, '%d/%m/%Y') from activities where start_date < $project_start::date or start_date > $project_end::date
union all
select 'activities', activity_id, 'erreur', 'date dans le futur', strftime(start_date, '%d/%m/%Y')
from activities where start_date > $today::date
union all
select 'activities', activity_id, 'erreur', 'date de fin avant la date de début',
       strftime(start_date, '%d/%m/%Y') || ' → ' || strftime(end_date, '%d/%m/%Y') from activities where end_date < start_date
union all
select 'activities', a.activity_id, 'avertissement', 'focus group sans pair éducateur animateur connu',
       coalesce(a.facilitator_id, 'facilitator_id vide')
from activities a left join participants p on p.person_id = a.facilitator_id and p.role = 'pair_educateur'
where a.activity_type = 'focus_group' and p.person_id is null
union all
select 'activities', activity_id, 'erreur', 'effectif négatif', null
from activities where least(girls, boys, women, men) < 0
union all
select 'participants', person_id, 'erreur', 'identifiant en double', null from dup_per
union all
select 'participants', person_id, 'avertissement', 'enfant sans cadre (site / école)', null
from participants where role = 'enfant' and setting is null
union all
select 'participants', p.person_id, 'avertissement', 'commune différente de celle de la localité',
       p.commune || ' ≠ ' || l.commune || ' (' || p.locality_id || ')'
from participants p join ref_localities l on l.locality_id = p.locality_id where p.commune <> l.commune
union all
select 'participants', person_id, 'avertissement', 'sexe non renseigné', role from participants where sex is null
union all
select 'attendance', t.activity_id || ' / ' || t.person_id, 'erreur', 'présence à une activité inconnue (ligne exclue)', null
from attendance t left join activities a on a.activity_id = t.activity_id where a.activity_id is null
union all
select 'attendance', t.activity_id || ' / ' || t.person_id, 'erreur', 'présence d''une personne non enregistrée (ligne exclue)', null
from attendance t left join participants p on p.person_id = t.person_id where p.person_id is null
union all
select 'assessments', s.person_id, 'erreur', 'test d''une personne non enregistrée (ligne exclue)', s.kind
from assessments s left join participants p on p.person_id = s.person_id where p.person_id is null
union all
select 'assessments', person_id, 'erreur', 'score supérieur au score maximum ou maximum nul',
       score::varchar || ' / ' || max_score::varchar from assessments where score > max_score or max_score <= 0 or score < 0
union all
select 'cases', case_id, 'erreur', 'identifiant en double', null from dup_case
union all
select 'cases', c.case_id, 'erreur', 'aucune étape « identifié » : cas exclu de la cohorte', null
from cases c left join ident i on i.case_id = c.case_id where i.case_id is null
union all
select 'cases', case_id, 'erreur', 'âge hors de 0 à 17 ans', age::varchar from cases where age < 0 or age > 17
union all
select 'cases', case_id, 'avertissement', 'cas identifié dans un village et non sur un site aurifère', site_id
from cases where site_id not in ('KOKOYO', 'KOFLATIE')
union all
select 'cases', case_id, 'information', 'consentement refusé : cas exclu des vues agrégées', null
from cases where consent_reporting is false
union all
select 'cases', case_id, 'information', 'consentement inconnu : cas exclu des vues agrégées', null
from cases where consent_reporting is null
union all
select 'case_events', e.case_id, 'erreur', 'étape d''un cas inconnu (ligne exclue)', e.stage
from case_events e left join cases c on c.case_id = e.case_id where c.case_id is null
union all
select 'case_events', s.case_id, 'erreur', 'étape datée avant l''identification',
       s.stage || ' le ' || strftime(s.d, '%d/%m/%Y') || ', identifié le ' || strftime(i.d, '%d/%m/%Y')
from stages s join ident i on i.case_id = s.case_id where s.d < i.d
union all
select 'case_events', s.case_id, 'avertissement', 'étape atteinte sans l''étape précédente',
       s.stage || ' sans ' || r.stage
from stages s join ref_stages r on r.stage_order = s.stage_order - 1
left join stages p on p.case_id = s.case_id and p.stage_order = s.stage_order - 1
where s.stage_order > 1 and p.case_id is null
union all
select 'case_events', case_id, 'erreur', 'date dans le futur', stage || ' le ' || strftime(event_date, '%d/%m/%Y')
from case_events where event_date > $today::date
union all
select 'case_services', v.case_id, 'erreur', 'service d''un cas inconnu (ligne exclue)', v.service
from case_services v left join cases c on c.case_id = v.case_id where c.case_id is null
union all
select 'milestones', milestone_id, 'erreur', 'jalon atteint dans le futur', strftime(achieved_on, '%d/%m/%Y')
from milestones where achieved_on > $today::date
)
select i.*,
       coalesce(a.partner, p.partner, c.partner, ta.partner, tp.partner, sp.partner, v.partner) as partner,
       coalesce(a.commune, p.commune, c.commune, m.commune, ta.commune, tp.commune, sp.commune) as commune
from issues i
left join act_owner a on i.table_name = 'activities' and a.activity_id = i.row_key
left join per_owner p on i.table_name = 'participants' and p.person_id = i.row_key
left join case_owner c on i.table_name in ('cases', 'case_events', 'case_services') and c.case_id = i.row_key
left join (select milestone_id, any_value(commune) as commune from milestones group by 1) m
       on i.table_name = 'milestones' and m.milestone_id = i.row_key
left join act_owner ta on i.table_name = 'attendance' and split_part(i.row_key, ' / ', 1) = ta.activity_id
left join per_owner tp on i.table_name = 'attendance' and split_part(i.row_key, ' / ', 2) = tp.person_id
left join per_owner sp on i.table_name = 'assessments' and sp.person_id = i.row_key
left join (select case_id, any_value(partner) as partner from case_services group by 1) v
       on i.table_name = 'case_services' and v.case_id = i.row_key
order by 1, 3, 4, 2
