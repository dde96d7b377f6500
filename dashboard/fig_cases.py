"""Figures and tables of the case page (Prise en charge): the query results of queries.case_* shaped
into plotly figures and the tables behind them. How hidden counts are written and the bars laid out:
dashboard/fig_protected.py; map inputs (map_localities, countries of origin): dashboard/fig_map.py.

Every builder takes the query frame as it comes (hidden small cells as NA with a
`<col>_hidden` flag), the language and `k` (the small-cell threshold of the role) and
returns `(figure, table)`, or None when there is nothing to draw. Hidden cells are written
« < 5 », never drawn as 0, and carry no percentage.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from queries import contract
from queries.protect import threshold

from . import fmt, palette, style
from .fig_protected import (NBSP2, as_number, count_text, frame_layout, grouped_bars, hidden_flag, hidden_labels,
                            hidden_text, pct_cell, sex_series, table_cell)
from .i18n import code, t


# Age groups: ordered light to dark (dashboard/palette.py).
AGE_COLORS = palette.AGE_COLORS
STAGE_ORDER = contract.STAGES


def all_hidden(funnel: pd.DataFrame) -> bool:
    """True when small-cell protection hid the whole cohort (fewer than k cases identified)."""
    return bool(hidden_flag(funnel, "n").iloc[0]) if len(funnel) else False


def cohort_size(funnel: pd.DataFrame) -> float:
    return as_number(funnel["n"].iloc[0]) if len(funnel) else 0.0


# ------------------------------------------------------------------ funnel

@style.cached_figure
def funnel(df: pd.DataFrame, lang: str, k: int = 0):
    """The cohort as horizontal bars, identification at the top, with the share kept from
    identification and from the previous stage written beside each bar."""
    if df is None or df.empty:
        return None
    d = df.sort_values("stage_order").reset_index(drop=True)
    hid = _flags(d, "n_hidden")
    few, other = hidden_text(threshold(k)), t("hidden_other", lang)
    lab = [None if not h else few if s else other for h, s in zip(hid, _flags(d, "n_small"))]
    labels = [code("stage", s, lang) for s in d["stage"].tolist()]
    n = d["n"].tolist()
    texts, hovers = [], []
    for i, (v, si, sp) in enumerate(zip(n, d["share_identified"].tolist(), d["share_previous"].tolist())):
        parts = [count_text(v, lab[i], lang)]
        if i > 0 and pd.notna(si):
            parts.append(t("share_ident", lang, p=fmt.pct(si, lang, 0)))
        if i > 0 and pd.notna(sp):
            parts.append(t("share_prev", lang, p=fmt.pct(sp, lang, 0)))
        texts.append(" · ".join(parts))
        hovers.append(f"<b>{labels[i]}</b><br>" + "<br>".join(parts))
    x = [None if h else as_number(v) for v, h in zip(n, hid)]
    vmax = max([v for v in x if v is not None] or [1]) or 1
    fig = style.figure([
        dict(type="bar", y=labels, x=x, orientation="h", marker=dict(color=style.ACCENT), text=[""] * len(d),
             customdata=hovers, hovertemplate="%{customdata}<extra></extra>", showlegend=False),
        # the text column sits right of the bars, in its own scatter so it never gets squeezed inside a bar
        dict(type="scatter", y=labels, x=[v if v is not None else 0 for v in x], mode="text",
             text=[NBSP2 + s for s in texts], textposition="middle right", textfont=dict(color=palette.INK),
             hoverinfo="skip", showlegend=False, cliponaxis=False)],
        style.merged(frame_layout(lang, t("fig_funnel", lang), height=340, legend=False), dict(
            xaxis=dict(range=[0, vmax * 2.1], tickformat=",d", showgrid=True, showticklabels=False),
            yaxis=dict(categoryorder="array", categoryarray=list(reversed(labels)), automargin=True))))
    table = pd.DataFrame({
        t("col_stage", lang): labels,
        t("col_cases", lang): [table_cell(v, x) for v, x in zip(n, lab)],
        t("col_share_ident", lang): [pct_cell(v) for v in d["share_identified"]],
        t("col_share_prev", lang): [pct_cell(v) for v in d["share_previous"]],
    })
    return fig, table


def _sure_from_totals(d: pd.DataFrame, totals: pd.DataFrame | None, k: int) -> pd.Series:
    """Hidden cells of a stage known to be small: the stage's total (from the overall funnel) minus
    its shown cells leaves less than k for one cell, every other hidden cell counting at least 1."""
    if totals is None or totals.empty:
        return pd.Series(False, index=d.index)
    tot = totals.set_index("stage")["n"].where(~hidden_flag(totals, "n").to_numpy()).astype("Float64")
    hid = hidden_flag(d, "n")
    shown = pd.to_numeric(d["n"], errors="coerce").where(~hid, 0).fillna(0)
    rest = d["stage"].map(tot).astype("Float64") - shown.groupby(d["stage"]).transform("sum")
    m = hid.groupby(d["stage"]).transform("sum")
    return (hid & (rest - (m - 1) < k).fillna(False)).astype(bool)


def _texts(values) -> np.ndarray:
    """A text column for grouped_bars as a frame's column would give it: an object array (not numpy's fixed-width
    strings), so that the figure's JSON is the same."""
    return np.array(values, dtype=object)


