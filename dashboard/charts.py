"""Shared chart pieces: colours, layout, showing a figure with its table, empty-filter sentences.

Domain figures (overview, sensitisation, cases, capacity) live in dashboard/fig_*.py and
build on these; maps live in geo/.
"""
from __future__ import annotations

import hashlib
import io
import pickle

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from . import fmt

# Okabe-Ito, colour-blind safe; never pink/blue. Female: warm (orange), male: green, unknown: grey.
SEX_COLORS = {"F": "#E69F00", "M": "#009E73", "NR": "#8C8C8C"}
GROUP_COLORS = {"girls": "#D55E00", "women": "#E69F00", "boys": "#009E73", "men": "#0B5D4B"}
SEX_ORDER = ("F", "M", "NR")
GROUP_ORDER = ("girls", "boys", "women", "men")
ACCENT = "#0072B2"       # totals, values
TARGET = "#555555"       # targets, trajectories
# indicator statuses (queries/status.py); ok/behind/off/na: the same colours under the milestone page's names
STATUS_COLORS = {"met": "#009E73", "not_met": "#CC79A7", "on_track": "#56B4E9", "late": "#E69F00",
                 "very_late": "#D55E00", "too_recent": "#F0E442", "no_target": "#E4E4E4", "no_data": "#BBBBBB"}
STATUS_COLORS.update(ok=STATUS_COLORS["met"], behind=STATUS_COLORS["late"], off=STATUS_COLORS["very_late"],
                     na=STATUS_COLORS["no_data"])
FONT = "Source Sans, Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"


# The look of every figure, set once for the process: passing template="plotly_white" to each
# update_layout copied and validated the whole template again for every figure (a quarter of the
# time of a figure). The figures' JSON is the same.
pio.templates.default = "plotly_white"

# Building a plotly figure validates every property (tens of ms a figure): a page with ten figures
# spent most of a warm rerun there. The builders of dashboard/fig_*.py are pure functions of (query
# result, language, k), so their figures are cached like the query results, bounded.
# Their arguments are hashed on every call: Streamlit's own hashing of a DataFrame (per-row hashes of
# Arrow strings) took ~16 % of a view's script time under load (py-spy); a digest of its pickle is
# exact and 5-20 times faster on these small results.


def _digest(obj) -> str:
    return hashlib.sha1(pickle.dumps(obj, protocol=5)).hexdigest()


cached_figure = st.cache_data(max_entries=500, show_spinner=False,
                              hash_funcs={pd.DataFrame: _digest, pd.Series: _digest})


def layout(fig: go.Figure, lang: str, title: str, height: int = 380, legend: bool = True) -> go.Figure:
    """The common look: a title that says what the chart shows, French/English number format."""
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=17)),
        separators=fmt.plotly_separators(lang), font=dict(family=FONT, size=14),
        height=height, margin=dict(l=10, r=10, t=60, b=10),
        showlegend=legend, legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1, title=None),
        hoverlabel=dict(font=dict(family=FONT)),
    )
    return fig


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """Cells that a spreadsheet would run as a formula (= + - @ tab CR) get a leading apostrophe."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(lambda v: "'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r")
                                else v)
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    neutralise(df).to_csv(buf, index=False, sep=";", decimal=",")
    return buf.getvalue().encode("utf-8-sig")


def download(df: pd.DataFrame, lang: str, name: str, key: str) -> None:
    """The table behind a chart as CSV (Excel in French: ; separator, decimal comma, UTF-8 BOM) and XLSX,
    cells that a spreadsheet would run as a formula neutralised; made only when asked for, and only if
    the session may still have it then (dashboard/access.guarded, which audits every delivery or refusal)."""
    from .access import guarded
    from .exports import xlsx_bytes
    from .i18n import t
    c1, c2 = st.columns(2, gap="small", width=420)
    c1.download_button(t("download_csv", lang), guarded(lambda: csv_bytes(df), name, "csv", lang),
                       file_name=f"{name}.csv", mime="text/csv", key=f"dl_{key}", on_click="ignore", icon="⬇️")
    c2.download_button(t("download_xlsx", lang), guarded(lambda: xlsx_bytes({name[:31]: df}), name, "xlsx", lang),
                       file_name=f"{name}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key=f"dlx_{key}", on_click="ignore", icon="⬇️")


def show(fig: go.Figure, table: pd.DataFrame, lang: str, name: str, key: str | None = None) -> None:
    """Draw a figure (no plotly logo, no outside requests) and offer its table as CSV."""
    key = key or name
    st.plotly_chart(fig, width="stretch", key=f"ch_{key}",
                    config={"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"],
                            "toImageButtonOptions": {"filename": name}})
    download(table, lang, name, key)


def draw(built, lang: str, name: str, what: str) -> None:
    """A builder's (figure, table, *notes) with its downloads, or a sentence when the filters leave nothing."""
    if built is None:
        empty(lang, what)
        return
    fig, table, *notes = built
    show(fig, table, lang, name)
    for n in notes:
        st.caption(n)


def empty(lang: str, what: str | None = None) -> None:
    """A sentence instead of an empty frame."""
    from .i18n import t
    st.info((what + " — " if what else "") + t("no_data", lang), icon="ℹ️")


def is_empty(df: pd.DataFrame, col: str | None = None) -> bool:
    if df is None or df.empty:
        return True
    if col is not None:
        return pd.to_numeric(df[col], errors="coerce").fillna(0).sum() == 0
    return False
