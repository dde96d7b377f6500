"""« Présentation » (page 8): the slides, and the PowerPoint made of them.

key -> (French, English). A word with two forms is written « singulier|pluriel » and chosen with
dashboard.findings.plural (French: 0 and 1 singular; English: 1 singular).
"""

TEXT: dict[str, tuple[str, str]] = {
    "sl_key": ("Où en est le projet : les 8 indicateurs clés", "Where the project stands: the 8 key indicators"),
    "sl_logframe": ("Le cadre logique d'un coup d'œil", "The logframe at a glance"),
    "sl_funnel": ("Le parcours des enfants identifiés", "The path of the children identified"),
    "sl_sens": ("La sensibilisation, par sexe", "Awareness, by sex"),
    "sl_map": ("Où les enfants sont touchés", "Where children are reached"),
    "sl_budget": ("Le budget face aux résultats", "The budget against the results"),
    "sl_partners": ("Les partenaires côte à côte", "The partners side by side"),
    "sl_decide": ("À décider", "For decision"),
    "sl_prev": ("Précédente", "Previous"),
    "sl_next": ("Suivante", "Next"),
    "sl_exit": ("Quitter", "Leave"),
    "sl_pptx": ("Exporter la présentation (.pptx)", "Export the presentation (.pptx)"),
    "sl_keys": ("Touches ← et → pour changer de diapositive.", "← and → keys change slides."),
    "sl_demo": ("DONNÉES FICTIVES", "FICTITIOUS DATA"),
    "sl_nothing_behind": ("Aucun point à décider pour cette vue.", "Nothing to decide for this view."),
    # the key indicators
    "sl_key_behind": ("{n} {ind} sur 8 {are} en retard ou sous la cible : {names}.",
                      "{n} of the 8 {ind} {are} behind or below target: {names}."),
    "sl_key_ok": ("Aucun des 8 indicateurs clés n'est en retard.", "None of the 8 key indicators is behind."),
    "w_key_ind": ("indicateur clé|indicateurs clés", "key indicator|key indicators"),
    "w_is_are": ("est|sont", "is|are"),
    # the logframe
    "sl_lf": ("{met} {ind} sur {n} {reach} la cible de la vue ; {late} en retard, {not_met} sous la cible "
              "en fin de période, {none} sans statut.",
              "{met} of {n} {ind} {reach} the view's target; {late} behind, {not_met} below target at the "
              "end of the period, {none} without a status."),
    "w_ind": ("indicateur|indicateurs", "indicator|indicators"),
    "w_reach": ("atteint|atteignent", "reaches|reach"),
    # the map
    "sl_map_size": ("Taille des cercles", "Circle size"),
    # the budget
    "sl_bu": ("{spent} du budget dépensé pour {time} du temps écoulé ; cibles atteintes à {targets} en moyenne.",
              "{spent} of the budget spent for {time} of the time elapsed; targets {targets} reached on average."),
    "sl_bu_none": ("Aucune ligne budgétaire dans cette vue.", "No budget line in this view."),
    "sl_bu_hidden": ("Le budget n'est pas montré à ce rôle.", "The budget is not shown to this role."),
    "sl_bu_spent": ("Budget dépensé", "Budget spent"),
    "sl_bu_time": ("Temps écoulé", "Time elapsed"),
    "sl_bu_targets": ("Cibles atteintes (moyenne)", "Targets reached (average)"),
    # the partners
    "sl_pa": ("{best} est le plus avancé ({p} de ses cibles en moyenne), {worst} le moins ({q}).",
              "{best} is furthest ahead ({p} of its targets on average), {worst} the least ({q})."),
    "sl_pa_one": ("Un seul partenaire dans cette vue : {best}, à {p} de ses cibles en moyenne.",
                  "One partner in this view: {best}, at {p} of its targets on average."),
    "sl_pa_none": ("Aucun partenaire avec une cible dans cette vue.", "No partner with a target in this view."),
    # for decision
    "sl_de": ("{n} {point} à trancher par le comité.", "{n} {point} for the committee to settle."),
    "w_point": ("point|points", "point|points"),
    "sl_de_late_all": ("{n} {ind} en retard ou sous la cible (part de la cible) : {items}",
                       "{n} {ind} behind or below target (share of the target): {items}"),
    "sl_de_stalled": ("{s} cas sans nouvelle étape depuis {d} jours", "{s} cases with no new step for {d} days"),
    "sl_de_silent": ("Partenaire silencieux — {who} : aucune activité depuis {d} jours",
                     "Silent partner — {who}: no activity for {d} days"),
    "sl_de_over": ("Ligne budgétaire en avance — {line} : {spent} dépensé pour {time} du temps",
                   "Budget line ahead — {line}: {spent} spent for {time} of the time"),
    "sl_de_under": ("Ligne budgétaire en retard — {line} : {spent} dépensé pour {time} du temps",
                    "Budget line behind — {line}: {spent} spent for {time} of the time"),
    "sl_more": ("… et {n} autres", "… and {n} more"),
}
