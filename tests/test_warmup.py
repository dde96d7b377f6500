"""dashboard/warmup.py gives way to people: a warm-up view waits while someone's view is running, and while
their browser draws it."""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading

from dashboard import warmup


def test_no_one_outside_a_server():
    assert warmup.running_views() == 0 and warmup.people() == 0     # this process runs no Streamlit server


def watch(monkeypatch, running: list[int], people: int = 0) -> list:
    """running_views() answers `running` one after the other (then 0); people() answers `people`."""
    seen = iter(running)
    calls = []
    monkeypatch.setattr(warmup, "running_views", lambda: calls.append(1) or next(seen, 0))
    monkeypatch.setattr(warmup, "people", lambda: people)
    return calls


def run(coro):
    """asyncio.run(coro) in a thread of its own: in the full suite an earlier test (playwright's sync API) may
    leave an event loop running in this thread, where asyncio.run refuses to start."""
    out: dict = {}

    def target():
        try:
            out["value"] = asyncio.run(coro)
        except BaseException as e:  # noqa: BLE001  (raised again below, in the test's thread)
            out["error"] = e
    t = threading.Thread(target=target)
    t.start()
    t.join(120)
    if "error" in out:
        raise out["error"]
    return out["value"]


def test_give_way_waits_while_someone_is_served(monkeypatch):
    calls = watch(monkeypatch, [2, 1, 1, 0, 3])                  # two views running, then one, then none
    run(warmup.give_way(limit=60, poll=0, quiet=0))
    assert len(calls) == 4                                       # asked until no one's view was running


def test_give_way_lets_their_browser_draw(monkeypatch):
    """After someone's view, `quiet` seconds more (a lower bound: a clock never runs early)."""
    calls = watch(monkeypatch, [1])
    waited = run(warmup.give_way(limit=60, poll=0.01, quiet=0.2))
    assert len(calls) > 2 and waited >= 0.2
    calls = watch(monkeypatch, [])                               # no one: no wait at all
    run(warmup.give_way(limit=60, poll=0.01, quiet=0.2))
    assert len(calls) == 1
    calls = watch(monkeypatch, [], people=1)                     # someone connected, idle: as after a view
    assert run(warmup.give_way(limit=60, poll=0.01, quiet=0.2)) >= 0.2


def test_give_way_gives_up_after_its_limit(monkeypatch):
    calls = watch(monkeypatch, [1] * 1000)                       # someone's view never ends
    run(warmup.give_way(limit=0, poll=0))                # returns: the warm-up goes on
    assert calls == []                                           # with no time left, not even asked


def test_preload_imports_what_a_first_view_would():
    """In a process of its own: the pages' modules and the libraries' parts a first view imports
    (PRELOAD_LIBS: none of them imported by the pages' modules themselves) are imported by preload()."""
    code = ("import sys, json; from dashboard import warmup; import importlib; "
            "[importlib.import_module(m) for m in warmup.PRELOAD]; "
            "before = [m for m in warmup.PRELOAD_LIBS if m in sys.modules]; warmup.preload(); "
            "print(json.dumps([before, [m for m in warmup.PRELOAD_LIBS if m in sys.modules]]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    before, after = json.loads(out.stdout.strip().splitlines()[-1])
    assert before == [] and after == list(warmup.PRELOAD_LIBS)


def test_first_element_check_marked_done_in_a_server_only(monkeypatch):
    """In a server, Streamlit's once-per-process check of the first element (inspect.stack() of the script's
    thread) is marked done by the warm-up: no stack is read afterwards. Outside a server it is left alone."""
    import inspect

    from streamlit import delta_generator, runtime
    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    monkeypatch.setattr(runtime, "exists", lambda: False)
    warmup._streamlit_first_element_check()
    assert delta_generator._use_warning_has_been_displayed is False

    monkeypatch.setattr(runtime, "exists", lambda: True)
    warmup._streamlit_first_element_check()
    assert delta_generator._use_warning_has_been_displayed is True
    stacks = []
    monkeypatch.setattr(inspect, "stack", lambda *a, **k: stacks.append(1) or [])
    delta_generator._maybe_print_use_warning()               # what the first element of a script calls
    assert stacks == []
