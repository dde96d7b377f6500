"""A partner in a real browser (issue 6): sign in as CASE SAHEL (Nouga) on REAL extracts and look at
every page at 1280×720.

The server runs on the demo generator's data relabelled as real (``"synthetic": false``): Kaniogo
and the other partners have plenty of activities and cases there, so that « Kaniogo does not show »
means something, and CASE SAHEL has 6 cases at Kokoyo, so that « < 5 » shows. The users file holds a
partner account and an admin account (bcrypt). Asserted on every page: no exception, no error box,
every chart drawn, no case code, the sidebar offers only Nouga / CASE SAHEL and no owner-only page.
Then a crafted link (?commune=KANIOGO&partenaire=ENDA_MALI) is opened and signed into: the map shows
exactly what it showed without it. Screenshots: artifacts/screenshots/partner_*.png.
"""
from __future__ import annotations

import json
import re

import pytest

from browser import (ARTIFACTS, TIMEOUT_MS, goto, need_browser, new_page, page_state, quiet, rerun, scroll_main,
                     streamlit_server)
from dashboard import auth

PASSWORD = "motdepasse-solide-2024"
PARTNER, ADMIN = "case.sahel", "awa.admin"
CASE_CODE = re.compile(r"\bC0\d\b|\b[A-Z]{3}-20\d\d-\d{4}\b")
SIZE = (1280, 720)
# sidebar label → screenshot name; « Présentation » last: it hides the sidebar (its own exit link)
PAGES = [("Vue d'ensemble", "vue_ensemble"), ("Sensibilisation", "sensibilisation"),
         ("Prise en charge", "prise_en_charge"), ("Carte", "carte"), ("Renforcement et plaidoyer", "renforcement"),
         ("Qualité des données", "qualite"), ("Présentation", "presentation")]
KANIOGO_PLACES = ("Koflatié", "Sombo", "Tégué")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    need_browser()
    import demo
    root = tmp_path_factory.mktemp("roles_browser")
    data = root / "data"
    demo.generate(data)
    meta = json.loads((data / "_dataset.json").read_text())
    meta["synthetic"] = False
    (data / "_dataset.json").write_text(json.dumps(meta))
    users = root / "users.json"
    auth.add_user(PARTNER, PASSWORD, "partner", "CASE_SAHEL", ["NOUGA"], path=users)
    auth.add_user(ADMIN, PASSWORD, "admin", path=users)
    return {"KANGABA_DATA": str(data), "KANGABA_USERS": str(users), "KANGABA_AUDIT": str(root / "audit.jsonl")}


@pytest.fixture(scope="module")
def server(files):
    with streamlit_server(__import__("pathlib").Path(files["KANGABA_DATA"]), extra_env=files, demo=False) as base:
        yield base


@pytest.fixture(autouse=True)
def env(monkeypatch, files):
    for k, v in files.items():
        monkeypatch.setenv(k, v)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"partner_{name}.png"))


def sign_in(page, login: str = PARTNER) -> None:
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    with rerun(page):
        page.get_by_role("button", name="Se connecter").click()


def open_signed_in(browser, url: str, outside: list, before=None):
    ctx, page = new_page(browser, SIZE, outside, locale="fr-FR")
    goto(page, url)
    if before:
        before(page)
    sign_in(page)
    return ctx, page


def options(page, label: str) -> list[str]:
    """The choices a sidebar multiselect offers (its list opened, read, closed). Opened on a settled
    page only (a script run that redraws the sidebar closes the list as it opens), and from its own
    text box: a click on the arrow while the box has no focus may leave the list closed."""
    from playwright.sync_api import expect
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(has_text=label)
    combo = box.get_by_role("combobox")
    opts = page.locator("[role='listbox'] [role='option']:visible")
    quiet(page)
    combo.focus()
    expect(combo).to_be_focused(timeout=TIMEOUT_MS)
    box.locator("button[aria-haspopup='listbox']").click()
    expect(combo).to_have_attribute("aria-expanded", "true", timeout=TIMEOUT_MS)
    opts.first.wait_for(timeout=TIMEOUT_MS)
    texts = opts.all_inner_texts()
    page.keyboard.press("Escape")
    opts.first.wait_for(state="detached", timeout=TIMEOUT_MS)
    return [t.strip() for t in texts]


