"""Case views: the cohort funnel, delays between steps, services, breakdowns, cases left out and the
follow-up of stalled cases; case counts protected by their cell keys for the scopes that need it."""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import contract, memo
from ._common import sex_nr
from .binding import FULL_SCOPE, Filters, Scope, bind
from .execution import execute, execute_rows
from .protect import band, protect_counts, rounded, threshold


def case_funnel(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE, by: str | None = None) -> pd.DataFrame:
    """Cohort funnel: cases at each stage (all six, zeros included), optionally by 'sex' or 'age_group',
    with the share kept from identification and from the previous stage."""
    return _funnel_frame(execute_rows(con, "case_funnel", bind(filters, scope)), scope, by)


def case_funnels(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> dict[str, pd.DataFrame]:
    """{"all": case_funnel(), "sex": case_funnel(by="sex"), "age_group": case_funnel(by="age_group")} from one
    run of case_funnel.sql (its rows are by stage, sex and age group: each funnel adds them up its way)."""
    raw = execute_rows(con, "case_funnel", bind(filters, scope))
    return {"all": _funnel_frame(raw, scope, None), "sex": _funnel_frame(raw, scope, "sex"),
            "age_group": _funnel_frame(raw, scope, "age_group")}


def _funnel_frame(raw: list[dict], scope: Scope, by: str | None) -> pd.DataFrame:
    """case_funnel's frame from the rows of case_funnel.sql."""
    cats = _FUNNEL_LEVELS[by] if by else (None,)
    n: dict = {}
    key: dict = {}
    for r in raw:
        c = None if by is None else "NR" if by == "sex" and r["sex"] is None else r[by]
        cell = (r["stage"], c)
        n[cell] = n.get(cell, 0) + int(r["n"])
        key[cell] = key.get(cell, 0) + int(r["n_key"] or 0)
    if by and not scope.protected:  # drop categories that never occur (protected: all, so none reads « zero »)
        cats = [c for c in cats if sum(n.get((st, c), 0) for st in contract.STAGES) > 0]
    cells = [(st, c) for c in (sorted(cats) if by else cats) for st in contract.STAGES]
    counts = [n.get(cell, 0) for cell in cells]
    k = scope.min_cell
    if k > 1:
        shown = [rounded(v, key.get(cell, 0), k) for v, cell in zip(counts, cells)]
        hidden = np.array([0 <= v <= k - 1 for v in counts], dtype=bool)
        n_col = pd.array(shown, dtype="Float64")
    else:
        shown = counts
        hidden = np.zeros(len(cells), dtype=bool)
        n_col = np.array(counts, dtype="int64")
    # shares from the (possibly hidden) counts: a hidden count hides every share built on it
    share_id, share_prev = [], []
    group, first, prev = object(), None, None
    for (st, c), v in zip(cells, shown):
        v = None if v is None else float(v)
        if c != group or not share_id:
            group, first, prev = c, None, None
        if first is None:
            first = v                   # the group's first count shown (groupby first: skips hidden ones)
        share_id.append(100 * v / first if v is not None and first is not None and first > 0 else np.nan)
        share_prev.append(100 * v / prev if v is not None and prev is not None and prev > 0 else np.nan)
        prev = v
    cols = {"stage": pd.array([st for st, _ in cells], dtype="str")}
    if by:
        cols[by] = pd.array([c for _, c in cells], dtype="str")
    order = np.array([_STAGE_ORDER[st] for st, _ in cells], dtype="int64") if cells else \
        pd.array([], dtype="str")       # (as before: an empty view's stage_order came out as text)
    cols.update(n=n_col, stage_order=order,
                n_hidden=hidden, n_small=hidden.copy(), share_identified=np.array(share_id, dtype="float64"),
                share_previous=np.array(share_prev, dtype="float64"))
    return pd.DataFrame(cols)


_FUNNEL_LEVELS = {"sex": ("F", "M", "NR"), "age_group": tuple(contract.AGE_GROUPS)}
_STAGE_ORDER = {s: i + 1 for i, s in enumerate(contract.STAGES)}


def case_delays(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """Days between consecutive stages, one row per case and step (no case code). Each row is one
    child's delay: the data owner's only (protected views get case_delay_summary's quantiles)."""
    if scope.min_cell > 1:
        return pd.DataFrame(columns=["from_stage", "to_stage", "step_order", "sex", "days"])
    return execute(con, "case_delays", bind(filters, scope)).drop(columns=["rkey"])


def case_delay_summary(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """Per step: cases, median and quartiles of the days it took; min and max (one child's delay
    each) for the data owner only. For a protected view the number of cases is rounded by its cell
    key and the quantiles are shown only from min_cell cases on."""
    d = execute(con, "case_delays", bind(filters, scope))
    steps = pd.DataFrame({"from_stage": contract.STAGES[:-1], "to_stage": contract.STAGES[1:],
                          "step_order": range(1, len(contract.STAGES))})
    if d.empty:
        return steps.assign(n=0, median=np.nan, p25=np.nan, p75=np.nan, min=np.nan, max=np.nan)
    stats = _delay_stats(d)
    if stats is None:                   # columns of unusual types: pandas' own way
        agg = d.groupby("from_stage").agg(
            n=("days", "size"), n_key=("rkey", "sum"), median=("days", "median"),
            p25=("days", lambda x: x.quantile(0.25)), p75=("days", lambda x: x.quantile(0.75)),
            min=("days", "min"), max=("days", "max")).reset_index()
        out = steps.merge(agg, on="from_stage", how="left").fillna({"n": 0, "n_key": 0}).astype({"n": "int64"})
        if scope.min_cell > 1:
            few = out["n"] < scope.min_cell
            out.loc[few, ["median", "p25", "p75"]] = np.nan
            out[["min", "max"]] = np.nan
            out["n"] = [0 if f else rounded(n, key, scope.min_cell) for n, key, f in zip(out["n"], out["n_key"], few)]
        return out.drop(columns=["n_key"])
    return _delay_frame(stats, scope.min_cell)


_NO_STEP = (0, 0, np.nan, np.nan, np.nan, np.nan, np.nan)


def _delay_frame(stats: dict, k: int) -> pd.DataFrame:
    """The summary of case_delay_summary from _delay_stats, as the merge of its steps with the stats gave it
    (a step without delay: n 0, NaN elsewhere; min and max whole numbers when every step has some)."""
    rows = [stats.get(st, _NO_STEP) for st in contract.STAGES[:-1]]
    n, key, med, p25, p75, lo, hi = (list(c) for c in zip(*rows))
    if k > 1:
        few = [v < k for v in n]
        med, p25, p75 = ([np.nan if f else v for v, f in zip(c, few)] for c in (med, p25, p75))
        lo = hi = [np.nan] * len(n)
        n = [0 if f else rounded(v, kk, k) for v, kk, f in zip(n, key, few)]
    whole = "int64" if all(st in stats for st in contract.STAGES[:-1]) and k <= 1 else "float64"
    return pd.DataFrame({"from_stage": contract.STAGES[:-1], "to_stage": contract.STAGES[1:],
                         "step_order": range(1, len(contract.STAGES)), "n": np.array(n, dtype="int64"),
                         "median": np.array(med, dtype="float64"), "p25": np.array(p25, dtype="float64"),
                         "p75": np.array(p75, dtype="float64"), "min": np.array(lo, dtype=whole),
                         "max": np.array(hi, dtype=whole)})


def _delay_stats(d: pd.DataFrame) -> dict | None:
    """from_stage -> (n, n_key: sum of record keys, median, p25, p75, min, max) of the days: the groupby of
    pandas (quantiles: np.percentile, linear, as Series.quantile) on numpy arrays, per step. None when the
    columns are not the integers case_delays.sql gives."""
    if d["days"].dtype != "int64" or d["rkey"].dtype != "int64" or d["step_order"].dtype.kind not in "iu":
        return None
    order = d["step_order"].to_numpy()
    days, rkey = d["days"].to_numpy(), d["rkey"].to_numpy()
    idx = None
    if len(order) > 1 and (order[1:] < order[:-1]).any():      # case_delays.sql orders by step: else sort
        idx = np.argsort(order, kind="stable")
        order, days, rkey = order[idx], days[idx], rkey[idx]
    starts = np.flatnonzero(np.r_[True, order[1:] != order[:-1]])
    ends = np.r_[starts[1:], len(order)]
    stage = d["from_stage"].take(starts if idx is None else idx[starts]).tolist()   # one per step
    out = {}
    for s, a, b in zip(stage, starts, ends):
        x = days[a:b]
        out[s] = (int(b - a), int(rkey[a:b].sum()), float(np.median(x)), float(np.percentile(x, 25.0)),
                  float(np.percentile(x, 75.0)), int(x.min()), int(x.max()))
    return out


def case_services(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    rows = execute_rows(con, "case_services", bind(filters, scope))
    cols = ["service", "sex", "cases", "cases_key", "services", "services_key"]
    if scope.protected:
        return _protected_table(_rows_frame(rows, cols, "service"), _every(con, "case_services", scope, ["service"]),
                                ["service"], ["cases", "services"], scope.min_cell)
    return _plain_rows(rows, cols, "service", ["cases", "services"])


def case_breakdown(con, dimension: str, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """Cohort cases by `dimension` (nationality, referral_source, exploitation, reinsertion_type,
    site_id, partner, age_group, origin_region) and sex."""
    allowed = ("nationality", "referral_source", "exploitation", "reinsertion_type", "site_id",
               "partner", "age_group", "origin_region")
    if dimension not in allowed:
        raise ValueError(f"dimension inconnue : {dimension}")
    return _breakdown_table(con, execute(con, "case_breakdown", bind(filters, scope, dimension=dimension)),
                            dimension, scope)


PROFILE_DIMENSIONS = ("nationality", "referral_source", "exploitation", "reinsertion_type")


def case_breakdowns(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> dict[str, pd.DataFrame]:
    """{dimension: case_breakdown(dimension)} for the case page's four profile dimensions (PROFILE_DIMENSIONS),
    from one statement (case_breakdowns.sql: the four groupings in one pass over the cohort); each frame is
    the one case_breakdown gives, protected the same way (its own grid, its own cell keys)."""
    parts: dict = {dim: [] for dim in PROFILE_DIMENSIONS}
    for r in execute_rows(con, "case_breakdowns", bind(filters, scope)):
        parts[r["dimension"]].append(r)
    out = {}
    for dim, rows in parts.items():
        if scope.protected:   # every value x sex of the role's whole data, so that no missing row says « zero »
            grid = _every(con, "case_breakdown", scope, ["value"], dimension=dim)
            out[dim] = _protected_table(_rows_frame(rows, _BREAKDOWN, "value"), grid, ["value"], ["n"], scope.min_cell)
        else:
            out[dim] = _plain_rows(rows, _BREAKDOWN, "value", ["n"])
    return out


_BREAKDOWN = ["value", "sex", "n", "n_key"]


def _breakdown_table(con, d: pd.DataFrame, dimension: str, scope: Scope) -> pd.DataFrame:
    """case_breakdown's rows (value, sex, n, n_key) of one dimension as the page gets them."""
    sex_nr(d)
    if scope.protected:   # every value x sex of the role's whole data, so that no missing row says « zero »
        grid = _every(con, "case_breakdown", scope, ["value"], dimension=dimension)
        return _protected_table(d, grid, ["value"], ["n"], scope.min_cell)
    return _plain_table(d, ["n"])


def _columns(rows: list[dict], cols: list[str], text: str) -> dict | None:
    """The columns of `sex_nr(execute(...))` from execute_rows' rows (`cols`: the statement's columns; `text`: its
    text column besides sex; the others whole counts): text as DuckDB's frame gives it (objects when there is no
    row), sex as objects with « NR » for none. None when a count is missing (pandas' own way then)."""
    out = {}
    for c in cols:
        v = [r[c] for r in rows]
        if c == "sex":
            out[c] = pd.Series(["NR" if x is None else x for x in v], dtype=object)
        elif c == text:
            out[c] = pd.Series(v, dtype="str" if rows else object)
        elif any(x is None for x in v):
            return None
        else:
            out[c] = np.array(v, dtype="int64")
    return out


def _rows_frame(rows: list[dict], cols: list[str], text: str) -> pd.DataFrame:
    """`sex_nr(execute(...))` of a statement whose rows execute_rows gave (see _columns)."""
    c = _columns(rows, cols, text)
    if c is None:
        return sex_nr(pd.DataFrame(rows, columns=cols).astype({text: "str"} if rows else {}))
    return pd.DataFrame(c)


def _plain_rows(rows: list[dict], cols: list[str], text: str, counts: list[str]) -> pd.DataFrame:
    """_plain_table(sex_nr(execute(...))) of a statement whose rows execute_rows gave: one frame built."""
    c = _columns(rows, cols, text)
    if c is None:
        return _plain_table(_rows_frame(rows, cols, text), counts)
    out = {k: v for k, v in c.items() if not k.endswith("_key")}
    for k in counts:
        out[k + "_hidden"] = np.zeros(len(rows), dtype=bool)
        out[k + "_small"] = np.zeros(len(rows), dtype=bool)
    return pd.DataFrame(out)


def _every(con, name: str, scope: Scope, cols: list[str], **extra) -> pd.DataFrame:
    """The distinct `cols` of a named query over the role's whole data (no filters), times the three sexes:
    the grid of a protected table. It depends only on the data version and the scope: read once per
    connection (queries/memo.py); never changed by its callers (merged from, not into)."""
    def grid():
        values = execute(con, name, bind(Filters(), scope, **extra))[cols].drop_duplicates()
        return values.merge(pd.DataFrame({"sex": ["F", "M", "NR"]}), how="cross")
    return memo.per_connection(con, ("grid", name, scope, tuple(cols), tuple(sorted(extra.items()))), grid)


def _plain_table(d: pd.DataFrame, counts: list[str]) -> pd.DataFrame:
    """protect_counts(d, counts, 0): the counts as they are, `<c>_hidden` and `<c>_small` false, keys dropped."""
    out = d.drop(columns=[c for c in d.columns if c.endswith("_key")])
    for c in counts:
        out[c + "_hidden"] = np.zeros(len(out), dtype=bool)
        out[c + "_small"] = np.zeros(len(out), dtype=bool)
    return out


def _protected_table(d: pd.DataFrame, grid: pd.DataFrame, cols: list[str], counts: list[str], k: int) -> pd.DataFrame:
    """protect_counts(d on the full grid, counts, k): a row for every row of `grid` (_every: every combination
    of `cols` of the role's data, times the three sexes; counts 0 where d has none), each count rounded by
    its cell key `<c>_key`, 0..k-1 hidden (NA, `<c>_hidden`, `<c>_small`); the keys dropped."""
    on = cols + ["sex"]
    at = {key: i for i, key in enumerate(zip(*(d[c].tolist() for c in on)))}
    where = [at.get(key) for key in zip(*(grid[c].tolist() for c in on))]
    # the key columns as pandas' merge gave them: grid's type when d's is the same or when exactly one of the
    # two has no row (no coercion then), else objects (sex: d's « NR » are objects)
    keep = grid.empty != d.empty
    out = {c: grid[c] if keep or grid[c].dtype == d[c].dtype else grid[c].astype(object) for c in on}
    flags = {}
    for c in counts:
        given, keys = d[c].tolist(), d[c + "_key"].tolist()
        n = [0 if i is None else _whole(given[i]) for i in where]
        key = [0 if i is None else _whole(keys[i]) for i in where]
        out[c] = pd.array([rounded(v, kk, k) for v, kk in zip(n, key)], dtype="Float64")
        hidden = np.array([0 <= v <= k - 1 for v in n], dtype=bool)
        flags[c + "_hidden"], flags[c + "_small"] = hidden, hidden.copy()
    return pd.DataFrame({**out, **flags}, index=grid.index)


def _whole(v) -> int:
    """A count or key as the merge's fillna(0).astype("int64") gave it."""
    return 0 if v is None or v != v else int(v)


def case_left_out(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> dict:
    """Cases of the cohort left out for lack of consent: exact for the data owner, banded for others."""
    p = bind(filters, scope)
    p.pop("hide_no_consent")
    n = int(execute_rows(con, "case_left_out", p)[0]["no_consent"])
    if not scope.hide_no_consent:
        return dict(n=n, left_out=False, text=str(n))
    return dict(n=None, left_out=n > 0, text=band(n, threshold(scope.min_cell)))


STALL_STEPS = (30, 60, 90, 180, 365)      # the stalled-cases thresholds offered to protected views


def stall_step(days: int) -> int:
    """The largest fixed step not above `days` (at least the first): a free number of days would let a
    protected view sweep one child's last step in and out of the count."""
    return max([s for s in STALL_STEPS if s <= days] or [STALL_STEPS[0]])


def case_stalled(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE, stall_days: int = 90) -> pd.DataFrame:
    """Follow-up list of case codes with no new step for `stall_days` days. Data owner only:
    a scope with small-cell protection gets only the count per site, at fixed steps of days."""
    if scope.protected:
        stall_days = stall_step(stall_days)
    d = execute(con, "case_stalled", bind(filters, scope, stall_days=stall_days))
    if scope.min_cell > 1:
        return _stalled_by_site(d, scope.min_cell)
    del d["rkey"]                       # (this call's own frame)
    return d


def _stalled_by_site(d: pd.DataFrame, k: int) -> pd.DataFrame:
    """Stalled cases per site (sorted), each count rounded by its cell key, 0..k-1 hidden: the groupby and
    protect_counts of pandas, in one pass (pandas' own way for an empty list or unusual column types)."""
    n: dict = {}
    key: dict = {}
    if len(d) and d["rkey"].dtype == "int64":
        for site, rk in zip(d["site_id"].tolist(), d["rkey"].tolist()):
            if site is None or site != site:        # no site: not counted (groupby leaves NaN keys out)
                continue
            n[site] = n.get(site, 0) + 1
            key[site] = key.get(site, 0) + rk
    if not n:
        c = d.groupby("site_id").agg(n=("case_id", "size"), n_key=("rkey", "sum")).reset_index()
        return protect_counts(c, ["n"], k)
    sites = sorted(n)
    hidden = np.array([0 <= n[s] <= k - 1 for s in sites], dtype=bool)
    return pd.DataFrame({"site_id": pd.array(sites, dtype=d["site_id"].dtype),
                         "n": pd.array([rounded(n[s], key[s], k) for s in sites], dtype="Float64"),
                         "n_hidden": hidden, "n_small": hidden.copy()})
