"""« Exécution budgétaire » (page 10): planned against spent, pace of spending against time and results,
costs per result.

key -> (French, English).
"""

TEXT: dict[str, tuple[str, str]] = {
    "page_budget": ("Exécution budgétaire", "Budget execution"),
    "bu_question": ("L'argent va-t-il plus vite ou moins vite que les résultats ?",
                    "Is the money going faster or slower than the results?"),
    "bu_filters": ("Filtres appliqués au budget : période et partenaires. Sans effet ici : {ignored} (le budget "
                   "n'a ni commune, ni localité, ni sexe).",
                   "Filters applied to the budget: period and partners. No effect here: {ignored} (the budget has "
                   "no commune, locality or sex)."),
    "bu_ignored": ("communes, localités, sexe", "communes, localities, sex"),
    "bu_own_lines": ("Vous voyez les lignes budgétaires de votre organisation.", "You see your organisation's budget lines."),
    "bu_forbidden": ("Le budget n'est pas visible pour votre rôle.", "The budget is not visible to your role."),
    "bu_none": ("Aucune ligne budgétaire pour ces filtres (extrait budget absent ou vide).",
                "No budget line for these filters (budget extract missing or empty)."),
    "bu_planned": ("Prévu", "Planned"),
    "bu_spent": ("Dépensé", "Spent"),
    "bu_pct_spent": ("Taux d'exécution", "Execution rate"),
    "bu_card_planned": ("Budget prévu", "Planned budget"),
    "bu_card_spent": ("Dépensé", "Spent"),
    "bu_card_time": ("Temps écoulé", "Time elapsed"),
    "bu_card_targets": ("Cibles atteintes (moyenne)", "Targets reached (average)"),
    "bu_of_planned": ("{pct} du prévu", "{pct} of planned"),
    "bu_by_quarter": ("Prévu et dépensé par trimestre", "Planned and spent by quarter"),
    "bu_by_line": ("Prévu et dépensé par ligne budgétaire", "Planned and spent by budget line"),
    "bu_by_partner": ("Prévu et dépensé par partenaire", "Planned and spent by partner"),
    "bu_pace_title": ("Dépense cumulée, temps écoulé et cibles atteintes", "Cumulative spending, time elapsed and targets reached"),
    "bu_spent_share": ("Dépense cumulée (% du prévu)", "Cumulative spending (% of planned)"),
    "bu_time_share": ("Temps écoulé (%)", "Time elapsed (%)"),
    "bu_targets_share": ("Cibles atteintes (%, moyenne)", "Targets reached (%, average)"),
    "bu_pace_note": ("Cibles atteintes : moyenne, à chaque fin de trimestre, de la part de leur cible (plafonnée à "
                     "100 %) qu'ont atteinte {n} indicateurs de comptage ayant une cible dans la vue. Au-dessus de la "
                     "courbe des dépenses, les résultats vont plus vite que l'argent.",
                     "Targets reached: average, at each quarter's end, of the share of their target (capped at 100%) "
                     "reached by {n} count indicators that have a target in the view. Above the spending curve, "
                     "results go faster than money."),
    "bu_pace_no_targets": ("Pas de cibles dans cette vue (pas de cibles par partenaire) : seule la dépense est "
                           "comparée au temps.",
                           "No targets in this view (no partner targets): only spending is compared with time."),
    "bu_costs_title": ("Coûts par résultat (ratios simples)", "Costs per result (simple ratios)"),
    "bu_costs_note": ("Ratios simples : toute la dépense de la vue divisée par un seul résultat, sans répartir les "
                      "coûts entre activités. Ils ne s'additionnent pas et ne se comparent qu'entre vues semblables.",
                      "Simple ratios: the view's whole spending divided by one result, without allocating costs "
                      "between activities. They do not add up and compare only between similar views."),
    "bu_cost_child": ("Dépense par enfant renforcé (focus groups)", "Spending per child strengthened (focus groups)"),
    "bu_cost_pe": ("Dépense par pair éducateur formé", "Spending per peer educator trained"),
    "bu_cost_reinserted": ("Dépense par enfant réinséré", "Spending per child reinserted"),
    "bu_cost_none": ("non calculable (résultat nul ou masqué)", "not computable (result zero or hidden)"),
    "bu_col_line": ("Ligne budgétaire", "Budget line"),
    "bu_col_partner": ("Partenaire", "Partner"),
    "bu_col_quarter": ("Trimestre", "Quarter"),
    "bu_quarter_short": ("T{q} {y}", "Q{q} {y}"),
    "bu_col_results": ("Résultat", "Result"),
    "bu_col_ratio": ("Euros par résultat", "Euros per result"),
    "bu_col_what": ("Ratio", "Ratio"),
    "bu_shared": ("Commun au projet (ECPAT)", "Shared by the project (ECPAT)"),
    "bu_lines_title": ("Toutes les lignes", "Every line"),
}
