"""(b) A full run of every page through streamlit.testing AppTest, cold and warm.

Each page is measured in a fresh Python process (streamlit imported, nothing of the app yet,
empty caches), which is what "first run after the server started" costs:

- cold:         the first run (imports of the page's modules, opening the extracts, every query);
- warm:         median of `reps` reruns of the same session (cached dataset and results);
- filter_first: a new session with ?commune=NOUGA&periode=2021 on the warm process: the
                dataset is open but those filters were never asked (a filter change);
- filter_warm:  median of reruns with that filter.

    python -m bench.page_bench --data DIR --page pages/2_prise_en_charge.py [--reps 5]

prints one JSON object on its last line; `run()` calls it for every page of dashboard.sidebar.PAGES.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from .common import COMMUNE_YEAR_URL, REPO, log_errors, median


def pages() -> list[str]:
    """Script paths of every page, in the sidebar's order (app.py first)."""
    out = subprocess.run([sys.executable, "-c", "from dashboard.sidebar import PAGES; print('\\n'.join(p[0] for p in PAGES))"],
                         cwd=REPO, capture_output=True, text=True, timeout=120)
    found = [l.strip() for l in out.stdout.splitlines() if l.strip()]
    if not found:  # the sidebar could not be imported: every script of the app still is a page
        found = ["app.py"] + sorted(str(p.relative_to(REPO)) for p in (REPO / "pages").glob("*.py"))
    return found


def _problems(at) -> list[str]:
    probs = [f"exception: {str(e.message).splitlines()[0][:200]}" for e in at.exception]
    probs += [f"st.error: {str(e.value).splitlines()[0][:200]}" for e in at.error]
    return probs


def _timed_run(at, timeout: float) -> float:
    t0 = time.perf_counter()
    at.run(timeout=timeout)
    return time.perf_counter() - t0


def measure(page: str, reps: int, timeout: float) -> dict:
    from streamlit.testing.v1 import AppTest

    def session(query: dict | None = None):
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=timeout)
        for k, v in (query or {}).items():
            at.query_params[k] = v
        if page != "app.py":
            at.switch_page(page)
        return at

    res: dict = {"page": page, "problems": []}
    at = session()
    res["cold"] = _timed_run(at, timeout)
    res["problems"] += _problems(at)
    res["elements"] = {"plotly_chart": len(at.get("plotly_chart")), "dataframe": len(at.dataframe),
                       "metric": len(at.metric)}
    res["warm"] = median([_timed_run(at, timeout) for _ in range(reps)])
    at2 = session(COMMUNE_YEAR_URL)
    res["filter_first"] = _timed_run(at2, timeout)
    res["problems"] += [p for p in _problems(at2) if p not in res["problems"]]
    res["filter_warm"] = median([_timed_run(at2, timeout) for _ in range(reps)])
    return res


def run(data_dir: Path, reps: int = 5, timeout: float = 180, page_list: list[str] | None = None) -> dict:
    """{page: {...}} for every page, one subprocess each."""
    out = {}
    for page in page_list or pages():
        cmd = [sys.executable, "-m", "bench.page_bench", "--data", str(data_dir), "--page", page,
               "--reps", str(reps), "--timeout", str(timeout)]
        t0 = time.perf_counter()
        stderr = ""
        try:
            p = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout * (reps + 4) + 60,
                               env={"KANGABA_DEMO": "1", **os.environ, "KANGABA_DATA": str(data_dir)})
            stderr = p.stderr
            last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
            res = json.loads(last) if last.startswith("{") else \
                {"page": page, "problems": [f"le processus a échoué (code {p.returncode}) : {p.stderr.strip()[-300:]}"]}
        except subprocess.TimeoutExpired:
            res = {"page": page, "problems": ["délai dépassé"]}
        res["process_s"] = time.perf_counter() - t0
        if res.get("problems"):  # the page shows a redacted message: the traceback is in the process's log
            res["log_errors"] = log_errors(stderr)
        out[page] = res
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.page_bench")
    ap.add_argument("--data", required=True)
    ap.add_argument("--page", required=True)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=180)
    a = ap.parse_args(argv)
    os.environ["KANGABA_DATA"] = str(Path(a.data).resolve())
    os.chdir(REPO)
    sys.path.insert(0, str(REPO))
    import streamlit  # noqa: F401  (a server has imported it before any page runs)
    import streamlit.testing.v1  # noqa: F401
    try:
        res = measure(a.page, a.reps, a.timeout)
    except Exception as e:  # noqa: BLE001
        res = {"page": a.page, "problems": [f"{type(e).__name__}: {str(e).splitlines()[0][:300] if str(e) else ''}"]}
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
