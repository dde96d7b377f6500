"""Importer under kill -9 and two processes at once (issues 11 and 18), with real processes.

An import run as `python -m importer` is paused at a named step by $KANGABA_IMPORT_PAUSE (store.step:
it creates a flag file and waits while it exists), then killed with SIGKILL, or let go on by deleting
the flag. Nothing sleeps a fixed time: every wait is for a state (a file appearing, a process ending),
bounded by a deadline."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import queries
from fixtures import write_fixture
from import_fixtures.build import ACT_HEAD, csv_file, tables, tree
from importer import Source, run_import, store
from importer.__main__ import main

REPO = Path(__file__).resolve().parent.parent
DEADLINE_S = 180                      # only a bound for a broken test: states are awaited, never times


def acts(tmp_path: Path, name: str, *codes: str) -> Path:
    rows = [ACT_HEAD] + [[c, "causerie", "03/05/2021", "KOKOYO", "NOUGA", "ACESEM", None, 1, 1, 1, 1] for c in codes]
    return csv_file(tmp_path / name, rows)


def served(d: Path) -> Path:
    queries.open_dataset(d).con.close()           # what a first opening adds to DIR is there already
    return d


@pytest.fixture
def data(tmp_path):
    return served(write_fixture(tmp_path / "data", synthetic=False))


class Paused:
    """`python -m importer ARGS` paused at `step` (None: not paused)."""

    def __init__(self, tmp_path: Path, args: list[str], step: str | None):
        self.flag = tmp_path / f"paused-{step}"
        env = dict(os.environ)
        if step:
            env[store.PAUSE_ENV] = f"{step}:{self.flag}"
        self.proc = subprocess.Popen([sys.executable, "-m", "importer", *args], cwd=REPO, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def reached(self) -> "Paused":
        wait_for(self.flag.exists, self.proc)
        return self

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        assert self.proc.wait(timeout=DEADLINE_S) == -signal.SIGKILL

    def resume(self) -> tuple[int, str]:
        self.flag.unlink()
        out, err = self.proc.communicate(timeout=DEADLINE_S)
        return self.proc.returncode, out + err


def wait_for(state, proc: subprocess.Popen) -> None:
    """Until state() is true; fails if the process ends first or the deadline passes."""
    end = time.monotonic() + DEADLINE_S
    while not state():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the import ended (code {proc.returncode}) before the awaited state:\n{out}\n{err}")
        assert time.monotonic() < end, "state not reached before the deadline"
        time.sleep(0.01)


def imp_args(data: Path, f: Path) -> list[str]:
    return [str(f), "--data", str(data)]


def listed(data: Path, capsys) -> list[str]:
    """Version ids printed by `python -m importer versions` (which cleans first)."""
    capsys.readouterr()
    assert main(["versions", "--data", str(data)]) == 0
    listing = capsys.readouterr().out.split("Derniers imports et restaurations")[0]   # not the log after it
    found = (store.VERSION_RE.search(line) for line in listing.splitlines())
    return [m[0] for m in found if m]


def leftovers(data: Path) -> list[str]:
    beside = [p.name for p in data.parent.glob(f".{data.name}.import*")]            # lock file, staging
    inside = [p.name for p in (data / "versions").glob(".*")] if (data / "versions").is_dir() else []
    return beside + inside


BEFORE_SWITCH = ["locked", "wrote-activities", "wrote-case_events", "staged", "checked", "published"]


@pytest.mark.parametrize("first", [True, False], ids=["plain-folder", "with-versions"])
@pytest.mark.parametrize("step", BEFORE_SWITCH)
def test_killed_before_the_switch_leaves_nothing_after_cleaning(tmp_path, data, capsys, step, first):
    if not first:
        assert run_import([Source.from_path(acts(tmp_path, "a.csv", "V-1"))], data).version
    before, versions_before = tree(data), [v["version"] for v in store.list_versions(data)]
    Paused(tmp_path, imp_args(data, acts(tmp_path, "b.csv", "V-2")), step).reached().kill()
    assert [v["version"] for v in store.list_versions(data)] == versions_before   # even before any cleaning
    assert listed(data, capsys) == versions_before                                 # `versions` cleans
    assert tree(data) == before and leftovers(data) == []
    res = run_import([Source.from_path(acts(tmp_path, "c.csv", "V-3"))], data)    # a later import works
    assert res.exit_code == 0 and os.readlink(data / "current") == f"versions/{res.version}"
    assert listed(data, capsys) == [v.name for v in store.version_dirs(data)]
    assert "V-2" not in {r[0] for r in tables(data)["activities"]}


def test_killed_after_the_switch_keeps_the_new_version(tmp_path, data, capsys):
    Paused(tmp_path, imp_args(data, acts(tmp_path, "b.csv", "V-2")), "switched").reached().kill()
    new = os.readlink(data / "current").split("/")[1]
    assert [v["version"] for v in store.list_versions(data) if v["en_vigueur"]] == [new]
    assert listed(data, capsys) == [v.name for v in store.version_dirs(data)] and len(listed(data, capsys)) == 2
    assert leftovers(data) == [] and "V-2" in {r[0] for r in tables(data)["activities"]}


def test_killed_while_pruning_lists_no_half_deleted_version(tmp_path, data, capsys):
    for i in range(store.KEEP - 1):                       # with the initial copy: KEEP versions
        assert run_import([Source.from_path(acts(tmp_path, f"a{i}.csv", f"V-{i}"))], data).version
    oldest = store.version_dirs(data)[0].name
    Paused(tmp_path, imp_args(data, acts(tmp_path, "b.csv", "V-9")), "removing").reached().kill()
    assert not (data / "versions" / oldest).exists()      # renamed away before being deleted
    names = listed(data, capsys)
    assert oldest not in names and len(names) == store.KEEP and leftovers(data) == []
    assert all(queries.has_extracts(data / "versions" / n) for n in names)
    assert os.readlink(data / "current") == f"versions/{names[-1]}"


def test_killed_import_into_a_missing_folder_leaves_nothing(tmp_path, capsys):
    d = tmp_path / "neuf"
    Paused(tmp_path, imp_args(d, acts(tmp_path, "a.csv", "V-1")), "checked").reached().kill()
    assert list(tmp_path.glob(".neuf.import-*"))          # the staging folder of the killed import…
    assert listed(d, capsys) == [] and not d.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "paused-checked"]     # …cleaned


# ------------------------------------------------------------------ two processes

def test_second_import_and_restore_are_refused_while_one_runs(tmp_path, data, capsys):
    first = Paused(tmp_path, imp_args(data, acts(tmp_path, "a.csv", "V-1")), "locked").reached()
    second = subprocess.run([sys.executable, "-m", "importer", *imp_args(data, acts(tmp_path, "b.csv", "V-2"))],
                            cwd=REPO, capture_output=True, text=True, timeout=DEADLINE_S)
    assert second.returncode == 2 and "un autre import (ou une restauration) est en cours" in second.stdout
    assert f"(processus {first.proc.pid})" in second.stdout
    assert main(["restore", "1", "--data", str(data)]) == 2
    assert "en cours" in capsys.readouterr().err
    code, out = first.resume()
    assert code == 0, out
    names = listed(data, capsys)
    assert len(names) == 2 and os.readlink(data / "current") == f"versions/{names[1]}"
    again = run_import([Source.from_path(acts(tmp_path, "b.csv", "V-2"))], data)
    assert again.exit_code == 0 and listed(data, capsys) == names + [again.version]
    assert {"V-1", "V-2"} <= {r[0] for r in tables(data)["activities"]}


def test_versions_while_an_import_publishes_does_not_list_its_version(tmp_path, data, capsys):
    running = Paused(tmp_path, imp_args(data, acts(tmp_path, "a.csv", "V-1")), "published").reached()
    on_disk = [v.name for v in store.version_dirs(data)]
    assert len(on_disk) == 2                              # the initial copy and the new one are in DIR…
    assert listed(data, capsys) == [] and store.tidy(data) is False     # …listed by nobody; nothing cleaned
    assert [v.name for v in store.version_dirs(data)] == on_disk
    code, out = running.resume()
    assert code == 0, out
    assert listed(data, capsys) == on_disk and os.readlink(data / "current") == f"versions/{on_disk[1]}"


def test_a_server_start_cleans_what_a_killed_import_left(tmp_path, data, monkeypatch):
    # killed while its staged copy of the children's data sits beside DIR: the next server start removes
    # it (dashboard/warmup.py, before the data version is opened), with no import or `versions` needed
    from dashboard import warmup
    before = tree(data)
    Paused(tmp_path, imp_args(data, acts(tmp_path, "b.csv", "V-2")), "staged").reached().kill()
    assert leftovers(data) != []
    monkeypatch.setenv("KANGABA_DATA", str(data))
    warmup.prepare_data()
    assert leftovers(data) == [] and tree(data) == before
