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
    assert fl["reruns"] and all(e["floor"] > 0 for e in fl["reruns"].values()), fl["reruns"]
    assert all(e["ratio"] is not None for p, e in fl["reruns"].items()), fl["reruns"]
    assert set(fl["queries"]["functions"]) == names
    assert all(e.get("error") or (e["idle"] and e["busy"]) for e in fl["queries"]["functions"].values())
    assert {"overview", "cases", "empty page"} == set(fl["throughput"]) and fl["throughput"]["empty page"]["views"] > 0
    # the first overview against its floor (a one-chart page), built and never built, one round each
    fo = fl["first_overview"]
    for kind in ("floor", "built", "never_built"):
        assert fo[kind]["errors"] == [] and fo[kind]["median"] > 0, (kind, fo[kind])
    # the table was printed and written
    for title in ("(a) Query functions", "(b) Pages", "(c, d, f) Server", "(e) DuckDB vs plain pandas",
                  "(g) Against the floor", "First overview, spawn of the server", "Targets"):
        assert title in p.stdout and title in md.read_text(encoding="utf-8")


def test_first_overview_summary_against_its_floor():
    """bench/first_overview.py: medians over the rounds that drew, the ratio to the floor's median, errors
    counted apart (a run that failed has no time and is not a zero)."""
    from bench.first_overview import summary, table
    ph = lambda a, b, c, d: dict(server=a, load=b, elements=c, drawing=d)     # noqa: E731
    runs = {"floor": [dict(overview_s=2.0, load=1.0, phases=ph(1.0, 0.5, 0.1, 0.4)),
                      dict(overview_s=3.0, load=2.0, phases=ph(1.5, 0.7, 0.2, 0.6)),
                      dict(overview_s=2.5, load=1.5, phases=ph(1.2, 0.6, 0.3, 0.4))],
            "never_built": [dict(overview_s=5.0, load=1.0), dict(error="TimeoutError: x", load=9.0)],
            "built": [dict(overview_s=3.0, load=1.0), dict(overview_s=4.0, load=1.0), dict(overview_s=6.0, load=3.0)]}
    res = summary(runs)
    assert res["floor"]["median"] == 2.5
    assert res["built"]["median"] == 4.0 and res["built"]["min"] == 3.0
    assert res["built"]["ratio"] == 4.0 / 2.5
    assert res["never_built"]["median"] == 5.0 and res["never_built"]["errors"] == ["TimeoutError: x"]
    md = table(res)
    assert "| dashboard, data version built | 4.00 (3.00) | 1.6 | 1.00, 1.00, 3.00 | 0 |" in md
    assert "| dashboard, never built | 5.00 (5.00) | 2.0 | 1.00, 9.00 | 1 |" in md
    # the phases: each one's median over the runs that have them; none for a kind without
    assert res["floor"]["phases"] == dict(server=1.2, load=0.6, elements=0.2, drawing=0.4)
    assert res["built"]["phases"] is None
    assert "| floor | 1.20 | 0.60 | 0.20 | 0.40 |" in md and "| built |" not in md
    # --against: the other checkout's runs have rows of their own, with their ratio to the same floor
    runs["against_built"] = [dict(overview_s=5.0, load=1.0, phases=ph(1.0, 1.0, 1.0, 2.0))]
    runs["against_never_built"] = [dict(error="TimeoutError: y", load=2.0)]
    md = table(summary(runs))
    assert "| --against, data version built | 5.00 (5.00) | 2.0 | 1.00 | 0 |" in md
    assert "| --against, never built | — (—) | — | 2.00 | 1 |" in md
    assert "| --against, built | 1.00 | 1.00 | 1.00 | 2.00 |" in md


def test_floor_names_the_scale_of_its_data(tmp_path):
    """`python -m bench.floor --data DIR` heads its table with the scale DIR's demo set says it has."""
    from bench import floor
    assert floor.data_scale(tmp_path) == "?"
    (tmp_path / "_dataset.json").write_text(json.dumps({"synthetic": True, "scale": 100}), encoding="utf-8")
    assert floor.data_scale(tmp_path) == 100
    assert floor.table({}, floor.data_scale(tmp_path)).startswith("### (g) Against the floor (issue 16), ×100")
