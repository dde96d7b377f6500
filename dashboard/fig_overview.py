"""Figures and tables of the « Vue d'ensemble » page: key-indicator cards, the logframe table with a
status per indicator, progress curves with the target trajectory and a projection.

Targets and statuses come from the query layer (`indicators()`: queries/targets.py, queries/status.py),
so that every surface shows the same ones; this module only words them (`rule_text`, `status_notes`, `consent_note`).
"""
from __future__ import annotations

from html import escape
import threading
import weakref

import numpy as np
import pandas as pd

from queries import CASE_INDICATORS, calendar
from queries.status import STATUSES

from . import fmt, i18n, style
from . import fig_cases as fc
from .i18n import code, t

COLON = {"fr": "\u00a0: ", "en": ": "}   # French puts a (non-breaking) space before the colon

KEY_INDICATORS = ("pe_trained", "children_life_skills", "focus_groups", "people_rights",
                  "people_ccpe_campaigns", "cases_identified", "returned_rate", "reinsertion_rate")
P1 = calendar.PROJECT_END
PACE_MONTHS = 6


def _na(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))


# the columns of indicators() that the overview's words and tables read
_COLUMNS = ("id", "order", "objective", "result", "unit", "baseline", "target", "value", "female", "male",
            "sex_unknown", "hidden", "project_target", "status", "status_from", "step_days", "pct_of_target",
            "share_of_project", "asof")
_LAST = threading.local()


def records(ind: pd.DataFrame) -> dict[str, dict]:
    """indicators()'s rows as plain dicts by id, in the frame's order, read once per frame (per thread): the
    cards, the notes, the options and the logframe table read the same ~20 rows; pandas' row access (a Series
    per row, `to_dict` of 40 columns: ~4 ms) cost more than their own work on a first-time view (issue 16)."""
    last = getattr(_LAST, "v", None)
    if last is not None and last[0]() is ind:
        return last[1]
    cols = [c for c in _COLUMNS if c in ind.columns]
    recs = {r["id"]: r for r in (dict(zip(cols, vals)) for vals in zip(*(ind[c].tolist() for c in cols)))}
    _LAST.v = (weakref.ref(ind), recs)
    return recs


def _by_order(recs: dict[str, dict]) -> list[dict]:
    return sorted(recs.values(), key=lambda r: r["order"])


# ------------------------------------------------------------------ status rule

def rule_text(ind: pd.DataFrame, lang: str) -> str:
    """The status rule in words, with the view's as-of date and the project's median delays."""
    r = records(ind)
    asof = next(iter(r.values()))["asof"]
    days = {c: r[i]["step_days"] for c, i in (("care", "cases_in_care"), ("back", "cases_returned"),
                                               ("reins", "cases_reinserted"))}
    delays = t("ov_delays", lang, **{c: "—" if _na(v) else t("ov_days", lang, n=int(v)) for c, v in days.items()})
    return t("ov_status_rule", lang, asof=fmt.day(asof, lang), delays=delays,
             **{s: code("status", s, lang) for s in STATUSES})


def consent_note(left_out: dict, lang: str) -> str:
    """The one line on cases without consent to reporting (queries.case_left_out), the same on the overview,
    the slides and the reports: banded for the roles whose totals leave them out, exact for the data owner
    whose totals include them; empty when there are none."""
    if not left_out.get("left_out") and not left_out.get("n"):
        return ""
    return fc.left_out_line(left_out, lang).replace("**", "")       # plain text: HTML and workbooks too


def status_notes(ind: pd.DataFrame, lang: str) -> str:
    """The sentences « too recent » statuses carry: the median delay and the date from which each reads."""
    groups: dict[tuple, list[str]] = {}      # (median delay, date it reads from) in the order first met
    for r in _by_order(records(ind)):
        if r["status"] == "too_recent" and not (_na(r["step_days"]) or _na(r["status_from"])):
            groups.setdefault((r["step_days"], r["status_from"]), []).append(r["id"])
    return " ".join(t("ov_too_recent", lang, label=", ".join(i18n.indicator_short(i, lang) for i in ids),
                      days=int(days), date=fmt.day(ready, lang))
                    for (days, ready), ids in groups.items())


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


