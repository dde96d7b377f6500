"""Budget execution: planned against spent by quarter, budget line and partner; cumulative spending
against time elapsed and against the share of targets reached; costs per result as simple ratios.

The budget extract has a quarter, a budget line and (optionally) a partner: the period and the partner
filters apply to it (a quarter is in a view when it overlaps its period; a line without partner is the
project's own, shown when no partner is asked); commune, locality and sex do not (BUDGET_FILTERS).
A partner's scope gives its own lines only; who sees the page at all is the capability « see_budget »
(dashboard/capabilities.py). `summary()` is what a committee slide can call.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from . import FULL_SCOPE, Filters, Scope, bind, calendar, execute, execute_rows, memo
from .api import indicator_monthly
from .api_indicators import indicator_values, statements

__all__ = ["budget_lines", "budget_by", "budget_pace", "budget_costs", "summary", "BUDGET_FILTERS",
           "IGNORED_FILTERS", "SHARED"]

BUDGET_FILTERS = ("period", "partner")
IGNORED_FILTERS = ("commune", "locality", "sex")
SHARED = "PROJET"          # the partner column of a line without partner (the project's own costs)
# count indicators whose share of target is averaged in the pace curve (milestones have their own dates)
PACE_INDICATORS = ("pe_trained", "children_life_skills", "focus_groups", "people_rights", "people_ccpe_campaigns",
                   "cases_identified", "cases_reinserted", "ccpe_trained", "social_workers_trained",
                   "actors_trained", "ccpe_advocacy_trained")
COSTS = (("children_life_skills", "cost_child"), ("pe_trained", "cost_pe"), ("cases_reinserted", "cost_reinserted"))
P0, P1 = calendar.PROJECT_START, calendar.PROJECT_END


def _budget_filters(filters: Filters) -> Filters:
    """The filters that apply to the budget (period, partner): the others are dropped."""
    return Filters(start=filters.start, end=filters.end, partner=filters.partner)


def budget_lines(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """quarter, budget_line, partner (SHARED for the project's own lines), planned_eur, spent_eur.

    The rows of budget_lines.sql under the view's period and partners: the statement's rows for every quarter
    and partner are read once per data version (queries/memo.py) and the view's are taken from them with the
    statement's own conditions (its groups are quarter x line x partner: a view keeps or drops whole groups,
    in the statement's order)."""
    p = bind(_budget_filters(filters), scope)
    every, q_start, q_end, partner = memo.per_connection(con, "budget_lines_all", lambda: _every_line(con))
    keep = np.ones(len(every), dtype=bool)
    if p["start"] is not None:
        keep &= np.array([e is not None and e >= p["start"] for e in q_end], dtype=bool)
    if p["end"] is not None:
        keep &= np.array([s is not None and s <= p["end"] for s in q_start], dtype=bool)
    if p["partners"] is not None:
        keep &= np.array([x is not None and x in p["partners"] for x in partner], dtype=bool)
    if keep.all():
        return every.copy()
    if not keep.any():                  # no line: the statement's own empty frame (its column types)
        d = execute(con, "budget_lines", p)
        d["partner"] = d["partner"].astype("object").where(d["partner"].notna(), SHARED)
        return d
    return every[keep].reset_index(drop=True)


def _every_line(con) -> tuple:
    """(the rows of budget_lines.sql for every quarter and partner, SHARED in place of no partner; per row the
    first and last day of its quarter (None: no quarter); per row its partner, None for none). Read only."""
    d = execute(con, "budget_lines", {"start": None, "end": None, "partners": None})
    partner = [None if pd.isna(x) else x for x in d["partner"].astype("object")]
    d["partner"] = d["partner"].astype("object").where(d["partner"].notna(), SHARED)
    bounds = {q: _quarter_bounds(q) for q in set(d["quarter"].astype("object").tolist())}
    quarters = d["quarter"].astype("object").tolist()
    return d, [bounds[q][0] for q in quarters], [bounds[q][1] for q in quarters], partner


def _quarter_bounds(q) -> tuple[date | None, date | None]:
    """The first and last day of a quarter « YYYY-xN » as budget_lines.sql reads it (None: no quarter)."""
    if q is None or pd.isna(q):
        return None, None
    y, n = int(q[:4]), int(q[-1])
    return date(y, 3 * n - 2, 1), _quarter_end(q)


def budget_by(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE, by: str = "quarter") -> pd.DataFrame:
    """Planned, spent and the share spent per quarter, budget line or partner, with cumulative columns."""
    if by not in ("quarter", "budget_line", "partner"):
        raise ValueError(f"regroupement inconnu : {by}")
    d = budget_lines(con, filters, scope)
    g = d.groupby(by, sort=(by == "quarter"))[["planned_eur", "spent_eur"]].sum().reset_index()
    if by != "quarter":
        g = g.sort_values("planned_eur", ascending=False).reset_index(drop=True)
    g["pct_spent"] = (100 * g["spent_eur"] / g["planned_eur"]).where(g["planned_eur"] > 0)
    g["planned_cum"] = g["planned_eur"].cumsum()
    g["spent_cum"] = g["spent_eur"].cumsum()
    return g


def _quarter_end(q: str) -> date:
    y, n = int(q[:4]), int(q[-1])
    nxt = date(y + (n == 4), (3 * n) % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def budget_pace(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """Per quarter of the view: the cumulative share of the planned budget spent, the share of the view's
    time elapsed at the quarter's end, and the share of targets reached then (mean over PACE_INDICATORS
    that have a target in the view and a shown value at every quarter end, each capped at 100 %)."""
    q = budget_by(con, filters, scope, "quarter")
    if q.empty:
        return q.assign(quarter_end=[], spent_share=[], time_share=[], targets_share=[])
    total = q["planned_eur"].sum()
    q["quarter_end"] = [_quarter_end(x) for x in q["quarter"]]
    s, e = max(filters.start or P0, P0), min(filters.end or P1, P1)
    span = (e - s).days + 1
    q["spent_share"] = 100 * q["spent_cum"] / total if total else np.nan
    q["planned_share"] = 100 * q["planned_cum"] / total if total else np.nan
    q["time_share"] = [100 * min(max((min(qe, e) - s).days + 1, 0), span) / span for qe in q["quarter_end"]]
    m = indicator_monthly(con, _budget_filters(filters), scope)
    m = m[m["id"].isin(PACE_INDICATORS) & m["target"].notna() & (m["target"] > 0)]
    m = m.assign(month_end=pd.to_datetime(m["month_end"]).dt.date)
    m = m[m["month_end"].isin(set(q["quarter_end"]))]
    shares = []
    if not m.empty:
        m = m.assign(share=(100 * pd.to_numeric(m["value"], errors="coerce") / m["target"]).clip(upper=100))
        wide = m.pivot_table(index="month_end", columns="id", values="share", aggfunc="first", dropna=False)
        wide = wide.dropna(axis=1, how="any")
        shares = wide.mean(axis=1) if wide.shape[1] else pd.Series(dtype=float)
    q["targets_share"] = [float(shares.get(qe, np.nan)) if len(shares) else np.nan for qe in q["quarter_end"]]
    q["targets_n"] = int(wide.shape[1]) if len(shares) else 0
    return q


def budget_costs(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE, today: date | None = None) -> pd.DataFrame:
    """Simple ratios: euros spent in the view divided by the children reached (focus groups), the peer
    educators trained and the children reinserted in the same period and partners — nothing else is
    imputed. None when the result is 0 or hidden (a protected case count)."""
    return _costs(con, filters, scope, budget_lines(con, filters, scope))


def _costs(con, filters: Filters, scope: Scope, lines: pd.DataFrame) -> pd.DataFrame:
    """budget_costs from the view's budget lines. The results are the values of indicators() (protected for
    the scope, `hidden` for its case figures), from the statements of the three indicators only."""
    spent = float(lines["spent_eur"].sum())
    p = bind(_budget_filters(filters), scope)
    ids = [iid for iid, _ in COSTS]
    got = {name: execute_rows(con, name, p) for name in statements(p, ids)}
    _, values = indicator_values(p, scope, got)
    rows = []
    for iid, key in COSTS:
        r = values.get(iid, {})
        v = r.get("value")
        n = None if v is None or pd.isna(v) or bool(r.get("hidden", False)) else float(v)
        rows.append(dict(id=iid, key=key, spent_eur=spent, results=n, ratio=spent / n if n else None))
    return pd.DataFrame(rows)


def summary(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE, today: date | None = None) -> dict:
    """What a committee slide needs: planned, spent, share spent, time elapsed, share of targets reached
    (at the last quarter of the view) and the three costs."""
    pace = budget_pace(con, filters, scope)
    last = pace.iloc[-1] if len(pace) else None
    costs = budget_costs(con, filters, scope, today)
    return dict(planned=float(pace["planned_eur"].sum()) if len(pace) else 0.0,
                spent=float(pace["spent_eur"].sum()) if len(pace) else 0.0,
                spent_share=None if last is None else float(last["spent_share"]),
                time_share=None if last is None else float(last["time_share"]),
                targets_share=None if last is None or pd.isna(last["targets_share"]) else float(last["targets_share"]),
                costs={r["key"]: r["ratio"] for r in costs.to_dict("records")})
