"""Loading a data version: where the extracts are, the contract checks of each extract, the reference
tables (logframe, localities, results, indicator sources, targets) and the build of the DuckDB database
(tables + _setup.sql). Messages are French and name the file, the column and the values."""
from __future__ import annotations

import csv
import json
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from . import contract, prepared
from .contract import METADATA_FILE, TABLES
from .execution import HERE

REPO = HERE.parent
REFERENCE = HERE / "reference"
DATA_ENV = "KANGABA_DATA"
TARGETS_FILE = "cibles.csv"     # a data version's own target cells (queries/targets.py)


class DataError(Exception):
    """Extracts that cannot be used. The message is French and names file, column and values."""

    def __init__(self, problems: list[str], data_dir: Path | None = None):
        self.problems = problems
        self.data_dir = data_dir
        head = "Les extraits de données ne peuvent pas être chargés"
        where = f" ({data_dir})" if data_dir else ""
        super().__init__(head + where + " :\n" + "\n".join(f"- {p}" for p in problems))


# ---------------------------------------------------------------- locations

def default_data_dir() -> Path:
    """`$KANGABA_DATA` if set, else `data/` beside app.py."""
    return Path(os.environ.get(DATA_ENV) or REPO / "data")


def resolve_data_dir(data_dir: str | Path) -> Path:
    """The folder that holds the extracts in force.

    The importer keeps versions in `DIR/versions/<id>/` and points `DIR/current`
    (a symlink, switched atomically) at the one in force; a plain folder of
    extracts is read as it is.
    """
    d = Path(data_dir)
    cur = d / "current"
    return cur.resolve() if cur.is_dir() else d


def table_files(data_dir: Path, table: str) -> list[Path]:
    single = data_dir / f"{table}.parquet"
    if single.is_file():
        return [single]
    folder = data_dir / table
    return sorted(folder.glob("*.parquet")) if folder.is_dir() else []


def has_extracts(data_dir: str | Path) -> bool:
    d = resolve_data_dir(data_dir)
    return any(table_files(d, t) for t in TABLES)


def signature(data_dir: str | Path) -> tuple:
    """Changes whenever an extract in force changes: the key of every cache."""
    d = resolve_data_dir(data_dir)
    files = [f for t in TABLES for f in table_files(d, t)] + [d / METADATA_FILE, d / TARGETS_FILE]
    return (str(d),) + tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.exists())


# ------------------------------------------------------------------ loading

@dataclass
class Dataset:
    con: duckdb.DuckDBPyConnection
    data_dir: Path
    meta: dict
    rows: dict[str, int]
    ignored_columns: dict[str, list[str]]

    @property
    def synthetic(self) -> bool:
        return bool(self.meta.get("synthetic"))


def _sql_list(values) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _examples(rows) -> str:
    return ", ".join(repr(r[0]) for r in rows[:5])


