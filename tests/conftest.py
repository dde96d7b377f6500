"""Shared fixtures: the literal fixture extracts (tests/fixtures.py) written once per session and
opened once, a seeded random-but-valid variant of them, and small helpers to read indicators."""
from __future__ import annotations

import os
import random
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

import queries as q
from fixtures import frames, write_fixture
from queries import contract


def pytest_configure(config):
    """Accounts, audit log and DuckDB cache of the test session live in a temporary folder, never in
    the repo or the machine's shared cache."""
    import tempfile
    d = Path(tempfile.mkdtemp(prefix="kangaba-tests-"))
    os.environ.setdefault("KANGABA_USERS", str(d / "users.json"))
    os.environ.setdefault("KANGABA_AUDIT", str(d / "audit.jsonl"))
    os.environ.setdefault("KANGABA_CACHE", str(d / "cache"))
    # the fixture and demo folders the tests write are the server's own demo sets: demo mode by
    # configuration (README, « Comptes, rôles »); tests of the sign-in decision unset it themselves
    os.environ.setdefault("KANGABA_DEMO", "1")
    # every cached value a page is handed is checked unchanged at each hit (dashboard/kept.py): a page that
    # changes one fails
    os.environ.setdefault("KANGABA_CHECK_KEPT", "1")


# ------------------------------------------------------------------ helpers

def to_frames(rows: dict[str, list[tuple]]) -> dict[str, pd.DataFrame]:
    """Literal rows -> frames typed like tests/fixtures.py does (dates as date, ints as Int64)."""
    return frames(rows)


_IND_CACHE: dict = {}


def ind(con, filters: q.Filters = q.Filters(), scope: q.Scope = q.FULL_SCOPE) -> dict[str, dict]:
    """indicators() as {id: {column: python value or None}} (rates rounded to 2 decimals).
    Memoised per (connection, filters, scope): the key holds the connection, so a closed one is never
    mistaken for a new one; the session datasets are read-only."""
    key = (con, filters, scope)
    if key not in _IND_CACHE:
        _IND_CACHE[key] = _ind(con, filters, scope)
    return {k: dict(v) for k, v in _IND_CACHE[key].items()}


def _ind(con, filters, scope):
    df = q.indicators(con, filters, scope)
    out = {}
    for r in df.to_dict("records"):
        clean = {}
        for k, v in r.items():
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                clean[k] = None
            elif isinstance(v, float) and r["unit"] == "percent" and k in ("value", "female", "male"):
                clean[k] = round(v, 2)
            elif isinstance(v, float) and float(v).is_integer():
                clean[k] = int(v)
            else:
                clean[k] = v
        out[r["id"]] = clean
    return out


def vfm(con, filters: q.Filters = q.Filters(), scope: q.Scope = q.FULL_SCOPE) -> dict[str, tuple]:
    """{id: (value, female, male)}."""
    return {k: (r["value"], r["female"], r["male"]) for k, r in ind(con, filters, scope).items()}


F = q.Filters
COUNT_IDS = tuple(q.logframe().query("unit == 'count'")["id"])
RATE_IDS = tuple(q.logframe().query("unit == 'percent'")["id"])
ALL_IDS = tuple(q.logframe()["id"])


def open_lazy(at, *keys: str):
    """Open the popovers and expanders drawn only while open (a chart's « Données » downloads, the sidebar's
    exports, the budget's lines, the rows to correct) — those whose key ends with one of `keys`, every one when
    none is given — as a click would, and rerun; again for the ones found inside them. Returns `at`."""
    opened: set = set()
    for _ in range(3):
        found = set()
        for kind in ("popover", "expander"):
            for block in at.get(kind):
                wid = getattr(block.proto, "id", "")
                key = wid.split("-", 2)[-1] if wid.startswith("$$ID-") else ""
                if key and key not in opened and (not keys or key.endswith(keys)):
                    found.add(key)
        if not found:
            break
        for key in found:
            at.session_state[key] = True
        opened |= found
        at.run()
    return at


# ---------------------------------------------------------------- fixtures

