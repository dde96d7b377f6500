"""The steering committee's presentation and the language switch, as a projector shows them.

Browser (chromium): every slide at 1280×720 and 1920×1080 fits the window (the page does not
scroll), body text is at least 24 px at 1280 wide and no text at all (chart ticks and value labels
included, measured in the browser) under 20 px, the content reaches down the window (no empty half at
1920), the map's names are there when the map slide is first drawn, ← → change slides, the slide says
« données fictives », no request leaves the machine. AppTest: findings state the query
layer's numbers. Screenshots of every slide: artifacts/screenshots/slides/.
"""
from __future__ import annotations

import html

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import queries as q
from browser import ARTIFACTS, VIEWPORTS, goto, new_page, rerun
from dashboard import findings, palette, slides
from queries import budget
from fixtures import write_fixture

N = len(slides.SLIDES)


# ----------------------------------------------------------------- AppTest

@pytest.fixture
def fixture_app(tmp_path, monkeypatch):
    d = write_fixture(tmp_path / "data")
    monkeypatch.setenv("KANGABA_DATA", str(d))
    monkeypatch.setenv("KANGABA_USERS", str(tmp_path / "users.json"))
    monkeypatch.setenv("KANGABA_AUDIT", str(tmp_path / "audit.jsonl"))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield q.open_dataset(d)
    st.cache_data.clear()
    st.cache_resource.clear()


