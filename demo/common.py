"""What every section of the demo generator shares: the project's shape, its calendar, array helpers.

Constants (partner codes, volumes, monthly profiles), the helpers that draw dates and build
column dicts, and `Draft`, the replica being drawn (its random stream and the activities,
people and attendance rows gathered so far).  Pure numpy; nothing here writes a file.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from queries import calendar, contract

START = np.datetime64(calendar.PROJECT_START, "D")
END = np.datetime64(calendar.PROJECT_END, "D")

CODE = {"CASE_SAHEL": "CS", "ENDA_MALI": "ENDA", "ACESEM": "ACS"}
COMMUNE_PARTNER = {"NOUGA": "CASE_SAHEL", "KANIOGO": "ENDA_MALI"}
TYPE_CODE = {
    "formation_pairs": "FP", "focus_group": "FG", "causerie": "CAU", "radio": "RAD",
    "theatre_forum": "TF", "caravane": "CAR", "atelier_ccpe": "CCPE", "atelier_plan_action": "PA",
    "formation_travailleurs_sociaux": "TS", "formation_acteurs": "FA", "atelier_plaidoyer": "PL",
    "autre": "AUT",
}
assert set(TYPE_CODE) == set(contract.ACTIVITY_TYPES)

# Children registered per locality (before a +/-5 % draw) and focus groups held in all.
CHILDREN_PER_LOCALITY = {"KOKOYO": 300, "KOFLATIE": 300, "DANGA": 150, "TOMBOLA": 150, "TEGUE": 150, "SOMBO": 150}
PE_PER_LOCALITY = {"KOKOYO": 12, "KOFLATIE": 12, "DANGA": 6, "TOMBOLA": 6, "TEGUE": 6, "SOMBO": 6}
FOCUS_GROUPS = 468          # target 480: the project ends slightly below
INACTIVE_PE = 4             # 44 of 48 peer educators lead at least one focus group
CAUSERIE_PEOPLE = 2050      # target 1 800
CAMPAIGN_PEOPLE = 6400      # target 6 993
N_CASES = 104
TOTAL_BUDGET_CENTS = 39_964_200

ORIGIN_REGIONS = ("Sikasso", "Ségou", "Mopti", "Kayes", "Koulikoro", "Bamako")
CLOSURE_REASONS = (
    "Réinsertion réussie, suivi terminé",
    "Projet de vie réalisé",
    "Enfant stable en famille, suivi terminé",
    "Relais aux services sociaux du pays d'origine",
    "Majorité atteinte, orientation vers les services adultes",
)

# --------------------------------------------------------------------------------------------
# calendar helpers: 33 months, April 2020 .. December 2022

MONTHS = np.arange(START.astype("datetime64[M]"), END.astype("datetime64[M]") + 1)
MONTH_START = MONTHS.astype("datetime64[D]")
MONTH_DAYS = ((MONTHS + 1).astype("datetime64[D]") - MONTH_START).astype(np.int64)
MONTH_OF_YEAR = MONTHS.astype(np.int64) % 12 + 1


def _profile(y2020: list[float], y2021: list[float], y2022: list[float]) -> np.ndarray:
    """Monthly weights: 9 values for April-December 2020, then 12 per year."""
    w = np.array(y2020 + y2021 + y2022, dtype=float)
    assert w.shape == (33,)
    return w


FG_MONTHS = _profile([0, 0, 0, 0, 0, 0, 0, 1.0, 1.5],
                     [4, 5, 5, 4, 4, 2.5, 1, 0.5, 1.5, 5, 5, 3],
                     [5, 5, 5, 4, 4, 2, 0.8, 0.5, 1.5, 4, 2, 0])
CAUSERIE_MONTHS = _profile([0, 0, 0, 0.5, 0.5, 1, 1.5, 1.5, 1],
                           [2, 2, 3, 2, 2, 1, 0.5, 0.5, 1.5, 3, 3, 2],
                           [3, 3, 3, 2.5, 2, 1, 0.5, 0.5, 1.5, 3, 2.5, 1])
CAMPAIGN_MONTHS = _profile([0] * 9,
                           [0, 0, 0, 0, 0, 0, 0, 1, 1.5, 2, 2.5, 2],
                           [3, 3, 3, 2, 2, 1, 0.5, 0.5, 1.5, 3, 3, 1.5])
CASE_MONTHS = _profile([0, 0, 0, 1.2, 1.2, 1.2, 2, 2, 2],
                       [3, 3, 3, 3.5, 3.5, 4, 2.5, 2.5, 3, 4, 4, 4],
                       [4.5, 4.5, 4.5, 4.5, 5, 5, 3, 3, 3, 3, 2.5, 2])


def _dates(rng: np.random.Generator, n: int, weights: np.ndarray) -> np.ndarray:
    """n dates drawn month by month with the given weights, day uniform in the month."""
    m = rng.choice(len(weights), size=n, p=weights / weights.sum())
    day = np.floor(rng.random(n) * MONTH_DAYS[m]).astype(np.int64)
    return MONTH_START[m] + day


def _exact(rng: np.random.Generator, values, p, n: int) -> np.ndarray:
    """n values in the proportions p (largest remainder), shuffled: a stable mix for small samples."""
    p = np.asarray(p, dtype=float) / np.sum(p)
    k = np.floor(p * n).astype(np.int64)
    k[np.argsort(-(p * n - k), kind="stable")[: n - k.sum()]] += 1
    out = np.empty(n, dtype=object if not isinstance(values, np.ndarray) else values.dtype)
    out[:] = np.repeat(np.asarray(values, dtype=out.dtype), k)
    return rng.permutation(out)


def _exact_dates(rng: np.random.Generator, n: int, weights: np.ndarray) -> np.ndarray:
    """Like _dates, with the number of dates per month fixed by the weights."""
    m = _exact(rng, np.arange(len(weights)), weights, n).astype(np.int64)
    day = np.floor(rng.random(n) * MONTH_DAYS[m]).astype(np.int64)
    return MONTH_START[m] + day


def _d(s: str) -> np.datetime64:
    return np.datetime64(s, "D")


def _ids(prefix: str, n: int, width: int, start: int = 1) -> np.ndarray:
    return np.array([f"{prefix}{i:0{width}d}" for i in range(start, start + n)], dtype=object)


def _obj(values) -> np.ndarray:
    values = [None if v is None else str(v) for v in values]
    a = np.empty(len(values), dtype=object)
    a[:] = values
    return a


def _table(**cols) -> dict[str, np.ndarray]:
    n = {len(v) for v in cols.values()}
    assert len(n) == 1, {k: len(v) for k, v in cols.items()}
    return cols


def _concat(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def _nat(n: int) -> np.ndarray:
    return np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")


def _none(n: int) -> np.ndarray:
    return np.full(n, None, dtype=object)


def _activities(atype: str, start, end, locality, commune, partner, facilitator=None,
                girls=None, boys=None, women=None, men=None) -> dict[str, np.ndarray]:
    """Activities of one type, numbered in chronological order (ACT-FG-0001 ...)."""
    start = np.asarray(start, dtype="datetime64[D]")
    n = len(start)
    zeros = np.zeros(n, dtype=np.int64)
    t = _table(
        start_date=start,
        end_date=np.asarray(end, dtype="datetime64[D]") if end is not None else _nat(n),
        locality_id=_obj(locality), commune=_obj(commune), partner=_obj(partner),
        facilitator_id=_obj(facilitator) if facilitator is not None else _none(n),
        girls=np.asarray(girls if girls is not None else zeros, dtype=np.int64),
        boys=np.asarray(boys if boys is not None else zeros, dtype=np.int64),
        women=np.asarray(women if women is not None else zeros, dtype=np.int64),
        men=np.asarray(men if men is not None else zeros, dtype=np.int64),
    )
    order = np.lexsort((_obj(commune).astype(str), start))
    t = {k: v[order] for k, v in t.items()}
    t["activity_id"] = _ids(f"ACT-{TYPE_CODE[atype]}-", n, 4)
    t["activity_type"] = np.full(n, atype, dtype=object)
    t["_order"] = order          # position before sorting, to map attendance
    return t


def _counts_by_sex(act_index: np.ndarray, sex: np.ndarray, n_act: int, adult: bool):
    """(girls, boys, women, men) of the registered attendees of each activity."""
    f = np.bincount(act_index, weights=(sex == "F"), minlength=n_act).astype(np.int64)
    m = np.bincount(act_index, weights=(sex == "M"), minlength=n_act).astype(np.int64)
    z = np.zeros(n_act, dtype=np.int64)
    return (z, z, f, m) if adult else (f, m, z, z)


def _split_crowd(rng, totals: np.ndarray, shares: tuple[float, float, float, float]):
    """Split crowd totals into girls, boys, women, men around the given shares."""
    p = rng.dirichlet(np.array(shares) * 80, size=len(totals))
    out = np.stack([rng.multinomial(int(t), pi) for t, pi in zip(totals, p)]) if len(totals) else \
        np.zeros((0, 4), dtype=np.int64)
    return [out[:, i].astype(np.int64) for i in range(4)]


# --------------------------------------------------------------------------------------------
# the replica being drawn


@dataclass
class Draft:
    """One replica in the making: its random stream and the rows of the three people tables so far.

    The sections draw from `rng` one after the other; their order is the order of the draws,
    so changing it changes every table."""
    rng: np.random.Generator
    acts: list[dict] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)
    attendance: list[dict] = field(default_factory=list)

    def jitter(self, base: str, k: int = 4) -> np.datetime64:
        return _d(base) + int(self.rng.integers(-k, k + 1))

    def add_attendance(self, act: dict, rows_before_sort: np.ndarray, person_ids: np.ndarray) -> None:
        pos = np.empty(len(act["_order"]), dtype=np.int64)
        pos[act["_order"]] = np.arange(len(act["_order"]))
        self.attendance.append(_table(activity_id=act["activity_id"][pos[rows_before_sort]],
                                      person_id=_obj(person_ids)))
