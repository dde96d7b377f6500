"""The steering committee's slides: each one a title, a generated finding and one figure or a
few big numbers, sized to fit 1280×720 and 1920×1080 on a projector without scrolling.

`SLIDES` lists them in order; `build(slide, ctx)` returns (title, finding, content) where
content is a plotly figure, or HTML for tiles and lists. Figures reuse the page builders.
"""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from geo.maps import kangaba_map
from queries.status import STATUSES

from . import findings, fmt, palette, style
from . import fig_capacity as fcap
from . import fig_cases as fc
from . import fig_map as fm
from . import fig_overview as fo
from . import fig_sensitisation as fs
from .i18n import code, indicator_short, t


MAP_HEIGHT = 420
SLIDES = ("key", "logframe", "funnel", "sens", "map", "ms", "attention")
STALL_DAYS = 90
KEY_TILES = ("pe_trained", "children_life_skills", "focus_groups", "people_ccpe_campaigns", "cases_identified",
             "returned_rate")

CSS = ("""
<style>
:root { --ink: INK; --brand: BRAND; --demo-bg: DEMO_BG; --demo-ink: DEMO_INK; }
html { font-size: clamp(24px, 1.9vw, 30px); }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.6rem 2.2rem 0 2.2rem !important; max-width: 100% !important; }
[data-testid="stVerticalBlock"] { gap: 0.35rem; }
.sl-context { font-size: 1rem; color: var(--ink); margin: 0; line-height: 1.3; }
.sl-demo { background: var(--demo-bg); color: var(--demo-ink); font-weight: 700; padding: 0 0.4em; border-radius: 0.2em; }
.sl-title { font-size: 1.55rem; font-weight: 700; margin: 0.1rem 0 0 0; line-height: 1.2; color: var(--ink); }
.sl-finding { font-size: 1.05rem; font-weight: 600; color: var(--brand); margin: 0.1rem 0 0.3rem 0; line-height: 1.3; }
.sl-tiles { display: grid; grid-template-columns: repeat(3, 1fr); gap: 0.5rem 1.2rem; }
.sl-tile { border-left: 0.35rem solid var(--brand); padding: 0.1rem 0.6rem; }
.sl-tile .v { font-size: 1.9rem; font-weight: 700; line-height: 1.15; color: var(--ink); }
.sl-tile .l { font-size: 1rem; line-height: 1.2; color: var(--ink); }
.sl-tile .p { font-size: 1rem; line-height: 1.2; color: var(--ink); }
.sl-note { font-size: 0.8rem; color: var(--ink); margin: 0.4rem 0 0 0; }
.sl-list { font-size: 1rem; line-height: 1.35; margin: 0.2rem 0 0 1.2rem; color: var(--ink); }
.stButton button p { font-size: 1rem; }
.st-key-slide_body { height: calc(100vh - 12.2rem) !important; min-height: 12rem; flex: none !important; }
</style>
""".replace("DEMO_INK", palette.DEMO_INK).replace("DEMO_BG", palette.DEMO_BG)
       .replace("BRAND", palette.BRAND).replace("--ink: INK", "--ink: " + palette.INK))


def context_html(ctx) -> str:
    demo = f' <span class="sl-demo">{t("sl_demo", ctx.lang)}</span>' if ctx.dataset.synthetic else ""
    return f'<p class="sl-context">{html.escape(ctx.context_line())}{demo}</p>'


def _fit(fig: go.Figure, legend: bool = True) -> go.Figure:
    """Slide size: no title (the slide has one), bigger text; the height follows the window
    (the page stretches the chart over what the title and buttons leave)."""
    fig.update_layout(title=None, height=None, autosize=True, font=dict(size=18),
                      margin=dict(l=10, r=10, t=30, b=10), showlegend=legend)
    return fig


