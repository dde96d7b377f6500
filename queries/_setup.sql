-- _setup
-- Run once when a dataset is opened (after the extracts and ref_* tables are loaded):
-- macros and unfiltered views that the named queries build on. Not a query itself.
-- params: none

create macro in_list(lst, v) as (lst is null or list_contains(lst, v));
create macro in_period(d, s, e) as ((s is null or d >= s) and (e is null or d <= e));
create macro sex_ok(s, want) as (want is null or s = want);
create macro age_group(a) as
    case when a < 12 then '<12' when a <= 14 then '12-14' when a <= 17 then '15-17' else '18+' end;
create macro quarter_label(d) as (year(d)::varchar || '-T' || quarter(d)::varchar);

-- Where each indicator comes from: reference/indicator_sources.csv (table ref_indicator_sources, one
-- row per indicator x mapping; see reference/README.md). The tables below are its views by source.
-- Person-based indicators: the role and activity type that make them (data-contract.md).
create table ref_person_indicators as
select indicator as id, role, activity_type from ref_indicator_sources where source = 'people';

-- Activity-based indicators: a count of activities, or a sum of the crowd counts (participations).
create table ref_activity_indicators as
select indicator as id, case measure when 'activities' then 'count' else 'crowd' end as kind, activity_type
from ref_indicator_sources where source = 'activities';

create table ref_milestone_indicators as
select indicator as id, milestone_kind as kind from ref_indicator_sources where source = 'milestones';

-- Case indicators: the stage a cohort case must reach; a rate is taken among the cases of its `among` indicator.
create table ref_case_indicators as
select s.indicator as id, s.stage, s.among, o.stage as among_stage
from ref_indicator_sources s left join ref_indicator_sources o on o.indicator = s.among
where s.source = 'cases';

create table ref_stages as select * from (values
    ('identifie', 1), ('evalue', 2), ('pris_en_charge', 3), ('retour_famille', 4), ('reinsertion', 5), ('cloture', 6)
) t(stage, stage_order);

-- One row per attendance of a registered person, with the activity and the person.
create view attended as
select p.person_id, p.role, p.sex, p.age, p.setting, p.locality_id as p_locality, p.commune as p_commune,
       a.activity_id, a.activity_type, a.start_date, a.partner as a_partner, a.commune as a_commune,
       a.locality_id as a_locality
from attendance t
join activities a on a.activity_id = t.activity_id
join participants p on p.person_id = t.person_id;

-- Attendances that count for a person-based indicator (the person's role matches the activity
-- type), with the columns the queries read. A table built once when the dataset is opened: joining
-- attendance to activities and participants on text codes in every query was most of its time.
-- Sorted by date, so that a period filter skips whole row groups.
-- Persons are keyed by a dense integer (person_key) in the tables below: grouping and joining
-- half a million attendances on an integer costs about half as much as on a text code.
create table person_keys as
select person_id, (row_number() over (order by person_id))::integer as person_key
from (select distinct person_id from participants);

-- The indicator id as an enum: grouping on it costs what grouping on a small integer does.
create type person_indicator as enum (select distinct id from ref_person_indicators order by id);

create table person_attendance as
select r.id::person_indicator as id, k.person_key, x.sex, x.setting, x.p_locality, x.p_commune, x.a_partner, x.start_date
from attended x
join ref_person_indicators r on r.role = x.role and r.activity_type = x.activity_type
join person_keys k on k.person_id = x.person_id
order by x.start_date;

-- The same attendances folded to one row per person, indicator, partner and quarter (a third of the rows):
-- under a period of whole quarters (every period of the sidebar but « perso »; any period of a protected
-- view) « attended in the period » is « attended in one of its quarters », and the person-based
-- indicators read this table instead (queries/api_indicators.py, indicator_people_quarters.sql).
create table person_quarters as
select distinct id, person_key, sex, setting, p_locality, p_commune, a_partner,
       date_trunc('quarter', start_date)::date as quarter_start
from person_attendance
order by quarter_start;

create macro qualifying_quarters(start_, end_, communes_, partners_, sex_, localities_) as table
select * from person_quarters x
where in_period(x.quarter_start, start_, end_) and in_list(partners_, x.a_partner)
  and in_list(communes_, x.p_commune) and in_list(localities_, x.p_locality) and sex_ok(x.sex, sex_);

-- Focus groups with the person_key of the peer educator who led them.
create table focus_group_leads as
select k.person_key, a.start_date, a.partner
from (select * from activities where activity_type = 'focus_group' and facilitator_id is not null) a
join person_keys k on k.person_id = a.facilitator_id;

