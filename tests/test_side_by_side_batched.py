"""The partners and communes side by side in one pass (issue 16), and the budget's lines read once per data
version: the same frames as before, exactly.

- explore.side_by_side runs each statement of indicators() once for all its cells (prepared.lookup_many over
  the prepared tables, or a UNION ALL of the statement per cell off their grain) and shapes each cell with
  the code of indicators(): compared here with the former definition, indicators() under each cell's filter
  (types, order and dtypes included), for views on and off the prepared grain, every kind of scope, the
  literal fixture and its random variant; and with every statement run live (prepared.bypassed).
- budget.budget_lines takes the view's lines from the statement's rows for every quarter and partner: compared
  with the statement run under the view's parameters; budget_costs with the costs from indicators().
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import queries as q
from dashboard import auth
from queries import budget as B
from queries import explore as E
from queries import grains as G
from queries import prepared
from queries.api import indicators
from queries.api_indicators import statements

STAFF = auth.scope_for("staff")
PARTNER = auth.scope_for("partner", "CASE_SAHEL", ("NOUGA",))
SCOPES = {"owner": q.FULL_SCOPE, "staff": STAFF, "partner": PARTNER}
ON_GRAIN = [q.Filters(), q.Filters(start=date(2021, 1, 1), end=date(2021, 12, 31)),
            q.Filters(start=date(2022, 10, 1), end=date(2022, 12, 31), partner=("ACESEM", "ENDA_MALI")),
            q.Filters(communes=("NOUGA",), sex="F"), q.Filters(localities=("KOKOYO", "DANGA"))]
OFF_GRAIN = [q.Filters(start=date(2021, 2, 10), end=date(2022, 3, 3)), q.Filters(end=date(2021, 5, 17), sex="M"),
             q.Filters(start=date(2030, 1, 1)), q.Filters(partner=("CASE_SAHEL",), start=date(2020, 6, 2))]
OTHER_IDS = ("cases_in_care", "pe_active_rate", "children_pass_rate", "ccpe_operational", "people_ccpe_campaigns")


def former_side_by_side(con, filters, scope, today=None, ids=E.MAIN_INDICATORS) -> pd.DataFrame:
    """The definition before the one-pass one: indicators() under each partner's and each commune's filter."""
    rows = []
    p = q.bind(filters, scope)
    for kind in ("partner", "commune"):
        for who in G.values(kind, p):
            ind = indicators(con, G.cell_filters(filters, kind, who), scope, today).set_index("id")
            rows += [{"kind": kind, "who": who, "id": iid, **{c: ind.loc[iid][c] for c in E.CELL_COLUMNS}}
                     for iid in ids]
    return pd.DataFrame(rows)


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=True, check_dtype=True, check_index_type=True,
                                  check_column_type=True)


@pytest.mark.parametrize("scope", list(SCOPES), ids=list(SCOPES))
def test_side_by_side_equals_indicators_under_each_cell_filter(any_con, scope):
    s = SCOPES[scope]
    for i, f in enumerate(ON_GRAIN + OFF_GRAIN):
        today = (date(2021, 11, 20), None)[i % 2]
        same(E.side_by_side(any_con, f, s, today), former_side_by_side(any_con, f, s, today))
        same(E.side_by_side(any_con, f, s, today, OTHER_IDS), former_side_by_side(any_con, f, s, today, OTHER_IDS))


def test_side_by_side_with_every_statement_live(con):
    for s in SCOPES.values():
        for f in ON_GRAIN[:3] + OFF_GRAIN[:2]:
            with prepared.bypassed():
                live = E.side_by_side(con, f, s)
            same(live, former_side_by_side(con, f, s))
            same(E.side_by_side(con, f, s), live)


def test_the_set_based_pass_is_taken_on_the_prepared_grain_only(con):
    def views(f, s):
        p = q.bind(f, s)
        return [q.bind(G.cell_filters(f, k, w), s) for k in ("partner", "commune") for w in G.values(k, p)]
    on, off = views(ON_GRAIN[1], STAFF), views(OFF_GRAIN[0], q.FULL_SCOPE)
    for name in statements(on[0]):
        assert prepared.lookup_many(con, name, on) is not None, name
    assert prepared.lookup_many(con, "indicator_cases", off) is None
    assert prepared.lookup_many(con, "milestones_due", off) is not None       # (live tables: any period)
    with prepared.bypassed():
        assert prepared.lookup_many(con, "indicator_cases", on) is None


@pytest.mark.parametrize("live", [False, True], ids=["prepared", "live"])
def test_rows_many_are_each_views_rows(con, live):
    """Each view's rows are those of its own statement (as multisets: the callers sum or key them)."""
    def key(rows):
        return sorted(repr(sorted(r.items())) for r in rows)
    for f, s in ((ON_GRAIN[2], STAFF), (ON_GRAIN[0], PARTNER), (OFF_GRAIN[1], q.FULL_SCOPE)):
        p = q.bind(f, s)
        views = [q.bind(G.cell_filters(f, k, w), s) for k in ("partner", "commune") for w in G.values(k, p)]
        views.append(views[0])                                 # the same view twice: shared rows
        with prepared.bypassed() if live else _nothing():
            for name in statements(views[0]):
                got = E._rows_many(con, name, views)
                assert len(got) == len(views)
                for v, rows in zip(views, got):
                    assert key(rows) == key(q.execute_rows(con, name, v)), name


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def test_side_by_side_known_answers_per_partner(con):
    # hand-counted in test_explorer: cases identified ACESEM 3 (C01, C02, C05), ENDA_MALI 2, CASE_SAHEL 0;
    # 2021 only: C01, C02 (ACESEM); Nouga in 2021: the same two
    d = E.side_by_side(con, ON_GRAIN[1]).set_index(["kind", "who", "id"])["value"]
    assert d[("partner", "ACESEM", "cases_identified")] == 2
    assert d[("partner", "ENDA_MALI", "cases_identified")] == 0
    assert d[("commune", "NOUGA", "cases_identified")] == 2
    assert d[("commune", "KANIOGO", "cases_identified")] == 0


