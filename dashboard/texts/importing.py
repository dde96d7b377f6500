"""« Importer des données » (page 6): template and forms, upload, dry run, import, versions.

The import report itself (status, sheets recognised, problems) is written by the `importer` package, in
French. key -> (French, English).
"""

TEXT: dict[str, tuple[str, str]] = {
    "im_owner_only": ("Cette page est réservée au responsable des données (administrateur du suivi-évaluation).",
                      "This page is for the data owner (the monitoring and evaluation administrator) only."),
    "im_new": ("Lignes nouvelles", "New rows"),
    "im_known": ("Déjà enregistrées", "Already recorded"),
    "im_rejected": ("Rejetées", "Rejected"),
    "im_sheet_table": ("table `{table}`, {how} (en-têtes ligne {row})", "table `{table}`, {how} (headers on row {row})"),
    "im_dropped": ("Colonnes écartées, jamais enregistrées (données personnelles possibles) : {cols}",
                   "Columns left out, never recorded (possibly personal data): {cols}"),
    "im_problems": ("**{n} problème(s)** — ligne = numéro de ligne dans le tableur (en-têtes = 1) ; le rapport CSV "
                    "les donne tous, avec la valeur et le champ du contrat",
                    "**{n} problem(s)** — row = row number in the spreadsheet (headers = 1); the CSV report gives "
                    "them all, with the value and the field of the contract"),
    "im_report_csv": ("Télécharger le rapport (CSV)", "Download the report (CSV)"),
    "im_intro": ("Les fichiers des partenaires (modèle rempli, tableaux aux colonnes du contrat, exports "
                 "KoboToolbox) sont vérifiés ligne par ligne. Rien n'est écrit avant « Importer » ; un import crée "
                 "une **nouvelle version** des données et l'ancienne reste disponible. Les colonnes de noms, "
                 "téléphones, adresses, photos ou positions GPS ne sont jamais enregistrées.",
                 "The partners' files (filled-in template, tables with the contract's columns, KoboToolbox "
                 "exports) are checked row by row. Nothing is written before « Importer » (Import); an import "
                 "creates a **new version** of the data and the previous one stays available. Columns of names, "
                 "phone numbers, addresses, photos or GPS positions are never recorded."),
    "im_template": ("Modèle à remplir (XLSX)", "Template to fill in (XLSX)"),
    "im_forms": ("Formulaires KoboToolbox (XLSForm, ZIP)", "KoboToolbox forms (XLSForm, ZIP)"),
    "im_last": ("Résultat du dernier import", "Result of the last import"),
    "im_check": ("Vérifier puis importer", "Check, then import"),
    "im_files": ("Fichiers XLSX ou CSV", "XLSX or CSV files"),
    "im_files_help": ("Plusieurs fichiers à la fois : par exemple l'export KoboToolbox et la liste des participants.",
                      "Several files at once: for example the KoboToolbox export and the list of participants."),
    "im_demo": ("Les données en vigueur sont les **données fictives de démonstration**. Des données réelles ne s'y "
                "mélangent pas : cochez la case pour les remplacer (l'import part d'extraits vides ; la "
                "démonstration reste disponible comme version précédente).",
                "The data in force are the **fictitious demo data**. Real data are not mixed with them: tick the "
                "box to replace them (the import starts from empty extracts; the demo stays available as the "
                "previous version)."),
    "im_replace_demo": ("Remplacer les données de démonstration", "Replace the demo data"),
    "im_checking": ("Vérification…", "Checking…"),
    "im_preview": ("Aperçu (simulation, rien n'est écrit)", "Preview (dry run, nothing is written)"),
    "im_import": ("Importer", "Import"),
    "im_import_help": ("Ajoute les lignes acceptées dans une nouvelle version ; les lignes rejetées ne sont pas "
                       "importées.",
                       "Adds the accepted rows in a new version; the rejected rows are not imported."),
    "im_importing": ("Import…", "Importing…"),
    "im_versions": ("Versions des données", "Data versions"),
    "im_no_version": ("Aucune version : aucun import n'a encore été fait dans {d}.",
                      "No version: no import has been made in {d} yet."),
    "im_col_in_force": ("En vigueur", "In force"),
    "im_col_created": ("Créée le", "Created on"),
    "im_col_fictitious": ("Fictives", "Fictitious"),
    "im_col_rows": ("Lignes", "Rows"),
    "im_col_origin": ("Origine", "Origin"),
    "im_col_version": ("Version", "Version"),
    "im_restore_choice": ("Remettre en vigueur la version", "Put back in force the version"),
    "im_restore": ("Remettre en vigueur", "Put back in force"),
    "im_restored": ("Version {v} remise en vigueur.", "Version {v} put back in force."),
    "im_cli": ("En ligne de commande : `python -m importer FICHIER… --data DOSSIER --dry-run`, "
               "`python -m importer versions`, `python -m importer restore VERSION`.",
               "On the command line: `python -m importer FILE… --data FOLDER --dry-run`, "
               "`python -m importer versions`, `python -m importer restore VERSION`."),
    # the importer's report columns (importer/report.py writes them in French): their names on screen
    "im_h0": ("Gravité", "Severity"),
    "im_h1": ("Ligne", "Row"),
    "im_h2": ("Colonne", "Column"),
    "im_h3": ("Problème → suggestion", "Problem → suggestion"),
    "im_h4": ("Valeur", "Value"),
    "im_h5": ("Fichier › feuille", "File › sheet"),
    "im_h6": ("Table", "Table"),
    "im_h7": ("Libellé", "Label"),
    "im_h8": ("Lues", "Read"),
    "im_h9": ("Nouvelles", "New"),
    "im_h10": ("Déjà enregistrées", "Already stored"),
    "im_h11": ("Rejetées", "Rejected"),
    "im_h12": ("Doublons identiques", "Identical duplicates"),
    "im_h13": ("Exemples ignorés", "Examples skipped"),
}
