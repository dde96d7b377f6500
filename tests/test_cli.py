"""The headless output of the contract: `python -m queries indicators|check`, run as a subprocess.

All the runs of this file are started at once (one session fixture) so that the interpreter start-up
costs are paid in parallel."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from fixtures import frames, write_fixture
from queries import REPO
from queries.__main__ import main
from queries.status import STATUSES

CONTRACT_IDS = {
    "pe_trained", "children_life_skills", "focus_groups", "people_rights", "people_ccpe_campaigns",
    "cases_identified", "cases_in_care", "cases_returned", "cases_reinserted", "ccpe_operational",
    "ccpe_trained", "action_plans", "social_workers_trained", "actors_trained", "ccpe_advocacy_trained",
    "advocacy_strategy", "pdesc_integrated", "children_pass_rate", "pe_active_rate", "returned_rate",
    "reinsertion_rate",
}

RUNS = {
    "json": ["indicators", "--format", "json"],
    "all_filters": ["indicators", "--commune", "NOUGA", "--commune", "kaniogo", "--start", "2021-01-01",
                    "--end", "2021-12-31", "--partner", "ACESEM", "--sex", "F", "--format", "json"],
    "check": ["check"],
    "bad_code": ["indicators", "--commune", "BAMAKO"],
    "no_dir": ["indicators", "--data", "{missing}"],
    "broken": ["check", "--data", "{broken}"],
}


@pytest.fixture(scope="module")
def runs(fixture_dir, tmp_path_factory):
    broken_dir = tmp_path_factory.mktemp("broken")
    c = frames()["cases"]
    c.loc[0, "nationality"] = "Mali"
    write_fixture(broken_dir, {"cases": c})
    names = {"missing": str(broken_dir / "nowhere"), "broken": str(broken_dir)}

    def run(args):
        args = [a.format(**names) for a in args]
        if "--data" not in args:
            args += ["--data", str(fixture_dir)]
        return subprocess.run([sys.executable, "-m", "queries", *args], cwd=REPO, capture_output=True,
                              text=True, timeout=60)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = dict(zip(RUNS, pool.map(run, RUNS.values())))
    return results


@pytest.fixture
def cli(fixture_dir, capsys):
    """The same command in-process (main(argv)), for the many filter variants."""
    def call(*args):
        rc = main([*args, "--data", str(fixture_dir)])
        out = capsys.readouterr()
        return subprocess.CompletedProcess(args, rc, out.out, out.err)
    return call


def records(res) -> dict[str, dict]:
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert isinstance(data, list)
    return {r["id"]: r for r in data}


def vfm(res):
    return {i: (r["value"], r["female"], r["male"]) for i, r in records(res).items()}


def test_json_shape(runs):
    data = json.loads(runs["json"].stdout)
    assert len(data) == 21
    assert {r["id"] for r in data} == CONTRACT_IDS
    for r in data:
        assert set(r) == {"id", "value", "target", "unit", "female", "male", "project_target", "expected", "status",
                          "status_from"}, r
        assert r["unit"] in ("count", "percent")
        assert r["status"] in STATUSES
        assert isinstance(r["project_target"], (int, float)) and not isinstance(r["project_target"], bool)
        for k in ("value", "female", "male", "target", "expected"):
            assert r[k] is None or (isinstance(r[k], (int, float)) and not isinstance(r[k], bool)), r


def test_json_values(runs):
    r = records(runs["json"])
    assert (r["pe_trained"]["value"], r["pe_trained"]["female"], r["pe_trained"]["male"]) == (3, 2, 1)
    assert r["pe_trained"]["target"] == 48 and r["pe_trained"]["unit"] == "count"
    assert (r["people_rights"]["value"], r["people_rights"]["female"], r["people_rights"]["male"]) == (60, 37, 23)
    # no F/M split where the indicator does not concern people or cases: null
    assert (r["focus_groups"]["female"], r["focus_groups"]["male"]) == (None, None)
    assert (r["ccpe_operational"]["value"], r["ccpe_operational"]["female"]) == (2, None)
    # rates on a 0-100 scale: 3 returned of 4 in care; F 2/2; M 0/1
    assert r["returned_rate"]["unit"] == "percent"
    assert (r["returned_rate"]["value"], r["returned_rate"]["female"], r["returned_rate"]["male"]) == (75.0, 100.0, 0.0)
    assert r["children_pass_rate"]["value"] == pytest.approx(200 / 3)
    assert r["cases_identified"]["value"] == 5   # unsuppressed: the data owner's output (C04 included)


def test_csv_and_table(cli):
    c = cli("indicators", "--format", "csv")
    assert c.returncode == 0
    rows = list(csv.DictReader(io.StringIO(c.stdout)))
    assert len(rows) == 21 and list(rows[0]) == ["id", "value", "target", "unit", "female", "male", "project_target",
                                                 "expected", "status", "status_from"]
    by = {r["id"]: r for r in rows}
    assert (by["pe_trained"]["value"], by["pe_trained"]["female"]) == ("3", "2")
    assert by["focus_groups"]["female"] == ""          # null
    t = cli("indicators", "--format", "table")
    assert t.returncode == 0
    lines = t.stdout.splitlines()
    assert len(lines) == 22 and lines[0].split()[0] == "indicateur"
    assert any(l.split()[:2] == ["pe_trained", "3"] for l in lines)
    assert any(l.startswith("returned_rate") and "75,0 %" in l for l in lines)


def test_all_filters_in_a_subprocess(runs):
    got = vfm(runs["all_filters"])
    # both communes, 2021, ACESEM, girls/women:
    assert got["pe_trained"] == (0, 0, 0)            # A2 (2021) is ENDA_MALI's
    assert got["children_life_skills"] == (0, 0, 0)  # F2 (2021) is CASE_SAHEL's
    assert got["focus_groups"] == (0, None, None)
    assert got["people_rights"] == (0, 0, 0)         # C1 is CASE_SAHEL's
    assert got["ccpe_trained"] == (1, 1, 0)          # W1 2021-04-10 ACESEM: M1 (F)
    assert got["social_workers_trained"] == (0, 0, 0)   # TS1 is M
    assert got["actors_trained"] == (1, 1, 0)        # X1 2021-09-01 ACESEM: I1 (F)
    assert got["ccpe_advocacy_trained"] == (0, 0, 0)     # W2 is 2022
    assert got["cases_identified"] == (2, 2, 0)      # C01, C02 (ACESEM, F, identified 2021)
    assert got["cases_reinserted"] == (1, 1, 0)      # C01 2021-07-01
    assert got["returned_rate"] == (100.0, 100.0, None)
    assert got["reinsertion_rate"] == (50.0, 50.0, None)
    assert got["children_pass_rate"] == (None, None, None)   # no child reached
    assert got["pe_active_rate"] == (None, None, None)       # no peer educator trained
    assert got["ccpe_operational"] == (1, None, None)        # MS1 (milestones ignore partner and sex)
    assert got["action_plans"] == (1, None, None)            # MS3


def test_json_judges_every_indicator_for_its_view(runs, cli):
    """Scoped target, project target, expected level and status: the same as on every screen (queries/status.py).
    The CLI runs after the project's end (today > 31/12/2022): a view reaching it is met or not met."""
    r = records(runs["json"])
    # whole project: pe_trained 3 of 48 -> not met; CCPE operational 2 of 2 -> met
    assert {k: r["pe_trained"][k] for k in ("target", "project_target", "expected", "status")} == \
        {"target": 48, "project_target": 48, "expected": 48, "status": "not_met"}
    assert r["ccpe_operational"]["status"] == "met" and r["returned_rate"]["target"] == 100.0
    # ACESEM, both communes, 2021, girls (all_filters): no partner split in the default targets -> no target
    # for a count that follows the partner; milestones ignore partner and sex: Nouga's CCPE (MS1, planned
    # 31/12/2020, achieved 01/03/2021, so still due at the start of 2021) is the one due in 2021 -> 1 of 1, met
    a = records(runs["all_filters"])
    assert (a["pe_trained"]["target"], a["pe_trained"]["status"]) == (None, "no_target")
    assert (a["ccpe_operational"]["target"], a["ccpe_operational"]["status"]) == (1, "met")
    # Nouga in 2021: pe_trained cells Nouga × F/M × 2021 = 4 + 5 (reference/targets.csv) = 9; none trained
    # (A2 trains PE3 of Kaniogo) and 2021 ends before the project: 0 of 9 expected -> very late
    n = records(cli("indicators", "--commune", "NOUGA", "--start", "2021-01-01", "--end", "2021-12-31"))
    assert {k: n["pe_trained"][k] for k in ("value", "target", "expected", "status")} == \
        {"value": 0, "target": 9, "expected": 9, "status": "very_late"}


