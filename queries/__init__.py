"""The one data-access module of the dashboard.

- `open_dataset(dir)` validates the parquet extracts against the contract and
  loads them into an in-memory DuckDB database (one per data version);
- `execute(con, name, params)` runs `queries/<name>.sql` with bound
  parameters on its own cursor;
- `Filters` (what the user asked for) and `Scope` (what the signed-in role may
  see) become the same bound parameters for every query;
- the functions at the end (`indicators`, `case_funnel`, ...) are what pages,
  the headless CLI and the exports call.  The Streamlit cache lives in
  `dashboard/data.py`, so this module runs without Streamlit.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import logging
import re
import secrets
import stat
import tempfile
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from . import contract
from .contract import METADATA_FILE, TABLES

HERE = Path(__file__).resolve().parent
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
    # target cells: the default (reference/targets.csv) with those of the data version (cibles.csv, imported)
    from . import targets
    own = d / TARGETS_FILE
    cells = targets.merged(targets.read_csv(targets.DEFAULT_FILE), targets.read_csv(own) if own.is_file() else None)
    con.register("_target_cells", cells.astype({"year": "float64"}))
    con.execute("create or replace table ref_targets as select indicator::varchar as indicator, commune::varchar as "
                "commune, partner::varchar as partner, year::integer as year, sex::varchar as sex, "
                "setting::varchar as setting, target::double as target from _target_cells")
    con.unregister("_target_cells")


CACHE_ENV = "KANGABA_CACHE"
CACHE_KEEP = 6            # database files kept in the cache folder (the most recently used)


def _duckdb_config() -> dict:
    """Two threads, and a memory cap ($KANGABA_DUCKDB_MEMORY_MB, default 256 MB) with a private spill
    folder. Without a cap, concurrent sessions each build hash tables and the allocator keeps the
    high-water mark (700 MB at x100 under 20 sessions); with it, DuckDB spills to the folder instead
    of growing the process. Set before anything runs: DuckDB cannot change its spill folder once it
    has used one."""
    spill = Path(tempfile.gettempdir()) / f"kangaba-duckdb-{os.getpid()}"
    return {"threads": 2, "memory_limit": f"{int(os.environ.get('KANGABA_DUCKDB_MEMORY_MB', '256'))}MB",
            "temp_directory": str(spill)}


def cache_dir() -> Path:
    """Where validated data versions are kept as DuckDB files ($KANGABA_CACHE, default <tmp>/kangaba-cache)."""
    return Path(os.environ.get(CACHE_ENV) or Path(tempfile.gettempdir()) / "kangaba-cache")


_log = logging.getLogger("kangaba.cache")
_warned: set[str] = set()


def _warn_once(key: str, message: str) -> None:
    with _lock:
        if key in _warned:
            return
        _warned.add(key)
    _log.warning(message)


def _private(folder: Path) -> bool:
    """The folder exists, is a real folder (not a link), belongs to this process's user and is closed
    to everyone else: the copies of children's data it holds are then as protected as the extracts."""
    try:
        st = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid() and st.st_mode & 0o077 == 0


def _make_private(folder: Path) -> bool:
    """Create `folder` (owner only) if it is missing. Idempotent: two threads or two processes creating
    it at the same moment both succeed (exist_ok); the result is then checked, never assumed."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return False
    return _private(folder)


def usable_cache_dir() -> Path | None:
    """The cache folder this process may use, or None (then the database is built in memory).

    $KANGABA_CACHE, or <tmp>/kangaba-cache. A folder that belongs to another user, or that others can
    read, is never used: for the default folder (a shared temporary directory, where anyone can create
    it first) a private one of this user is used instead, <tmp>/kangaba-cache-<uid>; for a folder set
    explicitly, memory. Said once in the log."""
    folder = cache_dir()
    if _make_private(folder):
        return folder
    if os.environ.get(CACHE_ENV):
        _warn_once(str(folder), f"cache {folder} inutilisable (absent, à un autre utilisateur ou ouvert à "
                                 "d'autres) : les données sont chargées en mémoire")
        return None
    own = folder.with_name(f"{folder.name}-{os.geteuid()}")
    if _make_private(own):
        _warn_once(str(folder), f"cache {folder} à un autre utilisateur ou ouvert à d'autres : {own} est utilisé")
        return own
    _warn_once(str(folder), f"ni {folder} ni {own} ne sont utilisables : les données sont chargées en mémoire")
    return None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:                 # EPERM: a live process of another user
        return True
    return True


_TMP = re.compile(r"^\.(?P<stem>[0-9a-f]+)-(?P<pid>\d+)-\d+\.tmp(\.wal)?$")


def _remove_leftovers(folder: Path) -> None:
    """Half-built database files of processes that died while building (kill -9, power cut): copies of
    children's data that nothing else would ever delete."""
    for f in folder.iterdir():
        m = _TMP.match(f.name)
        if m and not _pid_alive(int(m["pid"])):
            f.unlink(missing_ok=True)


