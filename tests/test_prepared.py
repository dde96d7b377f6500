"""The aggregates prepared with each data version (queries/prepared.py): for every combination the sidebar
offers, the prepared answer is exactly the statement's own (rows, order, names, Python types); known answers
on a hand-made set; off the grain and without prepared tables, the statement runs live."""
from __future__ import annotations

import itertools
from datetime import date as D

import pytest

import queries as q
from conftest import to_frames
from queries import calendar, contract, grains, loading, prepared
from queries.execution import execute, execute_rows, load_sql


def both(con, name: str, p: dict) -> tuple[list[dict], list[dict]]:
    """(prepared answer, live answer) of a named statement; the prepared one must be a lookup."""
    assert prepared.lookup(con, name, p) is not None, (name, p)
    got = execute_rows(con, name, p)
    with prepared.bypassed():
        assert prepared.lookup(con, name, p) is None
        live = execute_rows(con, name, p)
    return got, live


def typed(rows: list[dict]) -> list[list]:
    """Rows as [(column, value, type)]: 1 == 1.0 in Python, so the types are compared too."""
    return [[(k, v, type(v)) for k, v in r.items()] for r in rows]


def test_prepared_periods_are_the_sidebars():
    from dashboard.sidebar import period_bounds
    from dashboard.url import PERIODS
    offered = [p for p in PERIODS if p != "perso"]
    assert [k for k, _, _ in grains.sidebar_periods()] == offered
    for key, s, e in grains.sidebar_periods():
        assert (s, e) == period_bounds(key, None, None), key
    assert len(grains.partner_subsets()) == 2 ** len(contract.PARTNERS)
    assert grains.partner_subsets()[0] is None
    assert set(grains.partner_subsets()[1:]) == {c for n in range(1, 4) for c in itertools.combinations(contract.PARTNERS, n)}


@pytest.fixture(scope="module")
def demo_con(demo_dir):
    d = q.open_dataset(demo_dir)
    yield d.con
    d.con.close()


def _communes():
    return [None] + [c for n in range(1, len(contract.COMMUNES) + 1) for c in itertools.combinations(contract.COMMUNES, n)]


def _localities(communes):
    """Without a locality, then one of the chosen communes (a site: cases have sites only)."""
    inside = [l for l in contract.LOCALITIES if communes is None or contract.LOCALITY_COMMUNE[l] in communes]
    return [None, (inside[0],)]


@pytest.mark.parametrize("period", [k for k, _, _ in grains.sidebar_periods()])
def test_every_sidebar_combination_answers_as_the_statement(demo_con, period):
    """Demo data (scale 1): period x partner subset x commune subset x locality x sex x consent, every
    prepared statement, prepared answer == live answer, types included. A statement reads only the
    parameters its header declares: each distinct set of them is compared once."""
    _, s, e = next(x for x in grains.sidebar_periods() if x[0] == period)
    seen: dict[str, set] = {name: set() for name in prepared.PREPARED}
    for partners, communes, sex, hide in itertools.product(grains.partner_subsets(), _communes(), (None, "F", "M"),
                                                           (False, True)):
        for localities in _localities(communes):
            p = {**q.bind(q.Filters(communes=communes, start=s, end=e, partner=partners, sex=sex, localities=localities),
                          q.Scope(hide_no_consent=hide)), **calendar.sql_params()}
            for name in prepared.PREPARED:
                key = repr([p[k] for k in load_sql(name)[1]])
                if key in seen[name]:
                    continue
                seen[name].add(key)
                got, live = both(demo_con, name, p)
                assert typed(got) == typed(live), (name, p)
    combos = 8 * 4 * 3 * 2
    assert {n: len(k) for n, k in seen.items()} == {
        "indicator_people_quarters": combos, "indicator_pe_active": combos, "indicator_pass_rate_quarters": combos,
        "indicator_cases": 2 * combos, "indicator_activities": combos, "indicator_milestones": 4,
        "indicator_monthly": 2 * combos, "assessment_rates": combos, "map_localities": 2 * combos,
        "case_funnel": 2 * combos, "case_services": 2 * combos, "case_breakdowns": 2 * combos, "case_left_out": combos}


def test_frames_too(demo_con):
    """execute() (DataFrames) gives the same frame, dtypes included."""
    import pandas as pd
    for (_, s, e), partners in itertools.product(grains.sidebar_periods()[:5], grains.partner_subsets()[:3]):
        p = {**q.bind(q.Filters(start=s, end=e, partner=partners, communes=("NOUGA",)), q.Scope(hide_no_consent=True)),
             **calendar.sql_params()}
        for name in prepared.PREPARED:
            got = execute(demo_con, name, p)
            with prepared.bypassed():
                live = execute(demo_con, name, p)
            pd.testing.assert_frame_equal(got, live)


