"""Warm a freshly started server: build the data version, then one view of the overview and of the
cases page, through the server's own websocket, as a browser would ask for them.

That view imports the pages' modules, opens the extracts (or generates the demo set on an empty
data folder) and fills the result and figure caches for the default filters, so the first person
to open the dashboard does not wait for it. Started by `serve.py` when the server starts; also the
websocket client of the benchmark's load test (bench/load.py).

On real extracts the view stops at the sign-in form: only the imports and the opening of the
extracts are warmed, never a figure computed outside a signed-in session.
"""
from __future__ import annotations

import asyncio
import threading
import time
import urllib.request
from urllib.parse import urlencode

from streamlit.logger import get_logger

_LOG = get_logger("kangaba.warmup")

# The views a server warms: (page URL path, query string). "" is the overview (app.py).
VIEWS = (("", {}), ("prise_en_charge", {}))


async def ws_view(base: str, page: str, query: dict, cookie: str, timeout: float) -> list[str]:
    """One page view over Streamlit's websocket: ask for a script run with the page and the query
    string, read every message until `script_finished`. Returns the problems seen (empty = fine)."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    problems: list[str] = []
    url = "ws" + base[4:] + "/_stcore/stream"
    headers = {"Origin": base}
    if cookie:
        headers["Cookie"] = cookie

    async def go():
        async with websockets.connect(url, subprotocols=["streamlit"], additional_headers=headers,
                                      max_size=None, open_timeout=timeout) as ws:
            m = BackMsg()
            m.rerun_script.query_string = urlencode(query)
            m.rerun_script.page_name = page
            await ws.send(m.SerializeToString())
            while True:
                f = ForwardMsg()
                f.ParseFromString(await ws.recv())
                kind = f.WhichOneof("type")
                if kind == "delta" and f.delta.WhichOneof("type") == "new_element":
                    e = f.delta.new_element
                    w = e.WhichOneof("type")
                    if w == "exception":
                        problems.append("exception: " + (e.exception.type or "") + " " + e.exception.message[:120])
                    elif w == "alert" and e.alert.format == e.alert.ERROR:
                        problems.append("st.error: " + e.alert.body[:120])
                elif kind == "page_not_found":
                    problems.append(f"page introuvable : {page}")
                elif kind == "script_finished":
                    if f.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                        problems.append("erreur de compilation du script")
                        return
                    if f.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                        return
    try:
        await asyncio.wait_for(go(), timeout)
    except asyncio.TimeoutError:
        problems.append(f"vue non terminée après {timeout:.0f} s")
    except Exception as e:  # noqa: BLE001  (a dropped or refused connection is a problem of the view)
        problems.append(f"connexion : {type(e).__name__}: {str(e)[:120]}")
    return problems


def _sessions() -> tuple[int, int]:
    """(sessions connected to this process's Streamlit server, those running their page's script now);
    (0, 0) outside a server. Streamlit's session manager has no public list of running sessions: its own
    attributes."""
    try:
        from streamlit.runtime import Runtime
        if not Runtime.exists():
            return 0, 0
        from streamlit.runtime.app_session import AppSessionState
        active = Runtime.instance()._session_mgr.list_active_sessions()
        return len(active), sum(s.session._state == AppSessionState.APP_IS_RUNNING for s in active)
    except Exception:  # noqa: BLE001  (another Streamlit: the warm-up goes on as before)
        return 0, 0


def running_views() -> int:
    """How many sessions of this server are running their page's script now (0 outside a server)."""
    return _sessions()[1]


def people() -> int:
    """How many sessions are connected to this server now (a browser's tab each; 0 outside a server)."""
    return _sessions()[0]


# After someone's view, their browser still draws it (1-2 s on this machine): the warm-up lets it.
QUIET_S = 3.0


async def give_way(limit: float = 60, poll: float = 0.05, quiet: float = QUIET_S) -> float:
    """Wait while someone's view is running, then until none has run for `quiet` seconds (someone already
    connected counts as a view just run); at most `limit` seconds. The seconds waited. A warm-up view beside
    a person's first view, or while their browser draws it, shares the 2 cores and Python's lock with it:
    theirs comes first, and it fills the same caches."""
    t0 = time.monotonic()
    last = t0 if people() else None
    while time.monotonic() - t0 < limit:
        if running_views():
            last = time.monotonic()
        elif last is None or time.monotonic() - last >= quiet:
            break
        await asyncio.sleep(poll)
    return time.monotonic() - t0


