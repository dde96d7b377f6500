"""Protected bars: how the case figures write what small-cell protection hides, and the frame they share.

The query layer hides case counts from 0 to k-1 (NA with a `<col>_hidden` flag, `<col>_small` when
the hidden count is known to be one such count, queries/protect.py); these helpers write « < 5 »
(or « masqué » for a sum of hidden counts) instead, never a bar of 0, and lay grouped horizontal bars
out with their legend under the title. Pure: data in, figure out (dashboard/fig_cases.py, fig_map.py,
fig_capacity.py build on it).
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from queries.protect import threshold

from . import fmt, palette, style
from .i18n import code, t

# Streamlit's own web font is called "Source Sans": name it first so the charts use the page's font.
FONT = '"Source Sans", ' + style.FONT


def frame(fig: go.Figure, lang: str, title: str, height: int, legend: bool = True,
          subtitle: str | None = None) -> go.Figure:
    """style.layout, with the title (and an optional subtitle) at the top left and the legend on its
    own line under it, so that neither covers the other in a half-width column."""
    style.layout(fig, lang, title, height=height, legend=legend)
    fig.update_layout(**_frame_extra(title, legend, subtitle))
    return fig


def frame_layout(lang: str, title: str, height: int, legend: bool = True, subtitle: str | None = None) -> dict:
    """`frame`'s layout as a plain dict (figures built with style.figure; no subtitle: {}, as update_layout
    writes None)."""
    out = style.merged(style.layout_dict(lang, title, height=height, legend=legend), _frame_extra(title, legend, subtitle))
    if not subtitle:
        out["title"]["subtitle"] = {}
    return out


def _frame_extra(title: str, legend: bool, subtitle: str | None) -> dict:
    top = 48 + (22 if subtitle else 0) + (30 if legend else 0)
    return dict(
        font=dict(family=FONT), hoverlabel=dict(font=dict(family=FONT)),
        title=dict(text=title, x=0, xanchor="left", xref="container", y=1, yanchor="top", yref="container",
                   pad=dict(t=12, l=6), font=dict(family=FONT, size=17),
                   subtitle=dict(text=subtitle, font=dict(family=FONT, size=13, color=palette.INK_SOFT))
                   if subtitle else None),
        legend=dict(orientation="h", x=0, xanchor="left", xref="container", y=1.0, yanchor="bottom",
                    traceorder="normal", font=dict(size=13)),
        margin=dict(t=top))


NBSP2 = fmt.NBSP * 2  # a little air between a bar and its label


def hidden_text(k: int) -> str:
    return f"<{fmt.NBSP}{k}"


def hidden_flag(df: pd.DataFrame, col: str) -> pd.Series:
    """The `<col>_hidden` flag as plain booleans (False where the column is absent or NA)."""
    h = df.get(col + "_hidden")
    if h is None:
        return pd.Series(False, index=df.index)
    return h.astype("boolean").fillna(False).astype(bool)


def as_number(v) -> float:
    return np.nan if v is None or pd.isna(v) else float(v)


def hidden_labels(df: pd.DataFrame, col: str, lang: str, k: int, sure=None) -> list[str | None]:
    """What to write for each row of `col`: None when shown; « < 5 » for a hidden count known to be
    0..k-1 (queries/protect.py); « masqué » for a hidden cell that adds up several hidden counts (a
    country's girls and boys), which « < 5 » would misstate. Known small: the `<col>_small` flag of
    the query layer, else `sure` (worked out by the caller)."""
    hid = hidden_flag(df, col)
    flag = df.get(col + "_small")
    if flag is not None:
        sure = flag.astype("boolean").fillna(False).astype(bool)
    elif sure is None:
        sure = pd.Series(False, index=df.index)
    sure = list(sure)
    return [None if not h else (hidden_text(threshold(k)) if s else t("hidden_other", lang)) for h, s in zip(hid, sure)]


def table_cell(v, label: str | None):
    """A table cell: the count as an int, or what protection lets us write."""
    if isinstance(label, str):
        return label
    return None if pd.isna(v) else int(v)


def pct_cell(v):
    return None if v is None or pd.isna(v) else round(float(v), 1)


def count_text(v, label: str | None, lang: str) -> str:
    return label if isinstance(label, str) else fmt.num(v, lang)


def grouped_bars(rows: pd.DataFrame, series: list[tuple[str, str, str]], cats: list[str], lang: str, title: str,
          k: int, height: int | None = None) -> go.Figure:
    """Grouped horizontal bars. `rows` (a frame, or a dict of equal-length columns): cat (label), series (code),
    value (NaN when hidden), hidden, label (« < 5 » / « masqué » when hidden), hover. `series`: (code, legend
    label, colour). Hidden cells get their label at 0 (a text trace aligned with its bar), never a bar of 0."""
    traces = []
    # the columns as arrays, once (a trace's column is what style.array made of the frame's column)
    series_of = np.asarray(rows["series"])
    present = [s for s in series if (series_of == s[0]).any()]
    # horizontal groups stack their bars from the bottom: add the last series first so that the
    # first one (girls / the youngest) sits on top, and list the legend in reverse to match
    hidden = np.asarray(rows["hidden"], dtype=bool)
    cat, value, hover, label_of = (np.asarray(rows[c]) for c in ("cat", "value", "hover", "label"))
    for scode, label, color in reversed(present):
        mine = series_of == scode
        vis, hid = np.flatnonzero(mine & ~hidden), np.flatnonzero(mine & hidden)   # positions: no frame filtered
        x = value[vis]
        traces.append(dict(
            type="bar", y=style.array(cat[vis]), x=style.array(x), orientation="h", name=label,
            marker=dict(color=color), text=[fmt.num(v, lang) for v in x], textposition="outside",
            cliponaxis=False, constraintext="none", textfont=dict(size=12, color=palette.INK_SOFT),
            customdata=style.array(hover[vis]), hovertemplate="%{customdata}<extra></extra>", offsetgroup=scode,
            legendgroup=scode))
        if len(hid):
            traces.append(dict(
                type="scatter", y=style.array(cat[hid]), x=[0] * len(hid), orientation="h", mode="text",
                text=list(label_of[hid]), textposition="middle right",
                textfont=dict(size=12, color=palette.INK_SOFT), customdata=style.array(hover[hid]),
                hovertemplate="%{customdata}<extra></extra>", offsetgroup=scode, legendgroup=scode, showlegend=False,
                cliponaxis=False))
    n_bars = max(1, len(cats) * max(1, len(present)))
    numbers = np.asarray(pd.to_numeric(value, errors="coerce"), dtype="float64")
    vmax = np.nanmax(numbers) if (~np.isnan(numbers)).any() else np.nan      # as Series.max: NaN skipped
    vmax = 1 if pd.isna(vmax) or vmax <= 0 else vmax
    # the legend is written under the title (a plotly legend wraps over the title in a narrow column)
    layout = style.merged(
        frame_layout(lang, title, height=height or max(260, 110 + 22 * n_bars), legend=False,
                     subtitle=legend_line([(label, color) for _, label, color in present]) if len(present) > 1 else None),
        dict(barmode="group", scattermode="group", bargap=0.25, bargroupgap=0.05, legend=dict(traceorder="reversed"),
             xaxis=dict(range=[0, vmax * 1.15], tickformat=",d", showgrid=True, rangemode="tozero"),
             yaxis=dict(categoryorder="array", categoryarray=list(reversed(cats)), automargin=True, title={})))
    return style.figure(traces, layout)


def legend_line(items: list[tuple[str, str]]) -> str:
    """A one-line legend as title text: a coloured square before each label."""
    return (fmt.NBSP * 4).join(f"<span style='color:{c}'>■</span>{fmt.NBSP}{html.escape(l)}" for l, c in items)


def sex_series(lang: str) -> list[tuple[str, str, str]]:
    return [(s, code("sex_child", s, lang), style.SEX_COLORS[s]) for s in style.SEX_ORDER]
