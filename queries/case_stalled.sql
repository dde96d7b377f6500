-- case_stalled
-- Follow-up list (data owner only): cohort cases not closed whose last step is older than
-- $stall_days days at the as-of date (end of the period, or the last event in the data).
-- grain: case
-- params: $start, $end, $communes, $partners, $sex, $localities, $hide_no_consent, $stall_days
with s as (
    select * from cohort_stages($start, $end, $communes, $partners, $sex, $localities, $hide_no_consent)
), as_of_date as (
    select coalesce($end::date, (select max(event_date) from case_events)) as d
), last as (
    select case_id, any_value(rkey) as rkey, any_value(site_id) as site_id, any_value(partner) as partner,
           arg_max(stage, stage_order) as last_stage, max(reached_on) as last_date,
           bool_or(stage = 'cloture') as closed
    from s group by case_id
)
select l.case_id, l.rkey, l.site_id, l.partner, l.last_stage, l.last_date,
       date_diff('day', l.last_date, as_of_date.d)::bigint as days_without_step
from last l, as_of_date
where not l.closed and date_diff('day', l.last_date, as_of_date.d) >= $stall_days
order by days_without_step desc, l.case_id