# ------------------------------------------------------------------------------ a hand-made set

ROWS = {
    "activities": [
        # activity_id, type, start, end, locality, commune, partner, facilitator, girls, boys, women, men
        ("A1", "focus_group", D(2021, 2, 1), None, "KOKOYO", "NOUGA", "CASE_SAHEL", "PE1", 1, 0, 0, 0),
        ("A2", "focus_group", D(2021, 5, 1), None, "KOKOYO", "NOUGA", "ENDA_MALI", None, 1, 1, 0, 0),
        ("A3", "formation_pairs", D(2021, 2, 10), None, "KOKOYO", "NOUGA", "CASE_SAHEL", None, 1, 0, 0, 0),
        ("A4", "causerie", D(2021, 5, 2), None, "KOFLATIE", "KANIOGO", "ACESEM", None, 3, 2, 4, 1),
    ],
    "participants": [
        ("K1", "enfant", "F", 13, "site", "KOKOYO", "NOUGA", "CASE_SAHEL", D(2021, 1, 1)),
        ("K2", "enfant", "M", 12, "ecole", "KOFLATIE", "KANIOGO", "ENDA_MALI", D(2021, 1, 1)),
        ("PE1", "pair_educateur", "F", 16, None, "KOKOYO", "NOUGA", "CASE_SAHEL", D(2021, 1, 1)),
    ],
    # K1 attends two partners in two quarters (2021-T1 CASE_SAHEL, 2021-T2 ENDA_MALI)
    "attendance": [("A1", "K1"), ("A2", "K1"), ("A2", "K2"), ("A3", "PE1")],
    # K1: a passed post test in 2021-T1, a failed one in 2021-T2; K2: passed in 2021-T2
    "assessments": [("K1", "post", D(2021, 2, 15), 15.0, 20.0), ("K1", "post", D(2021, 5, 15), 5.0, 20.0),
                    ("K2", "post", D(2021, 5, 20), 14.0, 20.0)],
    # H2: consent false
    "cases": [("H1", "F", 15, "MLI", "Sikasso", "KOKOYO", "ACESEM", "pair_educateur", "prostitution_forcee", True),
              ("H2", "M", 13, "GIN", None, "KOFLATIE", "ENDA_MALI", "brigade", "abus_contre_avantages", False)],
    "case_events": [("H1", "identifie", D(2021, 2, 1), None), ("H1", "evalue", D(2021, 3, 1), None),
                    ("H1", "pris_en_charge", D(2021, 4, 15), None),
                    ("H2", "identifie", D(2021, 5, 1), None)],
    "case_services": [],
}


@pytest.fixture(scope="module")
def hand(tmp_path_factory):
    from fixtures import write_fixture
    d = q.open_dataset(write_fixture(tmp_path_factory.mktemp("prepared-hand"), to_frames(ROWS)))
    yield d.con
    d.con.close()


def _rows(con, name, period="projet", scope=q.Scope(), **f):
    _, s, e = next(x for x in grains.sidebar_periods() if x[0] == period)
    got, live = both(con, name, q.bind(q.Filters(start=s, end=e, **f), scope))
    assert typed(got) == typed(live)
    return got


def _children(con, period="projet", **f):
    r = next(r for r in _rows(con, "indicator_people_quarters", period, **f) if r["id"] == "children_life_skills")
    return r["value"], r["female"], r["male"], r["site"], r["ecole"]


def test_a_person_of_two_partners_and_two_quarters_counts_once(hand):
    assert _children(hand) == (2, 1, 1, 1, 1)
    assert _children(hand, partner=("CASE_SAHEL",)) == (1, 1, 0, 1, 0)
    assert _children(hand, partner=("ENDA_MALI",)) == (2, 1, 1, 1, 1)
    assert _children(hand, partner=("CASE_SAHEL", "ENDA_MALI")) == (2, 1, 1, 1, 1)
    assert _children(hand, partner=("ACESEM",)) == (0, 0, 0, 0, 0)
    assert _children(hand, "2021-T1") == (1, 1, 0, 1, 0)
    assert _children(hand, "2021-T2") == (2, 1, 1, 1, 1)
    assert _children(hand, "2021") == (2, 1, 1, 1, 1)
    assert _children(hand, "2022") == (0, 0, 0, 0, 0)
    assert _children(hand, "2021-T2", partner=("CASE_SAHEL",)) == (0, 0, 0, 0, 0)
    assert _children(hand, communes=("NOUGA",)) == (1, 1, 0, 1, 0)
    assert _children(hand, localities=("KOFLATIE",), sex="M") == (1, 0, 1, 0, 1)
    assert _children(hand, sex="F", partner=("ENDA_MALI", "ACESEM")) == (1, 1, 0, 1, 0)