def _load_table(con, table: contract.Table, files: list[Path], problems: list[str]) -> list[str]:
    label = files[0].name if len(files) == 1 else f"{table.name}/*.parquet"
    paths = "[" + _sql_list(str(f) for f in files) + "]"
    try:
        con.execute(f"create or replace temp view _raw as select * from read_parquet({paths}, union_by_name = true)")
        have = {r[0]: r[1] for r in con.execute("describe _raw").fetchall()}
    except duckdb.Error as e:
        problems.append(f"{label} : fichier illisible ({str(e).splitlines()[0][:160]}).")
        return []
    missing = [c.name for c in table.columns if c.name not in have and not c.optional]
    if missing:
        problems.append(f"{label} : colonne(s) obligatoire(s) absente(s) : {', '.join(missing)} "
                        f"(colonnes trouvées : {', '.join(have) or 'aucune'}).")
        return []
    # One pass over the file counts the values of each column that do not convert to the contract's
    # type; one pass over the table counts missing values and codes outside the lists. The detailed
    # (slower) queries naming the wrong values run only for the columns that have some.
    srcs, selects = {}, []
    for c in table.columns:
        if c.name not in have:
            selects.append(f"cast({c.default} as {c.type}) as {c.name}")
            continue
        src = f'"{c.name}"'
        if c.type == "date" and have[c.name].upper().startswith("TIMESTAMP"):
            src = f"cast({src} as date)"
        if have[c.name].upper() == c.type.upper():      # already the contract's type: nothing to convert
            selects.append(f"{src} as {c.name}")
            continue
        srcs[c.name] = src
        selects.append(f"try_cast({src} as {c.type}) as {c.name}")
    types = {c.name: c.type for c in table.columns}
    checks = [f"count(*) filter (where {src} is not null and try_cast({src} as {types[n]}) is null)"
              for n, src in srcs.items()]
    bad_type = con.execute(f"select {', '.join(checks)} from _raw").fetchone() if checks else ()
    for (n, src), count in zip(srcs.items(), bad_type):
        if count:
            bad = con.execute(f"select distinct {src} from _raw where {src} is not null "
                              f"and try_cast({src} as {types[n]}) is null limit 5").fetchall()
            problems.append(f"{label}, colonne {n} : valeurs de type incorrect (attendu {types[n]}) : {_examples(bad)}.")
    if any(bad_type):
        return []
    con.execute(f"create or replace table {table.name} as select {', '.join(selects)} from _raw")
    checks, named = [], []
    for c in table.columns:
        if not c.nullable:
            checks.append(f"count(*) filter (where {c.name} is null)")
            named.append(("null", c))
        if c.enum:
            checks.append(f"count(*) filter (where {c.name} is not null and {c.name} not in ({_sql_list(c.enum)}))")
            named.append(("enum", c))
    counts = con.execute(f"select {', '.join(checks)} from {table.name}").fetchone() if checks else ()
    for (kind, c), n in zip(named, counts):
        if not n:
            continue
        if kind == "null":
            problems.append(f"{label}, colonne {c.name} : {n} ligne(s) sans valeur (valeur obligatoire).")
        else:
            bad = con.execute(f"select distinct {c.name} from {table.name} where {c.name} is not null "
                              f"and {c.name} not in ({_sql_list(c.enum)}) order by 1 limit 5").fetchall()
            problems.append(f"{label}, colonne {c.name} : code(s) hors de la liste du contrat : {_examples(bad)} "
                            f"(codes admis : {', '.join(c.enum)}).")
    if table.name == "cases":
        bad = con.execute("select distinct nationality from cases where not regexp_full_match(nationality, '[A-Z]{3}') "
                          "limit 5").fetchall()
        if bad:
            problems.append(f"{label}, colonne nationality : code ISO 3166-1 alpha-3 attendu (ex. MLI) : {_examples(bad)}.")
    return [c for c in have if c not in table.column_names]


def _load_reference(con, d: Path) -> None:
    for name in ("logframe", "localities", "results"):
        path = REFERENCE / f"{name}.csv"
        con.execute(f"create or replace table ref_{name} as select * from read_csv('{path}', header = true, all_varchar = false)")
    path = REFERENCE / "indicator_sources.csv"       # where each indicator comes from (reference/README.md)
    con.execute(f"create or replace table ref_indicator_sources as select * from read_csv('{path}', header = true, "
                "all_varchar = true)")
    # target cells: the default (reference/targets.csv) with those of the data version (cibles.csv, imported)
    from . import targets
    own = d / TARGETS_FILE
    cells = targets.merged(targets.read_csv(targets.DEFAULT_FILE), targets.read_csv(own) if own.is_file() else None)
    con.register("_target_cells", cells.astype({"year": "float64"}))
    con.execute("create or replace table ref_targets as select indicator::varchar as indicator, commune::varchar as "
                "commune, partner::varchar as partner, year::integer as year, sex::varchar as sex, "
                "setting::varchar as setting, target::double as target from _target_cells")
    con.unregister("_target_cells")


def _duckdb_config() -> dict:
    """Two threads, and a memory cap ($KANGABA_DUCKDB_MEMORY_MB, default 256 MB) with a private spill
    folder. Without a cap, concurrent sessions each build hash tables and the allocator keeps the
    high-water mark (700 MB at x100 under 20 sessions); with it, DuckDB spills to the folder instead
    of growing the process. Set before anything runs: DuckDB cannot change its spill folder once it
    has used one."""
    spill = Path(tempfile.gettempdir()) / f"kangaba-duckdb-{os.getpid()}"
    return {"threads": 2, "memory_limit": f"{int(os.environ.get('KANGABA_DUCKDB_MEMORY_MB', '256'))}MB",
            "temp_directory": str(spill)}


