"""serve.py, the README's server command: the same dashboard as `streamlit run app.py`, which warms
itself up when it starts (dashboard/warmup.py: one view of the overview and of the cases page).

No chromium needed: the server is asked for pages over HTTP and Streamlit's websocket only.
"""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
import urllib.request

from browser import TIMEOUT_S, server_log, streamlit_server, wait_for_log

from dashboard import preload, warmup

DONE = "préchauffage terminé"
PAGES = ("", "sensibilisation", "prise_en_charge", "carte", "renforcement", "qualite", "presentation")


def test_server_warms_itself_up_then_serves_the_pages(demo_dir):
    with streamlit_server(demo_dir) as base:
        log = wait_for_log(server_log(demo_dir, base), DONE)
        assert "préchauffage :" not in log and "Traceback" not in log, log[-2000:]
        with urllib.request.urlopen(base + "/", timeout=TIMEOUT_S) as r:       # the app's own page, as before
            html = r.read()
            assert r.status == 200 and b"<div id=\"root\">" in html
            assert int(r.headers["Content-Length"]) == len(html)
        # with the hint that fetches the chart code at once (dashboard/preload.py); the file it names is served
        names = preload.chart_modules()
        assert len(names) == 1 and html.count(preload.hint(names)) == 1
        with urllib.request.urlopen(f"{base}/static/js/{names[0]}", timeout=TIMEOUT_S) as r:
            assert r.status == 200 and len(r.read()) > 1_000_000
        with urllib.request.urlopen(base + "/prise_en_charge", timeout=TIMEOUT_S) as r:   # every page's HTML
            assert preload.hint(names) in r.read()
        # every page of the navigation answers through the websocket without an error
        for page in PAGES:
            assert view(base, page) == [], page


def view(base: str, page: str) -> list[str]:
    """One view over the websocket, in a thread of its own: the session's playwright may already run
    an event loop in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, warmup.ws_view(base, page, {"lang": "en"}, "", TIMEOUT_S)).result()


def test_warm_up_can_be_turned_off(demo_dir):
    """The server says at start that its warm-up is off (a state to wait for); after every page of the
    navigation has been served to a visitor, no warm-up has run."""
    with streamlit_server(demo_dir, extra_env={"KANGABA_WARMUP": "0"}) as base:
        wait_for_log(server_log(demo_dir, base), "préchauffage désactivé")
        for page in PAGES:
            assert view(base, page) == [], page
        log = server_log(demo_dir, base).read_text(errors="replace")
        assert DONE not in log and "préchauffage :" not in log and "préchauffage abandonné" not in log


def test_preload_hint_goes_before_the_head_end_once():
    page = b"<html><head><title>x</title></head><body></head></body></html>"
    tag = preload.hint(["PlotlyChart.ab12.js"])
    assert tag == b'<link rel="modulepreload" href="./static/js/PlotlyChart.ab12.js">'
    assert preload.add_hint(page, tag) == (b"<html><head><title>x</title>" + tag + b"</head><body></head></body></html>")
    assert preload.add_hint(b"<p>no head</p>", tag) == b"<p>no head</p>"
    assert preload.add_hint(page, b"") == page
