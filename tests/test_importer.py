"""Importer: one test per kind of mess partners make (tests/import_fixtures/build.py writes the files).

Base data: the literal fixture extracts (tests/fixtures.py), as real data (synthetic=False).
"Today" is fixed at 2024-06-01 so that "in the future" does not move.
Safety (issue 11): identifiers are never « corrected » by a suggestion; a cases file without a consent
column gives consent unknown, said in the report, and no consent for non-owner views.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import queries
from fixtures import frames, write_fixture
from import_fixtures.build import (ACT_HEAD, TODAY, csv_file, kobo_activity_export, kobo_case_csv, messy_activities,
                                   tables, xlsx)
from importer import Source, run_import
from importer import normalise as N
from importer.privacy import is_personal
from queries.contract import TABLES


@pytest.fixture
def data(tmp_path):
    return write_fixture(tmp_path / "data", synthetic=False)


def imp(data, *paths, **kw):
    kw.setdefault("today", TODAY)
    return run_import([Source.from_path(p) for p in paths], data, **kw)


def rejects(res):
    return [p for p in res.problems if p.severity == "rejet"]


def act_row(code, locality="KOKOYO", commune="NOUGA", day="2021-05-03", kind="causerie", facilitator=None,
            counts=(1, 2, 3, 4), partner="CASE_SAHEL"):
    return [code, kind, day, locality, commune, partner, facilitator, *counts]


def stored(data, table):
    return {r[0]: r for r in tables(data)[table]}


# ------------------------------------------------------------------ normalisation

def test_messy_locality_spellings_are_accepted(tmp_path, data):
    spellings = ["Koflatie", "KOFLATIÉ", "Kofoulatié", "Kofoulaté", " koflatié ", "Koflatié (site aurifère)",
                 "Tegue", "Téguécoro", "TÉGUÉ", "site de Kokoyo"]
    rows = [ACT_HEAD] + [act_row(f"L-{i:02d}", loc, "") for i, loc in enumerate(spellings)]
    res = imp(data, csv_file(tmp_path / "lieux.csv", rows))
    assert res.exit_code == 0, [p.line() for p in rejects(res)]
    got = stored(data, "activities")
    assert [got[f"L-{i:02d}"][4] for i in range(len(spellings))] == \
        ["KOFLATIE"] * 6 + ["TEGUE"] * 3 + ["KOKOYO"]
    # commune left empty: taken from the locality, and said so
    assert [got[f"L-{i:02d}"][5] for i in range(len(spellings))] == ["KANIOGO"] * 9 + ["NOUGA"]
    assert any("commune déduite de la localité" in p.message for p in res.problems)


def test_unknown_locality_is_rejected_with_suggestion_and_spreadsheet_row(tmp_path, data):
    res = imp(data, messy_activities(tmp_path / "rapport.xlsx"))
    bad = rejects(res)
    # title on row 1, blank row 2, headers on row 3: « Kofolatié » is on spreadsheet row 9
    assert [(p.row, p.column, p.value) for p in bad] == [(9, "Lieu", "Kofolatié")]
    assert bad[0].sheet == "Rapport T2" and bad[0].file == "rapport.xlsx"
    assert "Kofolatié : voulez-vous dire KOFLATIE ?" in bad[0].suggestion
    assert res.exit_code == 1
    got = stored(data, "activities")
    assert "EN-006" not in got                                # never matched to the nearest spelling
    assert {k: got[k][4] for k in ("EN-001", "EN-002", "EN-003", "EN-004", "EN-005")} == {
        "EN-001": "KOFLATIE", "EN-002": "KOFLATIE", "EN-003": "KOFLATIE", "EN-004": "TEGUE", "EN-005": "TEGUE"}
    assert got["EN-001"][8] == 1200 and got["EN-004"][8] == 10000   # "1 200", "10 000" (non-breaking space)
    assert got["EN-002"][1] == "causerie" and got["EN-005"][1] == "theatre_forum"
    assert got["EN-002"][6] == "ENDA_MALI"


def test_sex_variants(tmp_path, data):
    sexes = ["Fille", "F", "féminin", "FEMME", "garçon", "M", "masculin", "Garçons / hommes", "Non renseigné", ""]
    head = ["person_id", "role", "sex", "age", "setting", "locality_id", "commune", "partner", "enrolled_on"]
    rows = [head] + [[f"S{i}", "Enfant", s, 12, "École", "Danga", "Nouga", "ACESEM", "01/03/2021"]
                     for i, s in enumerate(sexes)]
    rows.append(["S99", "enfant", "Fémmme", 12, "ecole", "DANGA", "NOUGA", "ACESEM", "01/03/2021"])
    res = imp(data, csv_file(tmp_path / "p.csv", rows))
    got = stored(data, "participants")
    assert [got[f"S{i}"][2] for i in range(len(sexes))] == ["F"] * 4 + ["M"] * 4 + [None, None]
    assert [(p.row, p.value) for p in rejects(res)] == [(12, "Fémmme")]
    assert "voulez-vous dire F ?" in rejects(res)[0].suggestion


def test_date_formats(tmp_path, data):
    """dd/mm/yyyy, d-m-yy, ISO, « 3 mai 2021 », Excel serial numbers (cell and text), real date cells."""
    forms = ["03/05/2021", "3-5-21", "2021-05-03", "2021-05-03 00:00:00", "3 mai 2021", 44319, "44319",
             datetime(2021, 5, 3), date(2021, 5, 3), "03.05.2021"]
    rows = [ACT_HEAD] + [act_row(f"D-{i}", day=v) for i, v in enumerate(forms)]
    res = imp(data, xlsx(tmp_path / "dates.xlsx", {"Activités": rows}))
    assert res.exit_code == 0, [p.line() for p in rejects(res)]
    got = stored(data, "activities")
    assert {got[f"D-{i}"][2] for i in range(len(forms))} == {date(2021, 5, 3)}


def test_impossible_and_unreadable_dates_are_rejected(tmp_path, data):
    rows = [ACT_HEAD, act_row("D-1", day="05/13/2021"), act_row("D-2", day="hier"), act_row("D-3", day="31/02/2021")]
    res = imp(data, csv_file(tmp_path / "d.csv", rows), dry_run=True)
    bad = {p.row: p for p in rejects(res)}
    assert set(bad) == {2, 3, 4}
    assert "13/05/2021" in bad[2].suggestion                  # month/day swapped: said, not guessed
    assert "jj/mm/aaaa" in bad[3].suggestion


def test_future_date_rejected_and_date_outside_project_warned(tmp_path, data):
    rows = [ACT_HEAD, act_row("F-1", day="02/06/2024"), act_row("F-2", day="15/01/2019"),
            act_row("F-3", day="01/06/2024")]
    res = imp(data, csv_file(tmp_path / "f.csv", rows))
    assert [(p.row, p.field) for p in rejects(res)] == [(2, "start_date")]
    assert "futur" in rejects(res)[0].message
    warned = [p for p in res.problems if p.severity == "avertissement" and p.row == 3]
    assert warned and "période du projet" in warned[0].message
    got = stored(data, "activities")
    assert "F-1" not in got and "F-2" in got and "F-3" in got


def test_numbers_with_spaces_commas_and_negative_counts(tmp_path, data):
    head = ["Code de la personne", "Test (avant / après)", "Date du test", "Score obtenu", "Score maximum"]
    rows = [head, ["K4", "post-test", "01/06/2022", "12,5", "20"], ["K4", "Pré-test", "01/05/2022", "1 2", "20,0"],
            ["K4", "après", "02/06/2022", "21", "20"]]
    res = imp(data, csv_file(tmp_path / "tests.csv", rows))
    got = [r for r in tables(data)["assessments"] if r[0] == "K4"]
    assert sorted((r[1], r[3], r[4]) for r in got) == [("post", 12.5, 20.0), ("pre", 12.0, 20.0)]
    assert [(p.row, p.field) for p in rejects(res)] == [(4, "score")]      # 21 > 20
    rows = [ACT_HEAD, act_row("N-1", counts=(-1, 0, 0, 0)), act_row("N-2", counts=(1, "2,5", 0, 0)),
            act_row("N-3", counts=(1, None, 0, 0))]
    res = imp(data, csv_file(tmp_path / "n.csv", rows), dry_run=True)
    assert [(p.row, p.field) for p in rejects(res)] == [(2, "girls"), (3, "boys"), (4, "boys")]
    assert "0 s'il n'y en avait aucun" in rejects(res)[2].suggestion


def test_normalise_units():
    assert N.enum("locality", "Kofoulatié", False) == "KOFLATIE"
    with pytest.raises(N.Invalid) as e:
        N.enum("locality", "Kofolatié", False)
    assert e.value.suggestion == "Kofolatié : voulez-vous dire KOFLATIE ?"
    with pytest.raises(N.Invalid) as e:
        N.enum("locality", "Bamako", False)
    assert "valeurs admises" in e.value.suggestion
    assert N.enum("activity_type", "Formation des pairs éducateurs", False) == "formation_pairs"
    assert N.enum("stage", "Prise en charge", False) == "pris_en_charge"
    assert N.enum("nationality", "Burkinabè", False) == "BFA" and N.enum("nationality", "gin", False) == "GIN"
    assert N.enum("locality", "Toute la commune (radio)", True) is None
    assert N.number("1\u202f234,5", False) == 1234.5 and N.number("1.234,5", False) == 1234.5
    assert N.parse_date(44319) == date(2021, 5, 3) and N.parse_date("2021-05-03T10:00:00.000+00:00") == \
        date(2021, 5, 3)
    assert N.quarter("T2 2021") == "2021-Q2" and N.boolean("Non") is False
    with pytest.raises(N.Invalid):
        N.identifier("Awa Traoré")
    assert N.identifier(42.0) == "42"


# ------------------------------------------------------------------ personal data

def test_personal_columns_never_reach_an_extract(tmp_path, data):
    head = ["Code du cas", "Nom", "Prénom", "Sexe", "Âge", "Nationalité", "Site", "Partenaire", "Source",
            "Forme d'exploitation", "Téléphone du tuteur", "Adresse", "Photo", "identite/NomEnfant",
            "GPS", "Consentement"]
    rows = [head, ["ACS-2021-0100", "Traoré", "Aminata", "Fille", 14, "Malienne", "Kokoyo", "ACESEM",
                   "Pair éducateur", "Prostitution forcée", "+223 76 11 22 33", "Quartier Sud, Kangaba",
                   "photo_aminata.jpg", "Aminata Traoré", "11.69 -8.73", "oui"]]
    res = imp(data, xlsx(tmp_path / "cas.xlsx", {"Cas": rows}))
    assert res.exit_code == 0, [p.line() for p in rejects(res)]
    assert sorted(h for _, _, h in res.dropped) == sorted(
        ["Nom", "Prénom", "Téléphone du tuteur", "Adresse", "Photo", "identite/NomEnfant", "GPS"])
    assert any("données personnelles" in line for line in res.summary_lines())
    written = list(data.rglob("*.parquet"))
    assert any("versions" in str(p) for p in written)
    for p in written:
        t = pq.read_table(p)
        assert set(t.column_names) <= set(TABLES[p.stem].column_names), p
        text = repr(t.to_pylist())
        for secret in ("Traoré", "Aminata", "76 11 22 33", "Quartier", "photo_", "11.69"):
            assert secret not in text, (p, secret)
    assert stored(data, "cases")["ACS-2021-0100"][1:4] == ("F", 14, "MLI")
    report = res.csv_bytes().decode("utf-8-sig")
    assert "Aminata" not in report and "76 11" not in report


@pytest.mark.parametrize("header", ["nom", "NOM DE L'ENFANT", "Prénom(s)", "first_name", "tel", "N° téléphone",
                                    "Phone", "adresse_exacte", "Address", "photo_url", "Image", "gps_position",
                                    "groupe/identite/nom", "_geolocation", "Contact parent"])
def test_personal_header_patterns(header):
    assert is_personal(header)


@pytest.mark.parametrize("header", ["Nombre de filles", "Commune", "Code de l'activité", "Type de jalon", "Âge",
                                   "participants/garcons", "_uuid", "Intitulé", "Région d'origine (si Mali)"])
def test_not_personal_headers(header):
    assert not is_personal(header)


def test_identifier_that_looks_like_a_name_is_rejected_and_masked(tmp_path, data):
    rows = [["Code de l'activité", "Code de la personne"], ["A1", "Fatoumata Keita"]]
    res = imp(data, csv_file(tmp_path / "pres.csv", rows), dry_run=True)
    assert [p.row for p in rejects(res)] == [2]
    assert "Fatoumata" not in res.csv_bytes().decode("utf-8-sig")


# ------------------------------------------------------------------ KoboToolbox

def test_kobo_xlsx_export_with_groups_uuid_and_repeat(tmp_path, data):
    res = imp(data, kobo_activity_export(tmp_path / "kobo.xlsx"))
    assert [s.table for s in res.sheets] == ["activities", "attendance"]
    got = stored(data, "activities")
    assert got["KB-FG-001"][1:9] == ("focus_group", date(2021, 6, 1), None, "KOKOYO", "NOUGA", "CASE_SAHEL", "PE1", 3)
    assert got["KB-RAD-001"][4] is None                      # « toute_la_commune »: commune-wide radio
    att = set(tables(data)["attendance"])
    assert {("KB-FG-001", "K1"), ("KB-FG-001", "K2")} <= att  # repeat rows linked through _parent_index/_uuid
    bad = rejects(res)
    assert [(p.sheet, p.row, p.value) for p in bad] == [("presences", 4, "K9")]
    assert bad[0].ref == "" and "K9" in bad[0].message
    dropped = {h for _, _, h in res.dropped}
    assert dropped == {"identite/nom_animateur", "identite/telephone", "_geolocation"}
    assert res.exit_code == 1


def test_kobo_csv_export_semicolon_labels(tmp_path, data):
    res = imp(data, kobo_case_csv(tmp_path / "etapes.csv"))
    assert res.exit_code == 0, [p.line() for p in rejects(res)]
    ev = [r for r in tables(data)["case_events"] if r[0] == "C03"]
    assert sorted(ev, key=lambda r: r[2])[-3:] == [
        ("C03", "retour_famille", date(2022, 3, 1), None),
        ("C03", "reinsertion", date(2022, 6, 1), "formation_professionnelle"),
        ("C03", "cloture", date(2022, 12, 1), "Projet de vie réalisé")]
    p = [x for x in res.problems if x.severity == "info" and "KoboToolbox" in x.message][0]
    assert "_uuid" in p.message


def test_kobo_repeat_without_its_submission_is_rejected(tmp_path, data):
    rows = [["presences/code_personne", "_index", "_parent_index", "_submission__uuid"], ["K1", 1, 7, "zz"]]
    res = imp(data, xlsx(tmp_path / "rep.xlsx", {"presences": rows}), dry_run=True)
    assert [(p.row, p.field) for p in rejects(res)] == [(2, "person_id")]
    assert "introuvable" in rejects(res)[0].message


# ------------------------------------------------------------------ references, steps, duplicates

def test_attendance_to_unknown_person_or_activity_is_rejected(tmp_path, data):
    rows = [["activity_id", "person_id"], ["A1", "K1"], ["A1", "PX1"], ["Z9", "K1"], ["N-1", "K3"]]
    act = [ACT_HEAD, act_row("N-1")]
    res = imp(data, csv_file(tmp_path / "att.csv", rows, sep=","), csv_file(tmp_path / "act.csv", act))
    bad = {(p.row, p.field): p for p in rejects(res)}
    assert set(bad) == {(3, "person_id"), (4, "activity_id")}
    assert "voulez-vous dire" not in bad[(3, "person_id")].suggestion      # never another person's code
    assert "PE1" not in bad[(3, "person_id")].suggestion + bad[(3, "person_id")].message
    att = set(tables(data)["attendance"])
    assert ("A1", "K1") in att and ("N-1", "K3") in att      # a new activity of the same import is known
    assert ("A1", "PX1") not in att


def test_facilitator_must_be_a_peer_educator(tmp_path, data):
    rows = [ACT_HEAD, act_row("FG-1", kind="focus_group", facilitator="PE2"),
            act_row("FG-2", kind="focus_group", facilitator="K1"), act_row("FG-3", kind="focus_group",
                                                                          facilitator="PE7")]
    res = imp(data, csv_file(tmp_path / "fg.csv", rows), dry_run=True)
    bad = {p.row: p.message for p in rejects(res)}
    assert set(bad) == {3, 4} and "pas un pair éducateur" in bad[3]


def test_case_step_before_identification_is_rejected(tmp_path, data):
    cases = [["case_id", "sex", "age", "nationality", "site_id", "partner", "referral_source", "exploitation"],
             ["C10", "F", 15, "MLI", "KOKOYO", "ACESEM", "ccpe", "autre"]]
    steps = [["Code du cas", "Étape", "Date de l'étape", "Précision (type de réinsertion ou motif de clôture)"],
             ["C10", "Identifié", "01/05/2021", None],
             ["C10", "Réinsertion", "01/03/2021", "Scolarisation"],      # before its identification
             ["C04", "Évalué", "01/10/2022", None],                      # C04 identified 2022-11-01 (stored)
             ["C04", "Évalué", "05/11/2022", None],
             ["C99", "Identifié", "05/11/2022", None],                   # unknown case
             ["C10", "Pris en charge", "02/05/2021", "Réunification"]]
    res = imp(data, xlsx(tmp_path / "cas.xlsx", {"Cas": cases, "Étapes des cas": steps}))
    bad = {(p.row, p.field): p.message for p in rejects(res) if p.sheet == "Étapes des cas"}
    assert set(bad) == {(3, "event_date"), (4, "event_date"), (6, "case_id")}
    assert "avant l'étape « Identifié » du 01/05/2021" in bad[(3, "event_date")]
    assert "(enregistrée)" in bad[(4, "event_date")]
    ev = {(r[0], r[1]) for r in tables(data)["case_events"]}
    assert ("C10", "identifie") in ev and ("C10", "reinsertion") not in ev and ("C04", "evalue") in ev


def test_same_identifier_with_different_content_is_rejected(tmp_path, data):
    rows = [ACT_HEAD,
            act_row("A1", "KOKOYO", "NOUGA", "10/06/2020", "formation_pairs", counts=(9, 1, 0, 0)),   # stored: 1,1,0,0
            act_row("A2", "KOFLATIE", "KANIOGO", "01/02/2021", "formation_pairs", counts=(1, 0, 0, 0),
                    partner="ENDA_MALI"),                                                          # identical
            act_row("DUP-1", counts=(1, 1, 1, 1)), act_row("DUP-1", counts=(1, 1, 1, 2)),           # conflict
            act_row("SAME-1"), act_row("SAME-1")]                                                   # same twice
    res = imp(data, csv_file(tmp_path / "dup.csv", rows))
    bad = {p.row: p for p in rejects(res)}
    assert set(bad) == {2, 4, 5}
    assert "existe déjà" in bad[2].message and "girls : 1 (enregistré) ≠ 9 (fichier)" in bad[2].message
    assert "ligne 5" in bad[4].message and "men : 1 ≠ 2" in bad[4].message
    c = res.counts["activities"]
    assert (c.read, c.new, c.unchanged, c.duplicates, c.rejected) == (6, 1, 1, 1, 3)
    got = stored(data, "activities")
    assert got["A1"][8] == 1 and "DUP-1" not in got and "SAME-1" in got


def test_commune_must_match_locality_and_required_values(tmp_path, data):
    rows = [ACT_HEAD, act_row("C-1", "TEGUE", "NOUGA"), act_row("C-2", None, None, kind="radio")]
    res = imp(data, csv_file(tmp_path / "c.csv", rows), dry_run=True)
    assert [(p.row, p.field) for p in rejects(res)] == [(2, "commune"), (3, "commune")]
    assert "KANIOGO" in rejects(res)[0].message


def test_missing_required_column_rejects_the_sheet(tmp_path, data):
    rows = [["activity_id", "activity_type", "commune", "partner", "girls", "boys", "women", "men"],
            ["M-1", "radio", "NOUGA", "ACESEM", 1, 1, 1, 1]]
    res = imp(data, csv_file(tmp_path / "m.csv", rows))
    assert res.exit_code == 2
    assert "start_date" in rejects(res)[0].message and res.counts["activities"].rejected == 1


def test_table_decided_from_contract_headers_and_reported(tmp_path, data):
    ms = [list(TABLES["milestones"].column_names), ["MS9", "plan_action", "KANIOGO", "Plan de Kaniogo",
                                                     "2022-06-30", "2022-07-15"]]
    res = imp(data, xlsx(tmp_path / "x.xlsx", {"Feuil1": ms}))
    assert res.exit_code == 0
    assert res.sheets[0].table == "milestones" and "en-têtes" in res.sheets[0].how
    assert any("table milestones" in line for line in res.summary_lines())
    assert stored(data, "milestones")["MS9"][5] == date(2022, 7, 15)


def test_unrecognised_sheet_and_unreadable_file_are_reported(tmp_path, data):
    bad = tmp_path / "vieux.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    other = csv_file(tmp_path / "autre.csv", [["Date", "Montant"], ["01/01/2021", 3]])
    res = imp(data, bad, other, dry_run=True)
    assert res.exit_code == 2 and res.file_errors == 2
    msgs = " ".join(p.message for p in rejects(res))
    assert ".xlsx" in msgs and "feuille non reconnue" in msgs


def test_report_csv_is_french_excel_and_neutralised(tmp_path, data):
    rows = [ACT_HEAD, act_row("R-1", "=HYPERLINK(1)"), act_row("R-2", counts=(-5, 0, 0, 0))]
    res = imp(data, csv_file(tmp_path / "r.csv", rows), dry_run=True)
    raw = res.csv_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(pd.io.common.BytesIO(raw), sep=";", encoding="utf-8-sig", dtype=str)
    assert list(df.columns[:8]) == ["Fichier", "Feuille", "Ligne", "Colonne", "Valeur", "Gravité", "Problème",
                                    "Suggestion"]
    probs = df[df["Gravité"] == "rejet"]
    assert set(probs["Ligne"]) == {"2", "3"}
    assert "'=HYPERLINK(1)" in set(probs["Valeur"]) and "'-5" in set(probs["Valeur"])
    assert (df["Gravité"] == "résumé").any()


def test_excel_french_csv_cp1252_with_sep_line_and_header_variants(tmp_path, data):
    """What French Excel on Windows writes: « sep=; » first line, Windows-1252, headers with notes."""
    text = ("sep=;\r\nCode de la personne *;Rôle;Sexe (F/M);Âge (ans);Milieu;Localité / Village;Commune;"
            "Partenaire;Date d'inscription (jj/mm/aaaa)\r\n"
            "W-1;Enfant;F;15 ans;école;Sombo;Kaniogo;ENDA;03/05/2021\r\n"
            "W-2;Enfant;G;16;site;Koflatié;Kaniogo;ENDA;04/05/2021\r\n"
            "W-3;Enfant;X;16;site;Koflatié;Kaniogo;ENDA;04/05/2021\r\n")
    f = tmp_path / "excel.csv"
    f.write_bytes(text.encode("cp1252"))
    res = imp(data, f)
    assert [(p.row, p.column, p.value) for p in rejects(res)] == [(4, "Sexe (F/M)", "X")]   # header = row 1
    got = stored(data, "participants")
    assert got["W-1"][1:] == ("enfant", "F", 15, "ecole", "SOMBO", "KANIOGO", "ENDA_MALI", date(2021, 5, 3))
    assert got["W-2"][2] == "M"


def test_total_row_is_reported_not_imported(tmp_path, data):
    rows = [ACT_HEAD, act_row("T-1"), act_row("T-2"), ["TOTAL", None, None, None, None, None, None, 2, 4, 6, 8]]
    res = imp(data, xlsx(tmp_path / "t.xlsx", {"Activités": rows}), dry_run=True)
    assert [(p.row, p.value) for p in rejects(res)] == [(4, "TOTAL")]
    assert "ligne de total" in rejects(res)[0].message and res.new == 2


# ------------------------------------------------------------------ safety: identifiers, consent

REPO = Path(__file__).resolve().parent.parent
CASE_HEAD = ["Code du cas", "Sexe", "Âge à l'identification", "Nationalité", "Site d'identification",
             "Partenaire", "Source du signalement", "Forme d'exploitation"]
STEP_HEAD = ["Code du cas", "Étape", "Date de l'étape"]


def case_row(code, site="Kokoyo", *consent):
    return [code, "Fille", 14, "Malienne", site, "ACESEM", "Pair éducateur", "Prostitution forcée", *consent]


def stored_ids(data) -> set[str]:
    t = tables(data)
    return {r[0] for name in ("cases", "participants", "activities") for r in t[name]}


# ------------------------------------------------------------------ identifiers

def test_unknown_identifiers_get_no_suggestion_of_another_code(tmp_path, data):
    assert imp(data, xlsx(tmp_path / "cas.xlsx", {"Cas": [CASE_HEAD, case_row("AC-2021-0004")],
                                                  "Étapes des cas": [STEP_HEAD,
                                                                     ["AC-2021-0004", "Identifié", "02/05/2021"]]})
               ).exit_code == 0
    known = stored_ids(data)
    assert {"AC-2021-0004", "PE1", "A1"} <= known
    steps = [STEP_HEAD, ["AC-2021-0099", "Évalué", "03/05/2021"]]
    services = [["Code du cas", "Service", "Date du service", "Partenaire"],
                ["AC-2021-0099", "Psychosocial", "04/05/2021", "ACESEM"]]
    attendance = [["Code de l'activité", "Code de la personne"], ["A1", "PE7"], ["A9", "K1"]]
    tests = [["Code de la personne", "Test (avant / après)", "Date du test", "Score obtenu", "Score maximum"],
             ["K9", "Pré-test", "01/05/2022", 10, 20]]
    acts = [ACT_HEAD, ["FG-9", "focus_group", "03/05/2021", "KOKOYO", "NOUGA", "ACESEM", "PE4", 1, 1, 0, 0]]
    f = xlsx(tmp_path / "suivi.xlsx", {"Étapes des cas": steps, "Services aux cas": services,
                                       "Présences": attendance, "Tests de connaissances": tests, "Activités": acts})
    res = imp(data, f, dry_run=True)
    got = {(p.sheet, p.row, p.column, p.value) for p in rejects(res)}
    assert got == {("Étapes des cas", 2, "Code du cas", "AC-2021-0099"),
                   ("Services aux cas", 2, "Code du cas", "AC-2021-0099"),
                   ("Présences", 2, "Code de la personne", "PE7"),
                   ("Présences", 3, "Code de l'activité", "A9"),
                   ("Tests de connaissances", 2, "Code de la personne", "K9"),
                   ("Activités", 2, "Animateur", "PE4")}
    for p in rejects(res):
        text = p.message + " " + p.suggestion
        assert "inconnu" in p.message and f"« {p.value} »" in p.message
        assert "voulez-vous dire" not in text
        assert not {w for w in re.findall(r"[A-Z]+[-A-Z0-9]*\d[-A-Z0-9]*", text)} - {p.value}, text
        assert p.line().startswith(f"[rejet] suivi.xlsx › {p.sheet}, ligne {p.row}, colonne « {p.column} »")
    case = next(p for p in rejects(res) if p.sheet == "Étapes des cas")
    assert case.suggestion.startswith("vérifiez ce code à la source") and "d'un autre enfant" in case.suggestion
    assert "AC-2021-0004" not in case.line()


def test_identifier_with_spaces_is_not_rewritten_but_a_place_still_gets_its_suggestion(tmp_path, data):
    f = xlsx(tmp_path / "cas.xlsx", {"Cas": [CASE_HEAD, case_row("AC 2021 0004"), case_row("AC-2021-0005",
                                                                                          "Kofolatié")]})
    res = imp(data, f, dry_run=True)
    bad = {p.row: p for p in rejects(res)}
    assert set(bad) == {2, 3}
    assert (bad[2].column, bad[2].value) == ("Code du cas", "AC 2021 0004")
    assert "espace" in bad[2].message and "AC-2021-0004" not in bad[2].suggestion + bad[2].message
    assert (bad[3].column, bad[3].suggestion) == ("Site d'identification", "Kofolatié : voulez-vous dire KOFLATIE ?")


# ------------------------------------------------------------------ consent

def consent_of(data) -> dict[str, bool | None]:
    t = pq.read_table(data / "current" / "cases.parquet").to_pydict()
    return dict(zip(t["case_id"], t["consent_reporting"]))


def test_cases_without_consent_column_get_consent_unknown_and_the_report_says_so(tmp_path, data):
    steps = [STEP_HEAD, ["N-1", "Identifié", "02/05/2021"], ["N-2", "Identifié", "03/05/2021"]]
    f = xlsx(tmp_path / "cas.xlsx", {"Cas": [CASE_HEAD, case_row("N-1"), case_row("N-2")], "Étapes des cas": steps})
    preview = imp(data, f, dry_run=True)
    res = imp(data, f)
    assert res.exit_code == 0 and res.version
    consent = consent_of(data)
    assert (consent["N-1"], consent["N-2"]) == (None, None)
    assert (consent["C01"], consent["C04"]) == (True, False)          # stored rows untouched
    for r in (preview, res):
        said = [p for p in r.problems if p.field == "consent_reporting"]
        assert len(said) == 1 and said[0].severity == "avertissement" and said[0].sheet == "Cas"
        assert "2 nouveau(x) cas" in said[0].message and "consentement inconnu" in said[0].message
        assert "traité comme un refus" in said[0].message and "responsable des données" in said[0].message
    csv_text = res.csv_bytes().decode("utf-8-sig")
    assert "colonne absente (consent_reporting) : 2 nouveau(x) cas" in csv_text


def test_consent_column_blank_no_and_yes(tmp_path, data):
    rows = [CASE_HEAD + ["Consentement aux rapports"], case_row("N-1", "Kokoyo", "Oui"),
            case_row("N-2", "Kokoyo", "Non"), case_row("N-3", "Kokoyo", None)]
    res = imp(data, xlsx(tmp_path / "cas.xlsx", {"Cas": rows}))
    assert res.exit_code == 0
    consent = consent_of(data)
    assert [consent[c] for c in ("N-1", "N-2", "N-3")] == [True, False, None]
    warned = [(p.row, p.message) for p in res.problems if p.field == "consent_reporting"]
    assert [w[0] for w in warned] == [4] and "traité comme un refus" in warned[0][1]


SQL_NULL_IS_YES = "consent_reporting is false" in (REPO / "queries" / "_setup.sql").read_text(encoding="utf-8")


@pytest.mark.xfail(SQL_NULL_IS_YES, strict=True,
                   reason="queries/_setup.sql (macro cohort) still leaves out only `consent_reporting is false`: "
                          "a case of unknown consent (null) is shown to non-owners; it must read "
                          "`consent_reporting is not true` (and case_left_out.sql count them)")
def test_unknown_consent_is_no_consent_for_non_owners(tmp_path, data):
    steps = [STEP_HEAD, ["N-1", "Identifié", "02/05/2021"]]
    imp(data, xlsx(tmp_path / "cas.xlsx", {"Cas": [CASE_HEAD, case_row("N-1")], "Étapes des cas": steps}))
    ds = queries.open_dataset(data)
    try:
        owner = queries.api.case_funnel(ds.con)
        other = queries.api.case_funnel(ds.con, scope=queries.Scope(hide_no_consent=True))
        left = queries.api.case_left_out(ds.con)
    finally:
        ds.con.close()
    first = lambda f: int(f.loc[f["stage"] == "identifie", "n"].iloc[0])  # noqa: E731
    assert first(owner) == 6                      # C01-C05 and N-1
    assert first(other) == 4                      # without C04 (no) and N-1 (unknown)
    assert left["n"] == 2


CONTRACT_ABSENT_IS_YES = next(c.default for c in TABLES["cases"].columns if c.name == "consent_reporting") == "true"


@pytest.mark.xfail(CONTRACT_ABSENT_IS_YES, strict=True,
                   reason="queries/contract.py gives an absent consent_reporting column the default 'true': a "
                          "plain cases extract without it is read, then re-written by the importer, as consenting")
def test_stored_cases_without_consent_column_stay_unknown_after_an_import(tmp_path):
    d = write_fixture(tmp_path / "data", synthetic=False,
                      overrides={"cases": frames()["cases"].drop(columns=["consent_reporting"])})
    res = imp(d, csv_file(tmp_path / "a.csv", [ACT_HEAD, act_row("N-1")]))
    assert res.version
    assert set(consent_of(d).values()) == {None}
