"""Figures and tables of the « Vue d'ensemble » page: key-indicator cards, the logframe table with a
status per indicator, progress curves with the straight-line target trajectory and a projection.

Status rule (shown on the page as `ov_status_rule`):
- no value (null, or hidden by small-cell protection)               -> "na"       sans donnée
- value >= target                                                   -> "ok"       atteint
- rate (%): value / target          >= 90 % -> "on_track", >= 60 % -> "behind", else "off"
- count: value / expected           >= 90 % -> "on_track", >= 60 % -> "behind", else "off"
  where expected = target x (days from the period start to the period end) / (days of the project);
  period start = the filter's start (project start if none), period end = the filter's end (project
  end if none), never after the project end nor after today. On the whole project, expected = target.
Targets are the whole project's; under a sex filter a count with a sex target (pe_trained: 24 F / 24 M)
is compared with that target.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from queries import CASE_INDICATORS, Filters, contract

from . import charts, fmt, i18n
from .i18n import code, t

TEXT = {
    "ov_question": ("Où en est le projet par rapport à son cadre logique ?",
                    "Where does the project stand against its logframe?"),
    "ov_key": ("Indicateurs clés", "Key indicators"),
    "ov_logframe": ("Cadre logique : tous les indicateurs", "Logframe: every indicator"),
    "ov_progress": ("Progression dans le temps", "Progress over time"),
    "ov_choose": ("Indicateur", "Indicator"),
    "ov_of_target": ("{pct} de la cible", "{pct} of the target"),
    "ov_target_is": ("Cible\u00a0: {target}", "Target: {target}"),
    "ov_fm": ("F\u00a0{f} · M\u00a0{m}", "F\u00a0{f} · M\u00a0{m}"),
    "ov_nr": (" · n.r.\u00a0{n}", " · n.r.\u00a0{n}"),
    "ov_fm_help": ("F : filles / femmes ; M : garçons / hommes ; n.r. : sexe non renseigné.",
                   "F: girls / women; M: boys / men; n.r.: sex not recorded."),
    "ov_hidden_rate": ("n < {k}", "n < {k}"),
    "ov_status_rule": (
        "**Statut** — {ok} : valeur ≥ cible. Taux (%) : comparés directement à la cible — {on_track} ≥ 90 %, "
        "{behind} ≥ 60 %, sinon {off}. Effectifs : comparés à la trajectoire en ligne droite de la cible "
        "(avril 2020 → décembre 2022) à la fin de la période affichée ({expected}\u00a0% de la cible attendus au "
        "{end}) — {on_track} ≥ 90 % de la trajectoire, {behind} ≥ 60 %, sinon {off}. {na} : aucune valeur "
        "(taux sans dénominateur, effectif masqué). Les cibles sont celles de tout le projet : sous un filtre "
        "de commune ou de partenaire, le statut se lit comme un ordre de grandeur.",
        "**Status** — {ok}: value ≥ target. Rates (%): compared with the target directly — {on_track} ≥ 90%, "
        "{behind} ≥ 60%, otherwise {off}. Counts: compared with the straight-line target trajectory "
        "(April 2020 → December 2022) at the end of the period shown ({expected}% of the target expected by "
        "{end}) — {on_track} ≥ 90% of the trajectory, {behind} ≥ 60%, otherwise {off}. {na}: no value "
        "(rate without denominator, hidden count). Targets are for the whole project: under a commune or "
        "partner filter, read the status as an order of magnitude."),
    "ov_col_baseline": ("Réf.", "Baseline"),
    "ov_col_baseline_help": ("Situation de référence (début du projet)", "Baseline (start of the project)"),
    "ov_col_pct_help": ("Valeur en % de la cible (barre pleine = cible atteinte)",
                        "Value as % of the target (full bar = target met)"),
    "ov_objective_col": ("Objectif spécifique", "Specific objective"),
    "ov_curve_title": ("{label} : valeur cumulée, trajectoire de la cible et projection",
                       "{label}: cumulative value, target trajectory and projection"),
    "ov_actual": ("Réalisé (cumul)", "Achieved (cumulative)"),
    "ov_trajectory": ("Trajectoire de la cible", "Target trajectory"),
    "ov_projection": ("Projection au rythme actuel", "Projection at the current pace"),
    "ov_target_line": ("Cible : {target}", "Target: {target}"),
    "ov_proj_note": (
        "Trajectoire (pointillés) : la cible répartie en ligne droite d'avril 2020 à décembre 2022 (sur une "
        "période partielle, à partir du début de la période). Projection (tirets) : gain mensuel moyen des "
        "{k} derniers mois jusqu'à {as_of} ({pace} par mois), supposé constant jusqu'au 31 décembre 2022 : "
        "{end_value} attendus, pour une cible de {target}.",
        "Trajectory (dotted): the target spread in a straight line from April 2020 to December 2022 (on a "
        "partial period, from the start of the period). Projection (dashed): average monthly gain of the last "
        "{k} months up to {as_of} ({pace} a month), assumed constant until 31 December 2022: {end_value} "
        "expected, against a target of {target}."),
    "ov_no_proj": (
        "Trajectoire (pointillés) : la cible répartie en ligne droite d'avril 2020 à décembre 2022 (sur une "
        "période partielle, à partir du début de la période). Pas de projection : les données vont jusqu'à la "
        "fin du projet.",
        "Trajectory (dotted): the target spread in a straight line from April 2020 to December 2022 (on a "
        "partial period, from the start of the period). No projection: the data run to the end of the "
        "project."),
    "ov_hover_proj": ("Projection : gain moyen des {k} derniers mois ({pace}/mois) prolongé",
                      "Projection: average gain of the last {k} months ({pace}/month) carried on"),
    "ov_months_short": ("janv.|févr.|mars|avr.|mai|juin|juil.|août|sept.|oct.|nov.|déc.",
                        "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"),
    "ov_card_pe_trained": ("Pairs éducateurs formés", "Peer educators trained"),
    "ov_card_children_life_skills": ("Enfants formés (focus groups)", "Children trained (focus groups)"),
    "ov_card_focus_groups": ("Focus groups animés", "Focus groups held"),
    "ov_card_people_rights": ("Sensibilisés (causeries)", "Sensitised (talks)"),
    "ov_card_people_ccpe_campaigns": ("Touchés par les CCPE", "Reached by the CCPE"),
    "ov_card_cases_identified": ("Victimes identifiées", "Victims identified"),
    "ov_card_returned_rate": ("Retour en famille (%)", "Returned to family (%)"),
    "ov_card_reinsertion_rate": ("Réinsertion (%)", "Reinsertion (%)"),
}
i18n.TEXT.update(TEXT)
COLON = {"fr": "\u00a0: ", "en": ": "}   # French puts a (non-breaking) space before the colon

KEY_INDICATORS = ("pe_trained", "children_life_skills", "focus_groups", "people_rights",
                  "people_ccpe_campaigns", "cases_identified", "returned_rate", "reinsertion_rate")
STATUSES = ("ok", "on_track", "behind", "off", "na")
P0, P1 = date.fromisoformat(contract.PROJECT_START), date.fromisoformat(contract.PROJECT_END)
PROJECT_DAYS = (P1 - P0).days + 1
PACE_MONTHS = 6


def _na(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))


# ------------------------------------------------------------------ status rule

def period_end(filters: Filters, today: date | None = None) -> date:
    """The date the trajectory is read at: the period's end, never after the project end or today."""
    return min(filters.end or P1, P1, today or fmt.today())


