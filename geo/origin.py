"""Where identified children come from: the West Africa origin map (offline, like every map here)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely

from . import layer_geojson, localities, west_africa
from .mapbase import (_ORIGIN_COLUMNS, _PROJECT_SITES, FLOW_COLOR, HIDDEN_BLUE, KIND_COLOR, NO_CASE_GREY,
                      ORIGIN_SCALE, _esc, _features, _fit_view, _frame, _label_point, _layer, _legend_entry,
                      _map_layout, _shape, _t, _text_trace)

__all__ = ["origin_map"]


def _centroids() -> pd.DataFrame:
    """Country centroids computed in Web Mercator (EPSG:3857), returned as lon/lat."""
    wa = west_africa()
    pts = wa.to_crs(3857).centroid.to_crs(4326)
    return pd.DataFrame({"iso3": wa["iso3"].to_numpy(), "lon": pts.x.to_numpy(), "lat": pts.y.to_numpy()})


def _choropleth(gj: dict, rows: pd.DataFrame, z, *, colorscale, name: str, showscale: bool = False,
                zmax: float | None = None, colorbar: dict | None = None, legendrank: int = 10,
                showlegend: bool = True) -> go.Choroplethmap:
    return go.Choroplethmap(
        geojson=_features(gj, "iso3", set(rows["iso3"]).__contains__), featureidkey="properties.iso3",
        locations=list(rows["iso3"]), z=list(z), colorscale=colorscale, zmin=0, zmax=zmax or 1,
        showscale=showscale, colorbar=colorbar, marker={"line": {"color": "white", "width": 0.8}},
        customdata=list(rows["hover"]), hovertemplate="%{customdata}<extra></extra>",
        name=name, showlegend=showlegend, legendrank=legendrank)


def origin_map(origins: pd.DataFrame, *, lang: str = "fr", height: int = 520) -> go.Figure:
    """Where identified children come from: West African countries shaded by ``origins.value``
    (columns iso3, value (NaN when hidden), value_text), lines from each origin country's
    centroid to the Kokoyo and Koflatié sites, width by value. Countries with no row or 0
    are light grey, hidden values (NaN) pale blue. ECOWAS 2020-2022 outlined;
    Mauritania marked as not a member."""
    tx = _t(lang)
    name_col = "name_en" if lang == "en" else "name_fr"
    org = _frame(origins, _ORIGIN_COLUMNS).drop_duplicates("iso3")
    wa = west_africa()
    df = pd.DataFrame({"iso3": wa["iso3"].to_numpy(), "name": wa[name_col].to_numpy(),
                       "ecowas": wa["ecowas_2020_2022"].astype(bool).to_numpy()})
    df = df.merge(org, on="iso3", how="left").merge(_centroids(), on="iso3")
    df["has_row"] = df["iso3"].isin(org["iso3"])
    df["shown"] = df["value"] > 0
    df["hidden"] = df["has_row"] & df["value"].isna()
    df["hover"] = [
        f"<b>{_esc(r.name)}</b>{'' if r.ecowas else ' (' + tx['non_ecowas'] + ')'}<br>"
        f"{_esc(r.value_text) or ('&lt; 5' if r.hidden else tx['no_case'])}"
        for r in df.itertuples()
    ]

    gj = layer_geojson("west_africa")
    shown, hidden, none = df[df["shown"]], df[df["hidden"]], df[~df["shown"] & ~df["hidden"]]
    vmax = float(shown["value"].max()) if len(shown) else 1.0
    fig = go.Figure()
    fig.add_trace(_choropleth(gj, none, [0] * len(none), colorscale=[[0, NO_CASE_GREY], [1, NO_CASE_GREY]],
                              name=tx["no_case"].capitalize(), legendrank=12))
    fig.add_trace(_choropleth(gj, hidden, [0] * len(hidden), colorscale=[[0, HIDDEN_BLUE], [1, HIDDEN_BLUE]],
                              name=tx["hidden"], legendrank=11))
    fig.add_trace(_choropleth(
        gj, shown, shown["value"], colorscale=ORIGIN_SCALE, zmax=vmax, showscale=len(shown) > 0,
        name=tx["count"], showlegend=False,
        colorbar={"title": {"text": tx["count"], "side": "top"}, "x": 0.99, "xanchor": "right", "y": 0.12,
                  "yanchor": "bottom", "len": 0.4, "thickness": 12, "bgcolor": "rgba(255,255,255,0.8)",
                  "tickformat": ",d", "outlinewidth": 0}))

    sites = localities().set_index("locality_id").loc[list(_PROJECT_SITES)]
    flows = df[df["shown"] | df["hidden"]].sort_values("value", na_position="first")
    widths = 1.0 + 5.0 * np.sqrt(flows["value"].fillna(0) / vmax)
    for r, w in zip(flows.itertuples(), widths):
        lon, lat = [], []
        for s in sites.geometry:
            lon += [r.lon, s.x, None]
            lat += [r.lat, s.y, None]
        fig.add_trace(go.Scattermap(lon=lon, lat=lat, mode="lines", line={"width": float(w), "color": FLOW_COLOR},
                                    customdata=[r.hover] * len(lon), hovertemplate="%{customdata}<extra></extra>",
                                    showlegend=False))
    fig.add_trace(go.Scattermap(
        lon=sites.geometry.x, lat=sites.geometry.y, mode="markers", name=tx["sites"], legendrank=1,
        marker={"size": 9, "color": KIND_COLOR["site"]}, hovertext=sites["name"], hoverinfo="text"))
    fig.add_trace(_legend_entry(tx["ecowas"], 2, line={"color": "#333333", "width": 2}))
    fig.add_trace(_legend_entry(tx["flow"], 3, line={"color": FLOW_COLOR, "width": 3}))

    # Dissolve the members into one outline; the 0.05 degree close (buffer out, then in)
    # seals the slivers between neighbours that the 2 km simplification left.
    ecowas = _shape(_features(gj, "ecowas_2020_2022", bool))
    ecowas = ecowas.buffer(0.05, join_style="mitre").buffer(-0.05, join_style="mitre")
    non_member = _features(gj, "ecowas_2020_2022", lambda v: not v)
    layers = [   # outlines above the choropleth (below="")
        _layer({"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(ecowas)},
               "line", "#333333", width=2, attribution="Natural Earth", below=""),
        _layer(non_member, "line", "#555555", width=1.5, dash=[2, 1.5], below=""),
    ]
    centroids = shapely.union_all([shapely.Point(x, y).buffer(1.5) for x, y in zip(df["lon"], df["lat"])])
    for f in non_member["features"]:
        pt = _label_point(shapely.geometry.shape(f["geometry"]), centroids)
        if pt is not None:
            fig.add_trace(_text_trace([pt.x], [pt.y], [f"{f['properties'][name_col]}<br>({tx['non_ecowas']})"],
                                      size=12, color="#444444"))
    view = _fit_view(tuple(wa.total_bounds), height, width=820)
    return _map_layout(fig, view, height=height, layers=layers)
