"""Words of every page: the application, the page names, the shared column labels, the data messages.

key -> (French, English).
"""

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Kangaba — protection de l'enfance", "Kangaba — child protection"),
    "project": ("Lutte contre la traite des enfants à des fins sexuelles sur les sites aurifères de Kokoyo et Koflatié "
                "(cercle de Kangaba, Mali) — ECPAT Luxembourg, CASE SAHEL, ENDA MALI/RAO, ACESEM, avril 2020 – décembre 2022",
                "Fighting the trafficking of children for sexual purposes on the Kokoyo and Koflatié gold-mining sites "
                "(cercle of Kangaba, Mali) — ECPAT Luxembourg, CASE SAHEL, ENDA MALI/RAO, ACESEM, April 2020 – December 2022"),
    "demo_banner": ("**Données fictives de démonstration** : générées automatiquement, elles ne décrivent aucun enfant ni "
                    "aucune personne réelle.",
                    "**Fictitious demo data**: generated automatically, they describe no real child or person."),
    "nav": ("Pages", "Pages"),
    "page_overview": ("Vue d'ensemble", "Overview"),
    "page_sensitisation": ("Sensibilisation", "Awareness"),
    "page_cases": ("Prise en charge", "Case management"),
    "page_map": ("Carte", "Map"),
    "page_capacity": ("Renforcement et plaidoyer", "Capacity and advocacy"),
    "page_quality": ("Qualité des données", "Data quality"),
    "page_import": ("Importer des données", "Import data"),
    "page_journal": ("Journal d'audit", "Audit log"),
    "page_presentation": ("Présentation", "Presentation"),
    "owner_only": ("Cette page est réservée au responsable des données (S&E ECPAT).",
                   "This page is for the data owner (ECPAT M&E) only."),
    "no_data": ("Aucune donnée pour ces filtres : élargissez la période, les communes ou les partenaires.",
                "No data for these filters: widen the period, communes or partners."),
    "hidden_cell": ("< {k}", "< {k}"),
    "hidden_note": ("« < {k} » : de 0 à {km1} cas ; les autres effectifs de cas sont arrondis à 5 près, pour "
                    "protéger les enfants.",
                    "“< {k}”: 0 to {km1} cases; the other case counts are rounded to 5, to protect the children."),
    "left_out_consent": ("Cas non affichés faute de consentement : {band}.", "Cases not shown for lack of consent: {band}."),
    "data_error": ("Les données ne peuvent pas être affichées.", "The data cannot be shown."),
    "data_error_help": ("Corrigez le fichier indiqué puis rechargez la page. Rien n'a été modifié dans les données.",
                        "Fix the file named above, then reload the page. Nothing was changed in the data."),
    "generating_demo": ("Aucun extrait trouvé : génération des données fictives de démonstration…",
                        "No extract found: generating the fictitious demo data…"),
    "value": ("Valeur", "Value"),
    "target": ("Cible", "Target"),
    "pct_target": ("% de la cible", "% of target"),
    "female": ("Filles / femmes", "Girls / women"),
    "male": ("Garçons / hommes", "Boys / men"),
    "indicator": ("Indicateur", "Indicator"),
    "objective": ("Objectif", "Objective"),
    "result": ("Résultat", "Result"),
    "baseline": ("Situation de référence", "Baseline"),
    "status": ("Statut", "Status"),
    "month": ("Mois", "Month"),
    "quarter_col": ("Trimestre", "Quarter"),
    "count": ("Effectif", "Count"),
    "participations": ("Participations", "Participations"),
    "children": ("Enfants", "Children"),
    "cases": ("Cas", "Cases"),
    "days": ("Jours", "Days"),
    "footer_sources": ("Fonds de carte : DNCT/OCHA/ITOS (COD Mali, HDX) ; GeoNames (CC BY 4.0) ; Natural Earth.",
                       "Base maps: DNCT/OCHA/ITOS (COD Mali, HDX); GeoNames (CC BY 4.0); Natural Earth."),
    "col_partner": ("Partenaire", "Partner"),
}
