"""Local accounts, roles and the audit log. No Streamlit here: the UI is in dashboard/access.py.

Where they are kept is the state store's business (state/: files by default, PostgreSQL when
$KANGABA_DATABASE_URL is set, for several machines); this module is its facade. With the files:

Users file (JSON, never committed; `users.example.json` shows the shape): path from
$KANGABA_USERS, default `users.json` at the project root. Passwords are bcrypt hashes. An account
may hold rights beyond its role (RIGHTS, off by default). Every change is written under an flock on
`users.json.lock` (read, modify, write a unique temporary file, rename): two processes (the CLI and
the server, two servers) never lose each other's change. Failed sign-ins are counted in
`users.failures.json` beside it, the same way, so a lockout survives a restart.
Audit log: append-only JSON lines, path from $KANGABA_AUDIT, default `audit.jsonl` beside
the users file; one write per line under an flock, so lines from several sessions or processes
never interleave. Every account change is audited here, not by its callers.
"""
from __future__ import annotations

import hashlib
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import bcrypt

import state
from queries import Scope, contract
from state import files as _files

from . import capabilities

REPO = Path(__file__).resolve().parent.parent
ROLES = tuple(capabilities.ROLES)          # what each role may do and see: dashboard/capabilities.py
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
# Rights an account may be given on top of its role (python -m dashboard.users grant LOGIN RIGHT).
RIGHTS = {
    "suivi_cas": ("suivi de ses propres cas : codes des cas en attente et lignes de qualité des données de son "
                  "organisation (comptes partenaires)",
                  "own follow-up: codes of its stalled cases and data-quality rows of its organisation "
                  "(partner accounts)"),
}
RIGHT_ROLES = {right: capabilities.roles_granted(right) for right in RIGHTS}


users_path = _files.users_path            # the files of the default store (state/files.py)
audit_path = _files.audit_path
failures_path = _files.failures_path


def store_label() -> str:
    """Where the accounts are (the users file, or the database URL without its password)."""
    return state.current().label()


def clock() -> float:
    """The clock of sessions and lockouts (one place for tests to move it)."""
    return time.time()


@dataclass(frozen=True)
class User:
    login: str
    role: str
    partner: str | None = None
    communes: tuple[str, ...] | None = None
    rights: tuple[str, ...] = ()

    def scope(self) -> Scope:
        return scope_for(self.role, self.partner, self.communes)

    def can(self, right: str) -> bool:
        return holds(self.role, self.rights, right)


def holds(role: str, rights, right: str) -> bool:
    """The data owner holds every right; another account only a right it was given and its role allows."""
    return capabilities.holds(role, rights, right)


def user_from(login: str, rec: dict) -> User:
    return User(login, rec["role"], rec.get("partner"), tuple(rec["communes"]) if rec.get("communes") else None,
                tuple(rec.get("rights") or ()))


def account_state(rec: dict) -> tuple:
    """What an account may see: a session's exports are refused as soon as this changes."""
    u = user_from("", rec)
    return (u.role, u.partner, u.communes, tuple(sorted(u.rights)))


def stamp(rec: dict) -> str:
    """A short digest of the account's password hash: a password reset ends the sessions opened before it."""
    return hashlib.sha256(rec["hash"].encode("ascii")).hexdigest()[:16]


def scope_for(role: str, partner: str | None = None, communes: tuple[str, ...] | None = None) -> Scope:
    """What a role may see (its row of dashboard/capabilities.py): everything, or its own organisation
    and communes; protected roles (all but the data owner) get no small counts and no case without consent."""
    row = capabilities.role(role)
    protection = dict(min_cell=MIN_CELL, hide_no_consent=True) if row.protected else {}
    if row.sees == capabilities.OWN:
        return Scope(communes=tuple(communes) if communes else contract.COMMUNES,
                     partners=(partner,) if partner else (), **protection)
    return Scope(**protection)


# ------------------------------------------------------------------ accounts (state store)

_locked = _files.locked
_write_json = _files.write_json
_read_json = _files.read_json


def load_users(path: Path | None = None) -> dict[str, dict]:
    return _files.FileState().load_users(path) if path else state.current().load_users()


def save_users(users: dict[str, dict], path: Path | None = None) -> None:
    (_files.FileState() if path else state.current()).save_users(users, path)


@contextmanager
def _editing(path: Path | None, login: str | None = None):
    """The accounts, to change in place and saved on leaving, one change at a time (the users file's
    lock, or a transaction of the database). With a login: that account must exist."""
    with (_files.FileState() if path else state.current()).editing(path) as users:
        if login is not None and login not in users:
            raise ValueError(f"utilisateur inconnu « {login} » (comptes : python -m dashboard.users list)")
        yield users


def hash_password(password: str) -> str:
    if len(password) < 10:
        raise ValueError("mot de passe trop court : 10 caractères au moins")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=12)).decode("ascii")


def validate_user_fields(role: str, partner: str | None, communes) -> None:
    if role not in ROLES:
        raise ValueError(f"rôle inconnu « {role} » : rôles admis {', '.join(ROLES)}")
    if capabilities.sees_own(role) and partner not in contract.PARTNERS:
        raise ValueError(f"un compte partenaire doit nommer son organisation : {', '.join(contract.PARTNERS)}")
    for c in communes or ():
        if c not in contract.COMMUNES:
            raise ValueError(f"commune inconnue « {c} » : {', '.join(contract.COMMUNES)}")


