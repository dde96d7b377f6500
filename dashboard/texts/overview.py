"""« Vue d'ensemble » (app.py): key-indicator cards, the logframe table, statuses, progress curves.

key -> (French, English).
"""

TEXT: dict[str, tuple[str, str]] = {
    "ov_question": ("Où en est le projet par rapport à son cadre logique ?",
                    "Where does the project stand against its logframe?"),
    "ov_key": ("Indicateurs clés", "Key indicators"),
    "ov_logframe": ("Cadre logique : tous les indicateurs", "Logframe: every indicator"),
    "ov_progress": ("Progression dans le temps", "Progress over time"),
    "ov_choose": ("Indicateur", "Indicator"),
    "ov_of_target": ("{pct} de la cible", "{pct} of the target"),
    "ov_of_project": ("{pct} de la cible du projet", "{pct} of the project's target"),
    "ov_of_n": (" ({target})", " ({target})"),
    "ov_target_is": ("Cible\u00a0: {target}", "Target: {target}"),
    "ov_fm": ("réalisé\u00a0: F\u00a0{f} · M\u00a0{m}", "achieved: F\u00a0{f} · M\u00a0{m}"),
    "ov_nr": (" · n.r.\u00a0{n}", " · n.r.\u00a0{n}"),
    "ov_fm_help": ("F : filles / femmes ; M : garçons / hommes ; n.r. : sexe non renseigné. Ce sont des valeurs "
                   "réalisées, pas un découpage de la cible.",
                   "F: girls / women; M: boys / men; n.r.: sex not recorded. These are achieved values, not a split "
                   "of the target."),
    "ov_hidden_rate": ("n < {k}", "n < {k}"),
    "ov_too_recent": ("{label} : enfants identifiés depuis moins que le délai médian du projet jusqu'à cette étape "
                      "({days}\u00a0jours) ; ce chiffre se lit pour une période finissant au plus tôt le {date}.",
                      "{label}: children identified less than the project's median time to this step ago ({days} "
                      "days); this figure reads for a period ending on {date} or later."),
    "ov_status_rule": (
        "**Statut**, jugé à la fin de la vue ({asof}) — {met} : valeur ≥ cible de la vue. {not_met} : la vue va "
        "jusqu'à la fin du projet (31 décembre 2022) sans atteindre la cible. Avant la fin du projet, la valeur est "
        "comparée au niveau attendu à cette date : {on_track} ≥ 90 %, {late} ≥ 60 %, sinon {very_late}. "
        "**Cible de la vue** : les cibles de ses communes, de son sexe, de ses partenaires et de ses années (chaque "
        "année au prorata des jours de la période), selon le découpage des cibles (README, « Cibles ») ; taux : "
        "leur propre cible ; jalons : ceux prévus avant la fin de la période. {too_recent} : enfants identifiés "
        "depuis moins que le délai médian du projet jusqu'à l'étape ({delays}). {no_target} : les cibles ne sont pas "
        "découpées selon un filtre de la vue (localité, partenaire…) ou rien n'était prévu ; la carte donne alors "
        "la part de la cible du projet. {no_data} : aucune valeur (taux sans dénominateur, effectif masqué).",
        "**Status**, judged at the end of the view ({asof}) — {met}: value ≥ the view's target. {not_met}: the view "
        "runs to the end of the project (31 December 2022) without reaching the target. Before the end of the "
        "project, the value is compared with the level expected by then: {on_track} ≥ 90%, {late} ≥ 60%, otherwise "
        "{very_late}. **The view's target**: the targets of its communes, sex, partners and years (each year pro "
        "rata of the period's days), as the targets are split (README, « Cibles »); rates: their own target; "
        "milestones: those planned before the end of the period. {too_recent}: children identified less than the "
        "project's median time to the step ago ({delays}). {no_target}: the targets are not split along one of "
        "the view's filters (locality, partner…) or nothing was planned; the card then gives the share of the "
        "project's target. {no_data}: no value (rate without denominator, hidden count)."),
    "ov_delays": ("prise en charge {care}, retour en famille {back}, réinsertion {reins}",
                  "care {care}, return to family {back}, reinsertion {reins}"),
    "ov_days": ("{n}\u00a0j", "{n} d"),
    "ov_col_baseline": ("Réf.", "Baseline"),
    "ov_col_baseline_help": ("Situation de référence (début du projet)", "Baseline (start of the project)"),
    "ov_col_pct_help": ("Valeur en % de la cible (barre pleine = cible atteinte)",
                        "Value as % of the target (full bar = target met)"),
    "ov_objective_col": ("Objectif spécifique", "Specific objective"),
    "ov_curve_title": ("{label} : valeur cumulée, trajectoire de la cible et projection",
                       "{label}: cumulative value, target trajectory and projection"),
    "ov_actual": ("Réalisé (cumul)", "Achieved (cumulative)"),
    "ov_trajectory": ("Trajectoire de la cible", "Target trajectory"),
    "ov_no_target_curve": ("Pas de cible à cette échelle : ni trajectoire ni ligne de cible.",
                           "No target at this level: no trajectory and no target line."),
    "ov_projection": ("Projection au rythme actuel", "Projection at the current pace"),
    "ov_target_line": ("Cible : {target}", "Target: {target}"),
    "ov_proj_note": (
        "Trajectoire (pointillés) : la cible de la vue répartie année par année (README, « Cibles »), à partir du "
        "début de la période. Projection (tirets) : gain mensuel moyen des "
        "{k} derniers mois jusqu'à {as_of} ({pace} par mois), supposé constant jusqu'au 31 décembre 2022 : "
        "{end_value} attendus, pour une cible de {target}.",
        "Trajectory (dotted): the view's target spread year by year (README, « Cibles »), from the start of "
        "the period. Projection (dashed): average monthly gain of the last "
        "{k} months up to {as_of} ({pace} a month), assumed constant until 31 December 2022: {end_value} "
        "expected, against a target of {target}."),
    "ov_no_proj": (
        "Trajectoire (pointillés) : la cible de la vue répartie année par année (README, « Cibles »), à partir du "
        "début de la période. Pas de projection : les données vont jusqu'à la "
        "fin du projet.",
        "Trajectory (dotted): the view's target spread year by year (README, « Cibles »), from the start of "
        "the period. No projection: the data run to the end of the "
        "project."),
    "ov_hover_proj": ("Projection : gain moyen des {k} derniers mois ({pace}/mois) prolongé",
                      "Projection: average gain of the last {k} months ({pace}/month) carried on"),
    "ov_months_short": ("janv.|févr.|mars|avr.|mai|juin|juil.|août|sept.|oct.|nov.|déc.",
                        "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"),
    "ov_card_pe_trained": ("Pairs éducateurs formés", "Peer educators trained"),
    "ov_card_children_life_skills": ("Enfants renforcés", "Children strengthened"),
    "ov_card_focus_groups": ("Focus groups animés", "Focus groups held"),
    "ov_card_people_rights": ("Sensibilisés (causeries)", "Sensitised (talks)"),
    "ov_card_people_ccpe_campaigns": ("Touchés par les CCPE", "Reached by the CCPE"),
    "ov_card_cases_identified": ("Victimes présumées identifiées", "Presumed victims identified"),
    "ov_card_returned_rate": ("Retour en famille (%)", "Returned to family (%)"),
    "ov_card_reinsertion_rate": ("Réinsertion (%)", "Reinsertion (%)"),
}
