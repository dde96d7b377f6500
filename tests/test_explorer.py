"""The indicator explorer (issue 13): queries/grains.py, queries/explore.py, explore_*.sql and
pages/9_explorateur.py.

Hand-worked fixture figures (tests/fixtures.py), whole project, data owner:
- cases identified 5: C01 (KOKOYO → Nouga, ACESEM, F, 15 y, identified 2021-01-10), C02 (KOKOYO, ACESEM, F, 16,
  2021-03-01), C03 (KOFLATIE → Kaniogo, ENDA_MALI, M, 13, 2022-02-01), C04 (KOFLATIE, ENDA_MALI, F, 11,
  2022-11-01, no consent), C05 (KOKOYO, ACESEM, sex not recorded, 17, 2020-10-01);
  by commune: Nouga C01+C02+C05 = 3, Kaniogo C03+C04 = 2 (3 + 2 = 5);
  by partner: ACESEM 3, ENDA_MALI 2, CASE_SAHEL 0; by year: 2020 1 (C05), 2021 2, 2022 2;
  by sex: F 3 (C01, C02, C04), M 1 (C03), not recorded 1 (C05): 3 + 1 + 1 = 5;
  by age group: <12 1 (C04, 11), 12-14 1 (C03, 13), 15-17 3 (15, 16, 17), 18+ 0.
- reinsertion rate by age group: reinserted C01 (15) and C05 (17): 15-17 2 of 3 = 66,7 %; <12 0 of 1; 12-14
  0 of 1; 18+ no child → no value.
- children strengthened 4: K1 (site, 13), K2 (site, 14), K3 (ecole, 12), K4 (site, 15): by setting site 3 /
  school 1 (targets: 600 each), by age group 12-14 3 / 15-17 1.
- focus groups by locality: F1 KOKOYO, F2 DANGA, F3 KOFLATIE: 1 each, the three other villages 0.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import queries as q
from dashboard import auth
from fixtures import write_fixture
from queries import explore as E
from queries import grains as G
from queries.api import indicators

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
PAGE = "pages/9_explorateur.py"
STAFF = auth.scope_for("staff")
PARTNER = auth.scope_for("partner", "CASE_SAHEL", ("NOUGA",))


def cells(con, iid, by, scope=q.FULL_SCOPE, f=q.Filters()):
    return E.explorer_cells(con, f, scope, iid, tuple(by))


def values(df) -> dict:
    return {(r.g1 if r.g2 is None else (r.g1, r.g2)): (None if pd.isna(r.value) else float(r.value))
            for r in df.itertuples()}


# ------------------------------------------------------------------ known answers

def test_cases_identified_by_each_grain_hand_counted(con):
    assert values(cells(con, "cases_identified", ["commune"])) == {"NOUGA": 3, "KANIOGO": 2}
    assert values(cells(con, "cases_identified", ["partner"])) == {"CASE_SAHEL": 0, "ENDA_MALI": 2, "ACESEM": 3}
    assert values(cells(con, "cases_identified", ["year"])) == {2020: 1, 2021: 2, 2022: 2}
    assert values(cells(con, "cases_identified", ["sex"])) == {"F": 3, "M": 1, "NR": 1}
    assert values(cells(con, "cases_identified", ["age_group"])) == {"<12": 1, "12-14": 1, "15-17": 3, "18+": 0}
    # the sites only: cases are never shown by village
    assert values(cells(con, "cases_identified", ["locality"])) == {"KOKOYO": 3, "KOFLATIE": 2}
    by_q = values(cells(con, "cases_identified", ["quarter"]))
    assert {k: v for k, v in by_q.items() if v} == {"2020-T4": 1, "2021-T1": 2, "2022-T1": 1, "2022-T4": 1}
    assert len(by_q) == 11                          # 2020-T2 .. 2022-T4


def test_rates_and_people_by_column_grains_hand_counted(con):
    r = cells(con, "reinsertion_rate", ["age_group"]).set_index("g1")
    assert r.loc["15-17", "value"] == pytest.approx(200 / 3)                 # 2 of 3
    assert (r.loc["15-17", "numerator"], r.loc["15-17", "denominator"]) == (2, 3)
    assert r.loc["<12", "value"] == 0 and r.loc["12-14", "value"] == 0       # 0 of 1 each
    assert pd.isna(r.loc["18+", "value"]) and r.loc["18+", "status"] == "no_data"
    assert r.loc["15-17", "target"] == 80                                    # the rate's own target
    s = cells(con, "children_life_skills", ["setting"]).set_index("g1")
    assert values(cells(con, "children_life_skills", ["setting"])) == {"site": 3, "ecole": 1}
    assert s.loc["site", "target"] == 600 and s.loc["ecole", "target"] == 600 # the setting's target cells
    assert (s.loc["site", "female"], s.loc["site", "male"], s.loc["site", "sex_unknown"]) == (2, 0, 1)  # K1 K2, K4
    a = values(cells(con, "children_life_skills", ["age_group"]))
    assert a == {"<12": 0, "12-14": 3, "15-17": 1, "18+": 0}
    assert cells(con, "children_life_skills", ["age_group"])["target"].isna().all()   # no target by age
    assert values(cells(con, "focus_groups", ["locality"])) == {
        "KOKOYO": 1, "KOFLATIE": 1, "DANGA": 1, "TOMBOLA": 0, "TEGUE": 0, "SOMBO": 0}


def test_two_grains(con):
    d = values(cells(con, "cases_identified", ["commune", "sex"]))
    # Nouga: C01 F, C02 F, C05 n.r.; Kaniogo: C03 M, C04 F
    assert d == {("NOUGA", "F"): 2, ("NOUGA", "M"): 0, ("NOUGA", "NR"): 1,
                 ("KANIOGO", "F"): 1, ("KANIOGO", "M"): 1}
    d = values(cells(con, "children_life_skills", ["commune", "setting"]))
    # Nouga: K1, K2 site, K3 school; Kaniogo: K4 site
    assert d == {("NOUGA", "site"): 2, ("NOUGA", "ecole"): 1, ("KANIOGO", "site"): 1, ("KANIOGO", "ecole"): 0}


def test_a_grain_that_does_not_apply_is_refused(con):
    with pytest.raises(ValueError):
        cells(con, "focus_groups", ["sex"])             # activities have no sex
    with pytest.raises(ValueError):
        cells(con, "cases_identified", ["setting"])     # setting: children of the focus groups only
    assert not G.applies("sex", q.logframe().set_index("id", drop=False).loc["ccpe_operational"])


# ------------------------------------------------------------------ cells = indicators() under the cell's filter

@pytest.fixture
def memo(monkeypatch):
    """indicators() remembered per (connection, filters, scope) for the length of a test: the explorer and
    the test ask the same views many times. The real function on the real database, called once each."""
    seen: dict = {}
    real = E.indicators

    def remembered(con, filters=q.Filters(), scope=q.FULL_SCOPE, today=None):
        key = (id(con), filters, scope, today)
        if key not in seen:
            seen[key] = real(con, filters, scope, today)
        return seen[key]
    monkeypatch.setattr(E, "indicators", remembered)
    return remembered


@pytest.mark.parametrize("data,scope", [("fixture", q.FULL_SCOPE), ("fixture", STAFF), ("fixture", PARTNER),
                                        ("random", q.FULL_SCOPE)], ids=["owner", "staff", "partner", "random-owner"])
@pytest.mark.parametrize("grain", G.FILTER_GRAINS)
def test_filter_cells_equal_indicators_under_the_cell_filter(request, data, grain, scope, memo):
    any_con = request.getfixturevalue("con" if data == "fixture" else "random_ds")
    any_con = getattr(any_con, "con", any_con)
    lf = q.logframe().set_index("id", drop=False)
    for iid in ("cases_identified", "reinsertion_rate", "children_life_skills", "people_rights", "focus_groups"):
        if not G.applies(grain, lf.loc[iid]):
            continue
        got = cells(any_con, iid, [grain], scope)
        p = q.bind(q.Filters(), scope)
        for r in got.itertuples():
            if r.g1 == G.NR:
                continue
            want = indicators(any_con, G.cell_filters(q.Filters(), grain, r.g1), scope).set_index("id").loc[iid]
            for col in ("value", "target", "status", "hidden"):
                a, b = getattr(r, col), want[col]
                assert (pd.isna(a) and pd.isna(b)) or a == b, (iid, grain, r.g1, col, a, b)
        assert [r.g1 for r in got.itertuples() if r.g1 != G.NR] == G.values(grain, p, iid in q.CASE_INDICATORS)


# ------------------------------------------------------------------ cells add up (counts)

# Where each counted unit falls in exactly one cell: a person has one commune, sex, age and setting; an
# activity one partner, commune and date; a case one commune, partner, sex, age and identification date.
# (A person attending the activities of two partners or two years counts in each of them: not added up.)
ADDS_UP = {"cases_identified": ("commune", "partner", "year", "quarter", "sex", "age_group"),
           "cases_reinserted": ("commune", "partner", "sex", "age_group"),     # reached by the end: not by period
           "children_life_skills": ("commune", "sex", "age_group", "setting"),
           "pe_trained": ("commune", "sex", "age_group"),
           "focus_groups": ("commune", "partner", "year", "quarter"),
           "people_rights": ("commune", "partner", "year", "quarter")}


@pytest.mark.parametrize("iid", sorted(ADDS_UP))
def test_owner_cells_add_up_to_the_unbroken_total(any_con, iid, memo):
    total = indicators(any_con).set_index("id").loc[iid, "value"]
    for grain in ADDS_UP[iid]:
        got = cells(any_con, iid, [grain])
        assert got["value"].fillna(0).sum() == total, (iid, grain)
    both = cells(any_con, iid, list(ADDS_UP[iid][:2]))
    assert both["value"].fillna(0).sum() == total


def test_owner_f_m_and_not_recorded_add_up_in_every_cell(any_con):
    got = cells(any_con, "children_life_skills", ["setting", "commune"])
    assert (got["female"] + got["male"] + got["sex_unknown"] == got["value"]).all()


# ------------------------------------------------------------------ protection

@pytest.mark.parametrize("scope", [STAFF, PARTNER], ids=["staff", "partner"])
def test_small_case_cells_hidden_for_non_owners(con, scope):
    # staff: 4 consenting cases (C04 left out): Nouga 3, Kaniogo 1, every age group < 5 — all hidden, none « 0 »
    for grain in ("commune", "partner", "sex", "age_group", "year", "locality"):
        got = cells(con, "cases_identified", [grain], scope)
        assert got["hidden"].all() and got["value"].isna().all(), (grain, got)
        assert got["female"].isna().all() and got["male"].isna().all()
    r = cells(con, "reinsertion_rate", ["age_group"], scope)
    assert r["value"].isna().all() and r["numerator"].isna().all() and r["denominator"].isna().all()
    # people are not case figures: exact for everyone
    assert values(cells(con, "children_life_skills", ["setting"], STAFF)) == {"site": 3, "ecole": 1}


def test_partner_sees_its_own_commune_and_organisation_only(con):
    assert list(cells(con, "people_rights", ["commune"], PARTNER)["g1"]) == ["NOUGA"]
    assert list(cells(con, "people_rights", ["partner"], PARTNER)["g1"]) == ["CASE_SAHEL"]
    # CASE SAHEL in Nouga: causerie C1 (10 + 5 + 20 + 15 = 50)
    assert values(cells(con, "people_rights", ["commune"], PARTNER)) == {"NOUGA": 50}


def test_protected_age_cells_round_by_their_cell_keys(tmp_path):
    """12 consenting cases aged 15 at KOKOYO: a protected age cell is a multiple of 5 within 4 of 12, and
    the same cases give the same rounding as the unbroken total (the same cell key)."""
    import fixtures as fx
    cases = [(f"Z{i:02d}", "F", 15, "MLI", None, "KOKOYO", "ACESEM", "autre", "autre", True) for i in range(12)]
    events = [(f"Z{i:02d}", "identifie", date(2021, 5, 1), None) for i in range(12)]
    rows = {**fx.ROWS, "cases": cases, "case_events": events, "case_services": []}
    con = q.open_dataset(write_fixture(tmp_path / "d", fx.frames(rows))).con
    got = cells(con, "cases_identified", ["age_group"], STAFF).set_index("g1")
    total = indicators(con, q.Filters(), STAFF).set_index("id").loc["cases_identified", "value"]
    assert got.loc["15-17", "value"] in (10, 15) and got.loc["15-17", "value"] == total
    assert got.loc[["<12", "12-14", "18+"], "hidden"].all()
    exact = cells(con, "cases_identified", ["age_group"]).set_index("g1")
    assert exact.loc["15-17", "value"] == 12


# ------------------------------------------------------------------ side by side

def test_side_by_side_hand_counted(con):
    d = E.side_by_side(con).set_index(["kind", "who", "id"])
    assert d.loc[("commune", "NOUGA", "cases_identified"), "value"] == 3
    assert d.loc[("commune", "KANIOGO", "cases_identified"), "value"] == 2
    assert d.loc[("partner", "ACESEM", "cases_identified"), "value"] == 3
    # reinsertion: Nouga C01, C05 of 3 = 66,7 %; Kaniogo 0 of 2
    assert d.loc[("commune", "NOUGA", "reinsertion_rate"), "value"] == pytest.approx(200 / 3)
    assert d.loc[("commune", "KANIOGO", "reinsertion_rate"), "value"] == 0
    assert d.loc[("commune", "NOUGA", "cases_identified"), "target"] == 50      # each commune: its half of 100
    assert pd.isna(d.loc[("partner", "ACESEM", "cases_identified"), "target"])  # no partner targets by default
    assert set(E.side_by_side(con, q.Filters(), PARTNER)["who"]) == {"CASE_SAHEL", "NOUGA"}


# ------------------------------------------------------------------ the page

@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("explorer_page"))


@pytest.fixture
def env(data_dir, monkeypatch, app_caches):
    monkeypatch.setenv("KANGABA_DATA", str(data_dir))


def run_page(role: str, query: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["_view_as"] = role
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(PAGE)
    return at.run()


@pytest.mark.parametrize("role", auth.ROLES)
def test_page_runs_for_every_role(env, role):
    at = run_page(role, {"indicateur": "cases_identified", "par": "commune", "puis": "sex"})
    assert not at.exception, [e.message for e in at.exception]
    assert at.selectbox(key="ex_indicator").value == "cases_identified"
    table = at.dataframe[0].value
    assert list(table.columns[:2]) == ["Commune", "Sexe"]
    shown = dict(zip(zip(table["Commune"], table["Sexe"]), table["Valeur"]))
    if role == "admin":
        assert shown[("Nouga", "Filles / femmes")] == "2" and shown[("Kaniogo", "Garçons / hommes")] == "1"
    else:                                       # every case cell of the fixture is under 5 for them
        assert set(shown.values()) == {"< 5"}
    if role == "partner":
        assert set(table["Commune"]) == {"Nouga"}
    assert len(at.get("plotly_chart")) == 2     # the breakdown and the partners side by side


def test_page_defaults_and_url(env):
    at = run_page("admin", {"indicateur": "children_life_skills", "par": "setting", "commune": "NOUGA"})
    assert not at.exception
    table = at.dataframe[0].value
    # Nouga: K1, K2 on a site, K3 at school; each setting's target in Nouga: 300
    assert dict(zip(table.iloc[:, 0], table["Valeur"])) == {"Sur les sites": "2", "Dans les écoles": "1"}
    assert set(table["Cible de la case"]) == {"300"}
    assert at.query_params["indicateur"] in ("children_life_skills", ["children_life_skills"])
    assert at.query_params["par"] in ("setting", ["setting"])


# ------------------------------------------------------------------ in the browser

@pytest.mark.parametrize("role", ["admin", "partner"])
def test_a_logframe_row_opens_the_explorer_with_the_same_filters(demo_server, browser, role):
    """A click on the « Réinsertion (%) » link of the logframe's rows opens the explorer on that indicator
    with the overview's filters, in the same tab and session (the partner stays the partner)."""
    from browser import ARTIFACTS, goto, new_page, page_state, rerun
    outside: list[str] = []
    ctx, page = new_page(browser, (1280, 720), outside, locale="fr-FR")
    try:
        goto(page, demo_server + ("/?commune=KANIOGO&periode=2021" if role == "admin" else "/?periode=2021"))
        if role == "partner":
            page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text="Voir comme").click()
            with rerun(page):
                page.get_by_role("option", name="Partenaire").click()
        link = page.locator("[data-testid='stMain'] [data-testid='stPageLink'] a:visible", has_text="Réinsertion (%)")
        assert link.count() == 1
        with rerun(page):
            link.click()
        assert "/explorateur?" in page.url and "indicateur=reinsertion_rate" in page.url, page.url
        assert "periode=2021" in page.url and (role != "admin" or "commune=KANIOGO" in page.url), page.url
        st_ = page_state(page)
        assert st_["exceptions"] == 0 and st_["errors"] == [] and st_["drawn"] == st_["charts"] == 2
        text = st_["text"]
        assert "Réinsertion (%) par commune" in text and "Année 2021" in text     # the chart's title
        assert ("Kaniogo" in text) if role == "admin" else ("CASE SAHEL" in text and "Nouga" in text)
        assert len(ctx.pages) == 1 and outside == []
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"explorateur_depuis_cadre_logique_{role}.png"))
    finally:
        ctx.close()


