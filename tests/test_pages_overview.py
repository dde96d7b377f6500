"""AppTest runs of « Vue d'ensemble » (app.py) and « Sensibilisation » (pages/1_sensibilisation.py)
on the literal fixture (tests/fixtures.py): what is on screen equals the query layer, and the
hand-worked numbers of the fixture, with and without filters, in French and in English.

Hand-worked fixture figures used below (whole project unless said):
- pe_trained 3 (PE1 F, PE2 M in A1; PE3 F in A2); children 4 (K1, K2 F; K3 M; K4 sex unknown);
  focus groups 3; causeries 10+5+20+15 + 3+2+4+1 = 60; CCPE campaigns R1 500 + T1 30 = 530;
  cases identified 5; returned 3 of 4 in care = 75 %; reinserted 2 of 5 identified = 40 %.
- Nouga, year 2021: children K1, K3 (F2 on 2021-03-01) = 2; focus groups 1 (F2); causeries 50 (C1);
  campaigns 500 (R1 radio); cases C01, C02 = 2, both returned (100 %), C01 reinserted (50 %);
  no peer-educator training (A2 trains PE3 of Kaniogo).
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
from dashboard import access, auth, fmt
from dashboard import fig_overview as fo
from fixtures import write_fixture
from page_tables import html_cards, shown_cards, shown_tables

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SENS = "pages/1_sensibilisation.py"
NOUGA_2021 = q.Filters(communes=("NOUGA",), start=date(2021, 1, 1), end=date(2021, 12, 31))


# ------------------------------------------------------------------ helpers

@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("pages_overview"))


@pytest.fixture(scope="module")
def qcon(data_dir):
    ds = q.open_dataset(data_dir)
    yield ds.con
    ds.con.close()


@pytest.fixture(autouse=True)
def env(data_dir, monkeypatch):
    monkeypatch.setenv("KANGABA_DATA", str(data_dir))
    monkeypatch.chdir(ROOT)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def run(params: dict | None = None, page: str | None = None, widgets: dict | None = None,
        lang: str | None = None) -> AppTest:
    """Open app.py (URL params first), optionally switch page, set sidebar widgets, and check it ran."""
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    if lang:
        at.segmented_control(key="w_lang").set_value(lang).run()
    for key, value in (widgets or {}).items():
        w = at.multiselect(key="w_" + key) if key == "commune" else at.selectbox(key="w_" + key) \
            if key == "periode" else at.radio(key="w_" + key)
        w.set_value(value).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at) -> dict[str, tuple[str, str]]:
    """{label: (value, share of the target or "")}: the overview's cards (HTML) and any st.metric."""
    return {**{m.label: (m.value, m.delta) for m in at.metric},
            **{c["label"]: (c["value"], c["delta"] or "") for c in shown_cards(at)}}


def all_captions(at) -> str:
    """Every caption of the page and the target line of every card, as one text."""
    return " ".join([c.value for c in at.caption] + [c["note"] for c in shown_cards(at)])


def logframe(at) -> pd.DataFrame:
    return pd.concat(shown_tables(at), ignore_index=True)


def decode(v):
    """A plotly array from the JSON spec: a list, or a typed array {dtype, bdata}."""
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).tolist()
    return v


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def chart(at, title_start: str) -> dict:
    for s in charts(at):
        if s["layout"]["title"]["text"].replace("<br>", " ").startswith(title_start):
            return s
    raise AssertionError(f"no chart titled {title_start!r}: "
                         f"{[s['layout']['title']['text'] for s in charts(at)]}")


def trace(spec: dict, name: str, axis: str = "y") -> list:
    for d in spec["data"]:
        if d.get("name") == name:
            return decode(d[axis])
    raise AssertionError(f"no trace {name!r}: {[d.get('name') for d in spec['data']]}")


def card_values(con, filters: q.Filters, lang: str = "fr", scope: q.Scope = q.FULL_SCOPE) -> dict[str, tuple[str, str]]:
    """What the cards must show, from the query layer."""
    ind = q.indicators(con, filters, scope)
    return {c["label"]: (c["value"], c["delta"] or "") for c in fo.cards(ind, lang)}