@style.cached_figure
def funnel_by(df: pd.DataFrame, by: str, lang: str, k: int = 0, totals: pd.DataFrame | None = None):
    """Cases at each stage by sex or by age group (grouped bars; shares in the hover). `totals`: the
    overall funnel, to tell which hidden cells are surely small."""
    if df is None or df.empty:
        return None
    d = df.reset_index(drop=True)
    if by == "sex":
        series, kind, col = sex_series(lang), "sex_child", t("col_sex", lang)
    else:
        series = [(g, code("age_group", g, lang), AGE_COLORS[g]) for g in contract.AGE_GROUPS]
        kind, col = "age_group", t("col_age", lang)
    hid = _flags(d, "n_hidden")
    # known small: the query's flag, else worked out from the totals (hidden_labels)
    sure = (_flags(d, "n_small") if "n_small" in d else _sure_from_totals(d, totals, threshold(k)).tolist())
    few, other = hidden_text(threshold(k)), t("hidden_other", lang)
    labels = [None if not h else few if s else other for h, s in zip(hid, sure)]
    n, groups = d["n"].tolist(), d[by].tolist()
    share_id, share_prev = d["share_identified"].tolist(), d["share_previous"].tolist()
    cats_of = [code("stage", s, lang) for s in d["stage"].tolist()]
    hovers = [
        f"<b>{code(kind, s, lang)} — {c}</b><br>{count_text(v, x, lang)}"
        + ("" if pd.isna(si) or o == 1 else "<br>" + t("share_ident", lang, p=fmt.pct(si, lang, 0)))
        + ("" if pd.isna(sp) else "<br>" + t("share_prev", lang, p=fmt.pct(sp, lang, 0)))
        for s, c, v, x, si, sp, o in zip(groups, cats_of, n, labels, share_id, share_prev, d["stage_order"].tolist())]
    # the bars' columns (grouped_bars: cat, series, value, hidden, label, hover), as a frame would give them
    rows = {"label": _texts(labels), "cat": _texts(cats_of), "series": _texts(groups),
            "hidden": np.array(hid, dtype=bool),
            "value": np.array([np.nan if h else as_number(v) for v, h in zip(n, hid)], dtype="float64"),
            "hover": _texts(hovers)}
    cats = [code("stage", s, lang) for s in STAGE_ORDER]
    title = t("fig_funnel_sex" if by == "sex" else "fig_funnel_age", lang)
    fig = grouped_bars(rows, series, cats, lang, title, k)
    table = pd.DataFrame({
        t("col_stage", lang): cats_of, col: [code(kind, s, lang) for s in groups],
        t("col_cases", lang): [table_cell(v, x) for v, x in zip(n, labels)],
        t("col_share_ident", lang): [pct_cell(v) for v in share_id],
        t("col_share_prev", lang): [pct_cell(v) for v in share_prev],
    })
    return fig, table