def target_text(row, lang: str, col: str = "target") -> str:
    """The view's target (« — » when none belongs to the view), or another target column."""
    return fmt.pct(row[col], lang, 0) if row["unit"] == "percent" else fmt.num(row[col], lang)


def share_text(row, lang: str, with_target: bool = False) -> str:
    """« 84,0 % de la cible » — or, where no target belongs to the view, « 49,3 % de la cible du projet »:
    a share of a target, always said to be one, never in a value's place (with_target: « … (1 200) »)."""
    if _na(row["target"]):
        s = t("ov_of_project", lang, pct=fmt.pct(row["share_of_project"], lang, 1))
        return s + (t("ov_of_n", lang, target=target_text(row, lang, "project_target")) if with_target else "")
    s = t("ov_of_target", lang, pct=fmt.pct(row["pct_of_target"], lang, 1))
    return s + (t("ov_of_n", lang, target=target_text(row, lang)) if with_target else "")


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
    recs = records(ind)
    out = []
    for iid in KEY_INDICATORS:
        r = recs[iid]
        # no target for the view: no share in the delta (cut short in a narrow card), the share of the
        # project's target in the caption, said to be one
        none = _na(r["target"])
        target = share_text(r, lang, with_target=True) if none else t("ov_target_is", lang, target=target_text(r, lang))
        out.append(dict(
            id=iid, label=t(f"ov_card_{iid}", lang), value=value_text(r, lang, k),
            delta=None if none else share_text(r, lang), target=target, status=r["status"], status_label=code("status", r["status"], lang),
            color=style.STATUS_COLORS[r["status"]], fm=fm_text(r, lang, k),
            help=i18n.indicator(iid, lang) + "  \n" + t("ov_fm_help", lang)))
    return out


def card_html(c: dict) -> str:
    """One key-indicator card (a dict of cards()) as one HTML element: the name with its help (hover or keyboard
    focus), the value with its share of the target, the status pill, the target and F/M line. Every text is
    escaped. The card's explorer link is Streamlit's page link beside it (charts.CARDS_CSS lays them out:
    the pill and the link on one line, the target line last). One element instead of a label, a metric, a
    badge and a caption: a quarter of the overview's elements were the cards' (issue 16)."""
    delta = f'<span class="kgDelta">{escape(c["delta"])}</span>' if c["delta"] else ""
    note = c["target"] + (" · " + c["fm"] if c["fm"] else "")
    help_ = escape(c["help"].replace("  \n", "\n"))
    return (f'<div class="kgCard" data-card="{escape(c["id"])}">'
            f'<div class="kgCardLabel"><strong>{escape(c["label"])}</strong>'
            f'<span class="kgHelp" tabindex="0" role="img" aria-label="{help_}" data-help="{help_}"></span></div>'
            f'<div class="kgCardValue"><span class="kgValue">{escape(c["value"])}</span>{delta}</div>'
            f'<div class="kgCardStatus"><span class="kgPill" style="background:{escape(c["color"])}">'
            f'{escape(c["status_label"])}</span></div>'
            f'<div class="kgCardNote">{escape(note)}</div></div>')


# --------------------------------------------------------------- logframe table

@style.cached_figure
def logframe_table(ind: pd.DataFrame, lang: str, k: int = 5) -> pd.DataFrame:
    """One row per indicator, display text in cells, pct numeric (for a progress bar)."""
    rows = []
    for r in _by_order(records(ind)):
        rows.append(dict(objective=r["objective"], result=r["result"], id=r["id"],
                         indicator=i18n.indicator(r["id"], lang),
                         baseline=(fmt.pct(r["baseline"], lang, 0) if r["unit"] == "percent"
                                   else fmt.num(r["baseline"], lang)),
                         target=target_text(r, lang), value=value_text(r, lang, k),
                         pct=None if _na(r["pct_of_target"]) else round(float(r["pct_of_target"]), 1),
                         female=value_text(r, lang, k, "female"), male=value_text(r, lang, k, "male"),
                         status=code("status", r["status"], lang), status_code=r["status"]))
    return pd.DataFrame(rows)


