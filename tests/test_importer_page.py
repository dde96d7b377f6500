"""The import page (AppTest): owner only; upload -> dry-run preview with the problems -> « Importer ».

Who is signed in is decided by dashboard/access.py (not the importer's business): the tests set the
role by replacing access.current_access, as a signed-in session would get it."""
from __future__ import annotations

import os

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import dashboard.access as access
from dashboard import auth
import queries
from fixtures import write_fixture
from import_fixtures.build import messy_activities, tree
from importer import store


@pytest.fixture(autouse=True)
def clear_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def page(monkeypatch, data_dir, role: str = "admin", scope=queries.FULL_SCOPE, login: str | None = None) -> AppTest:
    monkeypatch.setenv("KANGABA_DATA", str(data_dir))
    monkeypatch.setenv("KANGABA_AUDIT", str(data_dir.parent / "audit.jsonl"))
    monkeypatch.setattr(access, "current_access", lambda *a, **k: (role, scope))
    monkeypatch.setattr(access, "current_user", lambda: login)
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.run()
    at.switch_page("pages/6_import.py")
    at.run()
    return at


def test_upload_preview_then_import(tmp_path, monkeypatch):
    data = write_fixture(tmp_path / "data", synthetic=False)
    at = page(monkeypatch, data, login="mariam")
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert "Modèle à remplir (XLSX)" in labels and any("KoboToolbox" in x for x in labels)
    before = tree(data)
    f = messy_activities(tmp_path / "rapport.xlsx")
    at.file_uploader[0].set_value((f.name, f.read_bytes(), "application/octet-stream"))
    at.run()
    assert not at.exception
    assert tree(data) == before                                  # the preview writes nothing
    assert any("Simulation" in w.value for w in at.warning)
    problems = at.dataframe[1].value
    row = problems[problems["Gravité"] == "rejet"].iloc[0]
    assert (row["Ligne"], row["Colonne"], row["Valeur"]) == ("9", "Lieu", "Kofolatié")
    assert row["Fichier › feuille"] == "rapport.xlsx › Rapport T2"
    assert "→ Kofolatié : voulez-vous dire KOFLATIE ?" in row["Problème → suggestion"]
    assert any("Nom de l'animateur" in w.value for w in at.warning)
    next(b for b in at.button if b.label == "Importer").click()
    at.run()
    assert not at.exception
    assert os.path.islink(data / "current")
    assert any("Import terminé" in w.value for w in at.warning)
    assert {"EN-001", "EN-005"} <= set(queries.open_dataset(data).con.execute(
        "select activity_id from activities").df()["activity_id"])
    assert len(store.version_dirs(data)) == 2
    new = os.readlink(data / "current").split("/")[1]
    done = [(e["event"], e["who"], e.get("version"), e.get("files")) for e in auth.read_audit()]
    assert done == [("import", "mariam", new, ["rapport.xlsx"])]          # the preview is not audited
    at.selectbox(key="restore_choice").set_value(store.version_dirs(data)[0].name)
    next(b for b in at.button if b.label == "Remettre en vigueur").click()
    at.run()
    assert not at.exception
    first = store.version_dirs(data)[0].name
    assert os.readlink(data / "current") == f"versions/{first}"
    assert auth.read_audit()[-1] | {"at": None} == {"at": None, "event": "restore", "who": "mariam",
                                                    "data": str(data), "version": first}


def test_page_is_for_the_data_owner_only(tmp_path, monkeypatch):
    data = write_fixture(tmp_path / "data", synthetic=False)
    at = page(monkeypatch, data, "partner", queries.Scope(partners=("ACESEM",), min_cell=5))
    assert not at.exception
    assert any("réservée au responsable des données" in e.value for e in at.error)
    assert not at.file_uploader


def test_demo_data_needs_the_replace_box(tmp_path, monkeypatch):
    demo = write_fixture(tmp_path / "demo", synthetic=True)
    at = page(monkeypatch, demo)
    assert at.checkbox(key="import_replace_demo").value is False
    f = messy_activities(tmp_path / "rapport.xlsx")
    at.file_uploader[0].set_value((f.name, f.read_bytes(), "application/octet-stream"))
    at.run()
    assert any("Import refusé" in e.value for e in at.error)
    assert next(b for b in at.button if b.label == "Importer").disabled
