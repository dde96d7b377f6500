"""« Renforcement et plaidoyer » (page 4): trainings and milestones against their targets.

key -> (French, English).
"""

TEXT: dict[str, tuple[str, str]] = {
    "cap_intro": (
        "Formations comptées en personnes distinctes ayant participé à au moins un atelier de la période ; "
        "jalons comptés quand ils sont atteints au plus tard à la fin de la période. Les partenaires et le sexe "
        "ne filtrent pas les jalons.",
        "Trainings count distinct people who attended at least one workshop in the period; milestones count "
        "when achieved by the end of the period. Partner and sex filters do not apply to milestones."),
    "section_training": ("Formations", "Trainings"),
    "section_milestones": ("Jalons institutionnels", "Institutional milestones"),
    "fig_training": ("Personnes formées par sexe, face à la cible du projet",
                     "People trained by sex, against the project target"),
    "fig_milestone_counts": ("Jalons atteints face à la cible", "Milestones achieved against the target"),
    "fig_timeline": ("Jalons par commune : date prévue et date atteinte",
                     "Milestones by commune: planned and achieved dates"),
    "target_marker": ("Cible", "Target"),
    "achieved": ("Atteint", "Achieved"),
    "planned_date": ("Date prévue", "Planned date"),
    "achieved_date": ("Date atteinte", "Achieved date"),
    "of_target": ("{v} / {t} ({p})", "{v} / {t} ({p})"),
    "days_late": ("Jours de retard", "Days late"),
    "days_late_hover": ("{d} jours de retard", "{d} days late"),
    "days_early_hover": ("{d} jours d'avance", "{d} days early"),
    "col_milestone": ("Jalon", "Milestone"),
    "col_title": ("Intitulé", "Title"),
    "col_planned": ("Date prévue", "Planned date"),
    "col_achieved": ("Date atteinte", "Achieved date"),
    "col_status": ("Statut", "Status"),
    "col_unknown_sex": ("Sexe non renseigné", "Sex not recorded"),
    "no_milestones": ("Aucun jalon pour ces communes.", "No milestone for these communes."),
    "timeline_sub": ("○ date prévue · ● date atteinte · couleur : statut",
                     "○ planned date · ● achieved date · colour: status"),
    "timeline_note": ("Cercle vide : date prévue ; disque plein : date atteinte ; le trait relie les deux. "
                      "Le statut est évalué à la fin de la période (ou à la dernière date des données).",
                      "Hollow circle: planned date; filled disc: achieved date; the line joins them. The status is "
                      "assessed at the end of the period (or at the last date in the data)."),
}
