"""Sections of the demo generator that draw what follows the activities: the children's knowledge
tests, the cohort of cases with their stages and services, and the milestones.  Called in this
order by `generate._replica`; the draws follow that order."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from queries import contract

from .capacity import Workshops
from .common import (CASE_MONTHS, CLOSURE_REASONS, CODE, END, N_CASES, ORIGIN_REGIONS, Draft, _concat, _d,
                     _exact, _exact_dates, _none, _obj, _table)
from .sensitisation import Children


@dataclass
class Cohort:
    """The cases' table and what their stages and services are drawn from."""
    table: dict
    d0: np.ndarray               # identification day
    site: np.ndarray
    partner: np.ndarray
    nationality: np.ndarray
    referral: np.ndarray


@dataclass
class Path:
    """Stage dates of every case and whether it reached each stage by the end of the project."""
    dates: tuple
    reached: list


def assessments(r: Draft, ch: Children) -> dict:
    """Knowledge tests: pre at enrolment, post after the cycle, a few retakes."""
    rng = r.rng
    n_child = len(ch.id)
    ability = rng.normal(0, 1, n_child) + np.where(ch.setting == "ecole", 0.15, -0.15)
    has_pre = rng.random(n_child) < 0.94
    pre = np.clip(np.rint(10.2 + 3.0 * ability + rng.normal(0, 1.2, n_child)), 0, 20)
    post_date = (ch.last + rng.integers(21, 100, n_child)).astype("datetime64[D]")
    has_post = (rng.random(n_child) < 0.93) & (post_date <= END)
    post = np.clip(np.rint(13.4 + 3.0 * ability + rng.normal(0, 1.8, n_child)), 0, 20)
    failed = post / 20 < contract.PASS_THRESHOLD
    retake = has_post & (rng.random(n_child) < np.where(failed, 0.15, 0.02))
    retake_date = (post_date + rng.integers(30, 90, n_child)).astype("datetime64[D]")
    retake &= retake_date <= END
    retake_score = np.clip(post + np.rint(rng.normal(2.0, 1.5, n_child)), 0, 20)
    parts = []
    for kind, mask, date, score in (("pre", has_pre, ch.enrolled, pre), ("post", has_post, post_date, post),
                                    ("post", retake, retake_date, retake_score)):
        n = int(mask.sum())
        parts.append(_table(person_id=ch.id[mask], kind=np.full(n, kind, dtype=object), assessed_on=date[mask],
                            score=score[mask].astype(float), max_score=np.full(n, 20.0)))
    return _concat(parts)


def cases(r: Draft) -> Cohort:
    """The cohort of N_CASES cases, numbered per partner and year of identification."""
    rng = r.rng
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
    table = _table(case_id=case_id, sex=sex, age=age.astype(float), nationality=nat, origin_region=region,
                   site_id=site, partner=partner, referral_source=referral, exploitation=exploitation,
                   consent_reporting=consent)
    return Cohort(table, d0, site, partner, nat, referral)


def case_path(r: Draft, co: Cohort) -> Path:
    """Stage dates of every case, with a few drop-outs: 7 lost before care, 3 before the return to
    the family, 3 before reinsertion."""
    rng = r.rng
    n = len(co.d0)
    d0 = co.d0
    d1 = d0 + rng.integers(2, 16, n)
    d2 = d1 + rng.integers(1, 11, n)
    d3 = d2 + rng.integers(30, 183, n)
    d4 = d3 + rng.integers(30, 122, n)
    d5 = d4 + rng.integers(60, 183, n)
    drop = np.zeros((n, 3), dtype=bool)
    lost = rng.choice(np.flatnonzero(d0 < _d("2022-09-01")), 13, replace=False)
    drop[lost[:7], 0], drop[lost[7:10], 1], drop[lost[10:], 2] = True, True, True
    reached = [np.ones(n, dtype=bool), d1 <= END]
    reached.append(reached[-1] & ~drop[:, 0] & (d2 <= END))
    reached.append(reached[-1] & ~drop[:, 1] & (d3 <= END))
    reached.append(reached[-1] & ~drop[:, 2] & (d4 <= END))
    reached.append(reached[-1] & (d5 <= END))
    return Path((d0, d1, d2, d3, d4, d5), reached)


