"""Plotly map figures that draw with no internet.

Both builders use plotly's MapLibre traces on a blank style with the GeoJSON
layers of this package given as ``map.layers``. Why not ``map.style="white-bg"``:
plotly's built-in "white-bg" style names a glyph server (fonts.openmaptiles.org),
so any text drawn on the map (place names) makes the browser call it. The
``OFFLINE_STYLE`` below is the same white background without a glyph URL:
MapLibre then draws the letters with the browser's own fonts and asks for nothing.
Only circle markers are used (other marker symbols are icons fetched from a CDN).

Public: ``kangaba_map``, ``origin_map``, ``bubble_sizes``, ``OFFLINE_STYLE``, ``OSM_TILES``.
"""
from __future__ import annotations

import html
import math
from typing import NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from shapely.ops import polylabel

from . import layer_geojson, localities, west_africa

__all__ = ["kangaba_map", "plain_kangaba_map", "origin_map", "bubble_sizes", "OFFLINE_STYLE", "OSM_TILES"]

OFFLINE_STYLE = {
    "version": 8,
    "sources": {},
    "layers": [{"id": "white-bg", "type": "background", "paint": {"background-color": "#ffffff"}}],
}
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"

# Okabe-Ito colours (colour-blind safe).
KIND_COLOR = {"site": "#D55E00", "village": "#0072B2"}
RIVER_COLOR = "#56B4E9"
PROJECT_FILL, PROJECT_LINE = "rgba(230,159,0,0.22)", "#B57D00"
OTHER_FILL, OTHER_LINE = "#eeeeee", "#bdbdbd"
CERCLE_LINE = "#4d4d4d"
NO_CASE_GREY = "#e6e6e6"
HIDDEN_BLUE = "#c6dbef"
ORIGIN_SCALE = [[0.0, "#9ecae1"], [0.5, "#3182bd"], [1.0, "#08306b"]]  # upper part of "Blues"
FLOW_COLOR = "rgba(213,94,0,0.55)"

BUBBLE_MIN_PX, BUBBLE_MAX_PX = 9.0, 46.0
HOLLOW_PX = 13.0
DOT_PX = 7.0
_PROJECT_SITES = ("KOKOYO", "KOFLATIE")

# Where each locality name sits relative to its point, chosen so the close
# places (Kokoyo / Tombola / Danga, 2-4 km apart) do not cover each other.
_LABEL_POSITION = {
    "KOKOYO": "middle left", "TOMBOLA": "bottom center", "DANGA": "middle right",
    "KOFLATIE": "middle left", "SOMBO": "bottom center", "TEGUE": "middle right",
}

_TEXT = {
    "fr": {
        "site": "Site aurifère", "village": "Village", "hollow": "0 ou masqué (< 5)",
        "river": "Fleuve Niger (tracé approximatif)", "no_data": "pas de donnée", "no_case": "aucun",
        "hidden": "Valeur masquée", "count": "Nombre", "sites": "Sites de Kokoyo et Koflatié",
        "non_ecowas": "hors CEDEAO", "ecowas": "CEDEAO (2020-2022)", "flow": "Origine → sites",
    },
    "en": {
        "site": "Gold-mining site", "village": "Village", "hollow": "0 or hidden (< 5)",
        "river": "Niger river (approximate)", "no_data": "no data", "no_case": "none",
        "hidden": "Hidden value", "count": "Number", "sites": "Kokoyo and Koflatié sites",
        "non_ecowas": "not in ECOWAS", "ecowas": "ECOWAS (2020-2022)", "flow": "Origin → sites",
    },
}

_POINT_COLUMNS = ["locality_id", "label", "kind", "value", "value_text", "female_text", "male_text"]
_ORIGIN_COLUMNS = ["iso3", "value", "value_text"]


# ---------------------------------------------------------------- helpers

def _t(lang: str) -> dict:
    return _TEXT.get(lang, _TEXT["fr"])


