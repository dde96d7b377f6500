"""Results that depend only on the data version (and at most on the role's scope), computed once per
database connection and reused by every view: the target cells in force, the median delays between case
steps, the partners without recent activity...

A connection is one data version (queries/cache.py opens a new one when an extract changes), so it is the
key: held by a weak reference, the entries go with the connection. Thread-safe; a value is computed once:
a thread asking for it while another computes it waits for that one's result (`per_connection`). What is stored must never be changed by a caller: `frozen` hands out a DataFrame as a
shallow copy (pandas copy-on-write: changing it never touches the stored one), lists and dicts as copies.
"""
from __future__ import annotations

import threading
import weakref
from typing import Callable

import pandas as pd

_lock = threading.Lock()
_memo: "weakref.WeakKeyDictionary[object, dict]" = weakref.WeakKeyDictionary()
_flights: "weakref.WeakKeyDictionary[object, dict]" = weakref.WeakKeyDictionary()   # (con, key) being computed


def per_connection(con, key, compute: Callable[[], object]):
    """compute(), once per (connection, key). The value itself is returned: callers that hand it out
    beyond the query layer pass it through `frozen`. Threads asking for a value being computed wait for it
    instead of computing it too: ten people opening a freshly started server at once ran ten copies of the
    same heavy statements side by side, past DuckDB's memory cap (an « Out of Memory » error on the
    overview, seen under the benchmark's load)."""
    with _lock:
        mine = _memo.get(con)
        if mine is not None and key in mine:
            return mine[key]
        flight = _flights.setdefault(con, {}).setdefault(key, threading.Lock())
    with flight:                                   # one thread computes; the others wait, then read it
        with _lock:
            mine = _memo.get(con)
            if mine is not None and key in mine:
                return mine[key]
        value = compute()
        with _lock:
            stored = _memo.setdefault(con, {}).setdefault(key, value)
            _flights.get(con, {}).pop(key, None)
        return stored


def frozen(value):
    """A copy of a stored value that its receiver may change freely (a DataFrame: shallow, copy-on-write)."""
    if isinstance(value, pd.DataFrame):
        return value.copy(deep=False)
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


_derived: dict = {}


def per_reference(key, compute: Callable[[], object]):
    """compute(), once per reading of the reference tables (queries/loading.py: logframe, indicator sources):
    computed again when they are read again (their caches cleared). Not for data: see per_connection."""
    from . import loading
    base = (loading._logframe(), loading._indicator_sources())
    with _lock:
        hit = _derived.get(key)
    if hit is not None and hit[0][0] is base[0] and hit[0][1] is base[1]:
        return hit[1]
    value = compute()
    with _lock:
        _derived[key] = (base, value)
    return value


def clear(con=None) -> None:
    """Forget what was stored for one connection (None: every one)."""
    with _lock:
        if con is None:
            _memo.clear()
        else:
            _memo.pop(con, None)
