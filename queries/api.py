"""What pages, exports and the headless CLI call: named queries shaped into tables.

Every function takes an open DuckDB connection, the user's `Filters` and the role's
`Scope`; the scope is applied in the bound parameters (communes, partners, consent)
and, for case figures, by small-cell protection (`Scope.min_cell`).
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from . import calendar, contract, status, targets
from .binding import FULL_SCOPE, Filters, Scope, bind
from .execution import execute, execute_rows
from .loading import logframe
from .protect import band, protect_counts, rounded, small

__all__ = [
    "indicators", "indicators_records", "target_cells", "case_funnel", "case_delays", "case_delay_summary",
    "case_services", "case_breakdown", "case_left_out", "case_stalled", "sensitisation",
    "children_reach", "assessment_rates", "pe_activity", "indicator_monthly", "map_localities",
    "milestones_list", "dq_load_summary", "dq_last_activity", "dq_issues", "band",
    "CASE_INDICATORS", "RATE_INDICATORS", "STALL_STEPS", "stall_step",
]

CASE_INDICATORS = ("cases_identified", "cases_in_care", "cases_returned", "cases_reinserted",
                   "returned_rate", "reinsertion_rate")
RATE_INDICATORS = ("children_pass_rate", "pe_active_rate", "returned_rate", "reinsertion_rate")
SENSITISATION_TYPES = ("focus_group", "causerie", "radio", "theatre_forum", "caravane")


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


def indicators(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE, today: date | None = None) -> pd.DataFrame:
    """Every logframe indicator of the contract with its F/M split and rate parts, judged (queries/status.py):
    `target` scoped to the filters, `project_target`, `expected`, `status`, `status_from`, `step_days`,
    `pct_of_target` (of the scoped target), `share_of_project`, `asof`."""
    p = bind(filters, scope)
    rows: dict[str, dict] = {}

    for r in execute_rows(con, "indicator_people", p):
        children = r["id"] == "children_life_skills"
        rows[r["id"]] = dict(value=r["value"], female=r["female"], male=r["male"], sex_unknown=r["sex_unknown"],
                             site=r["site"] if children else None, ecole=r["ecole"] if children else None)
    for r in execute_rows(con, "indicator_activities", p):
        rows[r["id"]] = dict(value=r["value"], female=r["female"], male=r["male"])
    for r in execute_rows(con, "indicator_milestones", p):
        rows[r["id"]] = dict(value=r["value"])

    cases = execute_rows(con, "indicator_cases", p)
    keys: dict[str, dict] = {}          # cell keys of the case counts, for the protected views
    for cid, col in (("cases_identified", "identified"), ("cases_in_care", "in_care"),
                     ("cases_returned", "returned"), ("cases_reinserted", "reinserted")):
        s = _by_sex(cases, col)
        keys[cid] = _by_sex(cases, col + "_key")
        rows[cid] = dict(value=s["all"], female=s["F"], male=s["M"], sex_unknown=s[None])
    care, back, ident, reins = (_by_sex(cases, c) for c in ("in_care", "in_care_returned", "identified", "reinserted"))
    keys["returned_rate"] = (_by_sex(cases, "in_care_returned_key"), _by_sex(cases, "in_care_key"))
    keys["reinsertion_rate"] = (keys["cases_reinserted"], keys["cases_identified"])
    rate_parts = [("returned_rate", back, care), ("reinsertion_rate", reins, ident)]
    for rid, name, ncol, dcol in (("children_pass_rate", "indicator_pass_rate", "passed", "tested"),
                                  ("pe_active_rate", "indicator_pe_active", "active", "trained")):
        d = execute_rows(con, name, p)
        rate_parts.append((rid, _by_sex(d, ncol), _by_sex(d, dcol)))
    for rid, num, den in rate_parts:
        rows[rid] = dict(value=_rate(num["all"], den["all"]), female=_rate(num["F"], den["F"]),
                         male=_rate(num["M"], den["M"]), numerator=num["all"], denominator=den["all"],
                         num_female=num["F"], num_male=num["M"], den_female=den["F"], den_male=den["M"])

    df = logframe().copy()
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
        if cid not in CASE_INDICATORS:
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


# ---------------------------------------------------------------- cases

def case_funnel(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE, by: str | None = None) -> pd.DataFrame:
    """Cohort funnel: cases at each stage (all six, zeros included), optionally by 'sex' or 'age_group',
    with the share kept from identification and from the previous stage."""
    raw = execute(con, "case_funnel", bind(filters, scope))
    keys = ["stage"] + ([by] if by else [])
    if by == "sex":
        raw["sex"] = raw["sex"].astype("object").where(raw["sex"].notna(), "NR")
    g = raw.groupby(keys, dropna=False)[["n", "n_key"]].sum().reset_index() if len(raw) else \
        pd.DataFrame(columns=keys + ["n", "n_key"])
    levels = {"sex": ["F", "M", "NR"], "age_group": list(contract.AGE_GROUPS)}
    grid = pd.MultiIndex.from_product([list(contract.STAGES)] + ([levels[by]] if by else []), names=keys)
    out = g.set_index(keys)[["n", "n_key"]].reindex(grid, fill_value=0).reset_index() if by else \
        g.set_index("stage")[["n", "n_key"]].reindex(list(contract.STAGES), fill_value=0).reset_index()
    if by and not scope.protected:  # drop categories that never occur (protected: all, so none reads « zero »)
        seen = out.groupby(by)["n"].transform("sum") > 0
        out = out[seen]
    out["stage_order"] = out["stage"].map({s: i + 1 for i, s in enumerate(contract.STAGES)})
    out["n"] = out["n"].astype("int64")
    out = out.sort_values(([by] if by else []) + ["stage_order"]).reset_index(drop=True)
    out = protect_counts(out, ["n"], scope.min_cell)
    # shares from the (possibly hidden) counts: a hidden count hides every share built on it
    n = out["n"].astype("Float64")
    grp = n.groupby(out[by]) if by else n.groupby(pd.Series(0, index=out.index))
    first, prev = grp.transform("first"), grp.shift(1)
    out["share_identified"] = (100 * n / first).where(first > 0).astype("float64")
    out["share_previous"] = (100 * n / prev).where(prev > 0).astype("float64")
    return out


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


def case_services(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    d = execute(con, "case_services", bind(filters, scope))
    d["sex"] = d["sex"].astype("object").where(d["sex"].notna(), "NR")
    if scope.protected:
        every = execute(con, "case_services", bind(Filters(), scope))
        d = _full_grid(d, every, ["service"], ["cases", "cases_key", "services", "services_key"])
    return protect_counts(d, ["cases", "services"], scope.min_cell)


def case_breakdown(con, dimension: str, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """Cohort cases by `dimension` (nationality, referral_source, exploitation, reinsertion_type,
    site_id, partner, age_group, origin_region) and sex."""
    allowed = ("nationality", "referral_source", "exploitation", "reinsertion_type", "site_id",
               "partner", "age_group", "origin_region")
    if dimension not in allowed:
        raise ValueError(f"dimension inconnue : {dimension}")
    d = execute(con, "case_breakdown", bind(filters, scope, dimension=dimension))
    d["sex"] = d["sex"].astype("object").where(d["sex"].notna(), "NR")
    if scope.protected:   # every value x sex of the role's whole data, so that no missing row says « zero »
        every = execute(con, "case_breakdown", bind(Filters(), scope, dimension=dimension))
        d = _full_grid(d, every, ["value"], ["n", "n_key"])
    return protect_counts(d, ["n"], scope.min_cell)


def _full_grid(d: pd.DataFrame, every: pd.DataFrame, cols: list[str], counts: list[str]) -> pd.DataFrame:
    """d with a row (counts 0) for every combination of `cols` found in `every`, times the three sexes."""
    values = every[cols].drop_duplicates()
    grid = values.merge(pd.DataFrame({"sex": ["F", "M", "NR"]}), how="cross")
    return grid.merge(d, on=cols + ["sex"], how="left").fillna({c: 0 for c in counts}).astype({c: "int64" for c in counts})


def case_left_out(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> dict:
    """Cases of the cohort left out for lack of consent: exact for the data owner, banded for others."""
    p = bind(filters, scope)
    p.pop("hide_no_consent")
    n = int(execute(con, "case_left_out", p)["no_consent"].iloc[0])
    if not scope.hide_no_consent:
        return dict(n=n, left_out=False, text=str(n))
    return dict(n=None, left_out=n > 0, text=band(n, max(scope.min_cell, 5)))


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
        c = d.groupby("site_id").agg(n=("case_id", "size"), n_key=("rkey", "sum")).reset_index()
        return protect_counts(c, ["n"], scope.min_cell)
    return d.drop(columns=["rkey"])


# ------------------------------------------------------------ sensitisation

def sensitisation(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE,
                  types: tuple[str, ...] | None = SENSITISATION_TYPES) -> pd.DataFrame:
    """Participations counted at activities: type x locality x commune x quarter x girls/boys/women/men."""
    return execute(con, "sensitisation_by_sex", bind(filters, scope, types=list(types) if types else None))


def children_reach(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    d = execute(con, "children_reach", bind(filters, scope))
    d["sex"] = d["sex"].astype("object").where(d["sex"].notna(), "NR")
    return d


def assessment_rates(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    d = execute(con, "assessment_rates", bind(filters, scope))
    d["sex"] = d["sex"].astype("object").where(d["sex"].notna(), "NR")
    d["rate"] = (100 * d["passed"] / d["tested"]).where(d["tested"] > 0)
    return d


def pe_activity(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """Peer educators trained and active (led >= 1 focus group) by sex."""
    d = execute(con, "indicator_pe_active", bind(filters, scope))
    d["sex"] = d["sex"].astype("object").where(d["sex"].notna(), "NR")
    return d


# ------------------------------------------------------------- over time, map

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
    cases = d["id"].isin(CASE_INDICATORS)
    d.loc[cases & (me.dt.month % 3 != 0), "value"] = pd.NA
    at = cases & (me.dt.month % 3 == 0)
    d.loc[at, "value"] = pd.array([rounded(n, key, k) for n, key in zip(d.loc[at, "value"], d.loc[at, "value_key"])],
                                  dtype="Float64")
    return d


def map_localities(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """Figures per locality for the map; case cells rounded by their keys for protected views."""
    d = execute(con, "map_localities", bind(filters, scope))
    cases = d["metric"] == "cases_identified"
    c = d[cases]
    if scope.protected:   # every site of the view, always: a missing one would say « zero »
        p = bind(filters, scope)
        sites = [s for s in ("KOKOYO", "KOFLATIE") if in_view(s, p)]
        c = pd.DataFrame({"locality_id": sites, "metric": "cases_identified"}).merge(
            c, on=["locality_id", "metric"], how="left").fillna(0)
    prot = protect_counts(c, ["value", "female", "male"], scope.min_cell)
    rest = d[~cases].drop(columns=["value_key", "female_key", "male_key"])
    return pd.concat([rest.assign(value_hidden=False, female_hidden=False, male_hidden=False), prot],
                     ignore_index=True)


def in_view(locality: str, p: dict) -> bool:
    """A locality inside the communes and localities of bound parameters p."""
    return (p["communes"] is None or contract.LOCALITY_COMMUNE[locality] in p["communes"]) and \
        (p["localities"] is None or locality in p["localities"])


def milestones_list(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    p = bind(filters, scope)
    return execute(con, "milestones_list", {"end": p["end"], "communes": p["communes"]})


# ------------------------------------------------------------ data quality

def dq_load_summary(con) -> pd.DataFrame:
    return execute(con, "dq_load_summary")


def dq_last_activity(con) -> pd.DataFrame:
    return execute(con, "dq_last_activity")


def dq_issues(con, today: date | None = None) -> pd.DataFrame:
    return execute(con, "dq_issues", {"today": today or date.today(), **calendar.sql_params()})
