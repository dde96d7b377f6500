-- milestones_due
-- The milestones a view's milestone indicators are judged against (queries/status.py): those of the
-- communes with a planned date, not already achieved before the period starts, with that planned date.
-- grain: milestone
-- params: $start, $communes
select r.id, m.milestone_id, m.planned_on
from ref_milestone_indicators r
join milestones m on m.kind = r.kind
where m.planned_on is not null and in_list($communes, m.commune)
  and (m.achieved_on is null or $start is null or m.achieved_on >= $start::date)
order by r.id, m.planned_on
