"""The indicator explorer: one indicator broken down by one or two grains (queries/grains.py), each
cell with its value, F/M split, rate parts, scoped target and status; and the partners and communes
side by side on the main indicators.

A cell of a filter grain (commune, locality, partner, year, quarter, sex) IS `indicators()` under the
cell's filter: the same value, target, status and protection as the overview of that filter, by
construction. A cell of age group or setting (no filter) comes from explore_people_groups.sql /
explore_case_groups.sql: exact for the data owner (the cells add up to the total), and for case figures
of protected views rounded by the cells' own keys with 0..k-1 hidden, as every case count
(queries/protect.py). Setting cells take the setting's target cells; age groups have no target.
"""
from __future__ import annotations

from datetime import date
from itertools import product

import pandas as pd

import re

from . import FULL_SCOPE, Filters, Scope, bind, execute, execute_rows, execution, logframe, prepared, status
from . import grains as G
from .api import CASE_INDICATORS, indicators
from .api_indicators import indicator_columns, statements
from .protect import rounded, small

__all__ = ["explorer_cells", "side_by_side", "MAIN_INDICATORS", "CELL_COLUMNS"]

CELL_COLUMNS = ("value", "hidden", "female", "male", "sex_unknown", "numerator", "denominator", "target",
                "project_target", "expected", "status", "status_from", "pct_of_target", "share_of_project")
MAIN_INDICATORS = ("children_life_skills", "pe_trained", "focus_groups", "people_rights", "cases_identified",
                   "returned_rate", "reinsertion_rate")
# case indicator -> (numerator column, denominator column) of explore_case_groups.sql; counts: (column, None)
CASE_PARTS = {"cases_identified": ("identified", None), "cases_in_care": ("in_care", None),
              "cases_returned": ("returned", None), "cases_reinserted": ("reinserted", None),
              "returned_rate": ("in_care_returned", "in_care"), "reinsertion_rate": ("reinserted", "identified")}


def _row(ind: pd.DataFrame, iid: str) -> dict:
    r = ind.set_index("id").loc[iid]
    return {c: r[c] for c in CELL_COLUMNS}


def explorer_cells(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE, indicator: str = "cases_identified",
                   by: tuple = ("commune",), today: date | None = None) -> pd.DataFrame:
    """One row per cell: `g1` (and `g2`) the grains' values (codes, « NR » not recorded), then CELL_COLUMNS.
    Grains that do not apply to the indicator are refused (ValueError)."""
    lf = logframe().set_index("id", drop=False)
    row = lf.loc[indicator]
    by = tuple(dict.fromkeys(by))
    if not 1 <= len(by) <= 2 or any(g not in G.GRAINS or not G.applies(g, row) for g in by):
        raise ValueError(f"découpage impossible de {indicator} par {by}")
    p = bind(filters, scope)
    case = indicator in CASE_INDICATORS
    fdims = [g for g in by if G.GRAINS[g].filter]
    cdims = [g for g in by if not G.GRAINS[g].filter]
    out = []
    for combo in product(*[G.values(g, p, case) for g in fdims]):
        f = filters
        for g, v in zip(fdims, combo):
            f = G.cell_filters(f, g, v)
        where = dict(zip(fdims, combo))
        if cdims:
            for cell in _column_cells(con, f, scope, indicator, cdims, today):
                out.append({**where, **cell})
        else:
            out.append({**where, **_row(indicators(con, f, scope, today), indicator)})
        if "sex" in fdims and p["sex"] is None and row["unit"] == "count" and not cdims and combo[fdims.index("sex")] == "M":
            # after F and M: the cases or people whose sex is not recorded, from the view without the sex cut
            rest = filters
            for g, v in zip(fdims, combo):
                if g != "sex":
                    rest = G.cell_filters(rest, g, v)
            r = _row(indicators(con, rest, scope, today), indicator)
            if pd.notna(r["sex_unknown"]) and r["sex_unknown"] > 0 or (case and scope.protected):
                out.append({**where, "sex": G.NR, "value": r["sex_unknown"],
                            "hidden": case and scope.protected and pd.isna(r["sex_unknown"]),
                            "status": "no_target"})
    df = pd.DataFrame(out)
    names = {g: f"g{i + 1}" for i, g in enumerate(by)}
    df = df.rename(columns=names)
    for c in ("g2",) + CELL_COLUMNS:
        if c not in df:
            df[c] = None
    df["hidden"] = df["hidden"].fillna(False).astype(bool)
    return df[["g1", "g2", *CELL_COLUMNS]]