def _curve(con, iid, period="projet", scope=q.Scope(), **f) -> dict:
    """indicator_monthly (prepared == live, types included): {month: cumulative value} where it changes."""
    _, s, e = next(x for x in grains.sidebar_periods() if x[0] == period)
    got, live = both(con, "indicator_monthly", {**q.bind(q.Filters(start=s, end=e, **f), scope), **calendar.sql_params()})
    assert typed(got) == typed(live)
    rows = [r for r in got if r["id"] == iid]
    return {r["month"].isoformat()[:7]: r["value"] for i, r in enumerate(rows) if i == 0 or r["value"] != rows[i - 1]["value"]}


def test_monthly_curves_count_a_person_at_the_first_month_of_the_grain(hand):
    """K1: CASE_SAHEL in February 2021, ENDA_MALI in May; K2: ENDA_MALI in May. The curve counts each child
    once, at the first month the grain (period x partners) holds; cases at the later of identification and
    stage; a case without consent left out when asked."""
    assert _curve(hand, "children_life_skills") == {"2020-04": 0, "2021-02": 1, "2021-05": 2}
    assert _curve(hand, "children_life_skills", partner=("ENDA_MALI",)) == {"2020-04": 0, "2021-05": 2}
    assert _curve(hand, "children_life_skills", "2021-T2") == {"2021-04": 0, "2021-05": 2}
    assert _curve(hand, "children_life_skills", "2021", sex="F") == {"2021-01": 0, "2021-02": 1}
    assert _curve(hand, "focus_groups", partner=("CASE_SAHEL", "ENDA_MALI")) == {"2020-04": 0, "2021-02": 1, "2021-05": 2}
    assert _curve(hand, "cases_identified") == {"2020-04": 0, "2021-02": 1, "2021-05": 2}
    assert _curve(hand, "cases_identified", scope=q.Scope(hide_no_consent=True)) == {"2020-04": 0, "2021-02": 1}
    assert _curve(hand, "cases_in_care", "2021-T1") == {"2021-01": 0}           # in care in April: after the period


def _pass(con, period="projet", **f):
    return {r["sex"]: (r["tested"], r["passed"]) for r in _rows(con, "indicator_pass_rate_quarters", period, **f)}


def test_a_test_in_two_quarters(hand):
    assert _pass(hand) == {"F": (1, 0), "M": (1, 1)}                 # K1's latest test (2021-T2) failed
    assert _pass(hand, "2021-T1") == {"F": (1, 1)}                   # in 2021-T1 her latest one passed
    assert _pass(hand, "2021-T2") == {"F": (1, 0), "M": (1, 1)}
    assert _pass(hand, partner=("CASE_SAHEL",)) == {"F": (1, 0)}     # K1 only, every test of the project
    assert _pass(hand, "2021-T2", partner=("CASE_SAHEL",)) == {}     # K1 attended CASE_SAHEL in T1 only
    assert _pass(hand, "2022") == {}
    assert list(_pass(hand)) == ["F", "M"]


def test_assessment_rates_by_kind(hand):
    """The sensitisation page's tests: K1's latest post test of the project failed (May), K2's passed; in
    2021-T1 K1's only one passed; K2 is of ENDA_MALI only."""
    def rates(period="projet", **f):
        return {(r["kind"], r["sex"]): (r["tested"], r["passed"]) for r in _rows(hand, "assessment_rates", period, **f)}
    assert rates() == {("post", "F"): (1, 0), ("post", "M"): (1, 1)}
    assert rates("2021-T1") == {("post", "F"): (1, 1)}
    assert rates(partner=("CASE_SAHEL",)) == {("post", "F"): (1, 0)}
    assert rates("2022") == {}


def test_map_localities(hand):
    """The map's bubbles: K1 (Kokoyo, F) and K2 (Koflatié, M) reached; the causerie at Koflatié (girls 3, boys 2,
    women 4, men 1); two focus groups at Kokoyo; H1 (Kokoyo, F), H2 (Koflatié, M, no consent)."""
    def bubbles(period="projet", scope=q.Scope(), **f):
        return {(r["metric"], r["locality_id"]): (r["value"], r["female"], r["male"], r["value_key"] is not None)
                for r in _rows(hand, "map_localities", period, scope, **f)}
    assert bubbles() == {("cases_identified", "KOFLATIE"): (1, 0, 1, True), ("cases_identified", "KOKOYO"): (1, 1, 0, True),
                         ("children_reached", "KOFLATIE"): (1, 0, 1, False), ("children_reached", "KOKOYO"): (1, 1, 0, False),
                         ("focus_groups", "KOKOYO"): (2, None, None, False),
                         ("people_sensitised", "KOFLATIE"): (10, 7, 3, False)}
    got = bubbles("2021-T1", q.Scope(hide_no_consent=True), sex="F")
    assert got == {("cases_identified", "KOKOYO"): (1, 1, 0, True), ("children_reached", "KOKOYO"): (1, 1, 0, False),
                   ("focus_groups", "KOKOYO"): (1, None, None, False)}
    assert bubbles(partner=("ACESEM",), sex="M")[("people_sensitised", "KOFLATIE")] == (3, 0, 3, False)


