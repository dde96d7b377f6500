"""The PDF report reads like a report (issue 14, item 3): printed by chromium, its pages rendered to PNG with
poppler's pdftoppm (artifacts/screenshots/report/, to look at); every page carries the filters, the date and
« Page n / N »; the logframe is grouped by result, a result never split over two pages, labels not ids, a
status column; every chart within the page's width, its legend under the plot."""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

import queries as q
from browser import ARTIFACTS
from dashboard import fmt, report
from fixtures import write_fixture

pytestmark = pytest.mark.skipif(report.chromium() is None or shutil.which("pdftotext") is None,
                                reason="chromium or poppler-utils absent (scripts/install-test-deps.sh)")


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    d = tmp_path_factory.mktemp("report")
    ds = q.open_dataset(write_fixture(d / "data"))
    doc = report.build_html(ds.con, q.Filters(), q.FULL_SCOPE, "fr", "Tout le projet · Nouga et Kaniogo", True)
    path = d / "rapport.pdf"
    path.write_bytes(report.html_to_pdf(doc))
    return path, doc


def pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_every_page_has_the_filters_the_date_and_its_number(pdf):
    p = pages(pdf[0])
    n = len(p)
    assert n >= 6
    today = fmt.day(date.today(), "fr")
    for i, text in enumerate(p, start=1):
        assert "Tout le projet · Nouga et Kaniogo" in text and today in text, text[:300]
        assert f"Page {i} / {n}" in text
    out = ARTIFACTS / "report"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf[0]), str(out / "page")], check=True, timeout=120)
    assert len(list(out.glob("page-*.png"))) == n


def test_logframe_grouped_by_result_never_split_with_a_status_column(pdf):
    p = pages(pdf[0])
    doc = pdf[1]
    assert doc.count('<tbody class="group">') == 6 and "Statut</th>" in doc
    assert "pe_trained" not in doc and "children_life_skills" not in "".join(p)
    # each result's label and its last indicator on the same page
    groups = {"R1 — Les enfants sensibilisés": "Enfants sensibilisés réussissant le test",
              "R3 — Les enfants victimes sont pris en charge": "Enfants pris en charge retournés en famille",
              "R5 — Les communautés et les acteurs": "Acteurs institutionnels formés"}
    for head, last in groups.items():
        where = [i for i, text in enumerate(p) if head in text]
        assert where and last in re.sub(r"\s+", " ", p[where[0]]), head


def test_charts_at_the_page_width_with_their_legend_below(pdf):
    doc = pdf[1]
    charts = doc.count('<div class="chart">')
    assert charts >= 7 and doc.count(f'"width":{report.FIG_W}') >= charts and doc.count('"autosize":false') == charts
    assert '"legend":{"orientation":"h","x":0,"xanchor":"left","y":-0.1,"yanchor":"top"}' in doc.replace(" ", "")
