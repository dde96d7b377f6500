"""(f) N simultaneous sessions changing filters on the overview and the cases page.

Each session is a person reloading a page with new filters in the URL (?commune=NOUGA&periode=2021…):
- `ws` clients (default) speak Streamlit's own websocket protocol, as the browser does: open
  /_stcore/stream, ask for a script run with the page and the query string, read every message until
  `script_finished`; a view is the time from opening the connection to that message. They cost the
  machine almost nothing, so what is measured is the server.
- `browser` clients are pages of one headless chromium (one context each, own cookies): a view is
  the time from `goto` to the page fully drawn (script state notRunning, no skeleton, every plotly
  chart drawn). On a 2-core machine the browser competes with the server for the CPU.

Errors: an exception element, a compile error, `st.error`, a dropped connection, a view not finished
within --view-timeout. Before its first view, a session GETs / (as a browser opening the site), which
gives it the sticky-session cookie when it goes through bench/serve_cluster.sh's nginx.

    python -m bench.load --target http://127.0.0.1:8080 [--sessions 20] [--seconds 60] [--clients ws|browser]

Bounded: every session stops starting views after --seconds; only loopback targets are accepted.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
import urllib.request
from collections import Counter
from http.cookiejar import CookieJar
from urllib.parse import urlencode, urlparse

from dashboard.warmup import warm as _warm_views, ws_view

from .common import CHROMIUM, CHROMIUM_ARGS, percentile

# The two pages of the load: (URL path, label). URL path "" is the overview (app.py).
PAGES = (("", "overview"), ("prise_en_charge", "cases"))
COMMUNES = (None, "NOUGA", "KANIOGO")
PERIODS = ("projet", "2020", "2021", "2022", "2021-T3", "2022-T1")
SEXES = ("tous", "F", "M")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def random_query(rng: random.Random) -> dict:
    q = {"periode": rng.choice(PERIODS), "sexe": rng.choice(SEXES)}
    c = rng.choice(COMMUNES)
    if c:
        q["commune"] = c
    return q


def _check_target(target: str) -> str:
    u = urlparse(target)
    if u.scheme not in ("http", "https") or u.hostname not in LOOPBACK:
        raise SystemExit(f"--target doit être une adresse locale (127.0.0.1, localhost) : {target}")
    return target.rstrip("/")


def _open_site(base: str) -> tuple[str, str | None]:
    """GET / like a browser opening the site: (Cookie header to send back, upstream that answered)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/", timeout=30) as r:
        r.read()
        upstream = r.headers.get("X-Kangaba-Upstream")
    return "; ".join(f"{c.name}={c.value}" for c in jar), upstream


# ----------------------------------------------------------------- websocket clients

async def _ws_session(i: int, base: str, deadline: float, think: float, timeout: float, views: list, meta: dict):
    rng = random.Random(1000 + i)
    loop = asyncio.get_running_loop()
    try:
        cookie, upstream = await loop.run_in_executor(None, _open_site, base)
    except OSError as e:
        views.append(dict(session=i, page="(site)", seconds=None, problems=[f"GET / : {e}"]))
        return
    meta.setdefault("upstreams", Counter())[upstream or "direct"] += 1
    n = 0
    while time.perf_counter() < deadline:
        page, label = PAGES[n % len(PAGES)]
        q = random_query(rng)
        t0 = time.perf_counter()
        problems = await ws_view(base, page, q, cookie, timeout)
        views.append(dict(session=i, page=label, query=q, seconds=time.perf_counter() - t0, problems=problems))
        n += 1
        if think:
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))


# ----------------------------------------------------------------- browser clients

SETTLED_JS = """() => !!document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    && !!document.querySelector('h1')
    && !document.querySelector('[data-testid="stSkeleton"]')
    && !document.querySelector('[data-stale="true"]')
    && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg, canvas'))"""


