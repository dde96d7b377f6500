-- case_step_delay
-- The project's own usual time from identification to each later stage: median days over every case
-- that reached the stage (whole project, every commune and partner; cases without consent left out of
-- views that leave them out). Used to tell a cohort too recent to be judged on a stage (status.py).
-- grain: stage
-- params: $hide_no_consent
select s.stage,
       count(*)::bigint as cases,
       median(date_diff('day', c.identified_on, s.reached_on))::double as median_days
from case_base c
join case_stage_first s on s.case_id = c.case_id and s.reached_on >= c.identified_on
where c.identified_on is not null and s.stage <> 'identifie'
  and not ($hide_no_consent and c.consent_reporting is not true)
group by s.stage
order by s.stage
