-- case_delays
-- Days between consecutive stages for the cohort, one row per case and step
-- (identifie -> evalue -> pris_en_charge -> retour_famille -> reinsertion -> cloture),
-- both stages reached on or before end. Summaries (median, quartiles) are made from these rows.
-- grain: case x step (no identifying column is returned; rkey, the secret record key, stays in queries/api.py)
-- params: $start, $end, $communes, $partners, $sex, $localities, $hide_no_consent
with s as (
    select * from cohort_stages($start, $end, $communes, $partners, $sex, $localities, $hide_no_consent)
)
select a.stage as from_stage, b.stage as to_stage, a.stage_order as step_order, a.sex, a.rkey,
       date_diff('day', a.reached_on, b.reached_on)::bigint as days
from s a
join s b on b.case_id = a.case_id and b.stage_order = a.stage_order + 1
order by step_order, days
