-- completeness_months
-- Reporting completeness, DHIS2-style: for each partner and each month of the project up to the view's
-- end ($end, else the project's end), the activities it reported that month (0: a month without any
-- report). Activities are in a commune through their own commune column, as every activity figure.
-- grain: partner x month
-- params: $communes, $partners, $end, $project_start, $project_end
with months as (
    select unnest(generate_series(date_trunc('month', $project_start::date),
                                  date_trunc('month', least(coalesce($end::date, $project_end::date),
                                                            $project_end::date)),
                                  interval 1 month))::date as month
),
partners as (     -- the partners asked, else every partner the extracts name
    select unnest($partners::varchar[]) as partner where $partners is not null
    union
    select distinct partner from activities where $partners is null
    union
    select distinct partner from cases where $partners is null
),
acts as (
    select partner, date_trunc('month', start_date)::date as month, count(*)::bigint as activities,
           max(start_date) as last_day
    from activities
    where in_list($communes, commune) and in_list($partners, partner)
    group by all
)
select p.partner, m.month, coalesce(a.activities, 0)::bigint as activities, a.last_day
from partners p cross join months m
left join acts a on a.partner = p.partner and a.month = m.month
order by p.partner, m.month
