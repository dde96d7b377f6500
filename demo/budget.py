"""The demo budget: 399 642 EUR planned over the project's quarters by line and partner, about 93 % spent."""
from __future__ import annotations

import numpy as np

from queries import calendar

from .common import TOTAL_BUDGET_CENTS, _obj, _table

QUARTERS = calendar.quarters("Q")                   # 2020-Q2 .. 2022-Q4
_FLAT = [0.6, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
_PREVENTION = [0.2, 0.6, 1, 1.2, 1.2, 0.8, 1.3, 1.3, 1.3, 0.8, 1.1]
_CARE = [0.1, 0.5, 0.8, 1, 1.2, 1, 1.2, 1.3, 1.3, 1.1, 1]
_CAPACITY = [0.1, 0.3, 1, 2, 1.5, 1, 1.5, 1.5, 0.6, 0.3, 0.2]
_ADVOCACY = [0, 0, 0.2, 0.3, 0.5, 0.8, 2, 2, 1.5, 1.2, 1]
_ME = [1.5, 0.5, 0.5, 0.6, 1, 0.6, 0.6, 1.5, 0.6, 0.6, 2]
BUDGET_LINES = [  # line, partner, share of the total, quarterly profile
    ("Personnel", "CASE_SAHEL", 0.07, _FLAT), ("Personnel", "ENDA_MALI", 0.07, _FLAT),
    ("Personnel", "ACESEM", 0.10, _FLAT),
    ("Activités de prévention", "CASE_SAHEL", 0.11, _PREVENTION),
    ("Activités de prévention", "ENDA_MALI", 0.11, _PREVENTION),
    ("Prise en charge des victimes", "ACESEM", 0.17, _CARE),
    ("Prise en charge des victimes", "CASE_SAHEL", 0.015, _CARE),
    ("Prise en charge des victimes", "ENDA_MALI", 0.015, _CARE),
    ("Renforcement des capacités", "ACESEM", 0.08, _CAPACITY),
    ("Plaidoyer", "ACESEM", 0.04, _ADVOCACY),
    ("Suivi-évaluation", None, 0.07, _ME),
    ("Fonctionnement", "CASE_SAHEL", 0.03, _FLAT), ("Fonctionnement", "ENDA_MALI", 0.03, _FLAT),
    ("Fonctionnement", "ACESEM", 0.03, _FLAT),
    ("Frais de gestion", None, 0.06, _FLAT),
]
assert abs(sum(x[2] for x in BUDGET_LINES) - 1) < 1e-9


def budget(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Planned and spent euros per quarter, budget line and partner; the plan adds up to the cent."""
    q_idx, line, partner, weight = [], [], [], []
    for name, p, share, profile in BUDGET_LINES:
        prof = np.array(profile, dtype=float)
        for qi in np.flatnonzero(prof > 0):
            q_idx.append(qi)
            line.append(name)
            partner.append(p)
            weight.append(share * prof[qi] / prof.sum())
    weight = np.array(weight) * rng.uniform(0.95, 1.05, len(weight))
    weight /= weight.sum()
    cents = np.floor(weight * TOTAL_BUDGET_CENTS).astype(np.int64)
    q_idx = np.array(q_idx)
    order = np.lexsort((np.arange(len(q_idx)), q_idx))                       # by quarter, then line
    cents, q_idx = cents[order], q_idx[order]
    line, partner = _obj(line)[order], _obj(partner)[order]
    cents[-1] += TOTAL_BUDGET_CENTS - cents.sum()                             # rounding on the last row
    # execution: COVID-19 start below plan, then close to plan; about 93 % overall
    base = np.array([0.55, 0.75, 0.85, 0.93, 0.97, 0.95, 0.98, 0.96, 0.97, 0.95, 0.92])[q_idx]
    ratio = np.clip(base + rng.normal(0, 0.07, len(cents)), 0.3, 1.25)
    spent = cents * ratio
    spent *= TOTAL_BUDGET_CENTS * rng.uniform(0.925, 0.935) / spent.sum()
    return _table(quarter=_obj(QUARTERS[i] for i in q_idx), budget_line=line, partner=partner,
                  planned_eur=cents / 100.0, spent_eur=np.rint(spent) / 100.0)
