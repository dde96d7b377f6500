"""serve.py, the README's server command: the same dashboard as `streamlit run app.py`, which warms
itself up when it starts (dashboard/warmup.py: one view of the overview and of the cases page).

No chromium needed: the server is asked for pages over HTTP and Streamlit's websocket only.
"""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
import urllib.request

from browser import TIMEOUT_S, server_log, streamlit_server, wait_for_log

from dashboard import preload, static_files, warmup

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
        # with the script that fetches and runs the lazily loaded code early (dashboard/preload.py): every
        # part of MODULES found in Streamlit's bundle, the chart code among them; every file it names is served
        fetch, run = preload.modules()
        tag = preload.page_script()
        assert tag == preload.hint(fetch, run, preload.chart_modules())
        assert [n.split(".")[0] for n in run] == list(preload.MODULES) and preload.chart_modules()[0] in run
        assert html.count(tag) == 1 and html.index(tag) < html.index(b"</head>")
        # every file it names is served, from memory (dashboard/static_files.py): the bytes on disk, cached for good
        for name in sorted(set(fetch + run)):
            with urllib.request.urlopen(f"{base}/static/js/{name}", timeout=TIMEOUT_S) as r:
                body = r.read()
                assert r.status == 200 and body == (static_files.static_dir() / "js" / name).read_bytes(), name
                assert r.headers["Cache-Control"] == static_files.IMMUTABLE.decode(), name
                assert len(body) > 1_000_000 or not name.startswith("PlotlyChart."), name
        ranged = urllib.request.Request(f"{base}/static/js/{run[0]}", headers={"Range": "bytes=0-9"})
        with urllib.request.urlopen(ranged, timeout=TIMEOUT_S) as r:        # a part of one: Streamlit's own answer
            assert r.status == 206 and r.read() == (static_files.static_dir() / "js" / run[0]).read_bytes()[:10]
        with urllib.request.urlopen(base + "/prise_en_charge", timeout=TIMEOUT_S) as r:   # every page's HTML
            assert tag in r.read()
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
    tag = preload.hint(["PlotlyChart.ab12.js", "dep.cd34.js"], ["PlotlyChart.ab12.js"], ["PlotlyChart.ab12.js"])
    assert tag.startswith(b'<script type="module">const f=["./static/js/PlotlyChart.ab12.js","./static/js/dep.cd34.js"],'
                          b'u=["./static/js/PlotlyChart.ab12.js"],c=["./static/js/PlotlyChart.ab12.js"];')
    assert tag.endswith(b"</script>") and b"c=[];" in preload.hint(["a.js"], ["a.js"])
    assert b'[data-test-script-state="running"]' in tag and tag.count(b"<script") == 1
    assert preload.hint([], []) == b""
    assert preload.add_hint(page, tag) == (b"<html><head><title>x</title>" + tag + b"</head><body></head></body></html>")
    assert preload.add_hint(b"<p>no head</p>", tag) == b"<p>no head</p>"
    assert preload.add_hint(page, b"") == page


# A bundle shaped like Streamlit's (vite): the importer lists every file once (__vite__mapDeps) and each lazy
# import names its file and the indexes of what it needs; CSS is not a module.
BUNDLE = ('const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["./Table.t1.js","./runtime.r1.js",'
          '"../css/index.c1.css","./arrow.a1.js","./PlotlyChart.p1-x.js","./Selectbox.s1.js"])))=>i.map(i=>d[i]);'
          'ag=(0,U.lazy)(()=>H(()=>import(`./PlotlyChart.p1-x.js`),__vite__mapDeps([4,1]),import.meta.url)),'
          'tb=(0,U.lazy)(()=>H(()=>import(`./Table.t1.js`),__vite__mapDeps([0,1,2,3]),import.meta.url)),'
          'sb=(0,U.lazy)(()=>H(()=>import(`./Selectbox.s1.js`),__vite__mapDeps([5]),import.meta.url));')


def test_lazy_modules_read_from_the_bundle(tmp_path):
    js = tmp_path / "static" / "js"
    js.mkdir(parents=True)
    (js / "index.i1.js").write_text(BUNDLE)
    (js / "PlotlyChart.p1-x.js").write_text("")
    assert preload.lazy_modules(js) == {"PlotlyChart": ["PlotlyChart.p1-x.js", "runtime.r1.js"],
                                        "Table": ["Table.t1.js", "runtime.r1.js", "arrow.a1.js"],
                                        "Selectbox": ["Selectbox.s1.js"]}
    # in the order asked for (Selectbox first), each file once, without what Streamlit's page preloads itself
    (tmp_path / "index.html").write_text('<link rel="modulepreload" crossorigin href="./static/js/runtime.r1.js">')
    assert preload.modules(("Selectbox", "PlotlyChart", "Table"), js_dir=js) == (
        ["Selectbox.s1.js", "PlotlyChart.p1-x.js", "Table.t1.js", "arrow.a1.js"],
        ["Selectbox.s1.js", "PlotlyChart.p1-x.js", "Table.t1.js"])
    assert preload.modules(("Table", "Nothing"), js_dir=js) == (["Table.t1.js", "arrow.a1.js"], ["Table.t1.js"])
    # a bundle of another shape: the chart code alone, as before
    (js / "index.i1.js").write_text("import('./PlotlyChart.p1-x.js')")
    assert preload.lazy_modules(js) == {}
    assert preload.modules(js_dir=js) == (["PlotlyChart.p1-x.js"], ["PlotlyChart.p1-x.js"])


