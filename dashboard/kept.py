"""Cached values handed out as they are, instead of a copy at every cache hit (issue 16).

st.cache_data stores a value pickled and unpickles it at every hit: a fresh copy per view, which protects the
cache from a caller changing what it got. For the query results (dashboard/data.py) and the figures
(dashboard/style.py, cached_figure) that copying was most of a warm rerun: a py-spy profile of 60 reruns of
the cases page put 44 % of the script's time in unpickling figures and frames, and 15 % in hashing the
arguments of the cached functions; pickling each new value cost ~8 % of a view with new filters.

Here st.cache_data still decides what is asked for (its keys, its clear()), but what it stores is
`keep(value)` (read back with `kept.value`): a record holding only a key, under which this process holds the
value itself — the HOT values used last. A hit unpickles the record, which hands out the value held (the same
object at every hit); a value the process no longer holds is a miss (Streamlit's CacheKeyNotFoundError: the
function runs again). Nothing is pickled, and the memory is bounded by HOT, not by st.cache_data's bounds.

What is handed out is shared by every view of every session: callers must not change it. Pandas'
copy-on-write makes every frame derived from one a new frame; figures are drawn as built (style.Built).
Under the tests (KANGABA_CHECK_KEPT=1, tests/conftest.py) each value is also pickled when kept, and every hit
compares the value with that copy, raising KeptValueChanged if they differ: a page that changes a cached
value fails its test.

`digest(obj)`: a frame handed out from here (or one held in the dicts, lists and tuples handed out) is known by
identity, and its digest is its key; any other object is digested from its pickle. The figure builders' cache
keys are made of it (style.cached_figure), so a warm view hashes no frame.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import threading
import uuid
import weakref
from collections import OrderedDict

import pandas as pd

HOT = 400    # values held (a view of the cases page uses ~25); beyond, the oldest are computed again (1000: peak 580 MB
#              after ~1 000 new-filter views of five pages, 532 MB with 300)
_MISSING = object()
_lock = threading.RLock()     # re-entrant: a frame let go while it is held runs `gone` under it
_values: OrderedDict = OrderedDict()       # key -> value, least recently used first
_copies: dict = {}                         # key -> the value's pickle when kept (tests only, KANGABA_CHECK_KEPT)
_known: dict = {}                          # id(frame) -> (weak reference to it, its key)


class KeptValueChanged(AssertionError):
    """A cached value was changed by a caller after it was handed out."""


def _checking() -> bool:
    return os.environ.get("KANGABA_CHECK_KEPT") == "1"


def digest(obj) -> str:
    """A digest of obj's content: a frame handed out by this module is known by identity (its key)."""
    hit = _known.get(id(obj))
    if hit is not None and hit[0]() is obj:
        return hit[1]
    return hashlib.sha1(pickle.dumps(obj, protocol=5)).hexdigest()


class _Kept:
    """What st.cache_data stores for a value: its key; unpickled as the value held under it (see _fetch)."""
    __slots__ = ("key", "value")

    def __init__(self, key: str, value):
        self.key, self.value = key, value

    def __reduce__(self):
        return _fetch, (self.key,)


def keep(value) -> _Kept:
    """The record st.cache_data should store for `value` (returned by the function it caches): the value is
    held by this process under a new key."""
    key = uuid.uuid4().hex
    _hold(key, value, pickle.dumps(value, protocol=5) if _checking() else None)
    return _Kept(key, value)


def value(out):
    """What a cached function returned: the value itself, whether it was computed now (st.cache_data hands back
    the function's own return, a `keep` record) or came out of the cache (unpickled: the value)."""
    return out.value if type(out) is _Kept else out


def _fetch(key: str):
    """The value held under `key`; Streamlit's « not in the cache » if this process no longer holds it."""
    with _lock:
        value = _values.get(key, _MISSING)
        if value is not _MISSING:
            _values.move_to_end(key)
        copy = _copies.get(key)
    if value is _MISSING:
        from streamlit.runtime.caching.cache_errors import CacheKeyNotFoundError
        raise CacheKeyNotFoundError(f"dropped from the values held (kept.HOT): {key}")
    if copy is not None and not _same(value, pickle.loads(copy)):
        raise KeptValueChanged(f"a cached {type(value).__name__} was changed after it was handed out: "
                               "derive a new one instead (dashboard/kept.py)")
    return value


def _same(a, b) -> bool:
    """a and b hold the same content (a frame's pickle is not a measure of it: pandas' masked columns pickle
    differently once a frame has been read)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, pd.DataFrame):
        return (list(a.columns) == list(b.columns) and a.dtypes.equals(b.dtypes) and a.index.equals(b.index)
                and a.equals(b) and a.attrs == b.attrs)
    if isinstance(a, pd.Series):
        return a.dtype == b.dtype and a.name == b.name and a.index.equals(b.index) and a.equals(b) and a.attrs == b.attrs
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return (len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
                and getattr(a, "__dict__", None) == getattr(b, "__dict__", None))
    if hasattr(a, "to_plotly_json"):           # a figure: its JSON, and its attributes (a builder's key)
        return _figure_json(a) == _figure_json(b) and getattr(a, "_kangaba_key", None) == getattr(b, "_kangaba_key", None)
    return pickle.dumps(a, protocol=5) == pickle.dumps(b, protocol=5)


def _figure_json(fig) -> str:
    """A figure's JSON but for its template, which plotly itself adds (the default one in force when the figure
    is made, which Streamlit changes when it loads its charts; its own theme is applied in the browser)."""
    import json

    import plotly.io as pio
    d = json.loads(pio.to_json(fig, validate=False))
    d.get("layout", {}).pop("template", None)
    return json.dumps(d, sort_keys=True)       # the order of keys is not content


def _hold(key: str, value, copy: bytes | None) -> None:
    with _lock:
        _values[key] = value
        if copy is not None:
            _copies[key] = copy
        while len(_values) > HOT:
            _copies.pop(_values.popitem(last=False)[0], None)
    for sub, obj in _frames(key, value):
        _know(obj, sub)


def _frames(key: str, value, depth: int = 6):
    """The frames of a value — itself, or held in dicts, lists and tuples (six levels down) — with a key each."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        yield key, value
    elif depth and isinstance(value, dict):
        for k, v in value.items():
            yield from _frames(f"{key}/{k!r}", v, depth - 1)
    elif depth and isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _frames(f"{key}/{i}", v, depth - 1)


def _know(obj, key: str) -> None:
    ident = id(obj)

    def gone(ref, ident=ident, lock=_lock, known=_known):      # (bound now: at exit, globals are gone)
        with lock:
            if known.get(ident, (None,))[0] is ref:
                del known[ident]

    ref = weakref.ref(obj, gone)
    with _lock:
        _known[ident] = (ref, key)