def add_user(login: str, password: str, role: str, partner: str | None = None, communes=None,
             path: Path | None = None, by: str = "cli") -> None:
    validate_user_fields(role, partner, communes)
    digest = hash_password(password)
    with _editing(path) as users:
        if login in users:
            raise ValueError(f"l'utilisateur « {login} » existe déjà")
        users[login] = {"hash": digest, "role": role, "partner": partner,
                        "communes": list(communes) if communes else None, "rights": []}
    audit("user_added", by, login=login, role=role, partner=partner, communes=communes)


def set_role(login: str, role: str, partner: str | None = None, communes=None, path: Path | None = None,
             by: str = "cli") -> None:
    """A new role (and organisation, communes); rights the new role does not allow are withdrawn."""
    validate_user_fields(role, partner, communes)
    with _editing(path, login) as users:
        rec = users[login]
        kept = [r for r in rec.get("rights") or () if r in capabilities.role(role).grantable()]
        dropped = sorted(set(rec.get("rights") or ()) - set(kept))
        rec.update(role=role, partner=partner, communes=list(communes) if communes else None, rights=kept)
    audit("role_set", by, login=login, role=role, partner=partner, communes=communes,
          **({"rights_withdrawn": dropped} if dropped else {}))


def set_right(login: str, right: str, granted: bool, path: Path | None = None, by: str = "cli") -> None:
    """Grant or withdraw a right (RIGHTS) of an account; audited as right_granted / right_revoked."""
    if right not in RIGHTS:
        raise ValueError(f"droit inconnu « {right} » : droits possibles {', '.join(RIGHTS)}")
    with _editing(path, login) as users:
        rec = users[login]
        if granted and rec["role"] not in RIGHT_ROLES[right]:
            raise ValueError(f"le droit « {right} » ne s'accorde qu'aux comptes {', '.join(RIGHT_ROLES[right])} : "
                             f"« {login} » est {rec['role']}")
        rights = set(rec.get("rights") or ())
        rec["rights"] = sorted(rights | {right} if granted else rights - {right})
    audit("right_granted" if granted else "right_revoked", by, login=login, right=right)


def reset_password(login: str, password: str, path: Path | None = None, by: str = "cli") -> None:
    digest = hash_password(password)
    with _editing(path, login) as users:
        users[login]["hash"] = digest
    audit("password_reset", by, login=login)


def remove_user(login: str, path: Path | None = None, by: str = "cli") -> None:
    with _editing(path, login) as users:
        del users[login]
    audit("user_removed", by, login=login)


# --------------------------------------------------------------- signing in

class FailedSignIns:
    """Failed sign-ins per login in the last LOCK_SECONDS, in the state store (`failures_path()`, owner-only,
    replaced atomically under the users file's lock; or the database): a restart or another server sees them."""

    def count(self, login: str) -> int:
        return state.current().failure_count(login, clock(), LOCK_SECONDS)

    def record(self, login: str) -> int:
        return state.current().record_failure(login, clock(), LOCK_SECONDS)

    def forget(self, login: str) -> None:
        state.current().forget_failures(login, clock(), LOCK_SECONDS)

    def clear(self) -> None:
        state.current().clear_failures()


_failures = FailedSignIns()


def failures(login: str) -> int:
    return _failures.count(login)


def authenticate(login: str, password: str, path: Path | None = None, sleep=time.sleep) -> User | None:
    """The user if the password matches. Failed attempts are counted and slowed down
    (0.5 s, 1 s, 2 s … up to 8 s) and a login is locked 15 min after 10 failures in a row."""
    login = (login or "").strip()
    if _failures.count(login) >= LOCK_AFTER:
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
        n = _failures.record(login)
        audit("sign_in_failed", login, failures=n)
        sleep(min(0.5 * 2 ** (n - 1), 8.0))
        return None
    _failures.forget(login)
    audit("sign_in", login, role=rec["role"])
    return user_from(login, rec)


def session_expired(signed_in_at: float, last_seen: float, now: float | None = None) -> bool:
    now = now or clock()
    return now - last_seen > IDLE_TIMEOUT_S or now - signed_in_at > MAX_SESSION_S


def check_session(session: dict, drawn: tuple | None = None) -> tuple[str | None, dict | None]:
    """(why a signed-in session — dashboard/access.py's record of it — may no longer act, or None; the
    account as it is now). Reasons: "signed_out", "expired", "account_removed", "password_reset"; with
    `drawn` (account_state() when an export button was drawn), "rights_changed" when the account's
    role, scope or rights differ now."""
    if session.get("ended"):
        return session["ended"], None
    if session_expired(session["signed_in_at"], session["last_seen"]):
        return "expired", None
    rec = state.current().user(session["login"])          # the account as it is now, at every rerun
    if rec is None:
        return "account_removed", None
    if stamp(rec) != session.get("stamp"):
        return "password_reset", rec
    if drawn is not None and account_state(rec) != drawn:
        return "rights_changed", rec
    return None, rec


# -------------------------------------------------------------------- audit

def audit(event: str, who: str | None, **detail) -> None:
    """Append one line to the audit log (who, when, what, with which filters)."""
    rec = {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "event": event, "who": who, **detail}
    state.current().append_audit(rec)


def read_audit(limit: int = 2000) -> list[dict]:
    return state.current().read_audit(limit)
