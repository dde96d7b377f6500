"""The logframe indicators: each one's value with its F/M split and rate parts, judged (queries/status.py),
protected for the scopes that need it, and their monthly curves. Which query computes an indicator, and
from what, is said by reference/indicator_sources.csv (reference/README.md), never by a list here."""
from __future__ import annotations

from bisect import bisect_right
from datetime import date

import numpy as np
import pandas as pd

from . import calendar, memo, status, targets
from .binding import FULL_SCOPE, Filters, Scope, bind, quarter_end, quarter_start
from .execution import execute, execute_rows
from .loading import indicator_ids, indicator_sources, logframe
from .protect import rounded, small


def case_ids() -> tuple[str, ...]:
    """The case indicators of the reference: counts, then rates (logframe order)."""
    return indicator_ids("cases", "count") + indicator_ids("cases", "percent")


# the same, as constants for the figures (read once: a change of the reference is a restart)
CASE_INDICATORS = case_ids()
RATE_INDICATORS = indicator_ids(unit="percent")
# the rates of persons, by source (reference): the query and its numerator and denominator columns
_PERSON_RATES = {"assessments": ("indicator_pass_rate", "passed", "tested"),
                 "leads": ("indicator_pe_active", "active", "trained")}


def _rate(num, den):
    return None if not den else 100.0 * num / den


def _by_sex(rows: list[dict], col: str) -> dict:
    """{'F': n, 'M': n, None: n, 'all': n} from rows with a `sex` key."""
    out = {"F": 0, "M": 0, None: 0}
    for r in rows:
        out[r["sex"]] += int(r[col])
    out["all"] = out["F"] + out["M"] + out[None]
    return out


_INDICATOR_COLUMNS = ("value", "female", "male", "numerator", "denominator", "num_female", "num_male",
                      "den_female", "den_male", "sex_unknown", "site", "ecole")


def _rate_row(num: dict, den: dict) -> dict:
    return dict(value=_rate(num["all"], den["all"]), female=_rate(num["F"], den["F"]),
                male=_rate(num["M"], den["M"]), numerator=num["all"], denominator=den["all"],
                num_female=num["F"], num_male=num["M"], den_female=den["F"], den_male=den["M"])


def _case_rows(cases: list[dict], rows: dict, keys: dict) -> None:
    """The case indicators of the cohort (the rows of indicator_cases) into rows, with the cell keys of their
    counts into keys (a rate: the keys of its numerator and denominator)."""
    for cid in case_ids():
        mine = [r for r in cases if r["id"] == cid]
        num, num_key = _by_sex(mine, "n"), _by_sex(mine, "n_key")
        if cid in indicator_ids("cases", "count"):
            rows[cid] = dict(value=num["all"], female=num["F"], male=num["M"], sex_unknown=num[None])
            keys[cid] = num_key
        else:
            rows[cid] = _rate_row(num, _by_sex(mine, "den"))
            keys[cid] = (num_key, _by_sex(mine, "den_key"))


def _people_statement(p: dict) -> str:
    """indicator_people, or the same figures from the quarter table when the period is whole quarters."""
    whole = (p["start"] is None or p["start"] == quarter_start(p["start"])) and \
        (p["end"] is None or p["end"] == quarter_end(p["end"]))
    return "indicator_people_quarters" if whole else "indicator_people"


def indicators(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE, today: date | None = None) -> pd.DataFrame:
    """Every logframe indicator of the contract with its F/M split and rate parts, judged (queries/status.py):
    `target` scoped to the filters, `project_target`, `expected`, `status`, `status_from`, `step_days`,
    `pct_of_target` (of the scoped target), `share_of_project`, `asof`."""
    p = bind(filters, scope)
    got = {name: execute_rows(con, name, p) for name in statements(p)}
    return _indicators_frame(indicator_columns(con, p, scope, today, got))


