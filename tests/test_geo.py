"""geo/: the layers agree with the data contract, and the map figures work offline."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import geo
from geo import maps
from queries import contract

OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def points(values=(40, 9, np.nan, 0, 3, 12)) -> pd.DataFrame:
    ids = contract.LOCALITIES                       # KOKOYO, KOFLATIE, DANGA, TOMBOLA, TEGUE, SOMBO
    text = ["< 5" if pd.isna(v) else str(v) for v in values]
    return pd.DataFrame({
        "locality_id": ids, "label": [i.title() for i in ids],
        "kind": ["site" if i in contract.SITES else "village" for i in ids],
        "value": list(values), "value_text": text, "female_text": text, "male_text": text,
    })


def origins() -> pd.DataFrame:
    return pd.DataFrame({"iso3": ["MLI", "BFA", "GIN", "MRT"], "value": [12, 5, np.nan, 1],
                         "value_text": ["12", "5", "< 5", "1"]})


def plain_json(fig) -> str:
    """The figure JSON with plotly's \\u002f escapes undone, so URLs read as written."""
    return json.dumps(json.loads(fig.to_json()), ensure_ascii=False)


# ------------------------------------------------------------------ layers vs contract

def test_every_contract_locality_is_in_its_commune():
    loc = geo.localities().set_index("locality_id")
    communes = geo.communes().set_index("commune_id")
    for code in contract.LOCALITIES:
        assert code in loc.index, code
        commune = contract.LOCALITY_COMMUNE[code]
        assert loc.loc[code, "commune_id"] == commune, code
        assert communes.loc[commune, "geometry"].contains(loc.loc[code, "geometry"]), code


def test_contract_communes_are_the_project_communes():
    c = geo.communes().set_index("commune_id")
    assert len(c) == 9
    for code in contract.COMMUNES:
        assert bool(c.loc[code, "project_commune"]) is True, code
    assert set(c.index[c["project_commune"].astype(bool)]) == set(contract.COMMUNES)


def test_every_ecowas_country_is_in_the_west_africa_layer():
    wa = geo.west_africa().set_index("iso3")
    for iso3 in contract.ECOWAS:
        assert iso3 in wa.index, iso3
        assert bool(wa.loc[iso3, "ecowas_2020_2022"]) is True, iso3
    assert bool(wa.loc["MRT", "ecowas_2020_2022"]) is False


def test_loaders_and_layer_geojson():
    for name, loader in [("communes", geo.communes), ("cercle", geo.cercle), ("localities", geo.localities),
                         ("rivers", geo.rivers), ("west_africa", geo.west_africa)]:
        gdf = loader()
        assert len(gdf) > 0 and gdf.crs.to_epsg() == 4326, name
        assert loader() is gdf, name                       # cached
        gj = geo.layer_geojson(name)
        assert gj["type"] == "FeatureCollection" and len(gj["features"]) == len(gdf), name
        assert "http" not in json.dumps(gj), name          # provenance URLs stay out of figures
        assert geo.layer_geojson(name) is not gj           # callers get their own copy
    with pytest.raises(ValueError):
        geo.layer_geojson("nope")


def test_attribution_mentions_sources():
    for text in (geo.ATTRIBUTION_FR, geo.ATTRIBUTION_EN):
        assert "OCHA" in text and "Natural Earth" in text and "GeoNames" in text
    short = "Fonds de carte : DNCT/OCHA/ITOS (COD Mali, HDX) ; GeoNames (CC BY 4.0) ; Natural Earth."
    assert short in geo.ATTRIBUTION_FR
    assert "Frontières : Natural Earth" in geo.ATTRIBUTION_FR
    assert "n'impliquent ni reconnaissance ni acceptation officielles" in geo.ATTRIBUTION_FR


# ------------------------------------------------------------------ figures

@pytest.mark.parametrize("lang", ["fr", "en"])
def test_figures_are_offline_unless_osm(lang):
    for fig in (maps.kangaba_map(points(), "Enfants", lang=lang), maps.origin_map(origins(), lang=lang)):
        js = fig.to_json()
        assert "http" not in js and "mapbox" not in js
        assert fig.layout.map.style == maps.OFFLINE_STYLE and "glyphs" not in fig.layout.map.style
        assert {t.type for t in fig.data} <= {"scattermap", "choroplethmap"}
        assert not fig.layout.title.text
    online = maps.kangaba_map(points(), "Enfants", osm=True, lang=lang)
    assert OSM in plain_json(online)
    osm = online.layout.map.layers[0]
    assert osm.sourcetype == "raster" and osm.below == "traces"
    assert osm.sourceattribution == "© OpenStreetMap contributors"


