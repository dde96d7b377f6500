"""Figures and tables of the indicator explorer (pages/9_explorateur.py) and of the partners and communes
side by side; the links that open the explorer from the overview. Pure: data in, figure out.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from queries import grains as G

from . import fmt, i18n, style
from .i18n import code, t
from .palette import CATEGORICAL
from .style import ACCENT, SEX_COLORS, STATUS_COLORS, TARGET, layout

EXPLORER_PAGE = "pages/9_explorateur.py"
PARAM_INDICATOR, PARAM_BY, PARAM_THEN = "indicateur", "par", "puis"


def _na(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))


# ------------------------------------------------------------------ links

def explorer_params(iid: str, filters: dict) -> dict:
    """The URL parameters of the explorer on `iid` with the filters of the current URL (sidebar.link_params())."""
    return {**{k: v for k, v in filters.items() if v not in (None, [])}, PARAM_INDICATOR: iid}


# ------------------------------------------------------------------ words

def grain_label(grain: str, lang: str) -> str:
    return t(G.GRAINS[grain].label_key, lang)


def value_label(grain: str, v, lang: str) -> str:
    """A grain's value as people read it."""
    if v is None or _na(v):
        return ""
    if v == G.NR:
        return t("ex_nr", lang)
    if grain == "quarter":
        return t("quarter", lang, q=str(v)[-1], y=str(v)[:4])
    if grain == "year":
        return str(v)
    return code(G.GRAINS[grain].code_kind, v, lang)


def _num(v, unit: str, lang: str, hidden: bool = False, k: int = 5) -> str:
    if hidden:
        return f"n < {k}" if unit == "percent" else f"< {k}"
    if _na(v):
        return "—"
    return fmt.pct(v, lang, 1) if unit == "percent" else fmt.num(v, lang)


# ------------------------------------------------------------------ explorer

@style.cached_figure
def explorer_table(cells: pd.DataFrame, iid: str, by: tuple, lang: str, k: int = 5, protected: bool = False
                   ) -> pd.DataFrame:
    """One row per cell, as shown and downloaded: the grains' values, value, F, M, sex not recorded, (rates,
    data owner) numerator and denominator, the cell's target, % of it and status."""
    unit = "percent" if iid in _rates() else "count"
    out = pd.DataFrame({grain_label(by[0], lang): [value_label(by[0], v, lang) for v in cells["g1"]]})
    if len(by) > 1:
        out[grain_label(by[1], lang)] = [value_label(by[1], v, lang) for v in cells["g2"]]
    case = protected and iid in _cases()
    out[t("value", lang)] = [_num(v, unit, lang, h, k) for v, h in zip(cells["value"], cells["hidden"])]
    for col, key in (("female", "female"), ("male", "male")):
        out[t(key, lang)] = [_num(v, unit, lang, case and _na(v) and not h and not _na(val), k)
                             for v, h, val in zip(cells[col], cells["hidden"], cells["value"])]
    if unit == "count":
        out[t("ex_col_nr", lang)] = [_num(v, unit, lang) for v in cells["sex_unknown"]]
    elif not protected:
        out[t("ex_col_num", lang)] = [_num(v, "count", lang) for v in cells["numerator"]]
        out[t("ex_col_den", lang)] = [_num(v, "count", lang) for v in cells["denominator"]]
    out[t("ex_target", lang)] = [_num(v, unit, lang) for v in cells["target"]]
    out[t("ex_col_pct", lang)] = ["—" if _na(v) else fmt.pct(v, lang, 1) for v in cells["pct_of_target"]]
    out[t("status", lang)] = [code("status", s, lang) if isinstance(s, str) else "—" for s in cells["status"]]
    return out


@style.cached_figure
def explorer_figure(cells: pd.DataFrame, iid: str, by: tuple, lang: str, k: int = 5) -> go.Figure:
    """Bars of the cells' values (grouped by the second grain), each cell's target as a tick; hidden cells
    say « < k » where their bar would be."""
    unit = "percent" if iid in _rates() else "count"
    fig = style.Figure()
    groups = [None] if len(by) == 1 else list(dict.fromkeys(cells["g2"]))
    palette = CATEGORICAL
    for i, g in enumerate(groups):
        part = cells if g is None else cells[cells["g2"] == g]
        x = [value_label(by[0], v, lang) for v in part["g1"]]
        y = [None if h or _na(v) else float(v) for v, h in zip(part["value"], part["hidden"])]
        text = [_num(v, unit, lang, h, k) for v, h in zip(part["value"], part["hidden"])]
        fig.add_bar(x=x, y=y, name=value_label(by[1], g, lang) if g is not None else t("value", lang),
                    marker_color=ACCENT if g is None else SEX_COLORS.get(g, ACCENT) if by[1] == "sex"
                    else palette[i % len(palette)], text=text,
                    textposition="outside", cliponaxis=False,
                    customdata=[code("status", s, lang) if isinstance(s, str) else "" for s in part["status"]],
                    hovertemplate="%{x}<br>%{text}<br>%{customdata}<extra></extra>")
        tx = [xx for xx, tv in zip(x, part["target"]) if not _na(tv)]
        ty = [float(tv) for tv in part["target"] if not _na(tv)]
        if ty:
            fig.add_scatter(x=tx, y=ty, mode="markers", name=t("ex_target", lang), showlegend=(i == 0),
                            legendgroup="target", marker=dict(symbol="line-ew-open", size=26, color=TARGET,
                                                              line=dict(width=3, color=TARGET)),
                            hovertemplate="%{x}<br>" + t("ex_target", lang) + " : %{y}<extra></extra>")
    label = i18n.indicator_short(iid, lang)
    title = t("ex_chart_title", lang, label=label, by=" × ".join(grain_label(b, lang).lower() for b in by))
    layout(fig, lang, title, height=420)
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(rangemode="tozero", ticksuffix=" %" if unit == "percent" else "")
    return fig


