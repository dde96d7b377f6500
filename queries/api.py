"""What pages, exports and the headless CLI call: named queries shaped into tables.

Every function takes an open DuckDB connection, the user's `Filters` and the role's
`Scope`; the scope is applied in the bound parameters (communes, partners, consent)
and, for case figures, by small-cell protection (`Scope.min_cell`).
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from . import FULL_SCOPE, Filters, Scope, bind, contract, execute, execute_rows, logframe
from .protect import band, protect_counts, small

__all__ = [
    "indicators", "indicators_records", "case_funnel", "case_delays", "case_delay_summary",
    "case_services", "case_breakdown", "case_left_out", "case_stalled", "sensitisation",
    "children_reach", "assessment_rates", "pe_activity", "indicator_monthly", "map_localities",
    "milestones_list", "dq_load_summary", "dq_last_activity", "dq_issues", "band",
    "CASE_INDICATORS", "RATE_INDICATORS",
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


def indicators(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """Every logframe indicator of the contract with its target, F/M split and rate parts."""
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
    for cid, col in (("cases_identified", "identified"), ("cases_in_care", "in_care"),
                     ("cases_returned", "returned"), ("cases_reinserted", "reinserted")):
        s = _by_sex(cases, col)
        rows[cid] = dict(value=s["all"], female=s["F"], male=s["M"], sex_unknown=s[None])
    care, back, ident, reins = (_by_sex(cases, c) for c in ("in_care", "in_care_returned", "identified", "reinserted"))
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
        df = _protect_indicators(df, scope.min_cell)
    df["pct_of_target"] = (100 * df["value"] / df["target"]).where(df["target"] > 0)
    return df.sort_values("order").reset_index(drop=True)


def _protect_indicators(df: pd.DataFrame, k: int) -> pd.DataFrame:
    """Case counts 1..k-1 hidden (F/M hidden together, unknown sex counted as a cell); a case
    rate is hidden when its denominator, its numerator or its complement is 1..k-1, so that
    no hidden count can be recomputed from a rate."""
    df = df.copy()
    for i, r in df.iterrows():
        if r["id"] not in CASE_INDICATORS:
            continue
        if r["unit"] == "count":
            if small(r["value"], k):
                df.loc[i, ["value", "female", "male", "sex_unknown"]] = pd.NA
                df.loc[i, "hidden"] = True
            elif any(small(r[c], k) for c in ("female", "male", "sex_unknown")):
                df.loc[i, ["female", "male", "sex_unknown"]] = pd.NA
        else:
            def unsafe(num, den):
                return pd.notna(den) and (den < k or small(num, k) or small(den - num, k))
            if unsafe(r["numerator"], r["denominator"]):
                df.loc[i, ["value", "female", "male"]] = pd.NA
                df.loc[i, "hidden"] = True
            if unsafe(r["num_female"], r["den_female"]) or unsafe(r["num_male"], r["den_male"]):
                df.loc[i, ["female", "male"]] = pd.NA
        df.loc[i, ["numerator", "denominator", "num_female", "num_male", "den_female", "den_male"]] = pd.NA
    return df


def indicators_records(df: pd.DataFrame) -> list[dict]:
    """The contract's headless JSON objects (ids, value, target, unit, female, male)."""
    def num(v, unit):
        if v is None or pd.isna(v):
            return None
        return float(v) if unit == "percent" else int(v)
    return [dict(id=r["id"], value=num(r["value"], r["unit"]), target=int(r["target"]), unit=r["unit"],
                 female=num(r["female"], r["unit"]), male=num(r["male"], r["unit"]))
            for _, r in df.iterrows()]


# ---------------------------------------------------------------- cases