# ------------------------------------------------------------------ delays

@style.cached_figure
def delays(summary: pd.DataFrame, lang: str, k: int = 0):
    """Median days of each step as a bar, the middle half of the cases (1st to 3rd quartile) as a line."""
    if summary is None or summary.empty or summary["n"].sum() == 0:
        return None
    d = summary.sort_values("step_order").reset_index(drop=True)
    cat = [f"{code('stage', a, lang)} → {code('stage', b, lang)}"
           for a, b in zip(d["from_stage"].tolist(), d["to_stage"].tolist())]
    protected = k and k > 1
    n = d["n"].tolist()
    few, cases = t("cases_fewer_than", lang, k=threshold(k)), t("col_cases", lang).lower()
    n_text = [few if (protected and v == 0) else f"{fmt.num(v, lang)} {cases}" for v in n]
    med, p25, p75 = (d[c].to_numpy(dtype="float64", na_value=np.nan) for c in ("median", "p25", "p75"))
    has = ~np.isnan(med)

    def days(v):
        return fmt.num(v, lang, 0 if float(v).is_integer() else 1)
    # min and max are one child's delay each: the data owner's only (queries/api.py)
    if protected:
        hover = [t("delay_hover_q", lang, n=x, m=days(m), a=days(a), b=days(b)) if h else x
                 for x, m, a, b, h in zip(n_text, med, p25, p75, has)]
    else:
        hover = [t("delay_hover", lang, n=x, m=days(m), a=days(a), b=days(b), lo=days(lo), hi=days(hi)) if h else x
                 for x, m, a, b, lo, hi, h in zip(n_text, med, p25, p75, d["min"].tolist(), d["max"].tolist(), has)]
    p75_0 = np.where(np.isnan(p75), 0.0, p75)
    xmax = float(np.nanmax(p75_0)) or 1.0
    labels = [NBSP2 + (t("days_short", lang, d=days(m)) if h else x) for m, x, h in zip(med, n_text, has)]
    A = style.array
    cats = np.array(cat, dtype=object)
    fig = style.figure([
        dict(type="bar", y=A(cats), x=A(med), orientation="h", marker=dict(color=style.ACCENT),
             opacity=0.85, error_x=dict(type="data", symmetric=False, array=A(np.clip(p75 - med, 0, None)),
                                        arrayminus=A(np.clip(med - p25, 0, None)), color=style.TARGET,
                                        thickness=2, width=6),
             customdata=[f"<b>{c}</b><br>{h}" for c, h in zip(cat, hover)],
             hovertemplate="%{customdata}<extra></extra>", showlegend=False),
        dict(type="scatter", y=A(cats), x=A(p75_0), mode="text", text=labels,
             textposition="middle right", hoverinfo="skip", showlegend=False, cliponaxis=False)],
        style.merged(frame_layout(lang, t("fig_delays", lang), height=360, legend=False,
                                  subtitle=t("fig_delays_sub", lang)), dict(
            xaxis=dict(range=[0, xmax * 1.3], tickformat=",d", title=dict(text=t("days", lang))),
            yaxis=dict(categoryorder="array", categoryarray=list(reversed(cat)), automargin=True))))
    table = pd.DataFrame({
        t("col_step", lang): cat,
        t("col_cases", lang): [hidden_text(threshold(k)) if (protected and v == 0) else int(v) for v in n],
        t("col_median", lang): d["median"], t("col_p25", lang): d["p25"], t("col_p75", lang): d["p75"],
    })
    if not protected:
        table[t("col_min", lang)], table[t("col_max", lang)] = d["min"], d["max"]
    return fig, table


