"""The logframe indicators: each one's value with its F/M split and rate parts, judged (queries/status.py),
protected for the scopes that need it, and their monthly curves. Which query computes an indicator, and
from what, is said by reference/indicator_sources.csv (reference/README.md), never by a list here."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from . import calendar, status, targets
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


def _case_rows(con, p: dict, rows: dict, keys: dict) -> None:
    """The case indicators of the cohort into rows, with the cell keys of their counts into keys
    (a rate: the keys of its numerator and denominator)."""
    cases = execute_rows(con, "indicator_cases", p)
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
    lf = logframe()
    by_setting = set(lf.loc[lf["applies"].str.split().map(lambda a: "setting" in a), "id"])
    rows: dict[str, dict] = {}
    for r in execute_rows(con, _people_statement(p), p):
        split = r["id"] in by_setting
        rows[r["id"]] = dict(value=r["value"], female=r["female"], male=r["male"], sex_unknown=r["sex_unknown"],
                             site=r["site"] if split else None, ecole=r["ecole"] if split else None)
    for r in execute_rows(con, "indicator_activities", p):
        rows[r["id"]] = dict(value=r["value"], female=r["female"], male=r["male"])
    for r in execute_rows(con, "indicator_milestones", p):
        rows[r["id"]] = dict(value=r["value"])
    keys: dict[str, dict] = {}          # cell keys of the case counts, for the protected views
    _case_rows(con, p, rows, keys)
    src = indicator_sources()
    for rid, source in src.loc[src["source"].isin(list(_PERSON_RATES)), ["indicator", "source"]].itertuples(index=False):
        name, ncol, dcol = _PERSON_RATES[source]
        if name == "indicator_pass_rate" and _people_statement(p) == "indicator_people_quarters":
            name = "indicator_pass_rate_quarters"
        d = execute_rows(con, name, p)
        rows[rid] = _rate_row(_by_sex(d, ncol), _by_sex(d, dcol))

    df = lf.copy()
    for c in _INDICATOR_COLUMNS:
        df[c] = pd.array([rows.get(i, {}).get(c) for i in df["id"]], dtype="Float64")
    df["hidden"] = False
    if scope.min_cell > 1:
        df = _protect_indicators(df, scope.min_cell, keys)
    df = _judged(con, df, p, today)
    return df.sort_values("order").reset_index(drop=True)


def _judged(con, df: pd.DataFrame, p: dict, today: date | None) -> pd.DataFrame:
    """The status columns of queries/status.py, from the (protected) values and the view's bound parameters."""
    planned = _milestones_due(con, p)
    delays = {r["stage"]: r for r in execute_rows(con, "case_step_delay", {"hide_no_consent": p["hide_no_consent"]})}
    return status.judge(df, execute(con, "targets_cells"), planned, delays, p, today)


def _milestones_due(con, p: dict) -> dict[str, list]:
    out: dict[str, list] = {}
    for r in execute_rows(con, "milestones_due", p):
        out.setdefault(r["id"], []).append(r["planned_on"])
    return out


def target_cells(con) -> pd.DataFrame:
    """The target cells in force (queries/targets.py): default, or the data version's imported ones."""
    return execute(con, "targets_cells")


def _protect_indicators(df: pd.DataFrame, k: int, keys: dict) -> pd.DataFrame:
    """Case counts rounded by their cell keys, 1..k-1 hidden (protect.py); each of F, M and sex not
    recorded on its own. A case rate is computed from the rounded numerator and denominator, and
    hidden when its denominator, its numerator or its complement is 1..k-1; its parts are never
    published (they are counts of children)."""
    df = df.copy()
    parts = ("value", "female", "male", "sex_unknown")
    for i, r in df.iterrows():
        cid = r["id"]
        if cid not in keys:             # not a case indicator
            continue
        if r["unit"] == "count":
            key = keys[cid]
            for col, sex in zip(parts, ("all", "F", "M", None)):
                df.loc[i, col] = rounded(r[col], key[sex], k)
            df.loc[i, "hidden"] = small(r["value"], k)
        else:
            nkey, dkey = keys[cid]

            def rate(num, den, sex):
                if pd.isna(den) or den < k or small(num, k) or small(den - num, k):
                    return None
                rn, rd = rounded(num, nkey[sex], k), rounded(den, dkey[sex], k)
                return 100.0 * rn / rd
            df.loc[i, "value"] = rate(r["numerator"], r["denominator"], "all")
            df.loc[i, "hidden"] = pd.notna(r["denominator"]) and pd.isna(df.loc[i, "value"])
            df.loc[i, "female"] = rate(r["num_female"], r["den_female"], "F")
            df.loc[i, "male"] = rate(r["num_male"], r["den_male"], "M")
        df.loc[i, ["numerator", "denominator", "num_female", "num_male", "den_female", "den_male"]] = pd.NA
    return df


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
    lf = logframe().set_index("id")
    cells, view = execute(con, "targets_cells"), targets.View.of(p)
    due = _milestones_due(con, p)
    ends = pd.to_datetime(d["month_end"]).dt.date
    target, traj = {}, {}
    for iid in d["id"].unique():
        inside = targets.cut(cells[cells["indicator"] == iid], lf.loc[iid, "applies"], view)
        if inside is None or inside.empty:
            continue
        if lf.loc[iid, "phasing"] == "planned":
            total = float(inside["target"].sum())
            level = (lambda m, total=total, iid=iid: status.milestones_due(total, due.get(iid, []), view, m))
        else:
            level = (lambda m, c=list(zip(inside["year"], inside["target"])): targets.due(c, view, m))
        target[iid] = round(level(view.e))
        traj[iid] = {m: round(level(m), 1) for m in set(ends)}
    d["target"] = d["id"].map(target).astype("float64")
    d["trajectory"] = [traj[i][m] if i in traj else np.nan for i, m in zip(d["id"], ends)]
    if scope.min_cell > 1:
        d = _quarterly_cases(d, scope.min_cell)
    return d.drop(columns=["value_key"])


def _quarterly_cases(d: pd.DataFrame, k: int) -> pd.DataFrame:
    """A cumulative case curve for a protected view: a point at each quarter's end only (case figures
    are published at the quarter for those who are not the data owner), each rounded by its own cell
    key (the cases counted up to that day), 1..k-1 hidden."""
    d = d.copy()
    d["value"] = d["value"].astype("Float64")
    me = pd.to_datetime(d["month_end"])
    cases = d["id"].isin(case_ids())
    d.loc[cases & (me.dt.month % 3 != 0), "value"] = pd.NA
    at = cases & (me.dt.month % 3 == 0)
    d.loc[at, "value"] = pd.array([rounded(n, key, k) for n, key in zip(d.loc[at, "value"], d.loc[at, "value_key"])],
                                  dtype="Float64")
    return d