def run_slide(n: int, view_as: str | None = None, **params) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=180)
    if view_as:
        at.session_state["_view_as"] = view_as
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.query_params["diapo"] = str(n)
    at.switch_page("pages/8_presentation.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def html_text(at) -> str:
    return " ".join(str(h.proto.body) for h in at.get("html"))


def test_funnel_slide_states_the_query_layer_numbers(fixture_app):
    # fixture: 4 cases in care, 3 of them returned (C01, C02, C05) -> returned_rate 75 %
    at = run_slide(3)
    assert "3 des 4 enfants pris en charge ont retrouvé leur famille." in html_text(at)
    ind = q.indicators(fixture_app.con)
    assert findings.returned(ind, "fr") == "3 des 4 enfants pris en charge ont retrouvé leur famille."
    assert "DONNÉES FICTIVES" in html_text(at)


def test_slides_follow_the_filters_and_language(fixture_app):
    at = run_slide(1, commune="KANIOGO", lang="en")
    text = html.unescape(html_text(at))
    assert "Where the project stands: the 8 key indicators" in text and "Kaniogo" in text
    # Kaniogo: children K4 only -> 1 child; cases C03, C04 -> 2 identified; every key indicator below target
    assert "8 of the 8 key indicators are behind or below target: Peer educators trained, Children strengthened" in text
    assert '<div class="v">2</div><div class="l">Presumed victims identified</div>' in text
    assert '<div class="v">1</div><div class="l">Children strengthened</div>' in text


def test_key_slide_has_every_key_card_late_first_with_its_status_colour(fixture_app):
    src = slides.Source(fixture_app.con, q.Filters(), q.FULL_SCOPE, "fr", True)
    s = slides.build("key", src)
    assert list(s.table["Indicateur"]) == ["Pairs éducateurs formés", "Enfants renforcés", "Focus groups animés",
                                           "Victimes présumées identifiées", "Retour en famille (%)",
                                           "Réinsertion (%)", "Sensibilisés (causeries)", "Touchés par les CCPE"]
    assert s.colors == [palette.STATUS_COLORS["not_met"]] * 8
    assert s.html.count('class="sl-tile"') == 8 and s.html.count("Non atteint") == 8


def test_protected_roles_never_get_small_case_counts_on_slides(fixture_app):
    at = run_slide(3, view_as="committee")
    text = html_text(at)
    assert "Trop peu de cas" in text  # 4 consenting cases: no rate, no count
    at = run_slide(8, view_as="committee")
    text = html_text(at)
    assert "C0" not in text           # stalled cases are counted, never listed


def test_decide_slide_lists_what_the_committee_settles(fixture_app):
    """Fixture, whole project: 19 indicators below target, 3 cases stalled 90 days, the three partners silent
    (the data's last day is 245, 518 and 123 days after their last activity), the « Personnel » line 90 %
    spent for 36 % of the time: 24 points."""
    text = html.unescape(html_text(run_slide(8)))
    assert "24 points à trancher par le comité." in text
    assert "19 indicateurs en retard ou sous la cible (part de la cible) : " in text
    assert "Victimes réinsérées (3\u00a0%), Réinsertion (%) (50\u00a0%)" in text     # 2 / 80, 1 of 2
    assert "3 cas sans nouvelle étape depuis 90 jours" in text
    assert "Partenaire silencieux — CASE SAHEL : aucune activité depuis 518 jours" in text
    assert "Ligne budgétaire en avance — Personnel : 90\u00a0% dépensé pour 36\u00a0% du temps" in text


def test_budget_and_partner_slides_state_their_numbers(fixture_app):
    src = slides.Source(fixture_app.con, q.Filters(), q.FULL_SCOPE, "fr", True)
    b = slides.build("budget", src)
    summary = budget.summary(fixture_app.con)
    assert b.chart["series"][0][1] == [round(summary["spent_share"]), round(summary["time_share"]),
                                       round(summary["targets_share"])] == [90, 36, 1]
    assert b.finding == "90\u00a0% du budget dépensé pour 36\u00a0% du temps écoulé ; cibles atteintes à 1\u00a0% en moyenne."
    p = slides.build("partners", src)
    assert p.finding == "ACESEM est le plus avancé (92\u00a0% de ses cibles en moyenne), ENDA MALI/RAO le moins (0\u00a0%)."
    assert p.chart["categories"] == ["Retour en famille (%)", "Réinsertion (%)"]
    assert [(n, v) for n, v, _ in p.chart["series"]] == [("ACESEM", [100, 83]), ("ENDA MALI/RAO", [0, 0])]
    # a role without the budget right: no budget numbers on its slides
    src.can_budget = False
    assert slides.build("budget", src).fig is None and slides.budget_numbers(src) is None


def test_key_slide_says_what_protected_totals_leave_out(fixture_app):
    # committee: C04 has no consent -> left out, said as a band (1 case: « < 5 »); the owner is told it is in
    committee = html.unescape(html_text(run_slide(1, view_as="committee")))
    assert "Cas non affichés faute de consentement : <\u00a05." in committee
    assert "Cas sans consentement à la diffusion dans cette cohorte : 1." in html.unescape(html_text(run_slide(1)))


def test_every_slide_runs(fixture_app):
    for n in range(1, N + 1):
        at = run_slide(n)
        assert f"{n} / {N}" in " ".join(m.value for m in at.markdown)


# ------------------------------------------------------------------ browser

SMALLEST = """
    function smallest(root) {           // every visible text node, HTML and plotly's SVG (scaled to the screen)
        let min = 1e9, where = '';
        const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        while (w.nextNode()) {
            const n = w.currentNode, el = n.parentElement;
            if (!n.textContent.trim() || !el) continue;
            const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
            if (!r.width || !r.height || cs.visibility === 'hidden' || cs.display === 'none') continue;
            let fs = parseFloat(cs.fontSize);
            if (el instanceof SVGElement && el.getScreenCTM()) fs *= Math.hypot(el.getScreenCTM().a, el.getScreenCTM().b);
            if (fs < min) { min = fs; where = n.textContent.trim().slice(0, 40); }
        }
        return {smallest: min, smallest_text: where};
    }
    function filled() {                 // how far down the window the slide's content reaches
        const b = document.querySelector('.st-key-slide_body');
        if (!b) return 0;
        let bottom = 0;
        for (const el of b.querySelectorAll('.sl-tile, .sl-lf p, .sl-keyline, li, svg.main-svg')) {
            bottom = Math.max(bottom, el.getBoundingClientRect().bottom);
        }
        return bottom / innerHeight;
    }
"""


def measure(page) -> dict:
    return page.evaluate("""() => {""" + SMALLEST + """
        const main = document.querySelector('[data-testid="stMain"]');
        const px = s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize);
        return {scroll: main.scrollHeight, client: main.clientHeight, doc: document.documentElement.scrollHeight,
                inner: innerHeight, width: document.documentElement.scrollWidth, innerW: innerWidth,
                finding: px('.sl-finding'), context: px('.sl-context'), body: px('html'),
                ...smallest(main), filled: filled(),
                exceptions: document.querySelectorAll('[data-testid="stException"]').length,
                svg: [...document.querySelectorAll('.st-key-slide_body svg text')].map(e => e.textContent).join(' '),
                text: document.body.innerText};
    }""")


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_slides_fit_the_projector(demo_server, browser, size):
    outside: list[str] = []
    ctx, page = new_page(browser, size, outside)
    out = ARTIFACTS / "slides"
    out.mkdir(parents=True, exist_ok=True)
    try:
        goto(page, demo_server + "/presentation?diapo=1")
        for n in range(1, N + 1):
            m = measure(page)
            page.screenshot(path=str(out / f"diapo_{n}_{size[0]}x{size[1]}.png"))
            assert m["exceptions"] == 0, m["text"][:500]
            assert f"{n} / {N}" in m["text"], f"slide {n} expected: keyboard navigation"
            assert m["scroll"] <= m["client"] and m["doc"] <= m["inner"], f"slide {n} scrolls: {m}"
            assert m["width"] <= m["innerW"], f"slide {n} scrolls sideways"
            assert min(m["finding"], m["body"]) >= 24, f"text under 24 px on slide {n}: {m}"
            assert m["smallest"] >= 20, f"slide {n}: « {m['smallest_text']} » is {m['smallest']} px"
            if slides.SLIDES[n - 1] != "decide":
                assert m["filled"] >= 0.75, f"slide {n}: its content ends at {m['filled']:.0%} of the window"
            if slides.SLIDES[n - 1] == "map":       # the names are drawn with the map, on its first drawing
                assert "Kokoyo" in m["svg"] and "Koflatié" in m["svg"], m["svg"][:300]
            assert "DONNÉES FICTIVES" in m["text"]
            if n < N:
                with rerun(page, until=f"document.body.innerText.includes('{n + 1} / {N}')"):
                    page.keyboard.press("ArrowRight")
        with rerun(page, until=f"document.body.innerText.includes('{N - 1} / {N}')"):
            page.keyboard.press("ArrowLeft")
        assert f"{N - 1} / {N}" in measure(page)["text"]
        assert "diapo=" in page.url
        assert outside == [], outside[:5]
    finally:
        ctx.close()


def test_language_switch_survives_reload(demo_server, browser):
    ctx, page = new_page(browser, (1280, 720))
    try:
        goto(page, demo_server + "/?commune=NOUGA")
        assert "Vue d'ensemble" in page.inner_text("body")
        with rerun(page):
            page.locator("[data-testid='stSidebar'] button", has_text="English").first.click()
        body = page.inner_text("body")
        assert "Overview" in body and "Fictitious demo data" in body
        assert "lang=en" in page.url and "commune=NOUGA" in page.url
        with rerun(page):
            page.reload()
        body = page.inner_text("body")
        assert "Overview" in body and "Vue d'ensemble" not in body
        with rerun(page):
            page.locator("[data-testid='stSidebar'] a", has_text="Awareness").first.click()
        assert "lang=en" in page.url and "Awareness" in page.inner_text("body")
    finally:
        ctx.close()
