"""Versions of the extracts: nothing is ever overwritten in place.

    DIR/
      versions/0001-20250102-101500/   activities.parquet … budget.parquet, _dataset.json
      versions/0002-20250103-091200/   …
      current -> versions/0002-20250103-091200     (symlink, read by queries.resolve_data_dir)
      activities.parquet …                          (plain extracts of before the first import: left as they are)

An import builds the new version in a staging folder beside DIR (same filesystem), checks it
with queries.open_dataset, then moves it into DIR/versions/ and switches DIR/current with
os.replace — the only steps that touch DIR. If anything fails before the switch, what was
moved is moved back and the staging folder is removed: DIR is left byte-for-byte as it was.
The first import into a plain folder of extracts first copies them as version 0001.
The last KEEP versions (and the one in force) are kept; `restore` switches back to one.
A lock file beside DIR (`.DIR.import.lock`, flock) keeps two imports from running at once.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

import queries
from queries.contract import METADATA_FILE, TABLES

KEEP = 5
VERSIONS = "versions"
CURRENT = "current"
VERSION_RE = re.compile(r"(\d{4,})-(\d{8})-(\d{6})")
ARROW = {"varchar": pa.string(), "date": pa.date32(), "bigint": pa.int64(), "integer": pa.int32(),
         "double": pa.float64(), "boolean": pa.bool_()}


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
    """Exclusive lock for the duration of an import or a restore (flock: released if the process dies)."""
    area, prefix = work_area(data_dir)
    path = area / f"{prefix}import.lock"
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
        for stale in area.glob(f"{prefix}import-*"):          # left by an import that was killed
            shutil.rmtree(stale, ignore_errors=True)
        yield
    finally:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


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


def current_version(data_dir: Path) -> str | None:
    cur = Path(data_dir) / CURRENT
    if cur.is_symlink():
        return Path(os.readlink(cur)).name
    return None


def _new_id(counter: int, now: datetime) -> str:
    return f"{counter:04d}-{now:%Y%m%d-%H%M%S}"


def write_tables(folder: Path, tables: dict[str, list[dict]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for t, table in TABLES.items():
        rows = tables.get(t, [])
        schema = pa.schema([(c.name, ARROW[c.type]) for c in table.columns])
        data = {c.name: [r.get(c.name) for r in rows] for c in table.columns}
        pq.write_table(pa.Table.from_pydict(data, schema=schema), folder / f"{t}.parquet")


def _copy_plain(src: Path, dst: Path) -> None:
    """The plain extracts of DIR (before any import) as they are."""
    dst.mkdir(parents=True)
    for t in TABLES:
        if (src / f"{t}.parquet").is_file():
            shutil.copy2(src / f"{t}.parquet", dst / f"{t}.parquet")
        elif (src / t).is_dir():
            shutil.copytree(src / t, dst / t)
    if (src / METADATA_FILE).is_file():
        shutil.copy2(src / METADATA_FILE, dst / METADATA_FILE)


def _check(folder: Path, expected: dict[str, int]) -> None:
    try:
        ds = queries.open_dataset(folder)
    except queries.DataError as e:
        raise StoreError("la nouvelle version ne passe pas la validation du contrat, rien n'est changé :\n"
                         + "\n".join(f"- {p}" for p in e.problems)) from None
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


def commit(data_dir: Path, tables: dict[str, list[dict]], meta: dict, now: datetime | None = None) -> str:
    """Write `tables` as a new version and put it in force. Returns its id. Must run under lock().

    Raises StoreError (or anything else) with DIR left exactly as it was."""
    d = Path(data_dir)
    now = now or datetime.now()
    cur = d / CURRENT
    if cur.exists() and not cur.is_symlink():
        raise StoreError(f"{cur} existe et n'est pas un lien symbolique : rien n'est changé.")
    area, prefix = work_area(d)
    staging = Path(tempfile.mkdtemp(prefix=f"{prefix}import-", dir=area))
    moved: list[tuple[Path, Path]] = []
    try:
        existing = version_dirs(d)
        counter = (_counter(existing[-1].name) if existing else 0) + 1
        root = staging / "root"                                   # the future DIR, or the part of it we add
        sversions = root / VERSIONS
        sversions.mkdir(parents=True)
        initial = None
        if d.is_dir() and not cur.is_symlink() and any(queries.table_files(d, t) for t in TABLES):
            initial = _new_id(counter, now)
            _copy_plain(d, sversions / initial)
            counter += 1
        vid = _new_id(counter, now)
        write_tables(sversions / vid, tables)
        meta = {**meta, "version": vid, "created": now.isoformat(timespec="seconds"),
                "rows": {t: len(tables.get(t, [])) for t in TABLES}}
        (sversions / vid / METADATA_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2, default=str)
                                                     + "\n", encoding="utf-8")
        _check(sversions / vid, meta["rows"])
        if initial:
            _check_plain_copy(d, sversions / initial)
        # ---- from here on DIR is touched; every step is undone if a later one fails
        if not d.exists():
            os.symlink(f"{VERSIONS}/{vid}", root / CURRENT)
            os.rename(root, d)                                    # DIR appears whole
            return vid
        if not (d / VERSIONS).exists():
            os.rename(sversions, d / VERSIONS)
            moved.append((d / VERSIONS, sversions))
        else:
            for p in sorted(sversions.iterdir()):
                os.rename(p, d / VERSIONS / p.name)
                moved.append((d / VERSIONS / p.name, p))
        _switch(d, vid, area, prefix)                             # the commit point
        moved.clear()
        return vid
    finally:
        for dst, src in reversed(moved):                          # failed before the switch: move back
            try:
                os.rename(dst, src)
            except OSError:
                pass
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
            shutil.rmtree(p)
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
        try:
            queries.open_dataset(target).con.close()
        except queries.DataError as e:
            raise StoreError(f"la version {target.name} ne passe pas la validation, rien n'est changé :\n"
                             + "\n".join(f"- {p}" for p in e.problems)) from None
        cur = d / CURRENT
        if cur.exists() and not cur.is_symlink():
            raise StoreError(f"{cur} existe et n'est pas un lien symbolique : rien n'est changé.")
        area, prefix = work_area(d)
        _switch(d, target.name, area, prefix)
        return target.name


def list_versions(data_dir: Path) -> list[dict]:
    cur = current_version(data_dir)
    out = []
    for p in version_dirs(data_dir):
        try:
            meta = json.loads((p / METADATA_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
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

