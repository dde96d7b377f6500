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


def warm(base: str, timeout: float = 300) -> list[str]:
    """One view of each of VIEWS, one after the other. Returns the problems seen."""
    async def go():
        out = []
        for page, query in VIEWS:
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


def preload() -> None:
    """Import PRELOAD and build one empty figure with the template in force (what every first figure of a
    process pays). Never raises: a module that fails to import is reported by the page that uses it."""
    import importlib
    t0 = time.perf_counter()
    try:
        for name in PRELOAD:
            importlib.import_module(name)
        import plotly.graph_objects as go
        go.Figure().update_layout(title="")
    except Exception as e:  # noqa: BLE001
        _LOG.warning("préchargement des modules : %s", str(e).splitlines()[0][:200])
        return
    _LOG.info("modules préchargés en %.1f s", time.perf_counter() - t0)


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
