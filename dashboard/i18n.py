"""Every word the dashboard shows, in French (default) and English, in one place.

`t(key, lang, **kw)` for interface text; `code(kind, value, lang)` for the codes of
the data contract; `indicator(id, lang)` for logframe labels (from the reference CSV).
"""
from __future__ import annotations

from functools import lru_cache

import queries

LANGS = ("fr", "en")

# code labels: kind -> code -> (fr, en)
CODES: dict[str, dict[str, tuple[str, str]]] = {
    "commune": {"NOUGA": ("Nouga", "Nouga"), "KANIOGO": ("Kaniogo", "Kaniogo")},
    "locality": {
        "KOKOYO": ("Kokoyo (site aurifère)", "Kokoyo (gold-mining site)"),
        "KOFLATIE": ("Koflatié (site aurifère)", "Koflatié (gold-mining site)"),
        "DANGA": ("Danga", "Danga"), "TOMBOLA": ("Tombola", "Tombola"),
        "TEGUE": ("Tégué", "Tégué"), "SOMBO": ("Sombo", "Sombo"),
    },
    "locality_short": {
        "KOKOYO": ("Kokoyo", "Kokoyo"), "KOFLATIE": ("Koflatié", "Koflatié"),
        "DANGA": ("Danga", "Danga"), "TOMBOLA": ("Tombola", "Tombola"),
        "TEGUE": ("Tégué", "Tégué"), "SOMBO": ("Sombo", "Sombo"),
        "": ("Toute la commune (radio)", "Commune-wide (radio)"),
    },
    "partner": {"CASE_SAHEL": ("CASE SAHEL", "CASE SAHEL"), "ENDA_MALI": ("ENDA MALI/RAO", "ENDA MALI/RAO"),
                "ACESEM": ("ACESEM", "ACESEM")},
    "sex": {"F": ("Filles / femmes", "Girls / women"), "M": ("Garçons / hommes", "Boys / men"),
            "NR": ("Non renseigné", "Not recorded")},
    "sex_child": {"F": ("Filles", "Girls"), "M": ("Garçons", "Boys"), "NR": ("Non renseigné", "Not recorded")},
    "sex_group": {"girls": ("Filles", "Girls"), "boys": ("Garçons", "Boys"),
                  "women": ("Femmes", "Women"), "men": ("Hommes", "Men")},
    "setting": {"site": ("Sur les sites", "On the sites"), "ecole": ("Dans les écoles", "In schools")},
    "role": {"enfant": ("Enfant", "Child"), "pair_educateur": ("Pair éducateur", "Peer educator"),
             "membre_ccpe": ("Membre de CCPE", "CCPE member"),
             "travailleur_social": ("Travailleur social", "Social worker"),
             "acteur_institutionnel": ("Acteur institutionnel", "Institutional actor")},
    "activity_type": {
        "formation_pairs": ("Formation des pairs éducateurs", "Peer-educator training"),
        "focus_group": ("Focus group", "Focus group"),
        "causerie": ("Causerie", "Community talk"),
        "radio": ("Émission radio", "Radio programme"),
        "theatre_forum": ("Théâtre forum", "Forum theatre"),
        "caravane": ("Caravane", "Caravan"),
        "atelier_ccpe": ("Atelier CCPE", "CCPE workshop"),
        "atelier_plan_action": ("Atelier plan d'action", "Action-plan workshop"),
        "formation_travailleurs_sociaux": ("Formation des travailleurs sociaux", "Social-worker training"),
        "formation_acteurs": ("Formation des acteurs institutionnels", "Institutional-actor training"),
        "atelier_plaidoyer": ("Atelier plaidoyer", "Advocacy workshop"),
        "autre": ("Autre", "Other"),
    },
    "stage": {
        "identifie": ("Identifié", "Identified"), "evalue": ("Évalué", "Assessed"),
        "pris_en_charge": ("Pris en charge", "In care"), "retour_famille": ("Retour en famille", "Returned to family"),
        "reinsertion": ("Réinsertion", "Reinsertion"), "cloture": ("Clôturé", "Closed"),
    },
    "service": {
        "psychosocial": ("Psychosocial", "Psychosocial"), "medical": ("Médical", "Medical"),
        "sanitaire": ("Sanitaire", "Health"), "alimentaire": ("Alimentaire", "Food"),
        "hebergement": ("Hébergement", "Shelter"), "vestimentaire": ("Vestimentaire", "Clothing"),
        "juridique": ("Juridique", "Legal"),
    },
    "reinsertion_type": {
        "reunification_familiale": ("Réunification familiale", "Family reunification"),
        "formation_professionnelle": ("Formation professionnelle", "Vocational training"),
        "agr": ("Activité génératrice de revenus", "Income-generating activity"),
        "scolarisation": ("Scolarisation", "Schooling"),
    },
    "exploitation": {
        "prostitution_forcee": ("Prostitution forcée", "Forced prostitution"),
        "abus_contre_avantages": ("Abus contre avantages", "Abuse for benefits"),
        "pornographie": ("Pornographie", "Pornography"), "autre": ("Autre", "Other"),
    },
    "referral_source": {
        "pair_educateur": ("Pair éducateur", "Peer educator"), "ccpe": ("CCPE", "CCPE"),
        "tomboloma": ("Tomboloma (gestion du site)", "Tomboloma (site management)"),
        "brigade": ("Brigade anti-traite", "Anti-trafficking brigade"),
        "communaute": ("Communauté", "Community"), "auto_signalement": ("Auto-signalement", "Self-referral"),
        "autre": ("Autre", "Other"),
    },
    "milestone_kind": {
        "ccpe_operationnel": ("CCPE opérationnel", "CCPE operational"),
        "plan_action": ("Plan d'action", "Action plan"),
        "strategie_plaidoyer": ("Stratégie de plaidoyer", "Advocacy strategy"),
        "integration_pdesc": ("Intégration au PDESC", "PDESC integration"),
    },
    "milestone_status": {
        "a_temps": ("Atteint à temps", "Achieved on time"), "en_retard": ("Atteint en retard", "Achieved late"),
        "depasse": ("En retard, non atteint", "Overdue"), "prevu": ("Prévu", "Planned"),
    },
    "assessment_kind": {"pre": ("Avant (pré-test)", "Before (pre-test)"), "post": ("Après (post-test)", "After (post-test)")},
    "metric": {
        "children_reached": ("Enfants touchés", "Children reached"),
        "people_sensitised": ("Personnes sensibilisées", "People sensitised"),
        "focus_groups": ("Focus groups", "Focus groups"),
        "cases_identified": ("Cas identifiés (sites)", "Cases identified (sites)"),
    },
    "age_group": {g: (g.replace("+", " ans et +") if "+" in g else g + " ans", g + " yrs") for g in ("<12", "12-14", "15-17", "18+")},
    "nationality": {
        "MLI": ("Mali", "Mali"), "BFA": ("Burkina Faso", "Burkina Faso"), "GIN": ("Guinée", "Guinea"),
        "CIV": ("Côte d'Ivoire", "Côte d'Ivoire"), "NER": ("Niger", "Niger"), "NGA": ("Nigeria", "Nigeria"),
        "SEN": ("Sénégal", "Senegal"), "BEN": ("Bénin", "Benin"), "TGO": ("Togo", "Togo"), "GHA": ("Ghana", "Ghana"),
        "GMB": ("Gambie", "Gambia"), "GNB": ("Guinée-Bissau", "Guinea-Bissau"), "LBR": ("Liberia", "Liberia"),
        "SLE": ("Sierra Leone", "Sierra Leone"), "CPV": ("Cap-Vert", "Cape Verde"), "MRT": ("Mauritanie", "Mauritania"),
    },
    "status": {"met": ("Atteint", "Met"), "not_met": ("Non atteint", "Not met"), "on_track": ("En bonne voie", "On track"),
               "late": ("En retard", "Behind"), "very_late": ("Très en retard", "Far behind"),
               "too_recent": ("Cohorte trop récente", "Cohort too recent"),
               "no_target": ("Sans cible à cette échelle", "No target at this level"), "no_data": ("Sans donnée", "No data")},
}

