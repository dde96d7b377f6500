"""« Présentation » (page 8): the slides.

key -> (French, English).
"""

TEXT: dict[str, tuple[str, str]] = {
    "sl_key": ("Chiffres clés face aux cibles", "Key figures against targets"),
    "sl_logframe": ("Où en est le cadre logique", "Where the logframe stands"),
    "sl_funnel": ("Le parcours des enfants identifiés", "The path of the children identified"),
    "sl_sens": ("La sensibilisation, par sexe", "Awareness, by sex"),
    "sl_map": ("Où les enfants sont touchés", "Where children are reached"),
    "sl_ms": ("Jalons : prévus et atteints", "Milestones: planned and achieved"),
    "sl_attention": ("Points d'attention", "Points needing attention"),
    "sl_prev": ("Précédente", "Previous"),
    "sl_next": ("Suivante", "Next"),
    "sl_exit": ("Quitter la présentation", "Leave the presentation"),
    "sl_keys": ("Touches ← et → pour changer de diapositive.", "← and → keys change slides."),
    "sl_demo": ("DONNÉES FICTIVES", "FICTITIOUS DATA"),
    "sl_nothing_behind": ("Aucun indicateur derrière sa trajectoire.", "No indicator behind its trajectory."),
}
