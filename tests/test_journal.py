"""The audit journal in the reader's language and time zone (issue 14, item 6): dashboard/journal.table on
known records (a fixed UTC time in Bamako and Luxembourg), every audited event has its words, and the page
in English (AppTest, the data owner signed in): English column names, events as words, the CSV the same."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import open_lazy
from dashboard import auth, i18n, journal
from fixtures import write_fixture

ROOT = Path(__file__).resolve().parents[1]
RECORDS = [
    {"at": "2026-11-30T14:05:09+00:00", "event": "sign_in", "who": "awa.admin", "role": "admin"},
    {"at": "2026-07-01T23:30:00+00:00", "event": "export", "who": "sam.staff", "what": "cadre_logique",
     "format": "xlsx", "filters": {"commune": ["KANIOGO"], "periode": "2021"}},
    {"at": "2026-12-01T00:10:00+00:00", "event": "some_future_event", "who": "x", "odd": 3},
]


def test_known_times_in_bamako_and_luxembourg_newest_first():
    bko = journal.table(RECORDS, "fr", "Africa/Bamako")
    assert list(bko.columns[:3]) == ["Date et heure (Africa/Bamako)", "Événement", "Par"]
    assert list(bko["Date et heure (Africa/Bamako)"]) == ["2026-12-01 00:10:00", "2026-07-01 23:30:00",
                                                          "2026-11-30 14:05:09"]
    assert list(bko["Événement"]) == ["some_future_event", "Export", "Connexion"]    # unknown code kept as is
    lux = journal.table(RECORDS, "en", "Europe/Luxembourg")                         # CET in winter, CEST in summer
    assert list(lux["Date and time (Europe/Luxembourg)"]) == ["2026-12-01 01:10:00", "2026-07-02 01:30:00",
                                                              "2026-11-30 15:05:09"]
    assert list(lux["Event"]) == ["some_future_event", "Export", "Sign-in"]
    assert {"By", "Role", "What", "Format", "Filters", "odd"} <= set(lux.columns)
    assert lux.loc[1, "Filters"] == "commune : KANIOGO ; periode : 2021"
    assert (lux.loc[2, "Role"], lux.loc[2, "Filters"], lux.loc[0, "odd"], lux.loc[1, "odd"]) == ("admin", "", 3, "")
    assert RECORDS[1]["filters"] == {"commune": ["KANIOGO"], "periode": "2021"}       # the records untouched


def test_no_zone_or_an_unknown_zone_is_the_servers():
    server = journal.server_zone()
    for name in (None, "", "Mars/Olympus_Mons"):
        assert journal.table(RECORDS[:1], "en", name).columns[0] == f"Date and time ({server})"
    assert journal.table([], "fr", "UTC").empty


def test_every_audited_event_and_field_has_words_in_both_languages():
    code = "\n".join(p.read_text(encoding="utf-8") for d in ("dashboard", "importer")
                     for p in (ROOT / d).rglob("*.py"))
    called = set(re.findall(r"""audit\(\s*"([a-z_]+)\"""", code)) | {
        e for pair in re.findall(r"""audit\(\s*"([a-z_]+)" if .*? else "([a-z_]+)\"""", code) for e in pair}
    assert {"sign_in", "session_revoked", "right_revoked", "restore_failed"} <= called
    assert called <= set(journal.EVENTS), called - set(journal.EVENTS)
    for e in journal.EVENTS:
        fr, en = i18n.t("journal_ev_" + e, "fr"), i18n.t("journal_ev_" + e, "en")
        assert fr and en and e not in (fr, en)
    for c in journal.COLUMNS:
        assert i18n.t("journal_col_" + c, "en", zone="UTC") and i18n.t("journal_col_" + c, "fr", zone="UTC")
    assert i18n.t("journal_ev_sign_in") == "Connexion" and i18n.t("journal_ev_sign_in", "en") == "Sign-in"


PASSWORD = "motdepasse-solide-2024"


@pytest.fixture
def env(monkeypatch, tmp_path):
    users = tmp_path / "users.json"
    auth.add_user("awa.admin", PASSWORD, "admin", None, None, path=users)
    monkeypatch.setenv("KANGABA_DATA", str(write_fixture(tmp_path / "data", synthetic=False)))
    monkeypatch.setenv("KANGABA_USERS", str(users))
    monkeypatch.setenv("KANGABA_AUDIT", str(tmp_path / "audit.jsonl"))
    monkeypatch.chdir(ROOT)
    auth._failures.clear()
    st.cache_data.clear()
    st.cache_resource.clear()
    yield tmp_path
    st.cache_data.clear()
    st.cache_resource.clear()


def test_the_page_in_english_with_its_csv(env, made):
    auth.audit("export", "sam.staff", what="cadre_logique", format="csv", filters={"periode": "2021"})
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.text_input(key="_login_name").input("awa.admin")
    at.text_input(key="_login_password").input(PASSWORD)
    next(b for b in at.button if b.proto.form_id == "signin").click().run()
    at.switch_page("pages/7_journal.py").run()
    assert not at.exception, [e.value for e in at.exception]
    when = f"Date and time ({journal.server_zone()})"        # AppTest has no browser zone: the server's
    shown = at.dataframe[0].value
    assert list(shown.columns[:3]) == [when, "Event", "By"] and "event" not in shown.columns
    assert list(shown["Event"]) == ["Sign-in", "Export"] and list(shown["By"]) == ["awa.admin", "sam.staff"]
    assert shown["What"].iloc[1] == "cadre_logique" and shown["Filters"].iloc[1] == "periode : 2021"
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", v) for v in shown[when])
    assert sorted(at.multiselect(key="journal_events").options) == ["Export", "Sign-in"]
    open_lazy(at, "journal")                                 # its « Data » popover, as a click opens it
    build, name = next(v for v in made.values() if v[1] == "journal_audit.csv")
    csv = pd.read_csv(io.BytesIO(build()), sep=None, engine="python", encoding="utf-8-sig")
    assert list(csv.columns[:3]) == [when, "Event", "By"] and list(csv["Event"]) == ["Sign-in", "Export"]
    assert list(csv[when]) == list(shown[when]) and csv["What"].isna().iloc[0]       # blank, not « None »
    assert "None" not in build().decode("utf-8-sig") and "nan" not in build().decode("utf-8-sig")


def test_reasons_in_words_in_both_languages():
    rows = [{"at": "2026-11-30T10:00:00+00:00", "event": "session_expired", "who": "a", "reason": "expired"},
            {"at": "2026-11-30T10:01:00+00:00", "event": "export_refused", "who": "b", "reason": "account_removed"},
            {"at": "2026-11-30T10:02:00+00:00", "event": "export_refused", "who": "c", "reason": "pas_un_code"}]
    fr = journal.table(rows, "fr", "UTC")
    en = journal.table(rows, "en", "UTC")
    col_fr, col_en = i18n.t("journal_col_reason", "fr"), i18n.t("journal_col_reason", "en")
    assert fr[col_fr].tolist() == ["pas_un_code", "votre compte a été supprimé", "votre session a expiré"]
    assert en[col_en].tolist() == ["pas_un_code", "your account was removed", "your session has expired"]
