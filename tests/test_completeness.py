"""Reporting completeness and timeliness (issue 13): queries/completeness.py, completeness_months.sql, the
section of pages/5_qualite.py and the overview's link to it.

Hand count on the fixture (tests/fixtures.py), activities by partner and month:
- CASE_SAHEL: A1 2020-06, F1 2020-09, C1 2021-01, F2 2021-03, R1 2021-06 → 5 months (all in Nouga);
- ENDA_MALI: A2 2021-02, T1 2022-02, F3 2022-05, C2 2022-07 → 4 months (all in Kaniogo);
- ACESEM: W1 2021-04 (Nouga), S1 2021-05 (Nouga), X1 2021-09 (Kaniogo), W2 2022-03 (Kaniogo) → 4 months.
The project has 33 months (April 2020 – December 2022: 9 + 12 + 12).
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import fixtures as fx
import queries as q
from dashboard import auth
from queries import completeness as C

ROOT = Path(__file__).resolve().parents[1]
PARTNER = auth.scope_for("partner", "CASE_SAHEL", ("NOUGA",))


def reported(df, partner) -> list[str]:
    g = df[(df["partner"] == partner) & ~df["silent"]]
    return [f"{m:%Y-%m}" for m in g["month"]]


def test_months_with_and_without_activities_hand_counted(con):
    d = C.completeness(con)
    assert reported(d, "CASE_SAHEL") == ["2020-06", "2020-09", "2021-01", "2021-03", "2021-06"]
    assert reported(d, "ENDA_MALI") == ["2021-02", "2022-02", "2022-05", "2022-07"]
    assert reported(d, "ACESEM") == ["2021-04", "2021-05", "2021-09", "2022-03"]
    s = C.completeness_summary(con).set_index("partner")
    assert s["months"].tolist() == [33, 33, 33]
    assert s.loc["CASE_SAHEL", ["reported", "silent"]].tolist() == [5, 28]
    assert s.loc["ENDA_MALI", ["reported", "silent"]].tolist() == [4, 29]
    # longest runs without a report: CASE_SAHEL Jul 2021 – Dec 2022 = 6 + 12 = 18; ENDA_MALI Mar 2021 – Jan 2022
    # = 10 + 1 = 11; ACESEM Apr 2020 – Mar 2021 = 9 + 3 = 12
    assert s["longest_gap"].to_dict() == {"ACESEM": 12, "CASE_SAHEL": 18, "ENDA_MALI": 11}
    assert s.loc["ACESEM", "last_activity"] == date(2022, 3, 1)


def test_filters_and_scope(con):
    nouga = C.completeness_summary(con, q.Filters(communes=("NOUGA",))).set_index("partner")
    assert nouga["reported"].to_dict() == {"ACESEM": 2, "CASE_SAHEL": 5, "ENDA_MALI": 0}   # W1, S1; ENDA in Kaniogo
    y2021 = C.completeness(con, q.Filters(start=date(2021, 1, 1), end=date(2021, 12, 31)))
    assert len(y2021) == 3 * 12 and reported(y2021, "CASE_SAHEL") == ["2021-01", "2021-03", "2021-06"]
    own = C.completeness_summary(con, q.Filters(), PARTNER)
    assert own["partner"].tolist() == ["CASE_SAHEL"] and own["reported"].tolist() == [5]


def test_silent_partners(con):
    # the last date in the data: C04 identified 2022-11-01; last activities: CASE_SAHEL 2021-06-01 (518 days
    # before: 365 + 30 + 31 + 31 + 30 + 31), ENDA_MALI 2022-07-01 (31 + 31 + 30 + 31 = 123), ACESEM 2022-03-01 (245)
    assert C.silent_partners(con) == [("ACESEM", 245), ("CASE_SAHEL", 518), ("ENDA_MALI", 123)]
    assert C.silent_partners(con, days=200) == [("ACESEM", 245), ("CASE_SAHEL", 518)]
    assert C.silent_partners(con, q.Filters(), PARTNER) == [("CASE_SAHEL", 518)]


def _version(root: Path, name: str, ids: list[str], meta: dict) -> None:
    folder = root / "versions" / name
    folder.mkdir(parents=True)
    acts = fx.frames()["activities"]
    acts[acts["activity_id"].isin(ids)].to_parquet(folder / "activities.parquet", index=False)
    (folder / "_dataset.json").write_text(json.dumps(meta), encoding="utf-8")


def test_arrival_delay_from_the_first_version_holding_the_activity(tmp_path):
    root = tmp_path / "data"
    # version 1: a copy of the extracts from before the first import (A1, F1): no known arrival
    _version(root, "0001-20210110-000000", ["A1", "F1"], {"generator": "copie", "created": "2021-01-10T00:00:00"})
    # version 2, an import of 01/07/2021, brings F2 (2021-03-01: 31 + 30 + 31 + 30 = 122 days) and W1
    # (2021-04-10: 20 + 31 + 30 + 1 = 82 days); A1 and F1 are still there (not new)
    _version(root, "0002-20210701-000000", ["A1", "F1", "F2", "W1"],
             {"generator": "importer", "created": "2021-07-01T00:00:00"})
    got = C.arrival_delays(data_root=root)
    assert got["versions"] == 2 and got["unknown"] == 2
    rows = got["rows"].set_index("partner")
    assert rows.loc["CASE_SAHEL", "median"] == 122 and rows.loc["ACESEM", "median"] == 82
    assert rows["activities"].to_dict() == {"ACESEM": 1, "CASE_SAHEL": 1}
    assert rows["within_30"].tolist() == [0.0, 0.0]
    assert C.arrival_delays(data_root=root, scope=PARTNER)["rows"]["partner"].tolist() == ["CASE_SAHEL"]
    assert C.arrival_delays(data_root=tmp_path / "plain")["versions"] == 0


# ------------------------------------------------------------------ the pages

@pytest.fixture
def env(fixture_dir, monkeypatch, app_caches):
    monkeypatch.setenv("KANGABA_DATA", str(fixture_dir))


@pytest.mark.parametrize("role", auth.ROLES)
def test_quality_section_and_overview_link_for_every_role(env, role):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["_view_as"] = role
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    warned = " ".join(str(w.value) for w in at.warning)
    assert "CASE SAHEL : aucune activité depuis 518 jours." in warned
    assert ("ACESEM" in warned) == (role != "partner")            # a partner hears of its own silence only
    at.switch_page("pages/5_qualite.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    tables = [d.value for d in at.dataframe]
    done = next(t for t in tables if "Mois sans activité" in t.columns)
    assert done["Mois avec activités"].tolist() == ([5] if role == "partner" else [4, 5, 4])
