"""(c) From `streamlit run serve.py` (the README's command) to the overview fully drawn in headless chromium, and
(d) the peak resident memory of the server (VmHWM of the process and its children, /proc).

The browser is started first (its own start is not counted); the clock starts when the server
process is spawned; the page is opened as soon as /_stcore/health answers; it is drawn when the
script state is notRunning, there is no skeleton, there is at least one plotly chart and every
one has its `.main-svg`. The same server then takes the load test (load.py) so the peak memory
covers start-up and load.
"""
from __future__ import annotations

import time
from contextlib import ExitStack
from pathlib import Path

from . import load as load_mod
from .common import CHROMIUM, CHROMIUM_ARGS, REPO, cpu_seconds, log_errors, peak_rss_mb, rss_mb, streamlit_server, wait_healthy

DRAWN_JS = """() => !!document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    && !!document.querySelector('h1')
    && !document.querySelector('[data-testid="stSkeleton"]')
    && document.querySelectorAll('[data-testid="stPlotlyChart"]').length > 0
    && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg'))"""


def first_overview(browser, base: str, proc, started: float, shot: Path | None = None, timeout: float = 120) -> dict:
    """Seconds from spawning the server to its health answer and to the overview drawn."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        wait_healthy(base, proc, timeout=timeout)
        health_at = time.perf_counter() - started
        page.goto(base + "/", timeout=timeout * 1000)
        page.wait_for_function(DRAWN_JS, timeout=timeout * 1000, polling=50)
        drawn_at = time.perf_counter() - started
        charts = page.locator('[data-testid="stPlotlyChart"]').count()
        exceptions = page.locator('[data-testid="stException"]').count()
        if shot:
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=False)
    finally:
        page.close()
    return dict(health_s=health_at, overview_s=drawn_at, charts=charts, exceptions=exceptions)


def run(data_dir: Path, load: dict | None = None, shot: Path | None = None) -> dict:
    """Start a server on data_dir; time the first overview; optionally run the load on it; peak RSS.

    `load`: keyword arguments of load.run (sessions, seconds, clients, think), or None for no load."""
    from playwright.sync_api import sync_playwright
    res: dict = {}
    with ExitStack() as stack:
        pw = sync_playwright().start()
        try:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            browser.new_page().close()        # the browser is up and warm before the clock starts
            base, proc, started = stack.enter_context(streamlit_server(data_dir))
            res.update(first_overview(browser, base, proc, started, shot))
        except Exception as e:  # noqa: BLE001
            res["error"] = f"{type(e).__name__}: {str(e).splitlines()[0][:200]}"
            return res
        finally:
            pw.stop()                          # closes the browser: it takes no CPU during the load
        res["rss_after_overview_mb"] = peak_rss_mb([proc.pid])
        if load:
            c0 = cpu_seconds([proc.pid])
            res["load"] = load_mod.run(base, **load)
            res["load"]["server_cpu_s"] = cpu_seconds([proc.pid]) - c0
        res["peak_rss_mb"] = peak_rss_mb([proc.pid])
        res["rss_end_mb"] = rss_mb([proc.pid])
        res["log_errors"] = log_errors(proc.log_path.read_text(errors="replace"))
    return res


if __name__ == "__main__":
    import json
    import sys
    print(json.dumps(run(Path(sys.argv[1]), shot=REPO / "artifacts" / "bench" / "overview.png"), indent=2))
