"""What the query layer keeps per database connection or per reading of the reference (queries/memo.py):
nothing a caller does to what it is given changes what the next caller gets, and a new connection (a new data
version) reads its own."""
from __future__ import annotations

import threading

import queries as q
from queries import completeness as C
from queries import memo


class Con:
    """Stands for a connection: the memo only needs an object it can hold by a weak reference."""


def test_target_cells_handed_out_cannot_change_the_kept_ones(con):
    first = q.target_cells(con)
    want = first.copy()
    first["target"] = 0.0                       # a caller changing what it was given
    del first["indicator"]
    again = q.target_cells(con)
    assert again.equals(want) and "indicator" in again.columns and len(again) > 3
    assert again is not first


def test_reference_frames_handed_out_cannot_change_the_read_ones():
    lf = q.logframe()
    n, target = len(lf), lf.loc[lf["id"] == "pe_trained", "target"].iloc[0]
    lf["target"] = -1
    lf["extra"] = "x"
    again = q.logframe()
    assert "extra" not in again.columns and len(again) == n
    assert again.loc[again["id"] == "pe_trained", "target"].iloc[0] == target == 48


def test_silent_partners_kept_per_scope_and_handed_out_as_copies(con):
    got = C.silent_partners(con)
    assert got == [("ACESEM", 245), ("CASE_SAHEL", 518), ("ENDA_MALI", 123)]
    got.clear()
    assert C.silent_partners(con) == [("ACESEM", 245), ("CASE_SAHEL", 518), ("ENDA_MALI", 123)]
    assert C.silent_partners(con, scope=q.Scope(partners=("ENDA_MALI",))) == [("ENDA_MALI", 123)]
    assert C.silent_partners(con, days=200) == [("ACESEM", 245), ("CASE_SAHEL", 518)]


def test_per_connection_once_per_connection_and_key():
    a, b = Con(), Con()
    calls = []

    def compute(tag):
        calls.append(tag)
        return tag
    assert memo.per_connection(a, "k", lambda: compute("a")) == "a"
    assert memo.per_connection(a, "k", lambda: compute("again")) == "a"      # kept
    assert memo.per_connection(b, "k", lambda: compute("b")) == "b"          # another connection: its own
    assert memo.per_connection(a, "other", lambda: compute("a2")) == "a2"
    assert calls == ["a", "b", "a2"]
    memo.clear(a)
    assert memo.per_connection(a, "k", lambda: compute("a3")) == "a3"


def test_per_connection_same_value_for_concurrent_callers():
    con = Con()
    start, got = threading.Barrier(8), []

    def ask(i):
        start.wait()
        got.append(memo.per_connection(con, "k", lambda: [i]))
    threads = [threading.Thread(target=ask, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 8 and all(g is got[0] for g in got)      # the first stored is given to everyone


def test_per_connection_computed_once_while_others_wait():
    """Ten views of a freshly started server asking at once: one computes, the others wait for its value
    (before, each computed its own copy: ten heavy statements side by side, past DuckDB's memory cap)."""
    con = Con()
    start, gate, calls, got = threading.Barrier(9), threading.Event(), [], []

    def compute(i):
        calls.append(i)
        assert memo._flights[con]["k"].locked()       # the others wait on this while it runs
        gate.wait(30)
        return [i]

    def ask(i):
        start.wait()
        got.append(memo.per_connection(con, "k", lambda: compute(i)))
    threads = [threading.Thread(target=ask, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    start.wait()
    gate.set()
    for t in threads:
        t.join(30)
    assert len(calls) == 1 and len(got) == 8 and all(g is got[0] for g in got)
    assert memo._flights.get(con) == {}                # nothing left behind once computed
    assert memo.per_connection(con, "k", lambda: compute("again")) is got[0] and len(calls) == 1


def test_entries_go_with_the_connection():
    con = Con()
    memo.per_connection(con, "k", lambda: 1)
    assert con in memo._memo
    n = len(memo._memo)
    del con
    assert len(memo._memo) == n - 1


def test_data_quality_checked_once_per_connection_scope_and_day(con, monkeypatch):
    """dq_issues and dq_load_summary run their SQL once per (data version, scope, day); each caller gets a
    frame of its own; another scope or another day is checked on its own."""
    from datetime import date
    from queries import api_quality, execution
    memo.clear(con)                               # what earlier tests of the session kept on this connection
    runs = []
    real = execution.execute
    monkeypatch.setattr(api_quality, "execute", lambda c, name, p=None: runs.append(name) or real(c, name, p))
    day, other = date(2023, 3, 1), date(2023, 3, 2)
    partner = q.Scope(partners=("ACESEM",), min_cell=5)
    a = api_quality.dq_issues(con, day)
    want = a.copy()
    a.loc[:, a.columns[0]] = None                 # a caller overwriting what it was given
    b = api_quality.dq_issues(con, day)
    assert b.equals(want) and len(b) > 0 and runs == ["dq_issues"]
    api_quality.dq_issues(con, day, scope=partner)
    api_quality.dq_issues(con, other)
    assert runs == ["dq_issues"] * 3
    s1, s2 = api_quality.dq_load_summary(con), api_quality.dq_load_summary(con)
    assert s1.equals(s2) and s1 is not s2 and runs.count("dq_load_summary") == 1
    assert not api_quality.dq_load_summary(con, scope=partner).equals(s1) and runs.count("dq_load_summary") == 2