def expected_share(filters: Filters, on: date) -> float:
    """Share of a target expected by `on` on the straight line, counting from the period start."""
    start = max(filters.start or P0, P0)
    return max(0, (min(on, P1) - start).days + 1) / PROJECT_DAYS


def target_for(row, filters: Filters) -> float:
    """The project target, or the sex target (target_female / target_male) under a sex filter."""
    col = {"F": "target_female", "M": "target_male"}.get(filters.sex or "")
    if col and col in row and not _na(row[col]):
        return float(row[col])
    return float(row["target"])


def status(value, target: float, unit: str, share: float) -> str:
    if _na(value) or not target:
        return "na"
    value = float(value)
    if value >= target:
        return "ok"
    expected = target if unit == "percent" else target * share
    if expected <= 0:
        return "na"
    r = value / expected
    return "on_track" if r >= 0.9 else "behind" if r >= 0.6 else "off"


def assess(ind: pd.DataFrame, filters: Filters, today: date | None = None) -> pd.DataFrame:
    """indicators() + eff_target, pct (of eff_target) and status."""
    share = expected_share(filters, period_end(filters, today))
    df = ind.copy()
    df["eff_target"] = [target_for(r, filters) for _, r in df.iterrows()]
    val = pd.to_numeric(df["value"], errors="coerce").astype("float64")
    df["pct"] = (100 * val / df["eff_target"]).where(df["eff_target"] > 0)
    df["status"] = [status(v, tg, u, share) for v, tg, u in zip(val, df["eff_target"], df["unit"])]
    return df


