"""The embedded back-end of the state store (state/files.py, the default) is the files of before, and
one script run reads one data version (dashboard/data.py), whatever an import on any machine does
meanwhile."""
from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

import state
from dashboard import auth
from fixtures import write_fixture
from importer import store


def test_default_back_end_is_the_files(tmp_path, monkeypatch):
    monkeypatch.delenv(state.URL_ENV, raising=False)
    monkeypatch.setenv("KANGABA_USERS", str(tmp_path / "users.json"))
    monkeypatch.setenv("KANGABA_AUDIT", str(tmp_path / "audit.jsonl"))
    assert isinstance(state.current(), state.FileState) and not state.current().shared_lock
    auth.add_user("awa", "motdepasse-solide", "admin")
    auth.authenticate("awa", "faux", sleep=lambda s: None)
    assert sorted(p.name for p in tmp_path.iterdir()) == \
        ["audit.jsonl", "users.failures.json", "users.json", "users.json.lock"]
    assert json.loads((tmp_path / "users.json").read_text())["users"]["awa"]["role"] == "admin"
    lines = [json.loads(x) for x in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert [x["event"] for x in lines] == ["user_added", "sign_in_failed"]
    assert auth.store_label() == str(tmp_path / "users.json")


def test_a_url_that_is_not_postgresql_is_refused(monkeypatch):
    monkeypatch.setenv(state.URL_ENV, "mysql://x@y/z")
    try:
        state.current()
    except state.StateError as e:
        assert "postgresql://" in str(e)
    else:
        raise AssertionError("URL acceptée")


def _script():
    import streamlit as st

    from dashboard import data
    from importer import store
    first = data._signature()
    if not st.session_state.get("switched"):
        st.session_state["switched"] = True
        store.restore(data.data_dir(), "1")                  # an import or restore elsewhere, mid-run
    st.session_state.setdefault("seen", []).append((first[0], data._signature()[0], data.dataset().data_dir.name))


def test_one_script_run_reads_one_data_version(tmp_path, monkeypatch):
    d = write_fixture(tmp_path / "data", synthetic=False)
    with store.lock(d):
        v2 = store.commit(d, store.load(d).tables, {})
    monkeypatch.setenv("KANGABA_DATA", str(d))
    monkeypatch.setenv("KANGABA_CACHE", str(tmp_path / "cache"))
    at = AppTest.from_function(_script, default_timeout=120)
    at.run()
    assert not at.exception
    v1 = store.current_version(d)
    assert v1.startswith("0001-") and v2.startswith("0002-")
    assert [tuple(x.rsplit("/", 1)[-1] for x in seen[:2]) + seen[2:] for seen in at.session_state["seen"]] == \
        [(v2, v2, v2)]                                       # switched during the run: not seen by it
    at.run()
    assert [s[2] for s in at.session_state["seen"]] == [v2, v1]   # the next run opens the new one


def test_the_state_store_imports_neither_streamlit_nor_plotly():
    """The importer and the command line use it: no UI library comes with it."""
    import subprocess
    import sys
    from pathlib import Path
    code = ("import sys, state, state.files, state.pg, state.__main__; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'streamlit', 'plotly', 'dashboard'}))")
    r = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "[]", r.stderr