def _dataset(con: duckdb.DuckDBPyConnection, d: Path) -> Dataset:
    counts = dict(con.execute("select table_name, n from _dataset_rows").fetchall())
    rows = {t: counts[t] for t in TABLES}
    ignored = {t: json.loads(c) for t, c in con.execute("select table_name, columns from _dataset_ignored").fetchall()}
    meta = {}
    if (d / METADATA_FILE).is_file():
        try:
            meta = json.loads((d / METADATA_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
    return Dataset(con, d, meta, rows, ignored)


def _build(d: Path, target: str, secret: str) -> duckdb.DuckDBPyConnection:
    """Validate every extract of d and build the database (tables, reference, _setup.sql) in target."""
    con = duckdb.connect(target, config=_duckdb_config())
    problems: list[str] = []
    ignored = {}
    try:
        for t in TABLES.values():
            files = table_files(d, t.name)
            if not files:
                if t.optional:
                    con.execute(f"create table {t.name} as select " + ", ".join(
                        f"cast(null as {c.type}) as {c.name}" for c in t.columns) + " where false")
                    continue
                problems.append(f"extrait manquant : {t.name}.parquet (ou dossier {t.name}/) dans {d}.")
                continue
            extra = _load_table(con, t, files, problems)
            if extra:
                ignored[t.name] = extra
        if problems:
            raise DataError(problems, d)
        con.execute("create table _dataset_rows as " + " union all ".join(
            f"select '{t}' as table_name, count(*) as n from {t}" for t in TABLES))
        con.execute("create table _dataset_ignored (table_name varchar, columns varchar)")
        for t, cols in ignored.items():
            con.execute("insert into _dataset_ignored values (?, ?)", [t, json.dumps(cols)])
        _load_reference(con, d)
        con.execute("create table _cell_secret as select ?::varchar as s", [secret])
        con.execute((HERE / "_setup.sql").read_text(encoding="utf-8"))
        prepared.build(con)                         # aggregates for the sidebar's grains (prepared.py)
        if target != ":memory:":
            con.execute("checkpoint")
    except BaseException:
        con.close()
        raise
    return con


# --------------------------------------------------------------- reference

# Each reference table is read once (a change of the reference is a restart; tests clear the caches with
# `logframe.cache_clear()`...). Every caller gets its own shallow copy: pandas' copy-on-write makes any change
# of it its own, never the frame read once. What is derived from them: queries.memo.per_reference.

def logframe() -> pd.DataFrame:
    """reference/logframe.csv: one row per indicator (order, unit, targets, labels, applies, phasing...)."""
    return _logframe().copy(deep=False)


@lru_cache(maxsize=1)
def _logframe() -> pd.DataFrame:
    with open(REFERENCE / "logframe.csv", encoding="utf-8") as f:
        df = pd.DataFrame(list(csv.DictReader(f)))
    for c in ("order", "baseline", "target"):
        df[c] = pd.to_numeric(df[c])
    for c in ("target_female", "target_male", "target_site", "target_ecole"):
        df[c] = pd.to_numeric(df[c].replace("", None))
    return df


def indicator_sources() -> pd.DataFrame:
    """reference/indicator_sources.csv: one row per indicator x mapping (source, role, activity type,
    stage, milestone kind, measure, `among`: the indicator a rate is taken among). Empty cells are None."""
    return _indicator_sources().copy(deep=False)


@lru_cache(maxsize=1)
def _indicator_sources() -> pd.DataFrame:
    with open(REFERENCE / "indicator_sources.csv", encoding="utf-8") as f:
        rows = [{k: (v or None) for k, v in r.items()} for r in csv.DictReader(f)]
    return pd.DataFrame(rows)


@lru_cache(maxsize=None)
def indicator_ids(source: str | None = None, unit: str | None = None) -> tuple[str, ...]:
    """Logframe ids (logframe order) whose reference rows have this source, and this unit (count, percent)."""
    lf = logframe()
    src = indicator_sources()
    ids = set(src["indicator"] if source is None else src.loc[src["source"] == source, "indicator"])
    keep = lf["id"].isin(ids) & (lf["unit"] == unit if unit else True)
    return tuple(lf.loc[keep].sort_values("order")["id"])


def results() -> pd.DataFrame:
    """reference/results.csv: the project's objectives and results (codes and labels)."""
    return _results().copy(deep=False)


@lru_cache(maxsize=1)
def _results() -> pd.DataFrame:
    with open(REFERENCE / "results.csv", encoding="utf-8") as f:
        return pd.DataFrame(list(csv.DictReader(f)))


logframe.cache_clear = _logframe.cache_clear                    # type: ignore[attr-defined]
indicator_sources.cache_clear = _indicator_sources.cache_clear  # type: ignore[attr-defined]
results.cache_clear = _results.cache_clear                      # type: ignore[attr-defined]
