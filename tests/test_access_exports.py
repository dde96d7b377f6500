"""Everything that leaves is checked when it leaves (issue 11, item 4): a download button drawn for a
session builds its file only if that session may still have it at that moment — signed in, account
still there, password unchanged, not expired, same role, scope and rights — else the file holds a
French refusal and the audit log says « export_refused » with the reason. A partner's own follow-up
(right « suivi_cas », item 3) is shown and exported only while the right is held, and audited.

The files are built by the app's own callables (the ones st.download_button was given), called as
Streamlit calls them when the browser asks for the file. Data: the demo generator's set relabelled as
real extracts (a partner with stalled cases of its own); the server is not in demo mode.
"""
from __future__ import annotations

import os

import io
import json
from pathlib import Path

import pytest

import queries as q
import streamlit as st
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from conftest import open_lazy
from dashboard import access, auth

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "motdepasse-solide-2024"
CASES = "pages/2_prise_en_charge.py"
REFUSED = "Export refusé : "


pytestmark = pytest.mark.usefixtures("made")      # downloads registered (conftest.made)


@pytest.fixture(scope="module")
def real_demo(tmp_path_factory) -> Path:
    import demo
    d = tmp_path_factory.mktemp("access_exports") / "data"
    demo.generate(d)
    meta = json.loads((d / "_dataset.json").read_text())
    (d / "_dataset.json").write_text(json.dumps({**meta, "synthetic": False}))
    return d


