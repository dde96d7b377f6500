"""A script in the HTML page that makes the browser fetch and run Streamlit's lazily loaded code early.

Streamlit loads the code of most elements (one file per kind, with its own imports) only when the first
element of that kind arrives: the sidebar's widgets, the cards' HTML and page links, and the code that
draws plotly charts (one 4.7 MB file, PlotlyChart.*.js, which takes the browser's main thread about 1 s to
run, more when the machine is busy). It came last, after the overview's elements, and the chart was drawn
1.3-2.7 s after the page's script had finished (bench/first_overview.py).

Every page of the dashboard has the same sidebar and draws charts, so the HTML page Streamlit serves gets a
small script. The chart code is imported as soon as Streamlit's own code has run: the browser runs it (0.67-0.75
s of its main thread in chromium traces) while it connects and the server runs the page's script, instead of
after the elements. Then, as soon as the page's script runs on the server (the app's `data-test-script-state`
becomes "running"), it asks for the other files (MODULES and what each imports, read from Streamlit's own
bundle) and imports them. Measured (bench/first_overview.py, alternating rounds): importing the chart code at
once instead of when the script runs, 2.69 s against 2.79 s. That was not so while Streamlit's files came
slowly (before static_files.py and uvloop): every file asked for with the page took the browser's six
connections and main thread from Streamlit's own page, which connected 0.3-0.9 s later; the chart code was
then only fetched early and imported when the script ran.

An ASGI middleware of serve.py: it only touches HTML responses (not compressed), adds the script before
`</head>` and sets the new length; everything else passes as it is. Nothing leaves the server: every file
named is one of Streamlit's own static files, served by this server. A Streamlit whose bundle has another
shape gets the chart code alone.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

# The lazily loaded parts of Streamlit's frontend that the dashboard's pages draw, in the order a page needs
# them: the sidebar's widgets, the cards (HTML and page links), the chart, the downloads (the overview's tables
# and cards are HTML: charts.static_table, fig_overview.card_html; a page with st.metric or markdown holding HTML
# gets that code when it needs it, as Streamlit does).
MODULES = ("ButtonGroup", "Selectbox", "Multiselect", "Radio", "Button", "Html", "PageLink", "PlotlyChart",
           "DownloadButton")
# The files of the bundle that import them (and list what each one needs, vite's __vite__mapDeps).
_IMPORTERS = ("index", "StreamlitMarkdown")
_TABLE = re.compile(r'__vite__mapDeps=\(i,m=__vite__mapDeps,d=\(m\.f\|\|\(m\.f=\[([^\]]*)\]')
_LAZY = re.compile(r'import\(`\./([\w.-]+?)\.[\w-]+\.js`\),__vite__mapDeps\(\[([\d,]*)\]\)')


def _js_dir() -> Path:
    import streamlit
    return Path(streamlit.__file__).resolve().parent / "static" / "static" / "js"


def chart_modules(js_dir: Path | None = None) -> list[str]:
    """The file names of Streamlit's plotly chart code in the installed frontend (one; none if renamed)."""
    return sorted(f.name for f in (js_dir or _js_dir()).glob("PlotlyChart.*.js"))


def lazy_modules(js_dir: Path | None = None) -> dict[str, list[str]]:
    """{name of a lazily loaded part: [its file, then the files it imports]}, read from the bundle's
    importers (the names as MODULES spells them, without their hash). Empty if the bundle changed shape."""
    js_dir = js_dir or _js_dir()
    out: dict[str, list[str]] = {}
    for stem in _IMPORTERS:
        for f in sorted(js_dir.glob(f"{stem}.*.js")):
            text = f.read_text(encoding="utf-8", errors="replace")
            t = _TABLE.search(text)
            if not t:
                continue
            table = [x.strip().strip('"') for x in t.group(1).split(",")]
            for m in _LAZY.finditer(text):
                files = [table[int(i)] for i in m.group(2).split(",") if i and int(i) < len(table)]
                js = [x[2:] for x in files if x.startswith("./") and x.endswith(".js")]
                if js and js[0].startswith(m.group(1) + "."):
                    out.setdefault(m.group(1), js)
    return out


