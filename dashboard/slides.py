"""The steering committee's deck: the project's story for the current filters, role and language.

`SLIDES` lists them in order; `build(key, src)` returns a `Slide`: a title, one generated sentence (from
the same numbers the slide shows), and either HTML (tiles, lists) or a plotly figure — plus the numbers
the PowerPoint (dashboard/deck_pptx.py) writes as native tables and charts. `src` is the page's context
(dashboard/sidebar.Ctx) or `Source` (a connection, filters and scope: the PowerPoint, the tests); both
answer `run(name, **kw)` with the query layer's protected frames, so a role sees in the deck what it sees
on the pages.

Every text is at least 20 px at 1280×720 (the page's root font is 24 px there; figures draw in
FONT_PX), measured by tests/test_presentation_browser.py; the slide body fills the window's height.
"""
from __future__ import annotations

import html
import importlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go

import queries
from geo.mapbase import BUBBLE_MAX_PX, bubble_sizes
from geo.maps import plain_kangaba_map
from queries.protect import threshold

from . import findings, fmt, palette, style
from . import fig_cases as fc
from . import fig_map as fm
from . import fig_overview as fo
from . import fig_sensitisation as fs
from .findings import plural
from .i18n import code, indicator_short, t

SLIDES = ("key", "logframe", "funnel", "sens", "map", "budget", "partners", "decide")
KEY = ("pe_trained", "children_life_skills", "focus_groups", "people_rights", "people_ccpe_campaigns",
       "cases_identified", "returned_rate", "reinsertion_rate")          # the overview's eight key cards
SEVERITY = ("very_late", "not_met", "late", "on_track", "too_recent", "met", "no_target", "no_data")
BEHIND = ("very_late", "not_met", "late")
STALL_DAYS = 90
FONT_PX = 20                  # every text drawn in a slide's figure
OVER, UNDER = 10, 25          # a budget line spent this many points ahead of / behind the time elapsed
MAX_ITEMS = 8                 # « À décider »: lines on the slide

CSS = ("""
<style>
:root { --ink: INK; --brand: BRAND; --demo-bg: DEMO_BG; --demo-ink: DEMO_INK; }
html { font-size: clamp(24px, 1.9vw, 32px); }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.5rem 2rem 0 2rem !important; max-width: 100% !important; }
[data-testid="stVerticalBlock"] { gap: 0.3rem; }
.sl-context { font-size: 0.85rem; color: var(--ink); margin: 0; line-height: 1.25; }
.sl-demo { background: var(--demo-bg); color: var(--demo-ink); font-weight: 700; padding: 0 0.4em; border-radius: 0.2em; }
.sl-title { font-size: 1.45rem; font-weight: 700; margin: 0.05rem 0 0 0; line-height: 1.15; color: var(--ink); }
.sl-finding { font-size: 1rem; font-weight: 600; color: var(--brand); margin: 0.1rem 0 0.2rem 0; line-height: 1.25; }
.sl-tiles { display: grid; grid-template-columns: repeat(4, 1fr); grid-template-rows: 1fr 1fr; gap: 0.5rem 0.8rem;
            height: 100%; }
.sl-tile { border-left: 0.45rem solid var(--c); background: color-mix(in srgb, var(--c) 18%, white);
           padding: 0.2rem 0.5rem; display: flex; flex-direction: column; justify-content: center; min-height: 0; }
.sl-tile .v { font-size: 1.7rem; font-weight: 700; line-height: 1.1; color: var(--ink); }
.sl-tile .l { font-size: 0.9rem; line-height: 1.15; color: var(--ink); font-weight: 600; }
.sl-tile .p { font-size: 0.85rem; line-height: 1.15; color: var(--ink); }
.sl-pill { display: inline-block; background: var(--c); color: var(--ink); font-weight: 700; font-size: 0.85rem;
           padding: 0 0.35em; border-radius: 0.25em; margin-top: 0.15rem; width: fit-content; }
.sl-lf { column-count: 3; column-gap: 1.2rem; column-fill: balance; font-size: 0.85rem; }
.sl-lf h4 { font-size: 0.85rem; margin: 0.25rem 0 0.05rem 0; color: var(--brand); break-after: avoid;
            white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.sl-lf p { margin: 0; line-height: 1.25; break-inside: avoid; }
.sl-sw { display: inline-block; width: 0.8em; height: 0.8em; background: var(--c); border: 1px solid var(--ink);
         margin-right: 0.3em; vertical-align: -0.05em; }
.sl-keyline { font-size: 0.85rem; margin: 0.2rem 0 0 0; }
.sl-note { font-size: 0.85rem; color: var(--ink); margin: 0.3rem 0 0 0; }
.sl-list { font-size: 0.95rem; line-height: 1.3; margin: 0.1rem 0 0 1.2rem; color: var(--ink); }
.stButton button p, [data-testid="stDownloadButton"] button p, [data-testid="stPageLink"] p,
[data-testid="stMarkdownContainer"] p { font-size: 0.85rem; }
.st-key-slide_body { height: calc(100vh - 10.4rem) !important; min-height: 10rem; flex: none !important; }
.st-key-slide_body > div, .st-key-slide_body [data-testid="stHtml"] { height: 100%; }
</style>
""".replace("DEMO_INK", palette.DEMO_INK).replace("DEMO_BG", palette.DEMO_BG)
       .replace("BRAND", palette.BRAND).replace("--ink: INK", "--ink: " + palette.INK))