# ------------------------------------------------------------------ the attacker, with the explorer's views

@pytest.fixture(scope="module")
def demo_con(tmp_path_factory):
    import demo
    d = tmp_path_factory.mktemp("explorer_attack") / "data"
    demo.generate(d)
    return q.open_dataset(d).con


COUNTS = ("cases_identified", "cases_in_care", "cases_returned", "cases_reinserted")
STAGE = {"cases_identified": "identifie", "cases_in_care": "pris_en_charge", "cases_returned": "retour_famille",
         "cases_reinserted": "reinsertion"}


def _attack_with_explorer(con, scope, exact, places, monkeypatch):
    """tests/test_attack.py's attack on the explorer's age-group cells of the four case counts with their
    stage totals (the only case cells the explorer adds: its filter cells are indicators() under a filter),
    over every commune, partner, sex and site, for the project, 2021 and its four quarters;
    the age cells of « identified » add up over periods like the identification-time cells, and each
    view's age cells must add up to its stage total."""
    import test_attack as A
    seen = {}

    def cells(con_, f, scope_):                 # each view asked once (the attack and the check below)
        if (f, scope_) not in seen:              # the stage totals (tests/test_attack.py plays the rest)
            out = {("stage", r.stage): r.n for r in q.case_funnel(con_, f, scope_).itertuples()}
            out.update({("stage_sex", r.stage, r.sex): r.n
                        for r in q.case_funnel(con_, f, scope_, by="sex").itertuples()})
            for iid in COUNTS:
                for r in E.explorer_cells(con_, f, scope_, iid, ("age_group",)).itertuples():
                    out[("explore_age", iid, r.g1)] = None if pd.isna(r.value) else r.value
            seen[(f, scope_)] = out
        return seen[(f, scope_)]
    monkeypatch.setattr(A, "cells", cells)
    monkeypatch.setattr(A, "YEARS", {2021: A.YEARS[2021]})     # the project, 2021 and its quarters
    monkeypatch.setattr(A, "at_identification", lambda name: name[:2] == ("explore_age", "cases_identified")
                        or name[0] in A.DIMENSIONS or (name[0] in ("stage", "stage_sex") and name[1] == "identifie"))
    found, n_views, n_eq = A._attack(con, scope, exact, places)
    for key, f in A.views_for(scope, places).items():          # a view's age cells against its own total
        cell = cells(con, f, scope)
        for iid in COUNTS:
            parts = {g: cell[("explore_age", iid, g)] for g in G.GRAINS["age_group"].values}
            n_eq += 1
            found += [(key, iid, g, v) for g, v in A.margin_recoveries(
                cell.get(("stage", STAGE[iid]), 0), parts, True, A.K, exact).items()]
    return found, n_views, n_eq


def test_the_explorer_gives_no_hidden_case_count_back(demo_con, monkeypatch):
    role, scope = "staff", STAFF          # every commune, partner, sex, period and site of the sidebar
    found, n_views, n_eq = _attack_with_explorer(demo_con, scope, False, True, monkeypatch)
    print(f"{role}: {n_views} vues, {n_eq} équations, {len(found)} effectifs retrouvés")
    assert n_views >= 200 and n_eq >= 5000
    assert found == [], found[:10]


def test_the_same_attack_finds_the_owners_small_age_cells(demo_con, monkeypatch):
    found, *_ = _attack_with_explorer(demo_con, q.FULL_SCOPE, True, False, monkeypatch)
    assert any(name[0] == "explore_age" or name in COUNTS for _, name, *_ in found), found[:5]
