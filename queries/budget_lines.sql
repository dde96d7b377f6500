-- budget_lines
-- Budget execution: planned and spent euros per quarter, budget line and partner, for the quarters
-- that overlap [start, end] and the partners asked (a line without partner, shared by the project,
-- only when no partner is asked). Budget has no commune, locality or sex: those filters do not apply.
-- grain: quarter x budget_line x partner
-- params: $start, $end, $partners
select quarter, budget_line, partner,
       sum(planned_eur)::double as planned_eur,
       sum(spent_eur)::double as spent_eur
from budget
where ($start is null or (make_date(left(quarter, 4)::integer, 3 * right(quarter, 1)::integer, 1)
                          + interval 1 month - interval 1 day)::date >= $start)
  and ($end is null or make_date(left(quarter, 4)::integer, 3 * right(quarter, 1)::integer - 2, 1) <= $end)
  and ($partners is null or list_contains($partners, partner))
group by all
order by quarter, budget_line, partner nulls last