@dataclass
class Slide:
    key: str
    title: str
    finding: str
    html: str | None = None               # tiles, lists
    fig: go.Figure | None = None          # a chart or the map
    table: pd.DataFrame | None = None     # the numbers as the PowerPoint writes them (a native table)
    chart: dict | None = None             # a native PowerPoint chart: categories, series [(name, values, colour)]
    colors: list = field(default_factory=list)   # per table row: a status colour (PowerPoint)


class Source:
    """A connection, filters and scope answering `run` like the page's context (PowerPoint, tests)."""

    def __init__(self, con, filters: queries.Filters, scope: queries.Scope, lang: str, synthetic: bool,
                 can_budget: bool = True, context: str = ""):
        self.con, self.filters, self.scope, self.lang = con, filters, scope, lang
        self.synthetic, self.can_budget, self.context = synthetic, can_budget, context

    @property
    def threshold(self) -> int:
        return threshold(self.scope.min_cell)

    def run(self, name: str, **kw):
        module, _, fn = name.rpartition(".")
        f = getattr(importlib.import_module(f"queries.{module}") if module else queries, fn)
        return f(self.con, filters=self.filters, scope=self.scope, **kw)


def run(src, name: str, **kw):
    """src.run(name): a dotted name (« budget.summary ») is queries.budget.summary, asked directly where the
    page's data layer only knows the names of `queries` itself."""
    try:
        return src.run(name, **kw)
    except AttributeError:
        if "." not in name or not hasattr(src, "dataset"):
            raise
        module, _, fn = name.rpartition(".")
        f = getattr(importlib.import_module(f"queries.{module}"), fn)
        return f(src.dataset.con.cursor(), filters=src.filters, scope=src.scope, **kw)


def _can_budget(src) -> bool:
    can = getattr(src, "can_budget", None)
    return can if can is not None else src.can("see_budget")


def context_html(ctx) -> str:
    demo = f' <span class="sl-demo">{t("sl_demo", ctx.lang)}</span>' if ctx.dataset.synthetic else ""
    return f'<p class="sl-context">{html.escape(ctx.context_line())}{demo}</p>'


def big(fig: go.Figure, legend: bool = True) -> go.Figure:
    """Slide size: no title (the slide has one), every text FONT_PX or more, the height the page's."""
    fig = go.Figure(fig)
    fig.update_layout(title=None, height=None, autosize=True, font=dict(size=FONT_PX, color=palette.INK),
                      margin=dict(l=10, r=30, t=40, b=10), showlegend=legend,
                      legend=dict(font=dict(size=FONT_PX), orientation="h", y=1.0, yanchor="bottom", x=0,
                                  xanchor="left", title=None))
    fig.update_xaxes(tickfont=dict(size=FONT_PX, color=palette.INK), title_font=dict(size=FONT_PX))
    fig.update_yaxes(tickfont=dict(size=FONT_PX, color=palette.INK), title_font=dict(size=FONT_PX))
    for tr in fig.data:
        if "textfont" in tr:
            size = tr.textfont.size
            if size is None or (not isinstance(size, (int, float))) or size < FONT_PX:
                tr.textfont.size = FONT_PX
            if tr.type == "bar" and tr.textfont.color is None:
                tr.textfont.color = palette.INK
    for a in fig.layout.annotations:
        a.font.size = max(a.font.size or 0, FONT_PX)
    return fig


def _order(ind: pd.DataFrame) -> pd.DataFrame:
    """Late first (SEVERITY), then the logframe's order."""
    rank = {s: i for i, s in enumerate(SEVERITY)}
    return ind.assign(_r=ind["status"].map(rank).fillna(len(rank))).sort_values(["_r", "order"]).drop(columns="_r")


def _share(row, lang: str) -> str:
    return fo.share_text(row, lang) if pd.notna(row["target"]) or pd.notna(row.get("share_of_project")) else "—"


# ------------------------------------------------------------------------------------------------- slides

