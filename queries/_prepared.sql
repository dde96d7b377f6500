-- _prepared
-- Run once when a data version is built, after _setup.sql (queries/prepared.py::build, which first makes
-- prepared_grains, prepared_meta and the macros prepared_bucket / prepared_slot): the overview's indicator
-- statements answered for every grain the sidebar offers, one set-based statement per kind of indicator.
-- Not a query itself. See the docstring of queries/prepared.py for the design.
-- params: none

-- The periods of the grains (whole project, years, quarters), with their bounds.
create table prepared_periods as
select distinct period_id, start_, end_ from prepared_grains order by period_id;

-- indicator_people_quarters: one row per period x partner selection x indicator x the person's commune,
-- locality, sex and setting (fixed per person), the number of distinct people (n) and its parts by sex and
-- setting. People are folded first to their pattern: the quarters x partners they attended (a bit mask),
-- so that each grain is one AND. A zero row per grain and indicator (zero: true) gives every indicator a row.
create table prepared_people as
with per as (
    select id::varchar as id, person_key, any_value(sex) as sex, any_value(setting) as setting,
           any_value(p_commune) as commune, any_value(p_locality) as locality,
           bit_or(1::bigint << prepared_bit(quarter_start, a_partner)) as m
    from person_quarters
    group by id, person_key
), pats as (
    select id, sex, setting, commune, locality, m, count(*) as n from per group by all
), counted as (
    select g.period_id, g.psub, p.id, p.commune, p.locality, p.sex, p.setting, sum(p.n)::bigint as n
    from pats p join prepared_grains g on (p.m & g.gmask) <> 0
    group by all
)
select period_id, psub, id, false as zero, commune, locality, sex, n,
       case when sex = 'F' then n else 0 end as female, case when sex = 'M' then n else 0 end as male,
       case when sex is null then n else 0 end as sex_unknown,
       case when setting = 'site' then n else 0 end as site, case when setting = 'ecole' then n else 0 end as ecole
from counted
union all
select g.period_id, g.psub, r.id, true, null, null, null, 0, 0, 0, 0, 0, 0
from prepared_grains g cross join (select distinct id::varchar as id from ref_person_indicators) r
order by period_id, psub, id, zero;

-- indicator_pe_active: peer educators trained (pe_trained, dates of the attendances) and those who led a
-- focus group, folded to their two patterns (trained, led), then per grain.
create table prepared_pe_active as
with trained as (
    select person_key, any_value(sex) as sex, any_value(p_commune) as commune, any_value(p_locality) as locality,
           bit_or(1::bigint << prepared_bit(start_date, a_partner)) as tm
    from person_attendance
    where id = 'pe_trained'
    group by person_key
), led as (
    select person_key, bit_or(1::bigint << prepared_bit(start_date, partner)) as lm
    from focus_group_leads
    group by person_key
), pats as (
    select t.sex, t.commune, t.locality, t.tm, coalesce(l.lm, 0) as lm, count(*) as n
    from trained t left join led l on l.person_key = t.person_key
    group by all
)
select g.period_id, g.psub, p.sex, p.commune, p.locality, sum(p.n)::bigint as trained,
       coalesce(sum(p.n) filter (where (p.lm & g.gmask) <> 0), 0)::bigint as active
from pats p join prepared_grains g on (p.tm & g.gmask) <> 0
group by all
order by all;