@style.cached_figure
def logframe_groups(table: pd.DataFrame) -> list[tuple[str, list[tuple[str, pd.DataFrame]]]]:
    """The logframe table's rows by specific objective, then by expected result, in the logframe's order:
    [(objective, [(result, rows), …]), …]; shared (dashboard/kept.py), each result's rows known by identity
    (charts.static_table keys its HTML on them without hashing them)."""
    return [(os_code, list(os_rows.groupby("result", sort=False)))
            for os_code, os_rows in table.groupby("objective", sort=False)]


@style.cached_figure
def logframe_csv(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table as downloaded: objective and result labels, translated headers."""
    out = table.assign(objective=table["objective"].map(lambda c: i18n.result_label(c, lang)),
                       result=table["result"].map(lambda c: i18n.result_label(c, lang)))
    cols = {"objective": t("ov_objective_col", lang), "result": t("result", lang), "id": "id",
            "indicator": t("indicator", lang), "baseline": t("baseline", lang), "target": t("target", lang),
            "value": t("value", lang), "pct": t("pct_target", lang), "female": t("female", lang),
            "male": t("male", lang), "status": t("status", lang)}
    return out[list(cols)].rename(columns=cols)


BAR_COLOR = style.palette.NEUTRAL_BAR   # neutral: a status colour would read as a status
# fixed widths (em) so that the six result tables line up; the indicator column takes the rest
WIDTHS = {"baseline": 3, "target": 4.5, "value": 4.5, "pct": 7.5, "female": 4.5, "male": 4.5, "status": 8}


def _table_frame(rows: pd.DataFrame, lang: str):
    """(frame with translated headers, {column: the CSS of its cells}, pct header, status header)."""
    cols = {"indicator": t("indicator", lang), "baseline": t("ov_col_baseline", lang), "target": t("target", lang),
            "value": t("value", lang), "pct": t("pct_target", lang), "female": "F", "male": "M",
            "status": t("status", lang)}
    # no target in the whole result: pct None, which .bar() cannot draw: float64
    df = pd.DataFrame({v: rows[c].to_numpy("float64") if c == "pct" else rows[c].array for c, v in cols.items()})
    pct, stat = cols["pct"], cols["status"]
    right = {c for c in cols.values() if c not in (cols["indicator"], stat)}
    width = {cols[c]: f"width: {w}em; min-width: {w}em; max-width: {w}em" for c, w in WIDTHS.items()}
    base = {c: "; ".join(p for p in ("text-align: right; white-space: nowrap" if c in right else "",
                                     "white-space: nowrap" if c == stat else "", width.get(c, "")) if p)
            for c in df.columns}
    return df, base, pct, stat


def table_cells(rows: pd.DataFrame, lang: str) -> style.TableCells:
    """The rows of one result as shown (HTML, charts.static_table): translated headers, % of target as a bar,
    status colour — what `styled` draws, the same text and the same CSS in every cell (tests/test_static_table.py
    compares them), written directly instead of through pandas' Styler (~30 ms a table, issue 16)."""
    df, base, pct, stat = _table_frame(rows, lang)
    n = len(df)
    css = {c: [base[c]] * n for c in df.columns}
    css[stat] = [f"background-color: {style.STATUS_COLORS[c]}; color: #000; " + base[stat] for c in rows["status_code"]]
    bars = []
    for v in df[pct]:        # Styler.bar(vmin=0, vmax=100, height=70, width=100): a gradient up to the value
        end = 0.0 if pd.isna(v) else (min(max(float(v), 0.0), 100.0) - 0) / (100 - 0) * 1.0
        bars.append("width: 10em" + (f"; background: linear-gradient(90deg, {BAR_COLOR} {end * 100:.1f}%, transparent "
                                     f"{end * 100:.1f}%) no-repeat center; background-size: 100% {0.7 * 100:.1f}%"
                                     if end > 0 else ""))
    css[pct] = [b + "; " + base[pct] for b in bars]
    display = {c: [f"{x:.6f}" if isinstance(x, float) else str(x) for x in df[c].tolist()] for c in df.columns}
    display[pct] = ["—" if pd.isna(v) else fmt.pct(v, lang, 0) for v in df[pct]]
    return style.TableCells(df, display, css)


def styled(rows: pd.DataFrame, lang: str):
    """`table_cells` through pandas' Styler (the reference it is tested against)."""
    df, base, pct, stat = _table_frame(rows, lang)
    colors = list(rows["status_code"].map(style.STATUS_COLORS))

    def css(frame: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame({c: base[c] for c in frame.columns}, index=frame.index)
        out[stat] = [f"background-color: {c}; color: #000; " + base[stat] for c in colors]
        return out
    return (df.style.hide(axis="index")
            .format({pct: lambda v: fmt.pct(v, lang, 0)}, na_rep="—")
            .bar(subset=[pct], vmin=0, vmax=100, color=BAR_COLOR, height=70, width=100)
            .apply(css, axis=None))


# -------------------------------------------------------------- progress curves

def count_options(ind: pd.DataFrame) -> list[str]:
    return [r["id"] for r in _by_order(records(ind)) if r["unit"] == "count"]


def _growth_months(monthly: pd.DataFrame):
    """(indicator codes, months, values) of indicator_monthly as numpy arrays, by indicator then month."""
    ids = pd.factorize(monthly["id"], sort=True)[0]             # codes: no Python string per row
    months = monthly["month"].to_numpy("datetime64[us]")
    values = pd.to_numeric(monthly["value"], errors="coerce").to_numpy("float64", na_value=np.nan)
    order = np.lexsort((months, ids))
    return ids[order], months[order], values[order]


def as_of_month(monthly: pd.DataFrame):
    """The last month in which any indicator grew under the filters (the data's « as of »); None if none."""
    if monthly is None or monthly.empty:
        return None
    ids, months, v = _growth_months(monthly)
    v = np.nan_to_num(v, nan=0.0)
    first = np.ones(len(ids), bool)
    first[1:] = ids[1:] != ids[:-1]
    grew = np.where(first, v, v - np.roll(v, 1)) > 0        # each indicator's growth month by month
    return None if not grew.any() else pd.Timestamp(months[grew].max())


def _month_range(a: pd.Timestamp, b: pd.Timestamp) -> pd.DatetimeIndex:
    return pd.date_range(a, b, freq="MS")


@style.cached_figure
def progress(monthly: pd.DataFrame, ind: pd.DataFrame, iid: str, lang: str):
    """(figure, table, note) of one count indicator's cumulative curve; None when the filters leave no data.
    Plain numpy on the indicator's months (a first-time view of the overview draws one: issue 16)."""
    as_of = as_of_month(monthly)
    if as_of is None:
        return None
    row = records(ind)[iid]
    target = None if _na(row["target"]) else float(row["target"])
    mine = (monthly["id"] == iid).to_numpy(bool)
    mm = monthly["month"].to_numpy("datetime64[us]")[mine]
    mv = pd.to_numeric(monthly["value"], errors="coerce").to_numpy("float64", na_value=np.nan)[mine]
    mt = monthly["trajectory"].to_numpy("float64", na_value=np.nan)[mine]
    last = max(pd.Timestamp(mm.max()), pd.Timestamp(P1.replace(day=1)))
    month = _month_range(pd.Timestamp(mm.min()), last)
    month_end = pd.Series(month + pd.offsets.MonthEnd(0))
    at = {m: i for i, m in enumerate(mm.astype("datetime64[us]").view("int64").tolist())}
    pos = [at.get(m, -1) for m in month.as_unit("us").asi8.tolist()]       # the left join on the month
    known = np.array([p >= 0 for p in pos], bool)
    idx = np.array([max(p, 0) for p in pos], int)
    value = np.where(known, mv[idx] if len(mv) else np.nan, np.nan)
    trajectory = np.where(known, mt[idx] if len(mt) else np.nan, np.nan)
    stamps = month.as_unit("us").asi8
    as_of_i = int(pd.Timestamp(as_of).as_unit("us").asm8.view("int64"))
    value[stamps > as_of_i] = np.nan
    projection = np.full(len(month), np.nan)
    hit = np.flatnonzero(stamps == as_of_i)
    k, pace = 0, None
    if len(hit) and as_of_i < stamps.max() and not np.isnan(value[hit[0]]):
        i = int(hit[0])
        k = min(PACE_MONTHS, i + 1)
        prev = value[i - k] if i - k >= 0 else 0.0
        pace = (value[i] - (0.0 if np.isnan(prev) else prev)) / k
        after = np.arange(len(month)) >= i
        projection[after] = np.round(value[i] + pace * (np.arange(len(month))[after] - i), 1)
    labels = [fmt.month(d, lang) for d in month_end]
    hover = "%{customdata}<br>{name}" + COLON[lang] + "%{y:,.0f}<extra></extra>"
    x = style.array(month_end)

    def line(y, name, hov, **ln):
        return dict(type="scatter", x=x, y=style.array(y), name=name, mode="lines", line=ln, customdata=labels,
                    hovertemplate=hover.replace("{name}", hov))
    traces = []
    if target is not None:
        traces.append(line(trajectory, t("ov_trajectory", lang), t("ov_trajectory", lang),
                           color=style.TARGET, dash="dot", width=2))
    traces.append(line(value, t("ov_actual", lang), t("ov_actual", lang), color=style.ACCENT, width=3))
    if pace is not None:
        traces.append(line(projection, t("ov_projection", lang),
                           t("ov_hover_proj", lang, k=k, pace=fmt.num(pace, lang, 1)),
                           color=style.ACCENT, dash="dash", width=2))
    short = t("ov_months_short", lang).split("|")
    ticks = [d for d in month_end if d.month in (6, 12)]
    extra = dict(xaxis=dict(tickvals=ticks, ticktext=[f"{short[d.month - 1]} {d.year}" for d in ticks]),
                 yaxis=dict(rangemode="tozero", tickformat=",d"),
                 legend=dict(y=-0.15, yanchor="top", x=0, xanchor="left"), margin=dict(b=40))
    if target is not None:       # what add_hline wrote: the target as a line across the plot, labelled
        extra["shapes"] = [dict(line=dict(color=style.TARGET, width=1), type="line", x0=0, x1=1, xref="x domain",
                                y0=target, y1=target, yref="y")]
        extra["annotations"] = [dict(font=dict(color=style.TARGET), showarrow=False,
                                     text=t("ov_target_line", lang, target=fmt.num(target, lang)), x=0,
                                     xanchor="left", xref="x domain", y=target, yanchor="bottom", yref="y")]
    fig = style.figure(traces, style.merged(
        style.layout_dict(lang, t("ov_curve_title", lang, label=i18n.indicator(iid, lang)), height=400), extra))
    if pace is None:
        note = t("ov_no_proj", lang)
    else:
        note = t("ov_proj_note", lang, k=k, as_of=fmt.month(as_of, lang), pace=fmt.num(pace, lang, 1),
                 end_value=fmt.num(projection[-1], lang), target=fmt.num(target, lang))
    if target is None:
        note = t("ov_no_target_curve", lang) + " " + note.split(". ", 1)[-1]
    table = pd.DataFrame({t("month", lang): month_end.dt.date.to_numpy(), t("ov_actual", lang): value,
                          t("ov_trajectory", lang): trajectory, t("ov_projection", lang): projection})
    return fig, table, note
