"""An indicator is one row: reference/indicator_sources.csv says where each logframe indicator comes
from, the SQL and the Python lists read it (queries/reference/README.md). And the data-quality views go
through the role's scope like every other view.

Known answers on the literal fixture (tests/fixtures.py): cases C01, C02, C05 (KOKOYO, Nouga, ACESEM),
C03, C04 (KOFLATIE, Kaniogo, ENDA_MALI); « évalué » reached by C01 (F), C02 (F), C03 (M), C05 (sex not
recorded), C01 and C02 and C05 by 2021-12-31.
"""
from __future__ import annotations

import csv
import shutil
from datetime import date

import pytest

import queries as q
from conftest import to_frames, vfm
from fixtures import ROWS
from queries import cache, contract, loading

D = date.fromisoformat


def _sources() -> list[dict]:
    with open(q.REFERENCE / "indicator_sources.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_logframe_indicator_has_its_source_rows_and_no_other():
    rows = _sources()
    assert {r["indicator"] for r in rows} == set(q.logframe()["id"])
    known = {"people", "activities", "cases", "milestones", "assessments", "leads"}
    for r in rows:
        assert r["source"] in known, r
        if r["source"] == "people":
            assert r["role"] in contract.ROLES and r["activity_type"] in contract.ACTIVITY_TYPES, r
        if r["source"] == "activities":
            assert r["activity_type"] in contract.ACTIVITY_TYPES and r["measure"] in ("activities", "participations"), r
        if r["source"] == "cases":
            assert r["stage"] in contract.STAGES, r
        if r["source"] == "milestones":
            assert r["milestone_kind"] in contract.MILESTONE_KINDS, r
        if r["among"]:
            assert r["among"] in set(q.logframe()["id"]), r


def test_the_python_lists_are_derived_from_the_reference():
    assert q.CASE_INDICATORS == ("cases_identified", "cases_in_care", "cases_returned", "cases_reinserted",
                                 "returned_rate", "reinsertion_rate")
    assert q.RATE_INDICATORS == ("children_pass_rate", "pe_active_rate", "returned_rate", "reinsertion_rate")


def test_the_case_stage_mapping_is_one_table(con):
    got = con.execute("select id, stage, among, among_stage from ref_case_indicators order by id").fetchall()
    assert got == [("cases_identified", "identifie", None, None), ("cases_in_care", "pris_en_charge", None, None),
                   ("cases_reinserted", "reinsertion", None, None), ("cases_returned", "retour_famille", None, None),
                   ("reinsertion_rate", "reinsertion", "cases_identified", "identifie"),
                   ("returned_rate", "retour_famille", "cases_in_care", "pris_en_charge")]


@pytest.fixture
def reference_with_a_22nd_indicator(tmp_path, monkeypatch):
    """The recipe of queries/reference/README.md: one logframe row and one source row, nothing else."""
    ref = tmp_path / "reference"
    shutil.copytree(q.REFERENCE, ref)
    with open(ref / "logframe.csv", "a", encoding="utf-8", newline="") as f:
        f.write("cases_assessed,22,OS1,R3,count,0,90,,,,,,Enfants victimes évalués,Child victims assessed,"
                "Victimes évaluées,Victims assessed,commune partner sex locality,year,\n")
    with open(ref / "indicator_sources.csv", "a", encoding="utf-8", newline="") as f:
        f.write("cases_assessed,cases,,,evalue,,cases,\n")
    caches = (loading.logframe, loading.indicator_sources, loading.indicator_ids)
    for c in caches:
        c.cache_clear()
    monkeypatch.setattr(loading, "REFERENCE", ref)
    monkeypatch.setattr(cache, "REFERENCE", ref)
    yield
    monkeypatch.undo()
    for c in caches:
        c.cache_clear()


def test_a_22nd_count_indicator_is_one_row(reference_with_a_22nd_indicator, fixture_dir):
    ds = q.open_dataset(fixture_dir)
    try:
        got = vfm(ds.con, q.Filters())
        assert got["cases_assessed"] == (4, 2, 1)                    # C01 F, C02 F, C03 M; C05 not recorded
        assert vfm(ds.con, q.Filters(end="2021-12-31"))["cases_assessed"] == (3, 2, 0)   # C01, C02, C05
        assert got["cases_identified"] == (5, 3, 1)                  # the others unchanged
        curve = q.indicator_monthly(ds.con, q.Filters(end="2021-12-31"))
        assert curve[curve["id"] == "cases_assessed"]["value"].iloc[-1] == 3
        staff = q.Scope(min_cell=5, hide_no_consent=True)          # protected like every case count
        assert q.indicators(ds.con, q.Filters(), staff).set_index("id").loc["cases_assessed", "hidden"]
    finally:
        ds.con.close()


# ------------------------------------------------------------ data quality in the scope

@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """The fixture with rows to fix of three partners (as in test_indicators' broken fixture)."""
    from fixtures import write_fixture
    rows = {k: list(v) for k, v in ROWS.items()}
    rows["attendance"] += [("ZZ9", "K1"), ("F1", "K9")]       # unknown activity (K1: CASE_SAHEL), unknown person (F1)
    rows["cases"] += [("C06", "M", 12, "MLI", None, "KOKOYO", "ACESEM", "autre", "autre", True)]   # no identifie step
    rows["case_events"] += [("C06", "evalue", D("2022-03-01"), None), ("C04", "evalue", D("2030-01-01"), None)]
    rows["activities"] += [("Z1", "causerie", D("2030-01-01"), None, "TOMBOLA", "NOUGA", "CASE_SAHEL", None,
                            1, 1, 1, 1)]
    d = write_fixture(tmp_path_factory.mktemp("dq-scope"),
                      to_frames({k: rows[k] for k in ("attendance", "cases", "case_events", "activities")}))
    ds = q.open_dataset(d)
    yield ds
    ds.con.close()


TODAY = D("2023-01-01")
ACESEM_NOUGA = q.Scope(communes=("NOUGA",), partners=("ACESEM",), min_cell=5, hide_no_consent=True)
ENDA_KANIOGO = q.Scope(communes=("KANIOGO",), partners=("ENDA_MALI",), min_cell=5, hide_no_consent=True)
SAHEL_NOUGA = q.Scope(communes=("NOUGA",), partners=("CASE_SAHEL",), min_cell=5, hide_no_consent=True)


def keys(d) -> list[tuple]:
    return sorted(set(zip(d["table_name"], d["row_key"])))


def test_dq_issues_of_a_partner_are_its_own_rows(broken):
    assert keys(q.dq_issues(broken.con, TODAY, scope=ACESEM_NOUGA)) == [("case_events", "C06"), ("cases", "C06")]
    assert keys(q.dq_issues(broken.con, TODAY, scope=ENDA_KANIOGO)) == [
        ("case_events", "C04"), ("cases", "C04"), ("participants", "K4")]      # K4: sex not recorded
    assert keys(q.dq_issues(broken.con, TODAY, scope=SAHEL_NOUGA)) == [
        ("activities", "Z1"), ("attendance", "F1 / K9"), ("attendance", "ZZ9 / K1")]
    assert q.dq_issues(broken.con, TODAY, scope=q.Scope(communes=("KANIOGO",), partners=("ACESEM",))).empty
    assert q.dq_issues(broken.con, TODAY, scope=q.Scope(partners=())).empty          # a partner account without one
    whole = q.dq_issues(broken.con, TODAY)
    assert len(whole) == 9 and len(keys(whole)) == 8              # the owner and the aggregate roles: every row (Z1 twice)
    assert q.dq_issues(broken.con, TODAY, scope=q.Scope(min_cell=5, hide_no_consent=True)).equals(whole)


def test_dq_last_activity_and_load_summary_of_a_partner(broken):
    assert q.execute_rows(broken.con, "dq_last_activity", q.bind(q.Filters(), ENDA_KANIOGO)) == [
        dict(partner="ENDA_MALI", last_activity=D("2022-07-01"), activities=4, last_case_event=D("2030-01-01"))]
    assert list(q.dq_last_activity(broken.con)["partner"]) == ["ACESEM", "CASE_SAHEL", "ENDA_MALI"]
    rows = dict(q.dq_load_summary(broken.con, scope=ACESEM_NOUGA)[["table_name", "n_rows"]].values.tolist())
    # cases C01, C02, C05, C06; their steps 6 + 4 + 5 + 1; no milestone is a partner's
    assert (rows["cases"], rows["case_events"], rows["milestones"]) == (4, 16, 0)
    every = dict(q.dq_load_summary(broken.con)[["table_name", "n_rows"]].values.tolist())
    assert (every["cases"], every["case_events"], every["milestones"]) == (6, 21, 5)
    assert q.dq_last_date(broken.con) == D("2030-01-01")        # the data's last day, whoever asks
