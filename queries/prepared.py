"""Aggregates prepared when a data version is built, for the grains the sidebar offers; the lookup that
answers the overview's indicator statements from them.

Design. When a data version is built (loading._build, after _setup.sql), `build` runs _prepared.sql: one
set-based statement per kind of indicator computes its figures for every grain the sidebar offers, and the
database file that every session and every server process opens read-only keeps them (reuse across sessions).
- Periods: the whole project, each year, each quarter (grains.sidebar_periods); partners: none (NULL) and
  every non-empty subset of the contract's partners (grains.partner_subsets). Counts of distinct people are
  not additive over periods or partners (a person attends several quarters and partners): each person is
  folded to a bit mask of the quarters x partners attended, and a grain is counted with one AND against the
  grain's mask (table prepared_grains: period_id, psub, gmask) — explicit rows per period and partner subset.
- A person's (a case's) commune, locality and sex are fixed, so within a grain the counts are additive over
  them: rows are grouped by commune, locality (NULL included) and sex (NULL included), and a filter's answer
  is the sum of the rows it selects. The cases' cell keys (sums of record keys) and the consent are additive too;
  a case has one partner, activities and milestones one date and one partner: those are kept per quarter.
- The sensitisation page's knowledge tests (assessment_rates) like the pass rate, for every kind of test.
- The map's bubbles (map_localities): children from the people above, activities by type and quarter, the
  cohort cases of each period at the two sites.
- The progress curves (indicator_monthly) the same way, by month: each person's first month within a grain is
  the earliest first month of the grain's quarter x partner cells they attended (people folded to their
  pattern of cells first); cases per period at the month they reached each counted stage; activities and
  milestones by month.
- The cases page's counts (case_funnel, case_services, case_breakdowns, case_left_out): each period's cohort
  grouped by commune, partner, site, sex and consent (fixed per case: additive over them) and by the
  statement's rows, with their cell keys. Its delays (quantiles, not additive) and stalled cases run live.
- `lookup` gives, for a named statement whose bound parameters fall on a prepared grain (period one of the
  prepared ones, the contract's pass threshold, any communes / localities / sex), one small SQL statement
  over these tables returning exactly the statement's rows (same order, names and types); otherwise None
  and the statement runs as before (queries/execution.py). A database without them (an old cache file): None.
- `lookup_many` does the same for several views at once (the partners and communes of explore.side_by_side):
  one set-based statement per kind of indicator, the views joined to the prepared tables as rows.
"""
from __future__ import annotations

import threading
import weakref
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb

from . import calendar, contract, grains

HERE = Path(__file__).resolve().parent
VERSION = 6

PERIODS = grains.sidebar_periods()                   # (key, start, end); index = period_id
PSUBSETS = grains.partner_subsets()                  # index = psub (0: no partner filter)
NP = len(contract.PARTNERS) + 1                      # partner slots: each partner, then « none or other »
NB = len(grains.QUARTERS) + 1                        # buckets: each quarter of the project, then « outside »
_PERIOD_ID = {(s, e): i for i, (_, s, e) in enumerate(PERIODS)}


def _buckets(start: date | None, end: date | None) -> list[int]:
    """The buckets (quarters of the project; NB - 1: outside the project or no date) a period covers."""
    if start is None and end is None:
        return list(range(NB))
    return [i for i, q in enumerate(grains.QUARTERS)
            if start <= grains.period_of("quarter", q)[0] and grains.period_of("quarter", q)[1] <= end]


_BUCKETS = [_buckets(s, e) for _, s, e in PERIODS]


def _slots(psub: int) -> list[int]:
    return list(range(NP)) if psub == 0 else [j for j in range(NP - 1) if psub >> j & 1]


def _gmask(period_id: int, psub: int) -> int:
    return sum(1 << (b * NP + s) for b in _BUCKETS[period_id] for s in _slots(psub))


def _whole_quarters() -> bool:
    """The buckets are whole quarters only if the project starts and ends on quarter bounds."""
    p0, p1 = calendar.PROJECT_START, calendar.PROJECT_END
    return grains.period_of("quarter", grains.QUARTERS[0])[0] == p0 and \
        grains.period_of("quarter", grains.QUARTERS[-1])[1] == p1 and NB * NP <= 63