@lru_cache(maxsize=4)
def modules(names=MODULES, js_dir: Path | None = None) -> tuple[list[str], list[str]]:
    """(files to fetch: each wanted part and what it imports, once each, in MODULES order, without those
    Streamlit's page already preloads; files to import: each wanted part's own file). The chart code alone
    when the bundle cannot be read. Read once per process (the server's files read into memory and its page's
    script both ask): the lists are shared, not to be changed."""
    js_dir = js_dir or _js_dir()
    found = lazy_modules(js_dir)
    page = js_dir.parent.parent / "index.html"              # what Streamlit's own page already preloads
    have = page.read_text(encoding="utf-8", errors="replace") if page.exists() else ""
    fetch: list[str] = []
    run: list[str] = []
    for n in names:
        for i, f in enumerate(found.get(n, [])):
            if f not in fetch and f"/{f}" not in have:
                fetch.append(f)
            if i == 0:
                run.append(f)
    if not run:                                             # the bundle changed shape: the chart code alone
        fetch = run = chart_modules(js_dir)
    return fetch, run


# The chart code (one big file, the last one needed) is imported as soon as Streamlit's own code has run (this
# module script runs after Streamlit's, in the page's order): the browser runs it while it connects and waits
# for the server's elements. The rest when the page's script runs on the server (the app's
# `data-test-script-state` becomes "running"): every file at once (modulepreload: no waterfall of imports), and
# each part is imported. Links in the head took the browser's six connections and its main thread from
# Streamlit's own page: it connected 0.3-0.9 s later.
EARLY = ('<script type="module">const f=[{fetch}],u=[{run}],c=[{first}];'
         'const p=x=>{{const l=document.createElement("link");l.rel="modulepreload";l.href=x;document.head.append(l);}};'
         'for(const x of c)import(x).catch(()=>{{}});'
         'const r=()=>document.querySelector(\'[data-test-script-state="running"]\');'
         'const go=()=>{{f.filter(x=>!c.includes(x)).forEach(p);for(const x of u)if(!c.includes(x))import(x).catch(()=>{{}});}};'
         'if(r())go();else new MutationObserver((m,o)=>{{if(r()){{o.disconnect();go();}}}})'
         '.observe(document.documentElement,{{subtree:true,childList:true,attributes:true,'
         'attributeFilter:["data-test-script-state"]}});</script>')


def hint(fetch: list[str], run: list[str], first: list[str] = ()) -> bytes:
    """The script that imports `first` at once, then, once the page's script runs on the server, fetches the
    rest of `fetch` and imports the rest of `run` (Streamlit's static files, relative to the page like Streamlit's own);
    b"" when there is nothing."""
    if not fetch and not run:
        return b""
    q = lambda names: ",".join(f'"./static/js/{n}"' for n in names)     # noqa: E731
    return EARLY.format(fetch=q(fetch), run=q(run), first=q(first)).encode()


def page_script() -> bytes:
    """The script the dashboard's pages get: MODULES, the chart code asked for first."""
    fetch, run = modules()
    return hint(fetch, run, chart_modules())


def add_hint(html: bytes, tag: bytes) -> bytes:
    """`tag` before the first </head> of the page (the page unchanged when it has none)."""
    return html.replace(b"</head>", tag + b"</head>", 1) if tag else html


class PreloadCharts:
    """ASGI middleware: Streamlit's HTML page (any path that is not a static file, a health check or the
    websocket) gets the hints of its lazily loaded code (MODULES)."""

    def __init__(self, app, tag: bytes | None = None):
        self.app = app
        self.tag = page_script() if tag is None else tag

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


__all__ = ["MODULES", "PreloadCharts", "add_hint", "chart_modules", "hint", "lazy_modules", "modules", "page_script"]
