"""serve.py, the README's server command: the same dashboard as `streamlit run app.py`, which warms
itself up when it starts (dashboard/warmup.py: one view of the overview and of the cases page).

No chromium needed: the server is asked for pages over HTTP and Streamlit's websocket only.
"""
from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
import urllib.request
from pathlib import Path

from browser import streamlit_server

from dashboard import warmup

DONE = "préchauffage terminé"


def log_of(data_dir: Path, base: str) -> Path:
    return data_dir.parent / f"streamlit-{base.rsplit(':', 1)[1]}.log"


def wait_for(path: Path, text: str, timeout: float = 120) -> str:
    end = time.time() + timeout
    while time.time() < end:
        log = path.read_text(errors="replace")
        if text in log:
            return log
        time.sleep(0.5)
    return path.read_text(errors="replace")


def test_server_warms_itself_up_then_serves_the_pages(demo_dir):
    with streamlit_server(demo_dir) as base:
        log = wait_for(log_of(demo_dir, base), DONE)
        assert DONE in log, log[-2000:]
        assert "préchauffage :" not in log and "Traceback" not in log, log[-2000:]
        with urllib.request.urlopen(base + "/", timeout=30) as r:       # the app's own page, as before
            assert r.status == 200 and b"<div id=\"root\">" in r.read()
        # every page of the navigation answers through the websocket without an error
        for page in ("", "sensibilisation", "prise_en_charge", "carte", "renforcement", "qualite", "presentation"):
            assert view(base, page) == [], page


def view(base: str, page: str) -> list[str]:
    """One view over the websocket, in a thread of its own: the session's playwright may already run
    an event loop in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, warmup.ws_view(base, page, {"lang": "en"}, "", 120)).result()


def test_warm_up_can_be_turned_off(demo_dir):
    with streamlit_server(demo_dir, extra_env={"KANGABA_WARMUP": "0"}) as base:
        time.sleep(5)
        assert "préchauffage" not in log_of(demo_dir, base).read_text(errors="replace")
