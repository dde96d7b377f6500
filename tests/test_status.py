"""The status rule (queries/status.py) on known answers: the rule itself, then `indicators()` on the literal
fixture (tests/fixtures.py) judged as at chosen dates — commune, partner, partner + commune, a year, a
quarter, a view past the project's end, a cohort too recent, a milestone before and after its planned
date, and protected values that get no status. Arithmetic in the comments; targets from
queries/reference/targets.csv (the default cells)."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import queries as q
from dashboard import auth
from fixtures import CASES, EVENTS, frames
from queries.status import status

F = q.Filters
STAFF = auth.scope_for("staff")


def judged(con, filters=F(), scope=q.FULL_SCOPE, today=date(2026, 11, 30)) -> pd.DataFrame:
    return q.indicators(con, filters, scope, today=today).set_index("id")


def row(df, iid, *cols):
    return tuple(None if pd.isna(v) else v for v in df.loc[iid, list(cols)])


def test_the_rule():
    # status(value, target, expected, after_end, too_recent)
    assert status(48, 48, 48, after_end=True) == "met"
    assert status(47, 48, 48, after_end=True) == "not_met"             # the project is over: nothing else
    assert status(20, 48, 22, after_end=False) == "on_track"           # 20 / 22 = 91 % ≥ 90 %
    assert status(14, 48, 22, after_end=False) == "late"               # 14 / 22 = 64 % ≥ 60 %
    assert status(13, 48, 22, after_end=False) == "very_late"          # 13 / 22 = 59 %
    assert status(0, 1, 0, after_end=False) == "on_track"              # nothing due yet
    assert status(10, 80, 80, after_end=True, too_recent=True) == "too_recent"
    assert status(80, 80, 80, after_end=True, too_recent=True) == "met"
    assert status(None, 80, 80, after_end=True) == status(pd.NA, 80, 80, after_end=False) == "no_data"
    assert status(5, None, None, after_end=True) == "no_target"
    assert status(0, 0, 0, after_end=False) == "no_target"             # nothing was due, nothing done
    assert status(1, 0, 0, after_end=False) == "met"                   # done before it was due


def test_commune_partner_and_both(con):
    n = judged(con, F(communes=("NOUGA",)))
    # Nouga: PE1, PE2 -> 2 of Nouga's 24 (12 F + 12 M); the project is over -> not met
    assert row(n, "pe_trained", "value", "target", "project_target", "status") == (2, 24, 48, "not_met")
    assert row(n, "pe_trained", "pct_of_target", "share_of_project") == (pytest.approx(100 * 2 / 24),
                                                                         pytest.approx(100 * 2 / 48))
    # CCPE of Nouga: MS1 achieved -> 1 of 1, met
    assert row(n, "ccpe_operational", "value", "target", "status") == (1, 1, "met")
    p = judged(con, F(partner=("CASE_SAHEL",)))
    # no partner split in the default targets: no target, no status, the share of the project's target instead
    assert row(p, "children_life_skills", "value", "target", "status") == (3, None, "no_target")
    assert p.loc["children_life_skills", "share_of_project"] == pytest.approx(100 * 3 / 1200)
    assert row(p, "children_pass_rate", "target", "status") == (70, "not_met")     # a rate keeps its own target
    assert row(p, "ccpe_operational", "target", "status") == (2, "met")            # milestones ignore partners
    both = judged(con, F(partner=("CASE_SAHEL",), communes=("NOUGA",)))
    assert row(both, "pe_trained", "value", "target", "status") == (2, None, "no_target")


def test_a_year_judged_at_its_end_against_its_cells(con):
    y = judged(con, F(start=date(2021, 1, 1), end=date(2021, 12, 31)))
    # 2021 cells of the 100 identified: Nouga 19 + Kaniogo 18 = 37 (targets.csv); C01, C02 -> 2 of 37 = 5 %
    assert row(y, "cases_identified", "value", "target", "expected", "status") == (2, 37, 37, "very_late")
    # people_rights 2021: 654 (targets.csv); C1 50 -> 8 % -> very late; the as-of date is the year's end
    assert row(y, "people_rights", "value", "target", "status") == (50, 654, "very_late")
    assert y["asof"].iloc[0] == date(2021, 12, 31)


def test_a_quarter_and_a_cohort_too_recent(make_dataset):
    """Five more cases (C06–C10), identified 1 May 2020 and reinserted 200 days later: the project's median
    time from identification to reinsertion is then 200 days (C01 172, C05 462, five × 200). A cohort
    identified in Q3 2021 (from 1 July) has not had it by 30 September: « too recent », readable for a period
    ending on 1 July 2021 + 200 days = 17 January 2022 or later."""
    extra = [(f"C{i:02d}", "F", 14, "MLI", "Kayes", "KOKOYO", "ACESEM", "ccpe", "autre", True) for i in range(6, 11)]
    events = [(c[0], s, d, det) for c in extra for s, d, det in (
        ("identifie", date(2020, 5, 1), None), ("pris_en_charge", date(2020, 5, 2), None),
        ("retour_famille", date(2020, 6, 1), None), ("reinsertion", date(2020, 11, 17), "agr"))]
    f = frames({"cases": CASES + extra, "case_events": EVENTS + events})
    ds = make_dataset({"cases": f["cases"], "case_events": f["case_events"]}, name="recent")
    try:
        quarter = judged(ds.con, F(start=date(2021, 7, 1), end=date(2021, 9, 30)))
        assert quarter.loc["reinsertion_rate", "step_days"] == 200
        assert row(quarter, "cases_reinserted", "status", "status_from") == ("too_recent", date(2022, 1, 17))
        # a quarter's count target: 2021's cells for the quarter's 92 days: 37 × 92 / 365 = 9.3 -> 9
        assert row(quarter, "cases_identified", "target") == (9,)
        # the year 2021 starts 200 days before 20 July 2021: not too recent; C01 (Jan) reinserted, 1 of 2
        year = judged(ds.con, F(start=date(2021, 1, 1), end=date(2021, 12, 31)))
        assert row(year, "reinsertion_rate", "value", "status", "status_from") == (50.0, "late", None)  # 50 / 80
        # the protected view of the same quarter: no case identified -> nothing to show, no status from it
        staff = judged(ds.con, F(start=date(2021, 7, 1), end=date(2021, 9, 30)), STAFF)
        assert staff.loc["reinsertion_rate", "status"] == "no_data"
    finally:
        ds.con.close()


def test_a_view_past_the_project_end_is_met_or_not(con):
    v = judged(con, F(start=date(2022, 1, 1), end=date(2023, 6, 30)), today=date(2023, 7, 1))
    # 2022 cells: pe_trained 17; PE… none trained in 2022 -> not met (never « late » after the end)
    assert row(v, "pe_trained", "value", "target", "status") == (0, 17, "not_met")
    assert set(v["status"]) <= {"met", "not_met", "no_target", "no_data", "too_recent"}


def test_mid_project_follows_the_phasing(con):
    """Judged as on 30 June 2021 (today), the whole project so far: the level due is 2020's cells and
    181/365 of 2021's. pe_trained: 13 + 18 × 181 / 365 = 21.9 -> 22; 3 trained -> 14 % -> very late."""
    v = judged(con, today=date(2021, 6, 30))
    assert row(v, "pe_trained", "value", "target", "expected", "status") == (3, 48, 22, "very_late")
    # rates against their own target: children passing 66.7 % of 70 % = 95 % -> on track
    assert v.loc["children_pass_rate", "status"] == "on_track"


