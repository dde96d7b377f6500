"""Local accounts, roles and the audit log (dashboard/auth.py, dashboard/users.py)."""
from __future__ import annotations

import json
import subprocess
import sys

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


def test_users_cli(files):
    env_run = lambda *a, inp="": subprocess.run([sys.executable, "-m", "dashboard.users", *a], input=inp,  # noqa: E731
                                                capture_output=True, text=True)
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
