"""Modes from the server, never from the data (issue 11, item 5): whether sign-in is required is the
server's setting. Demo mode (no sign-in, « Voir comme ») only on fictitious extracts AND when the
server was started on the demo set it generated itself (that very version still in force) or with
KANGABA_DEMO=1; a data folder saying « "synthetic": true », or a restored version, never opens the
pages. Also: no server path shown to anyone but the data owner, and `/_stcore/metrics` closed on a
real server.
"""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import streamlit as st
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from conftest import open_lazy
from dashboard import access, auth
from fixtures import write_fixture

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "motdepasse-solide-2024"
SIGNIN_REQUIRED = "connectez-vous pour les consulter"
NO_ACCOUNT = "aucun compte n'est configuré"


@pytest.fixture(autouse=True)
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("KANGABA_USERS", str(tmp_path / "users.json"))
    monkeypatch.setenv("KANGABA_AUDIT", str(tmp_path / "audit.jsonl"))
    monkeypatch.delenv("KANGABA_DEMO", raising=False)
    monkeypatch.setattr(access, "_generated", None)        # this test process generated nothing yet
    monkeypatch.chdir(ROOT)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield tmp_path
    st.cache_data.clear()
    st.cache_resource.clear()


def run(monkeypatch, data_dir: Path, page: str | None = None) -> AppTest:
    monkeypatch.setenv("KANGABA_DATA", str(data_dir))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_without_sign_in(at: AppTest) -> bool:
    """The pages are served (figures, « Voir comme ») — or closed: the sign-in form, or, without any
    account, the message saying how to create the first one. Never both, never neither."""
    shown = bool(at.get("plotly_chart")) and bool(at.sidebar.selectbox)
    closed = any(SIGNIN_REQUIRED in i.value for i in at.info) or any(NO_ACCOUNT in e.value for e in at.error)
    assert shown != closed, "both or neither"
    return shown


def test_a_data_folder_saying_synthetic_does_not_switch_sign_in_off(monkeypatch, env):
    d = write_fixture(env / "data", synthetic=True)
    auth.add_user("awa", PASSWORD, "admin")
    at = run(monkeypatch, d)
    assert not open_without_sign_in(at)
    assert [t.key for t in at.text_input] == ["_login_name", "_login_password"]
    assert "KANGABA_DEMO=1" in " ".join(c.value for c in at.caption)
    assert not any("Données fictives" in w.value for w in at.warning)           # nothing of the data shown
    monkeypatch.setenv("KANGABA_DEMO", "1")                                     # the server's setting does
    assert open_without_sign_in(run(monkeypatch, d))


def test_explicit_demo_setting_never_opens_real_extracts(monkeypatch, env):
    monkeypatch.setenv("KANGABA_DEMO", "1")
    at = run(monkeypatch, write_fixture(env / "data", synthetic=False))
    assert not open_without_sign_in(at)


def test_demo_set_generated_by_this_server_is_demo_until_another_version_is_in_force(monkeypatch, env):
    d = env / "data"
    at = run(monkeypatch, d)                                  # empty folder: the app generates the demo set
    assert open_without_sign_in(at)
    assert any("Données fictives" in w.value for w in at.warning)
    # the same demo files restored as a version (DIR/current -> versions/…): sign-in required
    version = d / "versions" / "0001-20261130-101500"
    version.mkdir(parents=True)
    for f in list(d.iterdir()):
        if f.is_file():
            shutil.copy2(f, version / f.name)
    os.symlink(Path("versions") / version.name, d / "current")
    assert json.loads((version / "_dataset.json").read_text())["synthetic"] is True
    assert not open_without_sign_in(run(monkeypatch, d))
    (d / "current").unlink()                                   # back to the very version it generated
    assert open_without_sign_in(run(monkeypatch, d))
    monkeypatch.setenv("KANGABA_DEMO", "0")                    # and the setting can always refuse it
    assert not open_without_sign_in(run(monkeypatch, d))


