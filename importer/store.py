"""Versions of the extracts: nothing is ever overwritten in place.

    DIR/
      versions/0001-20250102-101500/   activities.parquet … budget.parquet, _dataset.json
      versions/0002-20250103-091200/   …
      current -> versions/0002-20250103-091200     (symlink, read by queries.resolve_data_dir)
      activities.parquet …                          (plain extracts of before the first import: left as they are)

An import builds the new version in a staging folder beside DIR (same filesystem), checks it
with queries.open_dataset, then publishes it: a journal `versions/.pending-<id>.json` naming the
folders it adds, the folders (one rename each), the switch of DIR/current (os.replace: the commit
point), then the journal is removed. A version whose journal is still there and that is not in
force is never listed, and is removed by the next lock holder (import, restore, `versions`, the
import page): a process killed at any point (kill -9) leaves nothing that the next one does not
clean. A failure inside the process undoes the same way at once: DIR is left byte-for-byte as it was.
The first import into a plain folder of extracts first copies them as version 0001.
The last KEEP versions (and the one in force) are kept; `restore` switches back to one.
A lock file beside DIR (`.DIR.import.lock`, flock: released by the kernel if the process dies)
keeps two imports (or restores) from running at once; the second one is told so, nothing waits.
With KANGABA_DATABASE_URL (several machines sharing DIR, README « Plusieurs machines ») the lock is a
PostgreSQL advisory lock instead (state/pg.py: released when its connection ends, the process killed
included), so that an import on one machine excludes imports on every other; each import and restore
is written to the versions log of the state store with the audit line (who, when, files, version).

The lock, the test hook `step` and the cleaning of unfinished imports are in importer/locking.py: every
name of it is importable from here too.
"""
from __future__ import annotations

import fcntl  # noqa: F401  (importable from here, as before the split)
import json
import os
import re
import shutil
import tempfile
import time  # noqa: F401
from contextlib import ExitStack, contextmanager  # noqa: F401
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

import queries
import state  # noqa: F401
from queries.contract import METADATA_FILE, TABLES

from .locking import (CURRENT, PAUSE_ENV, PENDING, REMOVING, VERSIONS, Busy, StoreError,  # noqa: F401
                      _flock, _jobs, _leftovers, _remove, _settle, _shared_lock, current_version, lock, recover,
                      step, tidy, work_area)

KEEP = 5
VERSION_RE = re.compile(r"(\d{4,})-(\d{8})-(\d{6})")
ARROW = {"varchar": pa.string(), "date": pa.date32(), "bigint": pa.int64(), "integer": pa.int32(),
         "double": pa.float64(), "boolean": pa.bool_()}


# ------------------------------------------------------------------ reading what is stored

@dataclass
class Stored:
    tables: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in TABLES})
    meta: dict = field(default_factory=dict)
    folder: Path | None = None              # the folder in force (None: no extracts yet)
    ignored: dict[str, list[str]] = field(default_factory=dict)

    @property
    def synthetic(self) -> bool:
        return bool(self.meta.get("synthetic"))

    @property
    def version(self) -> str | None:
        if self.folder is not None and self.folder.parent.name == VERSIONS:
            return self.folder.name
        return None


def load(data_dir: Path) -> Stored:
    """The extracts in force, typed as the contract says. Raises StoreError if they cannot be loaded."""
    d = Path(data_dir)
    if not d.is_dir() or not queries.has_extracts(d):
        return Stored()
    try:
        ds = queries.open_dataset(d)
    except queries.DataError as e:
        raise StoreError("les extraits en vigueur ne peuvent pas être chargés, rien n'est importé :\n"
                         + "\n".join(f"- {p}" for p in e.problems)) from None
    try:
        tables = {}
        for t in TABLES:
            cols = TABLES[t].column_names
            rows = ds.con.execute(f"select {', '.join(cols)} from {t}").fetchall()
            tables[t] = [dict(zip(cols, r)) for r in rows]
        return Stored(tables, ds.meta, ds.data_dir, ds.ignored_columns)
    finally:
        ds.con.close()


# ------------------------------------------------------------------ versions

def _counter(name: str) -> int:
    m = VERSION_RE.fullmatch(name)
    return int(m[1]) if m else -1


def version_dirs(data_dir: Path) -> list[Path]:
    v = Path(data_dir) / VERSIONS
    if not v.is_dir():
        return []
    return sorted((p for p in v.iterdir() if p.is_dir() and VERSION_RE.fullmatch(p.name)),
                  key=lambda p: _counter(p.name))


def _new_id(counter: int, now: datetime) -> str:
    return f"{counter:04d}-{now:%Y%m%d-%H%M%S}"


