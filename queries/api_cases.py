"""Case views: the cohort funnel, delays between steps, services, breakdowns, cases left out and the
follow-up of stalled cases; case counts protected by their cell keys for the scopes that need it."""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import contract
from ._common import sex_nr
from .binding import FULL_SCOPE, Filters, Scope, bind
from .execution import execute
from .protect import band, protect_counts, rounded, threshold


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
    sex_nr(d)
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
    sex_nr(d)
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
        c = d.groupby("site_id").agg(n=("case_id", "size"), n_key=("rkey", "sum")).reset_index()
        return protect_counts(c, ["n"], scope.min_cell)
    return d.drop(columns=["rkey"])
