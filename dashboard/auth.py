"""Local accounts, roles and the audit log. No Streamlit here: the UI is in dashboard/access.py.

Users file (JSON, never committed; `users.example.json` shows the shape): path from
$KANGABA_USERS, default `users.json` at the project root. Passwords are bcrypt hashes.
Audit log: append-only JSON lines, path from $KANGABA_AUDIT, default `audit.jsonl` beside
the users file.
"""
from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import bcrypt

from queries import Scope, contract

REPO = Path(__file__).resolve().parent.parent
ROLES = ("admin", "staff", "partner", "committee")
ROLE_LABELS = {
    "admin": ("Responsable des données (S&E ECPAT)", "Data owner (ECPAT M&E)"),
    "staff": ("Personnel ECPAT Luxembourg", "ECPAT Luxembourg staff"),
    "partner": ("Partenaire", "Partner"),
    "committee": ("Comité de pilotage", "Steering committee"),
}
MIN_CELL = int(os.environ.get("KANGABA_MIN_CELL", "5"))
IDLE_TIMEOUT_S = int(os.environ.get("KANGABA_SESSION_IDLE_MIN", "30")) * 60
MAX_SESSION_S = 8 * 3600
LOCK_AFTER = 10          # failed attempts in a row before a login is locked
LOCK_SECONDS = 15 * 60


def users_path() -> Path:
    return Path(os.environ.get("KANGABA_USERS") or REPO / "users.json")


def audit_path() -> Path:
    return Path(os.environ.get("KANGABA_AUDIT") or users_path().with_name("audit.jsonl"))


@dataclass(frozen=True)
class User:
    login: str
    role: str
    partner: str | None = None
    communes: tuple[str, ...] | None = None

    def scope(self) -> Scope:
        return scope_for(self.role, self.partner, self.communes)


def scope_for(role: str, partner: str | None = None, communes: tuple[str, ...] | None = None) -> Scope:
    """What a role may see. Only the data owner sees cases without consent and small counts."""
    if role == "admin":
        return Scope()
    if role == "partner":
        return Scope(communes=tuple(communes) if communes else contract.COMMUNES,
                     partners=(partner,) if partner else (), min_cell=MIN_CELL, hide_no_consent=True)
    if role in ("staff", "committee"):
        return Scope(min_cell=MIN_CELL, hide_no_consent=True)
    raise ValueError(f"rôle inconnu : {role}")


# ------------------------------------------------------------------ users file

_file_lock = threading.Lock()


def load_users(path: Path | None = None) -> dict[str, dict]:
    p = path or users_path()
    if not p.is_file():
        return {}
    data = json.loads(p.read_text(encoding="utf-8"))
    return data.get("users", {})


def save_users(users: dict[str, dict], path: Path | None = None) -> None:
    p = path or users_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps({"users": users}, ensure_ascii=False, indent=1), encoding="utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, p)


def hash_password(password: str) -> str:
    if len(password) < 10:
        raise ValueError("mot de passe trop court : 10 caractères au moins")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=12)).decode("ascii")


def validate_user_fields(role: str, partner: str | None, communes) -> None:
    if role not in ROLES:
        raise ValueError(f"rôle inconnu « {role} » : rôles admis {', '.join(ROLES)}")
    if role == "partner" and partner not in contract.PARTNERS:
        raise ValueError(f"un compte partenaire doit nommer son organisation : {', '.join(contract.PARTNERS)}")
    for c in communes or ():
        if c not in contract.COMMUNES:
            raise ValueError(f"commune inconnue « {c} » : {', '.join(contract.COMMUNES)}")


def add_user(login: str, password: str, role: str, partner: str | None = None, communes=None,
             path: Path | None = None) -> None:
    validate_user_fields(role, partner, communes)
    with _file_lock:
        users = load_users(path)
        if login in users:
            raise ValueError(f"l'utilisateur « {login} » existe déjà")
        users[login] = {"hash": hash_password(password), "role": role, "partner": partner,
                        "communes": list(communes) if communes else None}
        save_users(users, path)


def set_role(login: str, role: str, partner: str | None = None, communes=None, path: Path | None = None) -> None:
    validate_user_fields(role, partner, communes)
    with _file_lock:
        users = load_users(path)
        if login not in users:
            raise ValueError(f"utilisateur inconnu « {login} »")
        users[login].update(role=role, partner=partner, communes=list(communes) if communes else None)
        save_users(users, path)


def reset_password(login: str, password: str, path: Path | None = None) -> None:
    with _file_lock:
        users = load_users(path)
        if login not in users:
            raise ValueError(f"utilisateur inconnu « {login} »")
        users[login]["hash"] = hash_password(password)
        save_users(users, path)


def remove_user(login: str, path: Path | None = None) -> None:
    with _file_lock:
        users = load_users(path)
        users.pop(login, None)
        save_users(users, path)


# --------------------------------------------------------------- signing in

_failures: dict[str, list[float]] = {}
_fail_lock = threading.Lock()


def failures(login: str) -> int:
    with _fail_lock:
        return len(_failures.get(login, []))


def authenticate(login: str, password: str, path: Path | None = None, sleep=time.sleep) -> User | None:
    """The user if the password matches. Failed attempts are counted and slowed down
    (0.5 s, 1 s, 2 s … up to 8 s) and a login is locked 15 min after 10 failures in a row."""
    login = (login or "").strip()
    with _fail_lock:
        recent = [t for t in _failures.get(login, []) if time.time() - t < LOCK_SECONDS]
        _failures[login] = recent
    if len(recent) >= LOCK_AFTER:
        audit("sign_in_locked", login)
        return None
    users = load_users(path)
    rec = users.get(login)
    ok = False
    if rec:
        ok = bcrypt.checkpw((password or "").encode("utf-8"), rec["hash"].encode("ascii"))
    else:
        bcrypt.checkpw(b"x", bcrypt.hashpw(b"y", bcrypt.gensalt(rounds=12)))  # same cost for unknown logins
    if not ok:
        with _fail_lock:
            _failures.setdefault(login, []).append(time.time())
            n = len(_failures[login])
        audit("sign_in_failed", login, failures=n)
        sleep(min(0.5 * 2 ** (n - 1), 8.0))
        return None
    with _fail_lock:
        _failures.pop(login, None)
    audit("sign_in", login, role=rec["role"])
    return User(login, rec["role"], rec.get("partner"), tuple(rec["communes"]) if rec.get("communes") else None)


def session_expired(signed_in_at: float, last_seen: float, now: float | None = None) -> bool:
    now = now or time.time()
    return now - last_seen > IDLE_TIMEOUT_S or now - signed_in_at > MAX_SESSION_S


# -------------------------------------------------------------------- audit

_audit_lock = threading.Lock()


def audit(event: str, who: str | None, **detail) -> None:
    """Append one line to the audit log (who, when, what, with which filters)."""
    rec = {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "event": event, "who": who, **detail}
    line = json.dumps(rec, ensure_ascii=False, default=str) + "\n"
    p = audit_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    with _audit_lock:
        fd = os.open(p, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line.encode("utf-8"))
        finally:
            os.close(fd)


def read_audit(limit: int = 2000) -> list[dict]:
    p = audit_path()
    if not p.is_file():
        return []
    lines = p.read_text(encoding="utf-8").splitlines()[-limit:]
    out = []
    for ln in lines:
        try:
            out.append(json.loads(ln))
        except ValueError:
            continue
    return out