def statements(p: dict, ids=None) -> tuple[str, ...]:
    """The named statements `indicators()` reads under the bound parameters p, each with p (the indicator
    statements, then milestones_due for the judging): `indicator_columns` takes their rows. `ids`: only
    those the figures of these indicators come from (reference/indicator_sources.csv; no judging)."""
    rates = tuple(dict.fromkeys(_rate_statement(p, source) for _, source in _person_rate_sources()))
    every = (_people_statement(p), "indicator_activities", "indicator_milestones", "indicator_cases", *rates,
             "milestones_due")
    if ids is None:
        return every
    src = indicator_sources()
    wanted = set(src.loc[src["indicator"].isin(list(ids)), "source"])
    named = {"people": _people_statement(p), "activities": "indicator_activities",
             "milestones": "indicator_milestones", "cases": "indicator_cases",
             **{source: _rate_statement(p, source) for source in _PERSON_RATES}}
    return tuple(n for n in every if n in {named[x] for x in wanted})


def _rate_statement(p: dict, source: str) -> str:
    name = _PERSON_RATES[source][0]
    if name == "indicator_pass_rate" and _people_statement(p) == "indicator_people_quarters":
        name = "indicator_pass_rate_quarters"
    return name


def indicator_values(p: dict, scope: Scope, got: dict) -> tuple[list, dict]:
    """(logframe ids, id -> its row of figures as the view publishes them: protected for the scope, `hidden`
    set for the case indicators of a protected scope), from `got`: name -> rows of each of statements(p)
    that it reads (the people, activity, milestone, case and rate statements; those of statements(p, ids)
    for the rows of `ids` only)."""
    by_setting = _by_setting()
    rows: dict[str, dict] = {}
    for r in got.get(_people_statement(p), ()):
        split = r["id"] in by_setting
        rows[r["id"]] = dict(value=r["value"], female=r["female"], male=r["male"], sex_unknown=r["sex_unknown"],
                             site=r["site"] if split else None, ecole=r["ecole"] if split else None)
    for r in got.get("indicator_activities", ()):
        rows[r["id"]] = dict(value=r["value"], female=r["female"], male=r["male"])
    for r in got.get("indicator_milestones", ()):
        rows[r["id"]] = dict(value=r["value"])
    keys: dict[str, dict] = {}          # cell keys of the case counts, for the protected views
    _case_rows(got.get("indicator_cases", ()), rows, keys)
    for rid, source in _person_rate_sources():
        _, ncol, dcol = _PERSON_RATES[source]
        d = got.get(_rate_statement(p, source), ())
        rows[rid] = _rate_row(_by_sex(d, ncol), _by_sex(d, dcol))
    ids = _logframe_columns()[0]
    if scope.min_cell > 1:
        rows = _protect_rows(rows, scope.min_cell, keys)
    return ids, rows


def indicator_columns(con, p: dict, scope: Scope, today: date | None, got: dict) -> dict:
    """The columns of `indicators()` (name -> array, logframe order), judged, from the rows of statements(p)
    in `got` (name -> rows)."""
    ids, rows = indicator_values(p, scope, got)
    cols = dict(_logframe_columns()[1])
    hidden = np.zeros(len(ids), dtype=bool)
    if scope.min_cell > 1:
        hidden = np.array([rows.get(i, {}).get("hidden", False) for i in ids], dtype=bool)
    for c in _INDICATOR_COLUMNS:
        cols[c] = _float_array([rows.get(i, {}).get(c) for i in ids])
    cols["hidden"] = hidden
    return _judged(con, cols, p, today, got["milestones_due"])


def _indicators_frame(judged: dict) -> pd.DataFrame:
    df = pd.DataFrame(judged)           # (copies the columns: the logframe's arrays are never handed out)
    if not df["order"].is_monotonic_increasing or not df["order"].is_unique:
        df = df.sort_values("order")
    return df.reset_index(drop=True)


def _logframe_columns() -> tuple[list, dict]:
    """The logframe's ids and its columns as arrays, once per reading of the reference (read only)."""
    return memo.per_reference("logframe_columns", lambda: (
        logframe()["id"].tolist(), {c: s.array for c, s in logframe().items()}))


def _float_array(values: list):
    """pd.array(values, dtype="Float64") for ints, floats and None (NaN and None missing), without its checks."""
    if not all(v is None or type(v) in (int, float) for v in values):
        return pd.array(values, dtype="Float64")
    mask = np.array([v is None or v != v for v in values], dtype=bool)
    data = np.array([0.0 if m else v for v, m in zip(values, mask)], dtype="float64")
    return pd.arrays.FloatingArray(data, mask)


