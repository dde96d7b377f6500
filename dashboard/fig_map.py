"""Map inputs of the case and map pages: points per locality for one metric (kangaba_map) and countries of
origin (origin_map), with the tables behind them; hidden counts written as dashboard/fig_protected.py
says. Pure: query frames in, map inputs out (the maps themselves are drawn by geo/).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from geo.maps import kangaba_map, origin_map
from queries import contract
from queries.protect import threshold

from . import fmt, style
from .fig_protected import FONT, as_number, hidden_flag, hidden_labels, hidden_text, table_cell
from .i18n import code, t

MAP_METRICS = ("children_reached", "people_sensitised", "focus_groups", "cases_identified")


@style.cached_figure
def map_points(df: pd.DataFrame, metric: str, lang: str, k: int = 0):
    """kangaba_map points for one metric (label, kind, value NaN when hidden, texts) and the table."""
    cols = ["locality_id", "value", "female", "male"]
    d = df[df["metric"] == metric] if df is not None and len(df) else pd.DataFrame(columns=cols)
    d = d[d["locality_id"].isin(contract.LOCALITIES)].copy()
    d["_o"] = d["locality_id"].map({l: i for i, l in enumerate(contract.LOCALITIES)})
    d = d.sort_values("_o").reset_index(drop=True)
    vh = hidden_flag(d, "value")
    vl, fl, ml = (hidden_labels(d, c, lang, k)
                  for c in ("value", "female", "male"))

    def text(v, x):
        return x if x is not None else ("" if pd.isna(v) else fmt.num(v, lang))
    pts = pd.DataFrame({
        "locality_id": d["locality_id"],
        "label": [code("locality_short", l, lang) for l in d["locality_id"]],
        "kind": ["site" if l in contract.SITES else "village" for l in d["locality_id"]],
        "value": [np.nan if h else as_number(v) for v, h in zip(d["value"], vh)],
        "value_text": [text(v, x) for v, x in zip(d["value"], vl)],
        "female_text": [text(v, x) for v, x in zip(d["female"], fl)],
        "male_text": [text(v, x) for v, x in zip(d["male"], ml)],
    })
    table = pd.DataFrame({
        t("col_locality", lang): pts["label"],
        t("col_commune", lang): [code("commune", contract.LOCALITY_COMMUNE[l], lang) for l in pts["locality_id"]],
        t("col_kind", lang): [t("kind_" + kd, lang) for kd in pts["kind"]],
        code("metric", metric, lang): [table_cell(v, x) for v, x in zip(d["value"], vl)],
        t("col_female", lang): [table_cell(v, x) for v, x in zip(d["female"], fl)],
        t("col_male", lang): [table_cell(v, x) for v, x in zip(d["male"], ml)],
    })
    return pts, table


@style.cached_figure
def origins(df: pd.DataFrame, lang: str, k: int = 0):
    """origin_map input (iso3, value NaN when hidden, value_text) from case_breakdown('nationality').
    A country with a hidden sex cell has no known total: « < 5 » only when that is certain (a single
    cell, flagged small by the query layer, nothing else shown), else « masqué » (several hidden cells)."""
    if df is None or df.empty:
        return None
    d = df.copy()
    d["_h"] = hidden_flag(d, "n")
    d["_s"] = d["n_small"].astype("boolean").fillna(False).astype(bool) if "n_small" in d else False
    d["_v"] = pd.to_numeric(d["n"], errors="coerce")
    rows = []
    for iso, g in d.groupby("value", sort=True):
        nh, vis = int(g["_h"].sum()), g.loc[~g["_h"], "_v"].fillna(0).sum()
        if nh == 0:
            rows.append((iso, float(vis), fmt.num(vis, lang), int(vis)))
        elif nh == 1 and vis == 0 and bool(g.loc[g["_h"], "_s"].all()):
            rows.append((iso, np.nan, hidden_text(threshold(k)), hidden_text(threshold(k))))
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


@style.cached_figure
def locality_figure(points: pd.DataFrame, metric_label: str, title: str, osm: bool, lang: str) -> go.Figure:
    """The map page's Kangaba map with its title, built once per points, language and background (a rerun
    took 0.1-0.2 s to draw it again from the geography)."""
    return map_title(kangaba_map(points, metric_label, osm=osm, lang=lang, height=520), title)


@style.cached_figure
def origin_figure(origins: pd.DataFrame, title: str, lang: str) -> go.Figure:
    """The map page's origins map with its title, built once per origins and language (0.2-0.4 s a rerun)."""
    return map_title(origin_map(origins, lang=lang, height=480), title)


def map_has_data(points: pd.DataFrame) -> bool:
    """True when at least one locality has a value above 0 or a hidden one."""
    return bool(len(points)) and bool((points["value"].fillna(0) > 0).any() or points["value"].isna().any())
