"""Figures and tables of the case pages (Prise en charge, Carte): the query results of
queries.case_* and map_localities shaped into plotly figures, map inputs and the tables behind them.

Every builder takes the query frame as it comes (hidden small cells as NA with a
`<col>_hidden` flag), the language and `k` (the small-cell threshold of the role) and
returns `(figure, table)`, or None when there is nothing to draw. Hidden cells are written
« < 5 », never drawn as 0, and carry no percentage.
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from queries import contract

from . import charts, fmt
from .i18n import code, t


# Age groups: ordered light to dark (Okabe-Ito sky blue, blue, reddish purple, grey).
AGE_COLORS = {"<12": "#56B4E9", "12-14": "#0072B2", "15-17": "#CC79A7", "18+": "#8C8C8C"}
STAGE_ORDER = contract.STAGES


# ------------------------------------------------------------------ helpers

# Streamlit's own web font is called "Source Sans": name it first so the charts use the page's font.
FONT = '"Source Sans", ' + charts.FONT


def frame(fig: go.Figure, lang: str, title: str, height: int, legend: bool = True,
          subtitle: str | None = None) -> go.Figure:
    """charts.layout, with the title (and an optional subtitle) at the top left and the legend on its
    own line under it, so that neither covers the other in a half-width column."""
    charts.layout(fig, lang, title, height=height, legend=legend)
    top = 48 + (22 if subtitle else 0) + (30 if legend else 0)
    fig.update_layout(
        font=dict(family=FONT), hoverlabel=dict(font=dict(family=FONT)),
        title=dict(text=title, x=0, xanchor="left", xref="container", y=1, yanchor="top", yref="container",
                   pad=dict(t=12, l=6), font=dict(family=FONT, size=17),
                   subtitle=dict(text=subtitle, font=dict(family=FONT, size=13, color="#555555"))
                   if subtitle else None),
        legend=dict(orientation="h", x=0, xanchor="left", xref="container", y=1.0, yanchor="bottom",
                    traceorder="normal", font=dict(size=13)),
        margin=dict(t=top))
    return fig


NBSP2 = fmt.NBSP * 2  # a little air between a bar and its label


def hidden_text(k: int) -> str:
    return f"<{fmt.NBSP}{k}"


def _k(k: int) -> int:
    return k if k and k > 1 else 5


def _flag(df: pd.DataFrame, col: str) -> pd.Series:
    """The `<col>_hidden` flag as plain booleans (False where the column is absent or NA)."""
    h = df.get(col + "_hidden")
    if h is None:
        return pd.Series(False, index=df.index)
    return h.astype("boolean").fillna(False).astype(bool)


def _num(v) -> float:
    return np.nan if v is None or pd.isna(v) else float(v)


def hidden_labels(df: pd.DataFrame, col: str, lang: str, k: int, sure=None) -> list[str | None]:
    """What to write for each row of `col`: None when shown; « < 5 » for a hidden count known to be
    0..k-1 (queries/protect.py); « masqué » for a hidden cell that adds up several hidden counts (a
    country's girls and boys), which « < 5 » would misstate. Known small: the `<col>_small` flag of
    the query layer, else `sure` (worked out by the caller)."""
    hid = _flag(df, col)
    flag = df.get(col + "_small")
    if flag is not None:
        sure = flag.astype("boolean").fillna(False).astype(bool)
    elif sure is None:
        sure = pd.Series(False, index=df.index)
    sure = list(sure)
    return [None if not h else (hidden_text(_k(k)) if s else t("hidden_other", lang)) for h, s in zip(hid, sure)]


def _cell(v, label: str | None):
    """A table cell: the count as an int, or what protection lets us write."""
    if isinstance(label, str):
        return label
    return None if pd.isna(v) else int(v)


def _pct_cell(v):
    return None if v is None or pd.isna(v) else round(float(v), 1)


def _count_text(v, label: str | None, lang: str) -> str:
    return label if isinstance(label, str) else fmt.num(v, lang)


def all_hidden(funnel: pd.DataFrame) -> bool:
    """True when small-cell protection hid the whole cohort (fewer than k cases identified)."""
    return bool(_flag(funnel, "n").iloc[0]) if len(funnel) else False


def cohort_size(funnel: pd.DataFrame) -> float:
    return _num(funnel["n"].iloc[0]) if len(funnel) else 0.0


def _bars(rows: pd.DataFrame, series: list[tuple[str, str, str]], cats: list[str], lang: str, title: str,
          k: int, height: int | None = None) -> go.Figure:
    """Grouped horizontal bars. `rows`: cat (label), series (code), value (NaN when hidden), hidden,
    label (« < 5 » / « masqué » when hidden), hover. `series`: (code, legend label, colour). Hidden cells
    get their label at 0 (a text trace aligned with its bar), never a bar of 0."""
    fig = go.Figure()
    present = [s for s in series if (rows["series"] == s[0]).any()]
    # horizontal groups stack their bars from the bottom: add the last series first so that the
    # first one (girls / the youngest) sits on top, and list the legend in reverse to match
    for scode, label, color in reversed(present):
        d = rows[rows["series"] == scode]
        vis, hid = d[~d["hidden"]], d[d["hidden"]]
        fig.add_trace(go.Bar(
            y=vis["cat"], x=vis["value"], orientation="h", name=label, marker_color=color,
            text=[fmt.num(v, lang) for v in vis["value"]], textposition="outside", cliponaxis=False,
            constraintext="none", textfont=dict(size=12, color="#333333"),
            customdata=vis["hover"], hovertemplate="%{customdata}<extra></extra>", offsetgroup=scode,
            legendgroup=scode))
        if len(hid):
            fig.add_trace(go.Scatter(
                y=hid["cat"], x=[0] * len(hid), orientation="h", mode="text", text=list(hid["label"]),
                textposition="middle right", textfont=dict(size=12, color="#333333"), customdata=hid["hover"],
                hovertemplate="%{customdata}<extra></extra>", offsetgroup=scode, legendgroup=scode,
                showlegend=False, cliponaxis=False))
    n_bars = max(1, len(cats) * max(1, len(present)))
    # the legend is written under the title (a plotly legend wraps over the title in a narrow column)
    frame(fig, lang, title, height=height or max(260, 110 + 22 * n_bars), legend=False,
          subtitle=legend_line([(label, color) for _, label, color in present]) if len(present) > 1 else None)
    vmax = pd.to_numeric(rows["value"], errors="coerce").max()
    vmax = 1 if pd.isna(vmax) or vmax <= 0 else vmax
    fig.update_layout(barmode="group", scattermode="group", bargap=0.25, bargroupgap=0.05,
                      legend_traceorder="reversed")
    fig.update_xaxes(range=[0, vmax * 1.15], tickformat=",d", showgrid=True, rangemode="tozero")
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(cats)), automargin=True,
                     title=None)
    return fig


def legend_line(items: list[tuple[str, str]]) -> str:
    """A one-line legend as title text: a coloured square before each label."""
    return (fmt.NBSP * 4).join(f"<span style='color:{c}'>■</span>{fmt.NBSP}{html.escape(l)}" for l, c in items)


def _sex_series(lang: str) -> list[tuple[str, str, str]]:
    return [(s, code("sex_child", s, lang), charts.SEX_COLORS[s]) for s in charts.SEX_ORDER]


# ------------------------------------------------------------------ funnel

@charts.cached_figure
def funnel(df: pd.DataFrame, lang: str, k: int = 0):
    """The cohort as horizontal bars, identification at the top, with the share kept from
    identification and from the previous stage written beside each bar."""
    if df is None or df.empty:
        return None
    d = df.sort_values("stage_order").reset_index(drop=True)
    hid = _flag(d, "n")
    lab = hidden_labels(d, "n", lang, k)
    labels = [code("stage", s, lang) for s in d["stage"]]
    texts, hovers = [], []
    for i, r in d.iterrows():
        parts = [_count_text(r["n"], lab[i], lang)]
        if i > 0 and pd.notna(r["share_identified"]):
            parts.append(t("share_ident", lang, p=fmt.pct(r["share_identified"], lang, 0)))
        if i > 0 and pd.notna(r["share_previous"]):
            parts.append(t("share_prev", lang, p=fmt.pct(r["share_previous"], lang, 0)))
        texts.append(" · ".join(parts))
        hovers.append(f"<b>{labels[i]}</b><br>" + "<br>".join(parts))
    x = [None if h else _num(v) for v, h in zip(d["n"], hid)]
    fig = go.Figure(go.Bar(
        y=labels, x=x, orientation="h", marker_color=charts.ACCENT, text=[""] * len(d), customdata=hovers,
        hovertemplate="%{customdata}<extra></extra>", showlegend=False))
    vmax = max([v for v in x if v is not None] or [1]) or 1
    # the text column sits right of the bars, in its own scatter so it never gets squeezed inside a bar
    fig.add_trace(go.Scatter(
        y=labels, x=[v if v is not None else 0 for v in x], mode="text", text=[NBSP2 + s for s in texts],
        textposition="middle right", textfont=dict(color="#1a1a1a"), hoverinfo="skip", showlegend=False,
        cliponaxis=False))
    frame(fig, lang, t("fig_funnel", lang), height=340, legend=False)
    fig.update_xaxes(range=[0, vmax * 2.1], tickformat=",d", showgrid=True, showticklabels=False)
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)), automargin=True)
    table = pd.DataFrame({
        t("col_stage", lang): labels,
        t("col_cases", lang): [_cell(v, x) for v, x in zip(d["n"], lab)],
        t("col_share_ident", lang): [_pct_cell(v) for v in d["share_identified"]],
        t("col_share_prev", lang): [_pct_cell(v) for v in d["share_previous"]],
    })
    return fig, table


def _sure_from_totals(d: pd.DataFrame, totals: pd.DataFrame | None, k: int) -> pd.Series:
    """Hidden cells of a stage known to be small: the stage's total (from the overall funnel) minus
    its shown cells leaves less than k for one cell, every other hidden cell counting at least 1."""
    if totals is None or totals.empty:
        return pd.Series(False, index=d.index)
    tot = totals.set_index("stage")["n"].where(~_flag(totals, "n").to_numpy()).astype("Float64")
    hid = _flag(d, "n")
    shown = pd.to_numeric(d["n"], errors="coerce").where(~hid, 0).fillna(0)
    rest = d["stage"].map(tot).astype("Float64") - shown.groupby(d["stage"]).transform("sum")
    m = hid.groupby(d["stage"]).transform("sum")
    return (hid & (rest - (m - 1) < k).fillna(False)).astype(bool)


@charts.cached_figure
def funnel_by(df: pd.DataFrame, by: str, lang: str, k: int = 0, totals: pd.DataFrame | None = None):
    """Cases at each stage by sex or by age group (grouped bars; shares in the hover). `totals`: the
    overall funnel, to tell which hidden cells are surely small."""
    if df is None or df.empty:
        return None
    d = df.copy().reset_index(drop=True)
    hid = _flag(d, "n")
    d["label"] = hidden_labels(d, "n", lang, k, _sure_from_totals(d, totals, _k(k)))
    d["cat"] = [code("stage", s, lang) for s in d["stage"]]
    d["series"] = d[by]
    d["hidden"] = hid.to_numpy()
    d["value"] = [np.nan if h else _num(v) for v, h in zip(d["n"], hid)]
    if by == "sex":
        series, kind, col = _sex_series(lang), "sex_child", t("col_sex", lang)
    else:
        series = [(g, code("age_group", g, lang), AGE_COLORS[g]) for g in contract.AGE_GROUPS]
        kind, col = "age_group", t("col_age", lang)
    d["hover"] = [
        f"<b>{code(kind, s, lang)} — {c}</b><br>{_count_text(n, x, lang)}"
        + ("" if pd.isna(si) or o == 1 else "<br>" + t("share_ident", lang, p=fmt.pct(si, lang, 0)))
        + ("" if pd.isna(sp) else "<br>" + t("share_prev", lang, p=fmt.pct(sp, lang, 0)))
        for s, c, n, x, si, sp, o in zip(d[by], d["cat"], d["n"], d["label"], d["share_identified"],
                                         d["share_previous"], d["stage_order"])]
    cats = [code("stage", s, lang) for s in STAGE_ORDER]
    title = t("fig_funnel_sex" if by == "sex" else "fig_funnel_age", lang)
    fig = _bars(d, series, cats, lang, title, k)
    table = pd.DataFrame({
        t("col_stage", lang): d["cat"], col: [code(kind, s, lang) for s in d[by]],
        t("col_cases", lang): [_cell(v, x) for v, x in zip(d["n"], d["label"])],
        t("col_share_ident", lang): [_pct_cell(v) for v in d["share_identified"]],
        t("col_share_prev", lang): [_pct_cell(v) for v in d["share_previous"]],
    })
    return fig, table


# ------------------------------------------------------------------ delays

@charts.cached_figure
def delays(summary: pd.DataFrame, lang: str, k: int = 0):
    """Median days of each step as a bar, the middle half of the cases (1st to 3rd quartile) as a line."""
    if summary is None or summary.empty or summary["n"].sum() == 0:
        return None
    d = summary.sort_values("step_order").reset_index(drop=True)
    d["cat"] = [f"{code('stage', a, lang)} → {code('stage', b, lang)}"
                for a, b in zip(d["from_stage"], d["to_stage"])]
    protected = k and k > 1
    d["n_text"] = [t("cases_fewer_than", lang, k=_k(k)) if (protected and n == 0) else
                   f"{fmt.num(n, lang)} {t('col_cases', lang).lower()}" for n in d["n"]]
    has = d["median"].notna()

    def days(v):
        return fmt.num(v, lang, 0 if float(v).is_integer() else 1)
    # min and max are one child's delay each: the data owner's only (queries/api.py)
    hover = [(t("delay_hover_q", lang, n=r.n_text, m=days(r.median), a=days(r.p25), b=days(r.p75)) if protected else
              t("delay_hover", lang, n=r.n_text, m=days(r.median), a=days(r.p25), b=days(r.p75), lo=days(r.min),
                hi=days(r.max))) if h else r.n_text for r, h in zip(d.itertuples(), has)]
    fig = go.Figure(go.Bar(
        y=d["cat"], x=d["median"], orientation="h", marker_color=charts.ACCENT, opacity=0.85,
        error_x=dict(type="data", symmetric=False, array=(d["p75"] - d["median"]).clip(lower=0),
                     arrayminus=(d["median"] - d["p25"]).clip(lower=0), color=charts.TARGET, thickness=2, width=6),
        customdata=[f"<b>{c}</b><br>{h}" for c, h in zip(d["cat"], hover)],
        hovertemplate="%{customdata}<extra></extra>", showlegend=False))
    xmax = float(np.nanmax(d["p75"].fillna(0).to_numpy())) or 1.0
    labels = [NBSP2 + (t("days_short", lang, d=days(m)) if h else n)
              for m, n, h in zip(d["median"], d["n_text"], has)]
    fig.add_trace(go.Scatter(y=d["cat"], x=d["p75"].fillna(0), mode="text", text=labels, textposition="middle right",
                             hoverinfo="skip", showlegend=False, cliponaxis=False))
    frame(fig, lang, t("fig_delays", lang), height=360, legend=False, subtitle=t("fig_delays_sub", lang))
    fig.update_xaxes(range=[0, xmax * 1.3], tickformat=",d", title=t("days", lang))
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(d["cat"])), automargin=True)
    table = pd.DataFrame({
        t("col_step", lang): d["cat"],
        t("col_cases", lang): [hidden_text(_k(k)) if (protected and n == 0) else int(n) for n in d["n"]],
        t("col_median", lang): d["median"], t("col_p25", lang): d["p25"], t("col_p75", lang): d["p75"],
    })
    if not protected:
        table[t("col_min", lang)], table[t("col_max", lang)] = d["min"], d["max"]
    return fig, table


# ------------------------------------------------------------- by category

def _collapse(df: pd.DataFrame, cat: str, col: str) -> pd.DataFrame:
    """One row per (category, sex): a hidden part hides the sum."""
    d = df.copy()
    d["_h"] = _flag(d, col)
    d["_s"] = d[col + "_small"].astype("boolean").fillna(False) if col + "_small" in d else False
    g = d.groupby([cat, "sex"], dropna=False, sort=False).agg(
        v=(col, lambda s: pd.to_numeric(s, errors="coerce").sum(min_count=1)), h=("_h", "any"),
        n_rows=("_h", "size"), s=("_s", "all")).reset_index()
    g.loc[g["h"], "v"] = np.nan
    g[col + "_hidden"] = g["h"]
    if col + "_small" in d:
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
    order = [c for c in order if c in set(g[cat])]
    g["cat"] = [code(kind, c, lang) for c in g[cat]]
    g["series"], g["value"], g["hidden"] = g["sex"], g["v"], g["h"]
    g["label"] = hidden_labels(g, col, lang, k)
    g["hover"] = [f"<b>{c}</b><br>{code('sex_child', s, lang)} : {_count_text(v, x, lang)}"
                  for c, s, v, x in zip(g["cat"], g["sex"], g["v"], g["label"])]
    cats = [code(kind, c, lang) for c in order]
    fig = _bars(g, _sex_series(lang), cats, lang, t(title_key, lang), k)
    g["_o"] = g[cat].map({c: i for i, c in enumerate(order)})
    g["_s"] = g["sex"].map({s: i for i, s in enumerate(charts.SEX_ORDER)})
    g = g.sort_values(["_o", "_s"])
    table = pd.DataFrame({
        t("col_value", lang): g["cat"], t("col_sex", lang): [code("sex_child", s, lang) for s in g["sex"]],
        t("col_cases", lang): [_cell(v, x) for v, x in zip(g["v"], g["label"])],
    })
    return fig, table


# dimension of case_breakdown -> (code kind, title key, category order; None = largest first)
BREAKDOWNS = {
    "nationality": ("nationality", "fig_nationality", None),
    "referral_source": ("referral_source", "fig_referral", None),
    "exploitation": ("exploitation", "fig_exploitation", contract.EXPLOITATIONS),
    "reinsertion_type": ("reinsertion_type", "fig_reinsertion", contract.REINSERTION_TYPES),
}


def run_breakdown(ctx, dimension: str) -> pd.DataFrame:
    return ctx.run("case_breakdown", dimension=dimension)


@charts.cached_figure
def breakdown(df: pd.DataFrame, dimension: str, lang: str, k: int = 0):
    """case_breakdown(dimension) as cases by category and sex."""
    kind, title_key, order = BREAKDOWNS[dimension]
    return by_sex(df, "value", "n", kind, title_key, lang, k, order=order)


@charts.cached_figure
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
    sites = [f"{code('locality_short', s, lang)} {_count_text(n, x, lang)}"
             for s, n, x in zip(d["site_id"], d["n"], lab)]
    return t("stalled_count", lang, d=days, sites=", ".join(sites))


# ------------------------------------------------------------------ maps

MAP_METRICS = ("children_reached", "people_sensitised", "focus_groups", "cases_identified")


@charts.cached_figure
def map_points(df: pd.DataFrame, metric: str, lang: str, k: int = 0):
    """kangaba_map points for one metric (label, kind, value NaN when hidden, texts) and the table."""
    cols = ["locality_id", "value", "female", "male"]
    d = df[df["metric"] == metric] if df is not None and len(df) else pd.DataFrame(columns=cols)
    d = d[d["locality_id"].isin(contract.LOCALITIES)].copy()
    d["_o"] = d["locality_id"].map({l: i for i, l in enumerate(contract.LOCALITIES)})
    d = d.sort_values("_o").reset_index(drop=True)
    vh = _flag(d, "value")
    vl, fl, ml = (hidden_labels(d, c, lang, k)
                  for c in ("value", "female", "male"))

    def text(v, x):
        return x if x is not None else ("" if pd.isna(v) else fmt.num(v, lang))
    pts = pd.DataFrame({
        "locality_id": d["locality_id"],
        "label": [code("locality_short", l, lang) for l in d["locality_id"]],
        "kind": ["site" if l in contract.SITES else "village" for l in d["locality_id"]],
        "value": [np.nan if h else _num(v) for v, h in zip(d["value"], vh)],
        "value_text": [text(v, x) for v, x in zip(d["value"], vl)],
        "female_text": [text(v, x) for v, x in zip(d["female"], fl)],
        "male_text": [text(v, x) for v, x in zip(d["male"], ml)],
    })
    table = pd.DataFrame({
        t("col_locality", lang): pts["label"],
        t("col_commune", lang): [code("commune", contract.LOCALITY_COMMUNE[l], lang) for l in pts["locality_id"]],
        t("col_kind", lang): [t("kind_" + kd, lang) for kd in pts["kind"]],
        code("metric", metric, lang): [_cell(v, x) for v, x in zip(d["value"], vl)],
        t("col_female", lang): [_cell(v, x) for v, x in zip(d["female"], fl)],
        t("col_male", lang): [_cell(v, x) for v, x in zip(d["male"], ml)],
    })
    return pts, table


@charts.cached_figure
def origins(df: pd.DataFrame, lang: str, k: int = 0):
    """origin_map input (iso3, value NaN when hidden, value_text) from case_breakdown('nationality').
    A country with a hidden sex cell has no known total: « < 5 » only when that is certain (a single
    cell, flagged small by the query layer, nothing else shown), else « masqué » (several hidden cells)."""
    if df is None or df.empty:
        return None
    d = df.copy()
    d["_h"] = _flag(d, "n")
    d["_s"] = d["n_small"].astype("boolean").fillna(False).astype(bool) if "n_small" in d else False
    d["_v"] = pd.to_numeric(d["n"], errors="coerce")
    rows = []
    for iso, g in d.groupby("value", sort=True):
        nh, vis = int(g["_h"].sum()), g.loc[~g["_h"], "_v"].fillna(0).sum()
        if nh == 0:
            rows.append((iso, float(vis), fmt.num(vis, lang), int(vis)))
        elif nh == 1 and vis == 0 and bool(g.loc[g["_h"], "_s"].all()):
            rows.append((iso, np.nan, hidden_text(_k(k)), hidden_text(_k(k))))
        else:
            rows.append((iso, np.nan, t("origin_hidden", lang), t("origin_hidden", lang)))
    o = pd.DataFrame(rows, columns=["iso3", "value", "value_text", "cell"])
    if o["value"].isna().any():  # a table column holds one type: all text when some are hidden
        o["cell"] = o["value_text"]
    o = o.sort_values("value", ascending=False, na_position="last", kind="stable")
    table = pd.DataFrame({t("col_iso3", lang): o["iso3"],
                          t("col_country", lang): [code("nationality", c, lang) for c in o["iso3"]],
                          t("col_cases", lang): o["cell"]})
    return o[["iso3", "value", "value_text"]], table


def map_title(fig: go.Figure, title: str) -> go.Figure:
    """A title above a map (the geo builders leave no top margin)."""
    fig.update_layout(title=dict(text=title, x=0, xanchor="left", y=0.98, yanchor="top",
                                 font=dict(family=FONT, size=17)),
                      margin=dict(l=0, r=0, t=44, b=0), font=dict(family=FONT))
    return fig


def map_has_data(points: pd.DataFrame) -> bool:
    """True when at least one locality has a value above 0 or a hidden one."""
    return bool(len(points)) and bool((points["value"].fillna(0) > 0).any() or points["value"].isna().any())

