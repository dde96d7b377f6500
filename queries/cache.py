"""The cache of built data versions: one DuckDB file per content hash of the extracts (and of everything
that shapes the database), in a private folder, built once, pruned to the most recently used; the
cell-key secret the case record keys are drawn from."""
from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
import stat
import tempfile
import threading
from pathlib import Path

import duckdb

from .contract import METADATA_FILE, TABLES
from .execution import HERE
from .loading import (REFERENCE, TARGETS_FILE, Dataset, DataError, _build, _dataset, _duckdb_config,
                      default_data_dir, resolve_data_dir, table_files)

CACHE_ENV = "KANGABA_CACHE"
CACHE_KEEP = 6            # database files kept in the cache folder (the most recently used)


def cache_dir() -> Path:
    """Where validated data versions are kept as DuckDB files ($KANGABA_CACHE, default <tmp>/kangaba-cache)."""
    return Path(os.environ.get(CACHE_ENV) or Path(tempfile.gettempdir()) / "kangaba-cache")


_log = logging.getLogger("kangaba.cache")
_warned: set[str] = set()
_lock = threading.Lock()


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
    _digest(h, [HERE / "loading.py", HERE / "cache.py", HERE / "contract.py", HERE / "targets.py", HERE / "_setup.sql",
                HERE / "_prepared.sql", HERE / "prepared.py", HERE / "grains.py", *sorted(REFERENCE.glob("*.csv"))])
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
