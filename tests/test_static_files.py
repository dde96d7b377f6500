"""dashboard/static_files.py: Streamlit's static files served from memory give exactly Streamlit's own
answer (status, headers, bytes), in one message, read once; everything else reaches Streamlit unchanged.

The answers are compared with Streamlit's own static handler (the one `streamlit run serve.py` mounts),
called as an ASGI app; the real server is checked in test_serve.py.
"""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from starlette.exceptions import HTTPException
from streamlit import file_util
from streamlit.web.server.starlette.starlette_static_routes import create_streamlit_static_handler

from dashboard import preload
from dashboard.static_files import IMMUTABLE, StaticFromMemory, static_dir

STREAMLIT = create_streamlit_static_handler(directory=file_util.get_static_dir(), base_url=None)
SAME = ("content-type", "content-length", "cache-control", "etag", "last-modified", "accept-ranges")


def call(app, path: str, method: str = "GET", headers: dict | None = None):
    """(status, {header: value}, body, number of body messages) of one request to an ASGI app."""
    msgs = []
    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "root_path": "",
             "query_string": b"", "http_version": "1.1", "scheme": "http", "server": ("127.0.0.1", 80),
             "client": ("127.0.0.1", 1),
             "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]}   # as servers do

    asked = []

    async def receive():        # the request, then nothing until the answer is sent (no disconnect)
        if asked:
            await asyncio.Event().wait()
        asked.append(1)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(m):
        msgs.append(m)
    try:        # in a thread of its own: a browser test's playwright may already run an event loop in this one
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, app(scope, receive, send)).result()
    except HTTPException as e:          # answered by the server's exception handler (a 404, a 405)
        return e.status_code, {}, b"", 0
    start, bodies = msgs[0], [m for m in msgs[1:] if m["type"] == "http.response.body"]
    return (start["status"], {k.decode().lower(): v.decode() for k, v in start["headers"]},
            b"".join(m.get("body", b"") for m in bodies), len(bodies))


class Recorder:
    """Streamlit's handler, noting the paths that reach it."""

    def __init__(self):
        self.paths = []

    async def __call__(self, scope, receive, send):
        self.paths.append(scope["path"])
        await STREAMLIT(scope, receive, send)


def files() -> list[str]:
    """A font, a style sheet and the chart code (4.7 MB): the paths the browser asks for."""
    root = static_dir()
    picked = ["js/" + preload.chart_modules()[0]]
    for pattern in ("css/*.css", "media/*.woff2"):
        picked += [str(p.relative_to(root)) for p in sorted(root.glob(pattern))[:1]]
    assert len(picked) == 3, picked
    return ["/static/" + p for p in picked]


@pytest.mark.parametrize("path", files())
def test_same_answer_as_streamlit_in_one_message(path):
    inner = Recorder()
    app = StaticFromMemory(inner, prefix="")
    status, headers, body, messages = call(app, path)
    s_status, s_headers, s_body, s_messages = call(STREAMLIT, path)
    assert inner.paths == []                                  # answered from memory
    assert (status, body) == (s_status, s_body) == (200, (static_dir() / path[len("/static/"):]).read_bytes())
    assert {k: headers.get(k) for k in SAME} == {k: s_headers.get(k) for k in SAME}
    assert headers["cache-control"] == IMMUTABLE.decode() and int(headers["content-length"]) == len(body)
    assert messages == 1
    if len(body) > 64 * 1024:
        assert s_messages > 1                               # Streamlit's: 64 KB pieces


def test_each_file_is_read_once(monkeypatch):
    app = StaticFromMemory(Recorder(), prefix="")
    path = files()[0]
    first = call(app, path)
    reads = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or real(self))
    assert call(app, path) == first and reads == []


@pytest.mark.parametrize("path,method,headers", [
    ("/", "GET", {}),                                            # the HTML page (PreloadCharts adds to it)
    ("/prise_en_charge", "GET", {}),                             # a page's URL: Streamlit's page again
    ("/static/js/nope.js", "GET", {}),                           # no such file: Streamlit's own answer
    ("/static/js", "GET", {}),                                   # a folder
    ("/static/../index.html", "GET", {}),                        # outside static/
    ("/static/js/../../index.html", "GET", {}),
    ("/static//js/x.js", "GET", {}),
    (None, "HEAD", {}),                                          # methods and conditional or partial requests
    (None, "POST", {}),
    (None, "GET", {"Range": "bytes=0-99"}),
    (None, "GET", {"If-None-Match": '"x"'}),
    (None, "GET", {"If-Modified-Since": "Wed, 21 Oct 2015 07:28:00 GMT"}),
])
def test_everything_else_reaches_streamlit_unchanged(path, method, headers):
    path = path or files()[0]
    inner = Recorder()
    got = call(StaticFromMemory(inner, prefix=""), path, method, headers)
    assert inner.paths == [path]
    assert got[:3] == call(STREAMLIT, path, method, headers)[:3]


def test_base_url_path(monkeypatch):
    """Under a base URL (server.baseUrlPath) the files are under it; the same path without it is not ours."""
    from streamlit import config
    monkeypatch.setattr(config, "get_option", lambda k: "/tableau/" if k == "server.baseUrlPath" else None)
    path = files()[0]
    inner = Recorder()
    app = StaticFromMemory(inner)
    assert call(app, "/tableau" + path)[0] == 200 and inner.paths == []
    call(app, path)
    assert inner.paths == [path]


def test_page_files_are_what_streamlits_page_names():
    """page_files(): every static file Streamlit's index.html names (its code, style sheet, font), then the
    fonts of text and icons; each a file of the static folder, each once; no KaTeX (formulas: none here)."""
    import re

    from dashboard.static_files import page_files
    root = static_dir()
    named = re.findall(r'static/((?:js|css|media)/[\w.@-]+)', (root.parent / "index.html").read_text(encoding="utf-8"))
    got = page_files()
    assert named and got[:len(set(named))] == list(dict.fromkeys(named))
    assert len(got) == len(set(got)) and all((root / f).is_file() for f in got)
    assert any(f.startswith("media/MaterialSymbols") for f in got)          # the icons' font
    assert not any("KaTeX" in f for f in got)


def test_preread_serves_without_the_disk(monkeypatch, tmp_path):
    """After preread, the files are answered from memory: no stat, no read. Unknown paths and paths outside
    the folder are skipped, not read."""
    from dashboard import static_files
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "a.1.js").write_bytes(b"export const a = 1;")
    (tmp_path / "b.txt").write_bytes(b"outside")
    assert static_files.preread(["js/a.1.js", "js/none.js", "../b.txt", "js/../b.txt", ""], tmp_path) == (1, 19)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"read {self}"))
    monkeypatch.setattr(Path, "stat", lambda self, **k: pytest.fail(f"stat {self}"))
    inner = Recorder()
    status, headers, body, messages = call(StaticFromMemory(inner, directory=tmp_path, prefix=""), "/static/js/a.1.js")
    assert (status, body, messages, inner.paths) == (200, b"export const a = 1;", 1, [])
    assert headers["content-type"].startswith(("text/javascript", "application/javascript"))
    assert headers["cache-control"] == IMMUTABLE.decode()
