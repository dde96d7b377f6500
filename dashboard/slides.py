"""The steering committee's deck: the project's story for the current filters, role and language.

`SLIDES` lists them in order; `build(key, src)` returns a `Slide`: a title, one generated sentence (from
the same numbers the slide shows), and either HTML (tiles, lists) or a plotly figure — plus the numbers
the PowerPoint (dashboard/deck_pptx.py) writes as native tables and charts. `src` is the page's context
(dashboard/sidebar.Ctx) or `Source` (a connection, filters and scope: the PowerPoint, the tests); both
answer `run(name, **kw)` with the query layer's protected frames, so a role sees in the deck what it sees
on the pages.

Every text is at least 20 px at 1280×720 (the page's root font is 24 px there; figures draw in
FONT_PX), measured by tests/test_presentation_browser.py; the slide body fills the window's height.

The slides' shared parts are in dashboard/slides_base.py, the map, budget, partners and decisions slides
in dashboard/slides_more.py: every name of both is importable from here too.
"""
from __future__ import annotations

import html
import importlib  # noqa: F401  (importable from here, as before the split)
from dataclasses import dataclass, field  # noqa: F401

import numpy as np  # noqa: F401
import pandas as pd
import plotly.graph_objects as go  # noqa: F401

import queries
from geo.mapbase import BUBBLE_MAX_PX, bubble_sizes  # noqa: F401
from geo.maps import plain_kangaba_map  # noqa: F401
from queries.protect import threshold  # noqa: F401

from . import findings, fmt, palette, style  # noqa: F401
from . import fig_cases as fc
from . import fig_map as fm  # noqa: F401
from . import fig_overview as fo
from . import fig_sensitisation as fs
from .findings import plural
from .i18n import code, indicator_short, t
from .slides_base import (BEHIND, CSS, FONT_PX, KEY, MAX_ITEMS, OVER, SEVERITY, SLIDES, STALL_DAYS,  # noqa: F401
                          UNDER, Slide, Source, _bar_chart, _can_budget, _order, _share, big, context_html, run)
from .slides_more import (_budget, _decide, _map, _partners, budget_numbers, decisions, map_figure,  # noqa: F401
                          nice, partner_shares)


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