def test_a_demo_export_is_refused_once_the_server_is_no_longer_in_demo_mode(monkeypatch, env, made):
    monkeypatch.setenv("KANGABA_DEMO", "1")
    at = run(monkeypatch, write_fixture(env / "data", synthetic=True))
    assert open_without_sign_in(at)
    open_lazy(at, "exports")                                # the sidebar's exports, as a click opens them
    button = next(b for b in at.get("download_button") if b.proto.id.endswith("dl_logframe_xlsx"))
    workbook = made[button.proto.deferred_file_id][0]
    assert load_workbook(io.BytesIO(workbook())).active.title == "Cadre logique"
    monkeypatch.setenv("KANGABA_DEMO", "0")                 # the server's setting changed: nothing leaves
    refused = load_workbook(io.BytesIO(workbook())).active["A1"].value
    assert refused.startswith("Export refusé : le serveur n'est plus en mode démonstration.")
    assert [(e["event"], e["who"], e.get("view_as"), e.get("reason")) for e in auth.read_audit()] == [
        ("export", "démo", "admin", None), ("export_refused", "démo", "admin", "demo_ended")]


def test_the_data_path_is_shown_to_the_data_owner_only(monkeypatch, env):
    d = write_fixture(env / "data", synthetic=False)
    for login, role in (("awa", "admin"), ("sam", "staff")):
        auth.add_user(login, PASSWORD, role)
    for login, shown in (("awa", True), ("sam", False)):
        at = run(monkeypatch, d)
        at.text_input(key="_login_name").input(login)
        at.text_input(key="_login_password").input(PASSWORD)
        next(b for b in at.button if b.proto.form_id == "signin").click().run()
        at.switch_page("pages/5_qualite.py").run()
        assert not at.exception
        text = " ".join(m.value for m in at.markdown)
        assert "Extraits **réels** des partenaires" in text
        assert (str(d) in text) is shown, login
        assert (env.name in text) is shown, login


def test_metrics_are_closed_on_a_real_server(tmp_path):
    from browser import streamlit_server
    d = write_fixture(tmp_path / "data", synthetic=False)
    with streamlit_server(d, {"KANGABA_WARMUP": "0"}) as base:
        with urllib.request.urlopen(base + "/_stcore/health", timeout=10) as r:
            assert r.status == 200                           # the server answers…
        for path in ("/_stcore/metrics", "/_stcore/metrics/", "//_stcore//metrics", "/_STCORE/metrics"):
            with pytest.raises(urllib.error.HTTPError) as e:  # …but not with its metrics
                urllib.request.urlopen(base + path, timeout=10)
            assert e.value.code == 404, path


def page_text(browser, base: str) -> str:
    page = browser.new_page()
    try:
        page.goto(base)
        page.get_by_text(re.compile("Voir comme|aucun compte n'est configuré|connectez-vous")).first.wait_for(
            timeout=120_000)
        return page.inner_text("body")
    finally:
        page.close()


def test_a_real_server_is_in_demo_mode_on_the_set_it_generated_even_after_a_restart(tmp_path, browser):
    """serve.py on an empty folder generates the demo set and serves it without sign-in; restarted on that
    same untouched folder, it is still its own demo set (written down in its private cache folder, with
    the content hash): open again. Once a file of the set is changed — the data still say « synthetic »,
    but this is no longer what the server generated — closed."""
    from browser import streamlit_server
    d = tmp_path / "data"
    env = {"KANGABA_WARMUP": "0", "KANGABA_DEMO": "", "KANGABA_USERS": str(tmp_path / "users.json"),
           "KANGABA_AUDIT": str(tmp_path / "audit.jsonl")}        # KANGABA_DEMO empty: the server decides
    with streamlit_server(d, env) as base:
        first = page_text(browser, base)
    with streamlit_server(d, env) as base:
        restarted = page_text(browser, base)
    meta = d / "_dataset.json"
    meta.write_text(meta.read_text(encoding="utf-8").replace("{", '{"note": "modifié", ', 1), encoding="utf-8")
    with streamlit_server(d, env) as base:
        changed = page_text(browser, base)
    assert "Voir comme" in first and "Données fictives" in first
    assert "Voir comme" in restarted and "Données fictives" in restarted
    assert "Voir comme" not in changed and "aucun compte n'est configuré" in changed
    assert "KANGABA_DEMO=1" in changed
