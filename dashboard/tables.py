"""Tables as files: cells a spreadsheet would run as a formula neutralised, CSV as Excel in French
reads it. Pure (pandas only): the dashboard's downloads, the exports and the importer's report use it.
"""
from __future__ import annotations

import io

import pandas as pd


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """Cells that a spreadsheet would run as a formula (= + - @ tab CR) get a leading apostrophe."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(lambda v: "'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r")
                                else v)
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """; separator, decimal comma, UTF-8 with BOM: what Excel in French opens as columns."""
    buf = io.StringIO()
    neutralise(df).to_csv(buf, index=False, sep=";", decimal=",")
    return buf.getvalue().encode("utf-8-sig")
