"""Playing the attacker (issue 11): for each role, every view the interface offers over the case
figures — communes, partners, sex, project / year / quarter, the two sites — is asked of the query
layer, and every equation between them is solved for the hidden counts: a total against the views
that split it (girls + boys + not recorded, Nouga + Kaniogo, the three partners, the years of the
project, the quarters of a year, the sites and the rest), every pair of nested views, and the cells of
one view against its own total. No count of 1..4 may come out exactly for staff, committee or a
partner. The same attack on the data owner's exact figures does find them (the test is not blind).

The data: the demo generator's extracts (104 cases over two sites, three partners, 33 months), as
realistic as the project's, not the small fixture.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest

import queries as q
from attack import margin_recoveries
from dashboard import auth

K = 5
YEARS = {2020: ["2020-T2", "2020-T3", "2020-T4"], 2021: [f"2021-T{i}" for i in range(1, 5)],
         2022: [f"2022-T{i}" for i in range(1, 5)]}
DIMENSIONS = ("nationality",)


def period(code: str | int | None) -> dict:
    if code is None:
        return {}
    if isinstance(code, int):
        return dict(start=max(date(code, 1, 1), date(2020, 4, 1)), end=date(code, 12, 31))
    y, n = int(code[:4]), int(code[-1])
    start = date(y, 3 * n - 2, 1)
    return dict(start=start, end=q.quarter_end(start))


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    import demo
    data = tmp_path_factory.mktemp("attack") / "data"
    demo.generate(data)
    return q.open_dataset(data).con


def cells(con, f: q.Filters, scope: q.Scope) -> dict:
    """Every case count a view publishes, by a name the attacker can match across views."""
    out = {}
    for r in q.case_funnel(con, f, scope).itertuples():
        out[("stage", r.stage)] = r.n
    for r in q.case_funnel(con, f, scope, by="sex").itertuples():
        out[("stage_sex", r.stage, r.sex)] = r.n
    for dim in DIMENSIONS:
        for r in q.case_breakdown(con, dim, f, scope).itertuples():
            out[(dim, r.value, r.sex)] = r.n
    for r in q.case_services(con, f, scope).itertuples():
        out[("service", r.service, r.sex)] = r.cases
    return out


def views_for(scope: q.Scope, places: bool = True) -> dict:
    """Every filter combination the sidebar offers this role (codes of the URL); without `places`,
    only the project-wide ones (enough to show that the owner's exact figures give counts away)."""
    communes = [None] + [c for c in ("NOUGA", "KANIOGO") if places and (scope.communes is None or c in scope.communes)]
    partners = [None] + [p for p in ("CASE_SAHEL", "ENDA_MALI", "ACESEM")
                         if places and (scope.partners is None or p in scope.partners)]
    periods = [None] + list(YEARS) + [qq for qs in YEARS.values() for qq in qs]
    out = {}
    for c in communes:
        for p in partners:
            for s in (None, "F", "M"):
                for per in periods:
                    out[(c, p, s, per, None)] = q.Filters(communes=c, partner=p, sex=s, **period(per))
    for site in ("KOKOYO", "KOFLATIE"):
        for s in (None, "F", "M"):
            for per in periods:
                out[(None, None, s, per, site)] = q.Filters(sex=s, localities=site, **period(per))
    return out


def at_identification(name: tuple) -> bool:
    """A cell fixed when the case is identified (who the child is, stage « identifié »): the only
    cells that add up over periods. Later stages and services count what happened by the end of
    the period, so a year's figure is not the sum of its quarters' — no equation to solve there."""
    return name[0] in DIMENSIONS or (name[0] in ("stage", "stage_sex") and name[1] == "identifie")


def partitions(views: dict):
    """(base view, {part: view}, complete?, over time?) for every way the interface splits a view."""
    for key in views:
        c, p, s, per, site = key
        split = []
        if c is None and site is None:
            split.append(({v: (v, p, s, per, None) for v in ("NOUGA", "KANIOGO")}, True, False))
        if p is None and site is None:
            split.append(({v: (c, v, s, per, None) for v in ("CASE_SAHEL", "ENDA_MALI", "ACESEM")}, True, False))
        if s is None:
            split.append(({v: (c, p, v, per, site) for v in ("F", "M")}, False, False))     # + sex not recorded
        if per is None:
            split.append(({y: (c, p, s, y, site) for y in YEARS}, True, True))
        if isinstance(per, int):
            split.append(({qq: (c, p, s, qq, site) for qq in YEARS[per]}, True, True))
        if site is None and c is None and p is None:
            split.append(({v: (None, None, s, per, v) for v in ("KOKOYO", "KOFLATIE")}, False, False))  # + villages
        for parts, complete, over_time in split:
            parts = {n: k for n, k in parts.items() if k in views}
            if parts:
                yield key, parts, complete, over_time


_ATTACKS: dict = {}


def attack(con, scope: q.Scope, exact: bool, places: bool = True) -> tuple[list, int, int]:
    """(counts recovered, views asked, equations solved); staff and committee share one scope: one run."""
    if (scope, places) not in _ATTACKS:
        _ATTACKS[(scope, places)] = _attack(con, scope, exact, places)
    return _ATTACKS[(scope, places)]


def _attack(con, scope: q.Scope, exact: bool, places: bool) -> tuple[list, int, int]:
    views = views_for(scope, places)
    published = {key: cells(con, f, scope) for key, f in views.items()}
    found, equations = [], 0
    for base, parts, complete, over_time in partitions(views):
        names = set(published[base]).union(*(published[k] for k in parts.values()))
        for name in names:
            if over_time and not at_identification(name):
                continue
            total = published[base].get(name, 0)
            got = margin_recoveries(total, {n: published[k].get(name, 0) for n, k in parts.items()},
                                    complete, K, exact)
            equations += 1
            found += [(base, name, part, v) for part, v in got.items()]
    for key, cell in published.items():          # within one view
        for (kind, *rest), n in cell.items():
            if kind == "stage":                  # a stage against its girls, boys, not recorded
                parts = {sx: cell.get(("stage_sex", rest[0], sx), 0) for sx in ("F", "M", "NR")}
                equations += 1
                found += [(key, rest[0], part, v) for part, v in
                          margin_recoveries(n, parts, True, K, exact).items()]
            if kind == "stage_sex" and rest[0] == "identifie":   # the boys identified against their nationalities
                for dim in DIMENSIONS:
                    parts = {name[1]: v for name, v in cell.items() if name[0] == dim and name[2] == rest[1]}
                    equations += 1
                    found += [(key, (dim, rest[1]), part, v) for part, v in
                              margin_recoveries(n, parts, False, K, exact).items()]
    return found, len(views), equations


@pytest.mark.parametrize("role", ["staff", "committee", "partner"])
def test_no_hidden_case_count_comes_back_for(con, role):
    scope = auth.scope_for(role, "CASE_SAHEL", ("NOUGA",)) if role == "partner" else auth.scope_for(role)
    assert scope.protected
    found, n_views, n_equations = attack(con, scope, exact=False)
    print(f"{role}: {n_views} vues, {n_equations} équations, {len(found)} effectifs retrouvés")
    assert n_views >= 60 and n_equations >= 1000
    assert found == [], found[:10]


def test_the_same_attack_on_the_owner_finds_small_counts(con):
    found, n_views, n_equations = attack(con, q.FULL_SCOPE, exact=True, places=False)
    print(f"admin : {n_views} vues, {n_equations} équations, {len(found)} effectifs retrouvés")
    assert len(found) >= 20                      # exact figures: every small difference is there
    assert all(1 <= v <= 4 for *_, v in found)


@pytest.mark.parametrize("role", ["staff", "partner"])
def test_an_end_date_swept_day_by_day_moves_nothing_within_a_quarter(con, role):
    """A day-level end date would make any count a detector of one child's identification day:
    a protected view reads the whole quarter whatever day is asked."""
    scope = auth.scope_for(role, "CASE_SAHEL", ("NOUGA",)) if role == "partner" else auth.scope_for(role)
    start = date(2021, 4, 1)
    want = cells(con, q.Filters(start=start, end=date(2021, 6, 30)), scope)
    for day in range(0, 91, 3):
        end = start + timedelta(days=day)
        assert cells(con, q.Filters(start=start, end=end), scope) == want, end
    owner = {cells(con, q.Filters(start=start, end=start + timedelta(days=d)), q.FULL_SCOPE)[("stage", "identifie")]
             for d in range(0, 91, 3)}
    assert len(owner) > 5                        # the owner's count does move day by day


def test_stalled_cases_come_in_fixed_steps_for_protected_views(con):
    scope = auth.scope_for("staff")
    by_step = {d: q.case_stalled(con, q.Filters(), scope, stall_days=d).to_dict("records") for d in (90, 91, 179)}
    assert by_step[90] == by_step[91] == by_step[179]          # 91 and 179 days read as the 90-day step
    assert q.stall_step(1) == 30 and q.stall_step(400) == 365
