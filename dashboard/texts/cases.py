"""« Prise en charge » (page 2): the case path, delays, services, profile, cases with no new step.

key -> (French, English).
"""

TEXT: dict[str, tuple[str, str]] = {
    "cases_cohort_note": (
        "Le parcours est suivi **en cohorte** : les cas identifiés pendant la période choisie, comptés à chaque "
        "étape qu'ils ont atteinte au plus tard à la fin de la période. Un cas identifié en 2021 et réinséré en "
        "2022 n'est donc compté « réinséré » que si la période va jusqu'en 2022.",
        "The case path is followed **as a cohort**: the cases identified in the chosen period, counted at every "
        "stage they reached by the end of the period. A case identified in 2021 and reinserted in 2022 only counts "
        "as “reinserted” when the period runs into 2022."),
    "cases_hidden_note": (
        "Pour protéger les enfants, chaque effectif de cas est arrondi à un multiple de 5 (vers le haut ou le bas, "
        "toujours de la même façon pour les mêmes enfants) et « < {k} » veut dire de 0 à {km1} cas : un total et "
        "ses détails ne s'additionnent donc pas toujours exactement. Les cas sont comptés par trimestre au plus "
        "fin. Aucun pourcentage n'est calculé sur moins de {k} cas.",
        "To protect the children, every case count is rounded to a multiple of 5 (up or down, always the same way "
        "for the same children) and “< {k}” means 0 to {km1} cases: a total and its parts do not always add up "
        "exactly. Cases are counted by quarter at the finest. No percentage is computed on fewer than {k} cases."),
    "hidden_other": ("masqué", "hidden"),
    "cases_all_hidden": (
        "Moins de {k} cas identifiés pour ces filtres : pour protéger les enfants, le parcours n'est pas détaillé. "
        "Élargissez la période ou les communes.",
        "Fewer than {k} cases identified for these filters: to protect the children, the case path is not "
        "detailed. Widen the period or the communes."),
    "cases_no_cohort": ("Aucun cas identifié pendant la période pour ces filtres.",
                        "No case identified in the period for these filters."),
    "left_out_owner": (
        "Cas sans consentement à la diffusion dans cette cohorte : {n}. Ils sont **inclus** dans votre vue de "
        "responsable des données et exclus de celles des autres rôles.",
        "Cases without consent to reporting in this cohort: {n}. They are **included** in your data-owner view "
        "and left out of the other roles' views."),
    "left_out_none": ("Aucun cas n'est exclu faute de consentement.", "No case is left out for lack of consent."),
    "fig_funnel": ("Parcours des cas identifiés sur la période : nombre de cas à chaque étape",
                   "Path of the cases identified in the period: number of cases at each stage"),
    "fig_funnel_sex": ("Cas à chaque étape, par sexe", "Cases at each stage, by sex"),
    "fig_funnel_age": ("Cas à chaque étape, par tranche d'âge", "Cases at each stage, by age group"),
    "fig_delays": ("Jours entre deux étapes", "Days between two stages"),
    "fig_delays_sub": ("Médiane (barre) et moitié centrale des cas (trait)",
                       "Median (bar) and middle half of the cases (line)"),
    "fig_services": ("Cas ayant reçu chaque service, par sexe", "Cases that received each service, by sex"),
    "fig_reinsertion": ("Type de réinsertion des cas réinsérés, par sexe", "Type of reinsertion, by sex"),
    "fig_nationality": ("Nationalité des cas identifiés, par sexe", "Nationality of the cases identified, by sex"),
    "fig_referral": ("Qui a signalé les cas, par sexe", "Who referred the cases, by sex"),
    "fig_exploitation": ("Forme d'exploitation subie, par sexe", "Form of exploitation suffered, by sex"),
    "share_ident": ("{p} des identifiés", "{p} of identified"),
    "share_prev": ("{p} de l'étape précédente", "{p} of previous stage"),
    "col_stage": ("Étape", "Stage"),
    "col_step": ("Passage", "Step"),
    "col_cases": ("Cas", "Cases"),
    "col_share_ident": ("% des identifiés", "% of identified"),
    "col_share_prev": ("% de l'étape précédente", "% of previous stage"),
    "col_median": ("Médiane (jours)", "Median (days)"),
    "col_p25": ("1er quartile (jours)", "1st quartile (days)"),
    "col_p75": ("3e quartile (jours)", "3rd quartile (days)"),
    "col_min": ("Minimum (jours)", "Minimum (days)"),
    "col_max": ("Maximum (jours)", "Maximum (days)"),
    "col_sex": ("Sexe", "Sex"),
    "col_age": ("Tranche d'âge", "Age group"),
    "col_service": ("Service", "Service"),
    "col_value": ("Catégorie", "Category"),
    "col_site": ("Site", "Site"),
    "col_last_stage": ("Dernière étape", "Last stage"),
    "col_last_date": ("Date de la dernière étape", "Date of last stage"),
    "col_days_without": ("Jours sans nouvelle étape", "Days with no new step"),
    "col_case": ("Code du cas", "Case code"),
    "days_short": ("{d} j", "{d} d"),
    "cases_fewer_than": ("moins de {k} cas", "fewer than {k} cases"),
    "delay_hover": ("{n} · médiane {m} j · moitié des cas entre {a} et {b} j · de {lo} à {hi} j",
                    "{n} · median {m} d · half of the cases between {a} and {b} d · from {lo} to {hi} d"),
    "delay_hover_q": ("{n} · médiane {m} j · moitié des cas entre {a} et {b} j",
                      "{n} · median {m} d · half of the cases between {a} and {b} d"),
    "stalled_title": ("Cas sans nouvelle étape depuis longtemps", "Cases with no new step for a long time"),
    "stalled_days": ("Sans nouvelle étape depuis au moins (jours)", "With no new step for at least (days)"),
    "stalled_help": ("Cas de la cohorte non clôturés dont la dernière étape date d'au moins ce nombre de jours, "
                     "à la fin de la période (ou à la dernière date des données).",
                     "Cohort cases not closed whose last step is at least this many days old at the end of the "
                     "period (or at the last date in the data)."),
    "stalled_owner": ("{n} cas à relancer. Liste réservée au responsable des données : ne la diffusez pas.",
                      "{n} cases to follow up. List for the data owner only: do not share it."),
    "stalled_none": ("Aucun cas sans nouvelle étape depuis {d} jours ou plus.",
                     "No case with no new step for {d} days or more."),
    "stalled_count": ("Cas sans nouvelle étape depuis {d} jours ou plus : {sites}. La liste des codes est "
                      "réservée au responsable des données.",
                      "Cases with no new step for {d} days or more: {sites}. The list of codes is for the data "
                      "owner only."),
    "section_path": ("Parcours", "Path"),
    "section_delays_services": ("Délais et services", "Delays and services"),
    "section_profile": ("Profil des cas", "Case profile"),
    "stalled_own": ("{n} cas de votre organisation à relancer (droit « suivi de ses propres cas », consulté "
                    "et inscrit au journal) : codes pseudonymes, ne les diffusez pas.",
                    "{n} cases of your organisation to follow up (right « own follow-up », used and logged): "
                    "pseudonymous codes, do not share them."),
}