def rule_text(filters: Filters, lang: str, today: date | None = None) -> str:
    end = period_end(filters, today)
    st_ = {s: code("status", s, lang) for s in STATUSES}
    return t("ov_status_rule", lang, expected=fmt.num(100 * expected_share(filters, end), lang),
             end=fmt.day(end, lang), **st_)


# ------------------------------------------------------------------- text cells

def value_text(row, lang: str, k: int = 5, col: str = "value") -> str:
    v = row[col]
    if col == "value" and bool(row.get("hidden", False)):
        return t("ov_hidden_rate", lang, k=k) if row["unit"] == "percent" else fmt.count_or_hidden(None, True, lang, k)
    if _na(v):
        if col != "value" and row["id"] in CASE_INDICATORS and not _na(row["value"]):
            # girls or boys: 0 to k-1 cases (queries/protect.py), or a rate on fewer than k
            return t("ov_hidden_rate", lang, k=k) if row["unit"] == "percent" else fmt.count_or_hidden(None, True, lang, k)
        return "—"
    return fmt.pct(v, lang, 1) if row["unit"] == "percent" else fmt.num(v, lang)


def target_text(row, lang: str) -> str:
    return fmt.pct(row["eff_target"], lang, 0) if row["unit"] == "percent" else fmt.num(row["eff_target"], lang)


def fm_text(row, lang: str, k: int = 5) -> str:
    if row["unit"] == "count" and _na(row["female"]) and _na(row["male"]) and row["id"] not in CASE_INDICATORS:
        return ""  # activities and milestones have no sex
    s = t("ov_fm", lang, f=value_text(row, lang, k, "female"), m=value_text(row, lang, k, "male"))
    nr = row.get("sex_unknown")
    if not _na(nr) and nr > 0:
        s += t("ov_nr", lang, n=fmt.num(nr, lang))
    return s


# ------------------------------------------------------------------------ cards

def cards(ind: pd.DataFrame, lang: str, k: int = 5) -> list[dict]:
    """One dict per key indicator: label, value, delta (% of target), status, F/M line, help."""
    df = ind.set_index("id", drop=False)
    out = []
    for iid in KEY_INDICATORS:
        r = df.loc[iid]
        pct = "—" if _na(r["pct"]) else fmt.pct(r["pct"], lang, 1)
        out.append(dict(
            id=iid, label=t(f"ov_card_{iid}", lang), value=value_text(r, lang, k),
            delta=t("ov_of_target", lang, pct=pct), target=t("ov_target_is", lang, target=target_text(r, lang)),
            status=r["status"], status_label=code("status", r["status"], lang),
            color=charts.STATUS_COLORS[r["status"]], fm=fm_text(r, lang, k),
            help=i18n.indicator(iid, lang) + "  \n" + t("ov_fm_help", lang)))
    return out


def badge_html(color: str, label: str) -> str:
    """A status pill: black text on the status colour (readable on every colour of STATUS_COLORS)."""
    return (f'<span style="background:{color};color:#000;border-radius:0.8em;padding:0.1em 0.6em;'
            f'font-size:0.9rem;white-space:nowrap">{label}</span>')


# --------------------------------------------------------------- logframe table

@charts.cached_figure
def logframe_table(ind: pd.DataFrame, lang: str, k: int = 5) -> pd.DataFrame:
    """One row per indicator, display text in cells, pct numeric (for a progress bar)."""
    rows = []
    for _, r in ind.sort_values("order").iterrows():
        rows.append(dict(objective=r["objective"], result=r["result"], id=r["id"],
                         indicator=i18n.indicator(r["id"], lang),
                         baseline=(fmt.pct(r["baseline"], lang, 0) if r["unit"] == "percent"
                                   else fmt.num(r["baseline"], lang)),
                         target=target_text(r, lang), value=value_text(r, lang, k),
                         pct=None if _na(r["pct"]) else round(float(r["pct"]), 1),
                         female=value_text(r, lang, k, "female"), male=value_text(r, lang, k, "male"),
                         status=code("status", r["status"], lang), status_code=r["status"]))
    return pd.DataFrame(rows)


