"""Targets as data (queries/targets.py): the default cells derived from the project sheet, the target of a
view (the cells inside its filters, each year's cells for the part of the year in its period), and the
checks an imported « Cibles » sheet goes through. Known answers, arithmetic in the comments."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import queries as q
from queries import targets as T

LF = q.logframe()
APPLIES = LF.set_index("id")["applies"].to_dict()


@pytest.fixture(scope="module")
def cells() -> pd.DataFrame:
    return T.read_csv(T.DEFAULT_FILE)


def target(cells, iid, **view) -> float | None:
    return T.scoped(cells[cells["indicator"] == iid], APPLIES[iid], T.View(**view))


def test_default_file_is_the_generator_output_and_adds_up(cells):
    assert T.problems(cells, LF) == []
    gen = T.frame(T.default_cells(LF))
    pd.testing.assert_frame_equal(cells.reset_index(drop=True), gen.reset_index(drop=True))
    total = cells.groupby("indicator")["target"].sum()
    assert total.to_dict() == LF.set_index("id")["target"].astype(float).to_dict()


def test_default_splits_follow_the_project_sheet(cells):
    c = cells.set_index("indicator")
    pe = c.loc["pe_trained"]
    assert pe.groupby("sex")["target"].sum().to_dict() == {"F": 24, "M": 24}          # 24 girls, 24 boys
    assert pe.groupby("commune")["target"].sum().to_dict() == {"KANIOGO": 24, "NOUGA": 24}
    kids = c.loc["children_life_skills"]
    assert kids.groupby("setting")["target"].sum().to_dict() == {"ecole": 600, "site": 600}
    # an odd total: the extra unit to Nouga, 6 993 = 3 497 + 3 496
    assert c.loc["people_ccpe_campaigns"].groupby("commune")["target"].sum().to_dict() == \
        {"KANIOGO": 3496, "NOUGA": 3497}
    # no commune named for the social workers, the actors and the one strategy; no partner split anywhere
    assert c.loc[["social_workers_trained", "actors_trained", "advocacy_strategy"], "commune"].isna().all()
    assert cells["partner"].isna().all()
    # yearly phasing of the 33 months: 9/33, 12/33, 12/33 of 48 = 13.1, 17.5, 17.5 -> 13, 18, 17
    assert pe.groupby("year")["target"].sum().to_dict() == {2020: 13, 2021: 18, 2022: 17}
    # milestones follow their planned dates, not a yearly phasing
    assert c.loc["ccpe_operational", "year"].isna().all()


def test_view_targets(cells):
    assert target(cells, "pe_trained") == 48
    assert target(cells, "pe_trained", communes=("NOUGA",)) == 24
    assert target(cells, "pe_trained", communes=("NOUGA", "KANIOGO")) == 48        # both = all
    assert target(cells, "pe_trained", sex="F") == 24
    assert target(cells, "pe_trained", sex="F", communes=("KANIOGO",)) == 12
    # a year: 2021's cells
    assert target(cells, "pe_trained", start=date(2021, 1, 1), end=date(2021, 12, 31)) == 18
    # a quarter: 92 of 2021's 365 days: 18 × 92 / 365 = 4.537
    assert target(cells, "pe_trained", start=date(2021, 7, 1), end=date(2021, 9, 30)) == pytest.approx(18 * 92 / 365)
    # April–June 2020: 91 of the 275 days of 2020 inside the project (from 1 April): 13 × 91 / 275
    assert target(cells, "pe_trained", end=date(2020, 6, 30)) == pytest.approx(13 * 91 / 275)
    # a view running past the project's end takes no more than the whole target
    assert target(cells, "pe_trained", start=date(2022, 1, 1), end=date(2023, 6, 30)) == 17


def test_no_target_for_a_cut_the_cells_do_not_have(cells):
    # one partner (no partner split), partner + commune, one locality, girls for a count without a sex split
    assert target(cells, "children_life_skills", partners=("CASE_SAHEL",)) is None
    assert target(cells, "children_life_skills", partners=("CASE_SAHEL",), communes=("NOUGA",)) is None
    assert target(cells, "children_life_skills", localities=("KOKOYO",)) is None
    assert target(cells, "children_life_skills", sex="F") is None
    assert target(cells, "social_workers_trained", communes=("NOUGA",)) is None
    # … but a filter the indicator ignores leaves its target whole (data-contract.md, « Filters »)
    assert target(cells, "focus_groups", sex="F") == 480
    assert target(cells, "ccpe_operational", partners=("ACESEM",), sex="M", localities=("KOKOYO",)) == 2
    assert target(cells, "ccpe_operational", communes=("NOUGA",)) == 1
    # all three partners are everything: no cut
    assert target(cells, "children_life_skills", partners=q.contract.PARTNERS) == 1200


def test_partner_cells_give_partner_views_their_own_target(cells):
    """Cells imported with a partner split (here: children 1 200 = CASE SAHEL 592 + ENDA 400 + ACESEM 208,
    no year) replace the default of that indicator only."""
    own = T.frame([dict(indicator="children_life_skills", partner=p, target=n)
                   for p, n in (("CASE_SAHEL", 592), ("ENDA_MALI", 400), ("ACESEM", 208))])
    assert T.problems(own, LF) == []
    m = T.merged(cells, own)
    assert target(m, "children_life_skills", partners=("CASE_SAHEL",)) == 592
    assert target(m, "children_life_skills", partners=("CASE_SAHEL", "ACESEM")) == 800
    # no year: the straight line over the project's 1 005 days; 2021 is 365 of them: 592 × 365 / 1005
    assert target(m, "children_life_skills", partners=("CASE_SAHEL",), start=date(2021, 1, 1),
                  end=date(2021, 12, 31)) == pytest.approx(592 * 365 / 1005)
    assert target(m, "children_life_skills", communes=("NOUGA",)) is None     # these cells have no commune
    assert target(m, "pe_trained", communes=("NOUGA",)) == 24                 # other indicators: default


@pytest.mark.parametrize("rows,needle", [
    ([dict(indicator="enfants_sauves", target=5)], "indicateur inconnu « enfants_sauves »"),
    ([dict(indicator="advocacy_strategy", target=-1)], "cible négative (-1)"),
    ([dict(indicator="focus_groups", commune="NOUGA", target=240), dict(indicator="focus_groups", commune="KANIOGO",
                                                                        target=200)],
     "les parts de « focus_groups » font 440 et non la cible du projet, 480"),
    ([dict(indicator="focus_groups", commune="NOUGA", target=240), dict(indicator="focus_groups", target=240)],
     "ne sont pas découpées de la même façon"),
    ([dict(indicator="focus_groups", commune="BAMAKO", target=480)], "colonne commune : « BAMAKO »"),
    ([dict(indicator="focus_groups", year=2019, target=480)], "colonne année : « 2019 »"),
    ([dict(indicator="returned_rate", target=90)], "la cible du taux « returned_rate » est 100 %"),
], ids=["unknown", "negative", "sum", "shape", "commune", "year", "rate"])
def test_problems_name_the_rows(rows, needle):
    found = T.problems(T.frame(rows), LF)
    assert any(needle in msg for _, msg in found), found
    assert all(pos for pos, _ in found)
