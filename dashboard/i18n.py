"""Every word the dashboard shows, in French (default) and English, read from one place: the
`dashboard.texts` package (one module of words per page or subject, collected explicitly).

`t(key, lang, **kw)` for interface text; `code(kind, value, lang)` for the codes of the data contract;
`indicator(id, lang)` for logframe labels (from the reference CSV). No module adds words at run time.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

import pandas as pd

import queries

from .texts import CODES, TEXT

__all__ = ["CODES", "TEXT", "t", "code", "indicator", "indicator_short", "result_label", "dq_problem", "dq_detail"]

# the values of a data-quality row (queries/dq_issues.sql) its detail is written with
DQ_VALUES = ("value", "expected", "locality", "on_date", "other_date")


def _idx(lang: str) -> int:
    return 1 if lang == "en" else 0


def t(key: str, lang: str = "fr", **kw) -> str:
    s = TEXT[key][_idx(lang)]
    return s.format(**kw) if kw else s


def code(kind: str, value, lang: str = "fr") -> str:
    if value is None or (isinstance(value, float) and value != value):
        value = "NR" if kind.startswith("sex") else ""
    pair = CODES.get(kind, {}).get(value)
    return pair[_idx(lang)] if pair else str(value)


@lru_cache(maxsize=8)
def _labels(which: str, key: str, lang: str) -> dict[str, str]:
    """{code: label} of the logframe or the results (built once, not an index per call)."""
    df = queries.results() if which == "results" else queries.logframe()
    col = "short" if which == "logframe_short" else "label"
    return dict(zip(df[key], df[f"{col}_en" if lang == "en" else f"{col}_fr"]))


def indicator(ind_id: str, lang: str = "fr") -> str:
    return _labels("logframe", "id", lang)[ind_id]


def indicator_short(ind_id: str, lang: str = "fr") -> str:
    return _labels("logframe_short", "id", lang)[ind_id]


def result_label(code_: str, lang: str = "fr") -> str:
    return _labels("results", "code", lang)[code_]


def dq_problem(code_: str, lang: str = "fr") -> str:
    """The sentence of a data-quality problem code of queries/dq_issues.sql (an unknown code as it comes)."""
    key = "dq_problem_" + str(code_)
    return t(key, lang) if key in TEXT else str(code_)


def _dq_value(v) -> str | None:
    if v is None or v is pd.NaT or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, (date, pd.Timestamp)):
        return v.strftime("%d/%m/%Y")
    return str(v)


def dq_detail(row, lang: str = "fr") -> str:
    """The detail of a data-quality row from its values (a mapping, e.g. a row of queries.dq_issues):
    the template dq_detail_<code> when there is one, else the values as they come (dates dd/mm/yyyy);
    dq_detail_<code>_empty when the row has no value."""
    vals = {k: _dq_value(row.get(k)) for k in DQ_VALUES}
    present = [v for v in vals.values() if v is not None]
    key = "dq_detail_" + str(row.get("code"))
    if not present:
        return t(key + "_empty", lang) if key + "_empty" in TEXT else ""
    if key in TEXT:
        return t(key, lang, **{k: "" if v is None else v for k, v in vals.items()})
    return " ".join(present)
