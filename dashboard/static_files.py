"""Streamlit's own static files (its page's code, fonts, the chart code) served from memory, in one piece.

Under `streamlit run serve.py` (st.App: Starlette and uvicorn) a static file is sent by Starlette's
FileResponse in 64 KB pieces, each read in a worker thread: two waits for Python's lock per piece. While
the server runs a page's script or prepares itself, each wait lasts up to the switch interval. Asked for at
the health answer (the server preparing itself), the 4.7 MB chart code (72 pieces) took 0.07-0.21 s against
0.01 s from memory, the page's 61 files 0.63 s against 0.50-0.57 s (0.42 s idle); and in chromium traces
of the first overview, its script, sharing the lock with those pieces, sent its elements over 0.5 s instead
of 0.1-0.25 s.

This ASGI middleware answers a GET for a file under Streamlit's `static/` folder (hashed names, served
with « immutable » caching) with the bytes read once per process (those of the first page before the server
answers anyone: `preread`, from serve.py), headers as Streamlit's own answer has
them (FileResponse's, then Streamlit's Cache-Control), body in one message. Everything else (the HTML page,
conditional and range requests, HEAD, unknown paths) goes to Streamlit as before. The files are Streamlit's
package files: read only, about 26 MB in all, and a page asks for a few MB of them.
"""
from __future__ import annotations

import re
from pathlib import Path

from streamlit.web.server.starlette.starlette_server_config import STATIC_ASSET_CACHE_MAX_AGE_SECONDS

IMMUTABLE = f"public, immutable, max-age={STATIC_ASSET_CACHE_MAX_AGE_SECONDS}".encode()   # Streamlit's, hashed files
_PASS = (b"range", b"if-none-match", b"if-modified-since", b"if-range")


def static_dir() -> Path:
    from streamlit import file_util
    return Path(file_util.get_static_dir()) / "static"


def base_path() -> str:
    """The server's base URL path as a prefix ('' or '/name')."""
    from streamlit import config
    path = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{path}" if path else ""


# (folder, path under it) -> (headers, body): each file read once per process, shared by every instance.
_READ: dict[tuple[Path, str], tuple[list, bytes]] = {}


def read(rel: str, root: Path | None = None):
    """(headers, body) of the file at `rel` under the static folder (`root`), read once per process; None if
    it is not a plain file there."""
    root = root or static_dir()
    if (root, rel) in _READ:
        return _READ[(root, rel)]
    parts = rel.split("/")
    if not rel or any(p in ("", ".", "..") or "\\" in p or ":" in p for p in parts):
        return None
    path = root.joinpath(*parts)
    try:
        st = path.stat()
        if not path.is_file() or path.resolve().parent != (root.resolve() / Path(*parts[:-1])):
            return None
        body = path.read_bytes()
    except OSError:
        return None
    from starlette.responses import FileResponse
    headers = [(k, v) for k, v in FileResponse(path, stat_result=st).raw_headers]
    headers = [(k, v) for k, v in headers if k != b"content-length"] + [
        (b"content-length", str(len(body)).encode()), (b"cache-control", IMMUTABLE)]
    _READ[(root, rel)] = (headers, body)
    return _READ[(root, rel)]


_NAMED = re.compile(rb'[\'"(]\.?/?static/((?:js|css|media)/[\w.@-]+)')


def page_files(root: Path | None = None) -> list[str]:
    """The files Streamlit's page asks for as soon as it loads (paths under the static folder): those its
    index.html names (its code, style sheet and font), and the fonts of its icons and text."""
    root = root or static_dir()
    page = root.parent / "index.html"
    named = _NAMED.findall(page.read_bytes()) if page.exists() else []
    out = list(dict.fromkeys(n.decode() for n in named))
    out += [f"media/{p.name}" for p in sorted(root.glob("media/*.woff2"))
            if not p.name.startswith("KaTeX") and f"media/{p.name}" not in out]
    return out


def preread(rels, root: Path | None = None) -> tuple[int, int]:
    """Read these files into memory now (paths under the static folder; unknown ones skipped): (files,
    bytes). Called by the server before it answers anyone (serve.py), so that the first browser's files
    cost a dictionary lookup each, not a few system calls that wait for Python's lock while the server
    prepares itself."""
    found = [f for f in (read(r, root) for r in rels) if f is not None]
    return len(found), sum(len(body) for _, body in found)


class StaticFromMemory:
    """ASGI middleware: Streamlit's static files from memory, each sent in one message (module docstring)."""

    def __init__(self, app, directory: Path | None = None, prefix: str | None = None):
        self.app = app
        self.directory = directory
        self.prefix = prefix

    async def __call__(self, scope, receive, send):
        rel = self._relative(scope)
        found = read(rel, self.directory) if rel else None
        if found is None:
            await self.app(scope, receive, send)
            return
        headers, body = found
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _relative(self, scope) -> str | None:
        """The path under Streamlit's static/ folder asked for by a plain GET; None for anything else."""
        if scope["type"] != "http" or scope.get("method") != "GET":
            return None
        if any(k in _PASS for k, _ in scope.get("headers", ())):
            return None
        prefix = (base_path() if self.prefix is None else self.prefix) + "/static/"
        path = scope.get("path", "")
        return path[len(prefix):] if path.startswith(prefix) else None


__all__ = ["IMMUTABLE", "StaticFromMemory", "base_path", "page_files", "preread", "read", "static_dir"]
