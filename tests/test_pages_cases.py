"""AppTest runs of the pages Prise en charge, Carte, Renforcement et plaidoyer and Qualité des données
on the literal fixture (tests/fixtures.py: 5 cases C01..C05, C04 without consent).

What is checked: every page runs; the numbers drawn equal the query layer for several filter
combinations; the map holds no URL with the OSM background off; case codes and counts from 1 to 4
are shown to the data owner only.

Hand-worked numbers (no filter, data owner): cohort C01..C05 → identifié 5, évalué 4 (C04 stops at
identifié), pris en charge 4, retour en famille 3 (C01, C02, C05), réinsertion 2 (C01, C05),
clôturé 1 (C01). Kaniogo (site Koflatié): C03, C04 → 2, 1, 1, 0, 0, 0. Year 2021: C01, C02
identified in 2021, counted at the stages reached by 31/12/2021 → 2, 2, 2, 2, 1, 1.
"""
from __future__ import annotations

import base64
import json
import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import queries as q
from conftest import open_lazy
from dashboard import i18n
from dashboard.charts import csv_bytes
from fixtures import write_fixture

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
CASES, MAP, CAPACITY, QUALITY = ("pages/2_prise_en_charge.py", "pages/3_carte.py", "pages/4_renforcement.py",
                                 "pages/5_qualite.py")
STAFF_SCOPE = q.Scope(min_cell=5, hide_no_consent=True)
CASE_CODE = re.compile(r"C0\d")
SMALL = re.compile(r"(?<![\d<,.:/\-])[1-4](?![\d,.:/%])")  # a bare 1..4, not part of a date, number or « < 5 »


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    d = write_fixture(tmp_path / "data")
    monkeypatch.setenv("KANGABA_DATA", str(d))
    monkeypatch.setenv("KANGABA_USERS", str(tmp_path / "users.json"))   # no account: demo mode, nothing written
    monkeypatch.setenv("KANGABA_AUDIT", str(tmp_path / "audit.jsonl"))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield d
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def con(data_dir):
    ds = q.open_dataset(data_dir)
    yield ds.con
    ds.con.close()


@pytest.fixture
def as_staff(monkeypatch):
    """Every session is ECPAT staff: small-cell protection, cases without consent left out."""
    import dashboard.access
    monkeypatch.setattr(dashboard.access, "current_access", lambda *a, **kw: ("staff", STAFF_SCOPE))


