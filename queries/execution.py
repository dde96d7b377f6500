"""Running a named query: queries/<name>.sql with only the parameters its header declares, bound
(never formatted into the SQL), on a cursor of its own."""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from . import prepared

HERE = Path(__file__).resolve().parent

_HEADER_PARAMS = re.compile(r"^--\s*params:\s*(.*)$", re.M)


@lru_cache(maxsize=None)
def load_sql(name: str) -> tuple[str, tuple[str, ...]]:
    """The text of queries/<name>.sql and the parameters its header declares."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise ValueError(f"nom de requête invalide : {name!r}")
    text = (HERE / f"{name}.sql").read_text(encoding="utf-8")
    m = _HEADER_PARAMS.search(text)
    declared = tuple(p.strip().lstrip("$") for p in m.group(1).split(",") if p.strip()) if m else ()
    if declared == ("none",):
        declared = ()
    return text, declared


def query_names() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.sql") if not p.stem.startswith("_"))


_lock = threading.Lock()


def _cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of its own: DuckDB connections are not shared between threads."""
    with _lock:
        return con.cursor()


def _run(con: duckdb.DuckDBPyConnection, name: str, params: dict | None, fetch):
    """Run one named query on its own cursor with only the parameters it declares; fetch(cursor)."""
    sql, declared = load_sql(name)
    params = params or {}
    missing = [p for p in declared if p not in params]
    if missing:
        raise KeyError(f"{name}: paramètres manquants {missing}")
    cur = _cursor(con)
    try:
        hit = prepared.lookup(con, name, params, cur)  # the answer prepared with the data version, if any
        if hit is not None:
            return fetch(cur.execute(*hit))
        return fetch(cur.execute(sql, {p: params[p] for p in declared}))
    finally:
        cur.close()


def execute(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pd.DataFrame:
    """A named query's result as a DataFrame."""
    return _run(con, name, params, lambda cur: cur.df())


def execute_rows(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> list[dict]:
    """A named query's (small) result as a list of dicts, NULL as None: no DataFrame to build."""
    def fetch(cur):
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]
    return _run(con, name, params, fetch)