def case_events(r: Draft, co: Cohort, path: Path) -> dict:
    """One row per stage reached, with the reinsertion type and the closure reason as details."""
    rng = r.rng
    n = len(co.d0)
    case_id, reached = co.table["case_id"], path.reached
    foreign = co.nationality != "MLI"
    rtype = np.where(foreign & (rng.random(n) < 0.5), "reunification_familiale",
                     rng.choice(np.array(contract.REINSERTION_TYPES, dtype=object), size=n,
                                p=[0.30, 0.28, 0.22, 0.20])).astype(object)
    closure = rng.choice(np.array(CLOSURE_REASONS, dtype=object), size=n, p=[0.35, 0.25, 0.2, 0.1, 0.1])
    closure[foreign & (rng.random(n) < 0.5)] = CLOSURE_REASONS[3]
    details = [_none(n), _none(n), _none(n), _none(n), rtype, closure]
    parts = []
    for stage, date, mask, det in zip(contract.STAGES, path.dates, reached, details):
        parts.append(_table(case_id=case_id[mask], stage=np.full(int(mask.sum()), stage, dtype=object),
                            event_date=date[mask], detail=det[mask]))
    events = _concat(parts)
    order = np.lexsort((np.concatenate([np.full(int(m.sum()), i) for i, m in enumerate(reached)]),
                        events["case_id"].astype(str)))
    return {k: v[order] for k, v in events.items()}


SERVICE_PLAN = {  # probability, min and max deliveries, how early in care (power of the draw)
    "psychosocial": (0.97, 2, 5, 1.0), "medical": (0.72, 1, 2, 2.5), "sanitaire": (0.60, 1, 2, 1.5),
    "alimentaire": (0.78, 1, 3, 2.0), "hebergement": (0.66, 1, 1, 4.0), "vestimentaire": (0.60, 1, 2, 3.0),
    "juridique": (0.22, 1, 1, 1.5),
}


def case_services(r: Draft, co: Cohort, path: Path) -> dict:
    """Services between care and closure (or the end of the project), at most one of a kind a day."""
    rng = r.rng
    d2, d5, reached = path.dates[2], path.dates[5], path.reached
    in_care = np.flatnonzero(reached[2])
    w_start = d2[in_care]
    w_end = np.where(reached[5][in_care], d5[in_care], END)
    span = (w_end - w_start).astype(np.int64)
    parts = []
    for service, (p, lo, hi, power) in SERVICE_PLAN.items():
        p_case = np.where(co.referral[in_care] == "brigade", min(1.0, p * 2.5), p) if service == "juridique" else p
        count = np.where(rng.random(len(in_care)) < p_case, rng.integers(lo, hi + 1, len(in_care)), 0)
        ci = np.repeat(np.arange(len(in_care)), count)
        date = w_start[ci] + np.floor(rng.random(len(ci)) ** power * (span[ci] + 1)).astype(np.int64)
        cid = in_care[ci]
        local = np.where(co.site[cid] == "KOKOYO", "CASE_SAHEL", "ENDA_MALI")
        sp = np.where((co.partner[cid] == "ACESEM") & (rng.random(len(ci)) < 0.15), local,
                      co.partner[cid]).astype(object)
        parts.append(_table(case_id=co.table["case_id"][cid], service=np.full(len(ci), service, dtype=object),
                            service_date=date.astype("datetime64[D]"), partner=sp))
    services = _concat(parts)
    key = np.char.add(np.char.add(services["case_id"].astype(str), services["service"].astype(str)),
                      services["service_date"].astype(str))
    _, first = np.unique(key, return_index=True)
    order = np.sort(first)
    order = order[np.lexsort((services["service_date"][order], services["case_id"][order].astype(str)))]
    return {k: v[order] for k, v in services.items()}


def milestones(r: Draft, ws: Workshops) -> dict:
    """The eleven milestones, achieved some days after the workshop that prepares them (one not yet)."""
    rng = r.rng

    def after(d, lo, hi):
        return d + int(rng.integers(lo, hi + 1))

    ccpe_start, pa_start, pl_start = ws.ccpe_start, ws.pa_start, ws.pl_start
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
    return _table(
        milestone_id=_obj(x[0] for x in ms), kind=_obj(x[1] for x in ms), commune=_obj(x[2] for x in ms),
        title=_obj(x[3] for x in ms), planned_on=np.array([x[4] for x in ms], dtype="datetime64[D]"),
        achieved_on=np.array([x[5] if x[5] is not None else "NaT" for x in ms], dtype="datetime64[D]"))
