"""The HTML/PDF report and the donor workbook.

key -> (French, English).
"""

TEXT: dict[str, tuple[str, str]] = {
    "xl_project_target": ("Cible du projet", "Project target"),
    "xl_sex_unknown": ("Sexe non renseigné", "Sex not recorded"),
    "xl_year_value": ("Valeur {y}", "Value {y}"),
    "xl_total_value": ("Valeur (total de la période)", "Value (period total)"),
    "xl_verification": ("Moyens de vérification", "Means of verification"),
    "xl_comment": ("Commentaire (suivi-évaluation)", "Comment (M&E)"),
    "xl_masked": ("masqué (< {k})", "masked (< {k})"),
    "xl_mv_people": ("Listes de présence signées des formations et ateliers", "Signed attendance lists of the trainings and workshops"),
    "xl_mv_activities": ("Fiches d'activité et listes de présence (focus groups, causeries, radio, théâtre forum, caravanes)",
                         "Activity sheets and attendance lists (focus groups, talks, radio, forum theatre, caravans)"),
    "xl_mv_assessments": ("Tests d'autoprotection avant et après les focus groups", "Self-protection tests before and after the focus groups"),
    "xl_mv_leads": ("Fiches d'animation des focus groups par les pairs éducateurs", "Focus-group sheets of the peer educators"),
    "xl_mv_cases": ("Dossiers des cas : entretiens psychosociaux, fiches de prise en charge et de suivi",
                    "Case files: psychosocial interviews, care and follow-up sheets"),
    "xl_mv_milestones": ("Procès-verbaux et documents produits (arrêtés, plans d'action, stratégie, PDESC)",
                         "Minutes and documents produced (orders, action plans, strategy, PDESC)"),
    "rp_title": ("Rapport de suivi", "Monitoring report"),
    "rp_generated": ("Produit le {d} par le tableau de bord Kangaba.", "Produced on {d} by the Kangaba dashboard."),
    "rp_demo": ("Données fictives de démonstration : ce rapport ne décrit aucun enfant réel.",
                "Fictitious demo data: this report describes no real child."),
    "rp_protected": ("Pour protéger les enfants, les effectifs de cas sont arrondis à un multiple de 5 et ceux "
                     "de 0 à {km1} s'écrivent « < {k} ».",
                     "To protect the children, case counts are rounded to a multiple of 5 and those from 0 to "
                     "{km1} read “< {k}”."),
    "rp_findings": ("En bref", "In short"),
    "rp_page": ("Page", "Page"),
    "rp_logframe": ("Cadre logique", "Logframe"),
    "rp_cases": ("Prise en charge", "Case management"),
    "rp_sens": ("Sensibilisation", "Awareness"),
    "rp_map": ("Carte", "Map"),
    "rp_ms": ("Renforcement et plaidoyer", "Capacity and advocacy"),
    "rp_sources": ("Sources des fonds de carte : DNCT/OCHA/ITOS (COD Mali, HDX) ; GeoNames (CC BY 4.0) ; "
                   "Natural Earth. Les limites et noms figurant sur cette carte n'impliquent ni reconnaissance "
                   "ni acceptation officielles.",
                   "Base-map sources: DNCT/OCHA/ITOS (COD Mali, HDX); GeoNames (CC BY 4.0); Natural Earth. "
                   "Boundaries and names on this map imply no official endorsement or acceptance."),
}
