"""Sensibilisation — how many children and adults did the awareness activities reach, and did the
children learn to protect themselves?

Participations (people counted at each activity: girls, boys, women, men) by activity type, locality
and quarter; distinct children reached through focus groups against participations and against the
600 site / 600 school targets; peer educators trained and active (24 F / 24 M); pre/post knowledge-test
pass rates against the 70 % target.
"""
import streamlit as st

from dashboard import charts
from dashboard import fig_sensitisation as fs
from dashboard.sidebar import page_setup

ctx = page_setup("page_sensitisation")
lang = ctx.lang
st.markdown(f"**{ctx.t('se_question')}**")

sens = ctx.run("sensitisation")
reach = ctx.run("children_reach")
pe = ctx.run("pe_activity")
tests = ctx.run("assessment_rates")
ind = ctx.run("indicators")


# ---- headline numbers
for col, m in zip(st.columns(4), fs.headline(sens, reach, pe, tests, ind, lang)):
    with col.container(border=True, height="stretch"):
        charts.metric_card(m["label"], m["value"], m["delta"], m["help"])
        if m.get("note"):
            st.caption(m["note"])

# ---- participations: who came, where, when
st.subheader(ctx.t("se_h_participations"))
ctx.draw(fs.by_type(sens, lang), "participations_par_type", ctx.t("se_by_type"))
ctx.draw(fs.by_locality(sens, lang), "participations_par_localite", ctx.t("se_by_locality"))
ctx.draw(fs.by_quarter(sens, ctx.filters, lang), "participations_par_trimestre", ctx.t("se_by_quarter"))

# ---- children reached: a child at five focus groups is one child
st.subheader(ctx.t("se_h_children"))
left, right = st.columns(2)
with left:
    ctx.draw(fs.reach_vs_participations(reach, lang), "enfants_distincts_participations", ctx.t("se_reach_title"))
with right:
    ctx.draw(fs.reach_by_setting(reach, lang), "enfants_par_lieu", ctx.t("se_setting_title"))

# ---- peer educators and knowledge tests
st.subheader(ctx.t("se_h_pe") + " · " + ctx.t("se_h_tests"))
left, right = st.columns(2)
with left:
    ctx.draw(fs.pe_trained_active(pe, lang), "pairs_educateurs", ctx.t("se_pe_title"))
with right:
    ctx.draw(fs.pass_rates(tests, lang), "tests_connaissances", ctx.t("se_tests_title"))
