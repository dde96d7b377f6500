-- indicator_milestones
-- Milestone indicators: milestones of each kind achieved within [start, end] in the communes.
-- Milestones ignore partner, sex and locality.
-- grain: indicator
-- params: $start, $end, $communes
select r.id,
       count(m.milestone_id)::bigint as value
from ref_milestone_indicators r
left join milestones m
       on m.kind = r.kind and m.achieved_on is not null
      and in_period(m.achieved_on, $start, $end) and in_list($communes, m.commune)
group by r.id
order by r.id
