"""Every view of queries.api (and completeness) for many filter combinations and scopes, dumped and compared:
the check that a change of the query layer (SQL or the Python around it) leaves every figure identical.

    python -m bench.identity --data DIR --dump FILE [--n 40]      # before the change
    python -m bench.identity --data DIR --compare FILE [--n 40]   # after: every result equal, or the differences
    python -m bench.identity --data DIR --time [--burner]          # median time and Python time (minus SQL)

The filter combinations are drawn from a fixed seed (the same at dump and compare); `today` is fixed (two
values, one inside the project and one after it, so that both « as of today » and « as of the end » are
judged). Scopes: the data owner, the protected staff, each partner. Frames are compared exactly
(pd.testing.assert_frame_equal, check_exact, dtypes, index and column order); other results with ==.
Frames whose rows are the same in another order (ties of an ORDER BY, e.g. case_delays' days, which DuckDB's
threads may return in any order) are counted apart, not as differences.
"""
from __future__ import annotations

import argparse
import pickle
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

TODAYS = (date(2021, 11, 20), date(2026, 1, 1))
BREAKDOWNS = ("nationality", "referral_source", "exploitation", "reinsertion_type", "site_id", "partner",
              "age_group", "origin_region")


def scopes() -> dict:
    from queries import Scope, contract
    out = {"owner": Scope(), "staff": Scope(min_cell=5, hide_no_consent=True)}
    for p in contract.PARTNERS:
        out[f"partner:{p}"] = Scope(communes=contract.COMMUNES, partners=(p,), min_cell=5, hide_no_consent=True)
    return out


def combinations(n: int, seed: int = 16) -> list:
    """n filter combinations: the empty one first, then random ones (communes, period, partner, sex, localities)."""
    from queries import Filters, calendar, contract
    rnd = random.Random(seed)
    out = [Filters()]
    p0, p1 = calendar.PROJECT_START, calendar.PROJECT_END
    span = (p1 - p0).days
    while len(out) < n:
        kw = {}
        if rnd.random() < 0.4:
            kw["communes"] = (rnd.choice(contract.COMMUNES),)
        r = rnd.random()
        if r < 0.25:
            y = rnd.choice(calendar.YEARS)
            kw["start"], kw["end"] = max(date(y, 1, 1), p0), min(date(y, 12, 31), p1)
        elif r < 0.45:
            a = p0 + timedelta(days=rnd.randrange(span))
            kw["start"], kw["end"] = a, min(p1, a + timedelta(days=rnd.randrange(20, 400)))
        elif r < 0.55:
            kw["end"] = p0 + timedelta(days=rnd.randrange(span))
        elif r < 0.65:
            kw["start"] = p0 + timedelta(days=rnd.randrange(span))
        if rnd.random() < 0.25:
            kw["partner"] = tuple(rnd.sample(contract.PARTNERS, rnd.choice((1, 1, 2))))
        if rnd.random() < 0.25:
            kw["sex"] = rnd.choice(("F", "M"))
        if rnd.random() < 0.12:
            kw["localities"] = tuple(rnd.sample(contract.LOCALITIES, rnd.choice((1, 2))))
        out.append(Filters(**kw))
    return out


def views(con, filters, scope, today) -> dict:
    """name -> a function giving that view's result for one (filters, scope)."""
    from queries import api, completeness
    f, s = filters, scope
    out = {"indicators": lambda: api.indicators(con, f, s, today=today),
           "indicators_records": lambda: api.indicators_records(api.indicators(con, f, s, today=today)),
           "indicator_monthly": lambda: api.indicator_monthly(con, f, s)}
    for by in (None, "sex", "age_group"):
        out[f"case_funnel:{by}"] = (lambda by=by: api.case_funnel(con, f, s, by=by))
    out["case_delays"] = lambda: api.case_delays(con, f, s)
    out["case_delay_summary"] = lambda: api.case_delay_summary(con, f, s)
    out["case_services"] = lambda: api.case_services(con, f, s)
    for dim in BREAKDOWNS:
        out[f"case_breakdown:{dim}"] = (lambda dim=dim: api.case_breakdown(con, dim, f, s))
    out["case_left_out"] = lambda: api.case_left_out(con, f, s)
    out["case_stalled"] = lambda: api.case_stalled(con, f, s, stall_days=90)
    out["sensitisation"] = lambda: api.sensitisation(con, f, s)
    out["children_reach"] = lambda: api.children_reach(con, f, s)
    out["assessment_rates"] = lambda: api.assessment_rates(con, f, s)
    out["pe_activity"] = lambda: api.pe_activity(con, f, s)
    out["map_localities"] = lambda: api.map_localities(con, f, s)
    out["milestones_list"] = lambda: api.milestones_list(con, f, s)
    out["silent_partners"] = lambda: completeness.silent_partners(con, f, s)
    out["completeness_summary"] = lambda: completeness.completeness_summary(con, f, s)
    return out


def once(con) -> dict:
    """The views without filters (data quality, target cells)."""
    from queries import api
    out = {"target_cells": api.target_cells(con), "dq_last_date": api.dq_last_date(con)}
    for name, scope in scopes().items():
        out[f"dq_load_summary@{name}"] = api.dq_load_summary(con, scope=scope)
        out[f"dq_last_activity@{name}"] = api.dq_last_activity(con, scope=scope)
    return out


def collect(con, n: int, only: str | None = None) -> dict:
    results = {} if only else once(con)
    for i, f in enumerate(combinations(n)):
        today = TODAYS[i % 2]
        for name, scope in scopes().items():
            for view, fn in views(con, f, scope, today).items():
                if only and not view.startswith(only):
                    continue
                results[(i, name, view)] = fn()
    return results