# ------------------------------------------------------------- by category

def _flags(df: pd.DataFrame, name: str) -> list[bool]:
    """A flag column as plain booleans (NA and an absent column: False), as hidden_flag reads it."""
    c = df.get(name)
    if c is None:
        return [False] * len(df)
    return [False if _na_none(x) is None else bool(x) for x in c.tolist()]


def _add(a: float, b: float) -> float:
    """a + b skipping NaN (NaN when both are): sum(min_count=1) of two."""
    return b if a != a else a if b != b else a + b


def _collapsed(df: pd.DataFrame, cat: str, col: str):
    """One row per (category, sex) in the order of their first row (groupby sort=False): the sum of the
    counts (NaN when every count is missing, or when a part is hidden: a hidden part hides the sum), hidden
    when a part is, « known small » when its one row is. Plain Python: these frames have a few rows each."""
    at: dict = {}
    keys, sexes, v, h, s, n_rows = [], [], [], [], [], []
    small = _flags(df, col + "_small")
    for c, x, n, hid, sm in zip(df[cat].tolist(), df["sex"].tolist(), df[col].tolist(), _flags(df, col + "_hidden"),
                                small):
        c, x = _na_none(c), _na_none(x)
        n = np.nan if _na_none(n) is None else float(n)
        i = at.get((c, x))
        if i is None:
            at[(c, x)] = len(keys)
            keys.append(c)
            sexes.append(x)
            v.append(n)
            h.append(hid)
            s.append(sm)
            n_rows.append(1)
        else:
            v[i] = _add(v[i], n)
            h[i] = h[i] or hid
            s[i] = s[i] and sm
            n_rows[i] += 1
    v = [np.nan if hid else x for x, hid in zip(v, h)]
    s = [x and m == 1 for x, m in zip(s, n_rows)]
    return keys, sexes, v, h, s


def _na_none(x):
    return None if x is None or x is pd.NA or (isinstance(x, float) and x != x) else x


def by_sex(df: pd.DataFrame, cat: str, col: str, kind: str, title_key: str, lang: str, k: int = 0,
           order: tuple[str, ...] | None = None):
    """Cases by a category (service, nationality, referral source, reinsertion type) and sex."""
    if df is None or df.empty:
        return None
    keys, sexes, v, h, s = _collapsed(df, cat, col)
    if not any(h) and sum(x for x in v if x == x) == 0:
        return None
    present = set(keys)
    if order is None:  # largest first, ties in the categories' order
        tot: dict = {}
        for c, x in zip(keys, v):
            if c is not None:
                tot[c] = _add(tot.get(c, np.nan), x)
        order = sorted(sorted(tot), key=lambda c: -(tot[c] if tot[c] == tot[c] else 0.0))
    order = [c for c in order if c in present]
    cats_of = [code(kind, c, lang) for c in keys]
    few = hidden_text(threshold(k))
    labels = [None if not hid else few if sm else t("hidden_other", lang) for hid, sm in zip(h, s)]
    hovers = [f"<b>{c}</b><br>{code('sex_child', x, lang)} : {count_text(n, lab, lang)}"
              for c, x, n, lab in zip(cats_of, sexes, v, labels)]
    rows = {"cat": _texts(cats_of), "series": _texts(sexes), "value": np.array(v, dtype="float64"),  # grouped_bars'
            "hidden": np.array(h, dtype=bool), "label": _texts(labels), "hover": _texts(hovers)}
    cats = [code(kind, c, lang) for c in order]
    fig = grouped_bars(rows, sex_series(lang), cats, lang, t(title_key, lang), k)
    # the table: by category in the figure's order, then by sex (unknown ones last, ties as they come).
    # case_breakdown's category column is called « value »: the frame's « value » column, overwritten by the
    # counts, was what this sort read, so its tables are by sex, then as the query gave them — kept as it was.
    rank = {c: i for i, c in enumerate(order)}
    srank = {x: i for i, x in enumerate(style.SEX_ORDER)}
    last = len(order) + len(srank)
    if cat == "value":
        perm = sorted(range(len(keys)), key=lambda i: srank.get(sexes[i], last))
    else:
        perm = sorted(range(len(keys)), key=lambda i: (rank.get(keys[i], last), srank.get(sexes[i], last)))
    table = pd.DataFrame({
        t("col_value", lang): pd.Series([cats_of[i] for i in perm], dtype="str",
                                         index=pd.RangeIndex(len(keys)).take(perm)),   # (the rows' index, taken)
        t("col_sex", lang): [code("sex_child", sexes[i], lang) for i in perm],
        t("col_cases", lang): [table_cell(v[i], labels[i]) for i in perm],
    })
    return fig, table