@pytest.fixture
def app_caches(monkeypatch):
    """For AppTest page tests: run from the repository root, Streamlit's caches empty before and after (a page
    test sets KANGABA_DATA itself, then asks for this fixture)."""
    import streamlit as st
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def enqueued(monkeypatch):
    """`enqueued(kind)`: a list that receives every element of that kind a page hands to Streamlit, as
    (element bytes, repr of its layout) — what is sent, width and height included."""
    from streamlit.delta_generator import DeltaGenerator
    original, lists = DeltaGenerator._enqueue, {}

    def enqueue(self, delta_type, element_proto, *args, layout_config=None, **kw):
        if delta_type in lists:
            lists[delta_type].append((element_proto.SerializeToString(), repr(layout_config)))
        return original(self, delta_type, element_proto, *args, layout_config=layout_config, **kw)
    monkeypatch.setattr(DeltaGenerator, "_enqueue", enqueue)
    return lambda kind: lists.setdefault(kind, [])


@pytest.fixture(scope="session")
def fixture_dir(tmp_path_factory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("fixture"))


@pytest.fixture(scope="session")
def ds(fixture_dir) -> q.Dataset:
    d = q.open_dataset(fixture_dir)
    yield d
    d.con.close()


@pytest.fixture(scope="session")
def con(ds):
    return ds.con


@pytest.fixture
def make_dataset(tmp_path):
    """Write the fixture with some tables replaced and open it."""
    opened = []

    def make(overrides: dict[str, pd.DataFrame] | None = None, name: str = "variant") -> q.Dataset:
        d = q.open_dataset(write_fixture(tmp_path / name, overrides))
        opened.append(d)
        return d
    yield make
    for d in opened:
        d.con.close()


# ------------------------------------------------------ random valid variant

