"""The Streamlit side of data access: one cached dataset per data version, cached results.

Pages never open DuckDB: they call `run(name, ctx, **kw)`, which calls the function of the
same name in `queries` with the session's filters and scope. Results are cached per
(data version, query, filters, scope, arguments), with a bounded number of entries.
"""
from __future__ import annotations

import importlib
import threading
from dataclasses import asdict
from pathlib import Path

import streamlit as st

import queries
from queries import Filters, Scope

from . import kept

_demo_lock = threading.Lock()


def data_dir() -> Path:
    return queries.default_data_dir()


def ensure_data(directory: Path) -> bool:
    """Generate the demo set when the data directory holds no extract. True if it did."""
    with _demo_lock:
        if queries.has_extracts(directory):
            return False
        import demo
        directory.mkdir(parents=True, exist_ok=True)
        demo.generate(directory)
        return True


def _signature() -> tuple:
    """The data version in force, read once per script run: every query of one run reads the same version
    even if an import (on this machine or another one sharing the folder) switches it meanwhile; the next
    run opens the new one. Outside a script run (a download being built): read now."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return queries.signature(data_dir())
    pin = getattr(ctx, "_kangaba_version", None)        # (this run's cursors dict — new at each run —, sig)
    if pin is None or pin[0] is not ctx.cursors:
        pin = (ctx.cursors, queries.signature(data_dir()))
        ctx._kangaba_version = pin
    return pin[1]


@st.cache_resource(max_entries=2, show_spinner=False)
def _open(sig: tuple) -> queries.Dataset:
    return queries.open_dataset(sig[0])


def dataset() -> queries.Dataset:
    """The dataset in force (re-opened when an extract changes). Raises queries.DataError."""
    return _open(_signature())


def _key(obj) -> tuple:
    return tuple(sorted(asdict(obj).items()))


# Keyed by `query`, the repr of `_args` (which Streamlit does not hash: one string hashes faster than its
# parts, a tenth of a warm view's time once the values stopped being copied); the value kept as is (kept.py).
@st.cache_data(max_entries=1000, show_spinner=False)
def _cached(query: str, _args: tuple):
    sig, name, fkey, skey, kw = _args
    fn = _function(name)
    return kept.keep(fn(_open(sig).con, filters=Filters(**dict(fkey)), scope=Scope(**dict(skey)), **dict(kw)))


def _function(name: str):
    """queries.<name>, or queries.<module>.<name> for a dotted name (e.g. "explore.explorer_cells")."""
    module, _, fn = name.rpartition(".")
    return getattr(importlib.import_module(f"queries.{module}") if module else queries, fn)


def run(name: str, filters: Filters, scope: Scope, **kw):
    """queries.<name>(con, filters, scope, **kw), cached. The result is shared (dashboard/kept.py): derive,
    never change it."""
    args = (_signature(), name, _key(filters), _key(scope), tuple(sorted(kw.items())))
    return kept.value(_cached(query=repr(args), _args=args))


@st.cache_data(max_entries=20, show_spinner=False)
def _cached_plain(query: str, _args: tuple):
    sig, name = _args
    return kept.keep(getattr(queries, name)(_open(sig).con))


def run_plain(name: str):
    """queries.<name>(con) for the unfiltered data-quality views, cached and shared (dashboard/kept.py)."""
    args = (_signature(), name)
    return kept.value(_cached_plain(query=repr(args), _args=args))
