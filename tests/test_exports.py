"""Exports: XLSX/CSV with formula cells neutralised, the donor logframe workbook, the offline
HTML report (opened from disk with the network cut, every chart drawn) and its PDF."""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import queries as q
from browser import ARTIFACTS, need_browser
from dashboard import charts, exports, report
from fixtures import write_fixture


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return q.open_dataset(write_fixture(tmp_path_factory.mktemp("exports") / "data"))


def test_formula_cells_are_neutralised_in_csv_and_xlsx():
    df = pd.DataFrame({"code": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "ACS-2021-0042"], "n": [1, 2, 3, 4, 5]})
    csv = charts.csv_bytes(df).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "\n'+1;" in csv and "'@SUM" in csv and "\nACS-2021-0042;" in csv
    ws = load_workbook(io.BytesIO(exports.xlsx_bytes({"t": df})))["t"]
    values = [c.value for c in ws["A"]][1:]
    assert values == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "ACS-2021-0042"]
    assert all(c.data_type != "f" for c in ws["A"])


def test_donor_logframe_workbook(ds):
    ind = q.indicators(ds.con)
    wb = load_workbook(io.BytesIO(exports.logframe_xlsx(ind, "fr", "Tout le projet", synthetic=True)))
    ws = wb.active
    rows = [r for r in ws.iter_rows(values_only=True)]
    assert "DONNÉES FICTIVES" in rows[1][0]
    header = rows[4]
    assert header == ("Objectif", "Résultat", "Indicateur", "Situation de référence", "Cible du projet", "Cible",
                      "Valeur", "% de la cible", "Filles / femmes", "Garçons / hommes", "Sexe non renseigné", "Statut",
                      "Moyens de vérification", "Commentaire (suivi-évaluation)")
    by_label = {r[2]: r for r in rows[5:] if r[2]}
    # fixture: pe_trained 3 of 48 (F 2, M 1, none unrecorded), the whole project's view: its target is 48;
    # returned_rate 75 % (3 of 4 in care)
    assert by_label["Pairs éducateurs formés (filles et garçons de 14 à 17 ans)"][3:12] == (
        0, 48, 48, 3, 0.0625, 2, 1, 0, "Non atteint")
    assert by_label["Enfants pris en charge retournés en famille (%)"][6] == 75.0
    assert all(r[11] for r in by_label.values())                     # a status on every row
    assert all(r[12] for r in by_label.values())                     # a means of verification on every row
    assert by_label["Enfants identifiés victimes de traite"][12] == \
        "Dossiers des cas : entretiens psychosociaux, fiches de prise en charge et de suivi"
    assert len(by_label) == 21
    for r in by_label.values():                                      # F + M + not recorded = the value
        if isinstance(r[6], int) and r[8] is not None and not r[2].endswith("(%)"):
            assert r[10] is not None and r[8] + r[9] + r[10] == r[6], r


def test_donor_workbook_has_a_column_per_project_year(ds):
    wb = load_workbook(io.BytesIO(exports.donor_workbook(ds.con, q.Filters(), q.FULL_SCOPE, "en", "Whole project",
                                                         synthetic=True)))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[4][6:10] == ("Value 2020", "Value 2021", "Value 2022", "Value (period total)")
    by_label = {r[2]: r for r in rows[5:] if r[2]}
    # fixture: peer educators trained 2 in 2020, 1 in 2021, none in 2022: 3 in all
    assert by_label["Peer educators trained (girls and boys aged 14–17)"][6:10] == (2, 1, 0, 3)
    # a view of 2021 only: one year column
    wb = load_workbook(io.BytesIO(exports.donor_workbook(
        ds.con, q.Filters(start=date(2021, 1, 1), end=date(2021, 12, 31)), q.FULL_SCOPE, "fr", "2021", synthetic=True)))
    assert list(wb.active.iter_rows(values_only=True))[4][6:8] == ("Valeur 2021", "Valeur (total de la période)")


def test_protected_logframe_hides_small_case_counts(ds):
    ind = q.indicators(ds.con, q.Filters(), q.Scope(min_cell=5, hide_no_consent=True))
    ws = load_workbook(io.BytesIO(exports.logframe_xlsx(ind, "fr", "x", synthetic=True))).active
    row = next(r for r in ws.iter_rows(values_only=True) if r[2] == "Enfants identifiés victimes de traite")
    # 4 cases with consent (C04 has none): hidden, and so are its girls, boys and sex not recorded; its share
    # of the target says it is masked, no cell left blank
    assert row[6] == "< 5" and row[7] == "masqué (< 5)" and row[8:11] == ("< 5", "< 5", "< 5")
    wb = load_workbook(io.BytesIO(exports.donor_workbook(ds.con, q.Filters(), q.Scope(min_cell=5, hide_no_consent=True),
                                                         "fr", "x", synthetic=True)))
    row = next(r for r in wb.active.iter_rows(values_only=True) if r[2] == "Enfants identifiés victimes de traite")
    assert row[6:10] == ("< 5", "< 5", "< 5", "< 5")                # every year too