def test_peer_educators_active(hand):
    def pe(period="projet", **f):
        return [(r["sex"], r["trained"], r["active"]) for r in _rows(hand, "indicator_pe_active", period, **f)]
    assert pe() == [("F", 1, 1)]
    assert pe("2021-T1") == [("F", 1, 1)]
    assert pe("2021-T2") == []
    assert pe(partner=("ENDA_MALI",)) == []


def _cases(con, period="projet", hide=False, **f):
    rows = _rows(con, "indicator_cases", period, q.Scope(hide_no_consent=hide), **f)
    return {(r["id"], r["sex"]): (r["n"], r["den"]) for r in rows}


def test_a_case_without_consent(hand):
    every = _cases(hand)
    assert every[("cases_identified", "F")] == (1, None) and every[("cases_identified", "M")] == (1, None)
    assert every[("cases_in_care", "F")] == (1, None) and every[("cases_in_care", "M")] == (0, None)
    assert every[("reinsertion_rate", "F")] == (0, 1)
    hidden = _cases(hand, hide=True)
    assert hidden[("cases_identified", "F")] == (1, None) and ("cases_identified", "M") not in hidden
    # 2021-T1: H1 identified, not yet in care by 31 March
    t1 = _cases(hand, "2021-T1")
    assert t1[("cases_identified", "F")] == (1, None) and t1[("cases_in_care", "F")] == (0, None)
    assert _cases(hand, "2021-T2") == {                             # H2 only, identified in May
        ("cases_identified", "M"): (1, None), ("cases_in_care", "M"): (0, None), ("cases_returned", "M"): (0, None),
        ("cases_reinserted", "M"): (0, None), ("returned_rate", "M"): (0, 0), ("reinsertion_rate", "M"): (0, 1)}
    assert _cases(hand, "2021-T2", hide=True) == {}
    assert _cases(hand, partner=("ACESEM",), sex="M") == {}


def test_activities_and_milestones(hand):
    acts = {r["id"]: (r["value"], r["female"], r["male"]) for r in _rows(hand, "indicator_activities")}
    assert acts["focus_groups"] == (2, None, None) and acts["people_rights"] == (10, 7, 3)
    acts = {r["id"]: (r["value"], r["female"], r["male"]) for r in _rows(hand, "indicator_activities", "2021-T1", sex="F")}
    assert acts["focus_groups"] == (1, None, None) and acts["people_rights"] == (0, 0, 0)
    miles = {r["id"]: r["value"] for r in _rows(hand, "indicator_milestones", "2021", communes=("NOUGA",))}
    assert miles["ccpe_operational"] == 1 and miles["action_plans"] == 1 and miles["advocacy_strategy"] == 0


def test_off_the_grain_runs_live(hand):
    """A day-level period, an empty partner selection or another pass threshold: the statement itself."""
    p = q.bind(q.Filters(start=D(2021, 2, 1), end=D(2021, 5, 31)))
    assert all(prepared.lookup(hand, n, p) is None for n in prepared.PREPARED)
    assert {r["sex"]: (r["tested"], r["passed"]) for r in execute_rows(hand, "indicator_pass_rate_quarters", p)} == \
        {"F": (1, 0), "M": (1, 1)}
    assert [(r["sex"], r["n"]) for r in execute_rows(hand, "indicator_cases", p) if r["id"] == "cases_in_care"] == \
        [("F", 1), ("M", 0)]
    p = {**q.bind(q.Filters()), "partners": []}
    assert prepared.lookup(hand, "indicator_people_quarters", p) is None
    assert prepared.lookup(hand, "indicator_pass_rate_quarters", {**q.bind(q.Filters()), "pass_threshold": 0.5}) is None
    assert prepared.lookup(hand, "indicator_people", q.bind(q.Filters())) is None         # not prepared


def test_a_database_without_prepared_tables_runs_live(fixture_dir, monkeypatch):
    """An old cache file (built before the prepared tables): every statement answers live, silently."""
    monkeypatch.setattr(prepared, "build", lambda con: None)
    con = loading._build(fixture_dir, ":memory:", "secret")
    try:
        p = q.bind(q.Filters())
        assert not prepared.available(con)
        assert all(prepared.lookup(con, n, p) is None for n in prepared.PREPARED)
        rows = {r["id"]: r["value"] for r in execute_rows(con, "indicator_people_quarters", p)}
        assert rows["children_life_skills"] == 4
    finally:
        con.close()
