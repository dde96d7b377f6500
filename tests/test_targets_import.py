"""The « Cibles » sheet of the import template: target cells imported with a data version (its cibles.csv),
kept by the next imports, and rejected with a French message naming the row when they are wrong."""
from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

import queries
from fixtures import write_fixture
from importer import Source, run_import, store
from importer.templates import build_template

HEAD = ["Indicateur", "Libellé", "Commune", "Partenaire", "Année", "Sexe", "Milieu (site / école)", "Cible"]
# children 1 200 shared among the partners (no commune, no year): CASE SAHEL 592, ENDA MALI 400, ACESEM 208
PARTNER_ROWS = [["children_life_skills", None, None, "CASE SAHEL", None, None, None, 592],
                ["Enfants renforcés", None, None, "ENDA MALI/RAO", None, None, None, 400],
                ["children_life_skills", None, None, "ACESEM", None, None, None, 208]]


@pytest.fixture
def data(tmp_path):
    d = write_fixture(tmp_path / "data", synthetic=False)
    queries.open_dataset(d).con.close()
    return d


def workbook(path, rows, head=HEAD):
    wb = Workbook()
    ws = wb.active
    ws.title = "Cibles"
    ws.append(head)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def imp(data, path):
    return run_import([Source.from_path(path)], data, today=date(2026, 11, 30), who="test")


def children(data, partner=None):
    ds = queries.open_dataset(data)
    try:
        f = queries.Filters(partner=partner)
        target, status = queries.indicators(ds.con, f).set_index("id").loc["children_life_skills", ["target", "status"]]
        return [None if target != target else target, status]
    finally:
        ds.con.close()


def test_the_template_has_an_empty_targets_sheet_and_the_defaults_to_read(tmp_path):
    wb = load_workbook(__import__("io").BytesIO(build_template()))
    assert wb["Cibles"].max_row == 1 and [c.value for c in wb["Cibles"][1]] == HEAD
    default = list(wb["Cibles par défaut"].iter_rows(min_row=2, values_only=True))
    assert len(default) == 95 and default[0] == ("pe_trained", "Pairs éducateurs formés (filles et garçons de 14 à 17 ans)",
                                                 "Nouga", None, 2020, "Filles / femmes", None, 3)


def test_imported_targets_scope_partner_views_and_are_kept(tmp_path, data):
    assert children(data, "CASE_SAHEL") == [None, "no_target"]          # default: no partner split
    res = imp(data, workbook(tmp_path / "cibles.xlsx", PARTNER_ROWS))
    assert res.exit_code == 0 and res.version, res.summary_lines()
    assert res.counts["targets"].new == 3
    version = store.find_version(data, res.version)
    assert (version / queries.TARGETS_FILE).is_file()
    # CASE SAHEL's children: K1, K2, K3 (3) against its own 592: below it, and the project is over
    assert children(data, "CASE_SAHEL") == [592, "not_met"]
    assert children(data) == [1200, "not_met"]
    # the same sheet again: nothing new, no new version
    again = imp(data, workbook(tmp_path / "cibles2.xlsx", PARTNER_ROWS))
    assert again.version is None and again.counts["targets"].unchanged == 3
    # an import of activities only keeps the targets of the version in force
    wb = Workbook()
    ws = wb.active
    ws.title = "Jalons"
    ws.append(["Code du jalon", "Type de jalon", "Commune", "Intitulé", "Date prévue", "Date de réalisation"])
    ws.append(["JAL-NOUGA-09", "Plan d'action", "Nouga", "Plan 2", date(2022, 6, 30), None])
    wb.save(tmp_path / "jalons.xlsx")
    res2 = imp(data, tmp_path / "jalons.xlsx")
    assert res2.version and res2.exit_code == 0, res2.summary_lines()
    assert children(data, "CASE_SAHEL") == [592, "not_met"]
    # a restore of the first version brings back the default targets (that version has no cibles.csv)
    first = store.list_versions(data)[0]["version"]
    store.restore(data, first)
    assert children(data, "CASE_SAHEL") == [None, "no_target"]


@pytest.mark.parametrize("rows,line,needle", [
    ([["enfants_sauves", None, None, None, None, None, None, 5]], 2, "indicateur inconnu « enfants_sauves »"),
    ([["advocacy_strategy", None, None, None, None, None, None, -1]], 2, "cible négative (-1)"),
    (PARTNER_ROWS[:2] + [["children_life_skills", None, None, "ACESEM", None, None, None, 200]], 4,
     "les parts de « children_life_skills » font 1192 et non la cible du projet, 1200"),
    ([["focus_groups", None, "Bamako", None, None, None, None, 480]], 2, "Bamako"),
], ids=["unknown", "negative", "sum", "commune"])
def test_wrong_targets_are_rejected_naming_the_row(tmp_path, data, rows, line, needle):
    before = sorted(p.name for p in data.iterdir())
    res = imp(data, workbook(tmp_path / "cibles.xlsx", rows))
    assert res.version is None and res.exit_code == 2
    problems = [p for p in res.problems if p.sheet == "Cibles" and p.severity == "rejet"]
    assert any(needle in p.message and p.row == line for p in problems), [p.line() for p in problems]
    assert all(p.line().startswith("[rejet] cibles.xlsx › Cibles, ligne ") for p in problems)
    assert sorted(p.name for p in data.iterdir()) == before          # nothing written
