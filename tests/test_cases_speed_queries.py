"""The case page's queries in one statement each (issue 16): `case_funnels` (the funnel, by sex and by age group
from one run of case_funnel.sql) and `case_breakdowns` (the four profile dimensions from one pass,
case_breakdowns.sql) give exactly the frames of `case_funnel(by)` and `case_breakdown(dimension)`, protection
included; and hand-worked answers on the literal fixture (tests/fixtures.py).

Fixture (no filter): C01 F MLI pair_educateur prostitution_forcee, reinserted 2021-07-01 « scolarisation »;
C02 F BFA ccpe abus_contre_avantages; C03 M GIN brigade abus_contre_avantages; C04 F MLI communaute
prostitution_forcee, without consent; C05 sex unknown (NR) CIV autre autre, reinserted 2022-01-06 « agr ».
Identified in 2021: C01 and C02.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import queries as q
from queries import contract

STAFF = q.Scope(min_cell=5, hide_no_consent=True)
YEAR_2021 = q.Filters(start=date(2021, 1, 1), end=date(2021, 12, 31))


def _rows(df: pd.DataFrame) -> list[tuple]:
    return [(v, s, None if pd.isna(n) else int(n)) for v, s, n in zip(df["value"], df["sex"], df["n"])]


def test_breakdowns_owner_known_answers(con):
    got = q.case_breakdowns(con)
    assert list(got) == ["nationality", "referral_source", "exploitation", "reinsertion_type"]
    assert _rows(got["nationality"]) == [("BFA", "F", 1), ("CIV", "NR", 1), ("GIN", "M", 1), ("MLI", "F", 2)]
    assert _rows(got["referral_source"]) == [("autre", "NR", 1), ("brigade", "M", 1), ("ccpe", "F", 1),
                                             ("communaute", "F", 1), ("pair_educateur", "F", 1)]
    assert _rows(got["exploitation"]) == [("abus_contre_avantages", "F", 1), ("abus_contre_avantages", "M", 1),
                                          ("autre", "NR", 1), ("prostitution_forcee", "F", 2)]
    assert _rows(got["reinsertion_type"]) == [("agr", "NR", 1), ("scolarisation", "F", 1)]
    for d in got.values():
        assert not d["n_hidden"].any() and not d["n_small"].any()


def test_breakdowns_year_known_answers(con):
    got = q.case_breakdowns(con, YEAR_2021)
    assert _rows(got["nationality"]) == [("BFA", "F", 1), ("MLI", "F", 1)]
    assert _rows(got["reinsertion_type"]) == [("scolarisation", "F", 1)]     # C05's agr is in 2022
    # a dimension with no case left: the empty frame case_breakdown gives (its text columns as objects)
    empty = q.case_breakdowns(con, q.Filters(start=date(2021, 1, 1), end=date(2021, 1, 2)))
    assert all(d.empty for d in empty.values())
    assert empty["nationality"]["value"].dtype == object


def test_breakdowns_protected_grid_and_hiding(con):
    got = q.case_breakdowns(con, scope=STAFF)
    # the grid: every value of the role's whole data (C04, without consent, is not in it: no « communaute »)
    # times the three sexes; every count here is 1 or 2: hidden, known small
    assert sorted(set(got["referral_source"]["value"])) == ["autre", "brigade", "ccpe", "pair_educateur"]
    assert len(got["nationality"]) == 4 * 3 and got["nationality"]["n"].isna().all()
    assert got["exploitation"]["n_hidden"].all() and got["exploitation"]["n_small"].all()
    assert list(got["reinsertion_type"]["value"]) == ["agr"] * 3 + ["scolarisation"] * 3


def test_funnels_known_answers(con):
    got = q.case_funnels(con)
    assert list(got) == ["all", "sex", "age_group"]
    assert got["all"]["n"].tolist() == [5, 4, 4, 3, 2, 1]
    kaniogo = q.case_funnels(con, q.Filters(communes=("KANIOGO",)))
    assert kaniogo["all"]["n"].tolist() == [2, 1, 1, 0, 0, 0]
    girls = got["sex"][got["sex"]["sex"] == "F"]
    # C01, C02, C04: C04 stops at identifié; retour en famille C01, C02; réinsertion and clôturé C01
    assert girls["n"].tolist() == [3, 2, 2, 2, 1, 1]


def _filters() -> list[q.Filters]:
    return [q.Filters(), YEAR_2021, q.Filters(communes=("KANIOGO",)), q.Filters(sex="F"),
            q.Filters(partner=("ACESEM",)), q.Filters(start=date(2022, 1, 1), end=date(2022, 3, 31)),
            q.Filters(localities=("KOKOYO",), end=date(2021, 9, 30)),
            q.Filters(start=date(2021, 1, 1), end=date(2021, 1, 2))]


SCOPES = {"owner": q.Scope(), "staff": STAFF,
          "partner": q.Scope(communes=contract.COMMUNES, partners=("ACESEM",), min_cell=5, hide_no_consent=True)}


@pytest.mark.parametrize("scope", list(SCOPES.values()), ids=list(SCOPES))
def test_one_statement_equals_the_calls_it_replaces(any_con, scope):
    for f in _filters():
        both = q.case_breakdowns(any_con, f, scope)
        for dim in both:
            pd.testing.assert_frame_equal(both[dim], q.case_breakdown(any_con, dim, f, scope), check_exact=True)
        funnels = q.case_funnels(any_con, f, scope)
        for key, by in (("all", None), ("sex", "sex"), ("age_group", "age_group")):
            pd.testing.assert_frame_equal(funnels[key], q.case_funnel(any_con, f, scope, by=by), check_exact=True)