def run(page: str, **params) -> AppTest:
    """Open `page` with the sidebar filters given as URL parameters (codes: commune=["KANIOGO"],
    periode="2021", lang="en", ...), as a shared link would, and check that it ran; with everything the
    session can open opened (conftest.open_lazy: downloads, exports, the rows to correct)."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    open_lazy(at)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _decode(v):
    """Plotly writes numpy arrays as typed arrays ({"dtype", "bdata"}): back to a list."""
    if isinstance(v, dict) and "bdata" in v:
        a = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        return [None if isinstance(x, float) and np.isnan(x) else (int(x) if float(x).is_integer() else float(x))
                for x in a.tolist()]
    if isinstance(v, dict):
        return {k: _decode(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_decode(x) for x in v]
    return v


def specs(at: AppTest) -> list[dict]:
    return [_decode(json.loads(c.proto.spec)) for c in at.get("plotly_chart")]


def title_of(spec: dict) -> str:
    return spec["layout"]["title"]["text"]


def chart(at: AppTest, title: str) -> dict:
    found = [s for s in specs(at) if title_of(s).startswith(title)]
    assert len(found) == 1, [title_of(s) for s in specs(at)]
    return found[0]


def texts(at: AppTest) -> str:
    """Every text the page shows: markdown, captions, alerts, tables, chart specs."""
    out = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "success", "error"):
        out += [str(e.value) for e in getattr(at, kind)]
    out += [e.value.to_csv() for e in at.dataframe]
    out += [c.proto.spec for c in at.get("plotly_chart")]
    return "\n".join(out)


def shown_texts(at: AppTest) -> list[str]:
    """What a reader sees, without the chart specs' numbers (checked separately): sentences and table
    cells, but not the note that explains « < 5 » (« de 0 à 4 cas »)."""
    out = []
    for kind in ("markdown", "caption", "info", "warning", "success", "error"):
        out += [str(e.value) for e in getattr(at, kind) if "de 0 à 4 cas" not in str(e.value)]
    for df in (e.value for e in at.dataframe):
        out += [str(v) for v in df.astype(str).to_numpy().ravel()]
    return out


def period_2021():
    return q.Filters(start=date(2021, 1, 1), end=date(2021, 12, 31))


# -------------------------------------------------------------- every page runs

@pytest.mark.parametrize("page", [CASES, MAP, CAPACITY, QUALITY])
def test_page_runs(data_dir, page):
    at = run(page)
    assert len(at.title) == 1


@pytest.mark.parametrize("page", [CASES, MAP, CAPACITY, QUALITY])
def test_page_runs_for_staff(data_dir, as_staff, page):
    run(page)


@pytest.mark.parametrize("page", [CASES, MAP, CAPACITY, QUALITY])
def test_page_runs_in_english(data_dir, page):
    at = run(page, lang="en")
    assert "Kaniogo" in at.caption[0].value and "partners" in at.caption[0].value


# ------------------------------------------------------------- cases page = query layer

@pytest.mark.parametrize("params, filters, expected", [
    ({}, q.Filters(), [5, 4, 4, 3, 2, 1]),
    ({"commune": ["KANIOGO"]}, q.Filters(communes=("KANIOGO",)), [2, 1, 1, 0, 0, 0]),
    ({"periode": "2021"}, period_2021(), [2, 2, 2, 2, 1, 1]),
])
def test_funnel_equals_query(data_dir, con, params, filters, expected):
    at = run(CASES, **params)
    funnel = q.case_funnel(con, filters)
    assert funnel["n"].tolist() == expected
    spec = chart(at, "Parcours des cas identifiés")
    bars = spec["data"][0]
    assert bars["type"] == "bar" and bars["x"] == expected
    assert bars["y"] == ["Identifié", "Évalué", "Pris en charge", "Retour en famille", "Réinsertion", "Clôturé"]
    # the share kept is written beside each bar, from identification and from the previous step
    labels = spec["data"][1]["text"]
    for label, (_, r) in zip(labels[1:], funnel.iloc[1:].iterrows()):
        if pd.notna(r["share_identified"]):
            assert f"{r['share_identified']:.0f}\u00a0% des identifiés" in label
        if pd.notna(r["share_previous"]):
            assert f"{r['share_previous']:.0f}\u00a0% de l'étape précédente" in label


def test_funnel_by_sex_and_age_equal_query(data_dir, con):
    at = run(CASES)
    for by, title, names in (("sex", "Cas à chaque étape, par sexe", {"F": "Filles", "M": "Garçons", "NR": "Non renseigné"}),
                             ("age_group", "Cas à chaque étape, par tranche", {"<12": "<12 ans", "12-14": "12-14 ans",
                                                                              "15-17": "15-17 ans", "18+": "18 ans et +"})):
        expected = q.case_funnel(con, by=by)
        drawn = {t["name"]: t["x"] for t in chart(at, title)["data"] if t["type"] == "bar"}
        for code, group in expected.groupby(by):
            assert drawn[names[code]] == group.sort_values("stage_order")["n"].tolist()
    # F + M + not recorded = all, at every stage
    sex = {t["name"]: t["x"] for t in chart(at, "Cas à chaque étape, par sexe")["data"] if t["type"] == "bar"}
    assert [sum(v) for v in zip(*sex.values())] == [5, 4, 4, 3, 2, 1]


def test_breakdowns_equal_query(data_dir, con):
    at = run(CASES, periode="2021")
    f = period_2021()
    services = q.case_services(con, f)  # C01: psychosocial, médical (F)
    drawn = chart(at, "Cas ayant reçu chaque service")
    girls = [t for t in drawn["data"] if t["type"] == "bar" and t["name"] == "Filles"][0]
    assert dict(zip(girls["y"], girls["x"])) == {"Psychosocial": 1, "Médical": 1}
    assert services["cases"].sum() == 2
    nat = chart(at, "Nationalité des cas identifiés")
    girls = [t for t in nat["data"] if t["type"] == "bar" and t["name"] == "Filles"][0]
    assert dict(zip(girls["y"], girls["x"])) == {"Mali": 1, "Burkina Faso": 1}
    reins = chart(at, "Type de réinsertion")
    assert [(t["y"], t["x"]) for t in reins["data"] if t["type"] == "bar"] == [(["Scolarisation"], [1])]


def test_delays_equal_query(data_dir, con):
    at = run(CASES)
    summary = q.case_delay_summary(con)
    bars = chart(at, "Jours entre deux étapes")["data"][0]
    assert bars["x"][:5] == summary["median"].tolist()[:5]  # 4, 5, 92, 218.5, 153 days
    assert bars["x"][:3] == [4.0, 5.0, 92.0]


def test_empty_filter_gives_a_sentence(data_dir):
    at = run(CASES, commune=["KANIOGO"], periode="2021")
    assert not at.get("plotly_chart")
    assert any("Aucun cas identifié" in i.value for i in at.info)


def test_left_out_line(data_dir):
    at = run(CASES)
    assert any("Cas sans consentement à la diffusion dans cette cohorte : 1" in m.value for m in at.markdown)


# ------------------------------------------------------------- stalled list

def test_stalled_list_for_the_owner(data_dir, con):
    at = run(CASES)
    expected = q.case_stalled(con, stall_days=90)["case_id"].tolist()
    assert expected == ["C02", "C05", "C03"]          # 448, 299, 264 days without a step at 01/11/2022
    table = at.dataframe[0].value
    assert table["Code du cas"].tolist() == expected
    at.number_input(key="stall_days").set_value(300).run()
    assert at.dataframe[0].value["Code du cas"].tolist() == ["C02"]


def test_staff_sees_no_case_code_and_no_small_count(data_dir, as_staff):
    at = run(CASES)
    page = texts(at)
    assert not CASE_CODE.search(page)
    # 4 cases with consent: fewer than 5, so the path is not detailed
    assert any("Moins de 5 cas identifiés" in i.value for i in at.info)
    assert any("faute de consentement : <\u00a05" in m.value for m in at.markdown)
    for s in shown_texts(at):
        assert not SMALL.search(s.replace("<\u00a05", "").replace("< 5", "")), s


# ------------------------------------------------------------- a bigger set: partial hiding

@pytest.fixture
def random_dir(tmp_path, monkeypatch) -> Path:
    from conftest import random_rows, to_frames
    d = write_fixture(tmp_path / "random", to_frames(random_rows()))
    monkeypatch.setenv("KANGABA_DATA", str(d))
    monkeypatch.setenv("KANGABA_USERS", str(tmp_path / "users.json"))
    monkeypatch.setenv("KANGABA_AUDIT", str(tmp_path / "audit.jsonl"))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield d
    st.cache_data.clear()
    st.cache_resource.clear()


def test_staff_small_cells_on_a_bigger_set(random_dir, as_staff):
    ds = q.open_dataset(random_dir)
    try:
        expected = q.case_funnel(ds.con, scope=STAFF_SCOPE)
        by_sex = q.case_funnel(ds.con, scope=STAFF_SCOPE, by="sex")
    finally:
        ds.con.close()
    assert by_sex["n_hidden"].any(), "the variant must hide some cells"
    at = run(CASES)
    page = texts(at)
    assert not CASE_CODE.search(page)
    funnel = chart(at, "Parcours des cas identifiés")["data"][0]["x"]
    assert funnel == [None if h else int(v) for v, h in zip(expected["n"], expected["n_hidden"])]
    for spec in specs(at):
        for trace in spec["data"]:
            for v in trace.get("x") or []:
                assert not (isinstance(v, (int, float)) and 1 <= v <= 4 and trace["type"] == "bar"
                            and "Jours" not in title_of(spec)), (title_of(spec), trace.get("name"), v)
            for s in trace.get("text") or []:
                assert not re.fullmatch(r"\s*[1-4]\s*", str(s)), (title_of(spec), s)
    # a hidden cell is written « < 5 » (1 to 4 cases) or « masqué » (hidden with one), never a bar of 0,
    # and « < 5 » is never written on a count that is in fact 5 or more
    ds = q.open_dataset(random_dir)
    try:
        true = q.case_funnel(ds.con, scope=q.Scope(hide_no_consent=True), by="sex")
    finally:
        ds.con.close()
    names = {"Filles": "F", "Garçons": "M", "Non renseigné": "NR"}
    stage = {"Identifié": "identifie", "Évalué": "evalue", "Pris en charge": "pris_en_charge",
             "Retour en famille": "retour_famille", "Réinsertion": "reinsertion", "Clôturé": "cloture"}
    truth = true.set_index(["stage", "sex"])["n"]
    written = [(tr["legendgroup"], y, txt) for tr in chart(at, "Cas à chaque étape, par sexe")["data"]
               if tr["type"] == "scatter" for y, txt in zip(tr["y"], tr["text"])]
    assert written and {txt for *_, txt in written} <= {"<\u00a05", "masqué"}
    for sex, y, txt in written:
        n = truth[(stage[y], sex)]
        assert 1 <= n, (sex, y)
        if txt == "<\u00a05":
            assert n <= 4, (sex, y, n)
    bars = {(tr["legendgroup"], y) for tr in chart(at, "Cas à chaque étape, par sexe")["data"]
            if tr["type"] == "bar" for y in tr["y"]}
    assert not bars & {(sex, y) for sex, y, _ in written}      # no bar drawn for a hidden cell
    for s in shown_texts(at):
        assert not SMALL.search(s.replace("<\u00a05", "").replace("< 5", "")), s


# ------------------------------------------------------------- map

def test_map_offline_and_equal_to_query(data_dir, con):
    at = run(MAP)
    kangaba, origin = specs(at)
    assert "http" not in json.dumps(kangaba) and "http" not in json.dumps(origin)
    hover = json.dumps(kangaba, ensure_ascii=False)
    rows = q.map_localities(con)
    for r in rows[rows["metric"] == "children_reached"].itertuples():  # KOKOYO 2, DANGA 1, KOFLATIE 1
        assert f"Enfants touchés : {r.value}" in hover
    at.radio(key="map_metric").set_value("cases_identified").run()
    hover = json.dumps(specs(at)[0], ensure_ascii=False)
    assert "Kokoyo</b><br>Cas identifiés (sites) : 3" in hover and "Koflatié</b><br>Cas identifiés (sites) : 2" in hover
    at.toggle(key="map_osm").set_value(True).run()
    assert "tile.openstreetmap.org" in at.get("plotly_chart")[0].proto.spec
    assert "http" not in at.get("plotly_chart")[1].proto.spec


def test_map_for_staff_hides_small_case_counts(data_dir, as_staff):
    at = run(MAP)
    at.radio(key="map_metric").set_value("cases_identified").run()
    hover = json.dumps(specs(at)[0], ensure_ascii=False)
    # Kokoyo: C01, C02, C05 (3); Koflatié: C03 (C04 has no consent) → both 1..4, flagged `_small`
    # by the query layer, so both read « < 5 »
    assert "Kokoyo</b><br>Cas identifiés (sites) : &lt;\u00a05" in hover
    assert "Koflatié</b><br>Cas identifiés (sites) : &lt;\u00a05" in hover
    assert "Koflatié</b><br>Cas identifiés (sites) : masqué" not in hover
    assert "Cas identifiés (sites) : 3" not in hover and "Cas identifiés (sites) : 1" not in hover
    assert "http" not in hover


# ------------------------------------------------------------- capacity

@pytest.mark.parametrize("params, filters", [({}, q.Filters()), ({"periode": "2021"}, period_2021()),
                                              ({"commune": ["KANIOGO"]}, q.Filters(communes=("KANIOGO",)))])
def test_capacity_equals_indicators(data_dir, con, params, filters):
    at = run(CAPACITY, **params)
    ind = q.indicators(con, filters).set_index("id")
    train = chart(at, "Personnes formées par sexe")
    ids = ["ccpe_trained", "social_workers_trained", "actors_trained", "ccpe_advocacy_trained"]
    girls = [t for t in train["data"] if t.get("name") == "Filles"][0]["x"]
    boys = [t for t in train["data"] if t.get("name") == "Garçons"][0]["x"]
    assert girls == [float(ind.loc[i, "female"]) for i in ids]
    assert boys == [float(ind.loc[i, "male"]) for i in ids]
    targets = [t for t in train["data"] if t.get("name") == "Cible"][0]["x"]
    def view_targets(indicator_ids):   # the view's target (queries/targets.py); none where not split so
        return [None if pd.isna(ind.loc[i, "target"]) else float(ind.loc[i, "target"]) for i in indicator_ids]
    assert targets == view_targets(ids)
    if filters == q.Filters():
        assert targets == [28, 11, 60, 28]                            # the project sheet's
    ms = chart(at, "Jalons atteints face à la cible")
    mids = ["ccpe_operational", "action_plans", "advocacy_strategy", "pdesc_integrated"]
    assert ms["data"][0]["x"] == [float(ind.loc[i, "value"]) for i in mids]
    ms_targets = [t for t in ms["data"] if t.get("name") == "Cible"][0]["x"]
    assert ms_targets == view_targets(mids)
    if filters == q.Filters():
        assert ms_targets == [2, 6, 1, 2]


def test_milestone_timeline(data_dir, con):
    at = run(CAPACITY)
    spec = chart(at, "Jalons par commune")
    rows = q.milestones_list(con)
    labels = {y for t in spec["data"] for y in (t.get("y") or []) if y}
    assert len(labels) == len(rows) == 5
    assert "CCPE opérationnel — Nouga" in labels and "Intégration au PDESC — Kaniogo" in labels
    statuses = {t["name"] for t in spec["data"] if t.get("showlegend") is not False and t.get("name")}
    assert statuses == {"Atteint à temps", "Atteint en retard", "Prévu"}


# ------------------------------------------------------------- data quality

def frame_with(at, column: str):
    """The page's only table that has this column (the page's sections come and go: never by position)."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, (column, [list(d.value.columns) for d in at.dataframe])
    return found[0]

