"""Importer des données — how do the partners' files get into the dashboard without losing anything?

For the data owner only: the template and the KoboToolbox forms to download, the files to
upload, a dry run that shows every problem (file, sheet, row, column, value, suggestion), then
« Importer », which puts a new version of the extracts in force; earlier versions can be put back.
All the work is done by the `importer` package; this page only draws.
"""
import streamlit as st

import importer
from dashboard import access, data
from dashboard.sidebar import page_setup
from importer import Source, run_import, store

ctx = page_setup("page_import")
if not ctx.is_owner:
    st.error("Cette page est réservée au responsable des données (administrateur du suivi-évaluation).")
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


def show(res: importer.ImportResult, key: str) -> None:
    box = st.error if res.exit_code == 2 else st.warning if res.exit_code == 1 else st.success
    box(res.status, icon="📥")
    c1, c2, c3 = st.columns(3)
    c1.metric("Lignes nouvelles", res.new)
    c2.metric("Déjà enregistrées", res.accepted - res.new)
    c3.metric("Rejetées", res.rejected)
    for s in res.sheets:
        where = s.file + (f" › {s.sheet}" if s.sheet else "")
        st.caption(f"**{where}** → " + (f"table `{s.table}`, {s.how} (en-têtes ligne {s.header_row})"
                                         if s.table else s.how))
    if res.dropped:
        st.warning("Colonnes écartées, jamais enregistrées (données personnelles possibles) : "
                   + ", ".join(f"« {h} »" for _, _, h in res.dropped), icon="🔒")
    if res.counts:
        st.dataframe(res.counts_frame(), hide_index=True, width="stretch")
    problems = res.screen_frame()
    if len(problems):
        st.markdown(f"**{len(problems)} problème(s)** — ligne = numéro de ligne dans le tableur (en-têtes = 1) ; "
                    "le rapport CSV les donne tous, avec la valeur et le champ du contrat")
        st.dataframe(problems, hide_index=True, width="stretch",
                     column_config={"Gravité": st.column_config.TextColumn(width=95),
                                    "Ligne": st.column_config.TextColumn(width=45),
                                    "Colonne": st.column_config.TextColumn(width=150),
                                    "Problème → suggestion": st.column_config.TextColumn(width=560)})
    st.download_button("Télécharger le rapport (CSV)", res.csv_bytes(), file_name="rapport_import.csv",
                       mime="text/csv", on_click="ignore", icon="⬇️", key=f"report_{key}")


st.markdown("Les fichiers des partenaires (modèle rempli, tableaux aux colonnes du contrat, exports "
            "KoboToolbox) sont vérifiés ligne par ligne. Rien n'est écrit avant « Importer » ; un import crée "
            "une **nouvelle version** des données et l'ancienne reste disponible. Les colonnes de noms, "
            "téléphones, adresses, photos ou positions GPS ne sont jamais enregistrées.")
c1, c2 = st.columns(2)
c1.download_button("Modèle à remplir (XLSX)", template(), file_name="modele_import_kangaba.xlsx",
                   mime=XLSX, on_click="ignore", icon="⬇️", width="stretch")
c2.download_button("Formulaires KoboToolbox (XLSForm, ZIP)", forms_zip(), file_name="formulaires_kangaba.zip",
                   mime="application/zip", on_click="ignore", icon="📱", width="stretch")

last = st.session_state.pop("import_done", None)
if last is not None:
    st.subheader("Résultat du dernier import")
    show(last, "done")

st.subheader("Vérifier puis importer")
n = st.session_state.setdefault("import_uploads", 0)
files = st.file_uploader("Fichiers XLSX ou CSV", type=["xlsx", "csv"], accept_multiple_files=True,
                         key=f"import_files_{n}", help="Plusieurs fichiers à la fois : par exemple l'export "
                         "KoboToolbox et la liste des participants.")
replace = False
if ctx.dataset.synthetic:
    st.warning("Les données en vigueur sont les **données fictives de démonstration**. Des données réelles ne s'y "
               "mélangent pas : cochez la case pour les remplacer (l'import part d'extraits vides ; la "
               "démonstration reste disponible comme version précédente).", icon="🧪")
    replace = st.checkbox("Remplacer les données de démonstration", key="import_replace_demo")

if files:
    sources = [Source(f.name, f.getvalue()) for f in files]
    with st.spinner("Vérification…"):
        preview = run_import(sources, d, dry_run=True, replace_demo=replace)
    st.markdown("#### Aperçu (simulation, rien n'est écrit)")
    show(preview, "preview")
    if st.button("Importer", type="primary", disabled=preview.exit_code == 2 or preview.new == 0,
                 help="Ajoute les lignes acceptées dans une nouvelle version ; les lignes rejetées ne sont pas "
                      "importées."):
        with st.spinner("Import…"):
            st.session_state["import_done"] = run_import(sources, d, replace_demo=replace, who=who)
        st.session_state["import_uploads"] = n + 1
        st.rerun()

with st.expander("Versions des données"):
    store.tidy(d)                               # what an interrupted import left (unless one is running)
    versions = store.list_versions(d)
    if not versions:
        st.caption("Aucune version : aucun import n'a encore été fait dans " + str(d) + ".")
    else:
        st.dataframe(versions, hide_index=True, width="stretch",
                     column_config={"en_vigueur": st.column_config.CheckboxColumn("En vigueur"),
                                    "cree_le": "Créée le", "fictives": st.column_config.CheckboxColumn("Fictives"),
                                    "lignes": "Lignes", "origine": "Origine", "version": "Version"})
        others = [v["version"] for v in versions if not v["en_vigueur"]]
        if others:
            choice = st.selectbox("Remettre en vigueur la version", others[::-1], key="restore_choice")
            if st.button("Remettre en vigueur", key="restore_btn"):
                try:
                    importer.restore(d, choice, who=who)
                    st.toast(f"Version {choice} remise en vigueur.")
                    st.rerun()
                except store.StoreError as e:
                    st.error(str(e))
st.caption("En ligne de commande : `python -m importer FICHIER… --data DOSSIER --dry-run`, "
           "`python -m importer versions`, `python -m importer restore VERSION`.")