def chart_data(page) -> str:
    """The data of every plotly chart on the page (traces' text and hover), as the browser holds it."""
    return page.evaluate("""() => JSON.stringify([...document.querySelectorAll('.js-plotly-plot')]
        .map(p => (p.data || []).map(t => [t.name, t.text, t.customdata, t.hovertext, t.x, t.y, t.z])))""")


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def test_partner_sees_only_nouga_and_case_sahel_in_the_browser(server, browser):
    outside: list[str] = []
    ctx, page = open_signed_in(browser, server + "/", outside,
                               before=lambda p: (shot(p, "00_connexion"),
                                                 page_text_is_form_only(p)))
    try:
        st = page_state(page)
        assert f"Connecté : {PARTNER} — Partenaire" in st["text"]
        assert options(page, "Communes") == ["Nouga"]
        assert options(page, "Partenaire") == ["CASE SAHEL"]
        sidebar = page.locator("[data-testid='stSidebar']").inner_text()
        assert "Importer des données" not in sidebar and "Journal" not in sidebar
        seen = {}
        for label, name in PAGES:
            if name != "vue_ensemble":
                # the new page's own mark also counts as its run: a run quick enough that the app never
                # showed itself running is not seen by the run counter (once, on « Présentation »)
                until = ("[...document.querySelectorAll('[data-testid=\"stPageLink\"]')].some(a => a.innerText.includes('Quitter'))"
                         if name == "presentation" else
                         f"[...document.querySelectorAll('h1')].some(h => h.innerText.includes({json.dumps(label)}))")
                with rerun(page, until=until):
                    page.locator("[data-testid='stSidebar'] a").filter(has_text=label).first.click()
                if name != "presentation":
                    page.locator("h1").filter(has_text=label).wait_for(timeout=TIMEOUT_MS)
            st = page_state(page)
            shot(page, name)
            if name == "prise_en_charge":         # further down: the breakdowns, the follow-up count
                for i in (2, 3, 4):
                    scroll_main(page, 650)
                    shot(page, f"{name}_{i}")
            assert st["exceptions"] == 0, (name, st["text"][:1500])
            assert st["errors"] == [], (name, st["errors"])
            assert st["drawn"] == st["charts"], (name, st["charts"] - st["drawn"])
            assert st["scrollWidth"] <= st["innerWidth"], name
            assert not CASE_CODE.search(st["text"] + chart_data(page)), name
            if name != "presentation":
                assert "Nouga · CASE SAHEL" in st["text"], name
            seen[name] = (main_text(page), chart_data(page))
        assert "<\u00a05" in seen["prise_en_charge"][0] or "< 5" in seen["prise_en_charge"][0]
        figure = r"</b><br>[^<\"]*: \d"     # « <b>Kokoyo</b><br>Enfants touchés : 592 » in a hover
        assert re.search("Kokoyo" + figure, seen["carte"][1])
        for place in KANIOGO_PLACES:     # drawn on the map as places, never with a figure
            assert not re.search(re.escape(place) + figure, seen["carte"][1]), place
        assert outside == [], outside[:5]
    finally:
        ctx.close()

    # a crafted link that asks for Kaniogo and another partner, opened and signed into
    outside = []
    ctx, page = open_signed_in(browser, server + "/carte?commune=KANIOGO&partenaire=ENDA_MALI", outside)
    try:
        n_charts = len(json.loads(seen["carte"][1]))
        page.wait_for_function("n => document.querySelectorAll('.js-plotly-plot').length >= n", arg=n_charts,
                               timeout=TIMEOUT_MS)
        quiet(page)
        st = page_state(page)
        shot(page, "carte_url_kaniogo")
        assert st["exceptions"] == 0 and st["errors"] == [], st["errors"]
        assert "Nouga · CASE SAHEL" in st["text"] and "Kaniogo ·" not in st["text"]
        assert (main_text(page), chart_data(page)) == seen["carte"]
        assert options(page, "Communes") == ["Nouga"]
    finally:
        ctx.close()


def page_text_is_form_only(page) -> None:
    """Before signing in: the sign-in form and the reason, no figure, no chart, no filter."""
    st = page_state(page)
    assert "connectez-vous pour les consulter" in st["text"]
    assert st["charts"] == 0 and st["exceptions"] == 0
    assert page.locator("[data-testid='stMetric'], .kgCard, [data-testid='stTable'], [data-testid='kgTable'], [data-testid='stDataFrame']").count() == 0
    assert page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").count() == 0
