"""What the map builders share: the offline style, colours, words, and the pieces of a map figure.

Geometry helpers (fitted view in Web Mercator, where to write a region's name, one shape for a
FeatureCollection) and plotly pieces (``map.layers`` entries, text traces, legend entries, the common
layout).  The figures themselves are in maps.py (Kangaba) and origin.py (West Africa).
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

CREDIT = "DNCT/OCHA/ITOS – COD Mali (HDX) | Natural Earth"
_TEXT = {
    "fr": {
        "site": "Site aurifère", "village": "Village", "hollow": "0 ou masqué (< 5)",
        "river": "Fleuve Niger (tracé approximatif)", "no_data": "pas de donnée", "no_case": "aucun",
        "hidden": "Valeur masquée", "count": "Nombre", "sites": "Sites de Kokoyo et Koflatié",
        "non_ecowas": "hors CEDEAO", "ecowas": "CEDEAO (2020-2022)", "flow": "Origine → sites",
        "credit": CREDIT,
    },
    "en": {
        "site": "Gold-mining site", "village": "Village", "hollow": "0 or hidden (< 5)",
        "river": "Niger river (approximate)", "no_data": "no data", "no_case": "none",
        "hidden": "Hidden value", "count": "Number", "sites": "Kokoyo and Koflatié sites",
        "non_ecowas": "not in ECOWAS", "ecowas": "ECOWAS (2020-2022)", "flow": "Origin → sites",
        "credit": CREDIT,
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
