"""Importer des données — how do the partners' files get into the dashboard without losing anything?

For the data owner only: the template and the KoboToolbox forms to download, the files to
upload, a dry run that shows every problem (file, sheet, row, column, value, suggestion), then
« Importer », which puts a new version of the extracts in force; earlier versions can be put back.
All the work is done by the `importer` package; this page only draws.
"""
import streamlit as st

import importer
from dashboard import access, data
from dashboard.i18n import t
from dashboard.sidebar import page_setup
from importer import Source, run_import, store

ctx = page_setup("page_import")
if not ctx.can("import"):
    st.error(ctx.t("im_owner_only"))
    st.stop()

d = data.data_dir()
who = access.current_user() or "démo"          # the signed-in login, in the audit trail
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_data(show_spinner=False)
def template() -> bytes:
    return importer.template_bytes()


@st.cache_data(show_spinner=False)
def forms_zip() -> bytes:
    from importer.xlsform import forms_zip as build
    return build()


# the importer's report columns (French in importer/report.py) in the page's language
HEADERS = {t(f"im_h{i}", "fr"): ctx.t(f"im_h{i}") for i in range(14)}


def show(res: importer.ImportResult, key: str) -> None:
    box = st.error if res.exit_code == 2 else st.warning if res.exit_code == 1 else st.success
    box(res.status, icon="📥")
    c1, c2, c3 = st.columns(3)
    c1.metric(ctx.t("im_new"), res.new)
    c2.metric(ctx.t("im_known"), res.accepted - res.new)
    c3.metric(ctx.t("im_rejected"), res.rejected)
    for s in res.sheets:
        where = s.file + (f" › {s.sheet}" if s.sheet else "")
        st.caption(f"**{where}** → " + (ctx.t("im_sheet_table", table=s.table, how=s.how, row=s.header_row)
                                         if s.table else s.how))
    if res.dropped:
        st.warning(ctx.t("im_dropped", cols=", ".join(f"« {h} »" for _, _, h in res.dropped)), icon="🔒")
    if res.counts:
        st.dataframe(res.counts_frame().rename(columns=HEADERS), hide_index=True, width="stretch")
    problems = res.screen_frame().rename(columns=HEADERS)
    if len(problems):
        st.markdown(ctx.t("im_problems", n=len(problems)))
        st.dataframe(problems, hide_index=True, width="stretch",
                     column_config={HEADERS["Gravité"]: st.column_config.TextColumn(width=95),
                                    HEADERS["Ligne"]: st.column_config.TextColumn(width=45),
                                    HEADERS["Colonne"]: st.column_config.TextColumn(width=150),
                                    HEADERS["Problème → suggestion"]: st.column_config.TextColumn(width=560)})
    st.download_button(ctx.t("im_report_csv"), res.csv_bytes(), file_name="rapport_import.csv",
                       mime="text/csv", on_click="ignore", icon="⬇️", key=f"report_{key}")


st.markdown(ctx.t("im_intro"))
c1, c2 = st.columns(2)
c1.download_button(ctx.t("im_template"), template(), file_name="modele_import_kangaba.xlsx",
                   mime=XLSX, on_click="ignore", icon="⬇️", width="stretch")
c2.download_button(ctx.t("im_forms"), forms_zip(), file_name="formulaires_kangaba.zip",
                   mime="application/zip", on_click="ignore", icon="📱", width="stretch")

last = st.session_state.pop("import_done", None)
if last is not None:
    st.subheader(ctx.t("im_last"))
    show(last, "done")

st.subheader(ctx.t("im_check"))
n = st.session_state.setdefault("import_uploads", 0)
files = st.file_uploader(ctx.t("im_files"), type=["xlsx", "csv"], accept_multiple_files=True,
                         key=f"import_files_{n}", help=ctx.t("im_files_help"))
replace = False
if ctx.dataset.synthetic:
    st.warning(ctx.t("im_demo"), icon="🧪")
    replace = st.checkbox(ctx.t("im_replace_demo"), key="import_replace_demo")

if files:
    sources = [Source(f.name, f.getvalue()) for f in files]
    with st.spinner(ctx.t("im_checking")):
        preview = run_import(sources, d, dry_run=True, replace_demo=replace)
    st.markdown("#### " + ctx.t("im_preview"))
    show(preview, "preview")
    if st.button(ctx.t("im_import"), type="primary", disabled=preview.exit_code == 2 or preview.new == 0,
                 help=ctx.t("im_import_help")):
        with st.spinner(ctx.t("im_importing")):
            st.session_state["import_done"] = run_import(sources, d, replace_demo=replace, who=who)
        st.session_state["import_uploads"] = n + 1
        st.rerun()

with st.expander(ctx.t("im_versions")):
    store.tidy(d)                               # what an interrupted import left (unless one is running)
    versions = store.list_versions(d)
    if not versions:
        st.caption(ctx.t("im_no_version", d=d))
    else:
        st.dataframe(versions, hide_index=True, width="stretch",
                     column_config={"en_vigueur": st.column_config.CheckboxColumn(ctx.t("im_col_in_force")),
                                    "cree_le": ctx.t("im_col_created"),
                                    "fictives": st.column_config.CheckboxColumn(ctx.t("im_col_fictitious")),
                                    "lignes": ctx.t("im_col_rows"), "origine": ctx.t("im_col_origin"),
                                    "version": ctx.t("im_col_version")})
        others = [v["version"] for v in versions if not v["en_vigueur"]]
        if others:
            choice = st.selectbox(ctx.t("im_restore_choice"), others[::-1], key="restore_choice")
            if st.button(ctx.t("im_restore"), key="restore_btn"):
                try:
                    importer.restore(d, choice, who=who)
                    st.toast(ctx.t("im_restored", v=choice))
                    st.rerun()
                except store.StoreError as e:
                    st.error(str(e))
st.caption(ctx.t("im_cli"))
