"""The dashboard's shared state: accounts (bcrypt hashes), failed sign-ins and lockouts, what ends a
session (an account removed, its password reset, its role changed: the account as it is now, read at
each rerun), the audit trail (append-only), the log of data versions and imports, and the import lock.

Two back-ends behind one interface (state.files.FileState, state.pg.PgState):
- files, the default (one machine): users.json, users.failures.json, audit.jsonl as before, the import
  lock an flock beside the data folder;
- PostgreSQL (several machines) when KANGABA_DATABASE_URL=postgresql://… is set: every server, the
  importer and the CLI share one database; the import lock is a PostgreSQL advisory lock.

No Streamlit and no plotly here: the importer and the command line use it.
"""
from __future__ import annotations

import hashlib
import json
import os

from .files import VERSION_EVENTS, FileState, audit_path, failures_path, users_path
from .pg import Busy, PgState, StateError, safe_url

URL_ENV = "KANGABA_DATABASE_URL"
_FILES = FileState()
_PG: dict[str, PgState] = {}

__all__ = ["current", "open_url", "database_url", "migrate", "FileState", "PgState", "StateError", "Busy",
           "URL_ENV", "VERSION_EVENTS", "users_path", "audit_path", "failures_path", "safe_url"]


def database_url() -> str | None:
    return (os.environ.get(URL_ENV) or "").strip() or None


def open_url(url: str) -> PgState:
    if not url.startswith(("postgresql://", "postgres://")):
        raise StateError(f"{URL_ENV} doit commencer par postgresql:// (reçu : « {safe_url(url)} ») "
                         f"/ {URL_ENV} must start with postgresql://")
    if url not in _PG:
        _PG[url] = PgState(url)
    return _PG[url]


def current() -> FileState | PgState:
    """The back-end this process uses now: PostgreSQL when KANGABA_DATABASE_URL is set, files otherwise."""
    url = database_url()
    return open_url(url) if url else _FILES


def migrate(src: FileState, dst: PgState) -> dict[str, int]:
    """Copy a single-machine install (accounts, failed sign-ins, the whole audit trail and with it the log
    of imports and restores) into PostgreSQL, losing nothing; run twice, the second run adds nothing.
    An account already in the database is left as it is there (counted in « comptes_deja_la »). A line
    of the audit file that is not JSON is kept, as event « ligne_illisible » with its text."""
    out = {"comptes": 0, "comptes_deja_la": 0, "echecs": 0, "journal": 0, "journal_deja_la": 0}
    users = src.load_users()
    with dst.editing() as there:
        for login, rec in users.items():
            if login in there:
                out["comptes_deja_la"] += 1
            else:
                there[login] = rec
                out["comptes"] += 1
    have = dst.all_failures()
    with dst.conn() as c, c.transaction():
        for login, times in src.all_failures().items():
            for at in times:
                if at not in have.get(login, ()):
                    c.execute("insert into kangaba.sign_in_failures (login, at) values (%s, %s)", (login, at))
                    out["echecs"] += 1
    for n, line in enumerate(src.audit_lines(), 1):
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict) or "event" not in rec:
                raise ValueError
        except ValueError:
            rec = {"at": None, "event": "ligne_illisible", "who": None, "ligne": n, "texte": line}
        origin = "fichier:" + hashlib.sha256(f"{n}\n{line}".encode("utf-8")).hexdigest()
        if dst.append_audit(rec, origin=origin):
            out["journal"] += 1
        else:
            out["journal_deja_la"] += 1
    return out
