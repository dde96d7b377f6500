"""Importer: the XLSX template (French headers, drop-downs of labels, instructions, example rows)
round-trips through the import; the XLSForms have the fields the importer reads."""
from __future__ import annotations

import io

import openpyxl
import pytest

from fixtures import write_fixture
from import_fixtures.build import TODAY, tables, xlsx
from importer import Source, run_import
from importer.columns import HEADERS, KOBO, SHEETS
from importer.templates import EXAMPLES, build_template
from importer.xlsform import write_forms
from queries.contract import TABLES


@pytest.fixture(scope="module")
def template() -> bytes:
    return build_template()


def test_template_sheets_headers_lists_and_instructions(template):
    wb = openpyxl.load_workbook(io.BytesIO(template))
    assert wb.sheetnames[0] == "Instructions" and wb["Listes"].sheet_state == "hidden"
    for t in TABLES:
        ws = wb[SHEETS[t]]
        assert [c.value for c in ws[1]] == [HEADERS[t][c] for c in TABLES[t].column_names]
        assert ws[1][0].comment is not None
    ws = wb["Activités"]
    lists = {str(dv.sqref).split(":")[0][0]: dv.formula1 for dv in ws.data_validations.dataValidation
             if dv.type == "list"}
    ref = lists["B"].lstrip("=").split("!")[1].replace("$", "")               # activity type column
    values = [c.value for c in wb["Listes"][ref.split(":")[0][0]]][1:]
    assert "Formation des pairs éducateurs" in values and "formation_pairs" not in values   # labels, not codes
    text = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    assert "jj/mm/aaaa" in text and "EXEMPLE-" in text and "jamais un nom" in text.lower()
    assert wb["Activités"]["A2"].value.startswith("EXEMPLE-")


def test_template_as_downloaded_imports_nothing(tmp_path, template):
    data = write_fixture(tmp_path / "data", synthetic=False)
    res = run_import([Source("modele.xlsx", template)], data, today=TODAY)
    assert res.exit_code == 2 and res.new == 0 and res.rejected == 0
    assert sum(c.examples for c in res.counts.values()) == sum(len(v) for v in EXAMPLES.values())


def test_template_filled_with_the_example_rows_round_trips(tmp_path, template):
    """Fill the template (the example rows with real-looking codes) -> import -> all accepted."""
    wb = openpyxl.load_workbook(io.BytesIO(template))
    for t in TABLES:
        for row in wb[SHEETS[t]].iter_rows(min_row=2):
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("EXEMPLE-"):
                    c.value = "T-" + c.value[len("EXEMPLE-"):]
    filled = tmp_path / "rempli.xlsx"
    wb.save(filled)
    data = write_fixture(tmp_path / "data", synthetic=False)
    res = run_import([Source.from_path(filled)], data, today=TODAY)
    assert res.exit_code == 0, [p.line() for p in res.problems if p.severity == "rejet"]
    assert {t: c.new for t, c in res.counts.items()} == {t: len(EXAMPLES[t]) for t in TABLES}
    got = tables(data)
    act = {r[0]: r for r in got["activities"]}
    assert act["T-ACT-001"][1:9] == ("focus_group", act["T-ACT-001"][2], None, "KOKOYO", "NOUGA", "CASE_SAHEL",
                                     "T-PE-001", 6)
    assert act["T-ACT-002"][4] is None and act["T-ACT-002"][5] == "KANIOGO"
    assert ("T-CAS-001", "reinsertion") in {(r[0], r[1]) for r in got["case_events"]}
    assert ("T-CAS-001", "F", 15, "MLI") == next(r for r in got["cases"] if r[0] == "T-CAS-001")[:4]
    assert ("2021-Q1", "T-Personnel", "CASE_SAHEL", 1000.0, 950.5) in got["budget"]
    assert ("T-ENF-001", "post", TODAY.replace(2021, 6, 1), 15.0, 20.0) in got["assessments"]


def test_xlsforms(tmp_path):
    paths = write_forms(tmp_path)
    assert sorted(p.name for p in paths) == ["kangaba_etape_cas.xlsx", "kangaba_rapport_activite.xlsx"]
    act = openpyxl.load_workbook(tmp_path / "kangaba_rapport_activite.xlsx")
    assert act.sheetnames == ["survey", "choices", "settings"]
    survey = [[c.value for c in r] for r in act["survey"].iter_rows()]
    head = survey[0]
    names = {r[head.index("name")] for r in survey[1:]}
    assert set(KOBO["activities"].values()) <= names and "code_personne" in names
    assert ("begin_repeat", "presences") in {(r[0], r[1]) for r in survey[1:]}
    labels = {r[1]: r[2] for r in survey[1:]}
    assert labels["filles"] == "Filles" and labels["code_activite"] == "Code de l'activité"
    choices = [[c.value for c in r] for r in act["choices"].iter_rows(min_row=2)]
    assert ("localite", "KOFLATIE", "Koflatié") in {tuple(r[:3]) for r in choices}
    case = openpyxl.load_workbook(tmp_path / "kangaba_etape_cas.xlsx")
    names = {r[1].value for r in case["survey"].iter_rows(min_row=2)}
    assert {"code_cas", "etape", "date_etape", "type_reinsertion", "motif_cloture"} <= names
    settings = [c.value for c in case["settings"][2]]
    assert settings[1] == "kangaba_etape_cas" and settings[3] == "French (fr)"


def test_xlsform_export_imports(tmp_path):
    """An export of the case form with label headers (« Code du cas »...) is read like the XML-value one."""
    data = write_fixture(tmp_path / "data", synthetic=False)
    rows = [["Code du cas", "Étape", "Date de l'étape", "Type de réinsertion", "Motif de clôture", "_uuid"],
            ["C02", "Réinsertion", "01/09/2021", "Activité génératrice de revenus", None, "abc"]]
    res = run_import([Source.from_path(xlsx(tmp_path / "e.xlsx", {"Étape d'un cas Kangaba": rows}))], data,
                     today=TODAY)
    assert res.exit_code == 0, [p.line() for p in res.problems]
    assert ("C02", "reinsertion", TODAY.replace(2021, 9, 1), "agr") in tables(data)["case_events"]