def test_kangaba_map_draws_every_layer():
    fig = maps.kangaba_map(points(), "Enfants")
    js = plain_json(fig)
    layers = fig.layout.map.layers
    assert len(layers) == 6
    project = [lay for lay in layers if lay.type == "fill" and len(lay.source["features"]) == 2]
    assert {f["properties"]["commune_id"] for f in project[0].source["features"]} == set(contract.COMMUNES)
    for word in ("NOUGA", "KANIOGO", "Kokoyo", "Tegue", "Niger"):
        assert word in js, word
    assert 9 <= fig.layout.map.zoom <= 11


def test_bubble_sizes_are_monotone_in_value():
    values = [0, 1, 2, 5, 10, 50, 100, 1000]
    sizes = maps.bubble_sizes(values)
    assert all(a <= b for a, b in zip(sizes, sizes[1:]))
    assert sizes[-1] == maps.BUBBLE_MAX_PX and sizes[0] == maps.BUBBLE_MIN_PX
    assert sizes[-1] / sizes[-2] == pytest.approx(np.sqrt(10))     # area ~ value
    assert np.isnan(maps.bubble_sizes([np.nan, 3])[0])
    # ... and in the figure: across the bubble traces, a larger value never gets a smaller marker
    values = dict(zip(contract.LOCALITIES, (40, 9, 30, 20, 3, 12)))
    fig = maps.kangaba_map(points(tuple(values.values())), "Enfants")
    code_at = {round(p.x, 6): c for c, p in geo.localities().set_index("locality_id").geometry.items()}
    bubbles = [t for t in fig.data if t.type == "scattermap" and t.marker.opacity == 0.45]
    drawn = sorted((values[code_at[round(x, 6)]], s) for t in bubbles for x, s in zip(t.lon, t.marker.size))
    assert len(drawn) == 6
    assert [s for _, s in drawn] == sorted(s for _, s in drawn)
    assert drawn[-1][1] == maps.BUBBLE_MAX_PX


def test_hidden_and_zero_values_get_hollow_markers():
    fig = maps.kangaba_map(points(), "Enfants")
    hollow = [t for t in fig.data if t.marker.color == "white"]
    lon = sorted(x for t in hollow for x in t.lon)
    loc = geo.localities().set_index("locality_id")
    assert lon == sorted([loc.loc["DANGA"].geometry.x, loc.loc["TOMBOLA"].geometry.x])   # NaN and 0
    assert "&lt; 5" in plain_json(fig)                  # hover says "< 5", escaped for plotly's HTML


def test_empty_frames_work():
    empty = points().iloc[0:0]
    for fig in (maps.kangaba_map(empty, "Enfants"), maps.kangaba_map(pd.DataFrame(), "Enfants", osm=True),
                maps.origin_map(origins().iloc[0:0]), maps.origin_map(pd.DataFrame(), lang="en")):
        fig.to_json()
    assert "http" not in maps.kangaba_map(empty, "x").to_json()


def test_unknown_locality_is_an_error():
    with pytest.raises(ValueError, match="NOWHERE"):
        maps.kangaba_map(pd.DataFrame({"locality_id": ["NOWHERE"], "value": [1]}), "x")


def test_origin_map_shades_flows_and_marks_mauritania():
    fig = maps.origin_map(origins(), lang="fr")
    shaded = [t for t in fig.data if t.type == "choroplethmap" and t.showscale]
    assert sorted(shaded[0].locations) == ["BFA", "MLI", "MRT"]
    flows = [t for t in fig.data if t.type == "scattermap" and t.mode == "lines" and t.lon[0] is not None]
    assert len(flows) == 4                                   # MLI, BFA, MRT + GIN (hidden)
    widths = {t.customdata[0].split("<br>")[0]: t.line.width for t in flows}
    assert widths["<b>Mali</b>"] > widths["<b>Burkina Faso</b>"] > widths["<b>Mauritanie</b> (hors CEDEAO)"]
    js = plain_json(fig)
    assert "Mauritanie<br>(hors CEDEAO)" in js and "Côte d'Ivoire" in js
    assert "Mauritania<br>(not in ECOWAS)" in plain_json(maps.origin_map(origins(), lang="en"))
