"""Reporting completeness and timeliness (the section of pages/5_qualite.py): a partner x month grid of
activities reported, months without any flagged; the delays of arrival. Pure: data in, figure out.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import fmt, palette, style
from .i18n import code, t
from .style import layout

MONTHS_FR = "janv.|févr.|mars|avr.|mai|juin|juil.|août|sept.|oct.|nov.|déc.".split("|")
MONTHS_EN = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec".split("|")


def _month(d, lang: str) -> str:
    return f"{(MONTHS_EN if lang == 'en' else MONTHS_FR)[d.month - 1]} {d.year}"


@style.cached_figure
def heatmap(months: pd.DataFrame, lang: str):
    """(figure, table): activities per partner and month; a month without any report is an empty (red-edged)
    cell and is counted in the table."""
    if months is None or months.empty:
        return None
    partners = list(dict.fromkeys(months["partner"]))
    cols = sorted(set(months["month"]))
    grid = months.pivot_table(index="partner", columns="month", values="activities", aggfunc="sum").reindex(
        index=partners, columns=cols)
    z = grid.to_numpy(dtype=float)
    shown = np.where(z > 0, z, np.nan)
    ylab = [code("partner", p, lang) for p in partners]
    xlab = [_month(m, lang) for m in cols]
    fig = style.Figure(go.Heatmap(z=shown, x=xlab, y=ylab, colorscale="Blues", showscale=False, xgap=2, ygap=2,
                               hovertemplate="%{y}<br>%{x}<br>%{z:.0f}<extra></extra>"))
    sy, sx = np.where(z == 0)
    if len(sy):
        fig.add_scatter(x=[xlab[i] for i in sx], y=[ylab[i] for i in sy], mode="markers",
                        marker=dict(symbol="x-thin-open", size=9, color=palette.MISSING, line=dict(width=2)),
                        name=t("co_col_silent", lang), hovertemplate="%{y}<br>%{x}<br>0<extra></extra>")
    layout(fig, lang, t("co_heat_title", lang), height=170 + 45 * len(partners))
    fig.update_xaxes(tickangle=-45, nticks=18)
    fig.update_yaxes(autorange="reversed")
    table = grid.copy()
    table.columns = xlab
    table.index = ylab
    return fig, table.reset_index(names=t("bu_col_partner", lang))


@style.cached_figure
def summary_table(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("bu_col_partner", lang): [code("partner", p, lang) for p in summary["partner"]],
        t("co_col_months", lang): summary["months"], t("co_col_reported", lang): summary["reported"],
        t("co_col_silent", lang): summary["silent"],
        t("co_col_pct", lang): [fmt.pct(v, lang, 0) for v in summary["pct_reported"]],
        t("co_col_gap", lang): summary["longest_gap"],
        t("co_col_last", lang): ["—" if v is None or pd.isna(v) else fmt.day(v, lang) for v in summary["last_activity"]],
    })


@style.cached_figure
def delays_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("bu_col_partner", lang): [code("partner", p, lang) for p in rows["partner"]],
        t("co_col_activities", lang): rows["activities"],
        t("co_col_median", lang): [fmt.num(v, lang) for v in rows["median"]],
        t("co_col_p90", lang): [fmt.num(v, lang) for v in rows["p90"]],
        t("co_col_within", lang): [fmt.pct(v, lang, 0) for v in rows["within_30"]],
    })