def _esc(value) -> str:
    """Text for hover labels: '' for missing, HTML-escaped ('< 5' must not read as a tag)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return html.escape(str(value), quote=False)


def _frame(df: pd.DataFrame | None, columns: list[str]) -> pd.DataFrame:
    out = (df if df is not None else pd.DataFrame()).reindex(columns=columns).reset_index(drop=True)
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype(float)
    return out


def bubble_sizes(values, *, min_px: float = BUBBLE_MIN_PX, max_px: float = BUBBLE_MAX_PX) -> np.ndarray:
    """Marker diameters (px) for values: area proportional to value (sqrt of value on the
    diameter), the largest value gets ``max_px``, never below ``min_px``. NaN -> NaN."""
    v = np.asarray(pd.to_numeric(pd.Series(values, dtype=object), errors="coerce"), dtype=float)
    finite = v[np.isfinite(v) & (v > 0)]
    vmax = finite.max() if finite.size else 1.0
    with np.errstate(invalid="ignore"):
        size = max_px * np.sqrt(np.clip(v, 0, None) / vmax)
    return np.where(np.isnan(v), np.nan, np.maximum(size, min_px))


class _View(NamedTuple):
    center: dict
    zoom: float
    box: tuple[float, float, float, float]   # lon/lat visible in a width_hint x height map


def _merc_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _lat(merc_y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(merc_y)) - math.pi / 2)


def _fit_view(bounds, height: int, width: int, pad: float = 0.06) -> _View:
    """Centre and zoom (Web Mercator, 512 px tiles as in MapLibre) that show ``bounds``
    (minx, miny, maxx, maxy) in a ``width`` x ``height`` px map. The page width is not
    known here: ``width`` is a narrow guess, so wider pages only add room on the sides."""
    minx, miny, maxx, maxy = (float(b) for b in bounds)
    dx = math.radians(maxx - minx) / (2 * math.pi)          # share of the world's width
    dy = (_merc_y(maxy) - _merc_y(miny)) / (2 * math.pi)
    usable = 1 - 2 * pad
    zoom = min(math.log2(width * usable / 512 / dx) if dx else 16,
               math.log2(height * usable / 512 / dy) if dy else 16, 16)
    zoom = math.floor(zoom * 20) / 20
    my = (_merc_y(miny) + _merc_y(maxy)) / 2
    world = 512 * 2 ** zoom                                  # px for 360 degrees
    half_w, half_h = 180 * width / world, math.pi * height / world
    cx = (minx + maxx) / 2
    box = (cx - half_w, _lat(my - half_h), cx + half_w, _lat(my + half_h))
    return _View({"lon": cx, "lat": _lat(my)}, zoom, box)


def _label_point(shape, avoid=None, within=None, min_area: float = 0.0):
    """Where to write a region's name: the pole of inaccessibility of the part of ``shape``
    inside ``within`` and away from ``avoid``; None if that part is smaller than ``min_area``."""
    free = shape
    if within is not None:
        free = free.intersection(within)
    if avoid is not None and not avoid.is_empty:
        free = free.difference(avoid)
    if free.geom_type in ("MultiPolygon", "GeometryCollection"):
        polys = [g for g in free.geoms if g.geom_type == "Polygon"]
        free = max(polys, key=lambda g: g.area) if polys else shapely.Polygon()
    if free.is_empty or free.area <= min_area:
        return None
    return polylabel(free, tolerance=free.length / 2000)


def _layer(source: dict, kind: str, color: str, *, width: float | None = None,
           dash: list[float] | None = None, opacity: float = 1.0, attribution: str | None = None,
           below: str = "traces") -> dict:
    """A ``map.layers`` entry. ``below="traces"`` puts it under the traces; ``""`` on top."""
    layer = {"sourcetype": "geojson", "source": source, "type": kind, "color": color,
             "opacity": opacity, "below": below}
    if kind == "line":
        layer["line"] = {"width": width or 1.0, **({"dash": dash} if dash else {})}
    if attribution:
        layer["sourceattribution"] = attribution
    return layer


def _osm_layer() -> dict:
    return {"sourcetype": "raster", "source": [OSM_TILES], "below": "traces",
            "sourceattribution": OSM_ATTRIBUTION}


def _features(gj: dict, key: str, keep) -> dict:
    return {"type": "FeatureCollection",
            "features": [f for f in gj["features"] if keep(f["properties"].get(key))]}


def _shape(gj: dict):
    """One shapely geometry for a FeatureCollection."""
    return shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in gj["features"]])


def _text_trace(lon, lat, text, *, size: float, color: str, position: str = "middle center",
                bold: bool = False, gap_px: float = 0) -> go.Scattermap:
    """Map labels. Plotly derives the text offset from the marker size, so the trace
    carries invisible markers of ``gap_px`` (a text-only trace gets a NaN offset)."""
    return go.Scattermap(
        lon=list(lon), lat=list(lat), text=list(text), mode="markers+text", textposition=position,
        marker={"size": gap_px, "opacity": 0},
        textfont={"size": size, "color": color, "weight": "bold" if bold else "normal"},
        hoverinfo="skip", showlegend=False)


def _legend_entry(name: str, rank: int, *, line: dict | None = None, marker: dict | None = None) -> go.Scattermap:
    """A legend-only entry (for map layers, which have no legend, and for fixed swatches)."""
    return go.Scattermap(lon=[None], lat=[None], mode="lines" if line else "markers", name=name,
                         legendrank=rank, line=line, marker=marker, hoverinfo="skip")


def _map_layout(fig: go.Figure, view: _View, *, height: int, layers: list[dict], osm: bool = False,
                legend_at: str = "top") -> go.Figure:
    """The layout both maps share: offline style, fitted view, small margins, legend inside
    (left, at the ``legend_at`` "top" or "bottom" corner)."""
    fig.update_layout(
        map={"style": OFFLINE_STYLE, "center": view.center, "zoom": view.zoom,
             "layers": ([_osm_layer()] if osm else []) + layers},
        height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={"x": 0.01, "y": 0.99 if legend_at == "top" else 0.01, "xanchor": "left", "yanchor": legend_at,
                "bgcolor": "rgba(255,255,255,0.8)", "bordercolor": "rgba(0,0,0,0.15)",
                "borderwidth": 1, "font": {"size": 12}, "itemsizing": "constant", "itemclick": False,
                "itemdoubleclick": False},
        hoverlabel={"bgcolor": "white", "font": {"size": 13}},
        paper_bgcolor="white", showlegend=True, uirevision="map",
    )
    return fig


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
    # Commune names: project communes always, the others only where they show.
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
    fig.add_trace(_legend_entry("○  " + tx["hollow"], 3, marker={"size": 1, "color": "rgba(0,0,0,0)"}))
    fig.add_trace(_legend_entry(tx["river"], 4, line={"color": RIVER_COLOR, "width": 3}))
    return _map_layout(fig, view, height=height, layers=layers, osm=osm, legend_at="bottom")


# ---------------------------------------------------------------- West Africa

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
    pts = _frame(points, ["locality_id", "label", "kind", "value", "value_text", "female_text", "male_text"])
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
                      annotations=[dict(text=tx.get("credit", "DNCT/OCHA/ITOS – COD Mali (HDX) | Natural Earth"),
                                        x=1, y=0, xref="paper", yref="paper", xanchor="right", yanchor="bottom",
                                        showarrow=False, font=dict(size=10, color="#555"))])
    fig.update_xaxes(range=[b[0] - pad, b[2] + pad], visible=False)
    fig.update_yaxes(range=[b[1] - pad, b[3] + pad], visible=False, scaleanchor="x",
                     scaleratio=1 / math.cos(math.radians((b[1] + b[3]) / 2)))
    return fig