def _tiles(ind: pd.DataFrame, lang: str, k: int, note: str = "") -> str:
    r = ind.set_index("id", drop=False)
    out = []
    for iid in KEY_TILES:
        row = r.loc[iid]
        value = fo.value_text(row, lang, k)
        share = fo.share_text(row, lang, with_target=True) + " · " + code("status", row["status"], lang)
        out.append(f'<div class="sl-tile"><div class="v">{html.escape(value)}</div>'
                   f'<div class="l">{html.escape(indicator_short(iid, lang))}</div>'
                   f'<div class="p">{html.escape(share)}</div></div>')
    return '<div class="sl-tiles">' + "".join(out) + "</div>" + (
        f'<p class="sl-note">{html.escape(note)}</p>' if note else "")


def _status_chart(ind: pd.DataFrame, lang: str) -> go.Figure:
    """Each indicator's share of the view's target (a bar; none where no target belongs to the view),
    coloured by its status."""
    d = ind.sort_values("order", ascending=False)
    pct = d["pct_of_target"].clip(upper=150).fillna(0)
    fig = go.Figure(go.Bar(
        y=[indicator_short(i, lang) for i in d["id"]], x=pct, orientation="h",
        marker_color=[style.STATUS_COLORS[s] for s in d["status"]],
        text=[fmt.pct(p, lang, 0) if pd.notna(p) else "—" for p in d["pct_of_target"]], textposition="outside",
        customdata=[code("status", s, lang) for s in d["status"]],
        hovertemplate="%{y}: %{text} — %{customdata}<extra></extra>", showlegend=False))
    for s in [s for s in STATUSES if s in set(d["status"])]:
        fig.add_trace(go.Bar(x=[None], y=[None], marker_color=style.STATUS_COLORS[s], name=code("status", s, lang)))
    fig.add_vline(x=100, line_dash="dot", line_color=style.TARGET)
    style.layout(fig, lang, "")
    _fit(fig)
    fig.update_layout(font=dict(size=16), barmode="overlay", bargap=0.2, margin=dict(l=10, r=40, t=36, b=10))
    fig.update_traces(textfont_size=14, selector=dict(type="bar"))
    fig.update_xaxes(range=[0, 175], ticksuffix=" %" if lang == "fr" else "%", showgrid=True)
    fig.update_yaxes(dtick=1, tickfont=dict(size=15))
    return fig


def build(slide: str, ctx):
    """(title, finding, content) of one slide for the session's filters and role."""
    lang, k = ctx.lang, ctx.threshold
    ind = ctx.run("indicators")
    if slide == "key":
        note = fo.consent_note(ctx.run("case_left_out"), lang)
        return t("sl_key", lang), findings.key_figures(ind, lang, k), _tiles(ind, lang, k, note)
    if slide == "logframe":
        return t("sl_logframe", lang), findings.logframe_status(ind, lang), _status_chart(ind, lang)
    if slide == "funnel":
        out = fc.funnel(ctx.run("case_funnel"), lang, ctx.scope.min_cell)
        return t("sl_funnel", lang), findings.returned(ind, lang), _fit(out[0], False) if out else None
    if slide == "sens":
        sens = ctx.run("sensitisation")
        out = fs.by_type(sens, lang)
        return t("sl_sens", lang), findings.sensitisation(sens, lang), _fit(out[0]) if out else None
    if slide == "map":
        m = ctx.run("map_localities")
        pts, _ = fm.map_points(m, "children_reached", lang, ctx.scope.min_cell)
        # a MapLibre canvas does not follow its container's height: a fixed height that fits 1280×720
        fig = kangaba_map(pts, code("metric", "children_reached", lang), lang=lang, height=MAP_HEIGHT)
        return t("sl_map", lang), findings.map_place(m, lang), fig
    if slide == "ms":
        ms = ctx.run("milestones_list")
        out = fcap.timeline(ms, lang)
        return t("sl_ms", lang), findings.milestones(ms, lang), _fit(out[0]) if out else None
    stalled = findings.stalled_text(ctx.run("case_stalled", stall_days=STALL_DAYS), lang, k)
    sentence, items = findings.attention(ind, stalled, STALL_DAYS, lang)
    body = ('<ul class="sl-list">' + "".join(f"<li>{html.escape(i)}</li>" for i in items[:7]) + "</ul>") if items \
        else f'<p class="sl-list">{t("sl_nothing_behind", lang)}</p>'
    return t("sl_attention", lang), sentence, body