-- Knowledge tests (assessment_rates, and indicator_pass_rate_quarters: its kind of test only): the children
-- of the indicator the rate is taken among, with the pass rule of tests_passed (_setup.sql) per period, folded
-- to their pattern within each period before meeting the grains; per period x partner selection x kind.
create table prepared_assessments as
with children as (
    select person_key, any_value(sex) as sex, any_value(p_commune) as commune, any_value(p_locality) as locality,
           bit_or(1::bigint << prepared_bit(quarter_start, a_partner)) as m
    from person_quarters
    where id in (select among from ref_indicator_sources where source = 'assessments')
    group by person_key
), passed as (
    select g.period_id, t.person_key, t.kind,
           coalesce(max(t.assessed_on) filter (where t.score / t.max_score >= (select pass_threshold from prepared_meta))
                    = max(t.assessed_on), false) as passed
    from scored_tests t join prepared_periods g on in_period(t.assessed_on, g.start_, g.end_)
    group by g.period_id, t.person_key, t.kind
), pats as (
    select t.period_id, t.kind, c.sex, c.commune, c.locality, c.m, count(*) as tested,
           count(*) filter (where t.passed) as passed
    from passed t join children c on c.person_key = t.person_key
    group by all
)
select g.period_id, g.psub, p.kind, p.sex, p.commune, p.locality, sum(p.tested)::bigint as tested,
       sum(p.passed)::bigint as passed
from pats p join prepared_grains g on g.period_id = p.period_id and (p.m & g.gmask) <> 0
group by all
order by all;

-- indicator_cases: the cohort of each period (cases identified in it, stages reached by its end), per
-- indicator x the case's sex, site, commune, partner and consent (all fixed per case: additive).
create table prepared_cases as
with per_case as (
    select g.period_id, c.case_id, any_value(c.sex) as sex, any_value(c.rkey) as rkey,
           any_value(c.site_id) as site_id, any_value(c.commune) as commune, any_value(c.partner) as partner,
           any_value(c.consent_reporting is true) as consent, list(s.stage) as stages
    from prepared_periods g
    join case_base c on c.identified_on is not null and in_period(c.identified_on, g.start_, g.end_)
    join case_stage_first s on s.case_id = c.case_id and (g.end_ is null or s.reached_on <= g.end_)
    join ref_stages r on r.stage = s.stage
    group by g.period_id, c.case_id
), flagged as (
    select c.period_id, r.id, r.among is not null as rate, c.sex, c.site_id, c.commune, c.partner, c.consent, c.rkey,
           list_contains(c.stages, r.stage) and (r.among is null or list_contains(c.stages, r.among_stage)) as num,
           r.among is not null and list_contains(c.stages, r.among_stage) as den
    from ref_case_indicators r cross join per_case c
)
select period_id, id, rate, sex, site_id, commune, partner, consent,
       count(*) filter (where num)::bigint as n, coalesce(sum(rkey) filter (where num), 0)::bigint as n_key,
       count(*) filter (where den)::bigint as den, coalesce(sum(rkey) filter (where den), 0)::bigint as den_key
from flagged
group by all
order by all;

-- indicator_activities: activities by indicator, quarter (bucket), partner, commune and locality: additive;
-- a zero row per indicator.
create table prepared_activities as
select r.id, any_value(r.kind) as kind, false as zero, prepared_bucket(a.start_date) as bucket, a.partner,
       a.commune, a.locality_id, count(*)::bigint as n, sum(a.girls + a.women)::bigint as f,
       sum(a.boys + a.men)::bigint as m
from ref_activity_indicators r join activities a on a.activity_type = r.activity_type
group by r.id, bucket, a.partner, a.commune, a.locality_id
union all
select id, any_value(kind), true, null, null, null, null, 0, 0, 0 from ref_activity_indicators group by id
order by id, zero;

-- indicator_milestones: milestones achieved by indicator, quarter (bucket) and commune: additive; a zero
-- row per indicator.
create table prepared_milestones as
select r.id, false as zero, prepared_bucket(m.achieved_on) as bucket, m.commune, count(*)::bigint as n
from ref_milestone_indicators r join milestones m on m.kind = r.kind
where m.achieved_on is not null
group by all
union all
select distinct id, true, null, null, 0 from ref_milestone_indicators
order by id, zero;

