"""Qualité des données — what was loaded (extracts, rows, dates, ignored columns, demo or real), which
partner has stopped reporting, and which rows the indicators leave out or look wrong, and why?
"""
import streamlit as st

from dashboard import access, charts, data, fmt
from dashboard import fig_quality as fq
from dashboard import fig_completeness as fco
from dashboard.sidebar import page_setup
from queries import Filters

ctx = page_setup("page_quality")
lang, ds = ctx.lang, ctx.dataset
st.info(ctx.t("dq_intro"), icon="ℹ️")

# --- what was loaded
st.subheader(ctx.t("dq_loaded"))
st.markdown(fq.dataset_line(ds.meta, ds.data_dir if ctx.can("see_data_folder") else None, ds.synthetic, lang))
st.markdown(fq.ignored_line(ds.ignored_columns, lang))
summary = data.run("dq_load_summary", Filters(), ctx.scope)     # the role's own rows, no filters
scoped = ctx.scope.communes is not None or ctx.scope.partners is not None   # a partner: the extracts are not
if not scoped:                                                              # scoped, their totals are not shown
    loaded = fq.load_table(summary, lang, exact=ctx.can("see_dq_exact"), k=ctx.scope.min_cell)
    charts.dataframe(loaded)
    charts.download(loaded, lang, "extraits_charges", "loaded")

# --- who reports
st.subheader(ctx.t("dq_partners"))
ref = data.run_plain("dq_last_date")        # the data's last day (any partner), the same for every role
partners = fq.last_activity(data.run("dq_last_activity", Filters(), ctx.scope), ref, lang, ctx.scope.partners)
charts.dataframe(partners)
st.caption(ctx.t("dq_partners_note", d=fmt.day(ref, lang)))
charts.download(partners, lang, "derniere_activite_partenaires", "partners")

# --- reporting completeness and timeliness (partner x month; arrival from the import versions)
st.subheader(ctx.t("co_title"))
st.caption(ctx.t("co_intro"))
charts.draw(fco.heatmap(ctx.run("completeness.completeness"), lang), lang, "completude_mois", ctx.t("co_title"))
done = fco.summary_table(ctx.run("completeness.completeness_summary"), lang)
charts.dataframe(done)
charts.download(done, lang, "completude_partenaires", "completeness")
st.markdown(f"**{ctx.t('co_timeliness')}**")
arrival = ctx.run("completeness.arrival_delays")
if not arrival["versions"]:
    st.caption(ctx.t("co_no_versions"))
else:
    late = fco.delays_table(arrival["rows"], lang)
    charts.dataframe(late)
    charts.download(late, lang, "promptitude_partenaires", "timeliness")
    st.caption(ctx.t("co_method", n=arrival["unknown"]))

# --- rows left out or suspicious
st.subheader(ctx.t("dq_issues"))
issues = data.run("dq_issues", Filters(), ctx.scope)
counts = None if scoped else fq.issue_counts(issues, lang, exact=ctx.can("see_dq_exact"), k=ctx.scope.min_cell)
if scoped:     # a partner: its own rows with the right « suivi_cas », else nothing row by row
    right = ctx.can("follow_own")
    own = access.own_rows(issues, ctx.scope) if right else None
    if not right:
        st.info(ctx.t("dq_all_partners"))
    elif own is None:
        st.info(ctx.t("dq_own_rows_unknown"))
    elif own.empty:
        st.success(ctx.t("dq_own_rows_none"), icon="✅")
    else:
        access.use_right(access.FOLLOW_UP, "lignes_a_corriger", len(own))
        st.warning(ctx.t("dq_own_rows", n=len(own)), icon="🔐")
        rows = fq.issue_rows(own, lang)
        charts.dataframe(rows)
        charts.download(rows, lang, "lignes_a_corriger", "issue_rows")
elif counts is None:
    st.success(ctx.t("dq_issues_none"), icon="✅")
else:
    charts.dataframe(counts)
    charts.download(counts, lang, "problemes_par_type", "issue_counts")
    if not ctx.can("see_dq_exact"):
        st.caption(ctx.t("dq_issues_banded"))
    if ctx.can("see_dq_rows"):
        # the rows themselves are sent to the browser only while this is open
        rows_part = st.expander(ctx.t("dq_rows_title"), key="dq_rows", on_change="rerun")
        if rows_part.open:
            with rows_part:
                st.warning(ctx.t("dq_rows_owner"), icon="🔐")
                rows = fq.issue_rows(issues, lang)
                charts.dataframe(rows)
                charts.download(rows, lang, "lignes_a_corriger", "issue_rows")

st.subheader(ctx.t("dq_left_out_title"))
st.markdown(ctx.t("dq_left_out"))
