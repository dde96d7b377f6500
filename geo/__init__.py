"""Geographic layers of the dashboard (cercle de Kangaba, West Africa) and their credits.

The GeoJSON files sit next to this module (see README.md for sources and
precision). Loaders are cached: treat the returned objects as read-only
(``.copy()`` before changing them). Only this package imports geopandas;
pages call the figure builders in ``geo.maps``.
"""
from __future__ import annotations

import copy
import functools
import json
from pathlib import Path

import geopandas as gpd

__all__ = [
    "ATTRIBUTION_FR", "ATTRIBUTION_EN", "LAYERS",
    "communes", "cercle", "localities", "rivers", "west_africa", "layer_geojson",
]

_DIR = Path(__file__).resolve().parent

# Layer name -> file name (relative to this package).
LAYERS: dict[str, str] = {
    "communes": "communes.geojson",
    "cercle": "cercle_kangaba.geojson",
    "localities": "localities.geojson",
    "rivers": "rivers.geojson",
    "west_africa": "west_africa_countries.geojson",
}

# Credits to show under every map (wording from the shared geo README, copied in geo/README.md).
ATTRIBUTION_FR = (
    "Fonds de carte : DNCT/OCHA/ITOS (COD Mali, HDX) ; GeoNames (CC BY 4.0) ; Natural Earth. "
    "Frontières : Natural Earth. "
    "Les limites et noms figurant sur cette carte n'impliquent ni reconnaissance "
    "ni acceptation officielles."
)
ATTRIBUTION_EN = (
    "Base map: DNCT/OCHA/ITOS (COD Mali, HDX); GeoNames (CC BY 4.0); Natural Earth. "
    "Borders: Natural Earth. "
    "The boundaries and names shown on this map do not imply official endorsement "
    "or acceptance."
)

# Properties left out of layer_geojson(): long provenance texts (some hold URLs,
# which must not travel in a figure) and nested values the maps do not use.
_LAYER_DROP = {"source", "source_short", "licence", "precision_note", "crosscheck_geonames", "alt_names"}
_DECIMALS = 5  # ~1 m, far below the precision of the sources


def _path(name: str) -> Path:
    try:
        return _DIR / LAYERS[name]
    except KeyError:
        raise ValueError(f"unknown layer {name!r}; expected one of {sorted(LAYERS)}") from None


@functools.lru_cache(maxsize=None)
def _read(name: str) -> gpd.GeoDataFrame:
    return gpd.read_file(_path(name))


def communes() -> gpd.GeoDataFrame:
    """The 9 communes of the cercle de Kangaba (``commune_id``, ``name``, ``project_commune``…)."""
    return _read("communes")


def cercle() -> gpd.GeoDataFrame:
    """Outline of the cercle de Kangaba (one polygon)."""
    return _read("cercle")


def localities() -> gpd.GeoDataFrame:
    """The 2 gold-mining sites, 4 villages and Kangaba town (``locality_id``, ``commune_id``, ``kind``…)."""
    return _read("localities")


def rivers() -> gpd.GeoDataFrame:
    """The Niger (Natural Earth 1:10m, coarse: overview only)."""
    return _read("rivers")


def west_africa() -> gpd.GeoDataFrame:
    """ECOWAS 2020-2022 members and Mauritania (``iso3``, ``name_fr``, ``name_en``, ``ecowas_2020_2022``)."""
    return _read("west_africa")


def _round(coords):
    if isinstance(coords, (int, float)):
        return round(coords, _DECIMALS)
    return [_round(c) for c in coords]


def _keep(key: str, value) -> bool:
    if key in _LAYER_DROP or isinstance(value, (dict, list)):
        return False
    return not (isinstance(value, str) and "://" in value)


@functools.lru_cache(maxsize=None)
def _layer(name: str) -> dict:
    raw = json.loads(_path(name).read_text(encoding="utf-8"))
    features = [
        {
            "type": "Feature",
            "properties": {k: v for k, v in f["properties"].items() if _keep(k, v)},
            "geometry": {"type": f["geometry"]["type"], "coordinates": _round(f["geometry"]["coordinates"])},
        }
        for f in raw["features"]
    ]
    return {"type": "FeatureCollection", "features": features}


def layer_geojson(name: str) -> dict:
    """A layer as a plain GeoJSON dict for plotly (``map.layers`` source, choropleth geojson).

    Coordinates are rounded to 1e-5 degree and provenance properties are left
    out (see README.md for them). Each call returns a fresh copy.
    """
    return copy.deepcopy(_layer(name))