def build(con: duckdb.DuckDBPyConnection) -> None:
    """Make the prepared tables in the database being built (after _setup.sql)."""
    if not _whole_quarters():
        return                                          # nothing prepared: every statement runs live
    rows = [(i, s, e, j, _gmask(i, j)) for i, (_, s, e) in enumerate(PERIODS) for j in range(len(PSUBSETS))]
    con.execute("create table prepared_grains as select unnest(?::integer[]) as period_id, unnest(?::date[]) as start_, "
                "unnest(?::date[]) as end_, unnest(?::integer[]) as psub, unnest(?::bigint[]) as gmask",
                [list(c) for c in zip(*rows)])             # one statement (executemany: ~0.2 s for 120 rows)
    p0, p1 = calendar.PROJECT_START, calendar.PROJECT_END
    k0 = p0.year * 4 + (p0.month - 1) // 3
    partners = ", ".join(f"'{p}'" for p in contract.PARTNERS)
    # constants of the calendar and the contract (never user input)
    con.execute(f"""
        create macro prepared_bucket(d) as coalesce(case when d >= DATE '{p0}' and d <= DATE '{p1}'
            then (year(d) * 4 + quarter(d) - 1 - {k0})::integer end, {NB - 1});
        create macro prepared_slot(p) as coalesce(list_position([{partners}], p)::integer - 1, {NP - 1});
        create macro prepared_bit(d, p) as prepared_bucket(d) * {NP} + prepared_slot(p);""")
    con.execute("create table prepared_meta as select ?::integer as version, ?::double as pass_threshold",
                [VERSION, contract.PASS_THRESHOLD])
    con.execute((HERE / "_prepared.sql").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------------------- lookup

_FILTERS = "in_list($communes, commune) and in_list($localities, locality) and sex_ok(sex, $sex)"
_CASES = ("in_list($communes, commune) and in_list($partners, partner) and sex_ok(sex, $sex) "
          "and in_list($localities, site_id) and not ($hide_no_consent and not consent)")     # the cohort macro's

_SQL = {
    "indicator_people_quarters": f"""
        select id, sum(n)::bigint as value, sum(female)::bigint as female, sum(male)::bigint as male,
               sum(sex_unknown)::bigint as sex_unknown, sum(site)::bigint as site, sum(ecole)::bigint as ecole
        from prepared_people
        where period_id = $period and psub = $psub and (zero or ({_FILTERS}))
        group by id
        order by id""",
    "indicator_pe_active": f"""
        select sex, sum(trained)::bigint as trained, sum(active)::bigint as active
        from prepared_pe_active
        where period_id = $period and psub = $psub and {_FILTERS}
        group by sex
        order by sex""",
    "indicator_pass_rate_quarters": f"""
        select sex, sum(tested)::bigint as tested, sum(passed)::bigint as passed
        from prepared_assessments
        where period_id = $period and psub = $psub and {_FILTERS}
          and kind in (select measure from ref_indicator_sources where source = 'assessments')
        group by sex
        order by sex""",
    "assessment_rates": f"""
        select kind, sex, sum(tested)::bigint as tested, sum(passed)::bigint as passed
        from prepared_assessments
        where period_id = $period and psub = $psub and {_FILTERS}
        group by kind, sex
        order by kind, sex""",
    # the statement's own metrics and final select (map_localities.sql), from the prepared tables
    "map_localities": f"""
        with kids as (
            select locality as locality_id, 'children_reached' as metric, sum(n) as value, sum(female) as female,
                   sum(male) as male, null as value_key, null as female_key, null as male_key
            from prepared_people
            where period_id = $period and psub = $psub and not zero and id = 'children_life_skills'
              and locality is not null and {_FILTERS}
            group by locality
        ), a as (
            select * from prepared_map_acts
            where list_contains($buckets, bucket) and in_list($communes, commune) and in_list($partners, partner)
              and in_list($localities, locality_id)
        ), crowds as (
            select locality_id, 'people_sensitised' as metric,
                   sum(case $sex when 'F' then f when 'M' then m else t end) as value,
                   sum(case when $sex = 'M' then 0 else f end) as female,
                   sum(case when $sex = 'F' then 0 else m end) as male,
                   null as value_key, null as female_key, null as male_key
            from a where activity_type in ('causerie', 'radio', 'theatre_forum', 'caravane')
            group by locality_id
        ), fgs as (
            select locality_id, 'focus_groups' as metric, sum(n) as value, null as female, null as male,
                   null as value_key, null as female_key, null as male_key
            from a where activity_type = 'focus_group'
            group by locality_id
        ), cases as (
            select site_id as locality_id, 'cases_identified' as metric, sum(n) as value,
                   coalesce(sum(n) filter (where sex = 'F'), 0) as female,
                   coalesce(sum(n) filter (where sex = 'M'), 0) as male,
                   sum(k) as value_key, coalesce(sum(k) filter (where sex = 'F'), 0) as female_key,
                   coalesce(sum(k) filter (where sex = 'M'), 0) as male_key
            from prepared_map_cases
            where period_id = $period and in_list($communes, commune) and in_list($partners, partner)
              and sex_ok(sex, $sex) and in_list($localities, site_id) and not ($hide_no_consent and not consent)
            group by site_id
        )
        select locality_id, metric, value::bigint as value, female::bigint as female, male::bigint as male,
               value_key::bigint as value_key, female_key::bigint as female_key, male_key::bigint as male_key
        from (select * from kids union all select * from crowds union all select * from fgs
              union all select * from cases)
        order by metric, locality_id""",
    "indicator_cases": """
        select id, sex, sum(n)::bigint as n, sum(n_key)::bigint as n_key,
               case when any_value(rate) then sum(den) end::bigint as den,
               case when any_value(rate) then sum(den_key) end::bigint as den_key
        from prepared_cases
        where period_id = $period and in_list($communes, commune) and in_list($partners, partner)
          and sex_ok(sex, $sex) and in_list($localities, site_id) and not ($hide_no_consent and not consent)
        group by id, sex
        order by id, sex""",
    "indicator_activities": """
        with per as (
            select id, any_value(kind) as kind, sum(n)::bigint as n, coalesce(sum(f), 0)::bigint as f,
                   coalesce(sum(m), 0)::bigint as m
            from prepared_activities
            where zero or (list_contains($buckets, bucket) and in_list($communes, commune)
                           and in_list($partners, partner) and in_list($localities, locality_id))
            group by id
        )
        select id,
               case when kind = 'count' then n
                    when $sex = 'F' then f when $sex = 'M' then m else f + m end::bigint as value,
               case when kind = 'count' then null when $sex = 'M' then 0 else f end::bigint as female,
               case when kind = 'count' then null when $sex = 'F' then 0 else m end::bigint as male
        from per
        order by id""",
    "indicator_milestones": """
        select id, sum(n)::bigint as value
        from prepared_milestones
        where zero or (list_contains($buckets, bucket) and in_list($communes, commune))
        group by id
        order by id""",
    # the statement's own months and final select (indicator_monthly.sql), its events from the prepared tables
    "indicator_monthly": f"""
        with months as (
            select unnest(generate_series(date_trunc('month', coalesce($start::date, $project_start::date)),
                                          date_trunc('month', coalesce($end::date, $project_end::date)),
                                          interval 1 month))::date as month
        ), ev as (
            select id, month, n as v, 0::bigint as k
            from prepared_monthly_people
            where period_id = $period and psub = $psub and {_FILTERS}
            union all
            select id, month,
                   case when kind = 'count' then n when $sex = 'F' then f when $sex = 'M' then m else t end, 0
            from prepared_monthly_acts
            where in_period(month, $start, $end) and in_list($communes, commune) and in_list($partners, partner)
              and in_list($localities, locality_id)
            union all
            select id, month, n, k
            from prepared_monthly_cases
            where period_id = $period and in_list($communes, commune) and in_list($partners, partner)
              and sex_ok(sex, $sex) and in_list($localities, site_id) and not ($hide_no_consent and not consent)
            union all
            select id, month, n, 0
            from prepared_monthly_milestones
            where in_period(month, $start, $end) and in_list($communes, commune)
        ), per_month as (
            select id, month, sum(v) as v, sum(k) as k from ev group by all
        ), ids as (
            select id from ref_logframe where unit = 'count'
        )
        select i.id, m.month, last_day(m.month) as month_end,
               coalesce(sum(p.v) over (partition by i.id order by m.month), 0)::bigint as value,
               coalesce(sum(p.k) over (partition by i.id order by m.month), 0)::bigint as value_key
        from ids i cross join months m
        left join per_month p on p.id = i.id and p.month = m.month
        order by i.id, m.month""",
    # the cases page: the statements' own final selects (case_*.sql) over the prepared cohorts
    "case_funnel": f"""
        select stage, any_value(stage_order) as stage_order, sex, age_group, sum(n)::bigint as n,
               sum(n_key)::bigint as n_key
        from prepared_case_funnel
        where period_id = $period and {_CASES}
        group by stage, sex, age_group
        order by stage_order, sex, age_group""",
    "case_services": f"""
        select service, sex, sum(cases)::bigint as cases, sum(cases_key)::bigint as cases_key,
               sum(services)::bigint as services, sum(services_key)::bigint as services_key
        from prepared_case_services
        where period_id = $period and {_CASES}
        group by service, sex
        order by service, sex""",
    "case_breakdowns": f"""
        select dimension, value, sex, sum(n)::bigint as n, sum(n_key)::bigint as n_key
        from prepared_case_breakdowns
        where period_id = $period and {_CASES}
        group by set_id, dimension, value, sex
        order by set_id, value, sex""",
    "case_left_out": """
        select coalesce(sum(n) filter (where not consent), 0)::bigint as no_consent
        from prepared_case_counts
        where period_id = $period and in_list($communes, commune) and in_list($partners, partner)
          and sex_ok(sex, $sex) and in_list($localities, site_id)""",
}
# the bound parameters each lookup reads (besides $period, $psub, $buckets that lookup computes)
_PARAMS = {
    "indicator_people_quarters": ("period", "psub", "communes", "localities", "sex"),
    "indicator_pe_active": ("period", "psub", "communes", "localities", "sex"),
    "indicator_pass_rate_quarters": ("period", "psub", "communes", "localities", "sex"),
    "assessment_rates": ("period", "psub", "communes", "localities", "sex"),
    "map_localities": ("period", "psub", "buckets", "communes", "partners", "localities", "sex", "hide_no_consent"),
    "indicator_cases": ("period", "communes", "partners", "sex", "localities", "hide_no_consent"),
    "indicator_activities": ("buckets", "communes", "partners", "localities", "sex"),
    "indicator_milestones": ("buckets", "communes"),
    "indicator_monthly": ("period", "psub", "start", "end", "project_start", "project_end", "communes", "partners",
                          "localities", "sex", "hide_no_consent"),
    **{name: ("period", "communes", "partners", "sex", "localities", "hide_no_consent")
       for name in ("case_funnel", "case_services", "case_breakdowns")},
    "case_left_out": ("period", "communes", "partners", "sex", "localities"),
}
PREPARED = tuple(_SQL)

# ------------------------------------------------------------------------------------ many views at once

# The statements of indicators() for several views (the partners and communes of explore.side_by_side) in one
# set-based pass each: the views are the rows of `c` (their bound parameters, one list element per view), joined
# to the prepared tables; per view (`cell_`), exactly the rows of the statement above (or of milestones_due.sql)
# under that view's parameters, in no particular order.
_CF = "in_list(c.communes, t.commune) and in_list(c.localities, t.locality) and sex_ok(t.sex, c.sex)"
_MANY = {
    "indicator_people_quarters": f"""
        select c.cell as cell_, t.id, sum(t.n)::bigint as value, sum(t.female)::bigint as female,
               sum(t.male)::bigint as male, sum(t.sex_unknown)::bigint as sex_unknown, sum(t.site)::bigint as site,
               sum(t.ecole)::bigint as ecole
        from c join prepared_people t on t.period_id = c.period and t.psub = c.psub
        where t.zero or ({_CF})
        group by c.cell, t.id""",
    "indicator_pe_active": f"""
        select c.cell as cell_, t.sex, sum(t.trained)::bigint as trained, sum(t.active)::bigint as active
        from c join prepared_pe_active t on t.period_id = c.period and t.psub = c.psub
        where {_CF}
        group by c.cell, t.sex""",
    "indicator_pass_rate_quarters": f"""
        select c.cell as cell_, t.sex, sum(t.tested)::bigint as tested, sum(t.passed)::bigint as passed
        from c join prepared_assessments t on t.period_id = c.period and t.psub = c.psub
        where {_CF} and t.kind in (select measure from ref_indicator_sources where source = 'assessments')
        group by c.cell, t.sex""",
    "indicator_cases": """
        select c.cell as cell_, t.id, t.sex, sum(t.n)::bigint as n, sum(t.n_key)::bigint as n_key,
               case when any_value(t.rate) then sum(t.den) end::bigint as den,
               case when any_value(t.rate) then sum(t.den_key) end::bigint as den_key
        from c join prepared_cases t on t.period_id = c.period
        where in_list(c.communes, t.commune) and in_list(c.partners, t.partner) and sex_ok(t.sex, c.sex)
          and in_list(c.localities, t.site_id) and not (c.hide_no_consent and not t.consent)
        group by c.cell, t.id, t.sex""",
    "indicator_activities": """
        with per as (
            select c.cell, t.id, any_value(t.kind) as kind, any_value(c.sex) as sex, sum(t.n)::bigint as n,
                   coalesce(sum(t.f), 0)::bigint as f, coalesce(sum(t.m), 0)::bigint as m
            from c join prepared_activities t
              on t.zero or (list_contains(c.buckets, t.bucket) and in_list(c.communes, t.commune)
                            and in_list(c.partners, t.partner) and in_list(c.localities, t.locality_id))
            group by c.cell, t.id
        )
        select cell as cell_, id,
               case when kind = 'count' then n
                    when sex = 'F' then f when sex = 'M' then m else f + m end::bigint as value,
               case when kind = 'count' then null when sex = 'M' then 0 else f end::bigint as female,
               case when kind = 'count' then null when sex = 'F' then 0 else m end::bigint as male
        from per""",
    "indicator_milestones": """
        select c.cell as cell_, t.id, sum(t.n)::bigint as value
        from c join prepared_milestones t
          on t.zero or (list_contains(c.buckets, t.bucket) and in_list(c.communes, t.commune))
        group by c.cell, t.id""",
    # milestones_due.sql (live tables: no prepared grain needed)
    "milestones_due": """
        select c.cell as cell_, r.id, m.milestone_id, m.planned_on
        from c cross join ref_milestone_indicators r
        join milestones m on m.kind = r.kind
        where m.planned_on is not null and in_list(c.communes, m.commune)
          and (m.achieved_on is null or c.start is null or m.achieved_on >= c.start::date)""",
}
_MANY_PARAMS = {name: _PARAMS[name] for name in _MANY if name in _PARAMS}
_MANY_PARAMS["milestones_due"] = ("start", "communes")


def lookup_many(con: duckdb.DuckDBPyConnection, name: str, params: list[dict],
                cur: duckdb.DuckDBPyConnection | None = None) -> tuple[str, dict] | None:
    """(sql, bound parameters) answering `name` under each of `params` in one statement whose first column
    `cell_` is the rank of the parameters in `params`; None when a view is off the prepared grain (or the
    statement has no such form, or the database has no prepared tables)."""
    if name not in _MANY or not params or getattr(_local, "off", False):
        return None
    wanted = _MANY_PARAMS[name]
    cells = []
    for p in params:
        if name == "milestones_due":
            if type(p.get("start")) not in (date, type(None)):
                return None
            cells.append({x: p[x] for x in wanted})
            continue
        hit = lookup(con, name, p, cur)
        if hit is None:
            return None
        cells.append(hit[1])
    cols = ", ".join(f"unnest(${x}) as {x}" for x in wanted)
    body = _MANY[name].strip()
    body = f", {body[len('with '):]}" if body.startswith("with ") else f"\n{body}"
    sql = f"with c as (select unnest($cell) as cell, {cols}){body}"
    return sql, {"cell": list(range(len(cells))), **{x: [c[x] for c in cells] for x in wanted}}

_local = threading.local()
_present: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()


@contextmanager
def bypassed():
    """Within this block (this thread), every statement runs live: the tests compare both answers."""
    before = getattr(_local, "off", False)
    _local.off = True
    try:
        yield
    finally:
        _local.off = before


def available(con: duckdb.DuckDBPyConnection, cur: duckdb.DuckDBPyConnection | None = None) -> bool:
    """Does this database hold the prepared tables of this version? Asked once per connection, on `cur`
    (a cursor of con) when given."""
    with _lock:
        known = _present.get(con)
    if known is None:
        c = cur or con.cursor()
        try:
            known = c.execute("select count(*) from duckdb_tables() where table_name = 'prepared_meta'").fetchall()[0][0] > 0 \
                and c.execute("select version from prepared_meta").fetchall() == [(VERSION,)]
        finally:
            if cur is None:
                c.close()
        with _lock:
            _present[con] = known
    return known


def _psub(partners) -> int | None:
    if partners is None:
        return 0
    psub = sum(1 << j for j, x in enumerate(contract.PARTNERS) if x in partners)
    return psub or None                                   # an empty (or unknown-only) selection: live


def lookup(con: duckdb.DuckDBPyConnection, name: str, params: dict,
           cur: duckdb.DuckDBPyConnection | None = None) -> tuple[str, dict] | None:
    """(sql, bound parameters) answering `name` under `params` from the prepared tables, or None when the
    statement is not prepared, the parameters are off the prepared grain, or the database has none."""
    if name not in _SQL or getattr(_local, "off", False):
        return None
    period = _PERIOD_ID.get((params.get("start"), params.get("end")))
    if period is None or type(params.get("start")) not in (date, type(None)) \
            or type(params.get("end")) not in (date, type(None)):
        return None
    if name in ("indicator_pass_rate_quarters", "assessment_rates") \
            and params.get("pass_threshold") != contract.PASS_THRESHOLD:
        return None
    psub = _psub(params.get("partners"))
    if psub is None and "psub" in _PARAMS[name]:
        return None
    if not available(con, cur):
        return None
    extra = {"period": period, "psub": psub, "buckets": _BUCKETS[period]}
    return _SQL[name], {p: extra[p] if p in extra else params[p] for p in _PARAMS[name]}
