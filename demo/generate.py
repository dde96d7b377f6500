"""Deterministic demo data for the Kangaba project (synthetic, never real).

`generate(data_dir, seed=2020, scale=1)` writes one parquet file per table of
the data contract (queries/contract.py) plus `_dataset.json`, and returns the
row count of every table.

The data imitate the project's shape, not its reality: 33 months (April
2020 - December 2022) with a slow COVID-19 start, peer educators trained in
2020-2021 who run focus groups with children of the gold-mining sites and of
the four villages, community talks and CCPE campaigns, capacity workshops,
knowledge tests, a cohort of about 104 cases with their path and services,
milestones and a budget of 399 642 EUR.  Identifiers are pseudonymous codes;
no table holds a name.

Scale N writes N independent replicas: replica r (1..N) draws from its own
random stream (child r-1 of `numpy.random.default_rng(seed)`) and every
identifier of it ends with `-Rnnn` (budget lines with ` [Rnnn]`).  Scale 1
writes replica 1 without a suffix, so scale 1 equals replica 1 of any scale
up to the suffix.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from queries import contract

GENERATOR_VERSION = 1
START = np.datetime64(contract.PROJECT_START, "D")
END = np.datetime64(contract.PROJECT_END, "D")

CODE = {"CASE_SAHEL": "CS", "ENDA_MALI": "ENDA", "ACESEM": "ACS"}
COMMUNE_PARTNER = {"NOUGA": "CASE_SAHEL", "KANIOGO": "ENDA_MALI"}
SITE_PARTNER = {"KOKOYO": "CASE_SAHEL", "KOFLATIE": "ENDA_MALI"}
NAME_FR = {"NOUGA": "Nouga", "KANIOGO": "Kaniogo", "KOKOYO": "Kokoyo", "KOFLATIE": "Koflatié",
           "DANGA": "Danga", "TOMBOLA": "Tombola", "TEGUE": "Tégué", "SOMBO": "Sombo"}
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
# one replica


def _replica(rng: np.random.Generator) -> dict[str, dict[str, np.ndarray]]:
    acts: list[dict] = []
    people: list[dict] = []
    attendance: list[dict] = []

    def add_attendance(act: dict, rows_before_sort: np.ndarray, person_ids: np.ndarray) -> None:
        pos = np.empty(len(act["_order"]), dtype=np.int64)
        pos[act["_order"]] = np.arange(len(act["_order"]))
        attendance.append(_table(activity_id=act["activity_id"][pos[rows_before_sort]],
                                 person_id=_obj(person_ids)))

    def jitter(base: str, k: int = 4) -> np.datetime64:
        return _d(base) + int(rng.integers(-k, k + 1))

    # ---- launch meetings (not registered people) -------------------------------------------
    launch = [jitter("2020-06-23"), jitter("2020-06-30")]
    n_w, n_m = rng.integers(8, 15, 2), rng.integers(14, 24, 2)
    acts.append(_activities("autre", launch, None, [None, None], ["NOUGA", "KANIOGO"],
                            ["CASE_SAHEL", "ENDA_MALI"], women=n_w, men=n_m))

    # ---- peer educators and their training ---------------------------------------------------
    pe_loc = np.repeat(list(PE_PER_LOCALITY), list(PE_PER_LOCALITY.values())).astype(object)
    n_pe = len(pe_loc)
    pe_commune = _obj(contract.LOCALITY_COMMUNE[x] for x in pe_loc)
    pe_partner = _obj(COMMUNE_PARTNER[c] for c in pe_commune)
    pe_sex = np.empty(n_pe, dtype=object)
    for loc in PE_PER_LOCALITY:                       # half girls, half boys in every locality
        idx = np.flatnonzero(pe_loc == loc)
        pe_sex[idx] = rng.permutation(np.repeat(["F", "M"], len(idx) // 2))
    pe_age = rng.choice([14, 15, 16, 17], size=n_pe, p=[0.2, 0.3, 0.3, 0.2]).astype(float)
    pe_setting = _obj("site" if x in contract.SITES else "ecole" for x in pe_loc)
    pe_id = np.empty(n_pe, dtype=object)
    for p in ("CASE_SAHEL", "ENDA_MALI"):
        idx = np.flatnonzero(pe_partner == p)
        pe_id[idx] = _ids(f"{CODE[p]}-PE-", len(idx), 3)

    fp_start = [jitter("2020-09-14"), jitter("2020-10-05"), jitter("2021-07-12"), jitter("2021-07-26")]
    fp_commune = ["NOUGA", "KANIOGO", "NOUGA", "KANIOGO"]
    fp_days = [2, 2, 1, 1]
    fp_rows, fp_people = [], []
    for i, c in enumerate(fp_commune):
        members = np.flatnonzero(pe_commune == c)
        if i >= 2:                                   # refresher: most, not all, come back
            members = np.sort(rng.choice(members, size=int(rng.integers(19, 23)), replace=False))
        fp_rows.append(np.full(len(members), i))
        fp_people.append(members)
    fp_rows, fp_people = np.concatenate(fp_rows), np.concatenate(fp_people)
    g, b, w, m = _counts_by_sex(fp_rows, pe_sex[fp_people], 4, adult=False)
    fp = _activities("formation_pairs", fp_start, [s + d for s, d in zip(fp_start, fp_days)],
                     [None] * 4, fp_commune, [COMMUNE_PARTNER[c] for c in fp_commune],
                     girls=g, boys=b, women=w, men=m)
    acts.append(fp)
    add_attendance(fp, fp_rows, pe_id[fp_people])
    pe_enrolled = np.where(pe_commune == "NOUGA", fp_start[0], fp_start[1]).astype("datetime64[D]")
    trained_end = {"NOUGA": fp_start[0] + fp_days[0], "KANIOGO": fp_start[1] + fp_days[1]}
    people.append(_table(person_id=pe_id, role=np.full(n_pe, "pair_educateur", dtype=object), sex=pe_sex,
                         age=pe_age, setting=pe_setting, locality_id=pe_loc, commune=pe_commune,
                         partner=pe_partner, enrolled_on=pe_enrolled))

    # inactive peer educators: at most one per locality
    inactive = np.zeros(n_pe, dtype=bool)
    for loc in rng.choice(list(PE_PER_LOCALITY), size=INACTIVE_PE, replace=False):
        inactive[rng.choice(np.flatnonzero(pe_loc == loc))] = True

    # ---- children, focus-group cycles --------------------------------------------------------
    locs = list(CHILDREN_PER_LOCALITY)
    n_child_loc = np.array([round(CHILDREN_PER_LOCALITY[x] * rng.uniform(0.95, 1.04)) for x in locs])
    n_groups_loc = np.maximum(1, np.rint(n_child_loc / 13).astype(int))
    group_loc = np.repeat(np.arange(len(locs)), n_groups_loc)
    n_groups = len(group_loc)
    # group sizes: at least 8 children, about 13
    group_size = np.concatenate([8 + rng.multinomial(n - 8 * k, np.full(k, 1 / k))
                                 for n, k in zip(n_child_loc, n_groups_loc)])
    # sessions per cycle (4-6), adjusted so that the focus groups add up to FOCUS_GROUPS
    sessions = rng.choice([4, 5, 6], size=n_groups, p=[0.25, 0.45, 0.30])
    target = int(np.clip(FOCUS_GROUPS, 4 * n_groups, 6 * n_groups))
    while sessions.sum() != target:
        step = 1 if sessions.sum() < target else -1
        ok = np.flatnonzero((sessions + step >= 4) & (sessions + step <= 6))
        sessions[rng.choice(ok)] += step
    is_site = np.isin(np.array(locs, dtype=object)[group_loc], contract.SITES)
    w_site = FG_MONTHS * np.where(np.isin(MONTH_OF_YEAR, [7, 8]), 0.6, 1.0)
    w_school = FG_MONTHS * np.where(np.isin(MONTH_OF_YEAR, [7, 8, 9]), 0.25, 1.0)
    g_start = np.where(is_site, _dates(rng, n_groups, w_site), _dates(rng, n_groups, w_school))
    gaps = rng.integers(7, 15, size=(n_groups, 5))
    offsets = np.concatenate([np.zeros((n_groups, 1), dtype=np.int64), np.cumsum(gaps, axis=1)], axis=1)
    last = offsets[np.arange(n_groups), sessions - 1]
    g_commune = np.array([contract.LOCALITY_COMMUNE[locs[i]] for i in group_loc], dtype=object)
    earliest = np.array([trained_end[c] for c in g_commune], dtype="datetime64[D]") + 7
    g_start = np.maximum(g_start, earliest)
    too_late = (g_start + last) > END - 3
    g_start = np.where(too_late, END - 3 - last - rng.integers(0, 20, n_groups), g_start)
    g_start = g_start.astype("datetime64[D]")

    # one row per focus group (group, session)
    fg_group = np.repeat(np.arange(n_groups), sessions)
    fg_session = np.concatenate([np.arange(s) for s in sessions])
    fg_date = g_start[fg_group] + offsets[fg_group, fg_session]
    fg_loc = np.array(locs, dtype=object)[group_loc[fg_group]]
    # facilitators: a main peer educator per group, cycling through the active ones of the locality
    main_pe = np.empty(n_groups, dtype=np.int64)
    for li, loc in enumerate(locs):
        active = rng.permutation(np.flatnonzero((pe_loc == loc) & ~inactive))
        gi = np.flatnonzero(group_loc == li)
        main_pe[gi] = active[np.arange(len(gi)) % len(active)]
    fg_pe = main_pe[fg_group].copy()
    swap = rng.random(len(fg_pe)) < 0.2
    for i in np.flatnonzero(swap):
        fg_pe[i] = rng.choice(np.flatnonzero((pe_loc == fg_loc[i]) & ~inactive))

    # children: each attends 3-6 sessions of the cycle of the group
    n_child = int(group_size.sum())
    c_group = np.repeat(np.arange(n_groups), group_size)
    c_loc = np.array(locs, dtype=object)[group_loc[c_group]]
    k = np.minimum(rng.choice([3, 4, 5, 6], size=n_child, p=[0.2, 0.35, 0.3, 0.15]), sessions[c_group])
    keys = rng.random((n_child, 6))
    keys[np.arange(6)[None, :] >= sessions[c_group][:, None]] = 2.0
    rank = keys.argsort(axis=1).argsort(axis=1)
    attend = rank < k[:, None]
    fg_first = np.concatenate([[0], np.cumsum(sessions)[:-1]])      # first focus-group row of each group
    # every session has someone registered
    present = np.zeros(len(fg_group), dtype=np.int64)
    ci, sj = np.nonzero(attend)
    np.add.at(present, fg_first[c_group[ci]] + sj, 1)
    for row in np.flatnonzero(present == 0):
        cand = np.flatnonzero(c_group == fg_group[row])
        attend[rng.choice(cand), fg_session[row]] = True
    ci, sj = np.nonzero(attend)
    att_row = fg_first[c_group[ci]] + sj

    c_sex = rng.choice(np.array(["F", "M", None], dtype=object), size=n_child, p=[0.535, 0.455, 0.01])
    c_age = rng.choice([12, 13, 14, 15, 16], size=n_child, p=[0.17, 0.22, 0.23, 0.21, 0.17]).astype(float)
    c_commune = _obj(contract.LOCALITY_COMMUNE[x] for x in c_loc)
    c_partner = _obj(COMMUNE_PARTNER[c] for c in c_commune)
    c_setting = np.where(np.isin(c_loc, contract.SITES), "site", "ecole").astype(object)
    first_session = np.where(attend, np.arange(6)[None, :], 99).min(axis=1)
    c_enrolled = (g_start[c_group] + offsets[c_group, first_session]).astype("datetime64[D]")
    c_last = (g_start[c_group] + offsets[c_group, np.where(attend, np.arange(6)[None, :], -1).max(axis=1)])
    c_id = np.empty(n_child, dtype=object)
    for p in ("CASE_SAHEL", "ENDA_MALI"):            # numbered in order of enrolment, per partner
        idx = np.flatnonzero(c_partner == p)
        idx = idx[np.argsort(c_enrolled[idx], kind="stable")]
        c_id[idx] = _ids(f"{CODE[p]}-ENF-", len(idx), 4)
    people.append(_table(person_id=c_id, role=np.full(n_child, "enfant", dtype=object), sex=c_sex,
                         age=c_age, setting=c_setting, locality_id=c_loc, commune=c_commune,
                         partner=c_partner, enrolled_on=c_enrolled))
    g, b, w, m = _counts_by_sex(att_row, c_sex[ci], len(fg_group), adult=False)
    fg_commune = _obj(contract.LOCALITY_COMMUNE[x] for x in fg_loc)
    fg = _activities("focus_group", fg_date, None, fg_loc, fg_commune,
                     [COMMUNE_PARTNER[c] for c in fg_commune], facilitator=pe_id[fg_pe],
                     girls=g, boys=b, women=w, men=m)
    acts.append(fg)
    add_attendance(fg, att_row, c_id[ci])

    # ---- community talks (causeries) ---------------------------------------------------------
    n_cau = int(rng.integers(46, 52))
    cau_loc = rng.choice(np.array(contract.LOCALITIES, dtype=object), size=n_cau,
                         p=[0.22, 0.22, 0.14, 0.14, 0.14, 0.14])
    cau_commune = _obj(contract.LOCALITY_COMMUNE[x] for x in cau_loc)
    cau_total = rng.multinomial(CAUSERIE_PEOPLE + int(rng.integers(-25, 26)), rng.dirichlet(np.full(n_cau, 6.0)))
    g, b, w, m = _split_crowd(rng, cau_total, (0.13, 0.11, 0.42, 0.34))
    acts.append(_activities("causerie", _dates(rng, n_cau, CAUSERIE_MONTHS), None, cau_loc, cau_commune,
                            [COMMUNE_PARTNER[c] for c in cau_commune], girls=g, boys=b, women=w, men=m))

    # ---- CCPE campaigns: radio (commune-wide estimate), forum theatre, caravans ---------------
    campaign_total = CAMPAIGN_PEOPLE + int(rng.integers(-60, 61))
    plan = {"radio": (10, 0.50), "theatre_forum": (10, 0.32), "caravane": (4, 0.18)}
    for atype, (n, share) in plan.items():
        commune = np.array(["NOUGA", "KANIOGO"] * (n // 2), dtype=object)
        start = np.empty(n, dtype="datetime64[D]")
        for c, first in (("NOUGA", "2021-08"), ("KANIOGO", "2021-11")):
            wts = CAMPAIGN_MONTHS * (MONTHS >= np.datetime64(first))
            start[commune == c] = _dates(rng, int((commune == c).sum()), wts)
        totals = rng.multinomial(round(campaign_total * share), rng.dirichlet(np.full(n, 8.0)))
        if atype == "radio":
            totals = (np.rint(totals / 10) * 10).astype(np.int64)            # an estimate
            loc = [None] * n
            g, b, w, m = _split_crowd(rng, totals // 10, (0.15, 0.15, 0.36, 0.34))
            g, b, w, m = g * 10, b * 10, w * 10, m * 10
            end = None
        elif atype == "theatre_forum":
            loc = [rng.choice([x for x in contract.LOCALITIES if contract.LOCALITY_COMMUNE[x] == c]) for c in commune]
            g, b, w, m = _split_crowd(rng, totals, (0.16, 0.14, 0.38, 0.32))
            end = None
        else:                                        # caravans tour the commune for 2-3 days
            loc = [None] * n
            g, b, w, m = _split_crowd(rng, totals, (0.15, 0.15, 0.36, 0.34))
            end = np.minimum(start + rng.integers(1, 3, n), END)
        acts.append(_activities(atype, start, end, loc, commune,
                                [COMMUNE_PARTNER[c] for c in commune], girls=g, boys=b, women=w, men=m))

    # ---- adults: CCPE members, social workers, institutional actors ---------------------------
    def adults(role: str, code: str, communes: np.ndarray, p_female: float, ages: tuple[int, int],
               enrolled: np.ndarray) -> dict:
        n = len(communes)
        return _table(person_id=_ids(f"ACS-{code}-", n, 3), role=np.full(n, role, dtype=object),
                      sex=np.where(rng.random(n) < p_female, "F", "M").astype(object),
                      age=rng.integers(ages[0], ages[1] + 1, n).astype(float), setting=_none(n),
                      locality_id=_none(n), commune=_obj(communes), partner=np.full(n, "ACESEM", dtype=object),
                      enrolled_on=np.asarray(enrolled, dtype="datetime64[D]"))

    def workshop(atype: str, starts: list, days: int, communes: list, partners: list,
                 rows: np.ndarray, who: dict) -> None:
        g, b, w, m = _counts_by_sex(rows, who["sex"], len(starts), adult=True)
        a = _activities(atype, starts, [s + days for s in starts], [None] * len(starts), communes, partners,
                        girls=g, boys=b, women=w, men=m)
        acts.append(a)
        add_attendance(a, rows, who["person_id"])

    # CCPE: 14 members per commune, two 2-day workshops, then action plans and advocacy
    ccpe_start = [jitter("2021-02-16"), jitter("2021-03-09")]
    ccpe_commune = np.repeat(np.array(["NOUGA", "KANIOGO"], dtype=object), 14)
    ccpe = adults("membre_ccpe", "CCPE", ccpe_commune, 0.36, (28, 60),
                  np.where(ccpe_commune == "NOUGA", ccpe_start[0], ccpe_start[1]))
    people.append(ccpe)
    rows = np.where(ccpe_commune == "NOUGA", 0, 1)
    workshop("atelier_ccpe", ccpe_start, 1, ["NOUGA", "KANIOGO"], ["ACESEM", "ACESEM"], rows, ccpe)

    pa_start = [jitter("2021-06-15"), jitter("2021-09-14")]
    sel = np.concatenate([np.sort(rng.choice(np.flatnonzero(ccpe_commune == c), int(rng.integers(10, 13)),
                                             replace=False)) for c in ("NOUGA", "KANIOGO")])
    workshop("atelier_plan_action", pa_start, 1, ["NOUGA", "KANIOGO"], ["CASE_SAHEL", "ENDA_MALI"],
             np.where(ccpe_commune[sel] == "NOUGA", 0, 1), {k: v[sel] for k, v in ccpe.items()})

    pl_start = [jitter("2021-11-16"), jitter("2021-12-07")]
    absent = [rng.choice(np.flatnonzero(ccpe_commune == c)) for c in ("NOUGA", "KANIOGO")]
    sel = np.setdiff1d(np.arange(28), absent)                                  # 26 of 28
    workshop("atelier_plaidoyer", pl_start, 1, ["NOUGA", "KANIOGO"], ["ACESEM", "ACESEM"],
             np.where(ccpe_commune[sel] == "NOUGA", 0, 1), {k: v[sel] for k, v in ccpe.items()})

    # social workers: one 3-day training
    ts_start = jitter("2020-11-17")
    ts = adults("travailleur_social", "TS", np.array(["NOUGA"] * 6 + ["KANIOGO"] * 5, dtype=object),
                0.5, (24, 52), np.full(11, ts_start))
    people.append(ts)
    workshop("formation_travailleurs_sociaux", [ts_start], 2, ["NOUGA"], ["ACESEM"], np.zeros(11, dtype=np.int64), ts)

    # institutional actors: 57 distinct over three 2-day workshops (the third mixes newcomers and returnees)
    fa_start = [jitter("2021-04-20"), jitter("2021-05-18"), jitter("2022-03-15")]
    ai_commune = np.array(["NOUGA"] * 28 + ["KANIOGO"] * 29, dtype=object)
    first_ws = np.zeros(57, dtype=np.int64)
    first_ws[28:] = 1
    first_ws[rng.choice(np.flatnonzero(ai_commune == "NOUGA"), 8, replace=False)] = 2
    first_ws[rng.choice(np.flatnonzero(ai_commune == "KANIOGO"), 9, replace=False)] = 2
    ai = adults("acteur_institutionnel", "AI", ai_commune, 0.3, (27, 59),
                np.array(fa_start, dtype="datetime64[D]")[first_ws])
    people.append(ai)
    back = rng.choice(np.flatnonzero(first_ws < 2), int(rng.integers(5, 8)), replace=False)
    rows = np.concatenate([first_ws, np.full(len(back), 2)])
    who = {k: np.concatenate([v, v[back]]) for k, v in ai.items()}
    workshop("formation_acteurs", fa_start, 1, ["NOUGA", "KANIOGO", "NOUGA"], ["ACESEM"] * 3, rows, who)

    # ---- knowledge tests ---------------------------------------------------------------------
    ability = rng.normal(0, 1, n_child) + np.where(c_setting == "ecole", 0.15, -0.15)
    has_pre = rng.random(n_child) < 0.94
    pre = np.clip(np.rint(10.2 + 3.0 * ability + rng.normal(0, 1.2, n_child)), 0, 20)
    post_date = (c_last + rng.integers(21, 100, n_child)).astype("datetime64[D]")
    has_post = (rng.random(n_child) < 0.93) & (post_date <= END)
    post = np.clip(np.rint(13.4 + 3.0 * ability + rng.normal(0, 1.8, n_child)), 0, 20)
    failed = post / 20 < contract.PASS_THRESHOLD
    retake = has_post & (rng.random(n_child) < np.where(failed, 0.15, 0.02))
    retake_date = (post_date + rng.integers(30, 90, n_child)).astype("datetime64[D]")
    retake &= retake_date <= END
    retake_score = np.clip(post + np.rint(rng.normal(2.0, 1.5, n_child)), 0, 20)
    parts = []
    for kind, mask, date, score in (("pre", has_pre, c_enrolled, pre), ("post", has_post, post_date, post),
                                    ("post", retake, retake_date, retake_score)):
        n = int(mask.sum())
        parts.append(_table(person_id=c_id[mask], kind=np.full(n, kind, dtype=object), assessed_on=date[mask],
                            score=score[mask].astype(float), max_score=np.full(n, 20.0)))
    assessments = _concat(parts)

    # ---- cases -------------------------------------------------------------------------------
    n = N_CASES
    d0 = np.sort(_exact_dates(rng, n, CASE_MONTHS))
    site = _exact(rng, contract.SITES, [0.5, 0.5], n)
    partner = np.where(rng.random(n) < 0.85, "ACESEM",
                       np.where(site == "KOKOYO", "CASE_SAHEL", "ENDA_MALI")).astype(object)
    sex = _exact(rng, ["F", "M", None], [0.8, 0.2 - 2 / n, 2 / n], n)
    age = _exact(rng, np.arange(9, 18), [0.01, 0.02, 0.03, 0.06, 0.12, 0.17, 0.21, 0.21, 0.17], n)
    nat = _exact(rng, ["MLI", "BFA", "GIN", "CIV", "NER", "NGA", "SEN"],
                 [0.60, 0.12, 0.09, 0.06, 0.05, 0.05, 0.03], n)
    region = np.where(nat == "MLI", rng.choice(np.array(ORIGIN_REGIONS, dtype=object), size=n,
                                               p=[0.3, 0.2, 0.15, 0.15, 0.15, 0.05]), None)
    region[(nat == "MLI") & (rng.random(n) < 0.05)] = None                     # not known
    referral = _exact(rng, contract.REFERRAL_SOURCES, [0.20, 0.15, 0.15, 0.10, 0.20, 0.10, 0.10], n)
    exploitation = _exact(rng, contract.EXPLOITATIONS, [0.48, 0.38, 0.08, 0.06], n)
    consent = np.ones(n, dtype=bool)
    consent[rng.choice(n, 3, replace=False)] = False
    year = d0.astype("datetime64[Y]").astype(np.int64) + 1970
    case_id = np.empty(n, dtype=object)
    seq: dict[tuple[str, int], int] = {}
    for i in range(n):                                  # register number per partner and year
        key = (partner[i], int(year[i]))
        seq[key] = seq.get(key, 0) + 1
        case_id[i] = f"{CODE[partner[i]]}-{year[i]}-{seq[key]:04d}"
    cases = _table(case_id=case_id, sex=sex, age=age.astype(float), nationality=nat, origin_region=region,
                   site_id=site, partner=partner, referral_source=referral, exploitation=exploitation,
                   consent_reporting=consent)

    d1 = d0 + rng.integers(2, 16, n)
    d2 = d1 + rng.integers(1, 11, n)
    d3 = d2 + rng.integers(30, 183, n)
    d4 = d3 + rng.integers(30, 122, n)
    d5 = d4 + rng.integers(60, 183, n)
    # a few drop-outs: 7 lost before care, 3 before the return to the family, 3 before reinsertion
    drop = np.zeros((n, 3), dtype=bool)
    lost = rng.choice(np.flatnonzero(d0 < _d("2022-09-01")), 13, replace=False)
    drop[lost[:7], 0], drop[lost[7:10], 1], drop[lost[10:], 2] = True, True, True
    reached = [np.ones(n, dtype=bool), d1 <= END]
    reached.append(reached[-1] & ~drop[:, 0] & (d2 <= END))
    reached.append(reached[-1] & ~drop[:, 1] & (d3 <= END))
    reached.append(reached[-1] & ~drop[:, 2] & (d4 <= END))
    reached.append(reached[-1] & (d5 <= END))
    foreign = nat != "MLI"
    rtype = np.where(foreign & (rng.random(n) < 0.5), "reunification_familiale",
                     rng.choice(np.array(contract.REINSERTION_TYPES, dtype=object), size=n,
                                p=[0.30, 0.28, 0.22, 0.20])).astype(object)
    closure = rng.choice(np.array(CLOSURE_REASONS, dtype=object), size=n, p=[0.35, 0.25, 0.2, 0.1, 0.1])
    closure[foreign & (rng.random(n) < 0.5)] = CLOSURE_REASONS[3]
    details = [_none(n), _none(n), _none(n), _none(n), rtype, closure]
    parts = []
    for stage, date, mask, det in zip(contract.STAGES, (d0, d1, d2, d3, d4, d5), reached, details):
        parts.append(_table(case_id=case_id[mask], stage=np.full(int(mask.sum()), stage, dtype=object),
                            event_date=date[mask], detail=det[mask]))
    events = _concat(parts)
    order = np.lexsort((np.concatenate([np.full(int(r.sum()), i) for i, r in enumerate(reached)]),
                        events["case_id"].astype(str)))
    events = {k: v[order] for k, v in events.items()}

    # services between care and closure (or the end of the project)
    in_care = np.flatnonzero(reached[2])
    w_start = d2[in_care]
    w_end = np.where(reached[5][in_care], d5[in_care], END)
    span = (w_end - w_start).astype(np.int64)
    service_plan = {  # probability, min and max deliveries, how early in care (power of the draw)
        "psychosocial": (0.97, 2, 5, 1.0), "medical": (0.72, 1, 2, 2.5), "sanitaire": (0.60, 1, 2, 1.5),
        "alimentaire": (0.78, 1, 3, 2.0), "hebergement": (0.66, 1, 1, 4.0), "vestimentaire": (0.60, 1, 2, 3.0),
        "juridique": (0.22, 1, 1, 1.5),
    }
    parts = []
    for service, (p, lo, hi, power) in service_plan.items():
        p_case = np.where(referral[in_care] == "brigade", min(1.0, p * 2.5), p) if service == "juridique" else p
        count = np.where(rng.random(len(in_care)) < p_case, rng.integers(lo, hi + 1, len(in_care)), 0)
        ci = np.repeat(np.arange(len(in_care)), count)
        date = w_start[ci] + np.floor(rng.random(len(ci)) ** power * (span[ci] + 1)).astype(np.int64)
        cid = in_care[ci]
        local = np.where(site[cid] == "KOKOYO", "CASE_SAHEL", "ENDA_MALI")
        sp = np.where((partner[cid] == "ACESEM") & (rng.random(len(ci)) < 0.15), local, partner[cid]).astype(object)
        parts.append(_table(case_id=case_id[cid], service=np.full(len(ci), service, dtype=object),
                            service_date=date.astype("datetime64[D]"), partner=sp))
    services = _concat(parts)
    key = np.char.add(np.char.add(services["case_id"].astype(str), services["service"].astype(str)),
                      services["service_date"].astype(str))
    _, first = np.unique(key, return_index=True)
    order = np.sort(first)
    order = order[np.lexsort((services["service_date"][order], services["case_id"][order].astype(str)))]
    services = {k: v[order] for k, v in services.items()}

    # ---- milestones --------------------------------------------------------------------------
    def after(d, lo, hi):
        return d + int(rng.integers(lo, hi + 1))

    ms = [  # id, kind, commune, title, planned, achieved
        ("MS-CCPE-NOUGA", "ccpe_operationnel", "NOUGA", "CCPE de Nouga opérationnel",
         "2021-03-31", after(ccpe_start[0], 20, 35)),
        ("MS-CCPE-KANIOGO", "ccpe_operationnel", "KANIOGO", "CCPE de Kaniogo opérationnel",
         "2021-03-31", after(_d("2021-07-05"), 0, 14)),
        ("MS-PA-NOUGA-1", "plan_action", "NOUGA", "Plan d'action de sensibilisation 2021-2022 du CCPE de Nouga",
         "2021-07-31", after(pa_start[0], 10, 25)),
        ("MS-PA-NOUGA-2", "plan_action", "NOUGA", "Plan d'action de prévention sur le site aurifère de Kokoyo",
         "2021-09-30", after(pa_start[0], 60, 90)),
        ("MS-PA-NOUGA-3", "plan_action", "NOUGA", "Plan d'action de sensibilisation 2022 des villages de Danga et Tombola",
         "2022-01-31", after(_d("2022-03-01"), 0, 20)),
        ("MS-PA-KANIOGO-1", "plan_action", "KANIOGO", "Plan d'action de sensibilisation 2021-2022 du CCPE de Kaniogo",
         "2021-07-31", after(pa_start[1], 10, 25)),
        ("MS-PA-KANIOGO-2", "plan_action", "KANIOGO", "Plan d'action de prévention sur le site aurifère de Koflatié",
         "2021-09-30", after(pa_start[1], 50, 75)),
        ("MS-PA-KANIOGO-3", "plan_action", "KANIOGO", "Plan d'action de sensibilisation 2022 des villages de Tégué et Sombo",
         "2022-01-31", after(_d("2022-01-10"), 0, 15)),
        ("MS-PLAIDOYER", "strategie_plaidoyer", "NOUGA", "Stratégie de plaidoyer des CCPE de Nouga et de Kaniogo élaborée",
         "2022-03-31", after(pl_start[1], 45, 75)),
        ("MS-PDESC-NOUGA", "integration_pdesc", "NOUGA",
         "Mesures de protection de l'enfant intégrées au PDESC de Nouga", "2022-06-30", after(_d("2022-11-02"), 0, 20)),
        ("MS-PDESC-KANIOGO", "integration_pdesc", "KANIOGO",
         "Mesures de protection de l'enfant intégrées au PDESC de Kaniogo", "2022-09-30", None),
    ]
    milestones = _table(
        milestone_id=_obj(r[0] for r in ms), kind=_obj(r[1] for r in ms), commune=_obj(r[2] for r in ms),
        title=_obj(r[3] for r in ms), planned_on=np.array([r[4] for r in ms], dtype="datetime64[D]"),
        achieved_on=np.array([r[5] if r[5] is not None else "NaT" for r in ms], dtype="datetime64[D]"))

    # ---- budget ------------------------------------------------------------------------------
    budget = _budget(rng)

    activities = _concat(acts)
    activities.pop("_order")
    return {
        "activities": activities,
        "participants": _concat(people),
        "attendance": _concat(attendance),
        "assessments": assessments,
        "cases": cases,
        "case_events": events,
        "case_services": services,
        "milestones": milestones,
        "budget": budget,
    }


QUARTERS = [f"{y}-Q{q}" for y in (2020, 2021, 2022) for q in (1, 2, 3, 4)][1:]   # 2020-Q2 .. 2022-Q4
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


def _budget(rng: np.random.Generator) -> dict[str, np.ndarray]:
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


# --------------------------------------------------------------------------------------------
# replicas, arrow conversion, atomic writing

ID_COLUMNS = {
    "activities": ("activity_id", "facilitator_id"), "participants": ("person_id",),
    "attendance": ("activity_id", "person_id"), "assessments": ("person_id",), "cases": ("case_id",),
    "case_events": ("case_id",), "case_services": ("case_id",), "milestones": ("milestone_id",),
}

ARROW_TYPES = {"varchar": pa.string(), "date": pa.date32(), "bigint": pa.int64(), "integer": pa.int32(),
               "double": pa.float64(), "boolean": pa.bool_()}


def _suffixed(values: np.ndarray, suffix: str) -> np.ndarray:
    out = values.copy()
    ok = np.array([v is not None for v in values], dtype=bool)
    out[ok] = values[ok] + suffix
    return out


def _arrow(name: str, cols: dict[str, np.ndarray]) -> pa.Table:
    arrays, fields = [], []
    for col in contract.TABLES[name].columns:
        v = cols[col.name]
        t = ARROW_TYPES[col.type]
        if col.type == "date":
            v = np.asarray(v, dtype="datetime64[D]")
            arr = pa.array(v, type=t, mask=np.isnat(v))
        elif col.type in ("bigint", "integer") and v.dtype.kind == "f":
            mask = np.isnan(v)
            arr = pa.array(np.where(mask, 0, v).astype(np.int64), type=t, mask=mask)
        else:
            arr = pa.array(v, type=t)
        if not col.nullable and arr.null_count:
            raise AssertionError(f"{name}.{col.name}: {arr.null_count} nulls in a non-nullable column")
        arrays.append(arr)
        fields.append(pa.field(col.name, t, nullable=col.nullable))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def build(seed: int = 2020, scale: int = 1) -> dict[str, pa.Table]:
    """All tables as arrow tables, in memory (generate() writes them)."""
    if int(scale) != scale or scale < 1:
        raise ValueError(f"scale must be a positive integer, not {scale!r}")
    scale = int(scale)
    streams = np.random.default_rng(seed).spawn(scale)
    replicas = []
    for r, rng in enumerate(streams, start=1):
        tables = _replica(rng)
        if scale > 1:
            suffix = f"-R{r:03d}"
            for name, cols in ID_COLUMNS.items():
                for c in cols:
                    tables[name][c] = _suffixed(tables[name][c], suffix)
            tables["budget"]["budget_line"] = tables["budget"]["budget_line"] + f" [R{r:03d}]"
        replicas.append(tables)
    return {name: _arrow(name, _concat([t[name] for t in replicas])) for name in contract.TABLES}


def metadata(seed: int, scale: int, counts: dict[str, int]) -> dict:
    return {
        "synthetic": True,
        "generator": "demo",
        "generator_version": GENERATOR_VERSION,
        "contract_version": 1,
        "seed": seed,
        "scale": scale,
        "generated_for": "Kangaba ECPAT demo",
        "note_fr": ("Données fictives de démonstration : aucune personne, aucun cas ni aucun chiffre réel. "
                    "Ne pas utiliser dans un rapport."),
        "note_en": "Synthetic demo data: no real person, case or figure. Not for reporting.",
        "period": {"start": contract.PROJECT_START, "end": contract.PROJECT_END},
        "id_suffix": "-Rnnn per replica (budget lines: ' [Rnnn]')" if scale > 1 else None,
        "rows": counts,
    }


def _is_demo_dir(data_dir: Path) -> bool:
    try:
        return json.loads((data_dir / contract.METADATA_FILE).read_text(encoding="utf-8")).get("synthetic") is True
    except (OSError, ValueError, AttributeError):
        return False


def generate(data_dir, seed: int = 2020, scale: int = 1, *, force: bool = False) -> dict[str, int]:
    """Write the demo extracts into data_dir; return the row count of every table.

    Refuses to overwrite a directory that holds parquet extracts not written by this
    generator (no `_dataset.json` saying synthetic), unless force=True, so that real
    partner extracts are never replaced by fictitious data.
    """
    data_dir = Path(data_dir)
    if data_dir.exists() and not data_dir.is_dir():
        raise NotADirectoryError(f"{data_dir} is not a directory")
    if data_dir.exists() and not force and not _is_demo_dir(data_dir):
        real = [p.name for p in data_dir.iterdir() if p.name.endswith(".parquet") or
                (p.is_dir() and p.name in contract.TABLES)]
        if real:
            raise FileExistsError(f"{data_dir} holds extracts that are not demo data ({', '.join(sorted(real))}); "
                                  "use force=True (--force) to overwrite them")
    for name in contract.TABLES:                         # a folder form of a table would shadow our file
        if (data_dir / name).is_dir():
            raise FileExistsError(f"{data_dir / name} is a folder of parquet files; remove it first")

    tables = build(seed, scale)
    counts = {name: t.num_rows for name, t in tables.items()}
    parent = data_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{data_dir.name}.demo-", dir=parent))
    try:
        for name, t in tables.items():
            pq.write_table(t, tmp / f"{name}.parquet")
        (tmp / contract.METADATA_FILE).write_text(
            json.dumps(metadata(seed, scale, counts), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if not data_dir.exists():
            os.rename(tmp, data_dir)                      # the whole directory appears at once
        else:                                            # file by file, metadata last
            for name in tables:
                os.replace(tmp / f"{name}.parquet", data_dir / f"{name}.parquet")
            os.replace(tmp / contract.METADATA_FILE, data_dir / contract.METADATA_FILE)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return counts
