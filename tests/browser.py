"""Helpers for the browser tests: a real Streamlit server and Debian's chromium via playwright.

Every wait here waits for a state, never for a fixed time; the timeouts are upper bounds for a busy
machine (issue 18), not expectations. A page opened with new_page() counts the script runs it sees
finish (Streamlit's stApp element carries data-test-script-state); an action that makes the app run
its script is wrapped in `with rerun(page):`, which waits for a run that finished after the action.

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
TIMEOUT_S = 180            # upper bound for a server, a page or a script run on a busy machine
TIMEOUT_MS = TIMEOUT_S * 1000


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


def poll_until(check, what: str, timeout: float = TIMEOUT_S, every: float = 0.2, give_up=None):
    """Call check() until it returns something true, and return that; fail after `timeout` seconds
    (or as soon as give_up() is true) with `what` and what give_up/check last said. For states that
    can only be polled: a server's health, a line in a log."""
    end = time.monotonic() + timeout
    while True:
        got = check()
        if got:
            return got
        if give_up is not None and give_up():
            raise RuntimeError(f"{what} : abandon")
        if time.monotonic() > end:
            raise TimeoutError(f"{what} : pas après {timeout:.0f} s")
        time.sleep(every)


def healthy(base: str) -> bool:
    try:
        return urllib.request.urlopen(base + "/_stcore/health", timeout=5).read() == b"ok"
    except OSError:
        return False


def server_log(data_dir: Path, base: str) -> Path:
    """The log file of the server started by streamlit_server(data_dir) at `base`."""
    return data_dir.parent / f"streamlit-{base.rsplit(':', 1)[1]}.log"


@contextmanager
def streamlit_server(data_dir: Path, extra_env: dict | None = None, timeout: float = TIMEOUT_S, demo: bool = True):
    """`streamlit run serve.py` on a free port, reading data_dir; yields its base URL once
    /_stcore/health answers ok. demo: the server is in demo mode (KANGABA_DEMO=1, no sign-in, as for
    the demo data set the tests generate beforehand); demo=False: never (KANGABA_DEMO=0)."""
    port = free_port()
    env = {**os.environ, "KANGABA_DATA": str(data_dir), "KANGABA_DEMO": "1" if demo else "0", **(extra_env or {})}
    base = f"http://127.0.0.1:{port}"
    log_path = server_log(data_dir, base)
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        try:
            poll_until(lambda: healthy(base), "le serveur Streamlit n'a pas démarré", timeout,
                       give_up=lambda: proc.poll() is not None)
        except (RuntimeError, TimeoutError) as e:
            raise RuntimeError(f"{e}\n" + log_path.read_text(errors="replace")[-2000:]) from None
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def wait_for_log(path: Path, text: str, timeout: float = TIMEOUT_S) -> str:
    """The log at `path` once it holds `text` (fails with its end otherwise)."""
    try:
        return poll_until(lambda: (lambda log: log if text in log else "")(path.read_text(errors="replace")),
                          f"« {text} » absent du journal du serveur", timeout)
    except TimeoutError as e:
        raise AssertionError(f"{e}\n" + path.read_text(errors="replace")[-2000:]) from None