def random_rows(seed: int = 7) -> dict[str, list[tuple]]:
    """A seeded random data set that respects the contract: codes in the enumerations, a
    locality's commune, stages reached in order with non-decreasing dates, one attendance per
    (activity, person), unique keys. Big enough that case counts fall on both sides of 5."""
    rng = random.Random(seed)
    p0, p1 = date.fromisoformat(contract.PROJECT_START), date.fromisoformat(contract.PROJECT_END)

    def day(lo: date = p0, hi: date = p1) -> date:
        return lo + timedelta(rng.randint(0, max(0, (hi - lo).days)))

    def place(allow_none=True):
        loc = rng.choice(contract.LOCALITIES + ((None,) if allow_none else ()))
        return loc, contract.LOCALITY_COMMUNE[loc] if loc else rng.choice(contract.COMMUNES)

    roles = ["enfant"] * 5 + ["pair_educateur"] * 2 + ["membre_ccpe", "travailleur_social", "acteur_institutionnel"]
    people = []
    for i in range(110):
        role = rng.choice(roles)
        loc, commune = place()
        people.append((f"P{i:03d}", role, rng.choice(["F", "F", "M", "M", None]), rng.randint(10, 60),
                       rng.choice(contract.SETTINGS) if role == "enfant" else None, loc, commune,
                       rng.choice(contract.PARTNERS), day()))
    pe_ids = [p[0] for p in people if p[1] == "pair_educateur"]
    by_role = {r: [p[0] for p in people if p[1] == r] for r in contract.ROLES}
    role_of = {"formation_pairs": "pair_educateur", "focus_group": "enfant", "atelier_ccpe": "membre_ccpe",
               "atelier_plaidoyer": "membre_ccpe", "formation_travailleurs_sociaux": "travailleur_social",
               "formation_acteurs": "acteur_institutionnel"}
    acts, attendance = [], set()
    for i in range(90):
        t = rng.choice(contract.ACTIVITY_TYPES)
        loc, commune = place(allow_none=t != "focus_group")
        if t == "radio":
            loc = None
        s = day()
        acts.append((f"A{i:03d}", t, s, s + timedelta(rng.randint(0, 2)) if rng.random() < .2 else None, loc,
                     commune, rng.choice(contract.PARTNERS),
                     rng.choice(pe_ids) if t == "focus_group" and rng.random() < .9 else None,
                     rng.randint(0, 40), rng.randint(0, 40), rng.randint(0, 30), rng.randint(0, 30)))
        pool = by_role.get(role_of.get(t), []) if rng.random() < .85 else [p[0] for p in people]
        for pid in rng.sample(pool, min(len(pool), rng.randint(0, 7))):
            attendance.add((f"A{i:03d}", pid))
    assessments = []
    for pid in by_role["enfant"]:
        used = set()
        for kind in ["pre"] * rng.randint(0, 1) + ["post"] * rng.randint(0, 2):
            d = day()
            if (kind, d) in used:
                continue
            used.add((kind, d))
            assessments.append((pid, kind, d, float(rng.randint(0, 20)), 20.0))
    cases, events, services = [], [], []
    for i in range(70):
        cid = f"C{i:03d}"
        nat = rng.choice(["MLI", "MLI", "MLI", "BFA", "GIN", "CIV", "NER", "NGA", "SEN"])
        cases.append((cid, rng.choice(["F", "F", "F", "M", "M", None]), rng.randint(6, 17), nat,
                      rng.choice(["Sikasso", "Kayes", "Koulikoro", None]) if nat == "MLI" else None,
                      rng.choice(contract.SITES * 4 + contract.VILLAGES), rng.choice(contract.PARTNERS),
                      rng.choice(contract.REFERRAL_SOURCES), rng.choice(contract.EXPLOITATIONS), rng.random() < .9))
        ident = d = day()
        for k, stage in enumerate(contract.STAGES):
            if k and (rng.random() < .25 or d > p1):
                break
            detail = rng.choice(contract.REINSERTION_TYPES) if stage == "reinsertion" else \
                "projet de vie réalisé" if stage == "cloture" else None
            events.append((cid, stage, d, detail))
            d = d + timedelta(rng.randint(0, 150))
        for s in rng.sample(contract.SERVICES, rng.randint(0, 3)):
            services.append((cid, s, day(ident, min(p1, ident + timedelta(90))), rng.choice(contract.PARTNERS)))
    milestones = []
    for i in range(10):
        planned = day()
        milestones.append((f"MS{i:02d}", rng.choice(contract.MILESTONE_KINDS), rng.choice(contract.COMMUNES),
                           f"Jalon {i}", planned if rng.random() < .9 else None, day() if rng.random() < .7 else None))
    return {"activities": acts, "participants": people, "attendance": sorted(attendance),
            "assessments": assessments, "cases": cases, "case_events": events, "case_services": services,
            "milestones": milestones, "budget": [("2021-Q1", "Personnel", None, 1000.0, 900.0)]}


@pytest.fixture(scope="session")
def random_ds(tmp_path_factory) -> q.Dataset:
    """The random variant; another seed: KANGABA_TEST_SEED=123 pytest ..."""
    seed = int(os.environ.get("KANGABA_TEST_SEED", "7"))
    d = q.open_dataset(write_fixture(tmp_path_factory.mktemp("random"), to_frames(random_rows(seed))))
    yield d
    d.con.close()


@pytest.fixture(scope="session", params=["fixture", "random"])
def any_con(request):
    """The literal fixture and the random variant, for invariants."""
    return request.getfixturevalue("ds" if request.param == "fixture" else "random_ds").con


# ------------------------------------------------------------- browser tests
# One demo data set, one Streamlit server and one chromium for every browser test of the session.

@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory):
    import demo
    d = tmp_path_factory.mktemp("demo") / "data"
    demo.generate(d)
    return d


@pytest.fixture(scope="session")
def demo_server(demo_dir):
    from browser import need_browser, streamlit_server
    need_browser()
    with streamlit_server(demo_dir) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from browser import ARGS, CHROMIUM, need_browser
    need_browser()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def made(monkeypatch) -> dict:
    """Every lazily built download (st.download_button with a callable) registered during the test:
    {deferred file id: (callable, file name)}. The callable is the app's own, called as a click would."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    seen: dict = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        fid = original(self, data_callable, mimetype, coordinates, file_name, **kw)
        seen[fid] = (data_callable, file_name)
        return fid
    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return seen
