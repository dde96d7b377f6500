"""Where the time of a page goes: pyinstrument inside the script thread of an AppTest run.

    pip install pyinstrument
    python -m bench.profile --scale 100 [--page app.py pages/2_prise_en_charge.py ...] [--filters]

For each page: a cold run (fresh caches; imports are already done once the first page has run)
and a warm rerun, each profiled in the thread that runs the script (pyinstrument follows one
thread; AppTest runs the script in its own). Text reports are printed and written, with the HTML
ones, to artifacts/bench/profile/.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .common import COMMUNE_YEAR_URL, REPO, demo_data

OUT = REPO / "artifacts" / "bench" / "profile"


def _install_profiler(store: list):
    from pyinstrument import Profiler
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
    original = ScriptRunner._run_script

    def profiled(self, rerun_data):
        prof = Profiler(interval=0.001)
        prof.start()
        try:
            return original(self, rerun_data)
        finally:
            prof.stop()
            store.append(prof)
    ScriptRunner._run_script = profiled


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.profile")
    ap.add_argument("--scale", type=int, default=100)
    ap.add_argument("--page", nargs="+", help="pages to profile (default: every page)")
    ap.add_argument("--filters", action="store_true", help="with ?commune=NOUGA&periode=2021")
    ap.add_argument("--show-all", action="store_true", help="pyinstrument: show library frames too")
    a = ap.parse_args(argv)
    data, _ = demo_data(a.scale)
    os.environ["KANGABA_DATA"] = str(data)
    os.chdir(REPO)
    sys.path.insert(0, str(REPO))
    from streamlit.testing.v1 import AppTest
    import streamlit as st
    from .page_bench import pages
    store: list = []
    _install_profiler(store)
    OUT.mkdir(parents=True, exist_ok=True)
    for page in a.page or pages():
        for label in ("cold", "warm"):
            if label == "cold":
                st.cache_data.clear()
                st.cache_resource.clear()
                at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
                for k, v in (COMMUNE_YEAR_URL if a.filters else {}).items():
                    at.query_params[k] = v
                if page != "app.py":
                    at.switch_page(page)
            store.clear()
            at.run()
            if not store:
                continue
            prof = store[-1]
            name = f"{Path(page).stem}-x{a.scale}-{label}" + ("-filters" if a.filters else "")
            text = prof.output_text(unicode=True, color=False, show_all=a.show_all)
            (OUT / f"{name}.txt").write_text(text, encoding="utf-8")
            (OUT / f"{name}.html").write_text(prof.output_html(), encoding="utf-8")
            print(f"===== {page} ({label}, ×{a.scale}) =====")
            print(text)
    print(f"rapports : {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
