"""Importer: nothing lost. Versions, atomic switch, failed imports leave DIR byte-for-byte unchanged,
idempotent re-import, restore, lock, demo data, command line and exit codes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import queries
from fixtures import write_fixture
from import_fixtures.build import ACT_HEAD, TODAY, csv_file, messy_activities, tables, tree
import importer
from importer import Source, run_import, store
from importer.__main__ import main

REPO = Path(__file__).resolve().parent.parent


def served(d: Path) -> Path:
    """A data folder as a server has it: what a first opening adds to DIR (not an extract) is there already."""
    queries.open_dataset(d).con.close()
    return d


@pytest.fixture
def data(tmp_path):
    return served(write_fixture(tmp_path / "data", synthetic=False))


def acts(tmp_path, name, *codes, day="03/05/2021"):
    rows = [ACT_HEAD] + [[c, "causerie", day, "KOKOYO", "NOUGA", "ACESEM", None, 1, 1, 1, 1] for c in codes]
    return csv_file(tmp_path / name, rows)


def imp(data, *paths, **kw):
    kw.setdefault("today", TODAY)
    return run_import([Source.from_path(p) for p in paths], data, **kw)


def test_first_import_copies_plain_extracts_as_initial_version(tmp_path, data):
    before = tree(data)
    res = imp(data, acts(tmp_path, "a.csv", "V-1"))
    assert res.exit_code == 0 and res.version
    after = tree(data)
    for rel, h in before.items():                                # plain files untouched
        assert after[rel] == h, rel
    vs = store.version_dirs(data)
    assert [v.name for v in vs][1] == res.version and len(vs) == 2
    for rel, h in before.items():                                # version 1 = a byte copy of the extracts
        if not rel.startswith("."):                              # (a hidden file of DIR is not an extract)
            assert after[f"versions/{vs[0].name}/{rel}"] == h
    assert os.readlink(data / "current") == f"versions/{res.version}"
    assert queries.resolve_data_dir(data) == (data / "versions" / res.version).resolve()
    meta = json.loads((data / "current" / "_dataset.json").read_text())
    assert meta["synthetic"] is False and meta["generator"] == "importer" and meta["sources"][0]["file"] == "a.csv"
    assert not queries.open_dataset(data).synthetic
    assert not list(tmp_path.glob(".data.import*"))              # no lock or staging left beside DIR


def test_reimport_is_idempotent(tmp_path, data):
    f = messy_activities(tmp_path / "rapport.xlsx")
    first = imp(data, f)
    assert first.exit_code == 1 and first.new == 5
    rows, sig, files = tables(data), queries.signature(data), tree(data)
    again = imp(data, f)
    assert again.new == 0 and again.counts["activities"].unchanged == 5 and again.version is None
    assert "aucune nouvelle version" in again.status
    assert tables(data) == rows and queries.signature(data) == sig and tree(data) == files
    assert again.exit_code == 1                                  # the misspelt row is still rejected


FAILURES = ["write", "validate", "switch", "interrupt"]


@pytest.mark.parametrize("first", [True, False], ids=["plain-folder", "with-versions"])
@pytest.mark.parametrize("how", FAILURES)
def test_failed_import_leaves_dir_byte_for_byte_unchanged(tmp_path, data, monkeypatch, how, first):
    if not first:
        assert imp(data, acts(tmp_path, "a.csv", "V-1")).version
    before = tree(data)
    if how == "write":                                       # disk full while writing the parquet files
        real = pq.write_table

        def boom(table, path, *a, **k):
            if "case_events" in str(path):
                raise OSError(28, "No space left on device")
            return real(table, path, *a, **k)
        monkeypatch.setattr(pq, "write_table", boom)
    elif how == "validate":                                  # the new version fails the contract check
        monkeypatch.setattr(store, "_check", lambda *a: (_ for _ in ()).throw(store.StoreError("contrat")))
    elif how == "switch":                                    # versions already moved in, then the switch fails
        monkeypatch.setattr(store, "_switch", lambda *a: (_ for _ in ()).throw(OSError("switch")))
    else:                                                    # Ctrl-C in the middle
        monkeypatch.setattr(store, "_check", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    f = acts(tmp_path, "b.csv", "V-2")
    if how == "interrupt":
        with pytest.raises(KeyboardInterrupt):
            imp(data, f)
    else:
        res = imp(data, f)
        assert res.exit_code == 2 and res.failed and res.version is None
        assert ("contrat" if how == "validate" else "erreur d'écriture") in res.status
    assert tree(data) == before
    assert not list(tmp_path.glob(".data.import*"))


def test_all_rows_rejected_writes_nothing(tmp_path, data):
    before = tree(data)
    res = imp(data, acts(tmp_path, "a.csv", "V-1", day="01/01/2030"))
    assert res.exit_code == 2 and res.version is None and tree(data) == before


def test_versions_restore_and_keep_last_five(tmp_path, data, capsys):
    ids = [imp(data, acts(tmp_path, f"a{i}.csv", f"V-{i}")).version for i in range(3)]
    assert all(ids) and len(set(ids)) == 3
    assert "V-2" in {r[0] for r in tables(data)["activities"]}
    assert main(["restore", ids[0], "--data", str(data)]) == 0
    assert os.readlink(data / "current") == f"versions/{ids[0]}"
    got = {r[0] for r in tables(data)["activities"]}
    assert "V-0" in got and "V-1" not in got
    assert main(["restore", "1", "--data", str(data)]) == 0          # by number: the plain extracts' copy
    assert not {"V-0", "V-1"} & {r[0] for r in tables(data)["activities"]}
    assert main(["restore", "0099", "--data", str(data)]) == 2
    capsys.readouterr()
    assert main(["versions", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") >= 4 and "→ 0001" in out and "copie des extraits" in out
    assert main(["restore", ids[-1], "--data", str(data)]) == 0
    for i in range(3, 7):
        assert imp(data, acts(tmp_path, f"a{i}.csv", f"V-{i}")).version
    names = [p.name for p in store.version_dirs(data)]
    assert len(names) == store.KEEP and names[-1] == os.readlink(data / "current").split("/")[1]
    assert {f"V-{i}" for i in range(7)} <= {r[0] for r in tables(data)["activities"]}   # nothing lost


def test_prune_never_removes_the_version_in_force(tmp_path, data):
    ids = [imp(data, acts(tmp_path, f"a{i}.csv", f"V-{i}")).version for i in range(2)]
    store.restore(data, "1")                                   # the oldest back in force
    removed = store.prune(data, keep=1)
    assert removed == [ids[0]]
    assert [p.name for p in store.version_dirs(data)] == [os.readlink(data / "current").split("/")[1], ids[1]]
    assert tables(data)["activities"] and "V-0" not in {r[0] for r in tables(data)["activities"]}


def test_lock_prevents_two_imports(tmp_path, data):
    before = tree(data)
    with store.lock(data):
        res = imp(data, acts(tmp_path, "a.csv", "V-1"))
        assert res.exit_code == 2 and "en cours" in res.status
        with pytest.raises(store.Busy):
            store.restore(data, "1")
    assert tree(data) == before
    assert imp(data, acts(tmp_path, "a.csv", "V-1")).exit_code == 0      # lock released


def test_demo_data_refused_unless_replace_demo(tmp_path):
    demo = served(write_fixture(tmp_path / "demo", synthetic=True))
    before = tree(demo)
    f = acts(tmp_path, "a.csv", "V-1")
    res = imp(demo, f)
    assert res.exit_code == 2 and "--replace-demo" in res.status and tree(demo) == before
    res = imp(demo, f, replace_demo=True)
    assert res.exit_code == 0 and res.version
    got = tables(demo)
    assert [r[0] for r in got["activities"]] == ["V-1"] and got["participants"] == []   # no fictitious row kept
    assert not queries.open_dataset(demo).synthetic
    assert json.loads((store.version_dirs(demo)[0] / "_dataset.json").read_text())["synthetic"] is True


def test_import_into_missing_folder_creates_it(tmp_path):
    d = tmp_path / "neuf"
    res = imp(d, acts(tmp_path, "a.csv", "V-1"))
    assert res.exit_code == 0 and (d / "current").is_symlink()
    assert [r[0] for r in tables(d)["activities"]] == ["V-1"]


def test_cli_exit_codes_and_report(tmp_path, data, capsys):
    clean = acts(tmp_path, "ok.csv", "V-1")
    mixed = messy_activities(tmp_path / "mixte.xlsx")
    rejected = acts(tmp_path, "futur.csv", "V-9", day="01/01/2099")
    before = tree(data)
    assert main([str(clean), "--data", str(data), "--dry-run"]) == 0 and tree(data) == before
    assert main([str(clean), "--data", str(data)]) == 0
    report = tmp_path / "rapport.csv"
    assert main([str(mixed), "--data", str(data), "--report", str(report)]) == 1
    text = report.read_bytes().decode("utf-8-sig")
    assert "Kofolatié : voulez-vous dire KOFLATIE ?" in text and "mixte.xlsx;Rapport T2;9;Lieu" in text
    assert main([str(rejected), "--data", str(data)]) == 2
    assert main([str(tmp_path / "absent.csv"), "--data", str(data)]) == 2
    with pytest.raises(SystemExit) as e:
        main(["template"])                                      # --out missing: bad usage
    assert e.value.code == 2
    assert main([]) == 2
    out = capsys.readouterr().out
    assert "ligne 9" in out and "voulez-vous dire KOFLATIE" in out


def test_python_m_importer_runs(tmp_path, data):
    f = acts(tmp_path, "a.csv", "V-1")
    p = subprocess.run([sys.executable, "-m", "importer", str(f), "--data", str(data), "--dry-run"], cwd=REPO,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "table activities" in p.stdout and "Simulation" in p.stdout


def test_lock_file_left_by_a_killed_import_does_not_block(tmp_path, data):
    stale = tmp_path / ".data.import.lock"
    stale.write_text("99999\n")                                   # no process holds it any more
    (tmp_path / ".data.import-abandoned").mkdir()                 # staging of a killed import
    assert imp(data, acts(tmp_path, "a.csv", "V-1")).exit_code == 0
    assert not stale.exists() and not (tmp_path / ".data.import-abandoned").exists()


# ------------------------------------------------------------------ audit trail

def events(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_imports_and_restores_go_to_the_audit_trail(tmp_path, data, monkeypatch):
    log = tmp_path / "audit.jsonl"
    monkeypatch.setenv("KANGABA_AUDIT", str(log))
    me = importer.os_user()
    assert main([str(acts(tmp_path, "a.csv", "V-1")), "--data", str(data), "--dry-run"]) == 0
    assert not log.exists()                                           # a dry run writes nothing, not even here
    assert main([str(acts(tmp_path, "a.csv", "V-1")), "--data", str(data)]) == 0
    new = os.readlink(data / "current").split("/")[1]
    assert main([str(acts(tmp_path, "futur.csv", "V-9", day="01/01/2099")), "--data", str(data)]) == 2
    with store.lock(data):
        assert main([str(acts(tmp_path, "b.csv", "V-2")), "--data", str(data)]) == 2
        assert main(["restore", "1", "--data", str(data)]) == 2
    assert main(["restore", "1", "--data", str(data)]) == 0
    got = events(log)
    assert [(e["event"], e["who"]) for e in got] == [("import", me), ("import_failed", me), ("import_failed", me),
                                                     ("restore_failed", me), ("restore", me)]
    assert got[0]["files"] == ["a.csv"] and got[0]["version"] == new and got[0]["data"] == str(data)
    assert got[0]["rows"] == {"nouvelles": 1, "rejetees": 0, "par_table": {"activities": 1}}
    assert got[1]["files"] == ["futur.csv"] and got[1]["rows"]["rejetees"] == 1
    assert "Rien à importer" in got[1]["reason"]
    assert "en cours" in got[2]["reason"] and "en cours" in got[3]["reason"] and got[3]["version"] == "1"
    assert got[4]["version"] == store.version_dirs(data)[0].name


def test_the_importer_does_not_load_streamlit(tmp_path):
    code = "import sys, importer, importer.__main__; assert 'streamlit' not in sys.modules, 'streamlit'"
    p = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr


def test_versions_lists_the_shared_log_of_imports_and_restores(tmp_path, data, capsys, monkeypatch):
    """`importer versions` ends with the last imports and restores of the shared log (every server's, the
    same on files or PostgreSQL): when, what, who, which version, which files or why refused."""
    monkeypatch.setenv("KANGABA_AUDIT", str(tmp_path / "audit.jsonl"))
    ok = imp(data, acts(tmp_path, "a1.csv", "V-1"), who="amadou").version
    assert imp(data, acts(tmp_path, "a2.csv", "V-2", day="01/01/2030"), who="fatou").version is None
    assert main(["restore", "1", "--data", str(data)]) == 0
    capsys.readouterr()
    assert main(["versions", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    log = out.split("Derniers imports et restaurations (UTC, journal files) :\n")[1].splitlines()
    assert len(log) == 3
    assert log[0].endswith(f"import par amadou : version {ok} (a1.csv)")
    assert " import refusé par fatou (a2.csv) — " in log[1]
    assert " restauration par " in log[2] and "0001" in log[2]


def test_versions_log_lines_known_answer():
    from importer.__main__ import versions_log_lines
    assert versions_log_lines([
        {"at": "2026-11-30T10:01:02+00:00", "event": "import", "who": "awa", "version": "0002-x", "files": ["a.xlsx"]},
        {"at": "2026-11-30T11:00:00+00:00", "event": "restore_failed", "who": None, "reason": "version inconnue"},
    ]) == ["  2026-11-30 10:01:02  import par awa : version 0002-x (a.xlsx)",
           "  2026-11-30 11:00:00  restauration refusée par ? — version inconnue"]
