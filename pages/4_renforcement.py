"""Renforcement et plaidoyer — how many CCPE members, social workers and institutional actors have
been trained (by sex, against the targets), and have the two communes reached their milestones
(CCPE operational, action plans, advocacy strategy, PDESC integration) on time?
"""
import streamlit as st

from dashboard import charts
from dashboard import fig_capacity as fk
from dashboard.sidebar import page_setup

ctx = page_setup("page_capacity")
lang = ctx.lang


st.caption(ctx.t("cap_intro"))
indicators = ctx.run("indicators")

st.subheader(ctx.t("section_training"))
ctx.draw(fk.training(indicators, lang), "formations_par_sexe", ctx.t("fig_training"))

st.subheader(ctx.t("section_milestones"))
ctx.draw(fk.milestone_counts(indicators, lang), "jalons_atteints", ctx.t("fig_milestone_counts"))
milestones = ctx.run("milestones_list")
if milestones.empty:
    charts.empty(lang, ctx.t("no_milestones"))
else:
    ctx.draw(fk.timeline(milestones, lang), "jalons_calendrier", ctx.t("fig_timeline"))
    st.caption(ctx.t("timeline_note"))
