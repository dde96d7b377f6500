"""The shared state stops answering (the PostgreSQL database of KANGABA_DATABASE_URL stopped, unreachable):
every page says so in words, in the reader's language, and shows nothing — no figure, no Streamlit error
box, no traceback; when the database answers again, the next rerun serves the page as before."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import state
from dashboard import access
from page_tables import shown_cards, shown_tables

ROOT = Path(__file__).resolve().parents[1]
DOWN_FR = "(PostgreSQL) ne répond pas"
DOWN_EN = "(PostgreSQL) does not answer"


def closed_port() -> int:
    """A local port nobody listens on (bound then released: connections to it are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(autouse=True)
def env(monkeypatch, tmp_path, fixture_dir, app_caches):
    monkeypatch.setenv("KANGABA_USERS", str(tmp_path / "users.json"))
    monkeypatch.setenv("KANGABA_AUDIT", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("KANGABA_DATA", str(fixture_dir))
    monkeypatch.setattr(access, "_generated", None)


@pytest.mark.parametrize("demo", ["1", "0"])
@pytest.mark.parametrize("lang,words", [("fr", DOWN_FR), ("en", DOWN_EN)])
def test_database_down_is_said_in_words_and_nothing_is_shown(monkeypatch, demo, lang, words):
    monkeypatch.setenv("KANGABA_DEMO", demo)
    monkeypatch.setenv(state.URL_ENV, f"postgresql://kangaba@127.0.0.1:{closed_port()}/kangaba")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] and words in at.error[0].value
    detail = " ".join(c.value for c in at.caption)
    assert ("Détail technique" if lang == "fr" else "Technical detail") in detail and "127.0.0.1" in detail
    assert not at.get("plotly_chart") and not shown_cards(at) and not shown_tables(at)     # nothing of the data
    # the database answers again (here: the files of one machine): the next rerun serves the page
    monkeypatch.delenv(state.URL_ENV)
    monkeypatch.setenv("KANGABA_DEMO", "1")
    at.run()
    assert not at.exception and not [e for e in at.error if words in e.value]
    assert at.get("plotly_chart") and shown_cards(at)
