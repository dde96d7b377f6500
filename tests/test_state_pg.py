"""The PostgreSQL back-end of the state store (state/pg.py) on a real PostgreSQL server started for this
module (tests/pgcluster.py, Debian's package): accounts, lockouts and session checks through the same
dashboard.auth functions as on one machine; the audit trail append-only for the application's role
(grants, tested with that role); the import lock shared by every process; `migrate` from the files,
twice without duplicates."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import state
from browser import poll_until
from dashboard import auth
from pgcluster import APP, OWNER, postgres_cluster

ROOT = Path(__file__).resolve().parents[1]
PW = "motdepasse-solide"


@pytest.fixture(scope="module")
def pg():
    with postgres_cluster() as c:
        state.pg.setup(c.url(OWNER), APP)
        try:
            yield c
        finally:
            state.open_url(c.url(APP)).close()               # this process's pooled connections


@pytest.fixture(autouse=True)
def shared(pg, tmp_path, monkeypatch):
    """Every test on empty tables, the application's role in KANGABA_DATABASE_URL; the files of the
    default back-end point into an empty folder (nothing may be written there)."""
    pg.sql("truncate kangaba.accounts, kangaba.sign_in_failures, kangaba.audit, kangaba.data_versions")
    monkeypatch.setenv("KANGABA_USERS", str(tmp_path / "files" / "users.json"))
    monkeypatch.setenv("KANGABA_AUDIT", str(tmp_path / "files" / "audit.jsonl"))
    monkeypatch.setenv(state.URL_ENV, pg.url(APP))
    yield pg
    assert not (tmp_path / "files").exists()             # the database only: no local file written


def test_accounts_lockout_and_sessions_in_the_database(shared):
    auth.add_user("awa", PW, "admin")
    auth.add_user("cs", PW, "partner", partner="CASE_SAHEL", communes=["NOUGA"])
    rec = shared.sql("select rec from kangaba.accounts where login = 'awa'", role=APP)[0][0]
    assert rec["hash"].startswith("$2b$") and PW not in json.dumps(rec)
    user = auth.authenticate("cs", PW, sleep=lambda s: None)
    assert user.partner == "CASE_SAHEL" and user.communes == ("NOUGA",)
    for _ in range(auth.LOCK_AFTER):
        assert auth.authenticate("awa", "faux", sleep=lambda s: None) is None
    assert shared.sql("select count(*) from kangaba.sign_in_failures where login = 'awa'")[0][0] == auth.LOCK_AFTER
    assert auth.authenticate("awa", PW, sleep=lambda s: None) is None           # locked
    assert auth.read_audit()[-1]["event"] == "sign_in_locked"
    # a session of « cs » (dashboard/access.py's record of it) as each change finds it at the next rerun
    rec = auth.load_users()["cs"]
    s = {"login": "cs", "signed_in_at": auth.clock(), "last_seen": auth.clock(), "stamp": auth.stamp(rec)}
    drawn = auth.account_state(rec)
    assert auth.check_session(s, drawn) == (None, rec)
    auth.set_role("cs", "staff")
    assert auth.check_session(s, drawn)[0] == "rights_changed"
    assert auth.check_session(s)[1]["role"] == "staff"                          # applies at the next rerun
    auth.reset_password("cs", "un-autre-mot-de-passe")
    assert auth.check_session(s)[0] == "password_reset"
    s["stamp"] = auth.stamp(auth.load_users()["cs"])
    auth.remove_user("cs")
    assert auth.check_session(s) == ("account_removed", None)
    events = [e["event"] for e in auth.read_audit()]
    assert events[:2] == ["user_added", "user_added"] and events[-3:] == ["role_set", "password_reset", "user_removed"]


def test_the_application_role_cannot_change_or_delete_the_trail(shared):
    import psycopg
    auth.audit("export", "awa", what="indicateurs")
    auth.audit("import", "awa", data="d", files=["a.xlsx"], version="0002-20261130-120000")
    for table in ("audit", "data_versions"):
        for statement in (f"delete from kangaba.{table}", f"update kangaba.{table} set who = 'x'",
                          f"truncate kangaba.{table}"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                shared.sql(statement, role=APP)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        shared.sql("drop table kangaba.audit", role=APP)
    assert shared.sql("select count(*) from kangaba.audit", role=APP)[0][0] == 2
    assert [r["version"] for r in state.current().versions_log()] == ["0002-20261130-120000"]
    assert shared.sql("delete from kangaba.accounts", role=APP) is None          # accounts: the app changes them


BUMP = """
from dashboard import auth
for _ in range(60):                       # read-modify-write of the accounts, one more each time
    with auth._editing(None) as accounts:
        accounts.setdefault("compteur", {"n": 0})["n"] += 1
"""


def test_two_processes_change_the_accounts_without_losing_a_change(shared):
    procs = [subprocess.Popen([sys.executable, "-c", BUMP], cwd=ROOT, env=os.environ.copy(),
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    assert auth.load_users()["compteur"]["n"] == 120


HOLD = """
import sys
from pathlib import Path
from importer import store
with store.lock(Path(sys.argv[1])):
    Path(sys.argv[2]).write_text("tenu")
    sys.stdin.read()                      # held until the test kills this process
