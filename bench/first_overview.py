"""(c') The first overview against its floor, in one run, with the load average of the machine at each start.

For `rounds` rounds, one after the other, each in the same headless chromium (started and warm before the
clock starts, a fresh page each time):
- the floor: `python -m streamlit run bench/floor_app.py` (a title and one plotly chart), spawn → drawn;
- the dashboard on a never-built data version: `streamlit run serve.py` with an empty cache folder of its own
  (KANGABA_CACHE), so the server validates and builds the data version while it starts;
- the dashboard on the built data version: the same command and cache folder again (a server restart).
"Drawn" is bench/browser_bench.py's test: script finished, a title, no skeleton, every plotly chart drawn.

Each run is also cut into phases, from the page's own clock (performance.now() and timeOrigin) and the
spawn: the server's start (spawn → its health answer), the page's load (→ the app shows the page's script
running: Streamlit's code loaded, connected, the server running the script), the page's elements (→ the
app shows the script finished: every element received and laid out) and the drawing (→ drawn: the charts).

With `--against DIR` (another checkout, e.g. `git worktree add DIR <commit before a change>`), every round
also runs that checkout's never-built and built overview right after this one's, so that a change is
judged in the same rounds, under the same load: on this shared machine, separate runs of the same code
differ by more than most changes do.

    python -m bench.first_overview --data DIR [--rounds 3] [--against OTHER_CHECKOUT]
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .browser_bench import DRAWN_JS
from .common import CHROMIUM, CHROMIUM_ARGS, median, streamlit_server, wait_healthy
from .floor import TARGETS, load_avg

KINDS = ("floor", "never_built", "built")
PHASES = ("server", "load", "elements", "drawing")

# The page's own clock: when the app first showed the script running, then finished.
MARKS = """(() => {
    window.__benchMarks = {};
    new MutationObserver(() => {
        const m = window.__benchMarks, s = document.querySelector('[data-testid="stApp"]');
        const state = s && s.getAttribute('data-test-script-state');
        if (state === 'running' && m.running === undefined) m.running = performance.now();
        if (state === 'notRunning' && m.running !== undefined && m.finished === undefined) m.finished = performance.now();
    }).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-test-script-state']});
})()"""


def drawn(browser, base: str, proc, started: float, timeout: float = 120) -> dict:
    """Seconds from the spawn to the health answer, to the script shown running, to it shown finished and
    to the overview drawn; the phases between them (PHASES)."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.add_init_script(MARKS)
        wait_healthy(base, proc, timeout=timeout)
        health = time.perf_counter() - started
        spawn_wall = time.time() - (time.perf_counter() - started)
        page.goto(base + "/", timeout=timeout * 1000)
        page.wait_for_function(DRAWN_JS, timeout=timeout * 1000, polling=50)
        overview = time.perf_counter() - started
        origin, marks, charts, exceptions = page.evaluate("""() => [performance.timeOrigin, window.__benchMarks,
            document.querySelectorAll('[data-testid="stPlotlyChart"]').length,
            document.querySelectorAll('[data-testid="stException"]').length]""")
    finally:
        page.close()
    at = {k: origin / 1000 + v / 1000 - spawn_wall for k, v in marks.items()}
    r = dict(health_s=health, overview_s=overview, charts=charts, exceptions=exceptions)
    if "running" in at and "finished" in at:
        r["phases"] = dict(server=health, load=at["running"] - health, elements=at["finished"] - at["running"],
                           drawing=overview - at["finished"])
    return r


def _one(browser, data_dir: Path, kind: str, cache: Path, repo: Path | None = None) -> dict:
    script = "bench/floor_app.py" if kind == "floor" else "serve.py"
    env = {"KANGABA_CACHE": str(cache)}
    load = load_avg()
    try:
        with streamlit_server(data_dir, extra_env=env, script=script, repo=repo) as (base, proc, started):
            r = drawn(browser, base, proc, started)
    except Exception as e:  # noqa: BLE001  (a run that did not draw: said, not a zero)
        r = dict(error=f"{type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}")
    r["load"] = load
    return r