def write_tables(folder: Path, tables: dict[str, list[dict]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for t, table in TABLES.items():
        rows = tables.get(t, [])
        schema = pa.schema([(c.name, ARROW[c.type]) for c in table.columns])
        data = {c.name: [r.get(c.name) for r in rows] for c in table.columns}
        pq.write_table(pa.Table.from_pydict(data, schema=schema), folder / f"{t}.parquet")
        step(f"wrote-{t}")


def _copy_plain(src: Path, dst: Path) -> None:
    """The plain extracts of DIR (before any import) as they are, with their target cells if any."""
    dst.mkdir(parents=True)
    for t in TABLES:
        if (src / f"{t}.parquet").is_file():
            shutil.copy2(src / f"{t}.parquet", dst / f"{t}.parquet")
        elif (src / t).is_dir():
            shutil.copytree(src / t, dst / t)
    for name in (METADATA_FILE, queries.TARGETS_FILE):
        if (src / name).is_file():
            shutil.copy2(src / name, dst / name)


def _open_version(folder: Path, what: str, root: Path) -> queries.Dataset:
    """A version folder validated by the query layer, with the cell-key secret of its store `root`
    (so that the database built then is the one the dashboard will open). A version holds the extracts
    and _dataset.json only: whatever opening it leaves in the folder is removed."""
    before = set(os.listdir(folder))
    try:
        return queries.open_dataset(folder, secret_root=root)
    except queries.DataError as e:
        raise StoreError(f"{what} ne passe pas la validation du contrat, rien n'est changé :\n"
                         + "\n".join(f"- {p}" for p in e.problems)) from None
    finally:
        for name in set(os.listdir(folder)) - before:
            extra = folder / name
            shutil.rmtree(extra) if extra.is_dir() else extra.unlink()


def _check(folder: Path, expected: dict[str, int], root: Path) -> None:
    ds = _open_version(folder, "la nouvelle version", root)
    try:
        if ds.rows != expected or ds.synthetic:
            raise StoreError(f"la nouvelle version relue ne correspond pas à ce qui a été écrit ({ds.rows}), "
                             "rien n'est changé.")
    finally:
        ds.con.close()


def _switch(data_dir: Path, target: str, area: Path, prefix: str) -> None:
    """DIR/current -> versions/<target>, atomically: a new symlink under a temporary name, then os.replace."""
    tmp = Path(tempfile.mkdtemp(prefix=f"{prefix}import-link-", dir=area))
    try:
        link = tmp / CURRENT
        os.symlink(f"{VERSIONS}/{target}", link)
        os.replace(link, Path(data_dir) / CURRENT)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _stage(d: Path, sversions: Path, tables: dict[str, list[dict]], meta: dict, now: datetime,
           targets=None) -> list[str]:
    """The new version (and, into a plain folder of extracts, the copy of these as the first one) written
    and checked in the staging folder. Returns the folder names, the one to put in force last."""
    existing = version_dirs(d)
    counter = (_counter(existing[-1].name) if existing else 0) + 1
    sversions.mkdir(parents=True)
    names = []
    if d.is_dir() and not (d / CURRENT).is_symlink() and any(queries.table_files(d, t) for t in TABLES):
        names.append(_new_id(counter, now))
        _copy_plain(d, sversions / names[0])
        counter += 1
    vid = _new_id(counter, now)
    names.append(vid)
    write_tables(sversions / vid, tables)
    if targets is not None:                                       # the data owner's target cells (« Cibles »)
        from queries.targets import write_csv
        write_csv(targets.to_dict("records"), sversions / vid / queries.TARGETS_FILE)
    meta = {**meta, "version": vid, "created": now.isoformat(timespec="seconds"),
            "rows": {t: len(tables.get(t, [])) for t in TABLES}}
    (sversions / vid / METADATA_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2, default=str)
                                                 + "\n", encoding="utf-8")
    step("staged")
    _check(sversions / vid, meta["rows"], d)
    if len(names) == 2:
        _check_plain_copy(d, sversions / names[0])
    (sversions / PENDING.format(vid)).write_text(json.dumps({"commit": vid, "versions": names}) + "\n",
                                                 encoding="utf-8")
    step("checked")
    return names


def _publish(d: Path, root: Path, names: list[str], area: Path, prefix: str) -> None:
    """Move the staged version(s) into DIR, journal first, and switch DIR/current."""
    vid = names[-1]
    journal = d / VERSIONS / PENDING.format(vid)
    if not d.exists():
        os.symlink(f"{VERSIONS}/{vid}", root / CURRENT)
        os.rename(root, d)                                        # DIR appears whole, already in force
        return
    if not (d / VERSIONS).exists():
        os.rename(root / VERSIONS, d / VERSIONS)                  # journal and folders in one rename
    else:
        os.rename(root / VERSIONS / journal.name, journal)
        for name in names:
            os.rename(root / VERSIONS / name, d / VERSIONS / name)
    step("published")
    _switch(d, vid, area, prefix)                                 # the commit point


def commit(data_dir: Path, tables: dict[str, list[dict]], meta: dict, now: datetime | None = None,
           targets=None) -> str:
    """Write `tables` (and the data owner's target cells `targets`, a frame of queries/targets.py, as
    cibles.csv) as a new version and put it in force. Returns its id. Must run under lock().

    Raises StoreError (or anything else) with DIR left exactly as it was."""
    d = Path(data_dir)
    cur = d / CURRENT
    if cur.exists() and not cur.is_symlink():
        raise StoreError(f"{cur} existe et n'est pas un lien symbolique : rien n'est changé.")
    area, prefix = work_area(d)
    staging = Path(tempfile.mkdtemp(prefix=f"{prefix}import-", dir=area))
    journal = None
    try:
        root = staging / "root"                                   # the future DIR, or the part of it we add
        names = _stage(d, root / VERSIONS, tables, meta, now or datetime.now(), targets)
        journal = d / VERSIONS / PENDING.format(names[-1])
        _publish(d, root, names, area, prefix)
        step("switched")
        journal.unlink()
        return names[-1]
    except BaseException:
        if journal is not None and journal.exists():             # published in part: undone at once
            _settle(d, journal, json.loads(journal.read_text(encoding="utf-8")))
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_plain_copy(src: Path, dst: Path) -> None:
    for f in src.rglob("*"):
        rel = f.relative_to(src)
        if rel.parts[0] in (VERSIONS, CURRENT) or rel.name.startswith("."):
            continue
        g = dst / rel
        if f.is_file() and g.exists() and f.read_bytes() != g.read_bytes():
            raise StoreError(f"la copie de {f} dans la version initiale diffère de l'original : rien n'est changé.")


def prune(data_dir: Path, keep: int = KEEP) -> list[str]:
    """Remove versions beyond the last `keep` (never the one in force). Returns the removed ids."""
    dirs = version_dirs(data_dir)
    cur = current_version(data_dir)
    removed = []
    for p in dirs[:-keep] if keep else dirs:
        if p.name != cur:
            _remove(p)
            removed.append(p.name)
    return removed


def find_version(data_dir: Path, version: str) -> Path:
    dirs = version_dirs(data_dir)
    hit = [p for p in dirs if p.name == version]
    if not hit and version.isdigit():
        hit = [p for p in dirs if _counter(p.name) == int(version)]
    if not hit:
        known = ", ".join(p.name for p in dirs) or "aucune"
        raise StoreError(f"version « {version} » introuvable dans {Path(data_dir) / VERSIONS} (versions : {known}).")
    return hit[0]


def restore(data_dir: Path, version: str) -> str:
    """Put an earlier version back in force (checked first, switched atomically). Returns its id."""
    d = Path(data_dir)
    with lock(d):
        target = find_version(d, version)
        _open_version(target, f"la version {target.name}", d).con.close()
        cur = d / CURRENT
        if cur.exists() and not cur.is_symlink():
            raise StoreError(f"{cur} existe et n'est pas un lien symbolique : rien n'est changé.")
        area, prefix = work_area(d)
        _switch(d, target.name, area, prefix)
        return target.name


def unfinished(data_dir: Path) -> set[str]:
    """Versions of an import that has not put them in force (running, or killed): never listed."""
    versions = Path(data_dir) / VERSIONS
    if not versions.is_dir():
        return set()
    cur = current_version(data_dir)
    return {name for _, job in _jobs(versions) if job["commit"] != cur for name in job["versions"]}


def list_versions(data_dir: Path) -> list[dict]:
    """The versions that were put in force (the one in force marked), oldest first."""
    cur = current_version(data_dir)
    hidden = unfinished(data_dir)
    out = []
    for p in version_dirs(data_dir):
        if p.name in hidden:
            continue
        try:
            meta = json.loads((p / METADATA_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            if not p.is_dir():                      # removed meanwhile (pruned by an import): not listed
                continue
            meta = {}
        m = VERSION_RE.fullmatch(p.name)
        try:
            created = datetime.fromisoformat(meta["created"])
        except (KeyError, TypeError, ValueError):
            created = datetime.strptime(m[2] + m[3], "%Y%m%d%H%M%S")
        rows = meta.get("rows") or {t: sum(pq.read_metadata(f).num_rows for f in queries.table_files(p, t))
                                    for t in TABLES}
        if meta.get("generator") == "importer":
            what = "import : " + ", ".join(s.get("file", "?") for s in meta.get("sources", [])) + \
                   (" (données de démonstration remplacées)" if meta.get("replace_demo") else "")
        elif meta.get("synthetic"):
            what = "copie des données fictives de démonstration"
        else:
            what = "copie des extraits d'avant le premier import"
        out.append({"version": p.name, "en_vigueur": p.name == cur, "cree_le": f"{created:%d/%m/%Y %H:%M}",
                    "fictives": bool(meta.get("synthetic")), "lignes": sum(rows.values()) if rows else None,
                    "origine": what})
    return out

