"""Demo-data generator: contract conformity, determinism and the project's shape."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import demo
from queries import contract

ROOT = Path(__file__).resolve().parents[1]
START = pd.Timestamp(contract.PROJECT_START)
END = pd.Timestamp(contract.PROJECT_END)
ARROW = {"varchar": pa.string(), "date": pa.date32(), "bigint": pa.int64(), "integer": pa.int32(),
         "double": pa.float64(), "boolean": pa.bool_()}


def load(data_dir: Path) -> dict[str, pd.DataFrame]:
    return {name: pq.read_table(data_dir / f"{name}.parquet").to_pandas(date_as_object=False)
            for name in contract.TABLES}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    d = tmp_path_factory.mktemp("scale1") / "data"
    counts = demo.generate(d, seed=2020, scale=1)
    return d, counts, load(d)


@pytest.fixture(scope="module")
def t(run):
    return run[2]


@pytest.fixture(scope="module")
def run2(tmp_path_factory):
    d = tmp_path_factory.mktemp("scale2") / "data"
    counts = demo.generate(d, seed=2020, scale=2)
    return d, counts, load(d)


# ---- files, schema, determinism -------------------------------------------------------------

def test_files_columns_and_arrow_types(run):
    d, counts, _ = run
    assert sorted(p.name for p in d.iterdir()) == sorted([f"{n}.parquet" for n in contract.TABLES]
                                                         + [contract.METADATA_FILE])
    for name, table in contract.TABLES.items():
        schema = pq.read_schema(d / f"{name}.parquet")
        assert tuple(schema.names) == table.column_names, name
        for col in table.columns:
            assert schema.field(col.name).type == ARROW[col.type], (name, col.name)
        assert pq.read_metadata(d / f"{name}.parquet").num_rows == counts[name]


def test_determinism(run, tmp_path):
    _, counts, first = run
    again = tmp_path / "again"
    assert demo.generate(again, seed=2020) == counts
    second = load(again)
    for name in contract.TABLES:
        pd.testing.assert_frame_equal(first[name], second[name], obj=name)
    other = tmp_path / "other"
    demo.generate(other, seed=7)
    assert not load(other)["participants"].equals(first["participants"])


def test_metadata(run):
    d, counts, _ = run
    meta = json.loads((d / contract.METADATA_FILE).read_text(encoding="utf-8"))
    assert meta["synthetic"] is True
    assert meta["generator"] == "demo"
    assert meta["seed"] == 2020 and meta["scale"] == 1
    assert meta["generated_for"] == "Kangaba ECPAT demo"
    assert meta["note_fr"].startswith("Données fictives de démonstration")
    assert meta["rows"] == counts
    assert "generated_at" not in meta                  # nothing that depends on the clock


# ---- contract rules -------------------------------------------------------------------------

def test_enums_and_nulls(t):
    for name, table in contract.TABLES.items():
        df = t[name]
        for col in table.columns:
            s = df[col.name]
            if not col.nullable:
                assert not s.isna().any(), (name, col.name)
            if col.enum:
                bad = set(s.dropna()) - set(col.enum)
                assert not bad, (name, col.name, bad)


def test_keys_unique(t):
    for name, table in contract.TABLES.items():
        if table.key:
            assert not t[name].duplicated(list(table.key)).any(), name


def test_referential_integrity(t):
    p, a, att = t["participants"], t["activities"], t["attendance"]
    assert set(att.person_id) <= set(p.person_id)
    assert set(att.activity_id) <= set(a.activity_id)
    pe = set(p.person_id[p.role == "pair_educateur"])
    assert set(a.facilitator_id.dropna()) <= pe
    assert a.facilitator_id.notna().eq(a.activity_type == "focus_group").all()
    cases = set(t["cases"].case_id)
    assert set(t["case_events"].case_id) <= cases
    assert set(t["case_services"].case_id) <= cases
    for df in (a, p):
        located = df[df.locality_id.notna()]
        assert (located.locality_id.map(contract.LOCALITY_COMMUNE) == located.commune).all()
    assert set(t["assessments"].person_id) <= set(p.person_id[p.role == "enfant"])
    # who attends what
    role = att.merge(p[["person_id", "role"]]).merge(a[["activity_id", "activity_type"]])
    expected = {"focus_group": {"enfant"}, "formation_pairs": {"pair_educateur"},
                "atelier_ccpe": {"membre_ccpe"}, "atelier_plaidoyer": {"membre_ccpe"},
                "atelier_plan_action": {"membre_ccpe"}, "formation_travailleurs_sociaux": {"travailleur_social"},
                "formation_acteurs": {"acteur_institutionnel"}}
    for atype, roles in role.groupby("activity_type").role.agg(set).items():
        assert roles == expected[atype], atype


def test_dates_within_project(t):
    for name, table in contract.TABLES.items():
        for col in table.columns:
            if col.type == "date":
                s = t[name][col.name].dropna()
                assert s.between(START, END).all(), (name, col.name, s.min(), s.max())
    a = t["activities"]
    multi = a[a.end_date.notna()]
    assert (multi.end_date > multi.start_date).all()


def test_identifiers_are_codes(t):
    person = re.compile(r"^(CS|ENDA)-(PE-\d{3}|ENF-\d{4})$|^ACS-(CCPE|TS|AI)-\d{3}$")
    assert t["participants"].person_id.str.match(person).all()
    assert t["activities"].activity_id.str.match(r"^ACT-[A-Z]+-\d{4}$").all()
    assert t["cases"].case_id.str.match(r"^(ACS|CS|ENDA)-20(20|21|22)-\d{4}$").all()
    assert t["milestones"].milestone_id.str.match(r"^MS-[A-Z0-9-]+$").all()


# ---- the project's shape ----------------------------------------------------------------------

def test_activity_calendar(t):
    a = t["activities"]
    per_year = a.start_date.dt.year.value_counts()
    assert per_year[2020] < 0.1 * len(a)                         # COVID-19: a slow start
    fp = a[a.activity_type == "formation_pairs"]
    assert fp.start_date.dt.year.isin([2020, 2021]).all()


def test_peer_educators(t):
    p = t["participants"]
    pe = p[p.role == "pair_educateur"]
    assert len(pe) == 48
    assert pe.sex.value_counts().to_dict() == {"F": 24, "M": 24}
    assert pe.age.between(14, 17).all()
    assert pe.commune.value_counts().to_dict() == {"NOUGA": 24, "KANIOGO": 24}
    trained = t["attendance"].merge(t["activities"][t["activities"].activity_type == "formation_pairs"])
    assert set(trained.person_id) == set(pe.person_id)
    led = t["activities"].facilitator_id.dropna().nunique()
    assert 42 <= led <= 46                                        # pe_active_rate ≈ 92 % (target 90)


def test_children_and_focus_groups(t):
    p, a, att = t["participants"], t["activities"], t["attendance"]
    kids = p[p.role == "enfant"]
    assert 1100 <= len(kids) <= 1300
    assert kids.age.between(12, 16).all()
    assert kids.setting.notna().all()
    assert abs((kids.setting == "site").mean() - 0.5) < 0.05
    assert ((kids.setting == "site") == kids.locality_id.isin(contract.SITES)).all()
    assert (kids.sex == "F").sum() > (kids.sex == "M").sum()
    assert 0 < kids.sex.isna().sum() <= 0.03 * len(kids)
    adults = p[~p.role.isin(["enfant", "pair_educateur"])]
    assert adults.age.between(20, 60).all() and adults.setting.isna().all()

    fg = a[a.activity_type == "focus_group"]
    assert 440 <= len(fg) < 480
    # facilitator: a peer educator of the same partner and commune, trained before
    f = fg.merge(p, left_on="facilitator_id", right_on="person_id", suffixes=("", "_pe"))
    assert len(f) == len(fg)
    assert (f.partner == f.partner_pe).all() and (f.commune == f.commune_pe).all()
    assert (f.start_date > f.enrolled_on).all()
    # attendees: children of the focus group's locality, counted by sex
    x = att.merge(fg[["activity_id", "locality_id"]]).merge(kids, on="person_id", suffixes=("", "_child"))
    assert (x.locality_id == x.locality_id_child).all()
    per_child = x.groupby("person_id").size()
    assert per_child.index.size == len(kids) and per_child.between(3, 6).all()
    by_sex = x.groupby(["activity_id", "sex"]).size().unstack(fill_value=0).reindex(fg.activity_id, fill_value=0)
    assert (by_sex["F"].to_numpy() == fg.girls.to_numpy()).all()
    assert (by_sex["M"].to_numpy() == fg.boys.to_numpy()).all()
    assert (fg.women == 0).all() and (fg.men == 0).all()
    assert (fg.girls + fg.boys > 0).all()


def test_crowds(t):
    a = t["activities"]
    people = a[["girls", "boys", "women", "men"]]
    assert (people >= 0).all().all()
    cau = a[a.activity_type == "causerie"]
    assert 1900 <= people.loc[cau.index].to_numpy().sum() <= 2200
    camp = a[a.activity_type.isin(["radio", "theatre_forum", "caravane"])]
    total = people.loc[camp.index].to_numpy().sum()
    assert 6000 <= total < 6993
    adults = camp.women.sum() + camp.men.sum()
    assert adults > camp.girls.sum() + camp.boys.sum()
    assert a.loc[a.activity_type == "radio", "locality_id"].isna().all()


def test_capacity_workshops(t):
    p, a, att = t["participants"], t["activities"], t["attendance"]
    x = att.merge(a).merge(p[["person_id", "role", "sex"]])

    def distinct(atype):
        return x.loc[x.activity_type == atype, "person_id"].nunique()

    ccpe = a[a.activity_type == "atelier_ccpe"]
    assert len(ccpe) == 2 and set(ccpe.commune) == set(contract.COMMUNES)
    assert ((ccpe.end_date - ccpe.start_date).dt.days == 1).all()
    assert distinct("atelier_ccpe") == 28
    assert x[x.activity_type == "atelier_ccpe"].groupby("activity_id").size().eq(14).all()
    assert distinct("atelier_plaidoyer") == 26
    assert distinct("formation_travailleurs_sociaux") == 11
    assert distinct("formation_acteurs") == 57
    assert 2 <= (a.activity_type == "formation_acteurs").sum() <= 3
    pa_ = a[a.activity_type == "atelier_plan_action"]
    assert sorted(pa_.commune) == sorted(contract.COMMUNES)
    # every activity with registered attendees counts exactly them
    reg = x.groupby("activity_id").agg(
        f=("sex", lambda s: (s == "F").sum()), m=("sex", lambda s: (s == "M").sum()),
        adult=("role", lambda r: not r.isin(["enfant", "pair_educateur"]).any()))
    y = a.set_index("activity_id").loc[reg.index]
    assert ((reg.f == y.women.where(reg.adult, y.girls)) & (reg.m == y.men.where(reg.adult, y.boys))).all()
    assert ((y.girls + y.boys).where(reg.adult, 0) == 0).all()


def test_assessments(t):
    s, p = t["assessments"], t["participants"]
    kids = p[p.role == "enfant"].set_index("person_id")
    assert (s.max_score == 20).all() and s.score.between(0, 20).all()
    passed = s.score / s.max_score >= contract.PASS_THRESHOLD
    pre = s[s.kind == "pre"]
    assert pre.person_id.is_unique and len(pre) > 0.85 * len(kids)
    assert (pre.assessed_on.to_numpy() == kids.loc[pre.person_id, "enrolled_on"].to_numpy()).all()
    assert 0.25 <= passed[pre.index].mean() <= 0.45
    post = s[s.kind == "post"].sort_values("assessed_on")
    latest = post.groupby("person_id").tail(1)
    assert 0.75 <= len(latest) / len(kids) <= 0.95
    assert post.person_id.duplicated().sum() > 0                   # a few retakes
    assert 0.68 <= passed[latest.index].mean() <= 0.82
    first_pre = pre.set_index("person_id").assessed_on
    both = post[post.person_id.isin(first_pre.index)]
    assert (both.assessed_on.to_numpy() > first_pre.loc[both.person_id].to_numpy()).all()


def test_cases(t):
    c = t["cases"]
    assert 95 <= len(c) <= 115
    assert 0.7 <= (c.sex == "F").mean() <= 0.9 and c.sex.isna().sum() == 2
    assert c.age.between(9, 17).all() and c.age.between(13, 17).mean() > 0.7
    assert set(c.site_id) == set(contract.SITES)
    assert set(c.nationality) <= set(contract.ECOWAS) and (c.nationality == "MLI").mean() > 0.5
    assert c.origin_region[c.nationality != "MLI"].isna().all()
    assert (c.partner == "ACESEM").mean() > 0.7
    assert (~c.consent_reporting).sum() == 3
    top = c.exploitation.value_counts().index[:2]
    assert set(top) == {"prostitution_forcee", "abus_contre_avantages"}


def test_case_paths(t):
    c, e = t["cases"], t["case_events"]
    rank = {s: i for i, s in enumerate(contract.STAGES)}
    assert e[e.stage == "identifie"].case_id.value_counts().reindex(c.case_id).eq(1).all()
    e = e.assign(r=e.stage.map(rank)).sort_values(["case_id", "r"])
    g = e.groupby("case_id")
    assert (g.r.apply(list).apply(lambda r: r == list(range(len(r))))).all()     # no skipped stage
    assert g.event_date.apply(lambda d: d.is_monotonic_increasing and d.is_unique).all()
    reached = e.stage.value_counts()
    assert 90 <= reached["pris_en_charge"] <= 102
    assert 75 <= reached["retour_famille"] <= 92
    assert 62 <= reached["reinsertion"] <= 80
    assert e.loc[e.stage == "reinsertion", "detail"].isin(contract.REINSERTION_TYPES).all()
    assert e.loc[e.stage == "cloture", "detail"].notna().all()
    assert e.loc[~e.stage.isin(["reinsertion", "cloture"]), "detail"].isna().all()
    ident = e[e.stage == "identifie"].event_date.dt.year.value_counts()
    assert ident[2020] < ident[2021] and ident[2020] < ident[2022]


def test_case_services(t):
    e, s = t["case_events"], t["case_services"]
    start = e[e.stage == "pris_en_charge"].set_index("case_id").event_date
    stop = e[e.stage == "cloture"].set_index("case_id").event_date.reindex(start.index).fillna(END)
    assert set(s.case_id) <= set(start.index)
    assert (s.service_date.to_numpy() >= start.loc[s.case_id].to_numpy()).all()
    assert (s.service_date.to_numpy() <= stop.loc[s.case_id].to_numpy()).all()
    share = s.groupby("service").case_id.nunique() / len(start)
    assert share["psychosocial"] > 0.9 and share["juridique"] < 0.5


def test_milestones(t):
    m = t["milestones"]
    assert m.kind.value_counts().to_dict() == {"plan_action": 6, "ccpe_operationnel": 2,
                                               "integration_pdesc": 2, "strategie_plaidoyer": 1}
    assert m.planned_on.notna().all()
    assert (m.groupby(["kind", "commune"]).size()[("plan_action",)] == 3).all()
    pdesc = m[m.kind == "integration_pdesc"].set_index("commune").achieved_on
    assert pd.isna(pdesc["KANIOGO"]) and pdesc["NOUGA"].year == 2022
    ccpe = m[m.kind == "ccpe_operationnel"]
    assert ccpe.achieved_on.notna().all() and (ccpe.achieved_on > ccpe.planned_on).sum() == 1
    assert m[m.kind == "strategie_plaidoyer"].achieved_on.notna().all()
    assert m.title.str.contains(r"Nouga|Kaniogo|Kokoyo|Koflatié|Danga|Tégué").all()      # French descriptions,
    assert not m.title.str.contains(r"[A-Z]{2,}-\d").any()                           # not codes


def test_budget(t):
    b = t["budget"]
    quarters = [f"{y}-Q{q}" for y in (2020, 2021, 2022) for q in (1, 2, 3, 4)][1:]
    assert sorted(b.quarter.unique()) == quarters
    assert round(b.planned_eur.sum(), 2) == 399642.00
    assert (b.planned_eur.round(2) == b.planned_eur).all() and (b.planned_eur > 0).all()
    assert 0.90 <= b.spent_eur.sum() / b.planned_eur.sum() <= 0.96
    assert b.partner.isna().any() and b.budget_line.str.len().gt(3).all()


# ---- scale, CLI, safety -----------------------------------------------------------------------

def test_scale_two(run, run2):
    _, c1, t1 = run
    d2, c2, t2 = run2
    for name in contract.TABLES:
        assert 1.8 * c1[name] <= c2[name] <= 2.2 * c1[name], name
    for name in ("cases", "milestones", "budget"):
        assert c2[name] == 2 * c1[name]
    for name, table in contract.TABLES.items():
        if table.key:
            assert not t2[name].duplicated(list(table.key)).any(), name
    assert t2["participants"].person_id.str.endswith(("-R001", "-R002")).all()
    # replica 1 is the scale-1 data with a suffix
    p = t2["participants"]
    r1 = p[p.person_id.str.endswith("-R001")].assign(person_id=lambda d: d.person_id.str[:-5])
    pd.testing.assert_frame_equal(r1.reset_index(drop=True), t1["participants"])
    b = t2["budget"]
    for r in ("R001", "R002"):
        assert round(b[b.budget_line.str.endswith(f"[{r}]")].planned_eur.sum(), 2) == 399642.00
    assert json.loads((d2 / contract.METADATA_FILE).read_text(encoding="utf-8"))["scale"] == 2


def test_cli(tmp_path):
    out = tmp_path / "cli"
    r = subprocess.run([sys.executable, "-m", "demo", "--data", str(out), "--seed", "3"],
                       cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "Données fictives" in r.stdout
    assert json.loads((out / contract.METADATA_FILE).read_text(encoding="utf-8"))["seed"] == 3


def test_overwrite_safety_and_no_leftovers(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "cases.parquet").write_bytes(b"not demo data")
    with pytest.raises(FileExistsError):
        demo.generate(real)
    assert (real / "cases.parquet").read_bytes() == b"not demo data"
    demo.generate(real, force=True)                        # explicit
    demo.generate(real)                                    # now a demo directory: regenerating is fine
    assert sorted(p.name for p in tmp_path.iterdir()) == ["real"]      # no temporary directory left
    with pytest.raises(ValueError):
        demo.generate(tmp_path / "x", scale=0)


# ---- the project calendar the generator (and every other module) reads ---------------------

def test_project_calendar_known_answers():
    from datetime import date

    from queries import calendar
    assert (calendar.PROJECT_START, calendar.PROJECT_END) == (date(2020, 4, 1), date(2022, 12, 31))
    assert calendar.YEARS == (2020, 2021, 2022)
    q = calendar.quarters()
    assert len(q) == 11 and (q[0], q[-1]) == ("2020-Q2", "2022-Q4")         # 9 + 12 + 12 = 33 months
    assert calendar.quarters("T")[:2] == ["2020-T2", "2020-T3"]
    assert calendar.month_names("fr")[3] == "avril" and calendar.month_names("en")[11] == "December"
    assert all(len(calendar.MONTHS_SHORT[lang]) == 12 for lang in ("fr", "en"))
    assert calendar.sql_params() == {"project_start": date(2020, 4, 1), "project_end": date(2022, 12, 31)}