"""


def test_import_lock_is_shared_and_released_when_its_holder_is_killed(shared, tmp_path):
    from importer import store
    data, flag = tmp_path / "data", tmp_path / "held"
    data.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(data), str(flag)], cwd=ROOT, env=os.environ.copy(),
                              stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        poll_until(flag.exists, "le verrou d'import n'a pas été pris", give_up=lambda: holder.poll() is not None)
        other = tmp_path / "autre_dossier"              # another machine's mount point: the same lock
        other.mkdir()
        with pytest.raises(store.Busy, match="kangaba .* pid"):
            with store.lock(other):
                pass
        assert not list(tmp_path.glob(".*import.lock"))                     # no flock file: the database's lock
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(60)
    with store.lock(data):                                # killed: PostgreSQL ended its session and lock
        pass


def test_migrate_moves_a_single_machine_install_without_loss_twice_idempotent(shared, tmp_path, monkeypatch):
    files = tmp_path / "one_machine"
    monkeypatch.delenv(state.URL_ENV)
    monkeypatch.setenv("KANGABA_USERS", str(files / "users.json"))
    monkeypatch.setenv("KANGABA_AUDIT", str(files / "audit.jsonl"))
    auth.add_user("awa", PW, "admin")
    auth.add_user("cs", PW, "partner", partner="CASE_SAHEL", communes=["NOUGA"])
    auth.set_right("cs", "suivi_cas", True)
    auth.authenticate("cs", "faux", sleep=lambda s: None)
    auth.audit("import", "awa", data="data", files=["rapport.xlsx"], version="0002-20261130-101500")
    auth.audit("export", "cs", what="carte", filters={"commune": ["NOUGA"]})
    with open(files / "audit.jsonl", "a", encoding="utf-8") as f:
        f.write('{"at": "2026-11-30T10:00:00+00:00", "event": "exp\n')        # a torn line: kept too
    users, failures, lines = auth.load_users(), auth.FailedSignIns().count("cs"), auth.read_audit()
    assert failures == 1 and len(lines) == 6
    cmd = [sys.executable, "-m", "dashboard.users", "migrate", "--to", shared.url(APP)]
    first = subprocess.run(cmd, cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "2 compte(s) (0 déjà présent(s)" in first.stdout and "7 ligne(s) du journal (0 déjà" in first.stdout
    again = subprocess.run(cmd, cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "0 compte(s) (2 déjà présent(s)" in again.stdout, again.stdout + again.stderr
    assert "0 ligne(s) du journal (7 déjà copiée(s))" in again.stdout
    monkeypatch.setenv(state.URL_ENV, shared.url(APP))
    assert auth.load_users() == users
    assert auth.FailedSignIns().count("cs") == 1
    moved = auth.read_audit()
    assert moved[:6] == lines and moved[6]["event"] == "ligne_illisible" and moved[6]["texte"].startswith('{"at"')
    assert [(r["who"], r["files"], r["version"]) for r in state.current().versions_log()] == \
        [("awa", ["rapport.xlsx"], "0002-20261130-101500")]
    assert auth.authenticate("cs", PW, sleep=lambda s: None).rights == ("suivi_cas",)


def test_users_cli_on_the_database(shared):
    add = subprocess.run([sys.executable, "-m", "dashboard.users", "add", "fatou", "--role", "staff",
                          "--password-stdin"], input=PW + "\n", cwd=ROOT, env=os.environ.copy(),
                         capture_output=True, text=True, timeout=120)
    assert add.returncode == 0, add.stderr
    assert f"Fait (postgresql://{APP}@127.0.0.1:{shared.port}/kangaba)" in add.stdout
    listed = subprocess.run([sys.executable, "-m", "dashboard.users", "list"], cwd=ROOT, env=os.environ.copy(),
                            capture_output=True, text=True, timeout=120)
    assert listed.stdout.split()[:2] == ["fatou", "staff"]
    assert auth.read_audit()[-1] == {**auth.read_audit()[-1], "event": "user_added", "who": "cli", "login": "fatou"}


def test_a_database_without_the_tables_is_refused_in_french(shared):
    shared.sql("create database vide", db="postgres")
    try:
        with pytest.raises(state.StateError, match="python -m state setup"):
            state.open_url(shared.url(APP, "vide")).load_users()
    finally:
        state.open_url(shared.url(APP, "vide")).close()
        shared.sql("drop database vide", db="postgres")


def test_setup_and_check_commands(shared):
    """The README's commands: setup run again by the owner changes nothing and keeps the grants; check
    says which back-end answers."""
    env = os.environ.copy()
    setup = subprocess.run([sys.executable, "-m", "state", "setup", "--url", shared.url(OWNER), "--app-role", APP],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert setup.returncode == 0 and "rôle kangaba_app : lecture et écriture des comptes" in setup.stdout, setup.stderr
    auth.audit("export", "awa")
    check = subprocess.run([sys.executable, "-m", "state", "check"], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith(f"postgresql : postgresql://{APP}@127.0.0.1:{shared.port}/kangaba — 0 compte(s)")
    import psycopg
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        shared.sql("delete from kangaba.audit", role=APP)
    missing = subprocess.run([sys.executable, "-m", "state", "setup", "--url", shared.url(OWNER), "--app-role",
                              "personne"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and "le rôle « personne » n'existe pas" in missing.stderr
