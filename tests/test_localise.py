"""Streamlit's own words in the user's language (issue 14, item 6): the file uploader and the page-not-found
box say French in French (CSS generated content, dashboard/localise.py), nothing is replaced in English, and
the sidebar's « Voir comme » shows its longest role whole at 1280×720."""
from __future__ import annotations

from browser import goto, new_page
from dashboard import localise


def test_french_words_in_place_of_streamlits_english():
    fr = localise.css("fr")
    assert fr.startswith("<style>") and fr.endswith("</style>")
    assert 'content: "T\\e9 l\\e9 verser"' in fr                 # « Téléverser », CSS-escaped
    assert 'content: "200 Mo par fichier \\2022  XLSX, CSV"' in fr
    assert 'content: "Page introuvable"' in fr
    en = localise.css("en")
    assert "content:" not in en and localise.VIEW_AS in en


def after(page, selector: str) -> str:
    return page.evaluate("s => getComputedStyle(document.querySelector(s), '::after').content", selector)


def test_uploader_not_found_box_and_view_as_in_the_browser(demo_server, browser):
    ctx, page = new_page(browser, (1280, 720))
    try:
        goto(page, demo_server + "/import")
        page.wait_for_selector("[data-testid='stFileUploaderDropzone'] button p")
        assert after(page, '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p') \
            == '"Téléverser"'
        assert after(page, '[data-testid="stFileUploaderDropzoneInstructions"] span') == '"200 Mo par fichier • XLSX, CSV"'
        box = page.eval_on_selector(".st-key-w_view_as input", "e => [e.value, e.scrollWidth, e.clientWidth]")
        assert box[0] == "Responsable des données (S&E ECPAT)" and box[1] <= box[2], box
        goto(page, demo_server + "/pas_de_page")
        page.wait_for_selector("section[role='dialog'] > h2")
        assert after(page, 'section[role="dialog"] > h2') == '"Page introuvable"'
        goto(page, demo_server + "/import?lang=en")
        page.wait_for_selector("[data-testid='stFileUploaderDropzone'] button p")
        assert after(page, '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p') \
            == "none"
    finally:
        ctx.close()
