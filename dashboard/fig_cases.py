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
    hid = hidden_flag(d, "n")
    lab = hidden_labels(d, "n", lang, k)
    labels = [code("stage", s, lang) for s in d["stage"]]
    texts, hovers = [], []
    for i, r in d.iterrows():
        parts = [count_text(r["n"], lab[i], lang)]
        if i > 0 and pd.notna(r["share_identified"]):
            parts.append(t("share_ident", lang, p=fmt.pct(r["share_identified"], lang, 0)))
        if i > 0 and pd.notna(r["share_previous"]):
            parts.append(t("share_prev", lang, p=fmt.pct(r["share_previous"], lang, 0)))
        texts.append(" · ".join(parts))
        hovers.append(f"<b>{labels[i]}</b><br>" + "<br>".join(parts))
    x = [None if h else as_number(v) for v, h in zip(d["n"], hid)]
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
        t("col_cases", lang): [table_cell(v, x) for v, x in zip(d["n"], lab)],
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


@style.cached_figure
def funnel_by(df: pd.DataFrame, by: str, lang: str, k: int = 0, totals: pd.DataFrame | None = None):
    """Cases at each stage by sex or by age group (grouped bars; shares in the hover). `totals`: the
    overall funnel, to tell which hidden cells are surely small."""
    if df is None or df.empty:
        return None
    d = df.reset_index(drop=True)
    hid = hidden_flag(d, "n")
    if by == "sex":
        series, kind, col = sex_series(lang), "sex_child", t("col_sex", lang)
    else:
        series = [(g, code("age_group", g, lang), AGE_COLORS[g]) for g in contract.AGE_GROUPS]
        kind, col = "age_group", t("col_age", lang)
    # the bars' rows in one frame (grouped_bars: cat, series, value, hidden, label, hover)
    rows = pd.DataFrame({"label": hidden_labels(d, "n", lang, k, _sure_from_totals(d, totals, threshold(k))),
                         "cat": [code("stage", s, lang) for s in d["stage"]], "series": d[by],
                         "hidden": hid.to_numpy(),
                         "value": [np.nan if h else as_number(v) for v, h in zip(d["n"], hid)]})
    rows["hover"] = [
        f"<b>{code(kind, s, lang)} — {c}</b><br>{count_text(n, x, lang)}"
        + ("" if pd.isna(si) or o == 1 else "<br>" + t("share_ident", lang, p=fmt.pct(si, lang, 0)))
        + ("" if pd.isna(sp) else "<br>" + t("share_prev", lang, p=fmt.pct(sp, lang, 0)))
        for s, c, n, x, si, sp, o in zip(d[by], rows["cat"], d["n"], rows["label"], d["share_identified"],
                                         d["share_previous"], d["stage_order"])]
    cats = [code("stage", s, lang) for s in STAGE_ORDER]
    title = t("fig_funnel_sex" if by == "sex" else "fig_funnel_age", lang)
    fig = grouped_bars(rows, series, cats, lang, title, k)
    table = pd.DataFrame({
        t("col_stage", lang): rows["cat"], col: [code(kind, s, lang) for s in d[by]],
        t("col_cases", lang): [table_cell(v, x) for v, x in zip(d["n"], rows["label"])],
        t("col_share_ident", lang): [pct_cell(v) for v in d["share_identified"]],
        t("col_share_prev", lang): [pct_cell(v) for v in d["share_previous"]],
    })
    return fig, table


# ------------------------------------------------------------------ delays

