"""Protection of case figures over every view a role can ask for, applied in the query layer so that
no view can forget it. The model is written out for people in README.md (« Protection des enfants »).

Cell-key rounding (the cell-key method of statistical table builders, with a rounding p-table):
- every case has a secret record key (`rkey`, queries/_setup.sql, drawn once from a server secret);
- a published count's cell key is the sum of the record keys of exactly the cases behind it, so the
  same cases give the same key, whatever view asked for them;
- a count from 0 to k-1 is hidden (« < k », flag `<col>_small`): zero too, so that « < k » never
  means « at least one » (else k-1 hidden parts under a hidden total would all be pinned to 1), and
  the tables of protected views list every category of the role's data, empty or not, so that a
  missing row does not say « zero » either;
- from k on, a count is rounded to a multiple of ROUND_BASE, up or down, chosen by the cell key with
  the probability that makes the rounding unbiased (n = 5q + r goes up with probability r/5).

Consequences: the same cell always reads the same (asking again teaches nothing); the difference
between two views carries the rounding of both, so a child moving in or out of a view moves nothing
exact; margins are rounded on their own and need not add up — the pages say so. The attacker's
arithmetic and the test that plays it over every view: tests/attack.py, tests/test_attack.py.
"""
from __future__ import annotations

import pandas as pd

ROUND_BASE = 5
KEY_RANGE = 2 ** 31          # record keys are drawn in [0, KEY_RANGE) (queries/_setup.sql)


def threshold(min_cell: int | None) -> int:
    """The k of « < k » written on every surface (pages, slides, report, workbook) for a scope's
    `min_cell` (Scope.min_cell): the scope's own where it protects, ROUND_BASE for the data owner's
    bands and notes. The one rule: no surface computes it otherwise."""
    return max(int(min_cell or 0), ROUND_BASE)


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
    """A count that a protected view does not show: 0 to k-1."""
    return v is not None and not pd.isna(v) and 0 <= v < k


def _uniform(key) -> float:
    """The cell key as a number in [0, 1): uniform, since record keys are uniform and secret."""
    return (int(key) % KEY_RANGE) / KEY_RANGE


def rounded(n, key, k: int = ROUND_BASE):
    """The published value of a count n whose cell key is `key`: 0..k-1 → None (hidden), else n
    rounded to a multiple of ROUND_BASE by the key (unbiased, never below ROUND_BASE)."""
    if n is None or pd.isna(n):
        return None
    n = int(n)
    if n < k:
        return None
    q, r = divmod(n, ROUND_BASE)
    if r and _uniform(key) < r / ROUND_BASE:
        q += 1
    return max(q, 1) * ROUND_BASE


def protect_counts(df: pd.DataFrame, cols: list[str], min_cell: int) -> pd.DataFrame:
    """Each count column c (with its cell key in `c_key`) rounded by its key; 0..min_cell-1 hidden
    (NA, `c_hidden` and `c_small` true). The key columns are dropped: they never leave this layer."""
    out = df.copy()
    for c in cols:
        keys = out[c + "_key"] if c + "_key" in out else pd.Series(0, index=out.index)
        v = pd.to_numeric(out[c], errors="coerce")
        hidden = v.fillna(0).between(0, min_cell - 1) if min_cell > 1 else pd.Series(False, index=out.index)
        if min_cell > 1:
            out[c] = pd.array([rounded(n, kk, min_cell) for n, kk in zip(v, keys.fillna(0))], dtype="Float64")
        out[c + "_hidden"] = hidden.to_numpy(dtype=bool)
        out[c + "_small"] = hidden.to_numpy(dtype=bool)
    return out.drop(columns=[c for c in out.columns if c.endswith("_key")])
