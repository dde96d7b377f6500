"""« Sensibilisation » (page 1): participations, children reached, peer educators, tests.

key -> (French, English).
"""

TEXT: dict[str, tuple[str, str]] = {
    "se_question": ("Combien d'enfants et d'adultes les activités de sensibilisation ont-elles touchés, "
                    "et les enfants ont-ils appris à se protéger ?",
                    "How many children and adults did the awareness activities reach, and did the children "
                    "learn to protect themselves?"),
    "se_m_participations": ("Participations aux activités", "Participations in activities"),
    "se_m_participations_help": ("Personnes comptées à chaque activité (focus groups, causeries, radio, théâtre "
                                 "forum, caravanes) ; une même personne peut être comptée plusieurs fois ; pour la "
                                 "radio, audience estimée.",
                                 "People counted at each activity (focus groups, talks, radio, forum theatre, "
                                 "caravans); the same person may be counted several times; for radio, estimated "
                                 "audience."),
    "se_m_children": ("Enfants distincts touchés", "Distinct children reached"),
    "se_m_children_help": ("Enfants inscrits ayant participé à au moins un focus group (un enfant venu à cinq focus "
                           "groups compte une fois). Cible : 1 200.",
                           "Registered children who attended at least one focus group (a child at five focus "
                           "groups counts once). Target: 1,200."),
    "se_m_of_target": ("{pct} de la cible", "{pct} of the target"),
    "se_m_children_note": ("Cible : {target} (600 sur les sites, 600 dans les écoles)",
                           "Target: {target} (600 on the sites, 600 in schools)"),
    "se_m_pe_active": ("Pairs éducateurs actifs", "Active peer educators"),
    "se_m_pe_help": ("Pairs éducateurs formés ayant animé au moins un focus group dans la période. Cible : 90 % "
                     "des formés.", "Trained peer educators who led at least one focus group in the period. "
                     "Target: 90% of those trained."),
    "se_m_pe_delta": ("sur {n} formés ({pct})", "out of {n} trained ({pct})"),
    "se_m_pass": ("Réussite au post-test", "Post-test pass rate"),
    "se_m_pass_help": ("Enfants touchés dont le dernier post-test de la période est réussi (score ≥ 60 %). "
                       "Cible : 70 %.", "Children reached whose latest post-test in the period is passed "
                       "(score ≥ 60%). Target: 70%."),
    "se_m_pass_delta": ("cible : 70 %", "target: 70%"),
    "se_m_pass_note": ("{n} enfants testés après les focus groups", "{n} children tested after the focus groups"),
    "se_h_participations": ("Participations", "Participations"),
    "se_h_children": ("Enfants touchés", "Children reached"),
    "se_h_pe": ("Pairs éducateurs", "Peer educators"),
    "se_h_tests": ("Tests de connaissances", "Knowledge tests"),
    "se_by_type": ("Participations par type d'activité et par public", "Participations by activity type and audience"),
    "se_by_locality": ("Participations par localité (radio : toute la commune)",
                       "Participations by locality (radio: whole commune)"),
    "se_by_quarter": ("Participations par trimestre", "Participations by quarter"),
    "se_quarter_short": ("T{q} {y}", "Q{q} {y}"),
    "se_activity": ("Type d'activité", "Activity type"),
    "se_locality": ("Localité", "Locality"),
    "se_audience": ("Public", "Audience"),
    "se_total": ("Total", "Total"),
    "se_reach_title": ("Enfants distincts et participations aux focus groups, par sexe",
                       "Distinct children and focus-group participations, by sex"),
    "se_distinct": ("Enfants distincts", "Distinct children"),
    "se_per_child": ("En moyenne {x} participations par enfant.", "On average {x} participations per child."),
    "se_setting_title": ("Enfants distincts sur les sites et dans les écoles, face à la cible",
                         "Distinct children on the sites and in schools, against the target"),
    "se_attendance": ("Participations (listes de présence)", "Participations (attendance lists)"),
    "se_setting": ("Lieu", "Setting"),
    "se_setting_nr": ("Lieu non renseigné", "Setting not recorded"),
    "se_target_marker": ("Cible : 600", "Target: 600"),
    "se_pe_title": ("Pairs éducateurs formés et actifs, par sexe (cible : 24 filles et 24 garçons formés)",
                    "Peer educators trained and active, by sex (target: 24 girls and 24 boys trained)"),
    "se_trained": ("Formés", "Trained"),
    "se_active": ("Actifs (≥ 1 focus group animé)", "Active (led ≥ 1 focus group)"),
    "se_pe_target": ("Cible : 24 par sexe", "Target: 24 per sex"),
    "se_tests_title": ("Réussite au test d'autoprotection avant et après les focus groups, par sexe",
                       "Self-protection test passed before and after the focus groups, by sex"),
    "se_rate": ("Taux de réussite", "Pass rate"),
    "se_tested": ("Testés", "Tested"),
    "se_passed": ("Réussis", "Passed"),
    "se_test_target": ("Cible : 70 %", "Target: 70%"),
    "se_sex": ("Sexe", "Sex"),
    "se_measure": ("Mesure", "Measure"),
}
