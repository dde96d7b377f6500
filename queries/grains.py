"""The grains the dashboard publishes at, written once: the indicator explorer, the targets of its cells
and their protection all read this module (pure: no database, no Streamlit).

A grain is a dimension a figure can be broken down by. Most are a filter of `queries.Filters` (commune,
locality, partner, sex; year and quarter narrow the period): a cell of such a grain is the figure
under the cell's filter, so it equals `indicators()` under that filter by construction, with the same
scope, cell-key rounding and quarter-wide periods as every other view. Age group and setting have no
filter: their cells come from named queries (explore_people_groups.sql, explore_case_groups.sql) that
carry the same cell keys (queries/protect.py).

Which indicators a grain applies to: the `applies` column of queries/reference/logframe.csv for the
filters and the setting; the period grains to every indicator; the age group to the indicators that
count people (participants' age) or cases (age at identification).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from . import calendar, contract

P0, P1 = calendar.PROJECT_START, calendar.PROJECT_END
YEARS = calendar.YEARS
QUARTERS = tuple(calendar.quarters("T"))
NR = "NR"           # sex, age or setting not recorded



@lru_cache(maxsize=1)
def sources() -> dict[str, str]:
    """Where each logframe indicator's figure comes from (people, activities, cases, assessments, leads,
    milestones): the `source` column of reference/indicator_sources.csv, read once."""
    with open(Path(__file__).resolve().parent / "reference" / "indicator_sources.csv", encoding="utf-8") as f:
        return {r["indicator"]: r["source"] for r in csv.DictReader(f)}


@dataclass(frozen=True)
class Grain:
    name: str                 # the grain's code (URL and tables)
    filter: str | None        # the Filters field a cell sets ("period": start and end), None: a column
    column: str | None        # the column of the named queries for a grain without filter
    values: tuple             # every value of the grain (contract's enumerations, reference, calendar)
    label_key: str            # its label in dashboard/texts/explorer.py
    code_kind: str | None     # how its values are worded (dashboard.i18n.code kinds)


GRAINS: dict[str, Grain] = {g.name: g for g in (
    Grain("commune", "communes", None, contract.COMMUNES, "ex_g_commune", "commune"),
    Grain("locality", "localities", None, contract.LOCALITIES, "ex_g_locality", "locality_short"),
    Grain("partner", "partner", None, contract.PARTNERS, "ex_g_partner", "partner"),
    Grain("year", "period", None, YEARS, "ex_g_year", None),
    Grain("quarter", "period", None, QUARTERS, "ex_g_quarter", None),
    Grain("sex", "sex", None, contract.SEXES, "ex_g_sex", "sex"),
    Grain("age_group", None, "age_group", contract.AGE_GROUPS, "ex_g_age_group", "age_group"),
    Grain("setting", None, "setting", contract.SETTINGS, "ex_g_setting", "setting"),
)}
FILTER_GRAINS = tuple(n for n, g in GRAINS.items() if g.filter)
COLUMN_GRAINS = tuple(n for n, g in GRAINS.items() if not g.filter)


def applies(grain: str, row) -> bool:
    """Does `grain` apply to the indicator of logframe row `row` (id, applies)?"""
    tokens = set(str(row["applies"] or "").split())
    if grain in ("year", "quarter"):
        return True
    if grain == "age_group":
        return sources().get(row["id"]) in ("people", "cases")
    return grain in tokens


def period_of(grain: str, value) -> tuple[date, date]:
    """The dates a year or quarter cell stands for (clipped to the project, as the sidebar's periods)."""
    if grain == "year":
        return max(date(int(value), 1, 1), P0), min(date(int(value), 12, 31), P1)
    y, q = int(str(value)[:4]), int(str(value)[-1])
    s = date(y, 3 * q - 2, 1)
    e = date(y + (q == 4), (3 * q) % 12 + 1, 1).toordinal() - 1
    return max(s, P0), min(date.fromordinal(e), P1)


def sidebar_periods() -> tuple[tuple[str, date | None, date | None], ...]:
    """Every period the sidebar offers but « perso », as (key of dashboard/url.py PERIODS, start, end), the
    dates dashboard/sidebar.py::period_bounds gives: the whole project (no bounds), each year, each
    quarter. The periods of the aggregates prepared with each data version (queries/prepared.py)."""
    return (("projet", None, None), *((str(y), *period_of("year", y)) for y in YEARS),
            *((q, *period_of("quarter", q)) for q in QUARTERS))


def partner_subsets() -> tuple[tuple[str, ...] | None, ...]:
    """Every partner selection the sidebar can make: none (all partners, NULL), then each non-empty
    subset of the contract's partners, in contract order. Index i > 0 is the subset whose bit j
    (1 << j) is set for contract.PARTNERS[j] (queries/prepared.py)."""
    n = len(contract.PARTNERS)
    return (None, *(tuple(x for j, x in enumerate(contract.PARTNERS) if i >> j & 1) for i in range(1, 2 ** n)))


def values(grain: str, p: dict, case_figure: bool = False) -> list:
    """The values of `grain` inside a view (bound parameters p: its communes, partners, sex, period):
    the cells the explorer offers. Case figures are never shown by village: their localities are the
    two sites only (README, « Protection des enfants »)."""
    g = GRAINS[grain]
    if grain == "commune":
        return [c for c in g.values if p["communes"] is None or c in p["communes"]]
    if grain == "locality":
        out = [l for l in g.values if (p["communes"] is None or contract.LOCALITY_COMMUNE[l] in p["communes"])
               and (p["localities"] is None or l in p["localities"])]
        return [l for l in out if l in contract.SITES] if case_figure else out
    if grain == "partner":
        return [x for x in g.values if p["partners"] is None or x in p["partners"]]
    if grain == "sex":
        return [s for s in g.values if p["sex"] is None or s == p["sex"]]
    if grain in ("year", "quarter"):
        s, e = p["start"] or P0, p["end"] or P1
        return [v for v in g.values if period_of(grain, v)[0] <= e and period_of(grain, v)[1] >= s]
    return list(g.values)


def cell_filters(base, grain: str, value):
    """`base` (queries.Filters) narrowed to one value of a filter grain."""
    g = GRAINS[grain]
    if g.filter == "period":
        s, e = period_of(grain, value)
        return replace(base, start=max(s, base.start) if base.start else s, end=min(e, base.end) if base.end else e)
    if g.filter == "sex":
        return replace(base, sex=value)
    return replace(base, **{g.filter: (value,)})
