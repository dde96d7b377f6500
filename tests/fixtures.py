"""A tiny set of extracts, written as literals, whose every figure can be worked out by hand.

The expected numbers are in tests/test_indicators.py next to each assertion.
"""
from __future__ import annotations

from datetime import date as D
from pathlib import Path

import pandas as pd

from queries.contract import TABLES

A = ["activity_id", "activity_type", "start_date", "end_date", "locality_id", "commune", "partner",
     "facilitator_id", "girls", "boys", "women", "men"]
ACTIVITIES = [
    ("A1", "formation_pairs", D(2020, 6, 10), None, "KOKOYO", "NOUGA", "CASE_SAHEL", None, 1, 1, 0, 0),
    ("A2", "formation_pairs", D(2021, 2, 1), None, "KOFLATIE", "KANIOGO", "ENDA_MALI", None, 1, 0, 0, 0),
    ("F1", "focus_group", D(2020, 9, 1), None, "KOKOYO", "NOUGA", "CASE_SAHEL", "PE1", 2, 1, 0, 0),
    ("F2", "focus_group", D(2021, 3, 1), None, "DANGA", "NOUGA", "CASE_SAHEL", "PE1", 1, 1, 0, 0),
    ("F3", "focus_group", D(2022, 5, 1), None, "KOFLATIE", "KANIOGO", "ENDA_MALI", "PE3", 0, 0, 0, 0),
    ("C1", "causerie", D(2021, 1, 15), None, "TOMBOLA", "NOUGA", "CASE_SAHEL", None, 10, 5, 20, 15),
    ("C2", "causerie", D(2022, 7, 1), None, "SOMBO", "KANIOGO", "ENDA_MALI", None, 3, 2, 4, 1),
    ("R1", "radio", D(2021, 6, 1), None, None, "NOUGA", "CASE_SAHEL", None, 100, 100, 200, 100),
    ("T1", "theatre_forum", D(2022, 2, 1), None, "TEGUE", "KANIOGO", "ENDA_MALI", None, 5, 5, 10, 10),
    ("W1", "atelier_ccpe", D(2021, 4, 10), D(2021, 4, 11), None, "NOUGA", "ACESEM", None, 0, 0, 1, 1),
    ("W2", "atelier_plaidoyer", D(2022, 3, 1), None, None, "KANIOGO", "ACESEM", None, 0, 0, 1, 0),
    ("S1", "formation_travailleurs_sociaux", D(2021, 5, 1), None, None, "NOUGA", "ACESEM", None, 0, 0, 0, 1),
    ("X1", "formation_acteurs", D(2021, 9, 1), None, None, "KANIOGO", "ACESEM", None, 0, 0, 1, 1),
]
P = ["person_id", "role", "sex", "age", "setting", "locality_id", "commune", "partner", "enrolled_on"]
PARTICIPANTS = [
    ("PE1", "pair_educateur", "F", 15, None, "KOKOYO", "NOUGA", "CASE_SAHEL", D(2020, 6, 1)),
    ("PE2", "pair_educateur", "M", 16, None, "KOKOYO", "NOUGA", "CASE_SAHEL", D(2020, 6, 1)),
    ("PE3", "pair_educateur", "F", 14, None, "KOFLATIE", "KANIOGO", "ENDA_MALI", D(2021, 1, 20)),
    ("K1", "enfant", "F", 13, "site", "KOKOYO", "NOUGA", "CASE_SAHEL", D(2020, 8, 1)),
    ("K2", "enfant", "F", 14, "site", "KOKOYO", "NOUGA", "CASE_SAHEL", D(2020, 8, 1)),
    ("K3", "enfant", "M", 12, "ecole", "DANGA", "NOUGA", "CASE_SAHEL", D(2020, 8, 1)),
    ("K4", "enfant", None, 15, "site", "KOFLATIE", "KANIOGO", "ENDA_MALI", D(2022, 4, 1)),
    ("M1", "membre_ccpe", "F", 40, None, None, "NOUGA", "ACESEM", D(2021, 4, 1)),
    ("M2", "membre_ccpe", "M", 52, None, None, "NOUGA", "ACESEM", D(2021, 4, 1)),
    ("M3", "membre_ccpe", "F", 38, None, None, "KANIOGO", "ACESEM", D(2022, 2, 1)),
    ("TS1", "travailleur_social", "M", 35, None, None, "NOUGA", "ACESEM", D(2021, 4, 20)),
    ("I1", "acteur_institutionnel", "F", 44, None, None, "KANIOGO", "ACESEM", D(2021, 8, 1)),
    ("I2", "acteur_institutionnel", "M", 50, None, None, "NOUGA", "ACESEM", D(2021, 8, 1)),
]
ATTENDANCE = [("A1", "PE1"), ("A1", "PE2"), ("A2", "PE3"),
              ("F1", "K1"), ("F1", "K2"), ("F1", "K3"), ("F2", "K1"), ("F2", "K3"), ("F3", "K4"),
              ("W1", "M1"), ("W1", "M2"), ("W2", "M3"), ("S1", "TS1"), ("X1", "I1"), ("X1", "I2")]