def warm(base: str, timeout: float = 300) -> list[str]:
    """One view of each of VIEWS, one after the other, each once no one else's view is running
    (give_way). Returns the problems seen."""
    async def go():
        out = []
        for page, query in VIEWS:
            waited = await give_way()
            if waited >= 0.05:
                _LOG.info("vue « %s » préchauffée après celle d'une personne (%.1f s d'attente)", page or "/", waited)
            out += await ws_view(base, page, query, "", timeout)
        return out
    return asyncio.run(go())


def wait_healthy(base: str, timeout: float = 120, poll: float = 0.05) -> bool:
    """True once GET /_stcore/health answers 200 (False after `timeout` seconds)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(poll)
    return False


# The modules of the first pages a person opens (the overview, the cases page): imported, and plotly's
# template loaded, while the server starts, instead of inside the first view (at x1, half a second of a
# cold overview was plotly's template alone, then the figure and table modules).
PRELOAD = ("dashboard.sidebar", "dashboard.charts", "dashboard.fig_overview", "dashboard.fig_explore",
           "dashboard.fig_cases", "queries.api")
# Imported by the libraries inside a process's first view otherwise (py-spy of a cold overview, imports of the
# pages done): Streamlit's emoji catalogue, one large regular expression compiled at import, which the page
# icon and every icon of the page ask for (a third of that view: ~0.1 s idle, 0.26 s at load 14); plotly's
# JSON encoder and narwhals' pandas part. Each on its own: a missing one is skipped.
PRELOAD_LIBS = ("streamlit.emojis", "orjson", "narwhals._pandas_like.namespace")


def preload() -> None:
    """Streamlit's check of the first element marked done (first: a person's first script may start before
    the imports end, and would run it itself), then import PRELOAD, build one empty figure with the template in
    force (what every first figure of a process pays: the template read and its properties made, style.Figure), then import PRELOAD_LIBS. Never raises: a module that
    fails to import is reported by the page that uses it."""
    import importlib
    t0 = time.perf_counter()
    _streamlit_first_element_check()
    try:
        for name in PRELOAD:
            importlib.import_module(name)
        from dashboard import style
        style.Figure().update_layout(title="")        # the template loaded, its properties shared (style.Figure)
    except Exception as e:  # noqa: BLE001
        _LOG.warning("préchargement des modules : %s", str(e).splitlines()[0][:200])
        return
    for name in PRELOAD_LIBS:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001  (another version of the library: its first view imports what it needs)
            pass
    _LOG.info("modules préchargés en %.1f s", time.perf_counter() - t0)


def _streamlit_first_element_check() -> None:
    """Streamlit checks once per process, on the first element a script sends, whether it runs under
    `streamlit run` (a warning otherwise): inspect.stack() of the script's thread, which reads the source
    of every frame of it and the path of every module loaded (another third of a cold overview, 0.27 s at
    load 14; 0.25 s on the preparing server's own thread, py-spy). In a server its answer is known: no
    warning (the runtime exists, and a script thread's first frame is the threading module's, never a
    console's). So the check is marked done here, without the stack."""
    try:
        from streamlit import delta_generator, runtime
        if runtime.exists() and hasattr(delta_generator, "_use_warning_has_been_displayed"):
            delta_generator._use_warning_has_been_displayed = True
    except Exception:  # noqa: BLE001  (another Streamlit: its first view does it)
        pass


def prepare_data() -> None:
    """Generate the demo set on an empty data folder and build the data version in force
    (queries.open_dataset), without waiting for the server: it runs while the server starts and the
    first browser loads the page. Problems are left for the pages to report."""
    import queries
    from dashboard import access, data
    from importer import store
    try:
        store.tidy(data.data_dir())               # what a killed import left (copies of children's data)
        access.prepare_data(data.data_dir())      # a demo set generated here: this server's demo mode
        queries.open_dataset(data.data_dir()).con.close()
    except Exception as e:  # noqa: BLE001  (a bad extract: the pages say what and where, in French)
        _LOG.warning("préparation des données : %s", str(e).splitlines()[0][:200])


def start_in_background(base: str, prepared: bool = False) -> threading.Thread:
    """From a daemon thread: build the data version (unless `prepared`), then warm the server at `base`
    as soon as it answers; log the outcome. The wait is generous: a busy machine is slow, not broken."""
    def job():
        t0 = time.perf_counter()
        if not prepared:
            prepare_data()
        if not wait_healthy(base, timeout=600):
            _LOG.warning("préchauffage abandonné : le serveur ne répond pas sur %s", base)
            return
        problems = warm(base)
        if problems:
            _LOG.warning("préchauffage : %s", "; ".join(problems[:3]))
        else:
            _LOG.info("préchauffage terminé en %.1f s", time.perf_counter() - t0)
    t = threading.Thread(target=job, name="kangaba-warmup", daemon=True)
    t.start()
    return t
