"""« Journal d'audit » (page 7).

key -> (French, English).
"""

TEXT: dict[str, tuple[str, str]] = {
    "journal_intro": ("Journal en ajout seul des connexions, échecs, imports, exports (et exports refusés, avec la "
                      "raison), changements de comptes et de droits, du plus récent au plus ancien.",
                      "Append-only log of sign-ins, failures, imports, exports (and refused exports, with the "
                      "reason), account and right changes, newest first."),
    "journal_empty": ("Le journal est vide.", "The log is empty."),
    "journal_events": ("Événements", "Events"),
}