def _by_setting() -> frozenset:
    """The ids whose people figures are split by setting (site, école)."""
    def compute():
        lf = logframe()
        return frozenset(lf.loc[lf["applies"].str.split().map(lambda a: "setting" in a), "id"])
    return memo.per_reference("by_setting", compute)


def _person_rate_sources() -> tuple:
    """(indicator, source) of the rates of persons (reference/indicator_sources.csv)."""
    def compute():
        src = indicator_sources()
        return tuple(src.loc[src["source"].isin(list(_PERSON_RATES)), ["indicator", "source"]].itertuples(index=False))
    return memo.per_reference("person_rates", compute)


def _judged(con, cols: dict, p: dict, today: date | None, due: list[dict]) -> dict:
    """The status columns of queries/status.py, from the (protected) values, the view's bound parameters and
    its milestones due (the rows of milestones_due)."""
    planned = _planned(due)
    return status.judged_columns(cols, _cells_by_indicator(con), planned, _step_delays(con, p["hide_no_consent"]),
                                 p, today)


def _step_delays(con, hide_no_consent: bool) -> dict:
    """stage -> {stage, cases, median_days} (case_step_delay.sql): the data version's, read once per connection
    and consent rule (queries/memo.py). Read only."""
    return memo.per_connection(con, ("case_step_delay", bool(hide_no_consent)), lambda: {
        r["stage"]: r for r in execute_rows(con, "case_step_delay", {"hide_no_consent": hide_no_consent})})


def _cells(con) -> pd.DataFrame:
    """The target cells in force, read once per connection (queries/memo.py): never changed, never handed out."""
    return memo.per_connection(con, "targets_cells", lambda: execute(con, "targets_cells"))


def _cells_by_indicator(con) -> dict:
    return memo.per_connection(con, "targets_by_indicator", lambda: targets.by_indicator(_cells(con)))


def _milestones_due(con, p: dict) -> dict[str, list]:
    """id -> planned dates of the milestones the view is judged against, read once per connection and
    (start, communes), the statement's only parameters (every first-time view of the overview asked again,
    ~6 % of its server time: issue 16). Dates only: the order of milestones planned the same day is moot."""
    communes = p.get("communes")
    key = ("milestones_due", p.get("start"), tuple(communes) if isinstance(communes, list) else communes)
    return memo.per_connection(con, key, lambda: _planned(execute_rows(con, "milestones_due", p)))


def _planned(due: list[dict]) -> dict[str, list]:
    """id -> planned dates of its milestones, from the rows of milestones_due."""
    out: dict[str, list] = {}
    for r in due:
        out.setdefault(r["id"], []).append(r["planned_on"])
    return out


def target_cells(con) -> pd.DataFrame:
    """The target cells in force (queries/targets.py): default, or the data version's imported ones."""
    return memo.frozen(_cells(con))


def _protect_rows(rows: dict, k: int, keys: dict) -> dict:
    """Case counts rounded by their cell keys, 1..k-1 hidden (protect.py); each of F, M and sex not
    recorded on its own. A case rate is computed from the rounded numerator and denominator, and
    hidden when its denominator, its numerator or its complement is 1..k-1; its parts are never
    published (they are counts of children). The rows of `rows` as the view publishes them, with
    `hidden` set for the case indicators."""
    out = dict(rows)
    gone = dict(numerator=None, denominator=None, num_female=None, num_male=None, den_female=None, den_male=None)
    for cid, key in keys.items():
        r = rows.get(cid, {})
        if isinstance(key, dict):       # a count: its cell keys by sex
            new = {**r, **{col: rounded(r.get(col), key[sex], k)
                           for col, sex in (("value", "all"), ("female", "F"), ("male", "M"), ("sex_unknown", None))}}
            new["hidden"] = small(_num(r.get("value")), k)
        else:
            nkey, dkey = key

            def rate(num, den, sex):
                num, den = _num(num), _num(den)
                if den is None or den < k or small(num, k) or small(den - num, k):
                    return None
                rn, rd = rounded(num, nkey[sex], k), rounded(den, dkey[sex], k)
                return 100.0 * rn / rd
            new = dict(r)
            new["value"] = rate(r.get("numerator"), r.get("denominator"), "all")
            new["hidden"] = _num(r.get("denominator")) is not None and new["value"] is None
            new["female"] = rate(r.get("num_female"), r.get("den_female"), "F")
            new["male"] = rate(r.get("num_male"), r.get("den_male"), "M")
        new.update(gone)
        out[cid] = new
    return out