def _frame(indicator: str, n: int) -> pd.DataFrame:
    """n copies of the indicator's logframe row (what status.judge reads)."""
    return pd.concat([logframe()[logframe()["id"] == indicator]] * n, ignore_index=True)


def _judge(con, df: pd.DataFrame, p: dict, cells: pd.DataFrame, today) -> pd.DataFrame:
    delays = {r["stage"]: r for r in execute_rows(con, "case_step_delay", {"hide_no_consent": p["hide_no_consent"]})}
    return status.judge(df, cells, {}, delays, p, today)


def _column_cells(con, f: Filters, scope: Scope, indicator: str, cdims: list[str], today) -> list[dict]:
    """The cells of the column grains (age group, setting) of one view, judged."""
    p = bind(f, scope)
    if indicator in CASE_INDICATORS:
        parts = _case_groups(con, p, indicator, scope)
    else:
        parts = _people_groups(con, p, indicator, cdims)
    every = execute(con, "targets_cells")
    cells = []
    for key, r in parts.items():
        df = _frame(indicator, 1)
        for c in ("value", "female", "male", "sex_unknown", "numerator", "denominator"):
            df[c] = pd.array([r.get(c)], dtype="Float64")
        mine = every
        if "setting" in cdims:
            setting = key[cdims.index("setting")]
            mine = every[(every["indicator"] != indicator) | (every["setting"] == setting)]
        if "age_group" in cdims:            # the targets are not split by age: none belongs to an age group
            mine = every[every["indicator"] != indicator]
        j = _judge(con, df, p, mine, today).iloc[0]
        cell = {c: j[c] for c in CELL_COLUMNS if c in j}
        cell["hidden"] = bool(r.get("hidden", False))
        if cell["hidden"]:
            cell["status"] = "no_data"
        cells.append({**dict(zip(cdims, key)), **cell})
    return cells


def _people_groups(con, p: dict, indicator: str, cdims: list[str]) -> dict:
    d = execute(con, "explore_people_groups", p)
    d = d[d["id"] == indicator]
    domain = [list(G.GRAINS[g].values) + ([G.NR] if (d[g] == G.NR).any() else []) for g in cdims]
    out = {}
    for key in product(*domain):
        m = d
        for g, v in zip(cdims, key):
            m = m[m[g] == v]
        by_sex = m.groupby(m["sex"].fillna(G.NR))["value"].sum()
        out[key] = dict(value=int(m["value"].sum()), female=int(by_sex.get("F", 0)), male=int(by_sex.get("M", 0)),
                        sex_unknown=int(by_sex.get(G.NR, 0)))
    return out


def _case_groups(con, p: dict, indicator: str, scope: Scope) -> dict:
    """Per age group: the case count (or rate) of `indicator` with F/M; for a protected scope rounded by
    the cells' keys, 0..k-1 hidden, rates from rounded parts and hidden on small parts (as indicators())."""
    d = execute(con, "explore_case_groups", p)
    num, den = CASE_PARTS[indicator]
    k = scope.min_cell
    out = {}
    for g in G.GRAINS["age_group"].values:
        m = d[d["age_group"] == g]

        def part(col, sex="all"):
            s = m if sex == "all" else (m[m["sex"].isna()] if sex is None else m[m["sex"] == sex])
            return int(s[col].sum()), int(s[col + "_key"].sum())
        if den is None:
            cell = {}
            for name, sex in (("value", "all"), ("female", "F"), ("male", "M"), ("sex_unknown", None)):
                n, key = part(num, sex)
                cell[name] = rounded(n, key, k) if k > 1 else n
            cell["hidden"] = k > 1 and small(part(num)[0], k)
        else:
            cell = {}
            for name, sex in (("value", "all"), ("female", "F"), ("male", "M")):
                (n, nk), (dn, dk) = part(num, sex), part(den, sex)
                if k > 1:
                    ok = dn >= k and not small(n, k) and not small(dn - n, k)
                    cell[name] = 100.0 * rounded(n, nk, k) / rounded(dn, dk, k) if ok else None
                else:
                    cell[name] = 100.0 * n / dn if dn else None
                if name == "value":
                    cell["hidden"] = k > 1 and dn > 0 and cell["value"] is None
                    if k <= 1:
                        cell["numerator"], cell["denominator"] = n, dn
        out[(g,)] = cell
    return out


