"""Carte — where in the cercle de Kangaba does the project reach children and adults (by locality:
children reached, people sensitised, focus groups; cases at the two gold-mining sites only), and
where in West Africa do the identified children come from?
"""
import streamlit as st

import geo
from dashboard import charts
from dashboard import fig_map as fm
from dashboard.sidebar import page_setup

ctx = page_setup("page_map")
lang, k = ctx.lang, ctx.scope.min_cell


@st.fragment      # another measure or the street background redraws this map only, not the origins map below
def locality_map():
    metric = st.radio(ctx.t("map_metric"), fm.MAP_METRICS, horizontal=True, key="map_metric",
                      format_func=lambda m: ctx.code("metric", m))
    osm = st.toggle(ctx.t("map_osm"), value=False, key="map_osm", help=ctx.t("map_osm_help"))
    metric_label = ctx.code("metric", metric)

    points, table = fm.map_points(ctx.run("map_localities"), metric, lang, k)
    if not fm.map_has_data(points):
        charts.empty(lang, metric_label)
    # the maps go one under the other: geo.maps fits each view to a ~800 px wide map, and two
    # columns at 1280 px give ~400 px each (side by side, both maps were cropped)
    fig = fm.locality_figure(points, metric_label, ctx.t("map_title", metric=metric_label), osm, lang)
    charts.show(fig, table, lang, f"carte_{metric}")
    if metric == "cases_identified":
        st.caption(ctx.t("map_cases_note"))
    elif metric == "people_sensitised":
        st.caption(ctx.t("map_radio_note"))


locality_map()

st.subheader(ctx.t("origin_title"))
origins = fm.origins(ctx.run("case_breakdown", dimension="nationality"), lang, k)
if origins is None:
    charts.empty(lang, ctx.t("origin_title"))
else:
    fig = fm.origin_figure(origins[0], ctx.t("origin_fig_title"), lang)
    charts.show(fig, origins[1], lang, "carte_origines")
    with st.expander(ctx.t("origin_table")):
        charts.dataframe(origins[1])

if ctx.scope.protected:
    st.caption(ctx.t("cases_hidden_note", k=ctx.threshold, km1=ctx.threshold - 1))
st.caption(geo.ATTRIBUTION_EN if lang == "en" else geo.ATTRIBUTION_FR)