# ------------------------------------------------------------- overview

def test_card_html_escapes_every_text_and_reads_back():
    """A card's texts go into HTML (st.html): escaped, and read back as they were."""
    c = dict(id="cases_identified", label="<b>Victimes</b>", value="< 5", delta='5 % « de » "la" cible',
             status="not_met", status_label="Non <i>atteint</i>", color="#BA9ED2", target="Cible : 100",
             fm="F < 5 · M 3", help='Nom "complet" <script>x</script>  \nF : filles')
    doc = fo.card_html(c)
    assert "<b>" not in doc and "<script>" not in doc and "<i>" not in doc
    assert html_cards(doc) == [dict(id="cases_identified", label="<b>Victimes</b>", value="< 5",
                                    delta='5 % « de » "la" cible', status="Non <i>atteint</i>",
                                    note="Cible : 100 · F < 5 · M 3",
                                    help='Nom "complet" <script>x</script>\nF : filles')]
    assert html_cards(fo.card_html({**c, "delta": None, "fm": ""}))[0] == {
        **html_cards(doc)[0], "delta": None, "note": "Cible : 100"}


def test_overview_cards_equal_query_layer_and_fixture(qcon):
    at = run()
    assert at.title[0].value == "Vue d'ensemble"
    shown = metrics(at)
    assert shown == card_values(qcon, q.Filters())
    cards = shown_cards(at)          # in order, each with its help (the indicator's full name, what F/M are)
    assert [c["id"] for c in cards] == list(fo.KEY_INDICATORS)
    assert [c["help"] for c in cards] == [c["help"].replace("  \n", "\n")
                                          for c in fo.cards(q.indicators(qcon, q.Filters()), "fr")]
    assert cards[0]["help"].startswith("Pairs éducateurs formés (") and "\nF : filles" in cards[0]["help"]
    assert shown["Pairs éducateurs formés"][0] == "3"
    assert shown["Enfants renforcés"][0] == "4"
    assert shown["Focus groups animés"][0] == "3"
    assert shown["Sensibilisés (causeries)"][0] == "60"
    assert shown["Touchés par les CCPE"] == ("530", "7,6\u00a0% de la cible")
    assert shown["Victimes présumées identifiées"][0] == "5"
    assert shown["Retour en famille (%)"] == ("75,0\u00a0%", "75,0\u00a0% de la cible")
    assert shown["Réinsertion (%)"] == ("40,0\u00a0%", "50,0\u00a0% de la cible")
    captions = all_captions(at)
    # achieved values, said to be so (not a split of the target): children K1, K2 / K3 / K4
    assert "réalisé\u00a0: F\u00a02 · M\u00a01 · n.r.\u00a01" in captions
    assert "Cible\u00a0: 6\u00a0993" in captions
    # the whole project is over (today is after 31/12/2022): met or not met, nothing else; all 8 below target
    assert badge_labels(at) == ["Non atteint"] * 8
    assert "jugé à la fin de la vue (31 décembre 2022)" in captions


