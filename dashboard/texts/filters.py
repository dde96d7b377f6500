"""The sidebar: filters, periods, the context line of a view, the export buttons.

key -> (French, English).
"""

TEXT: dict[str, tuple[str, str]] = {
    "filters": ("Filtres", "Filters"),
    "language": ("Langue", "Language"),
    "communes": ("Communes", "Communes"),
    "localities": ("Localités", "Localities"),
    "partner": ("Partenaires", "Partners"),
    "period": ("Période", "Period"),
    "sex": ("Sexe", "Sex"),
    "all": ("Tous", "All"),
    "all_f": ("Toutes", "All"),
    "choose": ("Toutes", "All"),
    "start": ("Du", "From"),
    "end": ("Au", "To"),
    "whole_project": ("Tout le projet", "Whole project"),
    "custom": ("Dates personnalisées", "Custom dates"),
    "year": ("Année {y}", "Year {y}"),
    "quarter": ("{q}e trimestre {y}", "Q{q} {y}"),
    "reset": ("Réinitialiser les filtres", "Reset filters"),
    "share_hint": ("Le lien de la page garde ces filtres : copiez-le pour partager cette vue.",
                   "The page link keeps these filters: copy it to share this view."),
    "context": ("{period} · {communes} · {partners} · {sex}", "{period} · {communes} · {partners} · {sex}"),
    "all_communes": ("Nouga et Kaniogo", "Nouga and Kaniogo"),
    "all_partners": ("tous partenaires", "all partners"),
    "all_sexes": ("tous sexes", "both sexes"),
    "download_data": ("Données", "Data"),
    "download_csv": ("Tableau CSV", "Table as CSV"),
    "download_xlsx": ("Tableau Excel", "Table as Excel"),
    "exports": ("Exporter cette vue", "Export this view"),
    "report_html": ("Rapport HTML (hors ligne)", "HTML report (offline)"),
    "report_pdf": ("Rapport PDF", "PDF report"),
    "logframe_xlsx": ("Cadre logique (Excel, bailleur)", "Logframe (Excel, donor)"),
    "exports_hint": ("Avec les filtres et la langue en cours ; le rapport HTML s'ouvre sans internet.",
                     "With the current filters and language; the HTML report opens without internet."),
}
