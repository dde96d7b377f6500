"""The words of the dashboard are in one place (`dashboard/texts/`): every key in French and English with
the same placeholders, every key the code asks for exists, no module adds words at run time."""
from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import string
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

import dashboard
from dashboard import i18n, texts

ROOT = Path(__file__).resolve().parents[1]
CODE_FILES = sorted([ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "dashboard").rglob("*.py")])
CALL = re.compile(r"""\bt\(\s*(['"])([A-Za-z0-9_]+)\1\s*[,)]""")      # t("k"  i18n.t("k"  ctx.t('k'  self.t("k"
FAMILY = re.compile(r"""\bt\(\s*(['"])([A-Za-z0-9_]+)\1\s*\+""")   # t("refused_" + reason): a family of keys


def _fields(s: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(s) if f is not None}


# ------------------------------------------------------------------ the package

def test_every_key_has_a_french_and_an_english_text():
    bad = {k: v for k, v in texts.TEXT.items()
           if not (isinstance(v, tuple) and len(v) == 2 and all(isinstance(s, str) and s.strip() for s in v))}
    assert not bad, bad
    bad = {(kind, c): v for kind, d in texts.CODES.items() for c, v in d.items()
           if not (len(v) == 2 and all(isinstance(s, str) and s.strip() for s in v))}
    assert not bad, bad


def test_french_and_english_have_the_same_placeholders():
    bad = {k: (_fields(fr), _fields(en)) for k, (fr, en) in texts.TEXT.items() if _fields(fr) != _fields(en)}
    assert not bad, bad


def test_the_package_lists_every_module_of_words_once():
    on_disk = {m.name for m in pkgutil.iter_modules(texts.__path__)} - {"codes"}
    listed = [m.__name__.rsplit(".", 1)[1] for m in texts.MODULES]
    assert sorted(listed) == sorted(on_disk) and len(set(listed)) == len(listed)
    assert len(texts.TEXT) == sum(len(m.TEXT) for m in texts.MODULES)


def test_a_key_in_two_modules_is_an_error():
    a = SimpleNamespace(__name__="texts.a", TEXT={"x": ("un", "one"), "y": ("deux", "two")})
    b = SimpleNamespace(__name__="texts.b", TEXT={"y": ("deux", "two")})
    assert texts.collect([a]) == {"x": ("un", "one"), "y": ("deux", "two")}
    with pytest.raises(texts.DuplicateKey, match="« y ».*texts.a et texts.b"):
        texts.collect([a, b])


def test_no_module_adds_words_at_run_time():
    before = dict(texts.TEXT)
    for m in pkgutil.iter_modules(dashboard.__path__):
        importlib.import_module(f"dashboard.{m.name}")
    assert i18n.TEXT is texts.TEXT and dict(texts.TEXT) == before
    with pytest.raises((TypeError, AttributeError)):
        i18n.TEXT["new_key"] = ("nouveau", "new")                # read-only: words go in dashboard/texts/
    writes = [f"{p.relative_to(ROOT)}:{n}" for p in CODE_FILES if "texts" not in p.parts
              for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
              if re.search(r"\bTEXT\s*(\.update\(|\[[^\]]+\]\s*=|=\s*\{|:\s*dict)", line)]
    assert not writes, writes


def test_the_words_are_the_ones_shown_before_the_move():
    """A few known answers, one per former home of the words (the move changed no word)."""
    assert i18n.t("page_quality", "en") == "Data quality"
    assert i18n.t("year", "fr", y=2021) == "Année 2021"
    assert i18n.t("fig_funnel_sex") == "Cas à chaque étape, par sexe"
    assert i18n.t("map_osm", "en") == "OpenStreetMap background (needs internet)"
    assert i18n.t("of_target", "fr", v="3", t="4", p="75 %") == "3 / 4 (75 %)"
    assert i18n.t("dq_rows_title", "en") == "Row by row (data owner only)"
    assert i18n.t("ov_card_returned_rate") == "Retour en famille (%)"
    assert i18n.t("se_quarter_short", "en", q=2, y=2021) == "Q2 2021"
    assert i18n.t("signin", "en") == "Sign in" and i18n.t("stalled_own", n=3).startswith("3 cas de votre")
    assert i18n.t("sl_demo") == "DONNÉES FICTIVES" and i18n.t("fewer_than", "en", k=5) == "fewer than 5"
    assert i18n.t("xl_project_target") == "Cible du projet" and i18n.t("journal_events", "en") == "Events"
    assert i18n.code("stage", "cloture", "en") == "Closed" and i18n.code("sex", None) == "Non renseigné"