def test_prepare_favours_the_event_loop_then_restores(monkeypatch):
    """serve._prepare: while the modules are imported and the data version built, Python's switch interval is
    PREPARE_SWITCH_S (the event loop serving the first page gets the lock sooner); the usual one again after,
    before the warm-up starts, also when the preparation fails."""
    import sys

    import serve
    seen = {}
    usual = sys.getswitchinterval()
    monkeypatch.setenv("KANGABA_WARMUP", "1")
    monkeypatch.setattr(serve, "_shared_state", lambda: seen.setdefault("state", sys.getswitchinterval()))
    monkeypatch.setattr(serve.warmup, "preload", lambda: seen.setdefault("preload", sys.getswitchinterval()))
    monkeypatch.setattr(serve.warmup, "prepare_data", lambda: seen.setdefault("data", sys.getswitchinterval()))
    monkeypatch.setattr(serve.warmup, "start_in_background",
                        lambda base, prepared: seen.setdefault("warm", (base, prepared, sys.getswitchinterval())))
    serve._prepare("http://x")
    assert seen == {"state": serve.PREPARE_SWITCH_S, "preload": serve.PREPARE_SWITCH_S,
                    "data": serve.PREPARE_SWITCH_S, "warm": ("http://x", True, usual)}
    assert sys.getswitchinterval() == usual and serve.PREPARE_SWITCH_S < usual

    def fails():
        raise RuntimeError("extrait illisible")
    seen.clear()
    monkeypatch.setattr(serve.warmup, "prepare_data", fails)
    try:
        serve._prepare("http://x")
    except RuntimeError:
        pass
    assert seen["warm"] == ("http://x", True, usual) and sys.getswitchinterval() == usual


def test_the_server_never_asks_for_its_public_address(monkeypatch):
    """Streamlit's lookup of the machine's public address (a request to checkip.amazonaws.com when it starts
    without an address, and on origin checks) is never made: .streamlit/config.toml names the address it
    prints (so the start does not ask), and serve.py answers « none » to every later question."""
    import tomllib
    from pathlib import Path

    import serve  # noqa: F401  (the module sets it up when Streamlit loads it)
    from streamlit import net_util
    from streamlit.web import bootstrap
    config_toml = tomllib.loads((Path(serve.__file__).parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config_toml["browser"]["serverAddress"] == "localhost"
    asked = []
    monkeypatch.setattr(net_util, "_make_blocking_http_get", lambda *a, **k: asked.append(a) or "203.0.113.9")
    assert net_util.get_external_ip() is None and asked == []
    # even started without any address (Streamlit's own defaults): nothing asked, no « External URL »
    real = bootstrap.config.get_option
    monkeypatch.setattr(bootstrap.config, "get_option", lambda k: True if k == "server.headless" else
                        False if k == "logger.hideWelcomeMessage" else real(k))
    monkeypatch.setattr(bootstrap.config, "is_manually_set", lambda k: False)
    printed = []
    monkeypatch.setattr(bootstrap.cli_util, "print_to_cli", lambda text, **k: printed.append(text))
    bootstrap._print_url(False)                              # what the server prints when it starts
    assert asked == [] and not any("203.0.113.9" in p or "External" in p for p in printed)
    assert any("Local URL" in p for p in printed)


def test_connections_without_delay_under_asyncio_too():
    """serve.py: a connection accepted by asyncio on a socket bound as Streamlit binds it (protocol number 0)
    has TCP_NODELAY: the server's replies are not held back by the client's delayed acknowledgements."""
    import asyncio
    import socket

    import serve  # noqa: F401  (the module sets it up when Streamlit loads it)

    async def accepted_nodelay() -> int:
        listener = socket.socket(socket.AF_INET)                 # as Streamlit's _bind_socket: proto 0
        listener.bind(("127.0.0.1", 0))
        assert listener.proto == 0
        got = asyncio.get_running_loop().create_future()

        def on_client(reader, writer):
            got.set_result(writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()
        server = await asyncio.start_server(on_client, sock=listener)
        _, w = await asyncio.open_connection(*listener.getsockname())
        try:
            return await asyncio.wait_for(got, 10)
        finally:
            w.close()
            server.close()
    with ThreadPoolExecutor(1) as pool:           # in a thread: a browser test's playwright may run a loop here
        assert pool.submit(asyncio.run, accepted_nodelay()).result() != 0


def test_static_files_not_read_ahead_is_no_failure(monkeypatch):
    """serve._static_files: a bundle it cannot read leaves the files to be read when asked for (a warning in the
    log); the server's start goes on."""
    import serve

    def unreadable(*a, **k):
        raise PermissionError("static/index.html")
    monkeypatch.setattr(serve.static_files, "page_files", unreadable)
    warned = []
    monkeypatch.setattr(serve._LOG, "warning", lambda *a: warned.append(a))
    serve._static_files()
    assert warned and "index.html" in warned[0][1]
