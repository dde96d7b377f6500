"""Local accounts, roles, rights and the audit log (dashboard/auth.py, dashboard/users.py), and what
they share between processes: the users file, the failed sign-ins (a lockout survives a restart) and
the audit log, each written by two real processes at once."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import auth
from queries import Scope


@pytest.fixture(autouse=True)
def files(tmp_path, monkeypatch):
    monkeypatch.setenv("KANGABA_USERS", str(tmp_path / "users.json"))
    monkeypatch.setenv("KANGABA_AUDIT", str(tmp_path / "audit.jsonl"))
    auth._failures.clear()
    return tmp_path


def test_password_is_stored_as_bcrypt_hash(files):
    auth.add_user("awa", "motdepasse-solide", "admin")
    raw = (files / "users.json").read_text()
    assert "motdepasse-solide" not in raw
    assert json.loads(raw)["users"]["awa"]["hash"].startswith("$2b$")


def test_authenticate_and_scope_per_role():
    auth.add_user("awa", "motdepasse-solide", "admin")
    auth.add_user("cs", "motdepasse-solide", "partner", partner="CASE_SAHEL", communes=["NOUGA"])
    auth.add_user("st", "motdepasse-solide", "staff")
    auth.add_user("cp", "motdepasse-solide", "committee")
    assert auth.authenticate("awa", "motdepasse-solide", sleep=lambda s: None).scope() == Scope()
    p = auth.authenticate("cs", "motdepasse-solide", sleep=lambda s: None).scope()
    assert p == Scope(communes=("NOUGA",), partners=("CASE_SAHEL",), min_cell=5, hide_no_consent=True)
    for login in ("st", "cp"):
        assert auth.authenticate(login, "motdepasse-solide", sleep=lambda s: None).scope() == \
            Scope(min_cell=5, hide_no_consent=True)


def test_failed_attempts_are_slowed_counted_and_locked():
    auth.add_user("awa", "motdepasse-solide", "admin")
    waits = []
    for _ in range(auth.LOCK_AFTER):
        assert auth.authenticate("awa", "faux", sleep=waits.append) is None
    assert waits[:4] == [0.5, 1.0, 2.0, 4.0] and max(waits) == 8.0
    assert auth.failures("awa") == auth.LOCK_AFTER
    # locked: even the right password is refused for a while
    assert auth.authenticate("awa", "motdepasse-solide", sleep=lambda s: None) is None
    events = [e["event"] for e in auth.read_audit()]
    assert events.count("sign_in_failed") == auth.LOCK_AFTER and "sign_in_locked" in events


def test_unknown_login_fails_like_a_wrong_password():
    assert auth.authenticate("personne", "x", sleep=lambda s: None) is None


def test_partner_account_must_name_its_organisation():
    with pytest.raises(ValueError, match="organisation"):
        auth.add_user("x", "motdepasse-solide", "partner")
    with pytest.raises(ValueError, match="rôle inconnu"):
        auth.add_user("x", "motdepasse-solide", "chef")
    with pytest.raises(ValueError, match="trop court"):
        auth.add_user("x", "court", "staff")


def test_session_expiry():
    assert not auth.session_expired(1000, 1000, now=1000 + auth.IDLE_TIMEOUT_S - 1)
    assert auth.session_expired(1000, 1000, now=1000 + auth.IDLE_TIMEOUT_S + 1)
    assert auth.session_expired(0, auth.MAX_SESSION_S, now=auth.MAX_SESSION_S + 1)


def test_audit_is_append_only_lines():
    auth.audit("export", "awa", what="logframe", filters={"commune": ["NOUGA"]})
    auth.audit("import", "awa", files=["a.xlsx"])
    log = auth.read_audit()
    assert [e["event"] for e in log] == ["export", "import"]
    assert log[0]["filters"] == {"commune": ["NOUGA"]} and log[0]["who"] == "awa"


def cli(*args, inp=""):
    return subprocess.run([sys.executable, "-m", "dashboard.users", *args], input=inp, capture_output=True, text=True)


def test_users_cli(files):
    env_run = cli
    r = env_run("add", "fatou", "--role", "partner", "--partner", "ENDA_MALI", "--commune", "KANIOGO",
                "--password-stdin", inp="un-long-mot-de-passe\n")
    assert r.returncode == 0, r.stderr
    r = env_run("list")
    assert "fatou" in r.stdout and "partner" in r.stdout and "ENDA_MALI" in r.stdout
    r = env_run("reset-password", "fatou", "--password-stdin", inp="un-autre-mot-de-passe\n")
    assert r.returncode == 0
    assert auth.authenticate("fatou", "un-autre-mot-de-passe", sleep=lambda s: None).role == "partner"
    r = env_run("set-role", "fatou", "--role", "staff")
    assert r.returncode == 0 and auth.load_users()["fatou"]["role"] == "staff"
    r = env_run("add", "x", "--role", "partner", "--password-stdin", inp="un-long-mot-de-passe\n")
    assert r.returncode == 2 and "organisation" in r.stderr
    assert "droits : -" in cli("list").stdout


# ------------------------------------------------------------------ user changes and rights, audited

def test_every_user_change_is_audited_by_the_cli():
    assert cli("add", "fatou", "--role", "partner", "--partner", "ENDA_MALI", "--commune", "KANIOGO",
               "--password-stdin", inp="un-long-mot-de-passe\n").returncode == 0
    assert cli("grant", "fatou", "suivi_cas").returncode == 0
    assert cli("revoke", "fatou", "suivi_cas").returncode == 0
    assert cli("reset-password", "fatou", "--password-stdin", inp="un-autre-mot-de-passe\n").returncode == 0
    assert cli("set-role", "fatou", "--role", "committee").returncode == 0
    assert cli("remove", "fatou").returncode == 0
    log = auth.read_audit()
    assert [(e["event"], e["who"], e["login"]) for e in log] == [
        ("user_added", "cli", "fatou"), ("right_granted", "cli", "fatou"), ("right_revoked", "cli", "fatou"),
        ("password_reset", "cli", "fatou"), ("role_set", "cli", "fatou"), ("user_removed", "cli", "fatou")]
    assert (log[0]["role"], log[0]["partner"], log[1]["right"], log[4]["role"]) == \
        ("partner", "ENDA_MALI", "suivi_cas", "committee")
    assert "mot-de-passe" not in json.dumps(log)
    r = cli("remove", "fatou")                       # an unknown login: said, not silently « done »
    assert r.returncode == 2 and "utilisateur inconnu « fatou »" in r.stderr
    assert [e["event"] for e in auth.read_audit()].count("user_removed") == 1


def test_follow_up_right_is_off_by_default_and_on_when_granted(files):
    auth.add_user("cs", "motdepasse-solide", "partner", partner="CASE_SAHEL", communes=["NOUGA"])
    auth.add_user("st", "motdepasse-solide", "staff")
    assert auth.load_users()["cs"]["rights"] == []
    assert not auth.authenticate("cs", "motdepasse-solide", sleep=lambda s: None).can("suivi_cas")
    assert "droits : -" in cli("list").stdout
    auth.set_right("cs", "suivi_cas", True)
    user = auth.authenticate("cs", "motdepasse-solide", sleep=lambda s: None)
    assert user.rights == ("suivi_cas",) and user.can("suivi_cas")
    assert user.scope() == Scope(communes=("NOUGA",), partners=("CASE_SAHEL",), min_cell=5, hide_no_consent=True)
    listed = next(line for line in cli("list").stdout.splitlines() if line.startswith("cs "))
    assert "droits : suivi_cas" in listed
    with pytest.raises(ValueError, match="ne s'accorde qu'aux comptes partner"):
        auth.set_right("st", "suivi_cas", True)         # staff would see every organisation's codes
    with pytest.raises(ValueError, match="droit inconnu"):
        auth.set_right("cs", "tout_voir", True)
    auth.set_role("cs", "committee")                    # a role that does not allow it: withdrawn
    assert auth.load_users()["cs"]["rights"] == []
    last = auth.read_audit()[-1]
    assert (last["event"], last["login"], last["rights_withdrawn"]) == ("role_set", "cs", ["suivi_cas"])
    assert auth.holds("admin", (), "suivi_cas")          # the data owner holds every right


# ------------------------------------------------------------------ two processes at once
# Separate Python processes (not forks of this one, which may hold Streamlit's threads and locks),
# started together; each runs one of the snippets below with the test's environment.

ROOT = Path(__file__).resolve().parents[1]
FAIL_SIGN_INS = """
from dashboard import auth
for _ in range(auth.LOCK_AFTER):
    auth.authenticate("awa", "pas-le-bon", sleep=lambda s: None)
