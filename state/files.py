"""The embedded back-end (one machine, the default): today's files, unchanged.

Accounts: `users.json` ($KANGABA_USERS, default at the project root), bcrypt hashes; every change under
an flock on `users.json.lock` (read, modify, write a unique temporary file, rename). Failed sign-ins:
`users.failures.json` beside it, the same way. Audit trail: JSON lines, $KANGABA_AUDIT (default
`audit.jsonl` beside the users file), one O_APPEND write per line under an flock. The log of data
versions is the audit trail's import and restore lines. The import lock is importer/store.py's flock.
"""
from __future__ import annotations

import fcntl
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VERSION_EVENTS = ("import", "import_failed", "restore", "restore_failed")


def users_path() -> Path:
    return Path(os.environ.get("KANGABA_USERS") or REPO / "users.json")


def audit_path() -> Path:
    return Path(os.environ.get("KANGABA_AUDIT") or users_path().with_name("audit.jsonl"))


def failures_path() -> Path:
    p = users_path()
    return p.with_name(p.stem + ".failures.json")


@contextmanager
def locked(path: Path):
    """An exclusive flock on `<users file>.lock`, held across read-modify-write: it excludes other
    processes and, each call opening the file anew, other threads of this one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)                      # closing the file releases the lock


def write_json(path: Path, obj) -> None:
    """Atomic, owner-only: a temporary file of its own (unique name) in the same folder, then rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            os.fchmod(f.fileno(), 0o600)
            json.dump(obj, f, ensure_ascii=False, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path) -> dict:
    """{} when the file does not exist (never written); it is only ever replaced whole."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


class FileState:
    """Accounts, failed sign-ins and the audit trail in files (paths read from the environment at each
    call, as before)."""

    kind = "files"
    shared_lock = False                    # imports are serialised by importer/store.py's flock

    def label(self) -> str:
        return str(users_path())

    # ------------------------------------------------------------ accounts
    def load_users(self, path: Path | None = None) -> dict[str, dict]:
        return read_json(path or users_path()).get("users", {})

    def user(self, login: str) -> dict | None:
        return self.load_users().get(login)

    def save_users(self, users: dict[str, dict], path: Path | None = None) -> None:
        write_json(path or users_path(), {"users": users})

    @contextmanager
    def editing(self, path: Path | None = None):
        """The accounts, to change in place, saved on leaving, under the users file's lock."""
        p = path or users_path()
        with locked(p):
            users = self.load_users(p)
            yield users
            self.save_users(users, p)

    # ------------------------------------------------------------ failed sign-ins
    @staticmethod
    def _recent(data: dict, login: str, now: float, window: float) -> list[float]:
        return [t for t in data.get(login, []) if now - t < window]

    def _update(self, login: str, add: bool, now: float, window: float) -> int:
        p = failures_path()
        with locked(users_path()):
            data = read_json(p)
            data = {k: self._recent(data, k, now, window) for k in data}
            data[login] = data.get(login, []) + [now] if add else []
            write_json(p, {k: v for k, v in data.items() if v})
        return len(data[login])

    def failure_count(self, login: str, now: float, window: float) -> int:
        return len(self._recent(read_json(failures_path()), login, now, window))

    def record_failure(self, login: str, now: float, window: float) -> int:
        return self._update(login, True, now, window)

    def forget_failures(self, login: str, now: float, window: float) -> None:
        if self.failure_count(login, now, window):
            self._update(login, False, now, window)

    def clear_failures(self) -> None:
        with locked(users_path()):
            failures_path().unlink(missing_ok=True)

    def all_failures(self) -> dict[str, list[float]]:
        return read_json(failures_path())

    # ------------------------------------------------------------ audit trail
    def append_audit(self, rec: dict) -> None:
        line = json.dumps(rec, ensure_ascii=False, default=str) + "\n"
        p = audit_path()
        p.parent.mkdir(parents=True, exist_ok=True)
        data = line.encode("utf-8")
        fd = os.open(p, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:                              # one O_APPEND write per line, under an flock: no torn or mixed lines
            fcntl.flock(fd, fcntl.LOCK_EX)
            written = os.write(fd, data)
            if written != len(data):      # a full disk: say so rather than leave half a line unnoticed
                raise OSError(f"journal d'audit : ligne écrite en partie ({written} octets sur {len(data)}) dans {p}")
        finally:
            os.close(fd)

    def audit_lines(self) -> list[str]:
        p = audit_path()
        return p.read_text(encoding="utf-8").splitlines() if p.is_file() else []

    def read_audit(self, limit: int = 2000) -> list[dict]:
        out = []
        for ln in self.audit_lines()[-limit:]:
            try:
                out.append(json.loads(ln))
            except ValueError:
                continue
        return out

    # ------------------------------------------------------------ data versions
    def versions_log(self, limit: int = 200) -> list[dict]:
        """Imports and restores (who, when, which files, which version was put in force), oldest first."""
        return [r for r in self.read_audit(10**9) if r.get("event") in VERSION_EVENTS][-limit:]
