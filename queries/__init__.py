"""The one data-access package of the dashboard (no Streamlit here: the cache of results lives in
`dashboard/data.py`).

- `loading`: where the extracts are, their contract checks, the reference tables, the database build;
- `cache`: `open_dataset(dir)`, one validated DuckDB file per data version, the cell-key secret;
- `binding`: `Filters` (what the user asked for) and `Scope` (what the signed-in role may see) become
  the same bound parameters for every query (`bind`);
- `execution`: `execute(con, name, params)` runs `queries/<name>.sql` with bound parameters on its own cursor;
- `api` (indicators, cases, other views, data quality): what pages, the headless CLI and the exports call.

This module only re-exports their public names: `from queries import X` keeps working.
"""
from __future__ import annotations

from . import contract
from .binding import FULL_SCOPE, Filters, Scope, bind, quarter_end, quarter_start
from .cache import (CACHE_ENV, CACHE_KEEP, SECRET_ENV, SECRET_FILE, cache_dir, cell_key_secret, extracts_key,
                    open_dataset, usable_cache_dir)
from .execution import HERE, execute, execute_rows, load_sql, query_names
from .loading import (DATA_ENV, REFERENCE, REPO, TARGETS_FILE, DataError, Dataset, default_data_dir,
                      has_extracts, logframe, resolve_data_dir, results, signature, table_files)
from .protect import ROUND_BASE, band, protect_counts

def __getattr__(name: str):
    """The submodules and the functions of `api` (`queries.indicators`, ...), imported on first use:
    `import queries` loads neither the views nor the judging code it does not need."""
    import importlib
    if name.startswith("__"):
        raise AttributeError(name)
    if (HERE / f"{name}.py").is_file():
        return importlib.import_module(f"{__name__}.{name}")
    api = importlib.import_module(f"{__name__}.api")
    if name in api.__all__:
        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    from . import api
    return sorted(set(globals()) | set(api.__all__))