-- Tests that can be scored (max_score > 0) of registered persons, by person_key, sorted by date.
create table scored_tests as
select k.person_key, a.kind, a.assessed_on, a.score, a.max_score
from assessments a
join person_keys k on k.person_id = a.person_id
where a.max_score > 0
order by a.assessed_on;

-- Qualifying attendances of person-based indicators under the filters: period and
-- partner on the activity, commune, locality and sex on the person.
create macro qualifying(start_, end_, communes_, partners_, sex_, localities_) as table
select * from person_attendance x
where in_period(x.start_date, start_, end_) and in_list(partners_, x.a_partner)
  and in_list(communes_, x.p_commune) and in_list(localities_, x.p_locality) and sex_ok(x.sex, sex_);

-- The pass rule (README), one place for every query: each person's latest test of each kind in the period,
-- passed when score / max_score >= threshold. The latest test is passed exactly when a passed test has
-- the latest date (two tests on the same day: the better one counts): two max() instead of sorting.
-- One row per person x kind of test.
create macro tests_passed(start_, end_, threshold_) as table
select person_key, kind,
       coalesce(max(assessed_on) filter (where score / max_score >= threshold_) = max(assessed_on), false) as passed
from scored_tests
where in_period(assessed_on, start_, end_)
group by person_key, kind;

-- The children of the indicator a test rate is taken among (children_life_skills) under the filters,
-- with tests_passed. One row per child x kind of test.
create macro children_tested(start_, end_, communes_, partners_, sex_, localities_, threshold_) as table
select k.person_key, k.sex, l.kind, l.passed
from (select person_key, any_value(sex) as sex
      from qualifying(start_, end_, communes_, partners_, sex_, localities_)
      where id in (select among from ref_indicator_sources where source = 'assessments')
      group by person_key) k
join tests_passed(start_, end_, threshold_) l on l.person_key = k.person_key;

-- children_tested when the period is whole quarters (or open): the same children from person_quarters.
create macro children_tested_quarters(start_, end_, communes_, partners_, sex_, localities_, threshold_) as table
select k.person_key, k.sex, l.kind, l.passed
from (select person_key, any_value(sex) as sex
      from qualifying_quarters(start_, end_, communes_, partners_, sex_, localities_)
      where id in (select among from ref_indicator_sources where source = 'assessments')
      group by person_key) k
join tests_passed(start_, end_, threshold_) l on l.person_key = k.person_key;

-- Activities under the filters (the activity's own commune, locality, partner and start date).
create macro acts(start_, end_, communes_, partners_, localities_) as table
select * from activities
where in_period(start_date, start_, end_) and in_list(communes_, commune)
  and in_list(partners_, partner) and in_list(localities_, locality_id);

-- Cases with their commune (through site_id), age group and identification date (a table: see person_attendance).
-- rkey: the case's record key for cell-key rounding (queries/protect.py), from a secret that never
-- leaves the server (table _cell_secret, made by open_dataset); never returned by a query.
create table case_base as
select c.*, l.commune, age_group(c.age) as age_group, i.identified_on,
       (hash(c.case_id || (select s from _cell_secret)) % 2147483648)::bigint as rkey
from cases c
left join ref_localities l on l.locality_id = c.site_id
left join (select case_id, min(event_date) as identified_on
           from case_events where stage = 'identifie' group by case_id) i on i.case_id = c.case_id;

-- First date each case reached each stage (a table: see person_attendance).
create table case_stage_first as
select case_id, stage, min(event_date) as reached_on from case_events group by case_id, stage;

-- The cohort: cases identified within [start, end] under the filters.
create macro cohort(start_, end_, communes_, partners_, sex_, localities_, hide_no_consent_) as table
select * from case_base
where identified_on is not null and in_period(identified_on, start_, end_)
  and in_list(communes_, commune) and in_list(partners_, partner) and sex_ok(sex, sex_)
  and in_list(localities_, site_id)
  and not (hide_no_consent_ and consent_reporting is not true);   -- null: consent unknown = no

-- Each case's reinsertion type: the detail of its first reinsertion reached on or before end.
create macro reinsertion_types(end_) as table
select case_id, arg_min(detail, event_date) as reinsertion_type
from case_events
where stage = 'reinsertion' and (end_ is null or event_date <= end_)
group by case_id;

-- Each cohort case at every stage it reached on or before end.
create macro cohort_stages(start_, end_, communes_, partners_, sex_, localities_, hide_no_consent_) as table
select c.case_id, c.rkey, c.sex, c.age_group, c.site_id, c.commune, c.partner, c.identified_on,
       s.stage, r.stage_order, s.reached_on
from cohort(start_, end_, communes_, partners_, sex_, localities_, hide_no_consent_) c
join case_stage_first s on s.case_id = c.case_id and (end_ is null or s.reached_on <= end_)
join ref_stages r on r.stage = s.stage;
