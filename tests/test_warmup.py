"""dashboard/warmup.py gives way to people: a warm-up view waits while someone's view is running."""
from __future__ import annotations

import asyncio

from dashboard import warmup


def test_no_view_running_outside_a_server():
    assert warmup.running_views() == 0              # this process runs no Streamlit server
    assert asyncio.run(warmup.give_way(limit=60)) < 60


def test_give_way_waits_while_someone_is_served(monkeypatch):
    seen = iter([2, 1, 1, 0, 3])                    # two views running, then one, then none
    calls = []

    def running():
        calls.append(1)
        return next(seen)
    monkeypatch.setattr(warmup, "running_views", running)
    asyncio.run(warmup.give_way(limit=60, poll=0))
    assert len(calls) == 4                          # asked until no one's view was running, not after


def test_give_way_gives_up_after_its_limit(monkeypatch):
    calls = []
    monkeypatch.setattr(warmup, "running_views", lambda: calls.append(1) or 1)   # someone's view never ends
    asyncio.run(warmup.give_way(limit=0, poll=0))                                 # returns: the warm-up goes on
    assert len(calls) == 1


def test_preload_imports_what_a_first_view_would():
    """In a process of its own: the pages' modules and the libraries' parts a first view imports
    (PRELOAD_LIBS: none of them imported by the pages' modules themselves) are imported by preload()."""
    import subprocess
    import sys
    code = ("import sys, json; from dashboard import warmup; import importlib; "
            "[importlib.import_module(m) for m in warmup.PRELOAD]; "
            "before = [m for m in warmup.PRELOAD_LIBS if m in sys.modules]; warmup.preload(); "
            "print(json.dumps([before, [m for m in warmup.PRELOAD_LIBS if m in sys.modules]]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    before, after = __import__("json").loads(out.stdout.strip().splitlines()[-1])
    assert before == [] and after == list(warmup.PRELOAD_LIBS)