"""
BUMP = """
from dashboard import auth
for _ in range(150):                      # read-modify-write of the users file, one more each time
    with auth._editing(None) as accounts:
        accounts.setdefault("compteur", {"n": 0})["n"] += 1
"""
APPEND = """
import sys
from dashboard import auth
for i in range(200):                      # lines far longer than PIPE_BUF
    auth.audit("export", sys.argv[1], i=i, padding="x" * 20_000)
"""


def together(*runs: tuple[str, ...]) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", *run], cwd=ROOT, env=os.environ.copy(),
                              stderr=subprocess.PIPE, text=True) for run in runs]
    errors = [p.communicate()[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * len(procs), errors


def test_lockout_survives_a_restart(files):
    """Failed sign-ins made by one server process lock the login for the next one (a restart)."""
    auth.add_user("awa", "motdepasse-solide", "admin")
    together((FAIL_SIGN_INS,))
    assert auth.failures("awa") == auth.LOCK_AFTER
    assert auth.authenticate("awa", "motdepasse-solide", sleep=lambda s: None) is None
    assert auth.read_audit()[-1]["event"] == "sign_in_locked"
    assert oct(os.stat(auth.failures_path()).st_mode & 0o777) == "0o600"
    assert auth.failures_path().parent == files          # beside users.json


def test_users_file_changed_by_two_processes_loses_nothing(files):
    together((BUMP,), (BUMP,))
    assert auth.load_users()["compteur"]["n"] == 300
    assert not [p.name for p in files.iterdir() if p.name.endswith(".tmp")]   # no temporary file left


def test_audit_lines_from_two_processes_are_whole(files):
    together((APPEND, "a"), (APPEND, "b"))
    lines = (files / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    log = [json.loads(line) for line in lines]          # a torn or mixed line would not parse
    assert len(log) == 400
    for tag in "ab":
        assert [e["i"] for e in log if e["who"] == tag] == list(range(200))