@pytest.fixture(scope="module")
def accounts(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("access_exports_users") / "users.json"
    auth.add_user("sam.staff", PASSWORD, "staff", path=p)
    auth.add_user("acesem", PASSWORD, "partner", "ACESEM", path=p)
    return p


@pytest.fixture(autouse=True)
def env(monkeypatch, tmp_path, real_demo, accounts):
    users = tmp_path / "users.json"
    users.write_bytes(accounts.read_bytes())
    monkeypatch.setenv("KANGABA_DATA", str(real_demo))
    monkeypatch.setenv("KANGABA_USERS", str(users))
    monkeypatch.setenv("KANGABA_AUDIT", str(tmp_path / "audit.jsonl"))
    monkeypatch.delenv("KANGABA_DEMO", raising=False)
    monkeypatch.chdir(ROOT)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield users
    st.cache_data.clear()
    st.cache_resource.clear()


def signed_in(login: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.text_input(key="_login_name").input(login)
    at.text_input(key="_login_password").input(PASSWORD)
    next(b for b in at.button if b.proto.form_id == "signin").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["_auth"]["login"] == login
    return at


def visit(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def file_of(at: AppTest, made: dict, key: str):
    """What builds the file of the download button whose key is `key` (call it as a click would); its popover
    is opened first if it is not (conftest.open_lazy: the buttons are drawn while it is open)."""
    if not any(b.proto.id.endswith(key) for b in at.get("download_button")):
        open_lazy(at)
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(key))
    return made[button.proto.deferred_file_id][0]


def build(at: AppTest, made: dict, key: str):
    return file_of(at, made, key)()


def first_cell(xlsx: bytes):
    return load_workbook(io.BytesIO(xlsx)).active["A1"].value


def events(*kinds) -> list[dict]:
    return [e for e in auth.read_audit() if not kinds or e["event"] in kinds]


@pytest.mark.parametrize("change, reason, said", [
    (lambda p: auth.remove_user("sam.staff", path=p), "account_removed", "votre compte a été supprimé"),
    (lambda p: auth.reset_password("sam.staff", "un-autre-mot-de-passe", path=p), "password_reset",
     "le mot de passe de votre compte a été changé"),
    (lambda p: auth.set_role("sam.staff", "partner", "CASE_SAHEL", ["NOUGA"], path=p), "rights_changed",
     "le rôle, l'organisation, les communes ou les droits de votre compte ont changé"),
])
def test_an_export_asked_for_after_an_account_change_delivers_nothing(env, made, change, reason, said):
    at = open_lazy(signed_in("sam.staff"))      # the exports and downloads drawn (conftest.open_lazy)
    workbook = build(at, made, "dl_logframe_xlsx")               # while the session may: the workbook
    assert load_workbook(io.BytesIO(workbook)).active.title == "Cadre logique"
    change(env)                                                   # then, buttons already drawn:
    refused = build(at, made, "dl_logframe_xlsx")
    assert first_cell(refused).startswith(REFUSED + said)
    assert "Aucune donnée n'a été exportée" in first_cell(refused)
    csv = build(at, made, "dl_progression_children_life_skills")   # a chart's table, same guard
    assert csv.decode("utf-8-sig").startswith(REFUSED + said)
    html = build(at, made, "dl_report_html")
    assert REFUSED in html and "<script" not in html and len(html) < 2000
    log = events("export", "export_refused", "user_removed", "password_reset", "role_set")
    assert [e["event"] for e in log] == ["export", log[1]["event"], "export_refused", "export_refused",
                                         "export_refused"]
    assert {(e["who"], e["reason"]) for e in log[2:]} == {("sam.staff", reason)}
    assert [e["what"] for e in log[2:]] == ["cadre_logique", "progression_children_life_skills", "rapport"]


def test_an_export_asked_for_after_the_session_expired_or_ended_delivers_nothing(monkeypatch, made):
    at = open_lazy(signed_in("sam.staff"))      # the exports and downloads drawn (conftest.open_lazy)
    now = auth.clock()
    monkeypatch.setattr(auth, "clock", lambda: now + auth.IDLE_TIMEOUT_S + 60)   # idle past the limit
    assert first_cell(build(at, made, "dl_logframe_xlsx")).startswith(REFUSED + "votre session a expiré")
    monkeypatch.setattr(auth, "clock", lambda: now)
    workbook = file_of(at, made, "dl_logframe_xlsx")
    assert load_workbook(io.BytesIO(workbook())).active.title == "Cadre logique"
    at.button(key="_signout").click().run()                       # signed out: the old buttons refuse too
    assert not at.get("download_button")
    assert first_cell(workbook()).startswith(REFUSED + "vous vous êtes déconnecté")
    assert [(e["event"], e.get("reason")) for e in events("export", "export_refused")] == [
        ("export_refused", "expired"), ("export", None), ("export_refused", "signed_out")]


def test_a_pdf_refused_is_a_pdf_that_says_so(monkeypatch, made):
    at = open_lazy(signed_in("sam.staff"))      # the exports and downloads drawn (conftest.open_lazy)
    if not any(b.proto.id.endswith("dl_report_pdf") for b in at.get("download_button")):
        pytest.skip("chromium absent : pas de bouton PDF")
    auth.remove_user("sam.staff")
    pdf = build(at, made, "dl_report_pdf")
    assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-8:]
    assert "Export refusé : votre compte a été supprimé".encode("cp1252") in pdf


def stalled_codes(at: AppTest) -> list[str]:
    tables = [d.value for d in at.dataframe if "Code du cas" in d.value]
    return list(tables[0]["Code du cas"]) if tables else []


def test_partner_follow_up_is_off_by_default_on_when_granted_and_refused_once_withdrawn(env, made):
    at = visit(signed_in("acesem"), CASES)
    assert stalled_codes(at) == [] and not events("right_used")     # off by default: counts only
    assert not [b for b in at.get("download_button") if b.proto.id.endswith("dl_stalled")]
    auth.set_right("acesem", "suivi_cas", True, path=env)
    at.run()
    assert len(events("right_used")) == 1                              # the list shown: its use recorded
    open_lazy(at, "stalled")            # its downloads (opening their popover shows the list again: recorded)
    codes = stalled_codes(at)
    assert codes and all(c.startswith("ACS-") for c in codes)          # its own organisation's cases only
    used = events("right_used")
    assert [(e["who"], e["right"], e["what"], e["rows"]) for e in used] == \
        [("acesem", "suivi_cas", "cas_a_relancer", len(codes))] * 2
    csv = build(at, made, "dl_stalled").decode("utf-8-sig")
    assert all(c in csv for c in codes)
    auth.set_right("acesem", "suivi_cas", False, path=env)            # withdrawn: the drawn button refuses
    refused = build(at, made, "dl_stalled").decode("utf-8-sig")
    assert refused.startswith(REFUSED) and not any(c in refused for c in codes)
    assert [(e["event"], e["what"], e.get("reason")) for e in events("export", "export_refused")] == [
        ("export", "cas_a_relancer", None), ("export_refused", "cas_a_relancer", "rights_changed")]
    at.run()                                                           # and the page shows counts again
    assert stalled_codes(at) == [] and len(events("right_used")) == 2
    assert [e["event"] for e in events("right_granted", "right_revoked")] == ["right_granted", "right_revoked"]


QUALITY = "pages/5_qualite.py"


def test_own_quality_rows_are_the_partners_own_only():
    import pandas as pd
    from queries import Scope
    rows = pd.DataFrame({"row_key": ["A1", "A2", "C1", "P1", "M1"],
                         "partner": ["ACESEM", "ENDA_MALI", "ACESEM", None, "ACESEM"],
                         "commune": ["NOUGA", "NOUGA", "KANIOGO", None, None]})
    nouga = Scope(communes=("NOUGA",), partners=("ACESEM",), min_cell=5, hide_no_consent=True)
    assert list(access.own_rows(rows, nouga)["row_key"]) == ["A1", "M1"]
    assert list(access.own_rows(rows, Scope(partners=("ACESEM",)))["row_key"]) == ["A1", "C1", "M1"]
    assert access.own_rows(rows.drop(columns="partner"), nouga) is None     # whose rows: unknown → none


def test_without_the_right_a_partner_gets_no_quality_row(env):
    at = visit(signed_in("acesem"), QUALITY)
    assert any("suivis par le responsable des données" in i.value for i in at.info)
    assert not [d for d in at.dataframe if "Identifiant" in d.value] and not events("right_used")


def test_with_the_right_a_partner_sees_its_own_quality_rows(env):
    auth.set_right("acesem", "suivi_cas", True, path=env)
    at = visit(signed_in("acesem"), QUALITY)
    tables = [d.value for d in at.dataframe if "Identifiant" in d.value]
    issues = q.dq_issues(q.open_dataset(os.environ["KANGABA_DATA"]).con)
    mine = issues[issues["partner"] == "ACESEM"]                     # ACESEM's activities, people and cases
    assert len(mine) and len(mine) < len(issues)                     # the demo set has others' rows too
    assert tables and sorted(tables[0]["Identifiant"]) == sorted(mine["row_key"])
    assert [(e["what"], e["rows"]) for e in events("right_used")] == [("lignes_a_corriger", len(tables[0]))]