def test_json_is_the_default_format(cli, runs):
    assert json.loads(cli("indicators").stdout) == json.loads(runs["json"].stdout)


def test_commune_filter(cli):
    n = vfm(cli("indicators", "--commune", "NOUGA"))
    assert n["pe_trained"] == (2, 1, 1)             # PE1, PE2 of NOUGA
    assert n["actors_trained"] == (1, 0, 1)         # I2 (NOUGA) trained at X1 in KANIOGO
    assert n["cases_identified"] == (3, 2, 0)       # KOKOYO: C01, C02, C05
    assert n["people_ccpe_campaigns"] == (500, 300, 200)
    # --commune repeated (and lower case accepted): both communes = everything
    assert vfm(cli("indicators", "--commune", "NOUGA", "--commune", "kaniogo")) == vfm(cli("indicators"))


def test_period_filters(cli):
    y = vfm(cli("indicators", "--start", "2021-01-01", "--end", "2021-12-31"))
    assert y["pe_trained"] == (1, 1, 0)             # PE3 (A2 2021-02-01)
    assert y["children_life_skills"] == (2, 1, 1)   # F2: K1, K3
    assert y["children_pass_rate"] == (50.0, 100.0, 0.0)
    assert y["pe_active_rate"] == (0.0, 0.0, None)  # PE3 led F3 only in 2022; no man trained in 2021
    assert y["returned_rate"] == (100.0, 100.0, None)
    e = vfm(cli("indicators", "--end", "2021-06-30"))
    # cohort by 2021-06-30: C05, C01, C02; returned C05, C01; none reinserted
    assert [e[i][0] for i in ("cases_identified", "cases_in_care", "cases_returned", "cases_reinserted")] == [3, 3, 2, 0]
    s = vfm(cli("indicators", "--start", "2021-01-01"))
    assert s["cases_identified"] == (4, 3, 1)       # C01, C02, C03, C04