# ------------------------------------------------------------------ budget

BUDGET_FILTERS = [q.Filters(), q.Filters(start=date(2020, 5, 15), end=date(2020, 5, 20)),
                  q.Filters(start=date(2021, 1, 1), end=date(2021, 12, 31)), q.Filters(partner=("CASE_SAHEL",)),
                  q.Filters(partner=("ACESEM",), end=date(2020, 12, 31)), q.Filters(start=date(2030, 1, 1)),
                  q.Filters(end=date(2019, 1, 1)), q.Filters(start=date(2022, 12, 31)),
                  q.Filters(communes=("KANIOGO",), sex="F", start=date(2021, 3, 31), end=date(2021, 4, 1))]


def former_budget_lines(con, filters, scope):
    p = q.bind(B._budget_filters(filters), scope)
    d = q.execute(con, "budget_lines", p)
    d["partner"] = d["partner"].astype("object").where(d["partner"].notna(), B.SHARED)
    return d


def former_costs(con, filters, scope, today=None):
    spent = float(former_budget_lines(con, filters, scope)["spent_eur"].sum())
    ind = indicators(con, B._budget_filters(filters), scope, today).set_index("id")
    rows = []
    for iid, key in B.COSTS:
        v = ind.loc[iid, "value"]
        n = None if pd.isna(v) or bool(ind.loc[iid, "hidden"]) else float(v)
        rows.append(dict(id=iid, key=key, spent_eur=spent, results=n, ratio=spent / n if n else None))
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def demo_budget_con(tmp_path_factory):
    import demo
    d = tmp_path_factory.mktemp("demo_budget")
    demo.generate(d)
    ds = q.open_dataset(d)
    yield ds.con
    ds.con.close()


@pytest.mark.parametrize("scope", list(SCOPES), ids=list(SCOPES))
def test_budget_lines_and_costs_equal_the_statement(demo_budget_con, scope):
    s = SCOPES[scope]
    for f in BUDGET_FILTERS:
        got = B.budget_lines(demo_budget_con, f, s)
        same(got, former_budget_lines(demo_budget_con, f, s))
        same(B.budget_costs(demo_budget_con, f, s), former_costs(demo_budget_con, f, s))
    # the lines handed out are the caller's: changing them leaves the next view's intact
    got = B.budget_lines(demo_budget_con, q.Filters(), s)
    got["spent_eur"] = 0.0
    same(B.budget_lines(demo_budget_con, q.Filters(), s), former_budget_lines(demo_budget_con, q.Filters(), s))


def test_demo_budget_lines_hand_checked(demo_budget_con):
    # the demo's extract: 163 lines, 399 642 € planned (test_budget); a partner's lines never the project's own
    assert len(B.budget_lines(demo_budget_con)) == 163
    assert round(B.budget_lines(demo_budget_con)["planned_eur"].sum(), 2) == 399642
    mine = B.budget_lines(demo_budget_con, q.Filters(), PARTNER)
    assert len(mine) > 0 and set(mine["partner"]) == {"CASE_SAHEL"}
    assert B.budget_lines(demo_budget_con, q.Filters(start=date(2030, 1, 1))).empty