-- indicator_monthly (the progress curves), prepared like the statements above. People: each person's first
-- month attended within each grain (period x partner selection) is the earliest of the first months of the
-- quarter x partner cells (bits) of the grain that they attended; people are folded to their pattern (the
-- list of cells with their first months) first, so each distinct pattern is joined to the grains once.
-- Cases: per period, the month each cohort case reached each counted stage (the later of its identification
-- and that stage), with its record key. Activities and milestones: by month, additive.
create table prepared_monthly_people as
with pq as (
    select id::varchar as id, person_key, any_value(sex) as sex, any_value(p_commune) as commune,
           any_value(p_locality) as locality, prepared_bit(start_date, a_partner) as bit,
           min(date_trunc('month', start_date))::date as month
    from person_attendance
    group by id, person_key, bit
), per as (
    select id, any_value(sex) as sex, any_value(commune) as commune, any_value(locality) as locality,
           list(struct_pack(bit := bit, month := month) order by bit) as pat
    from pq
    group by id, person_key
), pats as (
    select row_number() over () as pid, id, sex, commune, locality, pat, n
    from (select id, sex, commune, locality, pat, count(*)::bigint as n from per group by all)
), cells as (
    select pid, unnest(pat, recursive := true) from pats
), firsts as (
    select c.pid, g.period_id, g.psub, min(c.month) as month
    from cells c join prepared_grains g on (g.gmask >> c.bit) & 1 = 1
    group by c.pid, g.period_id, g.psub
)
select f.period_id, f.psub, p.id, p.commune, p.locality, p.sex, f.month, sum(p.n)::bigint as n
from firsts f join pats p on p.pid = f.pid
group by all
order by all;

create table prepared_monthly_cases as
select g.period_id, r.id, date_trunc('month', greatest(c.identified_on, s.reached_on))::date as month,
       c.sex, c.site_id, c.commune, c.partner, c.consent_reporting is true as consent,
       count(*)::bigint as n, sum(c.rkey)::bigint as k
from prepared_periods g
join case_base c on c.identified_on is not null and in_period(c.identified_on, g.start_, g.end_)
join case_stage_first s on s.case_id = c.case_id and (g.end_ is null or s.reached_on <= g.end_)
join ref_case_indicators r on r.stage = s.stage and r.among is null
group by all
order by all;

create table prepared_monthly_acts as
select r.id, any_value(r.kind) as kind, date_trunc('month', a.start_date)::date as month, a.partner, a.commune,
       a.locality_id, count(*)::bigint as n, sum(a.girls + a.women)::bigint as f, sum(a.boys + a.men)::bigint as m,
       sum(a.girls + a.boys + a.women + a.men)::bigint as t
from ref_activity_indicators r join activities a on a.activity_type = r.activity_type
group by r.id, month, a.partner, a.commune, a.locality_id
order by all;

create table prepared_monthly_milestones as
select r.id, date_trunc('month', m.achieved_on)::date as month, m.commune, count(*)::bigint as n
from ref_milestone_indicators r join milestones m on m.kind = r.kind
where m.achieved_on is not null
group by all
order by all;