@pytest.fixture(scope="module")
def report_file(ds, tmp_path_factory):
    doc = report.build_html(ds.con, q.Filters(), q.Scope(min_cell=5, hide_no_consent=True), "fr",
                            "Tout le projet", synthetic=True)
    path = tmp_path_factory.mktemp("report") / "rapport.html"
    path.write_text(doc, encoding="utf-8")
    return path


def test_report_is_self_contained(report_file):
    doc = report_file.read_text(encoding="utf-8")
    assert "Données fictives" in doc and "Cadre logique" in doc
    import re
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", doc)   # nothing loaded from elsewhere
    assert doc.count('class="plotly-graph-div"') >= 6


def test_report_opens_from_disk_offline_with_every_chart(report_file, browser):
    """`browser`: the session's chromium (tests/conftest.py); one playwright per test session."""
    if True:
        ctx = browser.new_context(offline=True, viewport={"width": 1280, "height": 720})
        page = ctx.new_page()
        asked = []
        page.on("request", lambda r: asked.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None)
        page.goto(report_file.as_uri())
        try:   # plotly draws every chart after load; on a busy machine that takes a while
            page.wait_for_function("() => { const d = [...document.querySelectorAll('.plotly-graph-div')];"
                                   " return d.length && d.every(x => x.querySelector('.main-svg')); }", timeout=60_000)
        except Exception:  # noqa: BLE001 - the assertions below say what is missing
            pass
        n_div = page.locator(".plotly-graph-div").count()
        drawn = page.evaluate("() => [...document.querySelectorAll('.plotly-graph-div')]"
                              ".filter(d => d.querySelector('.main-svg')).length")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "rapport_html.png"), full_page=True)
        ctx.close()
    assert n_div >= 6 and drawn == n_div
    assert asked == []


def test_report_pdf(report_file):
    need_browser()
    pdf = report.html_to_pdf(report_file.read_text(encoding="utf-8"))
    assert pdf[:5] == b"%PDF-" and len(pdf) > 20_000
    (ARTIFACTS / "rapport.pdf").write_bytes(pdf)


# ------------------------------------------------------------------ a refused export, the PDF's temporary files

REFUSAL = "Export refusé : votre session a expiré. Aucune donnée n'a été exportée (« rapport », 100 %)."


def test_a_refusal_is_a_file_of_the_asked_type_that_says_so():
    assert exports.refusal("csv", REFUSAL).decode("utf-8-sig").strip() == REFUSAL
    doc = exports.refusal("html", REFUSAL)
    assert doc.startswith("<!DOCTYPE html>") and "Export refusé : votre session a expiré" in doc
    assert "« rapport », 100 %" in doc
    ws = load_workbook(io.BytesIO(exports.refusal("xlsx", REFUSAL))).active
    assert (ws.title, ws["A1"].value, ws.max_row) == ("Export refusé", REFUSAL, 1)
    pdf = exports.refusal("pdf", REFUSAL)
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert b"(Export refus\xe9 : votre session a expir\xe9. Aucune donn\xe9e n'a \xe9t\xe9 export\xe9e" in pdf
    start = int(pdf.rsplit(b"startxref\n", 1)[1].split()[0])
    assert pdf[start:start + 4] == b"xref"                     # a cross-reference table where it says


def test_pdfs_printed_at_once_use_folders_of_their_own_and_leave_nothing(report_file, tmp_path, monkeypatch):
    """Two reports printed at the same time (two sessions): two PDFs, no temporary folder and no
    chromium process left behind."""
    need_browser()
    import tempfile
    from concurrent.futures import ThreadPoolExecutor
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    doc = report_file.read_text(encoding="utf-8")
    with ThreadPoolExecutor(2) as pool:
        pdfs = list(pool.map(report.html_to_pdf, [doc, doc]))
    assert all(p[:5] == b"%PDF-" and len(p) > 20_000 for p in pdfs)
    assert list(tmp_path.iterdir()) == []
    assert [p for p in Path("/proc").glob("[0-9]*/cmdline") if str(tmp_path).encode() in _cmdline(p)] == []


def _cmdline(p: Path) -> bytes:
    try:
        return p.read_bytes()
    except OSError:          # the process ended between the listing and the read: not one left behind
        return b""