def run(data_dir: Path, rounds: int = 3, against: Path | None = None) -> dict:
    """`rounds` rounds of KINDS; with `against` (another checkout: the same code before a change, say), each
    round also runs that checkout's never-built and built first overview, in its own cache folder, right after
    this one's: the two are compared in the same rounds, under the same load."""
    from playwright.sync_api import sync_playwright
    kinds = [(k, k, None) for k in KINDS]
    if against is not None:
        kinds += [("against_" + k, k, against) for k in KINDS if k != "floor"]
    out: dict = {name: [] for name, _, _ in kinds}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        browser.new_page().close()
        try:
            for _ in range(rounds):
                caches = {repo: Path(tempfile.mkdtemp(prefix="kangaba-first-")) for repo in (None, against)}  # empty: never built
                try:
                    for name, kind, repo in kinds:
                        out[name].append(_one(browser, data_dir, kind, caches[repo], repo))
                finally:
                    for cache in caches.values():
                        shutil.rmtree(cache, ignore_errors=True)
        finally:
            browser.close()
    return summary(out)


def summary(out: dict) -> dict:
    res: dict = {"runs": out}
    for kind, runs in out.items():
        ok = [r["overview_s"] for r in runs if "overview_s" in r]
        phased = [r["phases"] for r in runs if "phases" in r]
        res[kind] = dict(median=median(ok) if ok else None, min=min(ok) if ok else None,
                         errors=[r["error"] for r in runs if "error" in r],
                         loads=[r["load"] for r in runs],
                         phases={p: median([x[p] for x in phased]) for p in PHASES} if phased else None)
    fl = res["floor"]["median"]
    for kind in out:
        m = res[kind]["median"]
        if kind != "floor":
            res[kind]["ratio"] = m / fl if m and fl else None
    return res


def table(res: dict) -> str:
    def f(x, d=2):
        return "—" if x is None else f"{x:.{d}f}"
    lines = ["First overview, spawn of the server → drawn in chromium; floor: a one-chart Streamlit page "
             "(bench/floor_app.py) started the same way, in the same rounds. Targets: "
             f"< {TARGETS['first_overview_s']:.0f} s built, < 4 s never built.\n",
             "| | median s (min) | × floor | load avg at each start | errors |", "|---|---:|---:|---|---:|"]
    rows = [("floor", "floor (one chart)"), ("built", "dashboard, data version built"),
            ("never_built", "dashboard, never built")]
    rows += [("against_" + k, "--against, " + label.removeprefix("dashboard, ")) for k, label in rows[1:]
             if "against_" + k in res]
    for kind, label in rows:
        e = res[kind]
        lines.append(f"| {label} | {f(e['median'])} ({f(e['min'])}) | {f(e.get('ratio'), 1) if kind != 'floor' else '1'} | "
                     f"{', '.join(f(x) for x in e['loads'])} | {len(e['errors'])} |")
    lines += ["", "Where the time goes (median seconds of each phase; the phases of a run add up to its total):\n",
              "| | server start (→ health) | page load (→ script running) | elements (→ script finished) | drawing (→ drawn) |",
              "|---|---:|---:|---:|---:|"]
    for kind, label in (("floor", "floor"), ("built", "built"), ("never_built", "never built"),
                        ("against_built", "--against, built"), ("against_never_built", "--against, never built")):
        ph = res.get(kind, {}).get("phases")
        if ph:
            lines.append(f"| {label} | " + " | ".join(f(ph[p]) for p in PHASES) + " |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.first_overview")
    ap.add_argument("--data", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--against", help="another checkout (a worktree of the code before a change) run in the same "
                                      "rounds: a change's effect, under the same load")
    ap.add_argument("--json")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    res = run(Path(a.data).resolve(), a.rounds, Path(a.against).resolve() if a.against else None)
    if a.json:
        Path(a.json).write_text(json.dumps(res, indent=1, default=str))
    print(table(res))
    print(f"({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