def _key(ind: pd.DataFrame, lang: str, k: int, note: str = "") -> Slide:
    d = _order(ind[ind["id"].isin(KEY)])
    behind = d[d["status"].isin(BEHIND)]
    if len(behind):
        n = len(behind)
        finding = t("sl_key_behind", lang, n=n, ind=plural("w_key_ind", n if lang == "fr" else len(KEY), lang), are=plural("w_is_are", n, lang),
                    names=", ".join(indicator_short(i, lang) for i in behind["id"]))
    else:
        finding = t("sl_key_ok", lang)
    tiles, rows = [], []
    for _, r in d.iterrows():
        c, status = palette.STATUS_COLORS[r["status"]], code("status", r["status"], lang)
        value, share = fo.value_text(r, lang, k), _share(r, lang)
        tiles.append(f'<div class="sl-tile" style="--c:{c}"><div class="v">{html.escape(value)}</div>'
                     f'<div class="l">{html.escape(indicator_short(r["id"], lang))}</div>'
                     f'<div class="p">{html.escape(share)}</div><span class="sl-pill">{html.escape(status)}</span></div>')
        rows.append((indicator_short(r["id"], lang), value, share, status, c))
    table = pd.DataFrame([r[:4] for r in rows], columns=[t("indicator", lang), t("value", lang),
                                                          t("pct_target", lang), t("status", lang)])
    note = f'<p class="sl-note">{html.escape(note)}</p>' if note else ""
    return Slide("key", t("sl_key", lang), finding,
                 html='<div style="height:100%;display:flex;flex-direction:column"><div class="sl-tiles" '
                      f'style="flex:1;min-height:0">{"".join(tiles)}</div>{note}</div>',
                 table=table, colors=[r[4] for r in rows])


def _logframe(ind: pd.DataFrame, lang: str, k: int) -> Slide:
    res = queries.results()
    label = dict(zip(res["code"], res["label_en" if lang == "en" else "label_fr"]))
    parts, rows, colors = [], [], []
    for rid, g in ind.sort_values("order").groupby("result", sort=False):
        full = html.escape(str(label.get(rid, rid)))
        parts.append(f'<h4 title="{full}">{full}</h4>')
        for _, r in g.iterrows():
            c = palette.STATUS_COLORS[r["status"]]
            pct = fmt.pct(r["pct_of_target"], lang, 0) if pd.notna(r["pct_of_target"]) else "—"
            parts.append(f'<p><span class="sl-sw" style="--c:{c}"></span>{html.escape(indicator_short(r["id"], lang))}'
                         f" — {html.escape(pct)}</p>")
            rows.append((rid, indicator_short(r["id"], lang), fo.value_text(r, lang, k), pct,
                         code("status", r["status"], lang)))
            colors.append(c)
    legend = " ".join(f'<span class="sl-sw" style="--c:{palette.STATUS_COLORS[s]}"></span>'
                      f"{html.escape(code('status', s, lang))}&nbsp;&nbsp;"
                      for s in SEVERITY if s in set(ind["status"]))
    body = f'<div class="sl-lf">{"".join(parts)}</div>'
    table = pd.DataFrame(rows, columns=[t("result", lang), t("indicator", lang), t("value", lang),
                                        t("pct_target", lang), t("status", lang)])
    return Slide("logframe", t("sl_logframe", lang), findings.logframe_status(ind, lang),
                 html=f'<div style="height:100%;display:flex;flex-direction:column">'
                      f'<div style="flex:1;min-height:0">{body}</div><p class="sl-keyline">{legend}</p></div>',
                 table=table, colors=colors)


def _bar_chart(fig: go.Figure, number_format: str = "#,##0") -> dict:
    """A native PowerPoint chart of the figure's bar traces: the same categories and values as drawn."""
    series, cats = [], None
    for tr in fig.data:
        if tr.type != "bar" or tr.x is None or tr.y is None:
            continue
        horizontal = tr.orientation == "h"
        c, v = (list(tr.y), list(tr.x)) if horizontal else (list(tr.x), list(tr.y))
        cats = cats or c
        vals = dict(zip(c, v))
        color = tr.marker.color if isinstance(tr.marker.color, str) else palette.ACCENT
        series.append((tr.name or "", [vals.get(x) for x in cats], color))
    return dict(categories=cats or [], series=series, horizontal=any(tr.orientation == "h" for tr in fig.data),
                number_format=number_format)


def _funnel(src, ind, lang: str, k: int) -> Slide:
    out = fc.funnel(src.run("case_funnel"), lang, src.scope.min_cell)
    s = Slide("funnel", t("sl_funnel", lang), findings.returned(ind, lang))
    if out:
        s.fig, s.table = big(out[0], False), out[1]
        s.fig.update_yaxes(automargin=True)
        s.chart = _bar_chart(out[0])
    return s


def _sens(src, lang: str) -> Slide:
    sens = src.run("sensitisation")
    out = fs.by_type(sens, lang)
    s = Slide("sens", t("sl_sens", lang), findings.sensitisation(sens, lang))
    if out:
        s.fig, s.table = big(out[0]), out[1]
        s.chart = _bar_chart(out[0])
    return s


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


def build(key: str, src) -> Slide:
    """One slide for the source's filters, role and language."""
    lang, k = src.lang, src.threshold
    ind = src.run("indicators")
    if key == "key":
        return _key(ind, lang, k, fo.consent_note(src.run("case_left_out"), lang))
    if key == "logframe":
        return _logframe(ind, lang, k)
    if key == "funnel":
        return _funnel(src, ind, lang, k)
    if key == "sens":
        return _sens(src, lang)
    if key == "map":
        return _map(src, lang, k)
    if key == "budget":
        return _budget(src, lang)
    if key == "partners":
        return _partners(src, lang)
    return _decide(src, ind, lang, k)


def deck(src) -> list[Slide]:
    return [build(key, src) for key in SLIDES]
