"""The overview's first screen (issue 14, item 7), in headless Chromium on the demo data (demo banner
shown: the tallest header): at 1280×720 and 1920×1080 the 8 key-indicator cards lie, whole, in the first
viewport, below the page header and above its bottom edge, in two rows of four; no value, share or status
cut; the sidebar's « Voir comme » shows its longest role (« Responsable des données (S&E ECPAT) ») whole.
Screenshots: artifacts/screenshots/premier_ecran_*.png."""
from __future__ import annotations

import pytest

from browser import ARTIFACTS, goto, new_page, page_state, rerun
from dashboard import fig_overview as fo
from dashboard.access import role_label

CARDS = """() => {
    const box = e => { const r = e.getBoundingClientRect();
                       return {x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.width),
                               bottom: Math.round(r.bottom), right: Math.round(r.right)}; };
    const heading = [...document.querySelectorAll('[data-testid="stHeading"]')]
        .find(h => h.getBoundingClientRect().height > 0 && h.closest('[data-testid="stMain"]'));
    const cut = e => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1;
    return {
        height: window.innerHeight,
        header: heading ? box(heading).bottom : null,
        scrolled: document.querySelector('[data-testid="stMain"]').scrollTop,
        cards: [...document.querySelectorAll('[class*="st-key-ov_card_"]')].map(c => ({
            key: [...c.classList].find(k => k.startsWith('st-key-ov_card_')).slice('st-key-ov_card_'.length),
            ...box(c),
            values: c.querySelectorAll('.kgValue').length,
            links: c.querySelectorAll('[data-testid="stPageLink"]').length,
            badge: !!c.querySelector('.kgPill'),
            // the value, then the pill with the link beside it (below it if the pill is long), the note last
            order: (() => { const r = q => { const e = c.querySelector(q); return e && e.getBoundingClientRect(); };
                            const v = r('.kgValue'), p = r('.kgPill'), n = r('.kgCardNote'),
                                  l = r('[data-testid="stPageLink"] a');
                            return !!(v && p && l && n) && p.top >= v.bottom - 1 && l.top >= p.top - 6
                                   && n.top >= Math.max(p.bottom, l.bottom) - 3; })(),
            caption: (c.querySelector('.kgCardNote') || {}).innerText || '',
            cut: [...c.querySelectorAll('.kgValue, .kgDelta, .kgPill, [data-testid="stPageLink"] p')]
                   .filter(cut).map(e => e.innerText),
            inside: [...c.querySelectorAll('[data-testid="stElementContainer"], .kgCardLabel, .kgCardValue, '
                                           + '.kgCardStatus, .kgCardNote')]
                   .every(e => { const r = e.getBoundingClientRect(), o = c.getBoundingClientRect();
                                 return r.height === 0 || (r.top >= o.top - 1 && r.bottom <= o.bottom + 1); }),
        })),
    };
}"""

VIEW_AS = """label => {
    const field = document.querySelector(`[data-testid="stSidebar"] [data-testid="stSelectbox"] input[aria-label="${label}"]`);
    return field && {text: field.value, cut: field.scrollWidth > field.clientWidth + 1,
                     width: [field.scrollWidth, field.clientWidth]};
}"""


@pytest.mark.parametrize("size,lang,role", [((1280, 720), "fr", "admin"), ((1280, 720), "en", "admin"),
                                           ((1920, 1080), "fr", "admin"), ((1280, 720), "fr", "partner")],
                         ids=["1280x720-fr", "1280x720-en", "1920x1080-fr", "1280x720-fr-partner"])
def test_every_key_card_on_the_first_screen(demo_server, browser, size, lang, role):
    """The partner's view has the longest status (« Sans cible à cette échelle ») and hidden values (« n < 5 »)."""
    ctx, page = new_page(browser, size, locale="fr-FR")
    try:
        goto(page, demo_server + f"/?lang={lang}")
        if role != "admin":
            page.locator('[data-testid="stSidebar"] input[aria-label="Voir comme"]').click()
            with rerun(page):
                page.get_by_role("option", name=role_label(role, lang), exact=True).click()
            assert "n < 5" in page.locator('[class*="st-key-ov_card_"]').all_inner_texts()[-1]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"premier_ecran_{size[0]}x{size[1]}_{lang}_{role}.png"))
        assert page_state(page)["exceptions"] == 0
        got = page.evaluate(CARDS)
        cards = got["cards"]
        assert [c["key"] for c in cards] == list(fo.KEY_INDICATORS)                        # all 8, in order
        assert got["scrolled"] == 0 and got["header"] is not None
        for c in cards:
            assert c["y"] >= got["header"], (c["key"], c["y"], got["header"])               # below the header
            assert c["bottom"] <= got["height"], (c["key"], c["bottom"], got["height"])     # within the screen
            assert (c["values"], c["links"], c["badge"], c["order"]) == (1, 1, True, True), c
            assert c["caption"] and c["cut"] == [] and c["inside"], c                    # nothing cut or spilled
        rows = sorted({c["y"] for c in cards})
        assert len(rows) == 2 and [sum(c["y"] == y for c in cards) for y in rows] == [4, 4]   # two rows of four
        assert len({c["x"] for c in cards}) == 4
        view_as = page.evaluate(VIEW_AS, "Voir comme" if lang == "fr" else "View as")
        assert view_as is not None
        assert view_as["text"] == role_label(role, lang) and not view_as["cut"], view_as
    finally:
        ctx.close()
