"""The data version cache of open_dataset, and the pass-rate rule rewritten for speed.

open_dataset validates a data version once and keeps it as a DuckDB file in $KANGABA_CACHE (a
temporary folder for the test session, see conftest); later opens attach that file read-only.
These tests check that the cache never changes a figure, never survives a change of the extracts,
keeps nothing of a rejected version, and that the dashboard still works where the cache folder
cannot be written.

The latest-test rule (README: two post tests on the same day, the better one counts) is now two
max() per child instead of a sort; tests/fixtures.py has no same-day tests, so they are added here.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import queries as q
from queries import cache as qc
from conftest import vfm
from fixtures import ASSESSMENTS, frames, write_fixture


def cache_files() -> set[str]:
    return {f.name for f in q.cache_dir().glob("*.duckdb")}


def figures(ds) -> dict:
    return vfm(ds.con, q.Filters())


@pytest.fixture
def cache(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv(q.CACHE_ENV, str(d))
    return d


def test_second_open_uses_the_cache_and_gives_the_same_figures(tmp_path, cache):
    data = write_fixture(tmp_path / "data")
    first = q.open_dataset(data)
    assert len(cache_files()) == 1
    assert cache.stat().st_mode & 0o077 == 0                           # the owner only: data about children
    assert all(f.stat().st_mode & 0o077 == 0 for f in cache.glob("*.duckdb"))
    want, rows = figures(first), dict(first.rows)
    first.con.close()
    again = q.open_dataset(data)
    assert len(cache_files()) == 1                       # nothing rebuilt
    assert figures(again) == want and dict(again.rows) == rows
    assert again.synthetic
    with pytest.raises(Exception):                       # attached read-only: the cache cannot be altered
        again.con.execute("delete from cases")


def test_figures_with_and_without_cache_are_equal(tmp_path, cache, monkeypatch):
    data = write_fixture(tmp_path / "data")
    cached = figures(q.open_dataset(data))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("un fichier, pas un dossier")
    monkeypatch.setenv(q.CACHE_ENV, str(blocker / "cache"))   # cannot be created: in-memory database
    plain = q.open_dataset(data)
    assert figures(plain) == cached
    assert plain.con.execute("select count(*) from cases").fetchone()[0] == len(frames()["cases"])


def in_memory(ds) -> bool:
    return ds.con.execute("select database_name from duckdb_databases() where not internal").fetchall() == [("memory",)]


def test_a_cache_folder_open_to_others_is_not_used(tmp_path, cache):
    data = write_fixture(tmp_path / "data")
    want = figures(q.open_dataset(tmp_path / "data"))
    cache.chmod(0o755)                                   # others could read the copies of the data
    ds = q.open_dataset(data)
    assert in_memory(ds) and figures(ds) == want


def test_the_default_folder_of_another_user_is_replaced_by_a_private_one(tmp_path, monkeypatch):
    monkeypatch.delenv(q.CACHE_ENV, raising=False)
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    shared = tmp_path / "kangaba-cache"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)                                  # made first by someone else, in the shared /tmp
    if os.geteuid() == 0:
        os.chown(shared, 65534, 65534)                   # nobody's
    data = write_fixture(tmp_path / "data")
    ds = q.open_dataset(data)
    own = tmp_path / f"kangaba-cache-{os.geteuid()}"
    assert not in_memory(ds)
    assert list(shared.iterdir()) == []                  # nothing written in the other user's folder
    assert len(list(own.glob("*.duckdb"))) == 1 and own.stat().st_mode & 0o077 == 0


def test_a_cache_folder_that_cannot_be_made_falls_back_to_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("un fichier, pas un dossier")
    monkeypatch.setenv(q.CACHE_ENV, str(blocker / "cache"))
    data = write_fixture(tmp_path / "data")
    ds = q.open_dataset(data)
    assert in_memory(ds)
    assert ds.con.execute("select count(*) from cases").fetchone()[0] == len(frames()["cases"])


def test_two_threads_opening_a_new_version_build_it_once(tmp_path, cache, monkeypatch):
    # the warm-up and a first visitor may ask for the same new version at the same moment
    data = write_fixture(tmp_path / "data")
    builds, real = [], qc._build

    def counted(d, target, secret):
        builds.append(target)
        return real(d, target, secret)
    monkeypatch.setattr(qc, "_build", counted)
    with ThreadPoolExecutor(2) as pool:
        a, b = pool.map(lambda _: q.open_dataset(data), range(2))
    assert len(builds) == 1 and builds[0] != ":memory:"
    assert figures(a) == figures(b) and len(cache_files()) == 1


def test_two_threads_creating_the_cache_folder_together_build_once(tmp_path, cache, monkeypatch):
    # the race of issue 18, made certain: both threads see the folder missing and create it together
    data = write_fixture(tmp_path / "data")
    both_there, real_mkdir = threading.Barrier(2, timeout=30), Path.mkdir

    def mkdir_together(self, *a, **kw):
        if self == cache:
            both_there.wait()
        return real_mkdir(self, *a, **kw)
    monkeypatch.setattr(Path, "mkdir", mkdir_together)
    builds, real = [], qc._build
    monkeypatch.setattr(qc, "_build", lambda d, target, secret: builds.append(target) or real(d, target, secret))
    with ThreadPoolExecutor(2) as pool:
        a, b = pool.map(lambda _: q.open_dataset(data), range(2))
    assert builds and ":memory:" not in builds and len(builds) == 1
    assert not in_memory(a) and not in_memory(b)


def test_half_built_files_of_a_dead_process_are_removed(tmp_path, cache):
    data = write_fixture(tmp_path / "data")
    q.open_dataset(data).con.close()                     # the folder exists
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stem = "0" * 32
    killed = [cache / f".{stem}-{dead}-1.tmp", cache / f".{stem}-{dead}-1.tmp.wal"]
    building = cache / f".{stem}-{os.getpid()}-1.tmp"    # a live process still building: left alone
    for f in killed + [building]:
        f.write_bytes(b"copie de donnees")
    (data / "_dataset.json").write_text('{"synthetic": true, "n": 2}')   # a new version to build
    q.open_dataset(data).con.close()
    assert [f for f in killed if f.exists()] == []
    assert building.exists()


def test_a_changed_extract_is_a_new_version(tmp_path, cache):
    data = write_fixture(tmp_path / "data")
    before = figures(q.open_dataset(data))
    cases = frames()["cases"]
    write_fixture(data, {"cases": cases.iloc[:-1]})       # one case fewer, same folder
    after = q.open_dataset(data)
    assert len(cache_files()) == 2
    assert after.rows["cases"] == len(cases) - 1
    assert figures(after) != before


def test_a_rejected_version_leaves_nothing_in_the_cache(tmp_path, cache):
    bad = frames()["cases"].copy()
    bad.loc[0, "sex"] = "X"
    data = write_fixture(tmp_path / "data", {"cases": bad})
    with pytest.raises(q.DataError) as e:
        q.open_dataset(data)
    assert "sex" in str(e.value.problems)
    assert cache_files() == set()
    assert [f for f in cache.iterdir()] == []           # no half-built temporary file either


def test_old_versions_are_pruned(tmp_path, cache):
    data = write_fixture(tmp_path / "data")
    cases = frames()["cases"]
    for i in range(q.CACHE_KEEP + 2):
        write_fixture(data, {"cases": cases.iloc[: len(cases) - i % 3]} if i % 3 else None)
        (data / "_dataset.json").write_text(f'{{"synthetic": true, "n": {i}}}')   # a new version each time
        q.open_dataset(data).con.close()
    assert len(cache_files()) == q.CACHE_KEEP


# ------------------------------------------------------------------ latest test of a child

def with_tests(tmp_path, extra: list[tuple]) -> q.Dataset:
    rows = ASSESSMENTS + extra
    df = pd.DataFrame(rows, columns=["person_id", "kind", "assessed_on", "score", "max_score"])
    return q.open_dataset(write_fixture(tmp_path / "data", {"assessments": df}))


def pass_parts(con, **flt) -> tuple:
    r = q.indicators(con, q.Filters(**flt)).set_index("id").loc["children_pass_rate"]
    return int(r["numerator"]), int(r["denominator"])


def test_fixture_pass_rate_unchanged(tmp_path, cache):
    # K1 passes (14/20), K2's latest post test passes (13/20 on 2022-01-01), K3 fails (11/20)
    assert pass_parts(with_tests(tmp_path, []).con) == (2, 3)


def test_same_day_the_better_test_counts(tmp_path, cache):
    # K3 takes a second post test on the same day, 12/20 = exactly the 0.6 threshold: it counts
    ds = with_tests(tmp_path, [("K3", "post", date(2021, 6, 1), 12.0, 20.0)])
    assert pass_parts(ds.con) == (3, 3)


def test_a_later_failed_test_replaces_an_earlier_pass(tmp_path, cache):
    # K1 passed on 2021-06-01 and fails on 2021-12-01 (9/20): the latest test counts
    ds = with_tests(tmp_path / "a", [("K1", "post", date(2021, 12, 1), 9.0, 20.0)])
    assert pass_parts(ds.con) == (1, 3)
    # ... the latest test of the period: up to 2021-11-30 the failed test is outside, nothing changes
    plain = with_tests(tmp_path / "b", [])
    assert pass_parts(ds.con, end=date(2021, 11, 30)) == pass_parts(plain.con, end=date(2021, 11, 30))
    assert pass_parts(ds.con, end=date(2021, 11, 30))[0] >= 1     # K1 still passes there


def test_unscorable_tests_are_ignored(tmp_path, cache):
    # a post test with max_score 0 after K3's failed one changes nothing
    ds = with_tests(tmp_path, [("K3", "post", date(2022, 3, 1), 5.0, 0.0)])
    assert pass_parts(ds.con) == (2, 3)


def test_assessment_rates_same_rule_for_pre_tests(tmp_path, cache):
    # pre tests: K1 8/20 fails, K3 12/20 passes; K1 retakes the pre test the same day with 15/20
    ds = with_tests(tmp_path, [("K1", "pre", date(2020, 8, 1), 15.0, 20.0)])
    pre = q.assessment_rates(ds.con).query("kind == 'pre'")
    assert (int(pre["tested"].sum()), int(pre["passed"].sum())) == (2, 2)
    post = q.assessment_rates(ds.con).query("kind == 'post'")
    assert (int(post["tested"].sum()), int(post["passed"].sum())) == (3, 2)