def test_overview_logframe_table_equals_query_layer(qcon):
    at = run()
    table = logframe(at)
    ind = q.indicators(qcon)
    assert len(shown_tables(at)) == 6 and not at.table     # R1 … R6, as HTML (charts.static_table)
    assert len(table) == 21
    assert list(table.columns) == ["Indicateur", "Réf.", "Cible", "Valeur", "% de la cible", "F", "M", "Statut"]
    assert list(table["Valeur"]) == [fo.value_text(r, "fr") for _, r in ind.iterrows()]
    assert table["% de la cible"].tolist() == ["—" if pd.isna(v) else fmt.pct(v, "fr", 0) for v in ind["pct_of_target"]]
    row = table.set_index("Indicateur").loc
    assert row["Enfants pris en charge retournés en famille (%)", ["Valeur", "F", "M", "Statut"]].tolist() == \
        ["75,0\u00a0%", "100,0\u00a0%", "0,0\u00a0%", "Non atteint"]
    assert row["CCPE opérationnels", ["Valeur", "Cible", "F", "Statut"]].tolist() == ["2", "2", "—", "Atteint"]
    assert row["Enfants sensibilisés réussissant le test d'autoprotection (%)", ["Valeur", "Statut"]].tolist() \
        == ["66,7\u00a0%", "Non atteint"]             # 2 of 3 tested < 70 %, and the project is over
    assert row["Communes intégrant la protection de l'enfant dans leur PDESC", "Statut"] == "Non atteint"
    headings = [m.value for m in at.markdown if re.match(r"##### OS\d — ", m.value)]
    assert [h[:9] for h in headings] == ["##### OS1", "##### OS2"]
    captions = [c for h in at.get("html") for c in re.findall(r"<caption>(.*?)</caption>", h.proto.body)]
    assert [c[:5] for c in captions] == [f"R{i} — " for i in range(1, 7)]      # each result's label, its caption


def test_overview_progress_curve_and_projection(qcon):
    at = run()
    at.selectbox(key="indicateur").set_value("cases_identified").run()
    assert not at.exception
    spec = chart(at, "Enfants identifiés victimes de traite")
    monthly = q.indicator_monthly(qcon)
    m = monthly[monthly["id"] == "cases_identified"].sort_values("month")
    actual = trace(spec, "Réalisé (cumul)")
    # identified: C05 Oct 2020, C01 Jan 2021, C02 Mar 2021, C03 Feb 2022, C04 Nov 2022 (the last data month)
    assert actual[:-1] == m["value"].astype(float).tolist()[:-1]
    assert actual[-1] != actual[-1]                 # December 2022: after the data, not drawn (NaN)
    assert actual[31] == 5.0 and actual[6] == 1.0
    traj = trace(spec, "Trajectoire de la cible")
    # yearly phasing (reference/targets.csv): 2020 cells Nouga 13 + Kaniogo 14 = 27, spread over the 275 days
    # of April–December 2020: 27 × 30 / 275 = 2.9 by 30 April 2020; the whole 100 by December 2022
    assert traj[-1] == 100.0 and traj[0] == round(27 * 30 / 275, 1) == 2.9
    proj = trace(spec, "Projection au rythme actuel")
    assert proj[31] == 5.0 and proj[32] == round(5 + (5 - 4) / 6, 1)   # 6-month pace: (5 − 4) / 6
    note = [c.value for c in at.caption if c.value.startswith("Trajectoire")][0]
    assert "6 derniers mois jusqu'à novembre 2022 (0,2 par mois)" in note
    assert "5 attendus, pour une cible de 100" in note
    assert at.query_params["indicateur"] == "cases_identified"          # written to the URL as the id
    # the same curve from a URL that names the indicator by its id
    again = run(params={"indicateur": "cases_identified"})
    assert trace(chart(again, "Enfants identifiés victimes de traite"), "Projection au rythme actuel")[31:] == proj[31:]


