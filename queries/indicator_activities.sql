-- indicator_activities
-- Activity-based indicators: focus_groups (activities held) and the crowd counts
-- people_rights and people_ccpe_campaigns (girls+boys+women+men; under a sex filter,
-- girls+women or boys+men). focus_groups ignores the sex filter.
-- grain: indicator
-- params: $start, $end, $communes, $partners, $sex, $localities
with a as (
    select * from acts($start, $end, $communes, $partners, $localities)
), per as (
    select r.id, any_value(r.kind) as kind,
           count(a.activity_id)::bigint as n,
           coalesce(sum(a.girls + a.women), 0)::bigint as f,
           coalesce(sum(a.boys + a.men), 0)::bigint as m
    from ref_activity_indicators r
    left join a on a.activity_type = r.activity_type
    group by r.id
)
select id,
       case when kind = 'count' then n
            when $sex = 'F' then f when $sex = 'M' then m else f + m end::bigint as value,
       case when kind = 'count' then null when $sex = 'M' then 0 else f end::bigint as female,
       case when kind = 'count' then null when $sex = 'F' then 0 else m end::bigint as male
from per
order by id