def case_funnel(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE, by: str | None = None) -> pd.DataFrame:
    """Cohort funnel: cases at each stage (all six, zeros included), optionally by 'sex' or 'age_group',
    with the share kept from identification and from the previous stage."""
    raw = execute(con, "case_funnel", bind(filters, scope))
    keys = ["stage"] + ([by] if by else [])
    if by == "sex":
        raw["sex"] = raw["sex"].astype("object").where(raw["sex"].notna(), "NR")
    g = raw.groupby(keys, dropna=False)["n"].sum().reset_index() if len(raw) else pd.DataFrame(columns=keys + ["n"])
    levels = {"sex": ["F", "M", "NR"], "age_group": list(contract.AGE_GROUPS)}
    grid = pd.MultiIndex.from_product([list(contract.STAGES)] + ([levels[by]] if by else []), names=keys)
    out = g.set_index(keys)["n"].reindex(grid, fill_value=0).reset_index() if by else \
        g.set_index("stage")["n"].reindex(list(contract.STAGES), fill_value=0).reset_index()
    if by:  # drop categories that never occur
        seen = out.groupby(by)["n"].transform("sum") > 0
        out = out[seen]
    out["stage_order"] = out["stage"].map({s: i + 1 for i, s in enumerate(contract.STAGES)})
    out["n"] = out["n"].astype("int64")
    out = out.sort_values(([by] if by else []) + ["stage_order"]).reset_index(drop=True)
    if scope.min_cell > 1:
        out = protect_counts(out, ["n"], scope.min_cell, group_sets=[["stage"], [by]] if by else [[]])
    else:
        out["n_hidden"] = False
    # shares from the (possibly hidden) counts: a hidden count hides every share built on it
    n = out["n"].astype("Float64")
    grp = n.groupby(out[by]) if by else n.groupby(pd.Series(0, index=out.index))
    first, prev = grp.transform("first"), grp.shift(1)
    out["share_identified"] = (100 * n / first).where(first > 0).astype("float64")
    out["share_previous"] = (100 * n / prev).where(prev > 0).astype("float64")
    return out