def same(a, b) -> str | None:
    """None when equal, else a short description of the difference."""
    if isinstance(a, pd.DataFrame) or isinstance(b, pd.DataFrame):
        if type(a) is not type(b):
            return f"type {type(a).__name__} != {type(b).__name__}"
        try:
            pd.testing.assert_frame_equal(a, b, check_exact=True, check_dtype=True, check_index_type=True,
                                          check_column_type=True, check_like=False)
        except AssertionError as e:
            return str(e).replace("\n", " ")[:400]
        return None
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if type(a) is not type(b) or len(a) != len(b):
            return f"{a!r} != {b!r}"[:400]
        for x, y in zip(a, b):
            d = same(x, y)
            if d:
                return d
        return None
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            return f"keys {list(a)} != {list(b)}"
        for k in a:
            d = same(a[k], b[k])
            if d:
                return f"{k}: {d}"
        return None
    if isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b):
        return None
    if type(a) is not type(b) or a != b:
        return f"{a!r} ({type(a).__name__}) != {b!r} ({type(b).__name__})"[:400]
    return None


TIMED = ("indicators", "indicator_monthly", "case_funnel", "case_delay_summary", "case_breakdown")


def timing(con, n: int = 30, seed: int = 30) -> dict:
    """name -> (median ms, median ms outside SQL) over n new filter combinations, each under the data owner's
    and the protected staff's scope in turn. SQL time: what queries.execution._run spends."""
    import statistics

    from queries import api, execution
    spent = [0.0]
    run = execution._run

    def timed_run(*a, **kw):
        t = time.perf_counter()
        try:
            return run(*a, **kw)
        finally:
            spent[0] += time.perf_counter() - t
    calls = {"indicators": lambda c, f, s: api.indicators(c, f, s, today=TODAYS[0]),
             "indicator_monthly": api.indicator_monthly, "case_funnel": api.case_funnel,
             "case_delay_summary": api.case_delay_summary,
             "case_breakdown": lambda c, f, s: api.case_breakdown(c, "nationality", f, s)}
    sc = list(scopes().values())[:2]
    for fn in calls.values():           # what is read once per connection, and the imports
        fn(con, combinations(1)[0], sc[1])
    times = {k: ([], []) for k in calls}
    execution._run = timed_run
    try:
        for i, f in enumerate(combinations(n + 1, seed)[1:]):
            for name, fn in calls.items():
                spent[0] = 0.0
                t = time.perf_counter()
                fn(con, f, sc[i % 2])
                total = time.perf_counter() - t
                times[name][0].append(1000 * total)
                times[name][1].append(1000 * (total - spent[0]))
    finally:
        execution._run = run
    return {k: (statistics.median(a), statistics.median(b)) for k, (a, b) in times.items()}


def print_timing(con, burner: bool) -> None:
    import os
    import subprocess
    for label in (("idle", "burner") if burner else ("idle",)):
        proc = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if label == "burner" else None
        try:
            load = os.getloadavg()[0]
            r = timing(con)
        finally:
            if proc is not None:
                proc.kill()
                proc.wait()
        print(f"--- {label} (charge {load:.2f}) : médiane sur 30 combinaisons, ms (total / hors SQL)")
        for k, (a, b) in r.items():
            print(f"  {k:<20} {a:8.1f} {b:8.1f}")


def _sorted(v):
    """A frame's rows sorted on every column (index reset), anything else as it is."""
    if not isinstance(v, pd.DataFrame) or v.empty:
        return v
    try:
        return v.sort_values(list(v.columns), na_position="last", kind="stable").reset_index(drop=True)
    except TypeError:                   # columns that do not sort (mixed types): as they are
        return v


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.identity", description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="folder of extracts (a data version)")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--dump", help="write every result to this pickle file")
    g.add_argument("--compare", help="compare every result with this pickle file")
    g.add_argument("--time", action="store_true", help="median time of the views of a new filter combination")
    ap.add_argument("--burner", action="store_true", help="--time: again with a CPU-bound process beside")
    ap.add_argument("--n", type=int, default=40, help="filter combinations (default 40)")
    ap.add_argument("--only", help="only the views whose name starts with this (compare: the others are skipped)")
    a = ap.parse_args(argv)
    import queries
    ds = queries.open_dataset(a.data)
    if a.time:
        print_timing(ds.con, a.burner)
        return 0
    t0 = time.perf_counter()
    results = collect(ds.con, a.n, a.only)
    took = time.perf_counter() - t0
    if a.dump:
        Path(a.dump).write_bytes(pickle.dumps(results))
        print(f"{len(results)} résultats écrits dans {a.dump} ({took:.1f} s)")
        return 0
    ref = pickle.loads(Path(a.compare).read_bytes())
    bad = order = 0
    for key, r in results.items():
        if key not in ref:
            if isinstance(key, str):
                continue
            print(f"ABSENT de la référence : {key}")
            bad += 1
            continue
        d = same(ref[key], r)
        if d and same(_sorted(ref[key]), _sorted(r)) is None:
            order += 1                  # the same rows in another order: ties of an ORDER BY (DuckDB, threads)
            if order <= 5:
                print(f"ORDRE SEULEMENT {key}")
        elif d:
            bad += 1
            if bad <= 20:
                print(f"DIFFÉRENT {key} : {d}")
    print(f"{len(results)} résultats comparés, {bad} différent(s), {order} dans un autre ordre seulement "
          f"({took:.1f} s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
