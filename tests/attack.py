"""The attacker's arithmetic over published case figures (issue 11): what a count shown on screen
says about the true count, and whether equations between views pin a hidden count of 1..k-1.

A published protected count v says: hidden (« < k ») → 0..k-1; v (a multiple of 5, rounded by its
cell key) → v-4..v+4, and at least k (smaller counts are hidden, never rounded); a row missing from a
table → 0. The data owner's counts are exact. The attacker knows all of this (the README says it).
"""
from __future__ import annotations

import math

import pandas as pd

INF = math.inf


def interval(v, k: int = 5, exact: bool = False) -> tuple[float, float]:
    """What a published value says about the true count: (lowest, highest)."""
    if v is None or pd.isna(v):
        return (0, k - 1)
    v = int(v)
    if exact or v == 0:
        return (v, v)
    return (max(k, v - 4), v + 4)


def pinned(lo: float, hi: float, k: int = 5):
    """The count 1..k-1 that an interval leaves as the only possibility, else None."""
    lo, hi = max(lo, 0), hi
    return int(lo) if lo == hi and 1 <= lo <= k - 1 else None


def margin_recoveries(total, parts: dict, rest_known_zero: bool, k: int, exact: bool) -> dict:
    """total = sum of parts (+ a remainder >= 0 when the partition is not complete). For each part,
    the interval the other figures leave it, intersected with its own: {part: recovered count}."""
    t = interval(total, k, exact)
    iv = {name: interval(v, k, exact) for name, v in parts.items()}
    found = {}
    for name, own in iv.items():
        others = [iv[o] for o in iv if o != name]
        lo = t[0] - sum(o[1] for o in others) - (0 if rest_known_zero else INF)
        hi = t[1] - sum(o[0] for o in others)
        lo, hi = max(lo, own[0]), min(hi, own[1])
        v = pinned(lo, hi, k)
        if v is not None:
            found[name] = v
    # the remainder itself (e.g. cases of sex not recorded), when it is not published
    if not rest_known_zero:
        lo = t[0] - sum(o[1] for o in iv.values())
        hi = t[1] - sum(o[0] for o in iv.values())
        v = pinned(max(lo, 0), hi, k)
        if v is not None:
            found["(reste)"] = v
    return found
