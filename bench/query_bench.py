"""(a) Every function of the query layer, warm: median of `reps` runs after one warm-up run,
with the default filters and with a commune + year filter (NOUGA, 2021)."""
from __future__ import annotations

import inspect
import traceback
from datetime import date
from pathlib import Path

from .common import median, open_timed, timed

# Arguments needed by functions that take more than (con, filters, scope).
EXTRA_ARGS = {"dimension": "nationality"}
NOT_QUERIES = {"band", "indicators_records"}     # helpers in queries.api.__all__ that read nothing


def commune_year_filters():
    import queries
    return queries.Filters(communes=("NOUGA",), start=date(2021, 1, 1), end=date(2021, 12, 31))


def query_functions() -> list[tuple[str, object]]:
    """(name, function) of every function of queries.api that reads the database, then those of the explorer,
    the budget and the completeness modules (named module.function; default indicator and grain)."""
    from queries import api, budget, completeness, explore
    out = []
    for module, prefix in ((api, ""), (explore, "explore."), (budget, "budget."), (completeness, "completeness.")):
        for name in module.__all__:
            fn = getattr(module, name, None)
            if not callable(fn) or name in NOT_QUERIES or inspect.isclass(fn):
                continue
            params = list(inspect.signature(fn).parameters)
            if params and params[0] == "con":
                out.append((prefix + name, fn))
    return out


def _call(fn, con, filters):
    sig = inspect.signature(fn).parameters
    kw = {}
    for p, spec in sig.items():
        if p == "con":
            continue
        if p == "filters":
            kw[p] = filters
        elif p in EXTRA_ARGS and spec.default is inspect.Parameter.empty:
            kw[p] = EXTRA_ARGS[p]
        elif spec.default is inspect.Parameter.empty and p != "scope":
            raise TypeError(f"argument {p} inconnu du banc d'essai")
    return fn(con, **kw)


def run(data_dir: Path, reps: int = 5) -> dict:
    """{'open_s': seconds to open the dataset from the cache, 'build_s': to validate and build it the first
    time, 'functions': {name: {...}}, 'sql': {name: {...}}}."""
    import queries
    ds, build_s, open_s = open_timed(data_dir)
    res: dict = {"open_s": open_s, "build_s": build_s, "rows": dict(ds.rows), "functions": {}, "sql": {}}
    cy = commune_year_filters()
    try:
        for name, fn in query_functions():
            takes_filters = "filters" in inspect.signature(fn).parameters
            entry = {"default": None, "commune_year": None, "error": None}
            for label, flt in (("default", queries.Filters()), ("commune_year", cy)):
                if label == "commune_year" and not takes_filters:
                    continue
                try:
                    entry[label] = median(timed(lambda: _call(fn, ds.con, flt), reps))
                except Exception as e:  # noqa: BLE001  (report, keep measuring the others)
                    entry["error"] = f"{type(e).__name__}: {str(e).splitlines()[0][:160]}"
                    entry["traceback"] = traceback.format_exc(limit=3)
                    break
            res["functions"][name] = entry
        # the statements themselves (queries/<name>.sql), default filters: where the time goes
        p = queries.bind(queries.Filters(), queries.FULL_SCOPE, types=None, dimension="nationality",
                         stall_days=90, project_start=date.fromisoformat(queries.contract.PROJECT_START),
                         project_end=date.fromisoformat(queries.contract.PROJECT_END), today=date.today())
        for name in queries.query_names():
            try:
                res["sql"][name] = {"default": median(timed(lambda: queries.execute(ds.con, name, p), reps)),
                                    "error": None}
            except Exception as e:  # noqa: BLE001
                res["sql"][name] = {"default": None, "error": f"{type(e).__name__}: {str(e).splitlines()[0][:160]}"}
    finally:
        ds.con.close()
    return res