def total_line(total: pd.Series, lang: str, k: int = 5) -> str:
    """The unbroken view's value, share of its target and status, in one sentence."""
    unit = total["unit"]
    value = _num(total["value"], unit, lang, bool(total.get("hidden", False)), k)
    if _na(total["value"]):
        share = "—"
    elif _na(total["target"]):
        share = t("ex_side_share_project", lang, pct=fmt.pct(total["share_of_project"], lang, 1))
    else:
        share = t("ov_of_target", lang, pct=fmt.pct(total["pct_of_target"], lang, 1)) + f" ({_num(total['target'], unit, lang)})"
    return t("ex_total", lang, value=value, share=share, status=code("status", total["status"], lang))


# ------------------------------------------------------------------ side by side

@style.cached_figure
def side_by_side(sbs: pd.DataFrame, last: pd.DataFrame, lang: str, k: int = 5):
    """(figure, table): each main indicator's share of its own target (or of the project's, said so) for
    every partner and commune, and each partner's last activity; None when empty."""
    if sbs is None or sbs.empty:
        return None
    d = sbs.copy()
    d["share"] = [p if not _na(p) else s for p, s in zip(d["pct_of_target"], d["share_of_project"])]
    d["own"] = d["target"].notna()
    d["who_label"] = [code(kind, w, lang) for kind, w in zip(d["kind"], d["who"])]
    fig = style.Figure()
    ids = list(dict.fromkeys(d["id"]))
    ylabels = [i18n.indicator_short(i, lang) for i in ids]
    palette = dict(zip(("CASE_SAHEL", "ENDA_MALI", "ACESEM", "NOUGA", "KANIOGO"), CATEGORICAL))
    for who, g in d.groupby("who", sort=False):
        g = g.set_index("id").reindex(ids)
        vals = [None if h or _na(s) else min(float(s), 150.0) for s, h in zip(g["share"], g["hidden"].fillna(False))]
        text = [_num(v, u, lang, bool(h), k) + ("" if own else " *")
                for v, u, h, own in zip(g["value"], ["percent" if i in _rates() else "count" for i in ids],
                                        g["hidden"].fillna(False), g["own"].fillna(False))]
        fig.add_bar(y=ylabels, x=vals, orientation="h", name=g["who_label"].dropna().iloc[0],
                    marker_color=palette.get(who, ACCENT), text=text, textposition="outside", cliponaxis=False,
                    marker_pattern_shape=["" if own else "/" for own in g["own"].fillna(False)],
                    hovertemplate="%{y}<br>%{text}<br>%{x:.0f} %<extra>" + g["who_label"].dropna().iloc[0] + "</extra>")
    fig.add_vline(x=100, line=dict(color=TARGET, dash="dot"))
    layout(fig, lang, t("ex_side_chart", lang), height=120 + 95 * len(ids))
    fig.update_layout(barmode="group", bargap=0.2, legend=dict(y=-0.06, yanchor="top", x=0, xanchor="left"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(ticksuffix=" %", rangemode="tozero")
    lastd = {} if last is None or last.empty else dict(zip(last["partner"], last["last_activity"]))
    table = pd.DataFrame({
        t("ex_side_who", lang): d["who_label"],
        t("indicator", lang): [i18n.indicator_short(i, lang) for i in d["id"]],
        t("value", lang): [_num(v, "percent" if i in _rates() else "count", lang, bool(h), k)
                           for v, i, h in zip(d["value"], d["id"], d["hidden"])],
        t("target", lang): [_num(v, "percent" if i in _rates() else "count", lang) for v, i in zip(d["target"], d["id"])],
        t("pct_target", lang): [None if _na(v) else round(float(v), 1) for v in d["pct_of_target"]],
        t("status", lang): [code("status", s, lang) for s in d["status"]],
        t("ex_side_last", lang): [fmt.day(lastd[w], lang) if w in lastd and not _na(lastd[w]) else "—"
                                  for w in d["who"]],
    })
    items = " · ".join(f"{code('partner', w, lang)} {fmt.day(v, lang)}" for w, v in lastd.items() if not _na(v))
    return fig, table, "(*) " + t("ex_side_no_target", lang), t("ex_side_last_line", lang, items=items or "—")


def status_color(s: str) -> str:
    return STATUS_COLORS.get(s, STATUS_COLORS["no_data"])


def _rates() -> set:
    from queries import RATE_INDICATORS
    return set(RATE_INDICATORS)


def _cases() -> set:
    from queries import CASE_INDICATORS
    return set(CASE_INDICATORS)