# ------------------------------------------------------------------ every key used exists

def _forwarders(tree) -> dict[str, set]:
    """Functions of one file that pass one of their parameters to t(): {name: {position, parameter name}}."""
    out: dict[str, set] = {}
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        params = [a.arg for a in fn.args.args]
        if params and params[0] == "self":
            params = params[1:]
        for call in ast.walk(fn):
            if isinstance(call, ast.Call) and _name(call.func) == "t" and call.args \
                    and isinstance(call.args[0], ast.Name) and call.args[0].id in params:
                p = call.args[0].id
                out.setdefault(fn.name, set()).update({params.index(p), p})
    return out


def _name(f) -> str | None:
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def used_keys() -> dict[str, str]:
    """{key: where} of every key the code asks for: t("key") in any call form, string literals given to a
    function that passes that argument on to t(), the title keys of the page list and of the case breakdowns,
    the key-indicator cards."""
    found: dict[str, str] = {}
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in CODE_FILES}
    for p in CODE_FILES:
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            for m in CALL.finditer(line):
                found.setdefault(m.group(2), f"{p.relative_to(ROOT)}:{n}")
    local = {p: _forwarders(tree) for p, tree in trees.items()}
    shared: dict[str, set] = {}                              # the dashboard modules' functions, called anywhere
    for p, f in local.items():
        if "dashboard" in p.parts:
            for name, slots in f.items():
                shared.setdefault(name, set()).update(slots)
    for p, tree in trees.items():
        own = {fn.name for fn in ast.walk(tree) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))}
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            name = _name(call.func)                          # a page's own draw() is not another page's
            fwd = local[p] if isinstance(call.func, ast.Name) and name in own else shared
            if name not in fwd:
                continue
            slots = fwd[name]
            args = [a for i, a in enumerate(call.args) if i in slots]
            args += [kw.value for kw in call.keywords if kw.arg in slots]
            for a in args:
                if isinstance(a, ast.Constant) and isinstance(a.value, str):
                    found.setdefault(a.value, f"{p.relative_to(ROOT)}:{call.lineno}")
    from dashboard import fig_cases, fig_overview, sidebar
    for entry in sidebar.PAGES:
        found.setdefault(entry[1], "dashboard/sidebar.py PAGES")
    for entry in fig_cases.BREAKDOWNS.values():
        found.setdefault(entry[1], "dashboard/fig_cases.py BREAKDOWNS")
    for iid in fig_overview.KEY_INDICATORS:
        found.setdefault(f"ov_card_{iid}", "dashboard/fig_overview.py cards")
    return found


def test_the_scan_finds_the_keys_of_every_call_form():
    used = used_keys()
    assert {"ov_question", "page_quality", "dq_intro", "fig_training", "se_by_type", "fig_nationality",
            "ov_card_pe_trained", "signin", "filters"} <= set(used)          # ctx.t('…'), page_setup, forwarded…
    assert len(used) > 250


def test_every_key_used_in_the_code_exists_in_both_languages():
    missing = {k: where for k, where in used_keys().items() if k not in texts.TEXT}
    assert not missing, missing


def test_every_kind_of_code_labels_used_in_the_code_exists():
    """code("stage", …), ctx.code("metric", …): each kind is in dashboard/texts/codes.py."""
    kinds = {m.group(2): f"{p.relative_to(ROOT)}" for p in CODE_FILES
             for m in re.finditer(r"""\bcode\(\s*(['"])([A-Za-z0-9_]+)\1\s*,""", p.read_text(encoding="utf-8"))}
    assert {"partner", "stage", "sex_child", "metric", "dq_table", "dq_severity"} <= set(kinds)
    missing = {k: where for k, where in kinds.items() if k not in texts.CODES}
    assert not missing, missing


def test_every_family_of_keys_built_in_the_code_exists():
    """t("refused_" + reason), t("kind_" + kind): the prefix is in the code, each member in the package."""
    families = {m.group(2) for p in CODE_FILES for m in FAMILY.finditer(p.read_text(encoding="utf-8"))}
    members = {"refused_": ("signed_out", "demo_ended", "expired", "account_removed", "password_reset",
                            "rights_changed"),
               "kind_": ("site", "village")}
    from dashboard import journal                      # the audit journal: every audited event, every field
    members |= {"journal_ev_": journal.EVENTS, "journal_col_": journal.COLUMNS}
    assert families, "the scan finds t(\"prefix_\" + …)"
    unknown = families - members.keys()
    assert not unknown, f"a new family of keys built in the code: list its members here: {unknown}"
    missing = [f + m for f in families for m in members[f] if f + m not in texts.TEXT]
    assert not missing, missing