def side_by_side(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE, today: date | None = None,
                 ids: tuple = MAIN_INDICATORS) -> pd.DataFrame:
    """The partners and the communes of the view on the main indicators: one row per (kind, who, id) with
    the cell's value, target, share of it and status — the explorer's cells, so the overview's figures
    under that partner's or that commune's filter.

    One pass for every cell: each statement of `indicators()` runs once for all the partners and communes
    (`_rows_many`: set-based over the prepared tables, or off their grain its copies under each cell's bound
    parameters in one UNION ALL), then each cell's rows are shaped and judged by the very code of
    `indicators()` (api_indicators.indicator_columns): the same frame as indicators() under each cell's filter."""
    p = bind(filters, scope)
    cells = [(kind, who, bind(G.cell_filters(filters, kind, who), scope))
             for kind in ("partner", "commune") for who in G.values(kind, p)]
    if not cells:
        return pd.DataFrame([])
    names = statements(cells[0][2])
    if any(statements(pc) != names for _, _, pc in cells):      # (never: a cell narrows partner or commune)
        names = None
    got = {n: _rows_many(con, n, [pc for _, _, pc in cells]) for n in names} if names else None
    rows = []
    for i, (kind, who, pc) in enumerate(cells):
        mine = {n: got[n][i] for n in names} if names else \
            {n: execute_rows(con, n, pc) for n in statements(pc)}
        cols = indicator_columns(con, pc, scope, today, mine)
        at = {iid: j for j, iid in enumerate(cols["id"])}
        rows += [{"kind": kind, "who": who, "id": iid, **{c: cols[c][at[iid]] for c in CELL_COLUMNS}} for iid in ids]
    return pd.DataFrame(rows)


_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def _rows_many(con, name: str, params: list[dict]) -> list[list[dict]]:
    """[execute_rows(con, name, p) for p in params] in one statement: its set-based form over the prepared
    tables when every view is on their grain (prepared.lookup_many), else the statement (or its prepared
    lookup) once per distinct view, its parameters renamed, in a UNION ALL tagged by rank. The rows of each
    view in any order (the callers sum or key them); views with the same parameters share their rows."""
    sql, declared = execution.load_sql(name)
    for p in params:
        missing = [x for x in declared if x not in p]
        if missing:
            raise KeyError(f"{name}: paramètres manquants {missing}")
    cur = execution._cursor(con)
    try:
        many = prepared.lookup_many(con, name, params, cur)
        if many is not None:
            return _by_cell(cur.execute(*many), len(params))
        parts, bound, rank, first = [], {}, [], {}
        for p in params:
            hit = prepared.lookup(con, name, p, cur)
            text, values = hit if hit is not None else (sql, {x: p[x] for x in declared})
            key = (text, repr(sorted(values.items())))
            if key not in first:
                i = first[key] = len(parts)
                text = _PARAM.sub(lambda m: f"${m.group(1)}_c{i}", text)
                parts.append(f"select {i} as cell_, * from (\n{text}\n)")
                bound.update({f"{k}_c{i}": v for k, v in values.items()})
            rank.append(first[key])
        got = _by_cell(cur.execute("\nunion all\n".join(parts), bound), len(parts))
        return [got[i] for i in rank]
    finally:
        cur.close()


def _by_cell(cur, n: int) -> list[list[dict]]:
    """The rows of a statement whose first column is the view's rank, as dicts per view."""
    cols = [d[0] for d in cur.description][1:]
    out: list[list[dict]] = [[] for _ in range(n)]
    for r in cur.fetchall():
        out[r[0]].append(dict(zip(cols, r[1:])))
    return out
