"""The sentences of findings read from the figures (slides and report).

key -> (French, English).
"""

TEXT: dict[str, tuple[str, str]] = {
    "fi_key": ("{v} enfants renforcés en compétences de vie, soit {share}, et {c} victimes présumées identifiées.",
               "{v} children strengthened in life skills, i.e. {share}, and {c} presumed victims identified."),
    "fi_returned": ("{r} des {n} enfants pris en charge ont retrouvé leur famille.",
                    "{r} of the {n} children in care have returned to their family."),
    "fi_returned_hidden": ("Trop peu de cas pour publier un taux de retour en famille sans exposer un enfant.",
                           "Too few cases to publish a family-return rate without exposing a child."),
    "fi_no_case": ("Aucun enfant identifié sur la période choisie.", "No child identified in the chosen period."),
    "fi_sens": ("Les filles font {g} des participations d'enfants et les femmes {w} de celles des adultes.",
                "Girls make up {g} of children's participations and women {w} of adults'."),
    "fi_sens_none": ("Aucune activité de sensibilisation sur la période choisie.",
                     "No awareness activity in the chosen period."),
    "fi_map": ("{place} compte le plus d'enfants touchés : {n}, dont {f} filles.",
               "{place} has the most children reached: {n}, of whom {f} girls."),
    "fi_map_none": ("Aucun enfant touché sur la période choisie.", "No child reached in the chosen period."),
    "fi_ms": ("{done} jalons sur {n} atteints, dont {late} en retard ; {open} {awaited}.",
              "{done} of {n} milestones achieved, {late} of them late; {open} {awaited}."),
    "fi_ms_none": ("Aucun jalon pour ces communes.", "No milestone for these communes."),
    "fi_attention": ("{n} {behind} ; {s} cas sans nouvelle étape depuis {d} jours.",
                     "{n} {behind}; {s} cases with no new step for {d} days."),
    "w_awaited": ("toujours attendu|toujours attendus", "still awaited|still awaited"),
    "w_behind": ("indicateur en retard ou non atteint|indicateurs en retard ou non atteints",
                 "indicator behind or not met|indicators behind or not met"),
    "fi_item": ("{label} : {value} ({share}) — {status}", "{label}: {value} ({share}) — {status}"),
    "fewer_than": ("moins de {k}", "fewer than {k}"),
}
