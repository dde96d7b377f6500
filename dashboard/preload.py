"""A hint in the HTML page that makes the browser fetch Streamlit's chart code at once.

Streamlit loads the code that draws plotly charts (one 4.7 MB file of its frontend, PlotlyChart.*.js) only
when the first chart arrives, after its main code has started, connected and drawn the sidebar: on this
2-core machine it was requested 1.4–2.2 s after the page, and the overview was drawn 2–3 s after it came.
Every page of the dashboard draws charts, so the HTML page Streamlit serves gets
`<link rel="modulepreload">` for that file: the browser fetches and compiles it while the rest loads
(first overview 0.5–1 s sooner in chromium, bench/first_overview.py). Field offices with a slow link gain
most: the download starts with the page instead of after it.

An ASGI middleware of serve.py: it only touches HTML responses (not compressed), adds the hint before
`</head>` and sets the new length; everything else passes as it is.
"""
from __future__ import annotations

from pathlib import Path


def chart_modules() -> list[str]:
    """The file names of Streamlit's plotly chart code in the installed frontend (one; none if renamed)."""
    import streamlit
    js = Path(streamlit.__file__).resolve().parent / "static" / "static" / "js"
    return sorted(f.name for f in js.glob("PlotlyChart.*.js"))


def hint(names: list[str]) -> bytes:
    return "".join(f'<link rel="modulepreload" href="./static/js/{n}">' for n in names).encode()


def add_hint(html: bytes, tag: bytes) -> bytes:
    """`tag` before the first </head> of the page (the page unchanged when it has none)."""
    return html.replace(b"</head>", tag + b"</head>", 1) if tag else html


class PreloadCharts:
    """ASGI middleware: Streamlit's HTML page (any path that is not a static file, a health check or the
    websocket) gets the modulepreload hint of its chart code."""

    def __init__(self, app, names: list[str] | None = None):
        self.app = app
        self.tag = hint(chart_modules() if names is None else names)

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        if scope["type"] != "http" or not self.tag or "/static/" in path or "/_stcore/" in path:
            await self.app(scope, receive, send)
            return
        held: dict = {}
        body: list[bytes] = []

        async def relay(msg):
            if msg["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in msg.get("headers", [])}
                if b"text/html" in headers.get(b"content-type", b"") and b"content-encoding" not in headers:
                    held["start"] = msg            # the page: held until its body is complete
                    return
            elif msg["type"] == "http.response.body" and "start" in held:
                body.append(msg.get("body", b""))
                if msg.get("more_body"):
                    return
                page = add_hint(b"".join(body), self.tag)
                start = held.pop("start")
                start["headers"] = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"] \
                    + [(b"content-length", str(len(page)).encode())]
                await send(start)
                await send({"type": "http.response.body", "body": page})
                return
            await send(msg)

        await self.app(scope, receive, relay)


__all__ = ["PreloadCharts", "add_hint", "chart_modules", "hint"]
