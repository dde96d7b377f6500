"""The PostgreSQL back-end (several machines): KANGABA_DATABASE_URL=postgresql://…

Everything lives in the schema `kangaba`, created by `python -m state setup` run by the role that owns it
(never by the application's role). The application's role gets:
  accounts, sign_in_failures   SELECT, INSERT, UPDATE, DELETE
  audit, data_versions         SELECT, INSERT only: the trail is append-only for the application
so the dashboard, the importer and the CLI, whatever they do, cannot change or delete a line of the trail.

One connection per operation, borrowed from a small pool (autocommit; a change of several rows in one
transaction). The import lock is a session advisory lock held on a connection of its own for the whole
import: PostgreSQL releases it when that connection ends, including when the process is killed.
"""
from __future__ import annotations

import copy
import json
import os
import socket
import threading
import time
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from .files import VERSION_EVENTS

SCHEMA = "kangaba"
IMPORT_KEY = 0x4B414E47            # pg_try_advisory_lock: one import (or restore) at a time, every machine
ACCOUNTS_KEY = 0x4B414E48          # pg_advisory_xact_lock: one change of the accounts at a time
POOL_SIZE = 8
STALE_S = 30                        # an idle connection older than this is checked before use

DDL = f"""
create schema if not exists {SCHEMA};
create table if not exists {SCHEMA}.accounts (
    login text primary key,
    rec json not null,                         -- hash (bcrypt), role, partner, communes, rights
    changed_at timestamptz not null default now());
create table if not exists {SCHEMA}.sign_in_failures (
    login text not null,
    at double precision not null);             -- epoch seconds (the application's clock)
create index if not exists sign_in_failures_login on {SCHEMA}.sign_in_failures (login, at);
create table if not exists {SCHEMA}.audit (
    id bigserial primary key,                  -- the order of the trail, every server together
    at timestamptz not null,
    event text not null,
    who text,
    rec json not null,                         -- the line as the file back-end writes it
    origin text unique);                       -- a line brought by `migrate` (idempotent)
create table if not exists {SCHEMA}.data_versions (
    id bigserial primary key,
    at timestamptz not null,
    event text not null,                       -- import, import_failed, restore, restore_failed
    who text,
    version text,                              -- the version put in force
    data text,
    files json,
    rec json not null,
    origin text unique);
"""
TABLES_RW = ("accounts", "sign_in_failures")
TABLES_APPEND = ("audit", "data_versions")


class StateError(Exception):
    """French first, English second."""


class Busy(StateError):
    pass


