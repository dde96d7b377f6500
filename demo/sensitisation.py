"""Sections of the demo generator that draw the sensitisation: launch meetings, peer educators and
their training, focus-group cycles with the children who attend them, community talks and CCPE
campaigns.  Each function draws from the replica's stream in the order `generate._replica` calls it."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from queries import contract

from .common import (CAMPAIGN_MONTHS, CAMPAIGN_PEOPLE, CAUSERIE_MONTHS, CAUSERIE_PEOPLE, CHILDREN_PER_LOCALITY,
                     CODE, COMMUNE_PARTNER, END, FG_MONTHS, FOCUS_GROUPS, INACTIVE_PE, MONTH_OF_YEAR, MONTHS,
                     PE_PER_LOCALITY, Draft, _activities, _counts_by_sex, _dates, _ids, _obj, _split_crowd,
                     _table)


@dataclass
class PeerEducators:
    loc: np.ndarray
    commune: np.ndarray
    id: np.ndarray
    trained_end: dict            # commune -> last day of its first training
    inactive: np.ndarray         # bool: leads no focus group


@dataclass
class Cycles:
    """Focus-group cycles: one row per group, and one per focus group (group, session)."""
    locs: list
    group_loc: np.ndarray
    group_size: np.ndarray
    sessions: np.ndarray
    g_start: np.ndarray
    offsets: np.ndarray
    fg_group: np.ndarray
    fg_session: np.ndarray
    fg_date: np.ndarray
    fg_loc: np.ndarray
    fg_pe: np.ndarray


@dataclass
class Children:
    """What the knowledge tests need to know of the children."""
    id: np.ndarray
    setting: np.ndarray
    enrolled: np.ndarray
    last: np.ndarray             # day of the last session attended


def launch_meetings(r: Draft) -> None:
    """Two launch meetings (not registered people)."""
    rng = r.rng
    launch = [r.jitter("2020-06-23"), r.jitter("2020-06-30")]
    n_w, n_m = rng.integers(8, 15, 2), rng.integers(14, 24, 2)
    r.acts.append(_activities("autre", launch, None, [None, None], ["NOUGA", "KANIOGO"],
                              ["CASE_SAHEL", "ENDA_MALI"], women=n_w, men=n_m))


def peer_educators(r: Draft) -> PeerEducators:
    """48 peer educators, their two trainings and two refreshers, and the few who stay inactive."""
    rng = r.rng
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

    fp_start = [r.jitter("2020-09-14"), r.jitter("2020-10-05"), r.jitter("2021-07-12"), r.jitter("2021-07-26")]
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
    r.acts.append(fp)
    r.add_attendance(fp, fp_rows, pe_id[fp_people])
    pe_enrolled = np.where(pe_commune == "NOUGA", fp_start[0], fp_start[1]).astype("datetime64[D]")
    trained_end = {"NOUGA": fp_start[0] + fp_days[0], "KANIOGO": fp_start[1] + fp_days[1]}
    r.people.append(_table(person_id=pe_id, role=np.full(n_pe, "pair_educateur", dtype=object), sex=pe_sex,
                           age=pe_age, setting=pe_setting, locality_id=pe_loc, commune=pe_commune,
                           partner=pe_partner, enrolled_on=pe_enrolled))

    # inactive peer educators: at most one per locality
    inactive = np.zeros(n_pe, dtype=bool)
    for loc in rng.choice(list(PE_PER_LOCALITY), size=INACTIVE_PE, replace=False):
        inactive[rng.choice(np.flatnonzero(pe_loc == loc))] = True
    return PeerEducators(pe_loc, pe_commune, pe_id, trained_end, inactive)


def focus_group_cycles(r: Draft, pe: PeerEducators) -> Cycles:
    """Groups of children per locality, 4-6 sessions each adding up to FOCUS_GROUPS, their dates
    (after the peer educators' training, before the end) and facilitators."""
    rng = r.rng
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
    earliest = np.array([pe.trained_end[c] for c in g_commune], dtype="datetime64[D]") + 7
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
        active = rng.permutation(np.flatnonzero((pe.loc == loc) & ~pe.inactive))
        gi = np.flatnonzero(group_loc == li)
        main_pe[gi] = active[np.arange(len(gi)) % len(active)]
    fg_pe = main_pe[fg_group].copy()
    swap = rng.random(len(fg_pe)) < 0.2
    for i in np.flatnonzero(swap):
        fg_pe[i] = rng.choice(np.flatnonzero((pe.loc == fg_loc[i]) & ~pe.inactive))
    return Cycles(locs, group_loc, group_size, sessions, g_start, offsets, fg_group, fg_session, fg_date,
                  fg_loc, fg_pe)


def children(r: Draft, pe: PeerEducators, cy: Cycles) -> Children:
    """The children of the groups (each attends 3-6 sessions of its cycle) and the focus groups."""
    rng = r.rng
    sessions, offsets, g_start = cy.sessions, cy.offsets, cy.g_start
    n_child = int(cy.group_size.sum())
    c_group = np.repeat(np.arange(len(cy.group_loc)), cy.group_size)
    c_loc = np.array(cy.locs, dtype=object)[cy.group_loc[c_group]]
    k = np.minimum(rng.choice([3, 4, 5, 6], size=n_child, p=[0.2, 0.35, 0.3, 0.15]), sessions[c_group])
    keys = rng.random((n_child, 6))
    keys[np.arange(6)[None, :] >= sessions[c_group][:, None]] = 2.0
    rank = keys.argsort(axis=1).argsort(axis=1)
    attend = rank < k[:, None]
    fg_first = np.concatenate([[0], np.cumsum(sessions)[:-1]])      # first focus-group row of each group
    # every session has someone registered
    present = np.zeros(len(cy.fg_group), dtype=np.int64)
    ci, sj = np.nonzero(attend)
    np.add.at(present, fg_first[c_group[ci]] + sj, 1)
    for row in np.flatnonzero(present == 0):
        cand = np.flatnonzero(c_group == cy.fg_group[row])
        attend[rng.choice(cand), cy.fg_session[row]] = True
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
    r.people.append(_table(person_id=c_id, role=np.full(n_child, "enfant", dtype=object), sex=c_sex,
                           age=c_age, setting=c_setting, locality_id=c_loc, commune=c_commune,
                           partner=c_partner, enrolled_on=c_enrolled))
    g, b, w, m = _counts_by_sex(att_row, c_sex[ci], len(cy.fg_group), adult=False)
    fg_commune = _obj(contract.LOCALITY_COMMUNE[x] for x in cy.fg_loc)
    fg = _activities("focus_group", cy.fg_date, None, cy.fg_loc, fg_commune,
                     [COMMUNE_PARTNER[c] for c in fg_commune], facilitator=pe.id[cy.fg_pe],
                     girls=g, boys=b, women=w, men=m)
    r.acts.append(fg)
    r.add_attendance(fg, att_row, c_id[ci])
    return Children(c_id, c_setting, c_enrolled, c_last)


def causeries(r: Draft) -> None:
    """Community talks: crowds counted by sex, no registered people."""
    rng = r.rng
    n_cau = int(rng.integers(46, 52))
    cau_loc = rng.choice(np.array(contract.LOCALITIES, dtype=object), size=n_cau,
                         p=[0.22, 0.22, 0.14, 0.14, 0.14, 0.14])
    cau_commune = _obj(contract.LOCALITY_COMMUNE[x] for x in cau_loc)
    cau_total = rng.multinomial(CAUSERIE_PEOPLE + int(rng.integers(-25, 26)), rng.dirichlet(np.full(n_cau, 6.0)))
    g, b, w, m = _split_crowd(rng, cau_total, (0.13, 0.11, 0.42, 0.34))
    r.acts.append(_activities("causerie", _dates(rng, n_cau, CAUSERIE_MONTHS), None, cau_loc, cau_commune,
                              [COMMUNE_PARTNER[c] for c in cau_commune], girls=g, boys=b, women=w, men=m))


def campaigns(r: Draft) -> None:
    """CCPE campaigns: radio (commune-wide estimate), forum theatre, caravans."""
    rng = r.rng
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
        r.acts.append(_activities(atype, start, end, loc, commune,
                                  [COMMUNE_PARTNER[c] for c in commune], girls=g, boys=b, women=w, men=m))
