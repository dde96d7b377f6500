"""Reporting completeness and timeliness (a section of « Qualité des données », and the overview's link).

key -> (French, English).
"""

TEXT: dict[str, tuple[str, str]] = {
    "co_title": ("Complétude et promptitude des rapports", "Reporting completeness and timeliness"),
    "co_intro": ("Mois par mois, chaque partenaire a-t-il déclaré des activités ? Un mois sans aucune activité est "
                 "signalé. Les filtres de communes et de partenaires s'appliquent ici.",
                 "Month by month, did each partner report activities? A month without any activity is flagged. "
                 "The commune and partner filters apply here."),
    "co_heat_title": ("Activités déclarées par partenaire et par mois (case vide : mois sans rapport)",
                      "Activities reported per partner and month (empty cell: month without a report)"),
    "co_col_months": ("Mois", "Months"),
    "co_col_reported": ("Mois avec activités", "Months with activities"),
    "co_col_silent": ("Mois sans activité", "Months without activity"),
    "co_col_pct": ("Complétude", "Completeness"),
    "co_col_gap": ("Plus longue absence (mois)", "Longest gap (months)"),
    "co_col_last": ("Dernière activité", "Last activity"),
    "co_timeliness": ("Promptitude : délai entre l'activité et l'import qui l'a apportée",
                      "Timeliness: delay between the activity and the import that brought it"),
    "co_method": ("Méthode : les versions de l'import ne notent pas l'arrivée de chaque activité ; l'arrivée d'une "
                  "activité est la date de la première version dont l'extrait contient son identifiant. Les "
                  "activités déjà présentes dans la première version (copie des extraits d'avant le premier import "
                  "ou des données de démonstration) n'ont pas de date d'arrivée connue : {n}.",
                  "Method: import versions do not record when each activity arrived; an activity's arrival is the "
                  "date of the first version whose extract contains its id. Activities already in the first "
                  "version (a copy of the extracts from before the first import, or of the demo data) have no "
                  "known arrival: {n}."),
    "co_no_versions": ("Aucune version d'import : les données n'ont pas été importées par la page d'import, le délai "
                       "d'arrivée n'est pas connu.",
                       "No import version: the data were not imported through the import page, the arrival delay "
                       "is not known."),
    "co_col_activities": ("Activités à l'arrivée connue", "Activities with a known arrival"),
    "co_col_median": ("Délai médian (jours)", "Median delay (days)"),
    "co_col_p90": ("90e centile (jours)", "90th percentile (days)"),
    "co_col_within": ("Arrivées en 30 jours ou moins", "Arrived within 30 days"),
    "co_silent": ("{partner} : aucune activité depuis {days} jours.", "{partner}: no activity for {days} days."),
    "co_silent_link": ("Voir la complétude des rapports", "See reporting completeness"),
}