@style.cached_figure
def delays(summary: pd.DataFrame, lang: str, k: int = 0):
    """Median days of each step as a bar, the middle half of the cases (1st to 3rd quartile) as a line."""
    if summary is None or summary.empty or summary["n"].sum() == 0:
        return None
    d = summary.sort_values("step_order").reset_index(drop=True)
    d["cat"] = [f"{code('stage', a, lang)} → {code('stage', b, lang)}"
                for a, b in zip(d["from_stage"], d["to_stage"])]
    protected = k and k > 1
    d["n_text"] = [t("cases_fewer_than", lang, k=threshold(k)) if (protected and n == 0) else
                   f"{fmt.num(n, lang)} {t('col_cases', lang).lower()}" for n in d["n"]]
    has = d["median"].notna()

    def days(v):
        return fmt.num(v, lang, 0 if float(v).is_integer() else 1)
    # min and max are one child's delay each: the data owner's only (queries/api.py)
    hover = [(t("delay_hover_q", lang, n=r.n_text, m=days(r.median), a=days(r.p25), b=days(r.p75)) if protected else
              t("delay_hover", lang, n=r.n_text, m=days(r.median), a=days(r.p25), b=days(r.p75), lo=days(r.min),
                hi=days(r.max))) if h else r.n_text for r, h in zip(d.itertuples(), has)]
    xmax = float(np.nanmax(d["p75"].fillna(0).to_numpy())) or 1.0
    labels = [NBSP2 + (t("days_short", lang, d=days(m)) if h else n)
              for m, n, h in zip(d["median"], d["n_text"], has)]
    A = style.array
    fig = style.figure([
        dict(type="bar", y=A(d["cat"]), x=A(d["median"]), orientation="h", marker=dict(color=style.ACCENT),
             opacity=0.85, error_x=dict(type="data", symmetric=False, array=A((d["p75"] - d["median"]).clip(lower=0)),
                                        arrayminus=A((d["median"] - d["p25"]).clip(lower=0)), color=style.TARGET,
                                        thickness=2, width=6),
             customdata=[f"<b>{c}</b><br>{h}" for c, h in zip(d["cat"], hover)],
             hovertemplate="%{customdata}<extra></extra>", showlegend=False),
        dict(type="scatter", y=A(d["cat"]), x=A(d["p75"].fillna(0)), mode="text", text=labels,
             textposition="middle right", hoverinfo="skip", showlegend=False, cliponaxis=False)],
        style.merged(frame_layout(lang, t("fig_delays", lang), height=360, legend=False,
                                  subtitle=t("fig_delays_sub", lang)), dict(
            xaxis=dict(range=[0, xmax * 1.3], tickformat=",d", title=dict(text=t("days", lang))),
            yaxis=dict(categoryorder="array", categoryarray=list(reversed(d["cat"])), automargin=True))))
    table = pd.DataFrame({
        t("col_step", lang): d["cat"],
        t("col_cases", lang): [hidden_text(threshold(k)) if (protected and n == 0) else int(n) for n in d["n"]],
        t("col_median", lang): d["median"], t("col_p25", lang): d["p25"], t("col_p75", lang): d["p75"],
    })
    if not protected:
        table[t("col_min", lang)], table[t("col_max", lang)] = d["min"], d["max"]
    return fig, table


# ------------------------------------------------------------- by category

def _collapse(df: pd.DataFrame, cat: str, col: str) -> pd.DataFrame:
    """One row per (category, sex): a hidden part hides the sum."""
    small = col + "_small" in df
    d = pd.DataFrame({cat: df[cat], "sex": df["sex"], "v": pd.to_numeric(df[col], errors="coerce"),
                      "h": hidden_flag(df, col),
                      "s": df[col + "_small"].astype("boolean").fillna(False) if small else False})
    gb = d.groupby([cat, "sex"], dropna=False, sort=False)      # built-in aggregations: no Python per group
    g = pd.DataFrame({"v": gb["v"].sum(min_count=1), "h": gb["h"].any(), "n_rows": gb.size(),
                      "s": gb["s"].all()}).reset_index()
    g.loc[g["h"], "v"] = np.nan
    g[col + "_hidden"] = g["h"]
    if small:
        g[col + "_small"] = g["s"] & (g["n_rows"] == 1)
    return g


def by_sex(df: pd.DataFrame, cat: str, col: str, kind: str, title_key: str, lang: str, k: int = 0,
           order: tuple[str, ...] | None = None):
    """Cases by a category (service, nationality, referral source, reinsertion type) and sex."""
    if df is None or df.empty:
        return None
    g = _collapse(df, cat, col)
    if not g["h"].any() and pd.to_numeric(g["v"]).fillna(0).sum() == 0:
        return None
    if order is None:  # largest first
        tot = g.groupby(cat)["v"].sum(min_count=1).fillna(0)
        order = tuple(tot.sort_values(ascending=False, kind="stable").index)
    keys, sexes = g[cat].tolist(), g["sex"].tolist()
    order = [c for c in order if c in set(keys)]
    cats_of = [code(kind, c, lang) for c in keys]
    labels = hidden_labels(g, col, lang, k)
    hovers = [f"<b>{c}</b><br>{code('sex_child', s, lang)} : {count_text(v, x, lang)}"
              for c, s, v, x in zip(cats_of, sexes, g["v"], labels)]
    rows = pd.DataFrame({"cat": cats_of, "series": g["sex"], "value": g["v"], "hidden": g["h"], "label": labels,
                         "hover": hovers})
    cats = [code(kind, c, lang) for c in order]
    fig = grouped_bars(rows, sex_series(lang), cats, lang, t(title_key, lang), k)
    # the table: by category in the figure's order, then by sex (unknown ones last, ties as they come).
    # case_breakdown's category column is called « value »: the frame's « value » column, overwritten by the
    # counts, was what this sort read, so its tables are by sex, then as the query gave them — kept as it was.
    okeys = g["v"].tolist() if cat == "value" else keys
    rank = {c: i for i, c in enumerate(order)}
    srank = {s: i for i, s in enumerate(style.SEX_ORDER)}
    last = len(order) + len(srank)
    perm = sorted(range(len(g)), key=lambda i: (rank.get(okeys[i], last), srank.get(sexes[i], last)))
    table = pd.DataFrame({
        t("col_value", lang): rows["cat"].take(perm),
        t("col_sex", lang): [code("sex_child", sexes[i], lang) for i in perm],
        t("col_cases", lang): [table_cell(v, x) for v, x in zip(g["v"].take(perm), [labels[i] for i in perm])],
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