# interface text: key -> (fr, en)
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
    "filters": ("Filtres", "Filters"),
    "owner_only": ("Cette page est réservée au responsable des données (S&E ECPAT).",
                   "This page is for the data owner (ECPAT M&E) only."),
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
    "download_csv": ("Tableau CSV", "Table as CSV"),
    "download_xlsx": ("Tableau Excel", "Table as Excel"),
    "exports": ("Exporter cette vue", "Export this view"),
    "report_html": ("Rapport HTML (hors ligne)", "HTML report (offline)"),
    "report_pdf": ("Rapport PDF", "PDF report"),
    "logframe_xlsx": ("Cadre logique (Excel, bailleur)", "Logframe (Excel, donor)"),
    "exports_hint": ("Avec les filtres et la langue en cours ; le rapport HTML s'ouvre sans internet.",
                     "With the current filters and language; the HTML report opens without internet."),
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
}


def _idx(lang: str) -> int:
    return 1 if lang == "en" else 0


def t(key: str, lang: str = "fr", **kw) -> str:
    s = TEXT[key][_idx(lang)]
    return s.format(**kw) if kw else s


def code(kind: str, value, lang: str = "fr") -> str:
    if value is None or (isinstance(value, float) and value != value):
        value = "NR" if kind.startswith("sex") else ""
    pair = CODES.get(kind, {}).get(value)
    return pair[_idx(lang)] if pair else str(value)


def codes(kind: str, lang: str = "fr") -> dict[str, str]:
    return {k: v[_idx(lang)] for k, v in CODES[kind].items()}


@lru_cache(maxsize=8)
def _labels(which: str, key: str, lang: str) -> dict[str, str]:
    """{code: label} of the logframe or the results (built once, not an index per call)."""
    df = queries.logframe() if which == "logframe" else queries.results()
    return dict(zip(df[key], df["label_en" if lang == "en" else "label_fr"]))


def indicator(ind_id: str, lang: str = "fr") -> str:
    return _labels("logframe", "id", lang)[ind_id]


def indicator_short(ind_id: str, lang: str = "fr") -> str:
    lf = queries.logframe().set_index("id")
    return lf.loc[ind_id, "short_en" if lang == "en" else "short_fr"]


def result_label(code_: str, lang: str = "fr") -> str:
    return _labels("results", "code", lang)[code_]