def test_overview_commune_and_year_equal_query_layer(qcon):
    at = run(widgets={"commune": ["NOUGA"], "periode": "2021"})
    assert at.caption[0].value.startswith("Année 2021 · Nouga")
    shown = metrics(at)
    assert shown == card_values(qcon, NOUGA_2021)
    assert {k: v[0] for k, v in shown.items()} == {
        "Pairs éducateurs formés": "0", "Enfants renforcés": "2", "Focus groups animés": "1",
        "Sensibilisés (causeries)": "50", "Touchés par les CCPE": "500", "Victimes présumées identifiées": "2",
        "Retour en famille (%)": "100,0\u00a0%", "Réinsertion (%)": "50,0\u00a0%"}
    table = logframe(at).set_index("Indicateur")
    # the view's targets: Nouga's 2021 cells (reference/targets.csv); 2021 ends before the project, so the
    # view is judged against the level due at 31/12/2021, i.e. those cells
    assert table.loc["Enfants pris en charge retournés en famille (%)", "Statut"] == "Atteint"
    assert table.loc["Enfants identifiés bénéficiant d'une réinsertion (%)", "Statut"] == "En retard"   # 50 / 80
    # Nouga's CCPE (MS1) was planned for 31/12/2020 and achieved 01/03/2021: due in 2021, 1 of 1
    assert table.loc["CCPE opérationnels", ["Valeur", "Cible", "Statut"]].tolist() == ["1", "1", "Atteint"]
    # victims identified: Nouga's 50 phased 13 by the end of 2020 (floor(50 × 9/33 + 0.25)) and 32 by the end
    # of 2021 (floor(50 × 21/33 + 0.25)): 2021 cell 32 − 13 = 19; 2 identified: 2 / 19 = 11 % < 60 % -> très en retard
    assert table.loc["Enfants identifiés victimes de traite", ["Valeur", "Cible", "Statut"]].tolist() == \
        ["2", "19", "Très en retard"]
    assert "jugé à la fin de la vue (31 décembre 2021)" in " ".join(c.value for c in at.caption)


def test_overview_url_with_codes_reopens_same_view(qcon):
    """A shared link carries codes, whatever the language it was made in."""
    at = run(params={"commune": "NOUGA", "periode": "2021"})
    assert at.multiselect(key="w_commune").value == ["NOUGA"]
    assert at.caption[0].value.startswith("Année 2021 · Nouga")
    assert metrics(at) == card_values(qcon, NOUGA_2021)
    at = run(params={"commune": "NOUGA", "periode": "2021", "lang": "en"})
    assert at.caption[0].value.startswith("Year 2021 · Nouga")


def test_overview_url_with_labels_or_unknown_codes_falls_back_to_all(qcon):
    """Labels or misspelt codes in a URL are ignored (never matched to something near)."""
    at = run(params={"commune": "Nouga", "periode": "Année 2021"})
    assert at.multiselect(key="w_commune").value == []
    assert metrics(at) == card_values(qcon, q.Filters())


def test_filters_follow_page_switches(qcon):
    at = run(params={"commune": "NOUGA", "periode": "2021"})
    at.switch_page("pages/1_sensibilisation.py").run()
    assert at.multiselect(key="w_commune").value == ["NOUGA"] and at.selectbox(key="w_periode").value == "2021"
    at.switch_page("app.py").run()
    assert metrics(at) == card_values(qcon, NOUGA_2021)


def test_overview_in_english(qcon):
    at = run(lang="en")
    assert at.title[0].value == "Overview"
    shown = metrics(at)
    assert shown == card_values(qcon, q.Filters(), "en")
    assert shown["Reached by the CCPE"] == ("530", "7.6% of the target")
    assert shown["Returned to family (%)"][0] == "75.0%"
    table = logframe(at)
    assert list(table.columns)[:4] == ["Indicator", "Baseline", "Target", "Value"]
    assert set(table["Status"]) == {"Met", "Not met"}
    assert chart(at, "Children strengthened in life skills")["layout"]["separators"] == ".,"


def badge_labels(at) -> list[str]:
    return [c["status"] for c in shown_cards(at)]


def test_overview_partner_is_judged_on_its_own_targets_only(qcon):
    """« Voir comme » partner (CASE SAHEL, Nouga): the default targets have no partner split, so no count
    that follows the partner gets a target or a status — never one against the other partners' share; the
    card gives the share of the project's target instead, said to be one. Rates keep their own target."""
    at = run()
    at.selectbox(key="w_view_as").set_value("partner").run()
    assert not at.exception
    scope = auth.scope_for("partner", *access.PREVIEW_PARTNER)
    shown = metrics(at)
    assert shown == card_values(qcon, q.Filters(), scope=scope)
    # CASE SAHEL in Nouga: PE1, PE2 trained at A1 -> 2, i.e. 2 / 48 = 4,2 % of the project's target (caption)
    assert shown["Pairs éducateurs formés"][0] == "2" and not shown["Pairs éducateurs formés"][1]
    labels = dict(zip([c["label"] for c in fo.cards(q.indicators(qcon, q.Filters(), scope), "fr")], badge_labels(at)))
    assert labels["Pairs éducateurs formés"] == "Sans cible à cette échelle"
    assert not {"En retard", "Très en retard", "Non atteint"} & {v for k, v in labels.items() if "(%)" not in k}
    captions = all_captions(at)
    assert "4,2\u00a0% de la cible du projet (48) · réalisé\u00a0: F\u00a01 · M\u00a01" in captions


