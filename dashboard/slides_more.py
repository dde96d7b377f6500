"""The deck's last four slides (see dashboard/slides.py, which re-exports every name here): the map,
the budget against the time elapsed and the targets reached, the partners side by side, and the points
the committee must settle. No Streamlit here.
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

import queries
from geo.mapbase import BUBBLE_MAX_PX
from geo.maps import plain_kangaba_map

from . import findings, fmt, palette, style
from . import fig_map as fm
from .findings import plural
from .i18n import code, indicator_short, t
from .slides_base import (BEHIND, FONT_PX, MAX_ITEMS, OVER, STALL_DAYS, UNDER, Slide, _bar_chart, _can_budget,
                          _order, big, run)


def nice(v: float) -> float:
    """1, 2 or 5 times a power of ten, at most v."""
    if not v or v <= 0:
        return 0
    e = 10 ** int(np.floor(np.log10(v)))
    return max(m * e for m in (1, 2, 5) if m * e <= v)


def map_figure(pts: pd.DataFrame, lang: str, metric_label: str) -> go.Figure:
    """The Kangaba map as plain SVG traces (names drawn with the map, no tiles to wait for), each circle
    labelled with its name and value, and a legend of circle sizes."""
    p = pts.copy()
    p["label"] = [f"{lab} · {v}" if v else lab for lab, v in zip(p["label"], p["value_text"])]
    fig = plain_kangaba_map(p, metric_label, lang=lang, height=600)
    fig = big(fig, False)
    fig.update_layout(margin=dict(l=5, r=5, t=5, b=5))
    for tr in fig.data:
        if tr.mode and "text" in tr.mode:
            tr.textfont.size = max(tr.textfont.size or 0, FONT_PX + 2 if "markers" in tr.mode else FONT_PX)
            if "markers" in tr.mode:
                tr.textfont.color = palette.INK
    vals = pd.to_numeric(p["value"], errors="coerce")
    vmax = float(vals.max()) if vals.notna().any() else 0
    if vmax > 0:
        xr, yr = fig.layout.xaxis.range, fig.layout.yaxis.range
        legend_vals = sorted({nice(vmax), nice(vmax / 4)} - {0})
        sizes = [BUBBLE_MAX_PX * np.sqrt(v / vmax) for v in legend_vals]
        x0, y0, dy = xr[0] + 0.03 * (xr[1] - xr[0]), yr[0] + 0.06 * (yr[1] - yr[0]), 0.09 * (yr[1] - yr[0])
        ys = [y0 + i * dy for i in range(len(legend_vals))]
        fig.add_trace(go.Scatter(x=[x0] * len(legend_vals), y=ys, mode="markers+text",
                                 marker=dict(size=sizes, color="rgba(0,0,0,0)", line=dict(color=palette.INK, width=1.5)),
                                 text=[fmt.num(v, lang) for v in legend_vals], textposition="middle right",
                                 textfont=dict(size=FONT_PX, color=palette.INK), hoverinfo="skip", showlegend=False))
        fig.add_annotation(x=x0, y=ys[-1] + dy * 0.8, xref="x", yref="y", xanchor="left", showarrow=False,
                           text=f"{t('sl_map_size', lang)} : {metric_label}" if lang == "fr"
                           else f"{t('sl_map_size', lang)}: {metric_label}",
                           font=dict(size=FONT_PX, color=palette.INK))
    return fig


def _map(src, lang: str, k: int) -> Slide:
    m = src.run("map_localities")
    pts, table = fm.map_points(m, "children_reached", lang, src.scope.min_cell)
    label = code("metric", "children_reached", lang)
    return Slide("map", t("sl_map", lang), findings.map_place(m, lang), fig=map_figure(pts, lang, label), table=table)


def budget_numbers(src) -> dict | None:
    """queries.budget.summary of the view, or None where the role may not see the budget or the view has none."""
    if not _can_budget(src):
        return None
    s = run(src, "budget.summary")
    return s if s["planned"] else None


def _budget(src, lang: str) -> Slide:
    s = Slide("budget", t("sl_budget", lang), t("sl_bu_hidden", lang))
    if not _can_budget(src):
        return s
    b = budget_numbers(src)
    if b is None:
        s.finding = t("sl_bu_none", lang)
        return s
    pct = lambda v: "—" if v is None else fmt.pct(v, lang, 0)  # noqa: E731
    s.finding = t("sl_bu", lang, spent=pct(b["spent_share"]), time=pct(b["time_share"]), targets=pct(b["targets_share"]))
    names = [t("sl_bu_spent", lang), t("sl_bu_time", lang), t("sl_bu_targets", lang)]
    vals = [b["spent_share"], b["time_share"], b["targets_share"]]
    colors = [palette.ACCENT, palette.TARGET, palette.CATEGORICAL[0]]
    vals_r = [None if v is None else round(v) for v in vals]
    fig = go.Figure(go.Bar(y=names, x=vals_r, orientation="h", marker_color=colors,
                           text=[pct(v) for v in vals], textposition="outside", cliponaxis=False, showlegend=False,
                           name=t("sl_budget", lang)))
    style.layout(fig, lang, "")
    fig.update_xaxes(range=[0, 115], ticksuffix=" %" if lang == "fr" else "%")
    fig.update_yaxes(autorange="reversed")
    s.fig = big(fig, False)
    s.table = pd.DataFrame({t("indicator", lang): names, "%": [pct(v) for v in vals]})
    s.chart = dict(categories=names, series=[(t("sl_budget", lang), vals_r, palette.ACCENT)], horizontal=True,
                   number_format='0" %"')
    return s


def partner_shares(src) -> pd.DataFrame:
    """Per partner of the view: the mean share of its own targets over the main indicators (capped at 150 %)
    and each indicator's share."""
    sbs = run(src, "explore.side_by_side")
    d = sbs[(sbs["kind"] == "partner") & sbs["target"].notna() & ~sbs["hidden"].fillna(False).astype(bool)].copy()
    d["share"] = pd.to_numeric(d["pct_of_target"], errors="coerce").clip(upper=150)
    return d.dropna(subset=["share"])


