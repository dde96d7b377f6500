"""« Explorer un indicateur » (page 9): one indicator broken down by one or two grains, and the partners
and communes side by side.

key -> (French, English).
"""

TEXT: dict[str, tuple[str, str]] = {
    "page_explorer": ("Explorer un indicateur", "Explore an indicator"),
    "ex_question": ("Où et pourquoi : un indicateur découpé par commune, localité, partenaire, période, sexe, âge ou "
                    "milieu, face à la cible de chaque case.",
                    "Where and why: one indicator broken down by commune, locality, partner, period, sex, age or "
                    "setting, against each cell's target."),
    "ex_indicator": ("Indicateur", "Indicator"),
    "ex_by": ("Découper par", "Break down by"),
    "ex_then": ("puis par (facultatif)", "then by (optional)"),
    "ex_none": ("— aucun —", "— none —"),
    "ex_g_commune": ("Commune", "Commune"),
    "ex_g_locality": ("Localité", "Locality"),
    "ex_g_partner": ("Partenaire", "Partner"),
    "ex_g_year": ("Année", "Year"),
    "ex_g_quarter": ("Trimestre", "Quarter"),
    "ex_g_sex": ("Sexe", "Sex"),
    "ex_g_age_group": ("Tranche d'âge", "Age group"),
    "ex_g_setting": ("Milieu (site / école)", "Setting (site / school)"),
    "ex_not_applicable": ("Ne s'applique pas à cet indicateur : {grains}.", "Does not apply to this indicator: {grains}."),
    "ex_total": ("Ensemble de la vue : {value} — {share}, statut « {status} ».",
                 "Whole view: {value} — {share}, status “{status}”."),
    "ex_chart_title": ("{label} par {by}", "{label} by {by}"),
    "ex_target": ("Cible de la case", "Cell's target"),
    "ex_col_pct": ("% de la cible", "% of target"),
    "ex_col_num": ("Numérateur", "Numerator"),
    "ex_col_den": ("Dénominateur", "Denominator"),
    "ex_col_nr": ("Sexe n.r.", "Sex n.r."),
    "ex_nr": ("Non renseigné", "Not recorded"),
    "ex_note_filter": ("Chaque case d'un découpage par commune, localité, partenaire, année, trimestre ou sexe est "
                       "l'indicateur sous ce filtre : la même valeur, la même cible et le même statut que la vue "
                       "d'ensemble filtrée ainsi.",
                       "Each cell of a breakdown by commune, locality, partner, year, quarter or sex is the indicator "
                       "under that filter: the same value, target and status as the overview filtered that way."),
    "ex_note_sum": ("Les cases d'un effectif s'additionnent au total (sauf localités : activités de toute une commune, "
                    "et cas hors des sites).",
                    "The cells of a count add up to the total (except localities: commune-wide activities, and "
                    "cases outside the sites)."),
    "ex_note_rounded": ("Effectifs de cas arrondis à 5 près et « < {k} » masqués, case par case : les cases ne "
                        "s'additionnent pas exactement au total. Les cas ne sont jamais montrés par village.",
                        "Case counts rounded to 5 and “< {k}” hidden, cell by cell: the cells do not add up exactly "
                        "to the total. Cases are never shown by village."),
    "ex_note_age": ("Tranche d'âge : âge à l'inscription (personnes) ou à l'identification (cas) ; les cibles ne "
                    "sont pas découpées par âge : pas de statut par tranche.",
                    "Age group: age at enrolment (people) or at identification (cases); targets are not split by "
                    "age: no status per age group."),
    "ex_link": ("Explorer", "Explore"),
    "ex_link_help": ("Ouvrir l'explorateur sur cet indicateur, avec les mêmes filtres",
                     "Open the explorer on this indicator, with the same filters"),
    "ex_links_title": ("Explorer un indicateur du cadre logique", "Explore a logframe indicator"),
    "ex_side_title": ("Partenaires et communes côte à côte", "Partners and communes side by side"),
    "ex_side_intro": ("Les indicateurs principaux de chaque partenaire et de chaque commune, chacun face à sa propre "
                      "cible (sans cible par partenaire, la part de la cible du projet), et la dernière activité "
                      "déclarée par chaque partenaire.",
                      "The main indicators of each partner and each commune, each against its own target (without "
                      "partner targets, the share of the project's target), and the last activity each partner "
                      "reported."),
    "ex_side_chart": ("Indicateurs principaux : partenaires et communes, en % de leur cible",
                      "Main indicators: partners and communes, as % of their target"),
    "ex_side_who": ("Partenaire ou commune", "Partner or commune"),
    "ex_side_last": ("Dernière activité", "Last activity"),
    "ex_side_share_project": ("{pct} de la cible du projet", "{pct} of the project's target"),
    "ex_side_last_line": ("Dernière activité déclarée par chaque partenaire : {items}.",
                          "Last activity reported by each partner: {items}."),
    "ex_side_no_target": ("Sans cible propre : en % de la cible du projet.", "No own target: as % of the project's target."),
    "ex_kind_partner": ("Partenaire", "Partner"),
    "ex_kind_commune": ("Commune", "Commune"),
    "ex_download_name": ("explorateur", "explorer"),
}