async def _browser_session(i: int, browser, base: str, deadline: float, think: float, timeout: float,
                           views: list, meta: dict):
    rng = random.Random(1000 + i)
    ctx = await browser.new_context(viewport={"width": 1280, "height": 720})
    page = await ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {str(e)[:120]}"))
    n = 0
    try:
        while time.perf_counter() < deadline:
            path, label = PAGES[n % len(PAGES)]
            q = random_query(rng)
            errors.clear()
            t0 = time.perf_counter()
            problems: list[str] = []
            try:
                resp = await page.goto(f"{base}/{path}?{urlencode(q)}", timeout=timeout * 1000)
                if n == 0:
                    up = resp.headers.get("x-kangaba-upstream") if resp else None
                    meta.setdefault("upstreams", Counter())[up or "direct"] += 1
                await page.wait_for_function(SETTLED_JS, timeout=timeout * 1000, polling=50)
                dt = time.perf_counter() - t0
                n_exc = await page.locator('[data-testid="stException"]').count()
                if n_exc:
                    problems.append(f"{n_exc} exception(s) affichée(s)")
                for txt in await page.locator('[data-testid="stAlertContentError"]').all_inner_texts():
                    problems.append("st.error: " + txt[:120])
            except Exception as e:  # noqa: BLE001
                dt = time.perf_counter() - t0
                problems.append(f"{type(e).__name__}: {str(e).splitlines()[0][:120]}")
            problems += errors
            views.append(dict(session=i, page=label, query=q, seconds=dt, problems=problems))
            n += 1
            if think:
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))
    finally:
        await ctx.close()


# ----------------------------------------------------------------- run

async def _run(target: str, sessions: int, seconds: float, clients: str, think: float, timeout: float) -> dict:
    views: list[dict] = []
    meta: dict = {}
    t0 = time.perf_counter()
    deadline = t0 + seconds
    if clients == "ws":
        await asyncio.gather(*(_ws_session(i, target, deadline, think, timeout, views, meta) for i in range(sessions)))
    else:
        from playwright.async_api import async_playwright
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                await asyncio.gather(*(_browser_session(i, browser, target, deadline, think, timeout, views, meta)
                                       for i in range(sessions)))
            finally:
                await browser.close()
    wall = time.perf_counter() - t0
    times = [v["seconds"] for v in views if v["seconds"] is not None and not v["problems"]]
    bad = [v for v in views if v["problems"]]
    by_page = {}
    for _, label in PAGES:
        ts = [v["seconds"] for v in views if v["page"] == label and not v["problems"]]
        by_page[label] = dict(views=len([v for v in views if v["page"] == label]), p50=percentile(ts, 50),
                              p95=percentile(ts, 95))
    kinds = Counter(p.split(":")[0] for v in bad for p in v["problems"])
    return dict(target=target, clients=clients, sessions=sessions, seconds=seconds, think=think, wall=wall,
                views=len(views), errors=len(bad), error_kinds=dict(kinds),
                error_examples=[f"{v['page']} {v.get('query')}: {v['problems'][0]}" for v in bad[:5]],
                p50=percentile(times, 50), p95=percentile(times, 95), max=max(times) if times else None,
                by_page=by_page, upstreams=dict(meta.get("upstreams", {})),
                views_per_s=len(views) / wall if wall else None)


def warm(target: str, timeout: float = 300) -> list[str]:
    """One view of the overview and of the cases page with the default filters (dashboard/warmup.py):
    returns once the server has opened the extracts and cached the default views. Returns problems."""
    return _warm_views(target, timeout)


def run(target: str, sessions: int = 20, seconds: float = 60, clients: str = "ws", think: float = 1.0,
        view_timeout: float = 60) -> dict:
    return asyncio.run(_run(_check_target(target), sessions, seconds, clients, think, view_timeout))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    ap.add_argument("--target", required=True, help="adresse du tableau de bord (locale), ex. http://127.0.0.1:8080")
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--clients", choices=("ws", "browser"), default="ws")
    ap.add_argument("--think", type=float, default=1.0, help="pause moyenne entre deux vues d'une session (s)")
    ap.add_argument("--view-timeout", type=float, default=60)
    ap.add_argument("--warm", action="store_true", help="only warm the server up: one view of each page, default filters")
    a = ap.parse_args(argv)
    if a.warm:
        problems = warm(_check_target(a.target))
        print("; ".join(problems) if problems else f"{a.target} : caches chauds")
        return 1 if problems else 0
    res = run(a.target, a.sessions, a.seconds, a.clients, a.think, a.view_timeout)
    print(json.dumps(res, indent=2, ensure_ascii=False))
    return 1 if res["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
