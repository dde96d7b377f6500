"""Helpers for the browser tests: a real Streamlit server and Debian's chromium via playwright.

Screenshots are kept under artifacts/screenshots/ (git-ignored) for people to look at.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
VIEWPORTS = [(1280, 720), (1920, 1080)]


def need_browser():
    """Skip where there is no chromium, except in CI (REQUIRE_BROWSER=1) where that is a failure."""
    have = Path(CHROMIUM).exists()
    try:
        import playwright  # noqa: F401
    except ImportError:
        have = False
    if not have:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("chromium ou playwright manquant : lancez scripts/install-test-deps.sh")
        pytest.skip("chromium ou playwright manquant")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(data_dir: Path, extra_env: dict | None = None, timeout: float = 90):
    port = free_port()
    env = {**os.environ, "KANGABA_DATA": str(data_dir), **(extra_env or {})}
    log = open(data_dir.parent / f"streamlit-{port}.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        t0 = time.time()
        while True:
            try:
                if urllib.request.urlopen(base + "/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.time() - t0 > timeout:
                raise RuntimeError("le serveur Streamlit n'a pas démarré : " + (data_dir.parent / f"streamlit-{port}.log").read_text()[-2000:])
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def is_local(url: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    return urlparse(url).hostname in ("127.0.0.1", "localhost", "::1", None)


def settle(page, timeout=90_000):
    """Wait until the script has finished, nothing is stale and every plotly chart has drawn."""
    page.wait_for_timeout(300)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached", timeout=timeout)
    page.wait_for_function("""() => !document.querySelector('[data-testid="stSkeleton"]')
        && !document.querySelector('[data-stale="true"]')
        && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
               .every(c => c.querySelector('.main-svg, canvas'))""", timeout=timeout)
    page.wait_for_timeout(800)


def page_state(page) -> dict:
    return page.evaluate("""() => ({
        charts: document.querySelectorAll('[data-testid="stPlotlyChart"]').length,
        drawn: [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                 .filter(c => c.querySelector('.main-svg, canvas')).length,
        exceptions: document.querySelectorAll('[data-testid="stException"]').length,
        errors: [...document.querySelectorAll('[data-testid="stAlertContentError"]')].map(e => e.innerText),
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        text: document.body.innerText,
    })""")
