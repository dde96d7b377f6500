"""The dashboard's server: `python -m streamlit run serve.py` (README).

The same Streamlit app as `streamlit run app.py` (app.py and pages/), started through st.App so that
the server can prepare itself when it starts (dashboard/warmup.py): it builds the data version in force
while it starts, and as soon as it answers it asks itself for the overview and the cases page, which fills
the caches before the first person arrives (each view once no one's view is running: people come first).
KANGABA_WARMUP=0 turns that off. Its HTML page makes the browser fetch and run Streamlit's lazily loaded code
(the chart code first) while it waits for the server (dashboard/preload.py), and Streamlit's static files are
sent from memory in one piece, not in 64 KB pieces that wait for Python's lock (dashboard/static_files.py); the
files of the first page are read before the server answers anyone. The event loop is uvloop's where it is
installed (requirements.txt; uvicorn takes it by itself): its sockets are written without giving up Python's lock,
so the first browser's ~100 files no longer wait for the lock behind the server's own preparation, and
the first overview came 0.3-0.45 s sooner (bench/first_overview.py, alternating rounds).

On an empty data folder this server generates the demo set itself (dashboard/access.prepare_data), which
puts it in demo mode (no sign-in) while that version is in force; KANGABA_DEMO=1 asks for demo mode
explicitly. Streamlit's own `/_stcore/metrics` (sessions, caches, memory) answers no one here.

Accounts, sign-in state, the audit trail and the versions log are in the state store (state/): files on
one machine, or the PostgreSQL database of KANGABA_DATABASE_URL shared by several servers (README,
« Plusieurs machines »); the server says which in its log when it starts, and whether the database answers.
"""
import os
import sys
import threading
import time
from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from streamlit import config

from streamlit.logger import get_logger

from dashboard import preload, static_files, warmup
from dashboard.preload import PreloadCharts
from dashboard.static_files import StaticFromMemory

_LOG = get_logger("kangaba.serve")


def _no_external_address() -> None:
    """Streamlit asks checkip.amazonaws.com for the machine's public address: when it starts without an
    address, to print an « External URL » (before it answers anyone; .streamlit/config.toml's
    browser.serverAddress turns that off: this module is loaded later), and whenever it checks the origin of
    a request from another address while it has no answer. In a field office each is a request leaving the
    machine and a wait: here 0.09 s (importing `requests`, then a failed lookup), up to two 1 s timeouts on a
    poor connection, more when no name server answers. This server never asks: the answer is « none », as
    when the request fails (a browser on the same address as the page is never refused)."""
    from streamlit import net_util
    net_util.get_external_ip = lambda: None


_no_external_address()


def _no_delay_on_tcp() -> None:
    """Streamlit binds the server's socket itself (socket.socket(family): protocol number 0), and asyncio sets
    TCP_NODELAY only on sockets whose protocol number says TCP: every connection then waits for the other
    side's delayed acknowledgement (40 ms on Linux) whenever the server writes twice in a row, as it does
    for every script run. A warm rerun of the empty page took 44 ms instead of 6 (bench/floor.py, same
    server). uvloop (requirements.txt) always sets it; this sets it under asyncio too (where uvloop is not
    installed, Windows), for each connection accepted from now on."""
    import asyncio.base_events as base_events
    import socket
    current = getattr(base_events, "_set_nodelay", None)
    if current is None or getattr(current, "kangaba", False):     # another Python's asyncio; already done
        return

    def set_nodelay(sock) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    set_nodelay.kangaba = True
    base_events._set_nodelay = set_nodelay


_no_delay_on_tcp()

CLOSED = ("_stcore/metrics",)       # paths answered 404 whatever the base URL, slashes or case


class CloseRoutes:
    """ASGI middleware: requests for CLOSED paths get 404 before Streamlit sees them."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket") and _closed(scope.get("path", "")):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            await PlainTextResponse("Introuvable.", status_code=404)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _closed(path: str) -> bool:
    parts = [p for p in path.lower().split("/") if p]
    return any("/".join(parts[-len(c.split("/")):]) == c for c in CLOSED)


def _base_url() -> str:
    address = config.get_option("server.address") or "127.0.0.1"
    if address in ("0.0.0.0", "::", ""):
        address = "127.0.0.1"
    path = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"http://{address}:{config.get_option('server.port')}" + (f"/{path}" if path else "")


def _shared_state() -> None:
    """Say in the log where accounts and the audit trail are; with PostgreSQL, whether it answers now."""
    import state
    try:
        store = state.current()
        _LOG.info("état partagé : %s (%s), %d compte(s)", store.kind, store.label(), len(store.load_users()))
    except state.StateError as e:
        _LOG.error("état partagé indisponible / shared state unavailable : %s", e)


# While the server prepares itself, the imports hold Python's lock most of the time, and the event loop that
# serves the first browser its page and Streamlit's ~60 files waits up to the switch interval (5 ms) each time
# it needs it. 1 ms meanwhile: those files came in 0.34 s instead of 0.45 (medians of 8 starts, load 7-10),
# the imports no slower; the usual 5 ms again once prepared.
PREPARE_SWITCH_S = 0.001


def _prepare(base: str) -> None:
    """What killed imports left cleaned, the demo set generated when the data folder is empty (so this
    server knows it generated it) and the data version built; then the warm-up, which asks for the first
    views. Whether the warm-up runs is said once in the log. The pages' modules are imported meanwhile, in a
    thread of their own (the build spends its time in DuckDB, outside Python's lock)."""
    loading = threading.Thread(target=warmup.preload, name="kangaba-preload", daemon=True)
    switch = sys.getswitchinterval()
    sys.setswitchinterval(PREPARE_SWITCH_S)
    loading.start()
    try:
        _shared_state()
        warmup.prepare_data()
        loading.join()
    finally:
        sys.setswitchinterval(switch)
        if os.environ.get("KANGABA_WARMUP", "1") != "0":
            warmup.start_in_background(base, prepared=True)
        else:
            _LOG.info("préchauffage désactivé (KANGABA_WARMUP=0)")


def _static_files() -> None:
    """Streamlit's files that the first page asks for, read into memory before the server answers anyone
    (dashboard/static_files.py): ~100 files, 9 MB, ~30 ms. Read on demand, each cost the event loop a few
    system calls, and each call waited for Python's lock while the server prepared itself."""
    t0 = time.perf_counter()
    try:
        files, size = static_files.preread(static_files.page_files() + [f"js/{f}" for f in preload.modules()[0]])
    except Exception as e:  # noqa: BLE001  (an unreadable bundle: the files are read when asked for, as before)
        _LOG.warning("fichiers statiques non préchargés : %s", str(e).splitlines()[0][:200] if str(e) else type(e).__name__)
        return
    _LOG.debug("fichiers statiques en mémoire : %d, %.1f Mo, %.0f ms", files, size / 1e6,
               (time.perf_counter() - t0) * 1000)


@asynccontextmanager
async def _lifespan(_app):
    _static_files()
    threading.Thread(target=_prepare, args=(_base_url(),), name="kangaba-prepare", daemon=True).start()
    yield


app = st.App("app.py", lifespan=_lifespan, middleware=[Middleware(CloseRoutes), Middleware(StaticFromMemory),
                                                  Middleware(PreloadCharts)])