def test_partner_and_sex_filters(cli):
    p = vfm(cli("indicators", "--partner", "ENDA_MALI"))
    assert p["pe_trained"] == (1, 1, 0) and p["focus_groups"][0] == 1 and p["people_rights"][0] == 10
    assert p["cases_identified"] == (2, 1, 1)       # C03, C04
    assert p["ccpe_operational"][0] == 2            # milestones ignore the partner
    g = vfm(cli("indicators", "--sex", "F"))
    assert g["people_ccpe_campaigns"] == (315, 315, 0)   # girls + women: 100+200+5+10
    assert g["focus_groups"][0] == 3                # no sex column: unchanged
    assert g["returned_rate"] == (100.0, 100.0, None)    # male rate: empty denominator -> null
    assert g["pe_trained"] == (2, 2, 0)


@pytest.mark.parametrize("args,needle", [
    (["--partner", "UNICEF"], "valeur inconnue « UNICEF »"),
    (["--sex", "X"], "valeur inconnue « X »"),
    (["--start", "2021-13-01"], "date invalide « 2021-13-01 »"),
], ids=["partner", "sex", "date"])
def test_bad_arguments_in_process(fixture_dir, capsys, args, needle):
    with pytest.raises(SystemExit) as e:
        main(["indicators", *args, "--data", str(fixture_dir)])
    assert e.value.code != 0 and needle in capsys.readouterr().err


def test_reversed_period_in_process(fixture_dir, capsys):
    assert main(["indicators", "--start", "2022-01-01", "--end", "2021-01-01", "--data", str(fixture_dir)]) != 0
    assert "--start est postérieur à --end" in capsys.readouterr().err


def test_check_prints_row_counts(runs):
    r = runs["check"]
    assert r.returncode == 0, r.stderr
    assert "Extraits conformes au contrat" in r.stdout
    counts = {l.split()[0]: int(l.split()[1]) for l in r.stdout.splitlines()[1:] if l.strip().endswith("lignes")}
    assert counts == {"activities": 13, "participants": 13, "attendance": 15, "assessments": 6, "cases": 5,
                      "case_events": 19, "case_services": 4, "milestones": 5, "budget": 1}


@pytest.mark.parametrize("name,needle", [
    ("bad_code", "valeur inconnue « BAMAKO »"),
    ("no_dir", "n'existe pas"),
    ("broken", "cases.parquet, colonne nationality : code ISO 3166-1 alpha-3 attendu (ex. MLI) : 'Mali'"),
])
def test_errors_are_french_and_exit_non_zero(runs, name, needle):
    r = runs[name]
    assert r.returncode != 0
    assert needle in r.stderr, r.stderr
    assert r.stdout == ""
    assert "Traceback" not in r.stderr