@charts.cached_figure
def logframe_csv(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table as downloaded: objective and result labels, translated headers."""
    out = table.assign(objective=table["objective"].map(lambda c: i18n.result_label(c, lang)),
                       result=table["result"].map(lambda c: i18n.result_label(c, lang)))
    cols = {"objective": t("ov_objective_col", lang), "result": t("result", lang), "id": "id",
            "indicator": t("indicator", lang), "baseline": t("baseline", lang), "target": t("target", lang),
            "value": t("value", lang), "pct": t("pct_target", lang), "female": t("female", lang),
            "male": t("male", lang), "status": t("status", lang)}
    return out[list(cols)].rename(columns=cols)


BAR_COLOR = "#CFCFCF"   # neutral: blue would read as the « en bonne voie » status colour
# fixed widths (em) so that the six result tables line up; the indicator column takes the rest
WIDTHS = {"baseline": 3, "target": 4.5, "value": 4.5, "pct": 7.5, "female": 4.5, "male": 4.5, "status": 8}


def styled(rows: pd.DataFrame, lang: str):
    """The rows of one result as shown (st.table): translated headers, % of target as a bar, status colour."""
    cols = {"indicator": t("indicator", lang), "baseline": t("ov_col_baseline", lang), "target": t("target", lang),
            "value": t("value", lang), "pct": t("pct_target", lang), "female": "F", "male": "M",
            "status": t("status", lang)}
    df = rows[list(cols)].rename(columns=cols).reset_index(drop=True)
    colors = list(rows["status_code"].map(charts.STATUS_COLORS))
    pct, stat = cols["pct"], cols["status"]
    right = {c for c in cols.values() if c not in (cols["indicator"], stat)}
    width = {cols[c]: f"width: {w}em; min-width: {w}em; max-width: {w}em" for c, w in WIDTHS.items()}

    def css(frame: pd.DataFrame) -> pd.DataFrame:
        # every cell's style in one pass: nine set_properties mapped the cells nine times
        out = pd.DataFrame({c: "; ".join(p for p in ("text-align: right; white-space: nowrap" if c in right else "",
                                                          "white-space: nowrap" if c == stat else "", width.get(c, ""))
                                         if p) for c in frame.columns}, index=frame.index)
        out[stat] = [f"background-color: {c}; color: #000; " + out[stat].iloc[0] for c in colors]
        return out
    return (df.style.hide(axis="index")
            .format({pct: lambda v: fmt.pct(v, lang, 0)}, na_rep="—")
            .bar(subset=[pct], vmin=0, vmax=100, color=BAR_COLOR, height=70, width=100)
            .apply(css, axis=None))


# -------------------------------------------------------------- progress curves

def count_options(ind: pd.DataFrame) -> list[str]:
    return list(ind.loc[ind["unit"] == "count"].sort_values("order")["id"])


def as_of_month(monthly: pd.DataFrame):
    """The last month in which any indicator grew under the filters (the data's « as of »); None if none."""
    if monthly is None or monthly.empty:
        return None
    g = monthly.sort_values(["id", "month"]).assign(v=pd.to_numeric(monthly["value"], errors="coerce").fillna(0))
    grew = g.groupby("id")["v"].diff().fillna(g["v"]) > 0
    return None if not grew.any() else pd.Timestamp(g.loc[grew, "month"].max())


def _month_range(a: pd.Timestamp, b: pd.Timestamp) -> pd.DatetimeIndex:
    return pd.date_range(a, b, freq="MS")


@charts.cached_figure
def progress(monthly: pd.DataFrame, ind: pd.DataFrame, iid: str, filters: Filters, lang: str):
    """(figure, table, note) of one count indicator's cumulative curve; None when the filters leave no data."""
    as_of = as_of_month(monthly)
    if as_of is None:
        return None
    row = ind.set_index("id").loc[iid]
    target = target_for(row, filters)
    m = monthly[monthly["id"] == iid].sort_values("month").reset_index(drop=True)
    m["month"] = pd.to_datetime(m["month"])
    m["value"] = pd.to_numeric(m["value"], errors="coerce").astype("float64")
    last = max(m["month"].max(), pd.Timestamp(P1.replace(day=1)))
    months = _month_range(m["month"].min(), last)
    tab = pd.DataFrame({"month": months})
    tab["month_end"] = tab["month"] + pd.offsets.MonthEnd(0)
    tab["trajectory"] = [round(target * expected_share(filters, d.date()), 1) for d in tab["month_end"]]
    tab = tab.merge(m[["month", "value"]], on="month", how="left")
    tab.loc[tab["month"] > as_of, "value"] = np.nan
    tab["projection"] = np.nan
    i = tab.index[tab["month"] == as_of]
    k, pace = 0, None
    if len(i) and as_of < tab["month"].max() and not np.isnan(tab.loc[i[0], "value"]):
        i = int(i[0])
        k = min(PACE_MONTHS, i + 1)
        prev = tab.loc[i - k, "value"] if i - k >= 0 else 0.0
        pace = (tab.loc[i, "value"] - (0.0 if np.isnan(prev) else prev)) / k
        after = tab.index >= i
        tab.loc[after, "projection"] = (tab.loc[i, "value"] + pace * (tab.index[after] - i)).round(1)
    labels = [fmt.month(d, lang) for d in tab["month_end"]]
    hover = "%{customdata}<br>{name}" + COLON[lang] + "%{y:,.0f}<extra></extra>"
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=tab["month_end"], y=tab["trajectory"], name=t("ov_trajectory", lang), mode="lines",
                             line=dict(color=charts.TARGET, dash="dot", width=2), customdata=labels,
                             hovertemplate=hover.replace("{name}", t("ov_trajectory", lang))))
    fig.add_trace(go.Scatter(x=tab["month_end"], y=tab["value"], name=t("ov_actual", lang), mode="lines",
                             line=dict(color=charts.ACCENT, width=3), customdata=labels,
                             hovertemplate=hover.replace("{name}", t("ov_actual", lang))))
    if pace is not None:
        hov = t("ov_hover_proj", lang, k=k, pace=fmt.num(pace, lang, 1))
        fig.add_trace(go.Scatter(x=tab["month_end"], y=tab["projection"], name=t("ov_projection", lang), mode="lines",
                                 line=dict(color=charts.ACCENT, dash="dash", width=2), customdata=labels,
                                 hovertemplate=hover.replace("{name}", hov)))
    fig.add_hline(y=target, line=dict(color=charts.TARGET, width=1),
                  annotation_text=t("ov_target_line", lang, target=fmt.num(target, lang)),
                  annotation_position="top left", annotation_font_color=charts.TARGET)
    short = t("ov_months_short", lang).split("|")
    ticks = [d for d in tab["month_end"] if d.month in (6, 12)]
    fig.update_xaxes(tickvals=ticks, ticktext=[f"{short[d.month - 1]} {d.year}" for d in ticks])
    fig.update_yaxes(rangemode="tozero", tickformat=",d")
    charts.layout(fig, lang, t("ov_curve_title", lang, label=i18n.indicator(iid, lang)), height=400)
    fig.update_layout(legend=dict(y=-0.15, yanchor="top", x=0, xanchor="left"), margin=dict(b=40))
    if pace is None:
        note = t("ov_no_proj", lang)
    else:
        note = t("ov_proj_note", lang, k=k, as_of=fmt.month(as_of, lang), pace=fmt.num(pace, lang, 1),
                 end_value=fmt.num(tab["projection"].iloc[-1], lang), target=fmt.num(target, lang))
    table = tab[["month_end", "value", "trajectory", "projection"]].rename(columns={
        "month_end": t("month", lang), "value": t("ov_actual", lang), "trajectory": t("ov_trajectory", lang),
        "projection": t("ov_projection", lang)})
    table[t("month", lang)] = table[t("month", lang)].dt.date
    return fig, table, note



def metric_card(label: str, value: str, delta: str | None, help_: str) -> None:
    """st.metric whose label wraps (a metric's own label is cut with « … » in a narrow column)."""
    import streamlit as st
    st.markdown(f"**{label}**", help=help_)
    st.metric(label, value, delta, delta_color="off", delta_arrow="off", label_visibility="collapsed")
