"""Figures and tables of the page Renforcement et plaidoyer: trainings and milestones against their
targets, the milestone timeline (the data-quality page's tables: dashboard/fig_quality.py).

Builders take query frames as they come and return `(figure, table)`, or None when there is nothing
to show.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from queries import calendar, contract

from . import fmt, i18n, style
from .fig_protected import frame
from .i18n import code, t


TRAINING_IDS = ("ccpe_trained", "social_workers_trained", "actors_trained", "ccpe_advocacy_trained")
MILESTONE_IDS = ("ccpe_operational", "action_plans", "advocacy_strategy", "pdesc_integrated")
MILESTONE_STATUS_COLORS = {"a_temps": style.STATUS_COLORS["ok"], "en_retard": style.STATUS_COLORS["behind"],
                           "depasse": style.STATUS_COLORS["off"], "prevu": style.STATUS_COLORS["on_track"]}
MONTHS_SHORT = calendar.MONTHS_SHORT


def _date_ticks(lo, hi, lang: str) -> tuple[list, list[str]]:
    """Quarter starts between lo and hi, written « avr. 2021 » (plotly would write English month names)."""
    lo, hi = pd.Timestamp(lo), pd.Timestamp(hi)
    start = pd.Timestamp(lo.year, 3 * ((lo.month - 1) // 3) + 1, 1)
    vals = list(pd.date_range(start, hi + pd.offsets.QuarterBegin(startingMonth=1), freq="QS-JAN"))
    step = 1 if len(vals) <= 14 else 2
    vals = vals[::step]
    return vals, [f"{MONTHS_SHORT[lang][v.month - 1]}<br>{v.year}" for v in vals]


# ---------------------------------------------------------------- against targets

def vs_target(ind: pd.DataFrame, ids: tuple[str, ...], lang: str, title_key: str, by_sex: bool):
    """Horizontal bars (stacked by sex when `by_sex`) with the target as a mark and « value / target (%) »."""
    if ind is None or ind.empty:
        return None
    d = ind.set_index("id").loc[[i for i in ids if i in set(ind["id"])]].reset_index()
    if d.empty:
        return None
    d["label"] = [i18n.indicator(i, lang) for i in d["id"]]
    fig = style.Figure()
    if by_sex:
        parts = (("female", "F"), ("male", "M"), ("sex_unknown", "NR"))
        for col, s in parts:
            v = pd.to_numeric(d[col], errors="coerce").astype(float)
            if col == "sex_unknown" and v.fillna(0).sum() == 0:
                continue
            fig.add_trace(go.Bar(
                y=d["label"], x=v, orientation="h", name=code("sex_child", s, lang), marker_color=style.SEX_COLORS[s],
                text=[fmt.num(x, lang) if x and x > 0 else "" for x in v], textposition="inside",
                insidetextanchor="middle",
                hovertemplate="%{y}<br>" + code("sex_child", s, lang) + " : %{x:,d}<extra></extra>"))
    else:
        fig.add_trace(go.Bar(y=d["label"], x=pd.to_numeric(d["value"], errors="coerce"), orientation="h",
                             name=t("achieved", lang), marker_color=style.ACCENT,
                             hovertemplate="%{y}<br>%{x:,d}<extra></extra>"))
    value = pd.to_numeric(d["value"], errors="coerce").astype(float)
    target = pd.to_numeric(d["target"], errors="coerce").astype(float)
    pad = fmt.NBSP * 3
    labels = [pad + t("of_target", lang, v=fmt.num(v, lang), t=fmt.num(tg, lang), p=fmt.pct(100 * v / tg, lang, 0))
              if tg and pd.notna(v) else pad + fmt.num(v, lang) for v, tg in zip(value, target)]
    fig.add_trace(go.Scatter(
        y=d["label"], x=target, mode="markers", name=t("target_marker", lang),
        marker=dict(symbol="line-ns", size=26, line=dict(width=3, color=style.TARGET), color=style.TARGET),
        hovertemplate="%{y}<br>" + t("target_marker", lang) + " : %{x:,d}<extra></extra>"))
    end = pd.concat([value.fillna(0), target.fillna(0)], axis=1).max(axis=1)
    fig.add_trace(go.Scatter(y=d["label"], x=end, mode="text", text=labels, textposition="middle right",
                             hoverinfo="skip", showlegend=False, cliponaxis=False))
    frame(fig, lang, t(title_key, lang), height=130 + 62 * len(d))
    fig.update_layout(barmode="stack", bargap=0.35)
    fig.update_xaxes(range=[0, float(end.max() or 1) * 1.45], tickformat=",d", rangemode="tozero")
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(d["label"])), automargin=True)
    table = pd.DataFrame({t("indicator", lang): d["label"], t("value", lang): value, t("target", lang): target,
                          t("pct_target", lang): (100 * value / target).round(1)})
    if by_sex:
        table[t("female", lang)] = pd.to_numeric(d["female"], errors="coerce")
        table[t("male", lang)] = pd.to_numeric(d["male"], errors="coerce")
        table[t("col_unknown_sex", lang)] = pd.to_numeric(d["sex_unknown"], errors="coerce")
    return fig, table


@style.cached_figure
def training(ind: pd.DataFrame, lang: str):
    return vs_target(ind, TRAINING_IDS, lang, "fig_training", by_sex=True)


@style.cached_figure
def milestone_counts(ind: pd.DataFrame, lang: str):
    return vs_target(ind, MILESTONE_IDS, lang, "fig_milestone_counts", by_sex=False)


# ---------------------------------------------------------------- timeline

@style.cached_figure
def timeline(ms: pd.DataFrame, lang: str):
    """One row per milestone (kind — commune), a hollow circle at the planned date, a disc at the
    achieved date, a line between them; colour by status."""
    if ms is None or ms.empty:
        return None
    d = ms.copy()
    d["_k"] = d["kind"].map({k: i for i, k in enumerate(contract.MILESTONE_KINDS)})
    d["_c"] = d["commune"].map({c: i for i, c in enumerate(contract.COMMUNES)})
    d = d.sort_values(["_k", "_c", "planned_on", "milestone_id"], na_position="last").reset_index(drop=True)
    base = [f"{code('milestone_kind', k, lang)} — {code('commune', c, lang)}"
            for k, c in zip(d["kind"], d["commune"])]
    seen: dict[str, int] = {}
    counts = pd.Series(base).value_counts()
    labels = []
    for b in base:
        seen[b] = seen.get(b, 0) + 1
        labels.append(f"{b} ({seen[b]})" if counts[b] > 1 else b)
    d["label"] = labels
    d["planned_on"] = pd.to_datetime(d["planned_on"])
    d["achieved_on"] = pd.to_datetime(d["achieved_on"])

    def late(v):
        if pd.isna(v):
            return ""
        return "<br>" + (t("days_late_hover", lang, d=fmt.num(v, lang)) if v > 0 else
                         t("days_early_hover", lang, d=fmt.num(-v, lang)) if v < 0 else "")
    d["hover"] = [f"<b>{r.label}</b><br>{r.title}<br>{t('planned_date', lang)} : {fmt.day(r.planned_on, lang)}"
                  f"<br>{t('achieved_date', lang)} : {fmt.day(r.achieved_on, lang)}"
                  f"<br>{code('milestone_status', r.status, lang)}{late(r.days_late)}" for r in d.itertuples()]
    fig = style.Figure()
    for status, color in MILESTONE_STATUS_COLORS.items():
        s = d[d["status"] == status]
        if s.empty:
            continue
        both = s[s["planned_on"].notna() & s["achieved_on"].notna()]
        xs, ys = [], []
        for r in both.itertuples():
            xs += [r.planned_on, r.achieved_on, None]
            ys += [r.label, r.label, None]
        name = code("milestone_status", status, lang)
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=color, width=3), hoverinfo="skip",
                                     legendgroup=status, showlegend=False))
        fig.add_trace(go.Scatter(
            x=s["planned_on"], y=s["label"], mode="markers", name=name, legendgroup=status,
            marker=dict(symbol="circle-open", size=13, color=color, line=dict(width=2.5)),
            customdata=s["hover"], hovertemplate="%{customdata}<extra></extra>",
            showlegend=bool(s["achieved_on"].isna().all())))
        a = s[s["achieved_on"].notna()]
        if len(a):
            fig.add_trace(go.Scatter(
                x=a["achieved_on"], y=a["label"], mode="markers", name=name, legendgroup=status,
                marker=dict(symbol="circle", size=13, color=color), customdata=a["hover"],
                hovertemplate="%{customdata}<extra></extra>"))
    dates = pd.concat([d["planned_on"], d["achieved_on"]]).dropna()
    frame(fig, lang, t("fig_timeline", lang), height=190 + 30 * len(d), subtitle=t("timeline_sub", lang))
    if len(dates):
        vals, text = _date_ticks(dates.min(), dates.max(), lang)
        pad = pd.Timedelta(days=25)
        fig.update_xaxes(tickvals=vals, ticktext=text, range=[dates.min() - pad, dates.max() + pad], showgrid=True)
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(d["label"])), automargin=True)
    table = pd.DataFrame({
        t("col_milestone", lang): d["label"], t("col_title", lang): d["title"],
        t("col_planned", lang): [fmt.short_date(v, lang, "") for v in d["planned_on"]],
        t("col_achieved", lang): [fmt.short_date(v, lang, "") for v in d["achieved_on"]],
        t("col_status", lang): [code("milestone_status", s, lang) for s in d["status"]],
        t("days_late", lang): pd.to_numeric(d["days_late"], errors="coerce").astype("Int64"),
    })
    return fig, table
