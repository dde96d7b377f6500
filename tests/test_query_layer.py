"""The query layer's own rules (shared/conventions.md, « Queries »): one statement per named .sql file
with a header (name, grain, params), bound parameters only, and `execute()` as the single entry."""
from __future__ import annotations

import re
from datetime import date

import duckdb
import pytest

import queries as q
from queries import HERE

SQL_FILES = sorted(p for p in HERE.glob("*.sql") if not p.name.startswith("_"))
NAMES = [p.stem for p in SQL_FILES]
USED = re.compile(r"\$([a-z_][a-z0-9_]*)")

BROKEN: dict[str, str] = {}  # queries known not to run: none


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


def test_there_are_queries_and_query_names_lists_them():
    assert len(NAMES) >= 20
    assert q.query_names() == NAMES


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.name)
def test_header(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"-- {path.stem}", "line 1 must be `-- <file name>`"
    header = []
    for line in lines:
        if not line.startswith("--"):
            break
        header.append(line)
    assert len(header) >= 4, "name, purpose, grain and params"
    assert any(re.match(r"^--\s*grain:\s*\S", h) for h in header), "a `-- grain:` line"
    params = [h for h in header if re.match(r"^--\s*params:", h)]
    assert len(params) == 1, "exactly one `-- params:` line"


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.name)
def test_declared_params_equal_used_params(path):
    text = path.read_text(encoding="utf-8")
    _, declared = q.load_sql(path.stem)
    line = next(l for l in text.splitlines() if re.match(r"^--\s*params:", l))
    raw = line.split(":", 1)[1].strip()
    if raw != "none":   # every declared name is written as $name
        assert all(p.strip().startswith("$") for p in raw.split(",")), line
    used = set(USED.findall(_strip_comments(text)))
    assert set(declared) == used, f"declared {sorted(declared)} but used {sorted(used)}"
    assert len(declared) == len(set(declared)), "a parameter declared twice"


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.name)
def test_no_string_formatting_and_no_file_reads(path):
    sql = _strip_comments(path.read_text(encoding="utf-8"))
    assert not re.search(r"\{[A-Za-z_][A-Za-z0-9_]*\}|\{\}", sql), "python str.format placeholder"
    assert not re.search(r"%\([a-z_]+\)s|%s\b|%r\b", sql), "%-formatting placeholder"
    assert not re.search(r"(?<![\w$])\?(?!\w)", sql), "positional placeholder: use $name"
    assert "read_parquet" not in sql.lower() and "read_csv" not in sql.lower(), "SQL reads views, not files"


def test_setup_has_no_parameters():
    text = (HERE / "_setup.sql").read_text(encoding="utf-8")
    assert not USED.findall(_strip_comments(text))


def test_execute_refuses_unknown_names(con):
    with pytest.raises(FileNotFoundError):
        q.execute(con, "no_such_query", {})
    for bad in ("../queries/case_funnel", "case_funnel.sql", "Case_Funnel", "x; drop table cases", "_setup", ""):
        with pytest.raises(ValueError):
            q.execute(con, bad, {})


def test_execute_requires_every_declared_param(con):
    with pytest.raises(KeyError):
        q.execute(con, "case_funnel", {"start": None})


def test_execute_binds_only_declared_params(con):
    # extra keys are dropped, not passed to DuckDB (which would refuse them)
    p = q.bind(q.Filters(), dimension="nationality", stall_days=90, unused="x")
    df = q.execute(con, "indicator_milestones", p)
    assert set(df["id"]) == {"ccpe_operational", "action_plans", "advocacy_strategy", "pdesc_integrated"}


def test_values_are_bound_not_spliced(con):
    # a quote in a bound value is just a value: no syntax error, no match
    p = q.bind(q.Filters(communes=("NOUGA' or 1=1 --",)))
    assert q.execute(con, "indicator_activities", p).set_index("id").loc["focus_groups", "value"] == 0


def _params(**filters):
    p = q.bind(q.Filters(**filters), q.Scope(hide_no_consent=bool(filters)))
    p.update(dimension="nationality", stall_days=90, types=["causerie", "radio"] if filters else None,
             project_start=date(2020, 4, 1), project_end=date(2022, 12, 31), today=date(2023, 1, 1))
    return p


ALL_NONE = _params()
ALL_SET = _params(communes=("NOUGA",), start="2020-06-01", end="2022-06-30", partner=("CASE_SAHEL", "ACESEM"),
                  sex="F", localities=("KOKOYO", "TOMBOLA"))


def _marks(name):
    return [pytest.mark.xfail(strict=True, raises=duckdb.ParserException, reason=BROKEN[name])] if name in BROKEN else []


@pytest.mark.parametrize("name", [pytest.param(n, marks=_marks(n)) for n in NAMES])
@pytest.mark.parametrize("params", [ALL_NONE, ALL_SET], ids=["all-none", "all-set"])
def test_every_query_runs_on_the_fixture(con, name, params):
    df = q.execute(con, name, params)
    assert len(df.columns) > 0


def test_all_set_parameters_do_filter(con):
    # sanity check of the two parameter sets above on a query with a hand-known answer:
    # NOUGA, KOKOYO/TOMBOLA, F, 2020-06..2022-06, CASE_SAHEL/ACESEM -> cases C01, C02 (KOKOYO, ACESEM, F)
    assert q.execute(con, "case_funnel", ALL_SET).query("stage == 'identifie'")["n"].sum() == 2
    assert q.execute(con, "case_funnel", ALL_NONE).query("stage == 'identifie'")["n"].sum() == 5