# dimension of case_breakdown -> (code kind, title key, category order; None = largest first)
BREAKDOWNS = {
    "nationality": ("nationality", "fig_nationality", None),
    "referral_source": ("referral_source", "fig_referral", None),
    "exploitation": ("exploitation", "fig_exploitation", contract.EXPLOITATIONS),
    "reinsertion_type": ("reinsertion_type", "fig_reinsertion", contract.REINSERTION_TYPES),
}


@style.cached_figure
def breakdown(df: pd.DataFrame, dimension: str, lang: str, k: int = 0):
    """case_breakdown(dimension) as cases by category and sex."""
    kind, title_key, order = BREAKDOWNS[dimension]
    return by_sex(df, "value", "n", kind, title_key, lang, k, order=order)


@style.cached_figure
def services(df: pd.DataFrame, lang: str, k: int = 0):
    out = by_sex(df, "service", "cases", "service", "fig_services", lang, k)
    if out is None:
        return None
    fig, table = out
    table = table.rename(columns={t("col_value", lang): t("col_service", lang)})
    return fig, table


# ---------------------------------------------------------------- left out, stalled

def left_out_line(d: dict, lang: str) -> str:
    """The sentence on cases without consent: exact for the data owner (they are in the view),
    banded for everyone else (they are left out)."""
    if not d.get("left_out") and d.get("n") is not None:
        return t("left_out_owner", lang, n=d["n"]) if d["n"] else t("left_out_none", lang)
    if not d.get("left_out"):
        return t("left_out_none", lang)
    return t("left_out_consent", lang, band=str(d["text"]).replace("< ", "<" + fmt.NBSP))


@style.cached_figure       # a table, cached as the figures are: per (stalled cases, language), in this process
def stalled_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The owner's follow-up list, labelled."""
    return pd.DataFrame({
        t("col_case", lang): df["case_id"],
        t("col_site", lang): [code("locality_short", s, lang) for s in df["site_id"]],
        t("col_partner", lang): [code("partner", p, lang) for p in df["partner"]],
        t("col_last_stage", lang): [code("stage", s, lang) for s in df["last_stage"]],
        t("col_last_date", lang): [fmt.short_date(v, lang) for v in df["last_date"]],
        t("col_days_without", lang): df["days_without_step"].astype("int64"),
    })


def stalled_count(df: pd.DataFrame, days: int, lang: str, k: int = 0) -> str:
    """For roles other than the owner: how many stalled cases per site, « < 5 » when hidden."""
    if df is None or df.empty:
        return t("stalled_none", lang, d=days)
    if "n" not in df:  # a scope without small-cell protection returns the list: count it, show no code
        df = df.groupby("site_id").size().rename("n").reset_index()
    d = df.reset_index(drop=True)
    lab = hidden_labels(d, "n", lang, k)
    sites = [f"{code('locality_short', s, lang)} {count_text(n, x, lang)}"
             for s, n, x in zip(d["site_id"], d["n"], lab)]
    return t("stalled_count", lang, d=days, sites=", ".join(sites))
