"""dashboard/kept.py: cached values handed out as they are (issue 16) — the same object at every hit, a value the
process no longer holds computed again, a value changed by its receiver caught under the tests, frames known by
identity."""
from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st

from dashboard import kept


@pytest.fixture
def counted():
    """A function cached by st.cache_data the way dashboard/data.py caches queries, and how often it ran."""
    runs = []

    @st.cache_data(max_entries=50, show_spinner=False)
    def cached(arg: str, _n: int):
        runs.append(arg)
        return kept.keep({"all": pd.DataFrame({"n": [_n, 2]}), "label": arg})

    yield (lambda arg, n=1: kept.value(cached(arg, n))), runs
    cached.clear()


def test_a_hit_hands_out_the_same_object(counted):
    get, runs = counted
    first = get("a")
    again = get("a")
    assert again is first and again["all"] is first["all"] and runs == ["a"]
    assert get("b") is not first and runs == ["a", "b"]


def test_frames_handed_out_are_known_by_identity(counted):
    get, _ = counted
    frame = get("a")["all"]
    key = kept.digest(frame)
    assert key.endswith("/'all'") and kept.digest(frame) == key
    equal = frame.copy()                                  # the same content, another object: digested
    assert kept.digest(equal) != key and kept.digest(equal) == kept.digest(frame.copy())


def test_a_value_no_longer_held_is_computed_again(counted, monkeypatch):
    get, runs = counted
    monkeypatch.setattr(kept, "HOT", 2)
    first = get("a")
    get("b"), get("c")                                    # « a » dropped from the values held
    again = get("a")
    assert runs == ["a", "b", "c", "a"] and again is not first and again["all"].equals(first["all"])


def test_a_value_changed_by_its_receiver_is_caught_under_the_tests(counted, monkeypatch):
    get, _ = counted
    monkeypatch.setenv("KANGABA_CHECK_KEPT", "1")
    frame = get("a")["all"]
    get("a")                                              # unchanged: handed out again
    frame.loc[0, "n"] = 99                                # changed in place
    with pytest.raises(kept.KeptValueChanged):
        get("a")
    derived = get("b")["all"].assign(m=1)                 # derived (copy-on-write): the held value is untouched
    assert "m" not in get("b")["all"] and "m" in derived
