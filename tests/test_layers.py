"""Layers that point one way: queries (no Streamlit, no Plotly) ← figures (pure functions: data in, figure
out, no data access) ← pages.

The rule, module by module, checked in a fresh interpreter (an import made by an earlier test would hide
a leak):
- the query layer, the importer and its CLI, the accounts CLI and the capability table load neither
  Streamlit nor Plotly;
- the report, the exports, the figure modules and the look they share load no Streamlit (the report
  and the figures draw Plotly charts: Plotly they may load).
Inside dashboard/, no module imports (even inside a function) a module that imports it back, and the
figure modules neither import Streamlit nor run queries.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "dashboard"
FIGURES = sorted(DASHBOARD.glob("fig_*.py"))

NEITHER = ["queries", "importer", "importer.__main__", "dashboard.users", "dashboard.capabilities",
           "dashboard.auth", "importer.locking"]
NO_STREAMLIT = ["dashboard.report", "dashboard.exports", "dashboard.tables", "dashboard.style", "dashboard.findings",
                "dashboard.fmt", "dashboard.slides_base", "dashboard.slides_more"] + \
    [f"dashboard.{p.stem}" for p in FIGURES]
STREAMLIT_MODULES = {"charts", "access", "sidebar", "data", "url", "warmup"}    # the dashboard's Streamlit side


def loaded_after_import(module: str) -> tuple[list[str], str]:
    """(which of streamlit, plotly are loaded, what was written on stderr) after importing `module` alone."""
    code = ("import importlib, json, sys; importlib.import_module(sys.argv[1]); "
            "print(json.dumps(sorted(m for m in ('streamlit', 'plotly') if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code, module], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1]), out.stderr


@pytest.mark.parametrize("module", NEITHER)
def test_loads_neither_streamlit_nor_plotly(module):
    loaded, err = loaded_after_import(module)
    assert loaded == [] and "No runtime found" not in err, err[-2000:]


@pytest.mark.parametrize("module", NO_STREAMLIT)
def test_loads_no_streamlit(module):
    loaded, err = loaded_after_import(module)
    assert "streamlit" not in loaded and "No runtime found" not in err, err[-2000:]


def test_the_check_sees_a_module_that_loads_streamlit():
    loaded, err = loaded_after_import("dashboard.charts")
    assert loaded == ["plotly", "streamlit"] and "No runtime found" in err


def imports(path: Path) -> set[str]:
    """The dashboard modules `path` imports, at the top or inside a function (relative or absolute)."""
    names = {p.stem for p in DASHBOARD.glob("*.py")}
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level == 1 or mod == "dashboard" or mod.startswith("dashboard."):
                parts = mod.split(".")[1:] if mod.startswith("dashboard") else mod.split(".")
                if parts and parts[0]:
                    found.add(parts[0])
                else:                         # from . import a, b / from dashboard import a, b
                    found |= {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("dashboard.")}
    return (found & names) - {path.stem}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle_inside_dashboard():
    graph = {p.stem: imports(p) for p in DASHBOARD.glob("*.py")}
    assert graph["report"] >= {"fig_cases", "fig_overview"}          # the parser sees relative imports
    assert "exports" in graph["charts"]                                # and the ones inside a function
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("path", FIGURES, ids=lambda p: p.stem)
def test_figure_modules_neither_draw_in_streamlit_nor_run_queries(path):
    import queries
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not imports(path) & STREAMLIT_MODULES, path.stem
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                assert a.name.split(".")[0] != "streamlit", path.stem
                assert a.name != "queries", f"{path.stem}: import queries (names only: no query runs)"
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.module.split(".")[0] != "streamlit", path.stem
            if node.module.split(".")[0] == "queries":
                mod = importlib.import_module(node.module)
                for a in node.names:
                    obj = getattr(mod, a.name, None) or importlib.import_module(f"{node.module}.{a.name}")
                    if callable(obj) and not inspect.isclass(obj):
                        params = list(inspect.signature(obj).parameters)
                        assert params[:1] != ["con"], f"{path.stem} imports the query {a.name}"
        elif isinstance(node, (ast.FunctionDef, ast.Lambda)):
            args = {a.arg for a in node.args.args + node.args.kwonlyargs}
            assert not args & {"con", "ctx"}, f"{path.stem}.{getattr(node, 'name', 'lambda')} fetches data"
    assert queries   # the rule's subject
