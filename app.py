"""Vue d'ensemble — where does the project stand against its logframe?

Key-indicator cards (value, the view's target and the share of it, achieved F/M, status), the status
rule, the full logframe table by specific objective and expected result, then one count indicator month
by month against the trajectory of its target, with a projection of where the current pace ends.
Targets and statuses are the query layer's (queries/status.py): the same on every surface.
"""
import streamlit as st

from dashboard import charts, i18n
from dashboard import fig_explore as fe
from dashboard import fig_overview as fo
from dashboard.sidebar import link_params, page_setup

ctx = page_setup("page_overview")
lang, k = ctx.lang, ctx.threshold
links = link_params()          # the filters of the URL, for the ~30 links of the page (read once)
st.markdown(f"**{ctx.t('ov_question')}**")
ind = ctx.run("indicators")

# ---- key indicators, compact cards in two rows of 4: all 8 on the first screen at 1280x720, values never cut;
# each card one HTML element (fig_overview.card_html) and its link to the explorer
st.subheader(ctx.t("ov_key"))
st.html(f"<style>{charts.CARDS_CSS}{charts.TABLE_CSS}</style>")     # style only: takes no room
cards = fo.cards(ind, lang, k)
with st.container(key="ov_cards", horizontal=True, gap="small"):      # four a row (charts.CARDS_CSS)
    for c in cards:
        with st.container(border=True, height="stretch", key=f"ov_card_{c['id']}"):
            st.html(fo.card_html(c))
            charts.page_link(fe.EXPLORER_PAGE, label=ctx.t("ex_link"), icon="🔍", help=ctx.t("ex_link_help"),
                             query_params=fe.explorer_params(c["id"], links))
for note in (fo.status_notes(ind, lang), fo.consent_note(ctx.run("case_left_out"), lang), fo.rule_text(ind, lang)):
    if note:
        st.caption(note)
silent = ctx.run("completeness.silent_partners")          # silent > 60 days: a link to the data-quality page
if silent:
    st.warning(" ".join(ctx.t("co_silent", partner=ctx.code("partner", p), days=d) for p, d in silent), icon="📭")
    charts.page_link("pages/5_qualite.py", label=ctx.t("co_silent_link"), icon="🔎", query_params=links)

# ---- progress over time (before the long table: the chart, and plotly.js, arrive early)
st.subheader(ctx.t("ov_progress"))
options = fo.count_options(ind)


@st.fragment      # choosing another indicator reruns this part only, not the cards and the logframe tables
def progress_part():
    asked = st.query_params.get("indicateur")  # the indicator's id in the URL (a bound widget would write its label)
    iid = st.selectbox(ctx.t("ov_choose"), options, key="indicateur", width=560,
                       index=options.index(asked if asked in options else "children_life_skills"),
                       format_func=lambda i: i18n.indicator(i, lang))
    st.query_params["indicateur"] = iid
    curve = fo.progress(ctx.run("indicator_monthly"), ind, iid, lang)
    if curve is None:
        charts.empty(lang, i18n.indicator(iid, lang))
    else:
        fig, curve_table, note = curve
        charts.show(fig, curve_table, lang, f"progression_{iid}", figure_key=getattr(curve, "key", None))
        st.caption(note)


progress_part()

# ---- the logframe, grouped by specific objective and expected result
st.subheader(ctx.t("ov_logframe"))
table = fo.logframe_table(ind, lang, k)
for os_code, results in fo.logframe_groups(table):
    st.markdown(f"##### {i18n.result_label(os_code, lang)}")
    for r_code, rows in results:       # HTML, the result's label its caption, made once per rows and language
        charts.static_table(fo.table_cells, rows, lang, title=i18n.result_label(r_code, lang))
        with st.container(horizontal=True, gap="small"):      # each row's indicator in the explorer, same filters
            for iid in rows["id"]:
                charts.page_link(fe.EXPLORER_PAGE, label=i18n.indicator_short(iid, lang), icon="🔍",
                                 help=ctx.t("ex_link_help"), query_params=fe.explorer_params(iid, links))
charts.download(lambda: fo.logframe_csv(table, lang), lang, "cadre_logique", "logframe")   # made when asked for
