"""« Qualité des données » (page 5): what was loaded, who reports, the rows left out or suspicious.

key -> (French, English).
"""

TEXT: dict[str, tuple[str, str]] = {
    "dq_intro": ("Cette page décrit les extraits tels qu'ils ont été chargés : elle **ignore les filtres** de la "
                 "barre latérale.",
                 "This page describes the extracts as they were loaded: it **ignores the sidebar filters**."),
    "dq_loaded": ("Ce qui a été chargé", "What was loaded"),
    "dq_synthetic": ("Données **fictives** de démonstration (générateur : {g}).",
                     "**Fictitious** demo data (generator: {g})."),
    "dq_real": ("Extraits **réels** des partenaires, chargés depuis `{d}`.",
                "**Real** partner extracts, loaded from `{d}`."),
    "dq_real_no_path": ("Extraits **réels** des partenaires.", "**Real** partner extracts."),
    "dq_ignored_none": ("Aucune colonne hors du contrat de données.", "No column outside the data contract."),
    "dq_ignored": ("Colonnes hors du contrat, ignorées : {cols}.", "Columns outside the contract, ignored: {cols}."),
    "dq_partners": ("Dernière activité par partenaire", "Last activity per partner"),
    "dq_partners_note": ("Jours comptés de la dernière activité (ou étape de cas) du partenaire jusqu'au {d}, "
                         "dernière date présente dans les données. Un partenaire sans activité depuis longtemps a "
                         "peut-être cessé de transmettre ses données.",
                         "Days counted from the partner's last activity (or case step) up to {d}, the last date in "
                         "the data. A partner with no activity for a long time may have stopped sending data."),
    "dq_issues": ("Lignes exclues ou suspectes", "Rows left out or suspicious"),
    "dq_issues_none": ("Aucune ligne exclue ni suspecte.", "No row left out or suspicious."),
    "dq_issues_banded": ("Pour les tables de cas, les effectifs sont donnés par tranche (« < 5 », « 5–9 »…) "
                         "pour protéger les enfants.",
                         "For the case tables, counts are given as bands (“< 5”, “5–9”…) to protect the children."),
    "dq_rows_title": ("Détail ligne par ligne (réservé au responsable des données)",
                      "Row by row (data owner only)"),
    "dq_rows_owner": ("Ces identifiants (codes de cas compris) permettent de corriger les extraits à la source : "
                      "ne les diffusez pas.",
                      "These keys (case codes included) let you fix the extracts at the source: do not share them."),
    "dq_left_out_title": ("Ce que les indicateurs laissent de côté", "What the indicators leave out"),
    "dq_left_out": (
        "- **Présences à une activité inconnue** ou **d'une personne non enregistrée** : la ligne de présence est "
        "ignorée ; la personne n'est pas comptée dans les indicateurs de personnes formées ou sensibilisées.\n"
        "- **Cas sans étape « identifié »** : le cas n'entre dans aucune cohorte ; il n'apparaît dans aucun "
        "chiffre de cas.\n"
        "- **Cas sans consentement** (`consent_reporting` faux ou inconnu) : exclus de toutes les vues sauf celle du "
        "responsable des données ; les pages de cas disent combien, par tranche.\n"
        "- **Étapes, services et tests rattachés à un code inconnu** : ignorés.\n"
        "- **Étapes atteintes après la fin de la période** : non comptées pour la cohorte de la période.\n"
        "- **Sexe non renseigné** : compté dans les totaux, jamais dans les colonnes filles / garçons.\n"
        "- **Émissions radio** (sans localité) : comptées dans les personnes sensibilisées de la commune, mais "
        "absentes de la carte.\n"
        "- **Cas identifiés dans un village** : comptés dans les indicateurs de la commune, jamais montrés par "
        "village.",
        "- **Attendance at an unknown activity** or **by an unregistered person**: the attendance row is ignored; "
        "the person is not counted in the trained or sensitised people indicators.\n"
        "- **Cases without an “identifié” (identified) step**: the case enters no cohort and appears in no case "
        "figure.\n"
        "- **Cases without consent** (`consent_reporting` false or unknown): left out of every view but the data owner's; "
        "the case pages say how many, as a band.\n"
        "- **Steps, services and tests linked to an unknown code**: ignored.\n"
        "- **Steps reached after the end of the period**: not counted for the period's cohort.\n"
        "- **Sex not recorded**: counted in the totals, never in the girls / boys columns.\n"
        "- **Radio programmes** (no locality): counted in the commune's people sensitised, but not on the map.\n"
        "- **Cases identified in a village**: counted in the commune's indicators, never shown by village."),
    "col_table": ("Extrait", "Extract"),
    "col_rows": ("Lignes", "Rows"),
    "col_first": ("Première date", "First date"),
    "col_last": ("Dernière date", "Last date"),
    "col_last_activity": ("Dernière activité", "Last activity"),
    "col_activities": ("Activités", "Activities"),
    "col_days_activity": ("Jours sans activité", "Days without activity"),
    "col_last_case_event": ("Dernière étape de cas", "Last case step"),
    "col_days_case": ("Jours sans étape de cas", "Days without case step"),
    "col_severity": ("Gravité", "Severity"),
    "col_problem": ("Problème", "Problem"),
    "col_n_rows": ("Lignes concernées", "Rows concerned"),
    "col_key": ("Identifiant", "Key"),
    "col_detail": ("Détail", "Detail"),
    "dq_own_rows": ("{n} lignes de votre organisation à corriger (droit « suivi de ses propres cas », consulté et "
                    "inscrit au journal) : corrigez-les dans vos fichiers, puis réimportez.",
                    "{n} rows of your organisation to fix (right « own follow-up », used and logged): fix them in "
                    "your files, then import again."),
    "dq_own_rows_none": ("Aucune ligne de votre organisation à corriger.", "No row of your organisation to fix."),
    "dq_own_rows_unknown": ("La liste des lignes de votre organisation n'est pas encore disponible : le responsable "
                            "des données suit les problèmes des extraits.",
                            "The list of your organisation's rows is not available yet: the data owner follows "
                            "the data problems."),
    "dq_all_partners": ("Les problèmes des extraits concernent tous les partenaires : ils sont suivis par le "
                        "responsable des données.",
                        "Data problems concern every partner: the data owner follows them."),
    # the problems of queries/dq_issues.sql: one key per problem code (dq_problem_<code>) ...
    "dq_problem_duplicate_key": ("identifiant en double", "duplicate key"),
    "dq_problem_commune_mismatch": ("commune différente de celle de la localité", "commune differs from the locality's"),
    "dq_problem_date_outside_project": ("date hors de la période du projet (avril 2020 – décembre 2022)",
                                        "date outside the project (April 2020 – December 2022)"),
    "dq_problem_activity_in_future": ("date dans le futur", "date in the future"),
    "dq_problem_end_before_start": ("date de fin avant la date de début", "end date before start date"),
    "dq_problem_focus_group_no_facilitator": ("focus group sans pair éducateur animateur connu",
                                              "focus group without a known peer-educator facilitator"),
    "dq_problem_negative_count": ("effectif négatif", "negative count"),
    "dq_problem_child_without_setting": ("enfant sans cadre (site / école)", "child without setting (site / school)"),
    "dq_problem_sex_not_recorded": ("sexe non renseigné", "sex not recorded"),
    "dq_problem_attendance_unknown_activity": ("présence à une activité inconnue (ligne exclue)",
                                               "attendance at an unknown activity (row left out)"),
    "dq_problem_attendance_unknown_person": ("présence d'une personne non enregistrée (ligne exclue)",
                                             "attendance of an unregistered person (row left out)"),
    "dq_problem_test_unknown_person": ("test d'une personne non enregistrée (ligne exclue)",
                                       "test of an unregistered person (row left out)"),
    "dq_problem_score_above_max": ("score supérieur au score maximum ou maximum nul",
                                   "score above the maximum, or maximum of zero"),
    "dq_problem_no_identified_step": ("aucune étape « identifié » : cas exclu de la cohorte",
                                      "no “identified” step: case left out of the cohort"),
    "dq_problem_age_out_of_range": ("âge hors de 0 à 17 ans", "age outside 0–17"),
    "dq_problem_case_in_village": ("cas identifié dans un village et non sur un site aurifère",
                                   "case identified in a village, not on a gold-mining site"),
    "dq_problem_consent_refused": ("consentement refusé : cas exclu des vues agrégées",
                                   "consent refused: case left out of aggregate views"),
    "dq_problem_consent_unknown": ("consentement inconnu : cas exclu des vues agrégées",
                                   "consent unknown: case left out of aggregate views"),
    "dq_problem_event_unknown_case": ("étape d'un cas inconnu (ligne exclue)", "step of an unknown case (row left out)"),
    "dq_problem_event_before_identification": ("étape datée avant l'identification", "step dated before identification"),
    "dq_problem_stage_without_previous": ("étape atteinte sans l'étape précédente",
                                          "stage reached without the previous stage"),
    "dq_problem_event_in_future": ("date dans le futur", "date in the future"),
    "dq_problem_service_unknown_case": ("service d'un cas inconnu (ligne exclue)",
                                        "service of an unknown case (row left out)"),
    "dq_problem_milestone_in_future": ("jalon atteint dans le futur", "milestone achieved in the future"),
    # ... and the detail of a row, from its values (dq_detail_<code>; without a key: the values as they come,
    # dates written dd/mm/yyyy; dq_detail_<code>_empty: when the row has no value)
    "dq_detail_commune_mismatch": ("{value} ≠ {expected} ({locality})", "{value} ≠ {expected} ({locality})"),
    "dq_detail_end_before_start": ("{on_date} → {other_date}", "{on_date} → {other_date}"),
    "dq_detail_focus_group_no_facilitator_empty": ("facilitator_id vide", "facilitator_id empty"),
    "dq_detail_score_above_max": ("{value} / {expected}", "{value} / {expected}"),
    "dq_detail_event_before_identification": ("{value} le {on_date}, identifié le {other_date}",
                                              "{value} on {on_date}, identified on {other_date}"),
    "dq_detail_stage_without_previous": ("{value} sans {expected}", "{value} without {expected}"),
    "dq_detail_event_in_future": ("{value} le {on_date}", "{value} on {on_date}"),
}
