"""Smoke test of the benchmark (bench/): at scale 1 in --quick mode it runs every section to the end
and reports every query function and every page. No timing is asserted: the figures are for
BENCHMARKS.md, not for CI. The pandas baseline must still give DuckDB's results (a correctness check)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from browser import need_browser

REPO = Path(__file__).resolve().parent.parent


def test_benchmark_quick_scale_1(tmp_path):
    need_browser()
    out = tmp_path / "results.json"
    md = tmp_path / "BENCH.md"
    p = subprocess.run([sys.executable, "-m", "bench.benchmark", "--scales", "1", "--quick", "--json", str(out),
                        "--out", str(md), "--data-root", str(tmp_path / "data")],
                       cwd=REPO, capture_output=True, text=True, timeout=540)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-3000:]
    res = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert [r["scale"] for r in res] == [1]
    r = res[0]

    from bench.page_bench import pages
    from bench.pandas_baseline import AGGREGATIONS
    from bench.query_bench import query_functions

    # (a) every function of the query layer has a time or an error message
    names = {n for n, _ in query_functions()}
    assert names and set(r["queries"]["functions"]) == names
    for name, e in r["queries"]["functions"].items():
        assert e["default"] is not None or e["error"], name
    # (b) every page of the sidebar ran, cold and warm (or says why not)
    assert set(r["pages"]) == set(pages())
    for page, e in r["pages"].items():
        assert ("cold" in e and "warm" in e) or e["problems"], page
    # (c, d, f) the server drew the overview, its memory was read, the load ran
    s = r["server"]
    assert "error" not in s, s.get("error")
    assert s["overview_s"] > 0 and s["peak_rss_mb"] > 0
    assert s["load"]["sessions"] == 3 and s["load"]["views"] > 0
    # (e) the five aggregations, both filter sets, equal to DuckDB's
    rows = r["pandas"]["rows"]
    assert {x["aggregation"] for x in rows} == set(AGGREGATIONS) and len(rows) == 2 * len(AGGREGATIONS)
    assert all(x["equal"] for x in rows), [x["diff"] for x in rows if not x["equal"]]
    # (g) against the floor: the empty page reran, every page that every role sees has a ratio to it, every
    # query function was timed idle and with the other core busy, and the empty page is not for people
    fl = r["floor"]
    assert fl["reruns"]["pages/99_plancher.py"]["median"] > 0
    assert all(e["ratio"] is not None for p, e in fl["reruns"].items()), fl["reruns"]
    assert set(fl["queries"]["functions"]) == names
    assert all(e.get("error") or (e["idle"] and e["busy"]) for e in fl["queries"]["functions"].values())
    assert {"overview", "cases", "empty page"} == set(fl["throughput"]) and fl["throughput"]["empty page"]["views"] > 0
    # the table was printed and written
    for title in ("(a) Query functions", "(b) Pages", "(c, d, f) Server", "(e) DuckDB vs plain pandas",
                  "(g) Against the floor", "Targets"):
        assert title in p.stdout and title in md.read_text(encoding="utf-8")