-- map_localities (the map's bubbles): the children reached come from prepared_people; the activities held at
-- a locality by type, quarter (bucket), partner and commune; the cohort cases at the two sites per period.
create table prepared_map_acts as
select activity_type, prepared_bucket(start_date) as bucket, partner, commune, locality_id, count(*)::bigint as n,
       sum(girls + women)::bigint as f, sum(boys + men)::bigint as m, sum(girls + boys + women + men)::bigint as t
from activities
where locality_id is not null and activity_type in ('causerie', 'radio', 'theatre_forum', 'caravane', 'focus_group')
group by all
order by all;

create table prepared_map_cases as
select g.period_id, c.site_id, c.commune, c.partner, c.sex, c.consent_reporting is true as consent,
       count(*)::bigint as n, sum(c.rkey)::bigint as k
from prepared_periods g
join case_base c on c.identified_on is not null and in_period(c.identified_on, g.start_, g.end_)
where c.site_id in ('KOKOYO', 'KOFLATIE')
group by all
order by all;

-- The cases page (case_funnel, case_services, case_breakdowns, case_left_out): the cohort of each period (cases
-- identified in it; the stages they reached, the services they received and the reinsertion they had on or
-- before its end), grouped by what a case has one of (commune, partner, site, sex, consent) and by the
-- statement's own rows: the counts and their cell keys (sums of record keys) add up over those.
create table prepared_case_cohort as
select g.period_id, g.end_, c.case_id, c.rkey, c.sex, c.age_group, c.site_id, c.commune, c.partner,
       c.consent_reporting is true as consent, c.nationality, c.referral_source, c.exploitation
from prepared_periods g
join case_base c on c.identified_on is not null and in_period(c.identified_on, g.start_, g.end_);

create table prepared_case_funnel as
select c.period_id, c.commune, c.partner, c.site_id, c.consent, c.sex, c.age_group, s.stage,
       any_value(r.stage_order) as stage_order, count(*)::bigint as n, sum(c.rkey)::bigint as n_key
from prepared_case_cohort c
join case_stage_first s on s.case_id = c.case_id and (c.end_ is null or s.reached_on <= c.end_)
join ref_stages r on r.stage = s.stage
group by c.period_id, c.commune, c.partner, c.site_id, c.consent, c.sex, c.age_group, s.stage
order by all;

create table prepared_case_services as
with per_case as (
    select c.period_id, v.service, c.sex, c.case_id, any_value(c.rkey) as rkey, any_value(c.commune) as commune,
           any_value(c.partner) as partner, any_value(c.site_id) as site_id, any_value(c.consent) as consent,
           count(*) as services
    from prepared_case_cohort c
    join case_services v on v.case_id = c.case_id and (c.end_ is null or v.service_date <= c.end_)
    group by c.period_id, v.service, c.sex, c.case_id
)
select period_id, service, sex, commune, partner, site_id, consent,
       count(*)::bigint as cases, sum(rkey)::bigint as cases_key,
       sum(services)::bigint as services, sum(rkey * services)::bigint as services_key
from per_case
group by all
order by all;

-- case_breakdowns' grouping sets, with the period and the case's filter columns in each set; set_id (as the
-- statement's: a bit for each dimension not grouped on) orders the dimensions.
create table prepared_case_breakdowns as
with r as (
    select g.period_id, e.case_id, arg_min(e.detail, e.event_date) as reinsertion_type
    from prepared_periods g
    join case_events e on e.stage = 'reinsertion' and (g.end_ is null or e.event_date <= g.end_)
    group by g.period_id, e.case_id
), g as (
    select grouping(c.nationality, c.referral_source, c.exploitation, r.reinsertion_type) as set_id,
           c.period_id, c.commune, c.partner, c.site_id, c.consent,
           c.nationality, c.referral_source, c.exploitation, r.reinsertion_type, c.sex,
           count(*)::bigint as n,
           sum(c.rkey)::bigint as n_key
    from prepared_case_cohort c
    left join r on r.period_id = c.period_id and r.case_id = c.case_id
    group by grouping sets (
        (c.period_id, c.commune, c.partner, c.site_id, c.consent, c.nationality, c.sex),
        (c.period_id, c.commune, c.partner, c.site_id, c.consent, c.referral_source, c.sex),
        (c.period_id, c.commune, c.partner, c.site_id, c.consent, c.exploitation, c.sex),
        (c.period_id, c.commune, c.partner, c.site_id, c.consent, r.reinsertion_type, c.sex))
)
select period_id, commune, partner, site_id, consent, set_id,
       case set_id when 7 then 'nationality' when 11 then 'referral_source' when 13 then 'exploitation'
                   when 14 then 'reinsertion_type' end as dimension,
       case set_id when 7 then nationality when 11 then referral_source when 13 then exploitation
                   when 14 then reinsertion_type end as value,
       sex, n, n_key
from g
where value is not null
order by all;

create table prepared_case_counts as
select period_id, commune, partner, site_id, sex, consent, count(*)::bigint as n
from prepared_case_cohort
group by all
order by all;

drop table prepared_case_cohort;