def is_local(url: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    return urlparse(url).hostname in ("127.0.0.1", "localhost", "::1", None)


# Installed in every document of a context from new_page(), before the app's own scripts: counts the
# script runs seen to finish, i.e. stApp's data-test-script-state going to notRunning from any other
# state (running, rerunRequested, or initial on the first run).
RUN_COUNTER = """(() => {
    if (window.__kangabaRuns !== undefined) return;
    window.__kangabaRuns = 0;
    window.__kangabaDoc = Math.random().toString(36).slice(2);
    new MutationObserver(records => {
        records.forEach((r, i) => {
            const next = records.slice(i + 1).find(o => o.target === r.target);
            const now = next ? next.oldValue : r.target.getAttribute('data-test-script-state');
            if (now === 'notRunning' && r.oldValue !== 'notRunning') window.__kangabaRuns += 1;
        });
    }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                          attributeFilter: ['data-test-script-state']});
})()"""

# The page has settled: connected, the script not running, nothing stale or still loading, every plotly
# chart drawn, and the layout the same as on the previous animation frame(s).
SETTLED = """([doc, since, frames, until]) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const ran = window.__kangabaRuns > (window.__kangabaDoc === doc ? since : 0)
        || (until !== null && Function('return (' + until + ')')());
    const ok = ran && app
        && app.getAttribute('data-test-script-state') === 'notRunning'
        && app.getAttribute('data-test-connection-state') === 'CONNECTED'
        && !document.querySelector('[data-testid="stSkeleton"]')
        && !document.querySelector('[data-stale="true"]')
        && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
               .every(c => c.querySelector('.main-svg, canvas'));
    const main = document.querySelector('[data-testid="stMain"]');
    const sig = ok && [location.href, document.documentElement.scrollWidth, document.documentElement.scrollHeight,
                       main && main.scrollHeight, document.querySelectorAll('.main-svg, canvas').length,
                       document.body.innerText.length].join('|');
    const w = window.__kangabaSettle = window.__kangabaSettle || {sig: null, same: 0};
    w.same = ok && sig === w.sig ? w.same + 1 : 0;
    w.sig = sig;
    return w.same >= frames;
}"""


# What is not settled yet, for the message of a settle() that timed out.
UNSETTLED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return {url: location.href, document: window.__kangabaDoc, runs: window.__kangabaRuns,
            script: app && app.getAttribute('data-test-script-state'),
            connection: app && app.getAttribute('data-test-connection-state'),
            skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
            stale: document.querySelectorAll('[data-stale="true"]').length,
            charts: document.querySelectorAll('[data-testid="stPlotlyChart"]').length,
            drawn: [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                       .filter(c => c.querySelector('.main-svg, canvas')).length,
            layout: window.__kangabaSettle, text: document.body.innerText.slice(0, 300)};
}"""


def new_page(browser, size=VIEWPORTS[0], outside: list | None = None, **context_args):
    """A new context and page at `size` that counts script runs; every request leaving the machine
    is appended to `outside` when given. Returns (context, page)."""
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]}, **context_args)
    ctx.add_init_script(RUN_COUNTER)
    page = ctx.new_page()
    if outside is not None:
        page.on("request", lambda r: outside.append(r.url) if not is_local(r.url) else None)
    return ctx, page


def runs(page) -> tuple[str, int]:
    """(this document's id, the script runs it has seen finish)."""
    doc, n = page.evaluate("() => [window.__kangabaDoc, window.__kangabaRuns]")
    if n is None:
        raise RuntimeError("page ouverte sans new_page() : les exécutions du script ne sont pas comptées")
    return doc, n


def settle(page, since: tuple[str, int] | None = None, timeout: float = TIMEOUT_MS, frames: int = 2,
           until: str | None = None):
    """Wait until a script run has finished after `since` (a runs() reading; by default: this
    document's first run, as after goto() or reload(); a new document counts from its first run) — or
    until the JavaScript condition `until` holds, the visible effect of the action (a run so quick that
    the app never showed itself running is counted by its effect) —, the script is not running,
    nothing is stale or loading, every plotly chart has drawn and the layout has not changed for
    `frames` animation frames."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    doc, n = since or runs(page)
    page.evaluate("() => { window.__kangabaSettle = undefined; }")
    try:
        page.wait_for_function(SETTLED, arg=[doc, n if since else 0, frames, until], polling="raf", timeout=timeout)
    except PlaywrightTimeout:
        raise AssertionError(f"la page ne s'est pas stabilisée (attendu : plus de {n if since else 0} exécution(s) "
                             f"du script sur le document {doc}) : {page.evaluate(UNSETTLED)}") from None


@contextmanager
def rerun(page, timeout: float = TIMEOUT_MS, until: str | None = None):
    """`with rerun(page): <action>` — after the action, wait for a script run that finished after it
    (on this document, or the first of a new one the action opened) or for `until` (settle), then for
    the page to settle."""
    before = runs(page)
    yield
    settle(page, since=before, timeout=timeout, until=until)


def goto(page, url: str) -> None:
    """Open `url` and wait for its first script run to have finished and the page to have settled."""
    page.goto(url, timeout=TIMEOUT_MS)
    settle(page)


def quiet(page, timeout: float = TIMEOUT_MS) -> None:
    """After an action that runs no script (scrolling, opening a list): wait for the page to settle."""
    doc, _ = runs(page)
    settle(page, since=(doc, -1), timeout=timeout)


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


def scroll_main(page, dy: int) -> None:
    """Scroll the main area down by `dy` pixels (at most to its end) and wait until it is there."""
    target = page.evaluate("""dy => {
        const m = document.querySelector('[data-testid="stMain"]');
        const t = Math.min(m.scrollTop + dy, m.scrollHeight - m.clientHeight);
        m.scrollTo({top: t, behavior: 'instant'});
        return t;
    }""", dy)
    page.wait_for_function("t => Math.abs(document.querySelector('[data-testid=\"stMain\"]').scrollTop - t) <= 1",
                           arg=target, timeout=TIMEOUT_MS)
    quiet(page)
