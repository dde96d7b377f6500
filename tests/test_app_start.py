"""Starting the app: demo data generated on an empty data directory, banner on demo data,
a readable French error (never a traceback) on broken extracts."""
from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import queries
from fixtures import frames, write_fixture


@pytest.fixture(autouse=True)
def clear_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def run_app(monkeypatch, data_dir) -> AppTest:
    monkeypatch.setenv("KANGABA_DATA", str(data_dir))
    at = AppTest.from_file("../app.py", default_timeout=180)
    at.run()
    return at


def test_empty_directory_gets_demo_data(tmp_path, monkeypatch):
    d = tmp_path / "data"
    at = run_app(monkeypatch, d)
    assert not at.exception
    assert queries.has_extracts(d)
    assert queries.open_dataset(d).synthetic
    assert any("Données fictives" in w.value for w in at.warning)


def test_real_extracts_have_no_demo_banner(tmp_path, monkeypatch):
    d = write_fixture(tmp_path / "data", synthetic=False)
    at = run_app(monkeypatch, d)
    assert not at.exception
    assert not any("Données fictives" in w.value for w in at.warning)


def test_broken_extract_gives_french_message(tmp_path, monkeypatch):
    bad = frames()["activities"].assign(locality_id=lambda df: df["locality_id"].replace("KOKOYO", "Kokoyoo"))
    d = write_fixture(tmp_path / "data", overrides={"activities": bad})
    at = run_app(monkeypatch, d)
    assert not at.exception, "a traceback was shown"
    assert at.error and "ne peuvent pas être affichées" in at.error[0].value
    text = " ".join(m.value for m in at.markdown)
    assert "activities.parquet" in text and "locality_id" in text and "Kokoyoo" in text


def test_missing_extract_names_the_file(tmp_path, monkeypatch):
    d = write_fixture(tmp_path / "data", synthetic=False)
    (d / "cases.parquet").unlink()
    at = run_app(monkeypatch, d)
    assert not at.exception
    assert "cases.parquet" in " ".join(m.value for m in at.markdown)