def test_overview_small_cells_show_below_five_for_staff():
    """« Voir comme » ECPAT staff (demo data): case counts of 1 to 4 are hidden, shown « < 5 », never 0."""
    at = run()
    at.selectbox(key="w_view_as").set_value("staff").run()
    assert not at.exception
    shown = metrics(at)
    assert shown["Victimes présumées identifiées"] == ("<\u00a05", "— de la cible")           # 5 cases, 4 consenting
    assert shown["Retour en famille (%)"][0] == "n < 5"
    assert shown["Pairs éducateurs formés"][0] == "3"                               # not a case figure
    table = logframe(at).set_index("Indicateur")
    assert table.loc["Enfants identifiés victimes de traite", ["Valeur", "F", "M", "Statut"]].tolist() == \
        ["<\u00a05", "—", "—", "Sans donnée"]


def test_hidden_values_show_below_five_not_zero():
    row = pd.Series(dict(id="cases_identified", unit="count", value=pd.NA, female=pd.NA, male=pd.NA,
                         hidden=True, sex_unknown=pd.NA))
    assert fo.value_text(row, "fr") == "<\u00a05"
    assert fo.value_text(row.copy().replace({"count": "percent"}), "fr") == "n < 5"
    shown = row.copy()
    shown["value"], shown["hidden"] = 12, False
    assert fo.value_text(shown, "fr", col="female") == "<\u00a05"      # girls: 0 to 4 of the 12


# -------------------------------------------------------- sensitisation

def test_sensitisation_equals_query_layer_and_fixture(qcon):
    at = run(page=SENS)
    assert at.title[0].value == "Sensibilisation"
    sens = q.sensitisation(qcon)
    shown = metrics(at)
    assert shown["Participations aux activités"][0] == fmt.num(sens["n"].sum()) == "595"
    assert shown["Enfants distincts touchés"] == ("4", "0,3\u00a0% de la cible")
    assert shown["Pairs éducateurs actifs"] == ("2", "sur 3 formés (66,7\u00a0%)")   # PE1 and PE3 led focus groups
    assert shown["Réussite au post-test"][0] == "66,7\u00a0%"                         # K1, K2 pass; K3 fails

    by_type = chart(at, "Participations par type d'activité")
    assert decode(by_type["data"][0]["y"]) == ["Focus group", "Causerie", "Émission radio", "Théâtre forum"]
    girls = sens[sens.sex_group == "girls"].groupby("activity_type")["n"].sum()
    assert trace(by_type, "Filles", "x") == [girls[a] for a in ("focus_group", "causerie", "radio", "theatre_forum")]
    assert trace(by_type, "Filles", "x") == [3, 13, 100, 5]
    assert trace(by_type, "Hommes", "x") == [0, 16, 100, 10]

    loc = chart(at, "Participations par localité")
    assert decode(loc["data"][0]["y"]) == ["Kokoyo", "Danga", "Tombola", "Toute la commune (radio) · Nouga",
                                           "Koflatié", "Tégué", "Sombo"]
    assert trace(loc, "Femmes", "x") == [0, 0, 20, 200, 0, 10, 4]

    quarter = chart(at, "Participations par trimestre")
    assert len(decode(quarter["data"][0]["x"])) == 11                  # T2 2020 … T4 2022, empty ones too
    totals = [d for d in quarter["data"] if d.get("mode") == "text"][0]
    assert dict(zip(decode(totals["x"]), decode(totals["y"])))["T2 2021"] == 500

    reach = q.children_reach(qcon)
    rc = chart(at, "Enfants distincts et participations")
    assert trace(rc, "Filles") == [reach.loc[reach.sex == "F", "children"].sum(),
                                   reach.loc[reach.sex == "F", "participations"].sum()] == [2, 3]
    assert trace(rc, "Non renseigné") == [1, 1]
    setting = chart(at, "Enfants distincts sur les sites")
    assert trace(setting, "Filles", "x") == [2, 0] and trace(setting, "Garçons", "x") == [0, 1]
    assert trace(setting, "Cible : 600", "x") == [600, 600]
    assert decode(setting["data"][0]["y"])[0].endswith("3 / 600")

    pe = chart(at, "Pairs éducateurs formés et actifs")
    assert trace(pe, "Filles") == [2, 2] and trace(pe, "Garçons") == [1, 0]
    tests = chart(at, "Réussite au test d'autoprotection")
    assert trace(tests, "Filles") == [0.0, 100.0] and trace(tests, "Garçons") == [100.0, 0.0]
    assert any(s.get("y0") == 70 for s in tests["layout"]["shapes"])


