"""dashboard/preload.py in chromium: Streamlit's lazily loaded code (MODULES) is asked for by the page's own
script (the chart code once Streamlit's own code has come and before the page's title, the rest once the
server runs the page's script), from this server only; the overview is drawn as without it (charts drawn,
no error)."""
from __future__ import annotations

from browser import TIMEOUT_MS, goto, new_page

from dashboard import preload

# When the app's script state first became "running" and when the page's title was first shown, on the
# page's own clock.
RUNNING_AT = """(() => {
    new MutationObserver((m, o) => {
        if (window.__kangabaRunningAt === undefined && document.querySelector('[data-test-script-state="running"]'))
            window.__kangabaRunningAt = performance.now();
        if (window.__kangabaTitleAt === undefined && document.querySelector('h1'))
            window.__kangabaTitleAt = performance.now();
        if (window.__kangabaTitleAt !== undefined && window.__kangabaRunningAt !== undefined) o.disconnect();
    }).observe(document, {subtree: true, childList: true, attributes: true});
})()"""


def test_lazy_code_is_asked_for_once_the_script_runs(demo_server, browser):
    fetch, run = preload.modules()
    outside: list[str] = []
    ctx, page = new_page(browser, outside=outside)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        ctx.add_init_script(RUNNING_AT)
        goto(page, demo_server + "/")
        page.wait_for_function("() => window.__kangabaTitleAt !== undefined", timeout=TIMEOUT_MS)
        asked = page.evaluate("""() => performance.getEntriesByType('resource')
            .filter(e => e.name.includes('/static/js/')).map(e => [e.name.split('/').pop(), e.startTime, e.responseEnd])""")
        running_at, title_at = page.evaluate("() => [window.__kangabaRunningAt, window.__kangabaTitleAt]")
        started = {name: t for name, t, _ in asked}
        # every part of MODULES and every file the script names was fetched
        assert set(run) <= set(started) and set(fetch) <= set(started), sorted(set(fetch + run) - set(started))
        # the chart code once Streamlit's own code had come (not in competition with it), before the page's
        # first element (Streamlit alone asks for it when the chart arrives, after the title and the cards)
        chart = preload.chart_modules()[0]
        own = max(end for name, _, end in asked if name.startswith("index."))
        assert own <= started[chart] < title_at, (own, started[chart], title_at)
        # the other parts once the page's script ran on the server
        early = {n: round(started[n] - running_at) for n in run if n != chart and started[n] < running_at}
        assert not early, early
        assert page.locator('[data-testid="stPlotlyChart"] .main-svg').count() >= 1
        assert page.locator('[data-testid="stException"]').count() == 0
        assert outside == [] and errors == [], (outside, errors)
    finally:
        ctx.close()