def _num(v):
    """A value as the Float64 column holds it: None for missing, else a float."""
    return None if v is None or pd.isna(v) else float(v)


def indicators_records(df: pd.DataFrame) -> list[dict]:
    """The contract's headless JSON objects (id, value, target, unit, female, male), with the judgement of
    queries/status.py: `target` scoped to the filters (null: no target belongs to the view),
    `project_target`, `expected` (level due at the end date), `status` and `status_from`."""
    def num(v, unit):
        if v is None or pd.isna(v):
            return None
        return float(v) if unit == "percent" or not float(v).is_integer() else int(v)
    return [dict(id=r["id"], value=num(r["value"], r["unit"]), target=num(r["target"], r["unit"]), unit=r["unit"],
                 female=num(r["female"], r["unit"]), male=num(r["male"], r["unit"]),
                 project_target=num(r["project_target"], "count"), expected=num(r["expected"], r["unit"]),
                 status=r["status"], status_from=None if r["status_from"] is None else r["status_from"].isoformat())
            for _, r in df.iterrows()]


def indicator_monthly(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """Cumulative value of every count indicator at each month end, with the view's target (queries/targets.py,
    NaN where none belongs to the view) and its trajectory: the part of it due by each month end, following
    the target cells' yearly phasing from the period's start (milestones: by their planned dates)."""
    p = bind(filters, scope)
    d = execute(con, "indicator_monthly", {**p, **calendar.sql_params()})
    lf = _logframe_by_id()
    cells, view = _cells_by_indicator(con), targets.View.of(p)
    due = _milestones_due(con, p)
    ends = pd.to_datetime(d["month_end"]).dt.date.tolist()
    months = set(ends)
    ids = d["id"].tolist()
    target, traj = {}, {}
    for iid in dict.fromkeys(ids):
        applies, phasing = lf[iid]
        inside = targets.cut_cells(cells.get(iid, ()), applies, view)
        if not inside:
            continue
        if phasing == "planned":
            level = _milestone_level(targets.total_cells(inside), due.get(iid, []), view)
        else:
            level = (lambda m, c=inside: targets.due_cells(c, view, m))
        target[iid] = round(level(view.e))
        traj[iid] = {m: round(level(m), 1) for m in months}
    d["target"] = np.array([target.get(i, np.nan) for i in ids], dtype="float64")
    d["trajectory"] = [traj[i][m] if i in traj else np.nan for i, m in zip(ids, ends)]
    if scope.min_cell > 1:
        d = _quarterly_cases(d, scope.min_cell, ends)
    del d["value_key"]                  # (d is this call's own frame)
    return d


def _milestone_level(total: float, planned: list, view: targets.View):
    """status.milestones_due(total, planned, view, m) as a function of m, the planned dates sorted once."""
    planned = sorted(planned)

    def level(m):
        if m >= view.e and view.whole_project():
            return total
        return float(min(total, bisect_right(planned, min(m, view.e))))
    return level


def _logframe_by_id() -> dict[str, tuple]:
    """id -> (applies, phasing) of the logframe."""
    def compute():
        lf = logframe()
        return {i: (a, ph) for i, a, ph in zip(lf["id"], lf["applies"], lf["phasing"])}
    return memo.per_reference("applies_phasing", compute)


def _quarterly_cases(d: pd.DataFrame, k: int, ends: list | None = None) -> pd.DataFrame:
    """A cumulative case curve for a protected view: a point at each quarter's end only (case figures
    are published at the quarter for those who are not the data owner), each rounded by its own cell
    key (the cases counted up to that day), 1..k-1 hidden. `ends`: the rows' month ends as dates."""
    d = d.copy()
    if ends is None:
        ends = pd.to_datetime(d["month_end"]).dt.date.tolist()
    cases = set(case_ids())
    values = d["value"].astype("Float64").tolist()
    d["value"] = pd.array([v if i not in cases else None if m.month % 3 else rounded(v, key, k)
                           for i, m, v, key in zip(d["id"].tolist(), ends, values, d["value_key"].tolist())],
                          dtype="Float64")
    return d