def test_sensitisation_commune_and_year(qcon):
    at = run(page=SENS, widgets={"commune": ["NOUGA"], "periode": "2021"})
    sens = q.sensitisation(qcon, NOUGA_2021)
    shown = metrics(at)
    assert shown["Participations aux activités"][0] == fmt.num(sens["n"].sum()) == "552"   # F2 2 + C1 50 + R1 500
    assert shown["Enfants distincts touchés"][0] == "2"
    assert shown["Réussite au post-test"][0] == "50,0\u00a0%"      # 2021 post-tests: K1 passes, K3 fails
    assert shown["Pairs éducateurs actifs"] == ("0", "sur 0 formés (—)")
    # no peer educator trained in Nouga in 2021: a sentence, not an empty frame
    assert any("Pairs éducateurs formés et actifs" in i.value and "Aucune donnée" in i.value for i in at.info)
    loc = chart(at, "Participations par localité")
    assert decode(loc["data"][0]["y"]) == ["Danga", "Tombola", "Toute la commune (radio)"]  # F1 (Kokoyo) is 2020
    quarter = chart(at, "Participations par trimestre")
    assert decode(quarter["data"][0]["x"]) == ["T1 2021", "T2 2021", "T3 2021", "T4 2021"]


def test_sensitisation_sex_filter_shows_girls_and_women_only(qcon):
    at = run(page=SENS, widgets={"sexe": "F"})
    sens = q.sensitisation(qcon, q.Filters(sex="F"))
    assert metrics(at)["Participations aux activités"][0] == fmt.num(sens["n"].sum()) == "355"   # girls 121 + women 234
    by_type = chart(at, "Participations par type d'activité")
    assert [d["name"] for d in by_type["data"] if d["type"] == "bar"] == ["Filles", "Femmes"]
    rc = chart(at, "Enfants distincts et participations")
    assert [d["name"] for d in rc["data"]] == ["Filles"]


def test_sensitisation_in_english(qcon):
    at = run(page=SENS, lang="en")
    assert at.title[0].value == "Awareness"
    shown = metrics(at)
    assert shown["Participations in activities"][0] == "595"
    assert shown["Post-test pass rate"][0] == "66.7%"
    by_type = chart(at, "Participations by activity type")
    assert decode(by_type["data"][0]["y"])[:3] == ["Focus group", "Community talk", "Radio programme"]
    assert {d["name"] for d in by_type["data"] if d["type"] == "bar"} == {"Girls", "Boys", "Women", "Men"}
    loc = chart(at, "Participations by locality")
    assert "Commune-wide (radio) · Nouga" in decode(loc["data"][0]["y"])
    assert chart(at, "Participations by quarter")["data"][0]["x"][0] == "Q2 2020"
