"""What the deck's slides share (dashboard/slides.py, dashboard/slides_more.py): the order of the slides,
the sizes, the page's style sheet, `Slide`, `Source`, `run` and the helpers that size a figure for a slide
and turn its bars into a native PowerPoint chart. No Streamlit here.
"""
from __future__ import annotations

import html
import importlib
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

import queries
from queries.protect import threshold

from . import fig_overview as fo
from . import palette
from .i18n import t

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
