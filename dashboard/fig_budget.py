"""Figures and tables of the budget execution page (pages/10_budget.py), and the committee slide's figure
(`pace_figure` on `queries.budget.budget_pace`). Pure: data in, figure out.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from queries.budget import SHARED

from . import fmt, palette, style
from .i18n import code, t
from .style import ACCENT, TARGET, layout

SPENT = palette.ACCENT
RESULTS = palette.CATEGORICAL[0]


def _na(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))


def eur(v, lang: str) -> str:
    return "—" if _na(v) else fmt.num(v, lang) + "\u00a0€"


def who(partner: str, lang: str) -> str:
    return t("bu_shared", lang) if partner == SHARED else code("partner", partner, lang)


def quarter_label(q: str, lang: str) -> str:
    return t("bu_quarter_short", lang, q=q[-1], y=q[:4])


def cards(pace: pd.DataFrame, lang: str) -> list[dict]:
    """Planned, spent (share of planned), time elapsed, targets reached — at the view's last quarter."""
    last = pace.iloc[-1]
    planned, spent = pace["planned_eur"].sum(), pace["spent_eur"].sum()
    return [
        dict(label=t("bu_card_planned", lang), value=eur(planned, lang), delta=None),
        dict(label=t("bu_card_spent", lang), value=eur(spent, lang),
             delta=t("bu_of_planned", lang, pct=fmt.pct(100 * spent / planned if planned else None, lang, 1))),
        dict(label=t("bu_card_time", lang), value=fmt.pct(last["time_share"], lang, 0), delta=None),
        dict(label=t("bu_card_targets", lang),
             value="—" if _na(last["targets_share"]) else fmt.pct(last["targets_share"], lang, 0), delta=None),
    ]


@style.cached_figure
def by_figure(g: pd.DataFrame, by: str, lang: str):
    """(figure, table) of planned against spent per quarter, budget line or partner."""
    if g is None or g.empty:
        return None
    labels = {"quarter": lambda v: quarter_label(v, lang), "partner": lambda v: who(v, lang),
              "budget_line": lambda v: v}[by]
    x = [labels(v) for v in g[by]]
    fig = style.Figure()
    horizontal = by != "quarter"
    for col, name, color in (("planned_eur", t("bu_planned", lang), palette.PLANNED), ("spent_eur", t("bu_spent", lang), SPENT)):
        kw = dict(y=x, x=g[col], orientation="h") if horizontal else dict(x=x, y=g[col])
        fig.add_bar(name=name, marker_color=color, hovertemplate="%{" + ("y" if horizontal else "x") + "}<br>"
                    + name + " : %{" + ("x" if horizontal else "y") + ":,.0f} €<extra></extra>", **kw)
    title = {"quarter": "bu_by_quarter", "budget_line": "bu_by_line", "partner": "bu_by_partner"}[by]
    layout(fig, lang, t(title, lang), height=380 if not horizontal else 120 + 42 * len(x))
    fig.update_layout(barmode="group")
    if horizontal:
        fig.update_yaxes(autorange="reversed")
        fig.update_xaxes(ticksuffix=" €", tickformat=",.0f")
    else:
        fig.update_yaxes(ticksuffix=" €", tickformat=",.0f")
    col = {"quarter": "bu_col_quarter", "budget_line": "bu_col_line", "partner": "bu_col_partner"}[by]
    table = pd.DataFrame({t(col, lang): x, t("bu_planned", lang): g["planned_eur"].round(2),
                          t("bu_spent", lang): g["spent_eur"].round(2),
                          t("bu_pct_spent", lang): g["pct_spent"].round(1)})
    return fig, table


@style.cached_figure
def pace_figure(pace: pd.DataFrame, lang: str):
    """(figure, table, note): cumulative spending, time elapsed and share of targets reached by quarter end."""
    if pace is None or pace.empty:
        return None
    x = [quarter_label(q, lang) for q in pace["quarter"]]
    fig = style.Figure()
    fig.add_scatter(x=x, y=pace["time_share"], name=t("bu_time_share", lang), mode="lines",
                    line=dict(color=TARGET, dash="dot", width=2))
    fig.add_scatter(x=x, y=pace["spent_share"], name=t("bu_spent_share", lang), mode="lines+markers",
                    line=dict(color=SPENT, width=3))
    has_targets = pace["targets_share"].notna().any()
    if has_targets:
        fig.add_scatter(x=x, y=pace["targets_share"], name=t("bu_targets_share", lang), mode="lines+markers",
                        line=dict(color=RESULTS, width=3))
    layout(fig, lang, t("bu_pace_title", lang), height=400)
    fig.update_yaxes(range=[0, 105], ticksuffix=" %")
    fig.update_layout(legend=dict(y=-0.15, yanchor="top", x=0, xanchor="left"), margin=dict(b=40))
    table = pd.DataFrame({t("bu_col_quarter", lang): x, t("bu_spent_share", lang): pace["spent_share"].round(1),
                          t("bu_time_share", lang): pace["time_share"].round(1),
                          t("bu_targets_share", lang): pace["targets_share"].round(1)})
    note = t("bu_pace_note", lang, n=int(pace["targets_n"].iloc[0])) if has_targets else t("bu_pace_no_targets", lang)
    return fig, table, note


@style.cached_figure
def costs_table(costs: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("bu_col_what", lang): [{"cost_child": t("bu_cost_child", lang), "cost_pe": t("bu_cost_pe", lang),
                                  "cost_reinserted": t("bu_cost_reinserted", lang)}[k] for k in costs["key"]],
        t("bu_spent", lang): [eur(v, lang) for v in costs["spent_eur"]],
        t("bu_col_results", lang): ["—" if _na(v) else fmt.num(v, lang) for v in costs["results"]],
        t("bu_col_ratio", lang): [t("bu_cost_none", lang) if _na(v) else eur(v, lang) for v in costs["ratio"]],
    })


@style.cached_figure
def lines_table(lines: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({t("bu_col_quarter", lang): lines["quarter"], t("bu_col_line", lang): lines["budget_line"],
                         t("bu_col_partner", lang): [who(p, lang) for p in lines["partner"]],
                         t("bu_planned", lang): lines["planned_eur"].round(2),
                         t("bu_spent", lang): lines["spent_eur"].round(2)})