def safe_url(url: str) -> str:
    """The URL without its password (for messages and logs)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


def _json(obj):
    from psycopg.types.json import Json
    return Json(obj, dumps=lambda o: json.dumps(o, ensure_ascii=False, default=str))


class PgState:
    kind = "postgresql"
    shared_lock = True

    def __init__(self, url: str):
        self.url = url
        self._idle: list[tuple[object, float]] = []
        self._mutex = threading.Lock()
        self._checked = False

    def label(self) -> str:
        return safe_url(self.url)

    # ------------------------------------------------------------ connections
    def connect(self, autocommit: bool = True):
        import psycopg
        try:
            return psycopg.connect(self.url, autocommit=autocommit, connect_timeout=10,
                                   application_name=f"kangaba {socket.gethostname()} pid {os.getpid()}"[:63])
        except psycopg.OperationalError as e:
            raise StateError(f"base PostgreSQL injoignable ({safe_url(self.url)}) / database unreachable: "
                             f"{str(e).strip().splitlines()[0] if str(e).strip() else e}") from None

    @contextmanager
    def conn(self):
        """A connection of the pool (autocommit), given back if left clean."""
        import psycopg
        c = None
        with self._mutex:
            while self._idle and c is None:
                c, since = self._idle.pop()
                if c.closed or c.broken:
                    c = None
                elif time.monotonic() - since > STALE_S:
                    try:
                        c.execute("select 1")
                    except psycopg.Error:
                        c.close()
                        c = None
        if c is None:
            c = self.connect()
            if not self._checked:
                self._check_schema(c)
        ok = False
        try:
            yield c
            ok = True
        finally:
            clean = ok and not c.closed and not c.broken and \
                c.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
            with self._mutex:
                if clean and len(self._idle) < POOL_SIZE:
                    self._idle.append((c, time.monotonic()))
                    c = None
            if c is not None:
                c.close()

    def _check_schema(self, c) -> None:
        missing = [t for t in TABLES_RW + TABLES_APPEND
                   if c.execute("select to_regclass(%s)", (f"{SCHEMA}.{t}",)).fetchone()[0] is None]
        if missing:
            raise StateError(f"la base {safe_url(self.url)} n'a pas les tables du tableau de bord "
                             f"({', '.join(missing)}) : lancez « python -m state setup » avec le rôle propriétaire "
                             "/ the database lacks the dashboard's tables: run « python -m state setup » "
                             "as the owner")
        self._checked = True

    def close(self) -> None:
        with self._mutex:
            for c, _ in self._idle:
                c.close()
            self._idle.clear()

    # ------------------------------------------------------------ accounts
    def load_users(self, path=None) -> dict[str, dict]:
        with self.conn() as c:
            return {login: rec for login, rec in
                    c.execute(f"select login, rec from {SCHEMA}.accounts order by login").fetchall()}

    def user(self, login: str) -> dict | None:
        with self.conn() as c:
            row = c.execute(f"select rec from {SCHEMA}.accounts where login = %s", (login,)).fetchone()
        return row[0] if row else None

    def save_users(self, users: dict[str, dict], path=None) -> None:
        with self.editing() as current:
            current.clear()
            current.update(copy.deepcopy(users))

    @contextmanager
    def editing(self, path=None):
        """The accounts, to change in place; written on leaving in one transaction, one change of the
        accounts at a time on every machine (a transaction advisory lock)."""
        with self.conn() as c:
            with c.transaction():
                c.execute("select pg_advisory_xact_lock(%s)", (ACCOUNTS_KEY,))
                before = {login: rec for login, rec in
                          c.execute(f"select login, rec from {SCHEMA}.accounts").fetchall()}
                users = copy.deepcopy(before)
                yield users
                for login in before.keys() - users.keys():
                    c.execute(f"delete from {SCHEMA}.accounts where login = %s", (login,))
                for login, rec in users.items():
                    if before.get(login) != rec:
                        c.execute(f"insert into {SCHEMA}.accounts (login, rec) values (%s, %s) on conflict (login) "
                                  "do update set rec = excluded.rec, changed_at = now()", (login, _json(rec)))

    # ------------------------------------------------------------ failed sign-ins
    def failure_count(self, login: str, now: float, window: float) -> int:
        with self.conn() as c:
            return c.execute(f"select count(*) from {SCHEMA}.sign_in_failures where login = %s and at > %s",
                             (login, now - window)).fetchone()[0]

    def record_failure(self, login: str, now: float, window: float) -> int:
        with self.conn() as c, c.transaction():
            c.execute(f"delete from {SCHEMA}.sign_in_failures where at <= %s", (now - window,))
            c.execute(f"insert into {SCHEMA}.sign_in_failures (login, at) values (%s, %s)", (login, now))
            return c.execute(f"select count(*) from {SCHEMA}.sign_in_failures where login = %s and at > %s",
                             (login, now - window)).fetchone()[0]

    def forget_failures(self, login: str, now: float, window: float) -> None:
        with self.conn() as c:
            c.execute(f"delete from {SCHEMA}.sign_in_failures where login = %s", (login,))

    def clear_failures(self) -> None:
        with self.conn() as c:
            c.execute(f"delete from {SCHEMA}.sign_in_failures")

    def all_failures(self) -> dict[str, list[float]]:
        out: dict[str, list[float]] = {}
        with self.conn() as c:
            for login, at in c.execute(f"select login, at from {SCHEMA}.sign_in_failures order by login, at"):
                out.setdefault(login, []).append(at)
        return out

    # ------------------------------------------------------------ audit trail and data versions
    def append_audit(self, rec: dict, origin: str | None = None) -> bool:
        """One line of the trail (and of the versions log for imports and restores), in one transaction.
        With `origin` (migrate): nothing if that line is already there. True if written."""
        with self.conn() as c, c.transaction():
            cur = c.execute(f"insert into {SCHEMA}.audit (at, event, who, rec, origin) "
                            "values (coalesce(%s::timestamptz, now()), %s, %s, %s, %s) on conflict (origin) do nothing",
                            (rec.get("at"), str(rec.get("event")), rec.get("who"), _json(rec), origin))
            if cur.rowcount and rec.get("event") in VERSION_EVENTS:
                c.execute(f"insert into {SCHEMA}.data_versions (at, event, who, version, data, files, rec, origin) "
                          "values (coalesce(%s::timestamptz, now()), %s, %s, %s, %s, %s, %s, %s) "
                          "on conflict (origin) do nothing",
                          (rec.get("at"), rec["event"], rec.get("who"), rec.get("version"), rec.get("data"),
                           _json(rec.get("files")), _json(rec), origin))
            return bool(cur.rowcount)

    def read_audit(self, limit: int = 2000) -> list[dict]:
        with self.conn() as c:
            return [r for (r,) in c.execute(
                f"select rec from (select id, rec from {SCHEMA}.audit order by id desc limit %s) t order by id",
                (limit,)).fetchall()]

    def versions_log(self, limit: int = 200) -> list[dict]:
        with self.conn() as c:
            return [r for (r,) in c.execute(
                f"select rec from (select id, rec from {SCHEMA}.data_versions order by id desc limit %s) t "
                "order by id", (limit,)).fetchall()]

    # ------------------------------------------------------------ import lock
    @contextmanager
    def import_lock(self, what: str):
        """One import (or restore) at a time on every machine; raises Busy (nothing waits). The lock
        lives as long as its connection: a killed process releases it."""
        import psycopg
        c = self.connect()
        try:
            if not c.execute("select pg_try_advisory_lock(%s)", (IMPORT_KEY,)).fetchone()[0]:
                holder = c.execute(
                    "select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid "
                    "where l.locktype = 'advisory' and l.granted and l.classid = 0 and l.objid = %s",
                    (IMPORT_KEY,)).fetchone()
                raise Busy(f"un autre import (ou une restauration) est en cours sur {what}"
                           + (f" ({holder[0]})" if holder and holder[0] else "")
                           + " : réessayez quand il sera terminé.")
            yield
        finally:
            try:
                c.close()                                    # ends the session: the lock is released
            except psycopg.Error:
                pass


def setup(owner_url: str, app_role: str | None = None) -> list[str]:
    """Create (if missing) the schema and tables, owned by the role of `owner_url`, and give `app_role`
    what the application needs and nothing more. Idempotent. Returns what was done, in French."""
    import psycopg
    from psycopg import sql
    done = []
    with psycopg.connect(owner_url, autocommit=False) as c:
        c.execute(DDL)
        done.append(f"schéma {SCHEMA} et tables prêts")
        if app_role:
            r = sql.Identifier(app_role)
            s = sql.Identifier(SCHEMA)
            if c.execute("select 1 from pg_roles where rolname = %s", (app_role,)).fetchone() is None:
                raise StateError(f"le rôle « {app_role} » n'existe pas : créez-le d'abord (createuser) "
                                 f"/ role « {app_role} » does not exist")
            c.execute(sql.SQL("revoke all on all tables in schema {} from public").format(s))
            c.execute(sql.SQL("grant usage on schema {} to {}").format(s, r))
            for t in TABLES_RW + TABLES_APPEND:
                c.execute(sql.SQL("revoke all on {}.{} from {}").format(s, sql.Identifier(t), r))
            for t in TABLES_RW:
                c.execute(sql.SQL("grant select, insert, update, delete on {}.{} to {}").format(
                    s, sql.Identifier(t), r))
            for t in TABLES_APPEND:
                c.execute(sql.SQL("grant select, insert on {}.{} to {}").format(s, sql.Identifier(t), r))
                c.execute(sql.SQL("grant usage on sequence {}.{} to {}").format(
                    s, sql.Identifier(f"{t}_id_seq"), r))
            done.append(f"rôle {app_role} : lecture et écriture des comptes et des échecs de connexion ; "
                        "lecture et ajout seulement dans le journal d'audit et le journal des versions")
        c.commit()
    return done
