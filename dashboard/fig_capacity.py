"""Figures and tables of the pages Renforcement et plaidoyer (trainings and milestones against
their targets, milestone timeline) and Qualité des données (what was loaded, who reports, what
the indicators leave out).

Builders take query frames as they come and return `(figure, table)` or a table, or None when
there is nothing to show.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from queries import band, calendar, contract

from . import charts, fmt, i18n
from .fig_cases import frame
from .i18n import code, t


TRAINING_IDS = ("ccpe_trained", "social_workers_trained", "actors_trained", "ccpe_advocacy_trained")
MILESTONE_IDS = ("ccpe_operational", "action_plans", "advocacy_strategy", "pdesc_integrated")
MILESTONE_STATUS_COLORS = {"a_temps": charts.STATUS_COLORS["ok"], "en_retard": charts.STATUS_COLORS["behind"],
                           "depasse": charts.STATUS_COLORS["off"], "prevu": charts.STATUS_COLORS["on_track"]}
MONTHS_SHORT = calendar.MONTHS_SHORT
CASE_TABLES = ("cases", "case_events", "case_services")
SEVERITY_ORDER = {"erreur": 0, "avertissement": 1, "information": 2}   # errors first


def _day(v, lang: str) -> str:
    """fmt.day / fmt.short_date, « — » for a missing date (fmt does not treat NaT as missing)."""
    return "—" if v is None or pd.isna(v) else fmt.day(v, lang)


def _short(v, lang: str, missing: str = "—") -> str:
    return missing if v is None or pd.isna(v) else fmt.short_date(v, lang)


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
    fig = go.Figure()
    if by_sex:
        parts = (("female", "F"), ("male", "M"), ("sex_unknown", "NR"))
        for col, s in parts:
            v = pd.to_numeric(d[col], errors="coerce").astype(float)
            if col == "sex_unknown" and v.fillna(0).sum() == 0:
                continue
            fig.add_trace(go.Bar(
                y=d["label"], x=v, orientation="h", name=code("sex_child", s, lang), marker_color=charts.SEX_COLORS[s],
                text=[fmt.num(x, lang) if x and x > 0 else "" for x in v], textposition="inside",
                insidetextanchor="middle",
                hovertemplate="%{y}<br>" + code("sex_child", s, lang) + " : %{x:,d}<extra></extra>"))
    else:
        fig.add_trace(go.Bar(y=d["label"], x=pd.to_numeric(d["value"], errors="coerce"), orientation="h",
                             name=t("achieved", lang), marker_color=charts.ACCENT,
                             hovertemplate="%{y}<br>%{x:,d}<extra></extra>"))
    value = pd.to_numeric(d["value"], errors="coerce").astype(float)
    target = pd.to_numeric(d["target"], errors="coerce").astype(float)
    pad = fmt.NBSP * 3
    labels = [pad + t("of_target", lang, v=fmt.num(v, lang), t=fmt.num(tg, lang), p=fmt.pct(100 * v / tg, lang, 0))
              if tg and pd.notna(v) else pad + fmt.num(v, lang) for v, tg in zip(value, target)]
    fig.add_trace(go.Scatter(
        y=d["label"], x=target, mode="markers", name=t("target_marker", lang),
        marker=dict(symbol="line-ns", size=26, line=dict(width=3, color=charts.TARGET), color=charts.TARGET),
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


@charts.cached_figure
def training(ind: pd.DataFrame, lang: str):
    return vs_target(ind, TRAINING_IDS, lang, "fig_training", by_sex=True)


@charts.cached_figure
def milestone_counts(ind: pd.DataFrame, lang: str):
    return vs_target(ind, MILESTONE_IDS, lang, "fig_milestone_counts", by_sex=False)


# ---------------------------------------------------------------- timeline

@charts.cached_figure
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
    d["hover"] = [f"<b>{r.label}</b><br>{r.title}<br>{t('planned_date', lang)} : {_day(r.planned_on, lang)}"
                  f"<br>{t('achieved_date', lang)} : {_day(r.achieved_on, lang)}"
                  f"<br>{code('milestone_status', r.status, lang)}{late(r.days_late)}" for r in d.itertuples()]
    fig = go.Figure()
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
        t("col_planned", lang): [_short(v, lang, "") for v in d["planned_on"]],
        t("col_achieved", lang): [_short(v, lang, "") for v in d["achieved_on"]],
        t("col_status", lang): [code("milestone_status", s, lang) for s in d["status"]],
        t("days_late", lang): pd.to_numeric(d["days_late"], errors="coerce").astype("Int64"),
    })
    return fig, table


# ---------------------------------------------------------------- data quality

def dataset_line(meta: dict, data_dir, synthetic: bool, lang: str) -> str:
    """What was loaded; the server's data folder only when given (data_dir=None: the data owner's only)."""
    if synthetic:
        return t("dq_synthetic", lang, g=meta.get("generator", "?"))
    return t("dq_real", lang, d=data_dir) if data_dir is not None else t("dq_real_no_path", lang)


def ignored_line(ignored: dict[str, list[str]], lang: str) -> str:
    if not ignored:
        return t("dq_ignored_none", lang)
    cols = " ; ".join(f"{code('dq_table', tb, lang)} : " + ", ".join(f"`{c}`" for c in cs)
                      for tb, cs in ignored.items())
    return t("dq_ignored", lang, cols=cols)


def load_table(summary: pd.DataFrame, lang: str, exact: bool = True, k: int = 5) -> pd.DataFrame:
    """Rows per extract. `exact=False` (every role but the data owner): the case extracts' rows are
    banded, or rows of cases - cases identified would give the number of cases left out."""
    rows = [int(v) if exact else band(int(v), max(k, 5)).replace("< ", "<" + fmt.NBSP) if tb in CASE_TABLES
            else fmt.num(v, lang) for tb, v in zip(summary["table_name"], summary["n_rows"])]
    return pd.DataFrame({
        t("col_table", lang): [code("dq_table", x, lang) for x in summary["table_name"]],
        t("col_rows", lang): pd.Series(rows, dtype="int64" if exact else "object"),
        t("col_first", lang): [_short(v, lang, "") for v in summary["first_date"]],
        t("col_last", lang): [_short(v, lang, "") for v in summary["last_date"]],
    })


def last_date(summary: pd.DataFrame) -> date | None:
    """The last date present in the data (any extract)."""
    v = pd.to_datetime(summary["last_date"]).max()
    return None if pd.isna(v) else v.date()


def last_activity(df: pd.DataFrame, ref: date | None, lang: str, partners=None) -> pd.DataFrame:
    """Per partner: last activity, activities, last case step and days since each, up to `ref`.
    `partners`: the role's partners (None = all) — the query is not scoped."""
    d = df if partners is None else df[df["partner"].isin(partners)]
    ref_ts = pd.Timestamp(ref) if ref else None

    def ago(v):
        return None if ref_ts is None or pd.isna(v) else int((ref_ts - pd.Timestamp(v)).days)
    return pd.DataFrame({
        t("col_partner", lang): [code("partner", p, lang) for p in d["partner"]],
        t("col_last_activity", lang): [_short(v, lang) for v in d["last_activity"]],
        t("col_days_activity", lang): pd.array([ago(v) for v in d["last_activity"]], dtype="Int64"),
        t("col_activities", lang): pd.to_numeric(d["activities"], errors="coerce").astype("Int64"),
        t("col_last_case_event", lang): [_short(v, lang) for v in d["last_case_event"]],
        t("col_days_case", lang): pd.array([ago(v) for v in d["last_case_event"]], dtype="Int64"),
    })


