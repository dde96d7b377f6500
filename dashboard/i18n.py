"""Every word the dashboard shows, in French (default) and English, read from one place: the
`dashboard.texts` package (one module of words per page or subject, collected explicitly).

`t(key, lang, **kw)` for interface text; `code(kind, value, lang)` for the codes of the data contract;
`indicator(id, lang)` for logframe labels (from the reference CSV). No module adds words at run time.
"""
from __future__ import annotations

from functools import lru_cache

import queries

from .texts import CODES, TEXT

__all__ = ["CODES", "TEXT", "t", "code", "indicator", "indicator_short", "result_label"]


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
    df = queries.logframe() if which == "logframe" else queries.results()
    return dict(zip(df[key], df["label_en" if lang == "en" else "label_fr"]))


def indicator(ind_id: str, lang: str = "fr") -> str:
    return _labels("logframe", "id", lang)[ind_id]


def indicator_short(ind_id: str, lang: str = "fr") -> str:
    lf = queries.logframe().set_index("id")
    return lf.loc[ind_id, "short_en" if lang == "en" else "short_fr"]


def result_label(code_: str, lang: str = "fr") -> str:
    return _labels("results", "code", lang)[code_]
