"""Exécution budgétaire — is the money going faster or slower than the results? Planned against spent by
quarter, budget line and partner; cumulative spending against time elapsed and the share of targets
reached; costs per result as simple ratios. A partner sees its own lines.
"""
import streamlit as st

from dashboard import charts
from dashboard import fig_budget as fb
from dashboard.sidebar import page_setup

ctx = page_setup("page_budget")
lang = ctx.lang
if not ctx.can("see_budget"):          # also hidden from the page list (dashboard/sidebar.PAGES)
    st.warning(ctx.t("bu_forbidden"))
    st.stop()
st.markdown(f"**{ctx.t('bu_question')}**")
st.info(ctx.t("bu_filters", ignored=ctx.t("bu_ignored")), icon="ℹ️")
if ctx.scope.partners is not None:
    st.caption(ctx.t("bu_own_lines"))

pace = ctx.run("budget.budget_pace")
if pace.empty:
    charts.empty(lang, ctx.t("bu_none"))
    st.stop()

# ---- where the view stands
for col, c in zip(st.columns(4), fb.cards(pace, lang)):
    with col.container(border=True, height="stretch"):
        st.metric(c["label"], c["value"], c["delta"], delta_color="off", delta_arrow="off")

# ---- money against time and results
charts.draw(fb.pace_figure(pace, lang), lang, "budget_rythme", ctx.t("bu_pace_title"))

# ---- planned against spent
charts.draw(fb.by_figure(ctx.run("budget.budget_by", by="quarter"), "quarter", lang), lang, "budget_trimestres",
            ctx.t("bu_by_quarter"))
left, right = st.columns(2)
with left:
    charts.draw(fb.by_figure(ctx.run("budget.budget_by", by="budget_line"), "budget_line", lang), lang,
                "budget_lignes", ctx.t("bu_by_line"))
with right:
    charts.draw(fb.by_figure(ctx.run("budget.budget_by", by="partner"), "partner", lang), lang,
                "budget_partenaires", ctx.t("bu_by_partner"))

# ---- costs per result
st.subheader(ctx.t("bu_costs_title"))
costs = fb.costs_table(ctx.run("budget.budget_costs"), lang)
charts.dataframe(costs)
charts.download(costs, lang, "budget_couts", "budget_costs")
st.caption(ctx.t("bu_costs_note"))

lines_part = st.expander(ctx.t("bu_lines_title"), key="bu_lines", on_change="rerun")   # drawn when opened
if lines_part.open:
    with lines_part:
        lines = fb.lines_table(ctx.run("budget.budget_lines"), lang)
        charts.dataframe(lines)
        charts.download(lines, lang, "budget_lignes_detail", "budget_lines")
