"""Small-cell protection, applied in the query layer so that no view can forget it.

A count from 1 to `min_cell - 1` is hidden (NA, with a `<col>_hidden` flag; `<col>_small`
says it is really below min_cell, so the UI writes « < 5 », else « masqué »). Complementary suppression: inside each breakdown (rows sharing the
columns of one of `group_sets`), if exactly one cell is hidden, the smallest other
non-zero cell is hidden too, so that the hidden one cannot be recomputed from the
breakdown's total; this is repeated over every group set until nothing changes (a
table by value x sex is protected within each value and within each sex).
"""
from __future__ import annotations

import pandas as pd


def band(n: int | None, min_cell: int = 5) -> str:
    """A count as a band, for what must never be shown exactly (e.g. cases left out)."""
    if n is None or pd.isna(n) or n == 0:
        return "0"
    if n < min_cell:
        return f"< {min_cell}"
    if n < 10:
        return f"{min_cell}–9"
    lo = (int(n) // 10) * 10
    return f"{lo}–{lo + 9}"


def small(v, k: int) -> bool:
    """A count that must not be shown: 1 to k-1."""
    return v is not None and not pd.isna(v) and 1 <= v < k


def _keys(df: pd.DataFrame, cols: list[str]) -> pd.Series:
    if not cols:
        return pd.Series("all", index=df.index)
    return df[cols].astype("object").where(df[cols].notna(), "∅").astype(str).agg("|".join, axis=1)


def protect_counts(df: pd.DataFrame, cols: list[str], min_cell: int,
                   group_cols: list[str] | None = None,
                   group_sets: list[list[str]] | None = None) -> pd.DataFrame:
    """Hide counts 1..min_cell-1 in `cols`, with complementary suppression per breakdown."""
    out = df.copy()
    if min_cell <= 1 or out.empty:
        for c in cols:
            out[c + "_hidden"] = False
            out[c + "_small"] = False
        return out
    sets = group_sets if group_sets is not None else [group_cols or []]
    for c in cols:
        v = pd.to_numeric(out[c], errors="coerce")
        small_ = v.between(1, min_cell - 1)
        hidden = small_.copy()
        changed = True
        while changed:
            changed = False
            for g in sets:
                keys = _keys(out, g)
                for _, idx in keys.groupby(keys).groups.items():
                    h = hidden.loc[idx]
                    hv = v.loc[idx][h]
                    # one hidden cell, or hidden cells that can only all be 1 (1 + 1 = the 2 missing from the
                    # breakdown's total): hide the next smallest non-zero cell too
                    if h.sum() == 1 or (h.sum() > 1 and hv.sum() == h.sum()):
                        others = v.loc[idx][(~h) & (v.loc[idx] > 0)]
                        if len(others):
                            hidden.loc[others.idxmin()] = True
                            changed = True
        out[c] = v.astype("Float64").mask(hidden)
        out[c + "_hidden"] = hidden.to_numpy()
        out[c + "_small"] = small_.to_numpy()   # hidden because 1..k-1 (the others: complementary)
    return out
