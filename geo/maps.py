"""Plotly map figures that draw with no internet.

Both builders use plotly's MapLibre traces on a blank style with the GeoJSON
layers of this package given as ``map.layers``. Why not ``map.style="white-bg"``:
plotly's built-in "white-bg" style names a glyph server (fonts.openmaptiles.org),
so any text drawn on the map (place names) makes the browser call it. The
``OFFLINE_STYLE`` below is the same white background without a glyph URL:
MapLibre then draws the letters with the browser's own fonts and asks for nothing.
Only circle markers are used (other marker symbols are icons fetched from a CDN).

This module draws the Kangaba maps; the West Africa origin map is in origin.py, the shared style
and pieces in mapbase.py.  Public: ``kangaba_map``, ``plain_kangaba_map``, ``origin_map``,
``bubble_sizes``, ``OFFLINE_STYLE``, ``OSM_TILES``.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely

from . import layer_geojson, localities
from .mapbase import (_LABEL_POSITION, _POINT_COLUMNS, BUBBLE_MAX_PX, BUBBLE_MIN_PX, CERCLE_LINE, DOT_PX,
                      HOLLOW_PX, KIND_COLOR, OFFLINE_STYLE, OSM_TILES, OTHER_FILL, OTHER_LINE, PROJECT_FILL,
                      PROJECT_LINE, RIVER_COLOR, _esc, _features, _fit_view, _frame, _label_point, _layer,
                      _legend_entry, _map_layout, _shape, _t, _text_trace, bubble_sizes)
from .origin import origin_map

__all__ = ["kangaba_map", "plain_kangaba_map", "origin_map", "bubble_sizes", "OFFLINE_STYLE", "OSM_TILES",
           "BUBBLE_MIN_PX", "BUBBLE_MAX_PX"]


# ---------------------------------------------------------------- Kangaba

def kangaba_map(points: pd.DataFrame, metric_label: str, *, osm: bool = False, lang: str = "fr",
                height: int = 560) -> go.Figure:
    """Map of the cercle de Kangaba: the 9 communes (Nouga and Kaniogo highlighted), the
    Niger, the 2 gold-mining sites and 4 villages, with bubbles sized by ``points.value``.

    ``points``: locality_id, label, kind ('site'|'village'), value (NaN when hidden),
    value_text, female_text, male_text (already formatted). Localities with no row are
    still drawn and labelled, without a bubble; a row with 0 or a hidden value gets a
    small hollow marker. ``osm=True`` adds OpenStreetMap tiles below the layers (seen
    only online); with ``osm=False`` the figure holds no URL and fetches nothing.
    """
    tx = _t(lang)
    df = _kangaba_points(points, metric_label, tx)
    communes_gj = layer_geojson("communes")
    project_gj = _features(communes_gj, "project_commune", bool)
    view = _fit_view(_shape(project_gj).bounds, height, width=760)
    layers = [   # with OSM tiles underneath, the fills turn see-through
        _layer(communes_gj, "fill", OTHER_FILL, opacity=0.0 if osm else 1.0),
        _layer(project_gj, "fill", PROJECT_FILL, opacity=0.6 if osm else 1.0),
        _layer(communes_gj, "line", OTHER_LINE, width=1, attribution="DNCT/OCHA/ITOS – COD Mali (HDX)"),
        _layer(project_gj, "line", PROJECT_LINE, width=2),
        _layer(layer_geojson("cercle"), "line", CERCLE_LINE, width=2.2),
        _layer(layer_geojson("rivers"), "line", RIVER_COLOR, width=3, attribution="Natural Earth"),
    ]

    fig = go.Figure()
    _add_commune_names(fig, communes_gj, df, view)
    _add_localities(fig, df, tx)
    fig.add_trace(_legend_entry("○  " + tx["hollow"], 3, marker={"size": 1, "color": "rgba(0,0,0,0)"}))
    fig.add_trace(_legend_entry(tx["river"], 4, line={"color": RIVER_COLOR, "width": 3}))
    return _map_layout(fig, view, height=height, layers=layers, osm=osm, legend_at="bottom")


def _kangaba_points(points: pd.DataFrame, metric_label: str, tx: dict) -> pd.DataFrame:
    """Every project locality with its position, row (if any), bubble size, marker kind and hover text."""
    pts = _frame(points, _POINT_COLUMNS)
    loc = localities()
    loc = loc[loc["locality_id"].isin(_LABEL_POSITION)]
    unknown = set(pts["locality_id"].dropna()) - set(loc["locality_id"])
    if unknown:
        raise ValueError(f"locality codes not in geo/localities.geojson: {sorted(unknown)}")

    df = pd.DataFrame({
        "locality_id": loc["locality_id"].to_numpy(),
        "geo_name": loc["name"].to_numpy(),
        "geo_kind": np.where(loc["kind"].eq("site_aurifere"), "site", "village"),
        "lon": loc.geometry.x.to_numpy(), "lat": loc.geometry.y.to_numpy(),
    }).merge(pts.drop_duplicates("locality_id"), on="locality_id", how="left")
    df["has_row"] = df["locality_id"].isin(pts["locality_id"])
    df["kind"] = df["kind"].where(df["kind"].isin(KIND_COLOR), df["geo_kind"])
    df["label"] = df["label"].where(df["label"].notna() & df["label"].astype(str).ne(""), df["geo_name"])
    df["size"] = bubble_sizes(df["value"].where(df["has_row"]))
    df["bubble"] = df["has_row"] & (df["value"] > 0)
    df["hollow"] = df["has_row"] & ~df["bubble"]
    metric = _esc(metric_label)
    df["hover"] = [
        f"<b>{_esc(r.label)}</b><br>{metric} : {_esc(r.value_text) or '–'}"
        f"<br>F : {_esc(r.female_text) or '–'}<br>M : {_esc(r.male_text) or '–'}"
        if r.has_row else f"<b>{_esc(r.label)}</b><br>{metric} : {tx['no_data']}"
        for r in df.itertuples()
    ]
    return df


def _add_commune_names(fig: go.Figure, communes_gj: dict, df: pd.DataFrame, view) -> None:
    """Commune names: project communes always, the others only where they show."""
    places = shapely.union_all([shapely.Point(x, y).buffer(0.03) for x, y in zip(df["lon"], df["lat"])])
    inner = shapely.box(*view.box).buffer(-0.03)
    for f in communes_gj["features"]:
        project = bool(f["properties"]["project_commune"])
        pt = _label_point(shapely.geometry.shape(f["geometry"]), places,
                          within=None if project else inner, min_area=0.004)
        if pt is not None:
            name = f["properties"]["name"]
            fig.add_trace(_text_trace([pt.x], [pt.y], [name.upper() if project else name], bold=project,
                                      size=15 if project else 11, color="#6b4a00" if project else "#8a8a8a"))


def _add_localities(fig: go.Figure, df: pd.DataFrame, tx: dict) -> None:
    """Sites and villages: bubble, hollow ring (0 / hidden) or dot, legend entry and name."""
    hov = "%{customdata}<extra></extra>"
    for kind, color in KIND_COLOR.items():
        sub = df[df["kind"].eq(kind)]
        b, h, d = sub[sub["bubble"]], sub[sub["hollow"]], sub[~sub["hollow"]]
        for rows, size, col, opacity in (
                (b, b["size"], color, 0.45),                 # bubble, area ~ value
                (h, HOLLOW_PX, color, 1.0),                  # hollow ring for 0 / hidden:
                (h, HOLLOW_PX - 6, "white", 1.0),            #   colour disc + white centre
                (d, DOT_PX, color, 1.0)):                    # the place itself
            fig.add_trace(go.Scattermap(
                lon=rows["lon"], lat=rows["lat"], mode="markers", customdata=rows["hover"],
                hovertemplate=hov, marker={"size": size, "color": col, "opacity": opacity},
                legendgroup=kind, showlegend=False))
        fig.add_trace(_legend_entry(tx[kind], 1 if kind == "site" else 2,
                                    marker={"size": 10, "color": color}))
        for r in sub.itertuples():
            gap = max(r.size if r.bubble else HOLLOW_PX, 10)
            fig.add_trace(_text_trace([r.lon], [r.lat], [r.label], gap_px=gap + 2,
                                      size=14 if kind == "site" else 13, color="#1a1a1a",
                                      position=_LABEL_POSITION[r.locality_id], bold=kind == "site"))


def plain_kangaba_map(points: pd.DataFrame, metric_label: str, *, lang: str = "fr", height: int = 520) -> go.Figure:
    """The same map drawn as plain x/y traces (no MapLibre, no WebGL worker): for reports opened
    from a file, where a MapLibre map stays blank. Lon/lat with an equal-area-looking aspect."""
    from . import communes, rivers
    tx = _t(lang)
    fig = go.Figure()
    for _, c in communes().iterrows():
        geoms = getattr(c.geometry, "geoms", [c.geometry])
        for g in geoms:
            x, y = g.exterior.xy
            fig.add_trace(go.Scatter(
                x=list(x), y=list(y), mode="lines", fill="toself", hoverinfo="skip", showlegend=False,
                fillcolor=PROJECT_FILL if c["project_commune"] else OTHER_FILL,
                line=dict(color=PROJECT_LINE if c["project_commune"] else OTHER_LINE, width=1.2)))
        if c["project_commune"]:
            p = c.geometry.representative_point()
            fig.add_trace(go.Scatter(x=[p.x], y=[p.y], mode="text", text=[c["name"].upper()], showlegend=False,
                                     hoverinfo="skip", textfont=dict(color="#7a5400", size=13)))
    for _, r in rivers().iterrows():
        for g in getattr(r.geometry, "geoms", [r.geometry]):
            x, y = g.xy
            fig.add_trace(go.Scatter(x=list(x), y=list(y), mode="lines", line=dict(color=RIVER_COLOR, width=2.5),
                                     hoverinfo="skip", showlegend=False))
    pts = _frame(points, _POINT_COLUMNS)
    loc = localities().set_index("locality_id")
    pts = pts[pts["locality_id"].isin(loc.index)].copy()
    pts["lon"] = [loc.loc[i].geometry.x for i in pts["locality_id"]]
    pts["lat"] = [loc.loc[i].geometry.y for i in pts["locality_id"]]
    size = bubble_sizes(pd.to_numeric(pts["value"], errors="coerce").to_numpy(dtype=float))
    size = np.where(np.isnan(size), HOLLOW_PX, size)
    fig.add_trace(go.Scatter(
        x=pts["lon"], y=pts["lat"], mode="markers+text", text=pts["label"],
        textposition=[_LABEL_POSITION.get(i, "top center") for i in pts["locality_id"]],
        marker=dict(size=size, color=[KIND_COLOR.get(k, "#0072B2") for k in pts["kind"]], opacity=0.55,
                    line=dict(color="#333", width=0.8)),
        customdata=np.stack([pts["value_text"], pts["female_text"], pts["male_text"]], axis=-1) if len(pts) else None,
        hovertemplate="<b>%{text}</b><br>" + _esc(metric_label) + " : %{customdata[0]}<br>F : %{customdata[1]}"
                      "<br>M : %{customdata[2]}<extra></extra>", showlegend=False))
    b = communes()[communes()["project_commune"]].total_bounds
    pad = 0.05
    fig.update_layout(height=height, margin=dict(l=5, r=5, t=10, b=5), plot_bgcolor="white", showlegend=False,
                      annotations=[dict(text=tx["credit"],
                                        x=1, y=0, xref="paper", yref="paper", xanchor="right", yanchor="bottom",
                                        showarrow=False, font=dict(size=10, color="#555"))])
    fig.update_xaxes(range=[b[0] - pad, b[2] + pad], visible=False)
    fig.update_yaxes(range=[b[1] - pad, b[3] + pad], visible=False, scaleanchor="x",
                     scaleratio=1 / math.cos(math.radians((b[1] + b[3]) / 2)))
    return fig