def test_a_milestone_before_and_after_its_planned_date(con):
    """Kaniogo's PDESC integration (MS5) is planned for 30 September 2022 and never achieved."""
    kan = F(communes=("KANIOGO",))
    before = judged(con, kan, today=date(2022, 6, 30))
    assert row(before, "pdesc_integrated", "value", "target", "expected", "status") == (0, 1, 0, "on_track")
    after = judged(con, kan, today=date(2022, 10, 31))
    assert row(after, "pdesc_integrated", "expected", "status") == (1, "very_late")
    assert judged(con, kan).loc["pdesc_integrated", "status"] == "not_met"
    # Q2 2020: nothing planned before 30 June 2020 for the CCPE (both 31/12/2020): no target, not « late »
    q2 = judged(con, F(start=date(2020, 4, 1), end=date(2020, 6, 30)))
    assert row(q2, "ccpe_operational", "value", "target", "status") == (0, 0, "no_target")


def test_hidden_values_get_no_status(con):
    # staff, whole project: 4 consenting cases (C04 has no consent) -> the count is hidden (< 5)
    s = judged(con, scope=STAFF)
    assert bool(s.loc["cases_identified", "hidden"]) and s.loc["cases_identified", "status"] == "no_data"
    assert s.loc["returned_rate", "status"] == "no_data"
    assert s.loc["pe_trained", "status"] == "not_met"                  # not a case figure: judged as for anyone