def case_delays(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """Days between consecutive stages, one row per case and step (no case code)."""
    d = execute(con, "case_delays", bind(filters, scope))
    if scope.min_cell > 1:  # a distribution of fewer than k cases is not shown
        n = d.groupby("from_stage")["days"].transform("size")
        d = d[n >= scope.min_cell]
    return d.reset_index(drop=True)


def case_delay_summary(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """Per step: cases, median, quartiles, min and max of the days it took."""
    d = case_delays(con, filters, scope)
    steps = pd.DataFrame({"from_stage": contract.STAGES[:-1], "to_stage": contract.STAGES[1:],
                          "step_order": range(1, len(contract.STAGES))})
    if d.empty:
        s = steps.assign(n=0, median=np.nan, p25=np.nan, p75=np.nan, min=np.nan, max=np.nan)
        return s
    agg = d.groupby("from_stage")["days"].agg(
        n="size", median="median", p25=lambda x: x.quantile(0.25), p75=lambda x: x.quantile(0.75),
        min="min", max="max").reset_index()
    return steps.merge(agg, on="from_stage", how="left").fillna({"n": 0}).astype({"n": "int64"})


def case_services(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    d = execute(con, "case_services", bind(filters, scope))
    d["sex"] = d["sex"].astype("object").where(d["sex"].notna(), "NR")
    if scope.min_cell > 1:
        d = protect_counts(d, ["cases", "services"], scope.min_cell, group_sets=[["service"], ["sex"]])
    return d


def case_breakdown(con, dimension: str, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """Cohort cases by `dimension` (nationality, referral_source, exploitation, reinsertion_type,
    site_id, partner, age_group, origin_region) and sex."""
    allowed = ("nationality", "referral_source", "exploitation", "reinsertion_type", "site_id",
               "partner", "age_group", "origin_region")
    if dimension not in allowed:
        raise ValueError(f"dimension inconnue : {dimension}")
    d = execute(con, "case_breakdown", bind(filters, scope, dimension=dimension))
    d["sex"] = d["sex"].astype("object").where(d["sex"].notna(), "NR")
    if scope.min_cell > 1:
        d = protect_counts(d, ["n"], scope.min_cell, group_sets=[["value"], ["sex"]])
    return d


def case_left_out(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> dict:
    """Cases of the cohort left out for lack of consent: exact for the data owner, banded for others."""
    p = bind(filters, scope)
    p.pop("hide_no_consent")
    n = int(execute(con, "case_left_out", p)["no_consent"].iloc[0])
    if not scope.hide_no_consent:
        return dict(n=n, left_out=False, text=str(n))
    return dict(n=None, left_out=n > 0, text=band(n, max(scope.min_cell, 5)))


def case_stalled(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE, stall_days: int = 90) -> pd.DataFrame:
    """Follow-up list of case codes with no new step for `stall_days` days. Data owner only:
    a scope with small-cell protection gets only the count per site."""
    d = execute(con, "case_stalled", bind(filters, scope, stall_days=stall_days))
    if scope.min_cell > 1:
        c = d.groupby("site_id").size().rename("n").reset_index()
        return protect_counts(c, ["n"], scope.min_cell)
    return d


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
    """Cumulative value of every count indicator at each month end, with the straight-line target."""
    d = execute(con, "indicator_monthly", bind(filters, scope, project_start=date.fromisoformat(contract.PROJECT_START),
                                                   project_end=date.fromisoformat(contract.PROJECT_END)))
    lf = logframe().set_index("id")
    start, end = pd.Timestamp(contract.PROJECT_START), pd.Timestamp(contract.PROJECT_END)
    me = pd.to_datetime(d["month_end"])
    frac = ((me - start).dt.days + 1).clip(lower=0) / ((end - start).days + 1)
    d["target"] = d["id"].map(lf["target"])
    d["trajectory"] = (d["target"] * frac.clip(upper=1)).round(1)
    if scope.min_cell > 1:
        d["value"] = d["value"].astype("Float64")
        for cid in CASE_INDICATORS:
            d.loc[d["id"] == cid, "value"] = _coarsen(d.loc[d["id"] == cid, "value"], scope.min_cell)
    return d


def _coarsen(values: pd.Series, k: int) -> pd.Series:
    """A cumulative case curve for a protected view. Its last month is the period's total, which the
    logframe publishes: walking back from it, a month is shown only when its value is 0 or at least k
    and the cases added up to the next month shown are 0 or at least k, so that no difference (with
    the total either) reveals 1..k-1 cases."""
    vals = list(values)
    out, nxt = [pd.NA] * len(vals), None
    for i in range(len(vals) - 1, -1, -1):
        v = vals[i]
        if pd.isna(v) or small(v, k):
            continue
        if nxt is None or not small(nxt - v, k):
            out[i], nxt = v, v
    return pd.Series(out, index=values.index, dtype="Float64")


def map_localities(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    d = execute(con, "map_localities", bind(filters, scope))
    if scope.min_cell > 1:
        cases = d["metric"] == "cases_identified"
        c = d[cases].copy()
        c["unknown_sex"] = c["value"] - c["female"] - c["male"]
        # cases identified outside the two sites (in a village) = logframe total - sites: one more cell
        total = execute(con, "indicator_cases", bind(filters, scope))["identified"].sum()
        rest = pd.DataFrame({"locality_id": [None], "metric": ["cases_identified"],
                             "value": [total - c["value"].sum()]})
        prot = protect_counts(pd.concat([c, rest], ignore_index=True), ["value"], scope.min_cell)
        prot = prot[prot["locality_id"].notna()]
        prot = protect_counts(prot, ["female", "male", "unknown_sex"], scope.min_cell, group_cols=["locality_id"])
        split_hidden = prot[["female_hidden", "male_hidden", "unknown_sex_hidden"]].any(axis=1) | prot["value_hidden"]
        prot.loc[split_hidden, ["female", "male"]] = pd.NA
        prot["female_hidden"] = prot["male_hidden"] = split_hidden
        d = pd.concat([d[~cases].assign(value_hidden=False, female_hidden=False, male_hidden=False),
                       prot.drop(columns=["unknown_sex", "unknown_sex_hidden"])], ignore_index=True)
    return d


def milestones_list(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    p = bind(filters, scope)
    return execute(con, "milestones_list", {"end": p["end"], "communes": p["communes"]})


# ------------------------------------------------------------ data quality

def dq_load_summary(con) -> pd.DataFrame:
    return execute(con, "dq_load_summary")


def dq_last_activity(con) -> pd.DataFrame:
    return execute(con, "dq_last_activity")


def dq_issues(con, today: date | None = None) -> pd.DataFrame:
    return execute(con, "dq_issues", {"today": today or date.today()})