def _partners(src, lang: str) -> Slide:
    d = partner_shares(src)
    s = Slide("partners", t("sl_partners", lang), t("sl_pa_none", lang))
    if d.empty:
        return s
    mean = d.groupby("who")["share"].mean().sort_values(ascending=False)
    pct = lambda v: fmt.pct(v, lang, 0)  # noqa: E731
    if len(mean) == 1:
        s.finding = t("sl_pa_one", lang, best=code("partner", mean.index[0], lang), p=pct(mean.iloc[0]))
    else:
        s.finding = t("sl_pa", lang, best=code("partner", mean.index[0], lang), p=pct(mean.iloc[0]),
                      worst=code("partner", mean.index[-1], lang), q=pct(mean.iloc[-1]))
    ids = [i for i in dict.fromkeys(d.sort_values("id")["id"])]
    ids = [i for i in queries.logframe().sort_values("order")["id"] if i in ids]
    cats = [indicator_short(i, lang) for i in ids]
    fig = go.Figure()
    for n, who in enumerate(mean.index):
        g = d[d["who"] == who].set_index("id")
        vals = [round(float(g.loc[i, "share"])) if i in g.index else None for i in ids]
        fig.add_trace(go.Bar(y=cats, x=vals, orientation="h", name=code("partner", who, lang),
                             marker_color=palette.CATEGORICAL[n % len(palette.CATEGORICAL)],
                             text=["" if v is None else pct(v) for v in vals], textposition="outside", cliponaxis=False))
    fig.add_vline(x=100, line=dict(color=palette.TARGET, dash="dot"))
    style.layout(fig, lang, "")
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_xaxes(range=[0, 175], ticksuffix=" %" if lang == "fr" else "%")
    fig.update_yaxes(autorange="reversed")
    s.fig = big(fig)
    s.chart = _bar_chart(fig, '0" %"')
    s.table = pd.DataFrame({code("partner", w, lang): [None if v is None else v for v in ser[1]]
                            for w, ser in zip(mean.index, s.chart["series"])}, index=cats).reset_index(
        names=t("indicator", lang))
    return s


def decisions(src, ind: pd.DataFrame, lang: str, k: int) -> tuple[pd.DataFrame, list[str]]:
    """The points the committee must settle: the indicators behind or below target (late first), and the
    other points — stalled cases counted, silent partners, budget lines spent well ahead of or behind the
    time elapsed."""
    late = _order(ind[ind["status"].isin(BEHIND)])
    items = []
    stalled = findings.stalled_text(src.run("case_stalled", stall_days=STALL_DAYS), lang, k)
    if stalled != "0":
        items.append(t("sl_de_stalled", lang, s=stalled, d=STALL_DAYS))
    for who, days in run(src, "completeness.silent_partners"):
        items.append(t("sl_de_silent", lang, who=code("partner", who, lang), d=fmt.num(days, lang)))
    b = budget_numbers(src)
    if b is not None and b["time_share"] is not None:
        lines = run(src, "budget.budget_by", by="budget_line")
        for r in lines.itertuples():
            if pd.isna(r.pct_spent):
                continue
            key = "sl_de_over" if r.pct_spent > b["time_share"] + OVER else \
                "sl_de_under" if r.pct_spent < b["time_share"] - UNDER else None
            if key:
                items.append(t(key, lang, line=str(r.budget_line), spent=fmt.pct(r.pct_spent, lang, 0),
                               time=fmt.pct(b["time_share"], lang, 0)))
    return late, items


def _decide(src, ind: pd.DataFrame, lang: str, k: int) -> Slide:
    late, items = decisions(src, ind, lang, k)
    n = len(late) + len(items)
    lines = ([t("sl_de_late_all", lang, n=len(late), ind=plural("w_ind", len(late), lang), items=", ".join(
        f"{indicator_short(r['id'], lang)} ({fmt.pct(r['pct_of_target'], lang, 0) if pd.notna(r['pct_of_target']) else '—'})"
        for _, r in late.iterrows()))] if len(late) else []) + items
    shown = lines[:MAX_ITEMS] + ([t("sl_more", lang, n=len(lines) - MAX_ITEMS)] if len(lines) > MAX_ITEMS else [])
    body = ('<ul class="sl-list">' + "".join(f"<li>{html.escape(i)}</li>" for i in shown) + "</ul>") if n \
        else f'<p class="sl-list">{t("sl_nothing_behind", lang)}</p>'
    finding = t("sl_de", lang, n=n, point=plural("w_point", n, lang)) if n else t("sl_nothing_behind", lang)
    return Slide("decide", t("sl_decide", lang), finding, html=body,
                 table=pd.DataFrame({t("sl_decide", lang): shown}))
