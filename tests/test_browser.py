"""Every page in headless Chromium at 1280×720 and 1920×1080, on the demo data, as a user opens it.

Asserts: no Streamlit exception or error box, every plotly chart drawn, no sideways
scrolling, the demo banner shown, no request leaving the machine; a deep link with
filters on a fresh server reopens the same view. Screenshots: artifacts/screenshots/.
"""
from __future__ import annotations

import pytest

from browser import ARTIFACTS, VIEWPORTS, goto, new_page, page_state, rerun, streamlit_server
from dashboard.sidebar import PAGES

PATHS = ["/"] + ["/" + p.split("/")[-1].split("_", 1)[1].removesuffix(".py") for p, *_ in PAGES[1:]]


def open_page(browser, url, size, outside):
    ctx, page = new_page(browser, size, outside, locale="fr-FR")
    goto(page, url)
    return ctx, page


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("path", PATHS)
def test_page_draws(demo_server, browser, path, size):
    outside: list[str] = []
    ctx, page = open_page(browser, demo_server + path, size, outside)
    try:
        st = page_state(page)
        name = (path.strip("/") or "vue_ensemble")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}_{size[0]}x{size[1]}.png"))
        page.screenshot(path=str(ARTIFACTS / f"{name}_{size[0]}x{size[1]}_full.png"), full_page=True)
        assert st["exceptions"] == 0, st["text"][:2000]
        assert st["errors"] == [], st["errors"]
        assert st["drawn"] == st["charts"], f"{st['charts'] - st['drawn']} graphique(s) non dessiné(s)"
        assert st["scrollWidth"] <= st["innerWidth"], "défilement horizontal"
        assert "données fictives" in st["text"].lower()
        assert outside == [], f"requêtes hors de la machine : {outside[:5]}"
    finally:
        ctx.close()


def test_overview_has_charts(demo_server, browser):
    outside: list[str] = []
    ctx, page = open_page(browser, demo_server + "/", VIEWPORTS[0], outside)
    try:
        assert page_state(page)["charts"] >= 1
    finally:
        ctx.close()


def test_deep_link_on_fresh_server(demo_dir, browser):
    """A shared link with filters opens the same view on a server that has just started."""
    with streamlit_server(demo_dir) as base:
        outside: list[str] = []
        ctx, page = open_page(browser, base + "/prise_en_charge?commune=KANIOGO&periode=2021&lang=en",
                              VIEWPORTS[0], outside)
        try:
            st = page_state(page)
            assert st["exceptions"] == 0
            assert "Kaniogo" in st["text"] and "Year 2021" in st["text"], st["text"][:800]
            assert "Case management" in st["text"]
            assert outside == []
            # moving to another page keeps the filters
            with rerun(page):
                page.locator("[data-testid='stSidebar'] a", has_text="Map").first.click()
            assert "commune=KANIOGO" in page.url and "periode=2021" in page.url, page.url
            assert "Year 2021" in page_state(page)["text"]
            page.screenshot(path=str(ARTIFACTS / "deep_link_carte_en.png"))
        finally:
            ctx.close()
