"""Prise en charge — how far along the path identifié → évalué → pris en charge → retour en famille →
réinsertion → clôturé do the children identified in the period get, how fast, with which services,
and who are they (sex, age, nationality, who referred them)? Which cases have stalled (data owner only)?
"""
import streamlit as st

import queries

from dashboard import access, charts, data
from dashboard import fig_cases as fc
from dashboard.sidebar import page_setup

ctx = page_setup("page_cases")
lang, k = ctx.lang, ctx.scope.min_cell


st.caption(ctx.t("cases_cohort_note"))
st.markdown(fc.left_out_line(ctx.run("case_left_out"), lang))
if ctx.scope.protected:
    st.caption(ctx.t("cases_hidden_note", k=ctx.threshold, km1=ctx.threshold - 1))

funnels = ctx.run("case_funnels")      # the funnel, by sex and by age group from one statement
funnel = funnels["all"]
if fc.all_hidden(funnel):
    st.info(ctx.t("cases_all_hidden", k=ctx.threshold), icon="🔒")
    st.stop()
if not fc.cohort_size(funnel):
    charts.empty(lang, ctx.t("cases_no_cohort"))
    st.stop()

# --- the path of the cohort
st.subheader(ctx.t("section_path"))
ctx.draw(fc.funnel(funnel, lang, k), "parcours_des_cas", ctx.t("fig_funnel"))
left, right = st.columns(2)
with left:
    ctx.draw(fc.funnel_by(funnels["sex"], "sex", lang, k, funnel), "parcours_par_sexe", ctx.t("fig_funnel_sex"))
with right:
    ctx.draw(fc.funnel_by(funnels["age_group"], "age_group", lang, k, funnel), "parcours_par_age",
             ctx.t("fig_funnel_age"))

# --- how long each step takes, what the children received
st.subheader(ctx.t("section_delays_services"))
left, right = st.columns(2)
with left:
    ctx.draw(fc.delays(ctx.run("case_delay_summary"), lang, k), "delais_entre_etapes", ctx.t("fig_delays"))
with right:
    ctx.draw(fc.services(ctx.run("case_services"), lang, k), "services_recus", ctx.t("fig_services"))

# --- who the children are, how they were referred, how they were reinserted
st.subheader(ctx.t("section_profile"))
profile = ctx.run("case_breakdowns")    # the four dimensions from one statement
for col, dims in zip(st.columns(2), (("nationality", "exploitation"), ("referral_source", "reinsertion_type"))):
    with col:
        for dim in dims:
            ctx.draw(fc.breakdown(profile[dim], dim, lang, k), f"cas_par_{dim}", ctx.t(fc.BREAKDOWNS[dim][1]))

# --- follow-up: cases with no new step for a long time (codes for the data owner only)
st.subheader(ctx.t("stalled_title"))


@st.fragment      # another number of days reruns this list only, not the funnel, delays and profiles above
def stalled_part():
    if ctx.scope.protected:     # fixed steps: a free number of days would sweep one child in and out
        days = st.select_slider(ctx.t("stalled_days"), options=list(queries.STALL_STEPS), value=90, key="stall_days",
                                help=ctx.t("stalled_help"), width=320)
    else:
        days = int(st.number_input(ctx.t("stalled_days"), min_value=1, max_value=1000, value=90, step=15,
                                   key="stall_days", help=ctx.t("stalled_help"), width=320))
    own = access.follow_up_scope(ctx.role, ctx.scope)     # a partner given « suivi_cas »: its own cases' codes
    stalled = (data.run("case_stalled", ctx.filters, own, stall_days=days) if own
               else ctx.run("case_stalled", stall_days=days))
    if not (ctx.can("see_case_codes") or own):
        st.markdown(fc.stalled_count(stalled, days, lang, k))
    elif stalled.empty:
        st.info(ctx.t("stalled_none", d=days), icon="✅")
    else:
        if own:
            access.use_right(access.FOLLOW_UP, "cas_a_relancer", len(stalled))
        st.warning(ctx.t("stalled_own" if own else "stalled_owner", n=len(stalled)), icon="🔐")
        table = fc.stalled_table(stalled, lang)
        charts.dataframe(table)
        charts.download(table, lang, "cas_a_relancer", "stalled")


stalled_part()
