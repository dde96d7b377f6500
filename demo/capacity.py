"""Sections of the demo generator that draw the adults and their workshops: CCPE members (two
workshops, action plans, advocacy), social workers (one training) and institutional actors
(three workshops).  Called in this order by `generate._replica`; the draws follow that order."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .common import Draft, _activities, _counts_by_sex, _ids, _none, _obj, _table


@dataclass
class Workshops:
    """Start days the milestones are drawn after."""
    ccpe_start: list
    pa_start: list
    pl_start: list


def _adults(r: Draft, role: str, code: str, communes: np.ndarray, p_female: float, ages: tuple[int, int],
            enrolled: np.ndarray) -> dict:
    rng = r.rng
    n = len(communes)
    return _table(person_id=_ids(f"ACS-{code}-", n, 3), role=np.full(n, role, dtype=object),
                  sex=np.where(rng.random(n) < p_female, "F", "M").astype(object),
                  age=rng.integers(ages[0], ages[1] + 1, n).astype(float), setting=_none(n),
                  locality_id=_none(n), commune=_obj(communes), partner=np.full(n, "ACESEM", dtype=object),
                  enrolled_on=np.asarray(enrolled, dtype="datetime64[D]"))


def _workshop(r: Draft, atype: str, starts: list, days: int, communes: list, partners: list,
              rows: np.ndarray, who: dict) -> None:
    g, b, w, m = _counts_by_sex(rows, who["sex"], len(starts), adult=True)
    a = _activities(atype, starts, [s + days for s in starts], [None] * len(starts), communes, partners,
                    girls=g, boys=b, women=w, men=m)
    r.acts.append(a)
    r.add_attendance(a, rows, who["person_id"])


def ccpe(r: Draft) -> Workshops:
    """CCPE: 14 members per commune, two 2-day workshops, then action plans and advocacy."""
    rng = r.rng
    ccpe_start = [r.jitter("2021-02-16"), r.jitter("2021-03-09")]
    ccpe_commune = np.repeat(np.array(["NOUGA", "KANIOGO"], dtype=object), 14)
    members = _adults(r, "membre_ccpe", "CCPE", ccpe_commune, 0.36, (28, 60),
                      np.where(ccpe_commune == "NOUGA", ccpe_start[0], ccpe_start[1]))
    r.people.append(members)
    rows = np.where(ccpe_commune == "NOUGA", 0, 1)
    _workshop(r, "atelier_ccpe", ccpe_start, 1, ["NOUGA", "KANIOGO"], ["ACESEM", "ACESEM"], rows, members)

    pa_start = [r.jitter("2021-06-15"), r.jitter("2021-09-14")]
    sel = np.concatenate([np.sort(rng.choice(np.flatnonzero(ccpe_commune == c), int(rng.integers(10, 13)),
                                             replace=False)) for c in ("NOUGA", "KANIOGO")])
    _workshop(r, "atelier_plan_action", pa_start, 1, ["NOUGA", "KANIOGO"], ["CASE_SAHEL", "ENDA_MALI"],
              np.where(ccpe_commune[sel] == "NOUGA", 0, 1), {k: v[sel] for k, v in members.items()})

    pl_start = [r.jitter("2021-11-16"), r.jitter("2021-12-07")]
    absent = [rng.choice(np.flatnonzero(ccpe_commune == c)) for c in ("NOUGA", "KANIOGO")]
    sel = np.setdiff1d(np.arange(28), absent)                                  # 26 of 28
    _workshop(r, "atelier_plaidoyer", pl_start, 1, ["NOUGA", "KANIOGO"], ["ACESEM", "ACESEM"],
              np.where(ccpe_commune[sel] == "NOUGA", 0, 1), {k: v[sel] for k, v in members.items()})
    return Workshops(ccpe_start, pa_start, pl_start)


def social_workers(r: Draft) -> None:
    """Social workers: one 3-day training."""
    ts_start = r.jitter("2020-11-17")
    ts = _adults(r, "travailleur_social", "TS", np.array(["NOUGA"] * 6 + ["KANIOGO"] * 5, dtype=object),
                 0.5, (24, 52), np.full(11, ts_start))
    r.people.append(ts)
    _workshop(r, "formation_travailleurs_sociaux", [ts_start], 2, ["NOUGA"], ["ACESEM"],
              np.zeros(11, dtype=np.int64), ts)


def institutional_actors(r: Draft) -> None:
    """Institutional actors: 57 distinct over three 2-day workshops (the third mixes newcomers and returnees)."""
    rng = r.rng
    fa_start = [r.jitter("2021-04-20"), r.jitter("2021-05-18"), r.jitter("2022-03-15")]
    ai_commune = np.array(["NOUGA"] * 28 + ["KANIOGO"] * 29, dtype=object)
    first_ws = np.zeros(57, dtype=np.int64)
    first_ws[28:] = 1
    first_ws[rng.choice(np.flatnonzero(ai_commune == "NOUGA"), 8, replace=False)] = 2
    first_ws[rng.choice(np.flatnonzero(ai_commune == "KANIOGO"), 9, replace=False)] = 2
    ai = _adults(r, "acteur_institutionnel", "AI", ai_commune, 0.3, (27, 59),
                 np.array(fa_start, dtype="datetime64[D]")[first_ws])
    r.people.append(ai)
    back = rng.choice(np.flatnonzero(first_ws < 2), int(rng.integers(5, 8)), replace=False)
    rows = np.concatenate([first_ws, np.full(len(back), 2)])
    who = {k: np.concatenate([v, v[back]]) for k, v in ai.items()}
    _workshop(r, "formation_acteurs", fa_start, 1, ["NOUGA", "KANIOGO", "NOUGA"], ["ACESEM"] * 3, rows, who)