def test_quality_page_for_the_owner(data_dir, con):
    at = run(QUALITY)
    loaded = frame_with(at, "Lignes")
    assert loaded["Lignes"].tolist() == [13, 13, 15, 6, 5, 19, 4, 5, 1]
    issues = frame_with(at, "Lignes concernées")
    assert set(issues["Problème"]) == {i18n.dq_problem(c) for c in q.dq_issues(con)["code"]} == {
        "consentement refusé : cas exclu des vues agrégées", "sexe non renseigné"}
    rows = frame_with(at, "Identifiant")
    assert "C04" in rows["Identifiant"].tolist()                      # the row keys, for the owner only
    assert rows.set_index("Identifiant").loc["K4", "Détail"] == "enfant"


def test_quality_page_in_english_says_the_problems_in_english(data_dir):
    """The problems are codes translated on the page: the table (and so its CSV/Excel export) is in English."""
    at = run(QUALITY, lang="en")
    counts = frame_with(at, "Rows concerned")
    assert list(counts.columns) == ["Severity", "Extract", "Problem", "Rows concerned"]
    assert sorted(zip(counts["Problem"], counts["Rows concerned"])) == [
        ("consent refused: case left out of aggregate views", 1), ("sex not recorded", 1)]
    assert b"consent refused: case left out of aggregate views" in csv_bytes(counts)
    rows = frame_with(at, "Key").set_index("Key")
    assert rows.loc["K4", "Problem"] == "sex not recorded" and rows.loc["K4", "Detail"] == "enfant"


def test_quality_page_for_staff(data_dir, as_staff):
    at = run(QUALITY)
    assert not [d for d in at.dataframe if "Identifiant" in d.value.columns]   # no row-by-row table
    assert not CASE_CODE.search(texts(at))
    counts = frame_with(at, "Lignes concernées").set_index("Problème")["Lignes concernées"]
    assert counts["consentement refusé : cas exclu des vues agrégées"] == "<\u00a05"
