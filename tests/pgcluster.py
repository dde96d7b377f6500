"""A PostgreSQL server of the test's own, from Debian's `postgresql` package: `initdb` in a temporary
folder, `postgres` on a free port of 127.0.0.1, stopped by its pid at the end (never a system cluster).

PostgreSQL refuses to run as root (CI runs as root): then it runs as the `postgres` system user the
package creates, through `setpriv` (which execs, so the pid we hold is the server's own). Missing
package: the test is skipped, except with REQUIRE_BROWSER=1 (CI) where that is a failure.

Roles: `kangaba_owner` (superuser of this cluster, owns the schema: runs `python -m state setup`) and
`kangaba_app` (the application's role: what setup grants it, nothing more).
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from browser import free_port, poll_until

OWNER, APP, DB = "kangaba_owner", "kangaba_app", "kangaba"


def bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def need_postgres() -> Path:
    b = bindir()
    if b is None:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("PostgreSQL manquant (paquet Debian postgresql) : lancez scripts/install-test-deps.sh")
        pytest.skip("PostgreSQL manquant (paquet Debian postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("psycopg manquant : lancez scripts/install-test-deps.sh")
        pytest.skip("psycopg manquant")
    return b


def _as_server_user() -> list[str]:
    """The prefix that runs a command as a user PostgreSQL accepts."""
    if os.geteuid() != 0:
        return []
    pw = pwd.getpwnam("postgres")
    return ["setpriv", f"--reuid={pw.pw_uid}", f"--regid={pw.pw_gid}", "--init-groups", "--"]


class Cluster:
    def __init__(self, root: Path, port: int):
        self.root, self.port = root, port

    def url(self, role: str = APP, db: str = DB) -> str:
        return f"postgresql://{role}@127.0.0.1:{self.port}/{db}"

    def sql(self, statement: str, role: str = OWNER, db: str = DB):
        import psycopg
        with psycopg.connect(self.url(role, db), autocommit=True) as c:
            cur = c.execute(statement)
            return cur.fetchall() if cur.description else None


@contextmanager
def postgres_cluster():
    """A fresh cluster with the database `kangaba`, the owner and the application's roles (trust
    authentication on 127.0.0.1: a throw-away test cluster), stopped and removed at the end."""
    b = need_postgres()
    prefix = _as_server_user()
    root = Path(tempfile.mkdtemp(prefix="kangaba-pg-"))
    data, log = root / "data", root / "postgres.log"
    if prefix:
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
    proc = None
    try:
        subprocess.run(prefix + [str(b / "initdb"), "-D", str(data), "-U", OWNER, "--auth=trust",
                                 "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"],
                       check=True, capture_output=True, text=True, timeout=300, cwd=root)
        port = free_port()
        logf = open(log, "w")
        proc = subprocess.Popen(prefix + [str(b / "postgres"), "-D", str(data), "-p", str(port),
                                          "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={root}",
                                          "-c", "fsync=off", "-c", "max_connections=100"],
                                stdout=logf, stderr=subprocess.STDOUT, cwd=root)   # a folder it may enter
        cluster = Cluster(root, port)

        def ready():
            try:
                cluster.sql("select 1", db="postgres")
                return True
            except Exception:  # noqa: BLE001  (not accepting connections yet)
                return False
        try:
            poll_until(ready, "PostgreSQL n'a pas démarré", 120, give_up=lambda: proc.poll() is not None)
        except (RuntimeError, TimeoutError) as e:
            raise RuntimeError(f"{e}\n{log.read_text(errors='replace')[-2000:]}") from None
        cluster.sql(f"create database {DB}", db="postgres")
        cluster.sql(f"create role {APP} login")
        yield cluster
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGINT)                  # fast shutdown, by its pid
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(root, ignore_errors=True)