ASSESSMENTS = [
    ("K1", "pre", D(2020, 8, 1), 8.0, 20.0), ("K1", "post", D(2021, 6, 1), 14.0, 20.0),
    ("K2", "post", D(2021, 1, 1), 10.0, 20.0), ("K2", "post", D(2022, 1, 1), 13.0, 20.0),
    ("K3", "pre", D(2020, 8, 1), 12.0, 20.0), ("K3", "post", D(2021, 6, 1), 11.0, 20.0),
]
C = ["case_id", "sex", "age", "nationality", "origin_region", "site_id", "partner", "referral_source",
     "exploitation", "consent_reporting"]
CASES = [
    ("C01", "F", 15, "MLI", "Sikasso", "KOKOYO", "ACESEM", "pair_educateur", "prostitution_forcee", True),
    ("C02", "F", 16, "BFA", None, "KOKOYO", "ACESEM", "ccpe", "abus_contre_avantages", True),
    ("C03", "M", 13, "GIN", None, "KOFLATIE", "ENDA_MALI", "brigade", "abus_contre_avantages", True),
    ("C04", "F", 11, "MLI", "Kayes", "KOFLATIE", "ENDA_MALI", "communaute", "prostitution_forcee", False),
    ("C05", None, 17, "CIV", None, "KOKOYO", "ACESEM", "autre", "autre", True),
]
EVENTS = [
    ("C01", "identifie", D(2021, 1, 10), None), ("C01", "evalue", D(2021, 1, 15), None),
    ("C01", "pris_en_charge", D(2021, 1, 20), None), ("C01", "retour_famille", D(2021, 4, 20), None),
    ("C01", "reinsertion", D(2021, 7, 1), "scolarisation"), ("C01", "cloture", D(2021, 12, 1), "projet de vie réalisé"),
    ("C02", "identifie", D(2021, 3, 1), None), ("C02", "evalue", D(2021, 3, 5), None),
    ("C02", "pris_en_charge", D(2021, 3, 10), None), ("C02", "retour_famille", D(2021, 8, 10), None),
    ("C03", "identifie", D(2022, 2, 1), None), ("C03", "evalue", D(2022, 2, 3), None),
    ("C03", "pris_en_charge", D(2022, 2, 10), None),
    ("C04", "identifie", D(2022, 11, 1), None),
    ("C05", "identifie", D(2020, 10, 1), None), ("C05", "evalue", D(2020, 10, 5), None),
    ("C05", "pris_en_charge", D(2020, 10, 6), None), ("C05", "retour_famille", D(2021, 1, 6), None),
    ("C05", "reinsertion", D(2022, 1, 6), "agr"),
]
SERVICES = [("C01", "psychosocial", D(2021, 1, 21), "ACESEM"), ("C01", "medical", D(2021, 1, 22), "ACESEM"),
            ("C03", "psychosocial", D(2022, 2, 11), "ENDA_MALI"), ("C05", "hebergement", D(2020, 10, 7), "ACESEM")]
MILESTONES = [
    ("MS1", "ccpe_operationnel", "NOUGA", "CCPE de Nouga opérationnel", D(2020, 12, 31), D(2021, 3, 1)),
    ("MS2", "ccpe_operationnel", "KANIOGO", "CCPE de Kaniogo opérationnel", D(2020, 12, 31), D(2020, 11, 15)),
    ("MS3", "plan_action", "NOUGA", "Plan d'action de Nouga", D(2021, 6, 30), D(2021, 6, 15)),
    ("MS4", "strategie_plaidoyer", "KANIOGO", "Stratégie de plaidoyer", D(2022, 3, 31), D(2022, 5, 1)),
    ("MS5", "integration_pdesc", "KANIOGO", "PDESC de Kaniogo", D(2022, 9, 30), None),
]
BUDGET = [("2021-Q1", "Personnel", None, 1000.0, 900.0)]

ROWS = {"activities": ACTIVITIES, "participants": PARTICIPANTS, "attendance": ATTENDANCE,
        "assessments": ASSESSMENTS, "cases": CASES, "case_events": EVENTS, "case_services": SERVICES,
        "milestones": MILESTONES, "budget": BUDGET}


def frames(rows_by_table: dict[str, list[tuple]] | None = None) -> dict[str, pd.DataFrame]:
    """Literal rows (default: this fixture's) -> frames typed like the contract (dates as date, ints as Int64)."""
    out = {}
    for name, rows in (ROWS if rows_by_table is None else rows_by_table).items():
        cols = list(TABLES[name].column_names)
        df = pd.DataFrame(rows, columns=cols)
        for c in TABLES[name].columns:
            if c.type == "date":
                df[c.name] = pd.to_datetime(df[c.name]).dt.date
            elif c.type in ("bigint", "integer"):
                df[c.name] = df[c.name].astype("Int64")
        out[name] = df
    return out


def write_fixture(directory: Path, overrides: dict[str, pd.DataFrame] | None = None,
                  synthetic: bool = True) -> Path:
    import json
    directory.mkdir(parents=True, exist_ok=True)
    for name, df in {**frames(), **(overrides or {})}.items():
        df.to_parquet(directory / f"{name}.parquet", index=False)
    (directory / "_dataset.json").write_text(json.dumps({"synthetic": synthetic, "generator": "tests/fixtures.py"}))
    return directory
