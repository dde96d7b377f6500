"""Budget execution (issue 13): queries/budget.py, budget_lines.sql, pages/10_budget.py.

A literal budget (BUDGET below) whose sums are worked out by hand, and the demo generator's extract
(163 lines, 399 642 € planned) against pandas' own sums of the parquet file.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import fixtures as fx
import queries as q
from dashboard import auth
from fixtures import write_fixture
from queries import budget as B

ROOT = Path(__file__).resolve().parents[1]
PARTNER = auth.scope_for("partner", "CASE_SAHEL", ("NOUGA",))
STAFF = auth.scope_for("staff")
BUDGET = [
    ("2020-Q2", "Personnel", "CASE_SAHEL", 100.0, 50.0),
    ("2020-Q2", "Personnel", None, 40.0, 40.0),          # the project's own line (no partner)
    ("2021-Q1", "Plaidoyer", "ACESEM", 200.0, 150.0),
    ("2022-Q4", "Personnel", "CASE_SAHEL", 60.0, 70.0),
]
# planned 100 + 40 + 200 + 60 = 400, spent 50 + 40 + 150 + 70 = 310
# by quarter: 2020-Q2 140 / 90, 2021-Q1 200 / 150, 2022-Q4 60 / 70
# by line: Personnel 100 + 40 + 60 = 200 / 50 + 40 + 70 = 160, Plaidoyer 200 / 150
# by partner: CASE_SAHEL 160 / 120, ACESEM 200 / 150, the project's own line 40 / 40


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("budget"), fx.frames({**fx.ROWS, "budget": BUDGET}))


@pytest.fixture(scope="module")
def bcon(data_dir):
    ds = q.open_dataset(data_dir)
    yield ds.con
    ds.con.close()


def sums(df, key) -> dict:
    return {k: (round(p, 2), round(s, 2)) for k, p, s in zip(df[key], df["planned_eur"], df["spent_eur"])}


def test_sums_by_quarter_line_partner_hand_counted(bcon):
    assert sums(B.budget_by(bcon, by="quarter"), "quarter") == {
        "2020-Q2": (140, 90), "2021-Q1": (200, 150), "2022-Q4": (60, 70)}
    assert sums(B.budget_by(bcon, by="budget_line"), "budget_line") == {"Personnel": (200, 160), "Plaidoyer": (200, 150)}
    assert sums(B.budget_by(bcon, by="partner"), "partner") == {
        "CASE_SAHEL": (160, 120), "ACESEM": (200, 150), B.SHARED: (40, 40)}
    q_ = B.budget_by(bcon, by="quarter")
    assert list(q_["planned_cum"]) == [140, 340, 400] and list(q_["spent_cum"]) == [90, 240, 310]
    assert q_["pct_spent"].round(1).tolist() == [64.3, 75.0, 116.7]           # 90/140, 150/200, 70/60


def test_filters_that_apply_and_those_that_do_not(bcon):
    # the period: a quarter overlapping it (2020-05-15..20 is inside 2020-Q2); 2021: 2021-Q1 only
    assert sums(B.budget_by(bcon, q.Filters(start=date(2020, 5, 15), end=date(2020, 5, 20)), by="quarter"),
                "quarter") == {"2020-Q2": (140, 90)}
    assert sums(B.budget_by(bcon, q.Filters(start=date(2021, 1, 1), end=date(2021, 12, 31)), by="quarter"),
                "quarter") == {"2021-Q1": (200, 150)}
    # a partner asked: its lines, not the project's own
    assert sums(B.budget_by(bcon, q.Filters(partner=("CASE_SAHEL",)), by="quarter"), "quarter") == {
        "2020-Q2": (100, 50), "2022-Q4": (60, 70)}
    # commune, locality and sex do not apply: the same sums
    other = q.Filters(communes=("KANIOGO",), localities=("SOMBO",), sex="F")
    assert sums(B.budget_by(bcon, other, by="partner"), "partner") == sums(B.budget_by(bcon, by="partner"), "partner")
    assert B.IGNORED_FILTERS == ("commune", "locality", "sex")


def test_a_partner_sees_its_own_lines_only(bcon):
    assert sums(B.budget_by(bcon, q.Filters(), PARTNER, by="partner"), "partner") == {"CASE_SAHEL": (160, 120)}
    assert sums(B.budget_by(bcon, q.Filters(), STAFF, by="partner"), "partner") == sums(B.budget_by(bcon, by="partner"), "partner")
    from dashboard import capabilities
    assert all(capabilities.can(r, "see_budget") for r in ("admin", "staff", "committee", "partner"))


def test_costs_are_simple_ratios(bcon):
    c = B.budget_costs(bcon).set_index("key")
    # spent 310; children strengthened 4 (K1..K4), peer educators trained 3 (PE1..PE3), reinserted 2 (C01, C05)
    assert c.loc["cost_child", "ratio"] == pytest.approx(310 / 4)
    assert c.loc["cost_pe", "ratio"] == pytest.approx(310 / 3)
    assert c.loc["cost_reinserted", "ratio"] == pytest.approx(310 / 2)
    # staff: 1 reinserted consenting case (C01 and C05 consent: 2 → « < 5 », hidden): no ratio, never 0
    s = B.budget_costs(bcon, q.Filters(), STAFF).set_index("key")
    assert pd.isna(s.loc["cost_reinserted", "ratio"]) and s.loc["cost_child", "ratio"] == pytest.approx(310 / 4)


def test_pace_time_and_summary(bcon):
    p = B.budget_pace(bcon).set_index("quarter")
    # 2020-Q2 ends 30/06/2020: 91 of the project's 1 005 days (01/04/2020 – 31/12/2022)
    assert p.loc["2020-Q2", "time_share"] == pytest.approx(100 * 91 / 1005)
    assert p.loc["2022-Q4", "time_share"] == 100
    assert p.loc["2021-Q1", "spent_share"] == pytest.approx(100 * 240 / 400)
    s = B.summary(bcon)
    assert (s["planned"], s["spent"]) == (400, 310) and s["spent_share"] == pytest.approx(77.5)
    assert s["costs"]["cost_child"] == pytest.approx(77.5)


def test_demo_budget_equals_the_extract(tmp_path):
    import demo
    d = tmp_path / "demo"
    demo.generate(d)
    raw = pd.read_parquet(d / "budget.parquet")
    con = q.open_dataset(d).con
    assert round(B.budget_by(con, by="quarter")["planned_eur"].sum(), 2) == round(raw["planned_eur"].sum(), 2) == 399642
    for key in ("quarter", "budget_line", "partner"):
        want = raw.assign(partner=raw["partner"].fillna(B.SHARED)).groupby(key)[["planned_eur", "spent_eur"]].sum()
        got = B.budget_by(con, by=key).set_index(key)[["planned_eur", "spent_eur"]]
        pd.testing.assert_frame_equal(got.sort_index(), want.sort_index(), check_exact=False, atol=0.005)
    assert len(B.budget_lines(con)) == len(raw.groupby(["quarter", "budget_line", raw["partner"].fillna("")]))


# ------------------------------------------------------------------ the page

@pytest.fixture
def env(data_dir, monkeypatch, app_caches):
    monkeypatch.setenv("KANGABA_DATA", str(data_dir))


@pytest.mark.parametrize("role", auth.ROLES)
def test_page_runs_for_every_role(env, role):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["_view_as"] = role
    at.switch_page("pages/10_budget.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(at.get("plotly_chart")) == 4
    shown = [m.value for m in at.metric]
    assert shown[0] == ("160\u00a0€" if role == "partner" else "400\u00a0€"), shown
    assert any("communes, localités, sexe" in str(i.value) for i in at.info)      # the filters that do not apply
