-- sensitisation_by_sex
-- Participations counted at activities (girls, boys, women, men) by activity type, locality
-- (null = commune-wide, e.g. radio), commune and quarter. Under a sex filter only girls+women
-- (F) or boys+men (M) are returned. $types limits the activity types (null = all).
-- grain: activity_type x locality x commune x quarter x sex_group
-- params: $start, $end, $communes, $partners, $sex, $localities, $types
with a as (
    select activity_type, locality_id, commune, quarter_label(start_date) as quarter,
           girls, boys, women, men
    from acts($start, $end, $communes, $partners, $localities)
    where in_list($types, activity_type)
), long as (
    unpivot a on girls, boys, women, men into name sex_group value n
)
select activity_type, locality_id, commune, quarter, sex_group, sum(n)::bigint as n
from long
where $sex is null or ($sex = 'F' and sex_group in ('girls', 'women')) or ($sex = 'M' and sex_group in ('boys', 'men'))
group by all
order by quarter, activity_type, locality_id, sex_group
