-- indicator_monthly
-- Cumulative value of every count indicator at the end of each month of the period (default:
-- the project, April 2020 - December 2022), for progress curves. Each month's value is the
-- indicator computed with end = that month's last day (cases: cohort identified since start).
-- grain: indicator x month (case indicators with the cell key of the cumulative value)
-- params: $start, $end, $communes, $partners, $sex, $localities, $hide_no_consent, $project_start, $project_end
with months as (
    select unnest(generate_series(date_trunc('month', coalesce($start::date, $project_start::date)),
                                  date_trunc('month', coalesce($end::date, $project_end::date)),
                                  interval 1 month))::date as month
), people as (
    select id, person_key, min(start_date) as d
    from qualifying($start, $end, $communes, $partners, $sex, $localities)
    group by id, person_key
), activity_events as (
    select r.id, a.start_date as d,
           case when r.kind = 'count' then 1
                when $sex = 'F' then a.girls + a.women when $sex = 'M' then a.boys + a.men
                else a.girls + a.boys + a.women + a.men end as v
    from acts($start, $end, $communes, $partners, $localities) a
    join ref_activity_indicators r on r.activity_type = a.activity_type
), case_events_eff as (
    -- a cohort case counts at a stage from the later of its identification and that stage
    select r.id, greatest(s.identified_on, s.reached_on) as d, s.rkey
    from cohort_stages($start, $end, $communes, $partners, $sex, $localities, $hide_no_consent) s
    join ref_case_indicators r on r.stage = s.stage and r.among is null     -- the case counts
), milestone_events as (
    select r.id, m.achieved_on as d
    from milestones m join ref_milestone_indicators r on r.kind = m.kind
    where m.achieved_on is not null and in_period(m.achieved_on, $start, $end) and in_list($communes, m.commune)
), ev as (
    select id, d, 1 as v, 0 as k from people
    union all select id, d, v, 0 from activity_events
    union all select id, d, 1, rkey from case_events_eff
    union all select id, d, 1, 0 from milestone_events
), per_month as (
    select id, date_trunc('month', d)::date as month, sum(v) as v, sum(k) as k from ev group by all
), ids as (
    select id from ref_logframe where unit = 'count'
)
select i.id, m.month, last_day(m.month) as month_end,
       coalesce(sum(p.v) over (partition by i.id order by m.month), 0)::bigint as value,
       coalesce(sum(p.k) over (partition by i.id order by m.month), 0)::bigint as value_key   -- cases: cell key
from ids i cross join months m
left join per_month p on p.id = i.id and p.month = m.month
order by i.id, m.month
