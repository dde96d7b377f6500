-- dq_last_date
-- The last date present in the data (any extract, every partner): the day up to which the data-quality
-- page counts the days since each partner's last activity. A date, not a row: the same for every role.
-- grain: one row
-- params: none
select greatest(
    (select max(start_date) from activities), (select max(enrolled_on) from participants),
    (select max(assessed_on) from assessments), (select max(event_date) from case_events),
    (select max(service_date) from case_services), (select max(achieved_on) from milestones)
) as last_date