# ------------------------------------------------------------------ data-quality problems: codes, words in the UI

def sql_codes() -> list[str]:
    """The problem codes queries/dq_issues.sql produces (`'…' as code`)."""
    sql = (ROOT / "queries" / "dq_issues.sql").read_text(encoding="utf-8")
    return re.findall(r"'([a-z_]+)' as code\b", sql)


def test_every_data_quality_code_has_its_sentence_in_both_languages():
    codes = sql_codes()
    assert len(codes) == 27 and len(set(codes)) == 24   # 27 checks: duplicate_key in 3 tables, commune_mismatch in 2
    missing = [c for c in codes if f"dq_problem_{c}" not in texts.TEXT]
    assert not missing, missing
    orphans = [k for k in texts.TEXT if k.startswith("dq_problem_") and k[len("dq_problem_"):] not in codes]
    orphans += [k for k in texts.TEXT if k.startswith("dq_detail_")
                and k[len("dq_detail_"):].removesuffix("_empty") not in codes]
    assert not orphans, orphans
    # a detail template only uses the values the query gives
    bad = {k: _fields(v[0]) for k, v in texts.TEXT.items()
           if k.startswith("dq_detail_") and not _fields(v[0]) <= set(i18n.DQ_VALUES)}
    assert not bad, bad


@pytest.mark.parametrize("row, fr, en", [
    ({"code": "event_before_identification", "value": "evalue", "on_date": pd.Timestamp("2022-01-20"),
      "other_date": pd.Timestamp("2022-02-01")},
     "evalue le 20/01/2022, identifié le 01/02/2022", "evalue on 20/01/2022, identified on 01/02/2022"),
    ({"code": "event_in_future", "value": "evalue", "on_date": pd.Timestamp("2030-01-01"), "other_date": pd.NaT},
     "evalue le 01/01/2030", "evalue on 01/01/2030"),
    ({"code": "stage_without_previous", "value": "evalue", "expected": "identifie"},
     "evalue sans identifie", "evalue without identifie"),
    ({"code": "commune_mismatch", "value": "KANIOGO", "expected": "NOUGA", "locality": "DANGA"},
     "KANIOGO ≠ NOUGA (DANGA)", "KANIOGO ≠ NOUGA (DANGA)"),
    ({"code": "end_before_start", "on_date": date(2019, 1, 1), "other_date": date(2018, 12, 1)},
     "01/01/2019 → 01/12/2018", "01/01/2019 → 01/12/2018"),
    ({"code": "score_above_max", "value": "12.0", "expected": "10.0"}, "12.0 / 10.0", "12.0 / 10.0"),
    ({"code": "focus_group_no_facilitator", "value": None}, "facilitator_id vide", "facilitator_id empty"),
    ({"code": "focus_group_no_facilitator", "value": "K1"}, "K1", "K1"),
    ({"code": "milestone_in_future", "on_date": pd.Timestamp("2031-01-01")}, "01/01/2031", "01/01/2031"),
    ({"code": "sex_not_recorded", "value": "enfant", "on_date": None}, "enfant", "enfant"),
    ({"code": "consent_refused", "value": float("nan")}, "", ""),
])
def test_the_detail_of_a_data_quality_row_is_written_from_its_values(row, fr, en):
    assert (i18n.dq_detail(row, "fr"), i18n.dq_detail(row, "en")) == (fr, en)


def test_every_extract_and_severity_of_the_data_quality_queries_has_its_label():
    sql = (ROOT / "queries" / "dq_issues.sql").read_text(encoding="utf-8")
    tables, severities = set(re.findall(r"'([a-z_]+)' as table_name", sql)), set(re.findall(r"'([a-z]+)' as severity", sql))
    assert len(tables) == 8 and severities == {"erreur", "avertissement", "information"}
    assert tables <= set(texts.CODES["dq_table"]) and severities == set(texts.CODES["dq_severity"])
    assert (i18n.code("dq_table", "case_events", "en"), i18n.code("dq_severity", "avertissement")) == \
        ("Case steps", "Avertissement")


def test_a_data_quality_code_reads_as_its_sentence():
    assert i18n.dq_problem("consent_unknown") == "consentement inconnu : cas exclu des vues agrégées"
    assert i18n.dq_problem("consent_unknown", "en") == "consent unknown: case left out of aggregate views"
    assert i18n.dq_problem("activity_in_future") == i18n.dq_problem("event_in_future") == "date dans le futur"
    assert i18n.dq_problem("a_new_check", "en") == "a_new_check"        # a code without words shows as it comes
