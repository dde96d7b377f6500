"""The lock of an import (or a restore) and the cleaning of what an unfinished one left (importer/store.py
re-exports every name here; its docstring tells the whole layout).

A lock file beside DIR (`.DIR.import.lock`, flock: released by the kernel if the process dies) keeps two
imports (or restores) from running at once; the second one is told so, nothing waits. With
KANGABA_DATABASE_URL the lock is the state store's PostgreSQL advisory lock instead (state/pg.py). Whoever
takes the lock first cleans what killed imports left: staging folders beside DIR, versions published
(a journal `versions/.pending-<id>.json` still there) but never put in force, versions half-deleted.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import state

VERSIONS = "versions"
CURRENT = "current"
PENDING = ".pending-{}.json"           # journal of an import being published, in DIR/versions
REMOVING = ".removing-"                # a version folder being deleted (renamed first: never listed half-deleted)
PAUSE_ENV = "KANGABA_IMPORT_PAUSE"


class StoreError(Exception):
    """Nothing was written. The message is French."""


class Busy(StoreError):
    pass


# ------------------------------------------------------------------ places

def work_area(data_dir: Path) -> tuple[Path, str]:
    """Where the lock and the staging folder live, and their name prefix: beside DIR (same
    filesystem, DIR untouched until the switch); inside DIR only when its parent cannot be used."""
    d = Path(os.path.abspath(data_dir))
    parent = d.parent
    same_fs = not d.exists() or parent.stat().st_dev == d.stat().st_dev
    if parent.is_dir() and os.access(parent, os.W_OK) and same_fs:
        return parent, f".{d.name}."
    if d.is_dir() and os.access(d, os.W_OK):
        return d, "."
    raise StoreError(f"impossible d'écrire à côté de {d} ni dedans : vérifiez les droits du dossier.")


@contextmanager
def lock(data_dir: Path):
    """Exclusive lock for the duration of an import or a restore (flock, or PostgreSQL's advisory lock with
    KANGABA_DATABASE_URL: released if the process dies)."""
    area, prefix = work_area(data_dir)
    shared = state.current()
    with _shared_lock(shared, data_dir) if shared.shared_lock else _flock(area / f"{prefix}import.lock", data_dir):
        try:
            recover(data_dir, area, prefix)
        except OSError as e:
            raise StoreError(f"ce qu'un import interrompu a laissé dans {area} ne peut pas être nettoyé ({e}) : "
                             "rien n'est changé ; vérifiez les droits du dossier.") from None
        step("locked")
        yield


@contextmanager
def _shared_lock(shared, data_dir: Path):
    """One import at a time on every machine of the installation (the state store's lock)."""
    with ExitStack() as held:
        try:
            held.enter_context(shared.import_lock(str(data_dir)))
        except state.Busy as e:
            raise Busy(str(e)) from None
        except state.StateError as e:
            raise StoreError(str(e)) from None
        yield


@contextmanager
def _flock(path: Path, data_dir: Path):
    """The lock file beside DIR, flock'ed (one machine)."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.read(fd, 32).decode(errors="replace").strip()
            os.close(fd)
            raise Busy(f"un autre import (ou une restauration) est en cours sur {data_dir}"
                       + (f" (processus {pid})" if pid else "") + " : réessayez quand il sera terminé.") from None
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)                              # the file was removed by the previous holder: retry
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    try:
        yield
    finally:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def step(name: str) -> None:
    """Test hook: with $KANGABA_IMPORT_PAUSE = « <step>:<flag file> », reaching <step> creates the flag
    file and waits as long as it exists — a test kills the process there (kill -9), or deletes the file
    to let it go on. Steps: locked, wrote-<table>, staged, checked, published, switched, removing (a version)."""
    wanted, _, flag = os.environ.get(PAUSE_ENV, "").partition(":")
    if wanted != name or not flag:
        return
    Path(flag).write_text(f"{os.getpid()}\n", encoding="utf-8")
    while os.path.exists(flag):
        time.sleep(0.02)


def _remove(folder: Path) -> None:
    """Delete a version folder: renamed out of the list first, so that it is never seen half-deleted."""
    if not folder.exists():
        return
    gone = folder.with_name(REMOVING + folder.name)
    os.rename(folder, gone)
    step("removing")
    shutil.rmtree(gone)


def _jobs(versions: Path) -> list[tuple[Path, dict]]:
    """The journals of imports being published (or killed while publishing)."""
    out = []
    for j in sorted(versions.glob(PENDING.format("*"))):
        try:
            out.append((j, json.loads(j.read_text(encoding="utf-8"))))
        except FileNotFoundError:                   # its import has just finished: nothing pending
            continue
    return out


def _settle(data_dir: Path, journal: Path, job: dict) -> None:
    """An import that did not finish publishing: kept if its version is in force, removed otherwise."""
    d = Path(data_dir)
    if current_version(d) != job["commit"]:
        for name in job["versions"]:
            _remove(d / VERSIONS / name)
    journal.unlink()
    versions = d / VERSIONS
    if not (d / CURRENT).is_symlink() and versions.is_dir() and not any(versions.iterdir()):
        versions.rmdir()                            # created by the unfinished import: DIR as it was


def recover(data_dir: Path, area: Path, prefix: str) -> None:
    """What killed imports left (run under the lock: no import is running): staging folders beside DIR,
    versions published but never put in force, versions half-deleted by a pruning."""
    for stale in area.glob(f"{prefix}import-*"):
        shutil.rmtree(stale)
    versions = Path(data_dir) / VERSIONS
    if not versions.is_dir():
        return
    for half in versions.glob(REMOVING + "*"):
        shutil.rmtree(half)
    for journal, job in _jobs(versions):
        _settle(data_dir, journal, job)


def _leftovers(data_dir: Path) -> bool:
    """Is there anything an import leaves while it runs (or if it was killed): its lock file, staging
    folders, a journal, a version being removed?"""
    area, prefix = work_area(data_dir)
    versions = Path(data_dir) / VERSIONS
    return any(area.glob(f"{prefix}import[-.]*")) or (versions.is_dir() and any(versions.glob(".*")))


def tidy(data_dir: Path) -> bool:
    """Clean what killed imports left, unless an import is running (then it is its job). The lock is
    taken only when there is something to clean: a look at the versions never makes an import wait.
    True if cleaned."""
    try:
        if not _leftovers(data_dir):
            return False
        with lock(data_dir):
            return True
    except StoreError:                              # Busy, or no right to write beside DIR: nothing to clean
        return False


def current_version(data_dir: Path) -> str | None:
    cur = Path(data_dir) / CURRENT
    if cur.is_symlink():
        return Path(os.readlink(cur)).name
    return None