def _problem_order(codes) -> list[str]:
    """Problems are listed in the order of their French sentence, whatever the language."""
    return [i18n.dq_problem(c, "fr") for c in codes]


def issue_counts(df: pd.DataFrame, lang: str, exact: bool, k: int = 5) -> pd.DataFrame | None:
    """Rows per table × severity × problem. `exact=False` (every role but the data owner): counts of
    the case tables are banded, so that e.g. the number of cases without consent is not given exactly."""
    if df is None or df.empty:
        return None
    g = df.groupby(["table_name", "severity", "code"], sort=False).size().rename("n").reset_index()
    g["_s"] = g["severity"].map(lambda s: SEVERITY_ORDER.get(s, 9))
    g["_p"] = _problem_order(g["code"])
    g = g.sort_values(["_s", "table_name", "_p"])
    # banded counts are text: then the whole column is text (a table column holds one type)
    n = [int(v) if exact else band(int(v), max(k, 5)).replace("< ", "<" + fmt.NBSP) if tb in CASE_TABLES
         else fmt.num(v, lang) for tb, v in zip(g["table_name"], g["n"])]
    return pd.DataFrame({
        t("col_severity", lang): [code("dq_severity", s, lang) for s in g["severity"]],
        t("col_table", lang): [code("dq_table", x, lang) for x in g["table_name"]],
        t("col_problem", lang): [i18n.dq_problem(c, lang) for c in g["code"]],
        t("col_n_rows", lang): pd.Series(n, dtype="object"),
    })


def issue_rows(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every flagged row with its key — for the data owner only."""
    d = df.copy()
    d["_s"] = d["severity"].map(lambda s: SEVERITY_ORDER.get(s, 9))
    d["_p"] = _problem_order(d["code"])
    d = d.sort_values(["_s", "table_name", "_p", "row_key"])
    return pd.DataFrame({
        t("col_severity", lang): [code("dq_severity", s, lang) for s in d["severity"]],
        t("col_table", lang): [code("dq_table", x, lang) for x in d["table_name"]],
        t("col_key", lang): d["row_key"], t("col_problem", lang): [i18n.dq_problem(c, lang) for c in d["code"]],
        t("col_detail", lang): [i18n.dq_detail(r, lang) for r in d.to_dict("records")],
    })
