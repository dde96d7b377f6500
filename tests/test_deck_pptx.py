"""The committee's deck as an editable PowerPoint (issue 14): one slide per slide of the page, the same
titles and sentences, native tables and charts whose numbers are the query layer's, « données fictives »
on demo data, a refused export is a PowerPoint that says why; LibreOffice Impress opens it headless and
converts it to PDF (pages rendered to PNG in artifacts/pptx/ to look at)."""
from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from pptx import Presentation

import queries as q
from browser import ARTIFACTS
from dashboard import deck_pptx, exports, slides
from fixtures import write_fixture
from queries import budget


@pytest.fixture(scope="module")
def fixture_ds(tmp_path_factory):
    return q.open_dataset(write_fixture(tmp_path_factory.mktemp("deck") / "data"))


def _deck(ds, lang="fr", scope=q.FULL_SCOPE, can_budget=True):
    src = slides.Source(ds.con, q.Filters(), scope, lang, True, can_budget=can_budget)
    d = slides.deck(src)
    return d, Presentation(io.BytesIO(deck_pptx.pptx_bytes(d, lang, "Tout le projet", True)))


def _texts(slide) -> list[str]:
    return [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]


def test_one_slide_per_slide_with_the_same_titles_and_sentences(fixture_ds):
    d, prs = _deck(fixture_ds)
    assert len(prs.slides) == len(slides.SLIDES) == 8
    titles = [next(sh.text_frame.text for sh in s.shapes if sh.name == "Title") for s in prs.slides]
    assert titles == [s.title for s in d] == [
        "Où en est le projet : les 8 indicateurs clés", "Le cadre logique d'un coup d'œil",
        "Le parcours des enfants identifiés", "La sensibilisation, par sexe", "Où les enfants sont touchés",
        "Le budget face aux résultats", "Les partenaires côte à côte", "À décider"]
    for s, ps in zip(d, prs.slides):
        texts = _texts(ps)
        assert s.finding in texts and "DONNÉES FICTIVES" in texts
    assert "3 des 4 enfants pris en charge ont retrouvé leur famille." in _texts(prs.slides[2])


def test_numbers_equal_the_query_layer(fixture_ds):
    d, prs = _deck(fixture_ds)
    # key indicators: a native table, its values the overview's (fixture: 2 peer educators of 48, ...)
    table = next(sh.table for sh in prs.slides[0].shapes if sh.has_table)
    rows = {table.cell(i, 0).text: table.cell(i, 1).text for i in range(1, len(table.rows))}
    ind = q.indicators(fixture_ds.con).set_index("id")
    assert len(rows) == 8
    assert rows["Pairs éducateurs formés"] == str(int(ind.loc["pe_trained", "value"])) == "3"
    assert rows["Victimes présumées identifiées"] == str(int(ind.loc["cases_identified", "value"])) == "5"
    # the funnel and the budget: native charts, the same numbers as the slides'
    funnel = next(sh.chart for sh in prs.slides[2].shapes if sh.has_chart)
    f = q.case_funnel(fixture_ds.con).sort_values("stage_order")
    assert list(reversed(funnel.plots[0].series[0].values)) == [float(v) for v in f["n"]]
    chart = next(sh.chart for sh in prs.slides[5].shapes if sh.has_chart)
    s = budget.summary(fixture_ds.con)
    assert list(reversed(chart.plots[0].series[0].values)) == [
        float(round(s["spent_share"])), float(round(s["time_share"])), float(round(s["targets_share"]))] == [90, 36, 1]
    sens = next(sh.chart for sh in prs.slides[3].shapes if sh.has_chart)
    by = q.sensitisation(fixture_ds.con).groupby("sex_group")["n"].sum()
    assert {p.name: sum(p.values) for p in sens.plots[0].series} == {
        "Filles": by["girls"], "Garçons": by["boys"], "Femmes": by["women"], "Hommes": by["men"]}


def test_a_role_without_the_budget_gets_no_budget_numbers(fixture_ds):
    d, prs = _deck(fixture_ds, can_budget=False)
    assert not any(sh.has_chart for sh in prs.slides[5].shapes)
    assert "Le budget n'est pas montré à ce rôle." in _texts(prs.slides[5])
    assert not any("Ligne budgétaire" in x for x in d[7].table.iloc[:, 0])


def test_refused_export_is_a_powerpoint_saying_why():
    prs = Presentation(io.BytesIO(exports.refusal("pptx", "Export refusé : session terminée.")))
    assert [t for s in prs.slides for t in _texts(s)] == ["Export refusé : session terminée."]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice Impress absent (scripts/install-test-deps.sh)")
def test_libreoffice_opens_and_converts_it(fixture_ds, tmp_path):
    _, prs = _deck(fixture_ds, "en")
    src = tmp_path / "deck.pptx"
    prs.save(src)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], check=True, timeout=240, capture_output=True)
    pdf = tmp_path / "deck.pdf"
    assert pdf.is_file() and pdf.read_bytes()[:4] == b"%PDF"
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Pages:\s+8$", info, re.M), info
    if shutil.which("pdftoppm"):
        out = ARTIFACTS / "pptx"
        out.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(out / "slide")], check=True, timeout=120)
        assert len(list(out.glob("slide-*.png"))) == 8
