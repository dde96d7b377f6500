"""The person-based indicators from the quarter table (queries/_setup.sql person_quarters, issue 16): under
a period of whole quarters (or none), indicator_people_quarters and indicator_pass_rate_quarters give exactly
indicator_people's and indicator_pass_rate's rows —
on the literal fixture and on the demo set, for every commune, partner and sex, and for the protected
scopes whose periods are widened to quarters; any other period keeps indicator_people."""
from __future__ import annotations

import itertools
from datetime import date

import pytest

import queries as q
from queries import contract
from queries.api_indicators import _people_statement
from queries.execution import execute_rows

PERIODS = [(None, None), (date(2021, 1, 1), date(2021, 12, 31)), (date(2020, 4, 1), date(2020, 6, 30)),
           (date(2022, 10, 1), date(2022, 12, 31)), (date(2020, 1, 1), None), (None, date(2021, 9, 30))]


def _both(con, f: q.Filters, scope: q.Scope = q.FULL_SCOPE):
    p = q.bind(f, scope)
    return ([execute_rows(con, "indicator_people", p), execute_rows(con, "indicator_pass_rate", p)],
            [execute_rows(con, "indicator_people_quarters", p), execute_rows(con, "indicator_pass_rate_quarters", p)])


@pytest.mark.parametrize("where", ["fixture", "demo"])
def test_quarters_give_the_same_rows(where, con, demo_dir):
    c = con if where == "fixture" else q.open_dataset(demo_dir).con
    n = 0
    for (s, e), communes, partner, sex in itertools.product(PERIODS, (None, ("NOUGA",), ("KANIOGO",)),
                                                            (None, *((x,) for x in contract.PARTNERS)), (None, "F", "M")):
        a, b = _both(c, q.Filters(communes=communes, partner=partner, sex=sex, start=s, end=e))
        assert a == b, (s, e, communes, partner, sex)
        n += sum(r["value"] for r in a[0]) + sum(r["tested"] for r in a[1])
    assert n > 0                                        # people were counted, not only empty rows


def test_which_statement():
    bind = q.bind
    assert _people_statement(bind(q.Filters())) == "indicator_people_quarters"
    assert _people_statement(bind(q.Filters(start=date(2021, 4, 1), end=date(2021, 6, 30)))) == "indicator_people_quarters"
    assert _people_statement(bind(q.Filters(start=date(2021, 4, 2), end=date(2021, 6, 30)))) == "indicator_people"
    assert _people_statement(bind(q.Filters(start=date(2021, 4, 1), end=date(2021, 6, 29)))) == "indicator_people"
    protected = q.Scope(min_cell=5)                  # a protected view's period is widened to whole quarters
    assert protected.protected
    assert _people_statement(bind(q.Filters(start=date(2021, 4, 2), end=date(2021, 6, 29)), protected)) \
        == "indicator_people_quarters"


def test_day_periods_keep_the_attendance_table(con):
    """A day-level period (« perso ») still reads person_attendance: its figures are indicator_people's."""
    f = q.Filters(start=date(2021, 2, 15), end=date(2021, 11, 20))
    ind = {r["id"]: r["value"] for _, r in q.indicators(con, f).iterrows()}
    rows = {r["id"]: r["value"] for r in execute_rows(con, "indicator_people", q.bind(f))}
    assert all(ind[i] == v for i, v in rows.items())