SECRET_ENV = "KANGABA_CELL_KEY_SECRET"
SECRET_FILE = ".cle-cellules"     # in the data folder (the store root, beside versions/): never versioned


def cell_key_secret(root: Path) -> str:
    """The secret from which every case's record key is drawn (cell-key rounding, queries/protect.py).

    $KANGABA_CELL_KEY_SECRET (several servers: give them the same), else the file .cle-cellules of the
    data folder, made once (owner only) and kept across imports and restores, so that the same cases
    always get the same rounding, version after version (no averaging over versions or restarts). A
    data folder that cannot be written: a secret drawn from the cases extract itself, which those who
    see the dashboard do not have."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV]
    f = root / SECRET_FILE
    if f.is_file():
        return f.read_text(encoding="ascii").strip()
    tmp = root / f".{SECRET_FILE}-{os.getpid()}-{threading.get_ident()}"
    try:
        tmp.write_text(secrets.token_hex(32), encoding="ascii")
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, f)                             # atomic, and never replaces a secret already made
        except FileExistsError:
            pass                                        # another process made it first: use that one
        finally:
            tmp.unlink(missing_ok=True)
        return f.read_text(encoding="ascii").strip()
    except OSError:
        h = hashlib.sha256(b"kangaba-cell-key\0")
        for cases in table_files(resolve_data_dir(root), "cases"):
            h.update(cases.read_bytes())
        return h.hexdigest()


def _digest(h, files: list[Path]) -> None:
    for f in files:
        if f.is_file():
            h.update(f.name.encode() + b"\0")
            with open(f, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)


def extracts_key(data_dir: str | Path) -> str:
    """Content hash of the extracts in force (files, metadata, targets): the same bytes, the same key."""
    d = resolve_data_dir(data_dir)
    h = hashlib.sha256()
    _digest(h, [f for t in TABLES for f in table_files(d, t)] + [d / METADATA_FILE, d / TARGETS_FILE])
    return h.hexdigest()[:32]


def _cache_key(d: Path, secret: str) -> str:
    """Content hash of the extracts in force and of everything that shapes the database built from
    them (contract, loader, _setup.sql, reference tables, DuckDB's version, the cell-key secret)."""
    h = hashlib.sha256(duckdb.__version__.encode() + hashlib.sha256(secret.encode()).digest())
    h.update(extracts_key(d).encode())
    _digest(h, [HERE / "__init__.py", HERE / "contract.py", HERE / "targets.py", HERE / "_setup.sql",
                *sorted(REFERENCE.glob("*.csv"))])
    return h.hexdigest()[:32]


def open_dataset(data_dir: str | Path | None = None, secret_root: str | Path | None = None) -> Dataset:
    """Validate and load every extract. Raises DataError (French) on anything unusable.

    A data version is validated and built once into a DuckDB file of the cache folder (compressed,
    with the derived tables of _setup.sql); later opens, by this process after a restart or by the
    other servers of a cluster, attach that file read-only: a few milliseconds instead of a second at
    x100, and the tables' pages are read from the OS page cache, which the servers share. Without a
    writable cache folder the database is built in memory, as before."""
    root = Path(data_dir or default_data_dir())
    d = resolve_data_dir(root)
    if not d.is_dir():
        raise DataError([f"le dossier de données {d} n'existe pas."], d)
    secret = cell_key_secret(Path(secret_root) if secret_root else root)   # the importer: its store's
    folder = usable_cache_dir()
    if folder is None:
        return _dataset(_build(d, ":memory:", secret), d)
    path = folder / f"{_cache_key(d, secret)}.duckdb"
    with _build_lock(path):                             # a second thread of this process waits for the first
        if not path.is_file():
            _remove_leftovers(folder)
            tmp = folder / f".{path.stem}-{os.getpid()}-{threading.get_ident()}.tmp"
            try:
                _build(d, str(tmp), secret).close()             # DataError: nothing is kept
                os.chmod(tmp, 0o600)
                os.replace(tmp, path)                   # atomic: readers see no half-built file
            except OSError as e:                        # disk full, folder removed meanwhile: memory
                _warn_once(f"build:{folder}", f"écriture impossible dans le cache {folder} ({e}) : "
                                              "données chargées en mémoire")
                return _dataset(_build(d, ":memory:", secret), d)
            finally:
                for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                    leftover.unlink(missing_ok=True)
            _prune(folder, keep=path)
    try:
        con = duckdb.connect(str(path), read_only=True, config=_duckdb_config())
    except (duckdb.Error, OSError) as e:               # pruned by another server between the check and here
        _warn_once(f"open:{path}", f"base {path.name} illisible ({e}) : données chargées en mémoire")
        return _dataset(_build(d, ":memory:", secret), d)
    try:
        os.utime(path)                                  # recently used: kept by _prune
    except OSError:
        pass                                            # another user's file in a shared folder: only pruning order
    return _dataset(con, d)


_build_locks: dict[str, threading.Lock] = {}


def _build_lock(path: Path) -> threading.Lock:
    with _lock:
        return _build_locks.setdefault(str(path), threading.Lock())


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
        if target != ":memory:":
            con.execute("checkpoint")
    except BaseException:
        con.close()
        raise
    return con


def _prune(folder: Path, keep: Path) -> None:
    """Delete all but the CACHE_KEEP most recently used database files (an open file stays readable)."""
    def used(f: Path) -> float:
        try:
            return f.stat().st_mtime
        except FileNotFoundError:                       # pruned by another server meanwhile
            return 0.0
    files = sorted(folder.glob("*.duckdb"), key=used, reverse=True)
    for f in files[CACHE_KEEP:]:
        if f != keep:
            f.unlink(missing_ok=True)


# ---------------------------------------------------------------- execution

_HEADER_PARAMS = re.compile(r"^--\s*params:\s*(.*)$", re.M)
_USED_PARAMS = re.compile(r"\$([a-z_][a-z0-9_]*)")


@lru_cache(maxsize=None)
def load_sql(name: str) -> tuple[str, tuple[str, ...]]:
    """The text of queries/<name>.sql and the parameters its header declares."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise ValueError(f"nom de requête invalide : {name!r}")
    text = (HERE / f"{name}.sql").read_text(encoding="utf-8")
    m = _HEADER_PARAMS.search(text)
    declared = tuple(p.strip().lstrip("$") for p in m.group(1).split(",") if p.strip()) if m else ()
    if declared == ("none",):
        declared = ()
    return text, declared


def query_names() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.sql") if not p.stem.startswith("_"))


_lock = threading.Lock()


def _cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of its own: DuckDB connections are not shared between threads."""
    with _lock:
        return con.cursor()


def _run(con: duckdb.DuckDBPyConnection, name: str, params: dict | None, fetch):
    """Run one named query on its own cursor with only the parameters it declares; fetch(cursor)."""
    sql, declared = load_sql(name)
    params = params or {}
    missing = [p for p in declared if p not in params]
    if missing:
        raise KeyError(f"{name}: paramètres manquants {missing}")
    cur = _cursor(con)
    try:
        return fetch(cur.execute(sql, {p: params[p] for p in declared}))
    finally:
        cur.close()


def execute(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pd.DataFrame:
    """A named query's result as a DataFrame."""
    return _run(con, name, params, lambda cur: cur.df())


def execute_rows(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> list[dict]:
    """A named query's (small) result as a list of dicts, NULL as None: no DataFrame to build."""
    def fetch(cur):
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]
    return _run(con, name, params, fetch)


# ------------------------------------------------------------ filters, scope

def _tuple(v) -> tuple[str, ...] | None:
    if v is None:
        return None
    if isinstance(v, str):
        return (v,)
    return tuple(v)


@dataclass(frozen=True)
class Filters:
    """What the user asked for. None means "all" (data-contract.md, Filters)."""
    communes: tuple[str, ...] | None = None
    start: date | None = None
    end: date | None = None
    partner: tuple[str, ...] | None = None   # one or more partners
    sex: str | None = None                   # 'F' or 'M'
    localities: tuple[str, ...] | None = None

    def __post_init__(self):
        object.__setattr__(self, "communes", _tuple(self.communes) or None)
        object.__setattr__(self, "partner", _tuple(self.partner) or None)
        object.__setattr__(self, "localities", _tuple(self.localities) or None)
        for name in ("start", "end"):
            v = getattr(self, name)
            if isinstance(v, str):
                object.__setattr__(self, name, date.fromisoformat(v))


@dataclass(frozen=True)
class Scope:
    """What the signed-in role may see; applied inside every query.

    communes/partners: None = all. min_cell: counts of cases from 1 to
    min_cell-1 are hidden (0 = off). hide_no_consent: leave out cases whose
    consent_reporting is not true (false, or unknown).
    """
    communes: tuple[str, ...] | None = None
    partners: tuple[str, ...] | None = None
    min_cell: int = 0
    hide_no_consent: bool = False

    def __post_init__(self):
        object.__setattr__(self, "communes", _tuple(self.communes))
        object.__setattr__(self, "partners", _tuple(self.partners))
        if self.min_cell > 1:       # protected: never below the rounding base (queries/protect.py)
            object.__setattr__(self, "min_cell", max(self.min_cell, ROUND_BASE))

    @property
    def protected(self) -> bool:
        """Case figures rounded and small ones hidden; time at the quarter (everyone but the data owner)."""
        return self.min_cell > 1


FULL_SCOPE = Scope()


def _intersect(asked: tuple | None, allowed: tuple | None) -> list | None:
    if allowed is None:
        return list(asked) if asked is not None else None
    if asked is None:
        return list(allowed)
    return [v for v in asked if v in allowed]


def quarter_start(d: date) -> date:
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def quarter_end(d: date) -> date:
    q = (d.month - 1) // 3 + 1
    return date(d.year + (q == 4), (3 * q) % 12 + 1, 1) - timedelta(days=1)


def bind(filters: Filters, scope: Scope = FULL_SCOPE, **extra) -> dict:
    """The bound parameters shared by every query. The scope can only narrow. For a protected scope,
    the period is widened to whole quarters: a day-level end date would make any count a detector of
    one child's identification day (README, « Protection des enfants »)."""
    start, end = filters.start, filters.end
    if scope.protected:
        start = quarter_start(start) if start else None
        end = quarter_end(end) if end else None
    communes = _intersect(filters.communes, scope.communes)
    partners = _intersect(filters.partner, scope.partners)
    localities = list(filters.localities) if filters.localities else None
    if localities is not None and communes is not None:
        localities = [l for l in localities if contract.LOCALITY_COMMUNE.get(l) in communes]
    return dict(
        start=start, end=end, communes=communes, partners=partners,
        sex=filters.sex if filters.sex in contract.SEXES else None, localities=localities,
        hide_no_consent=scope.hide_no_consent, pass_threshold=contract.PASS_THRESHOLD, **extra,
    )


# --------------------------------------------------------------- reference

@lru_cache(maxsize=1)
def logframe() -> pd.DataFrame:
    with open(REFERENCE / "logframe.csv", encoding="utf-8") as f:
        df = pd.DataFrame(list(csv.DictReader(f)))
    for c in ("order", "baseline", "target"):
        df[c] = pd.to_numeric(df[c])
    for c in ("target_female", "target_male", "target_site", "target_ecole"):
        df[c] = pd.to_numeric(df[c].replace("", None))
    return df


@lru_cache(maxsize=1)
def results() -> pd.DataFrame:
    with open(REFERENCE / "results.csv", encoding="utf-8") as f:
        return pd.DataFrame(list(csv.DictReader(f)))


from .api import *  # noqa: E402,F401,F403
from .protect import ROUND_BASE, band, protect_counts  # noqa: E402,F401
