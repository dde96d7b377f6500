"""charts.static_table: the logframe tables are HTML made once per rows and language (issue 16) — the text and
the CSS of every cell as st.table showed them through pandas' Styler — and a rerun sends the HTML kept from
the first run."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script():
    import pandas as pd
    import streamlit as st

    from dashboard import charts
    from dashboard.style import TableCells

    def build(rows, lang):
        col = "valeur" if lang == "fr" else "value"
        return TableCells(rows.rename(columns={"v": col}), {col: list(rows["v"]), "p": [f"{x:.0f} %" for x in rows["p"]]},
                          {col: ["color: #000", ""], "p": ["", "text-align: right"]})

    rows = pd.DataFrame({"v": ["12 <b>", "—"], "p": [40.0, 85.5]})
    charts.static_table(build, rows, st.session_state.get("lang", "fr"))
    st.session_state["n"] = len(charts._TABLES)


def test_html_table_made_once_and_kept_across_reruns():
    from dashboard import charts
    from page_tables import html_tables
    charts._TABLES.clear()                  # (full, after the other tests, it would count no new table)
    at = AppTest.from_function(_script).run()
    assert not at.exception and not at.table
    body = at.get("html")[0].proto.body
    assert body.startswith('<div class="kg-table" data-testid="kgTable"><table>')
    assert "12 &lt;b&gt;" in body and "<b>" not in body                       # cell text escaped, never markup
    assert '<td style="color: #000">' in body and '<th scope="col" class="r">p</th>' in body   # numbers right
    [df] = html_tables(body)
    assert df.to_dict("list") == {"valeur": ["12 <b>", "—"], "p": ["40 %", "86 %"]}
    n = at.session_state["n"]
    at.run()                                            # a rerun: nothing made again, the same HTML
    assert at.session_state["n"] == n and at.get("html")[0].proto.body == body
    at.session_state["lang"] = "en"                     # another language: another table
    at.run()
    assert at.session_state["n"] == n + 1 and html_tables(at.get("html")[0].proto.body)[0].columns[0] == "value"


def test_cached_figure_comes_back_equal_and_still_validates():
    """A figure out of st.cache_data (pickled, then rebuilt without validating its properties again,
    dashboard/style.py) is the same figure; later changes are still validated."""
    import json
    import pickle

    import plotly.graph_objects as go
    import plotly.io
    import pytest

    from dashboard import style
    fig = go.Figure(go.Bar(x=["Identifié", "Évalué"], y=[104, 97], marker=dict(color=style.ACCENT)))
    fig.add_hline(y=100, annotation_text="cible")
    style.layout(fig, "fr", "Parcours des cas", height=340)
    back = pickle.loads(pickle.dumps(fig))
    assert type(back) is go.Figure and back is not fig
    assert json.loads(plotly.io.to_json(back, validate=False)) == json.loads(plotly.io.to_json(fig, validate=False))
    with pytest.raises(ValueError):
        back.update_layout(height="haute")
    with pytest.raises(ValueError):
        back.data[0].update(marker_color="pas une couleur")


def test_the_benchmarks_empty_page_is_not_for_people(tmp_path, monkeypatch):
    """pages/99_plancher.py (the floor of bench/floor.py) sends whoever opens it to the overview unless the
    server was started with KANGABA_BENCH_FLOOR=1; with it, it draws nothing."""
    from pathlib import Path

    from fixtures import write_fixture
    root = Path(__file__).resolve().parent.parent
    monkeypatch.setenv("KANGABA_DATA", str(write_fixture(tmp_path / "data")))
    monkeypatch.chdir(root)
    monkeypatch.delenv("KANGABA_BENCH_FLOOR", raising=False)
    at = AppTest.from_file(str(root / "app.py"), default_timeout=120)
    at.switch_page("pages/99_plancher.py").run()
    assert not at.exception and at.title[0].value == "Vue d'ensemble"
    monkeypatch.setenv("KANGABA_BENCH_FLOOR", "1")
    at = AppTest.from_file(str(root / "app.py"), default_timeout=120)
    at.switch_page("pages/99_plancher.py").run()
    assert not at.exception and not at.title and not at.markdown


def test_logframe_cells_are_what_the_styler_showed(tmp_path):
    """fig_overview.table_cells (the logframe tables written without pandas' Styler, issue 16) holds the text and
    the CSS of every cell that Streamlit's st.table showed of fig_overview.styled (the Styler, read from
    Streamlit's own marshalling of it) — every result table of the fixture's logframe, for the owner and a
    protected role, in both languages — and its HTML shows that text, with that CSS, cell by cell."""
    import re
    from html import unescape

    import pyarrow as pa
    from streamlit.elements.lib.pandas_styler_utils import marshall_styler
    from streamlit.proto.ArrowData_pb2 import ArrowData as ArrowProto

    import queries as q
    from dashboard import fig_overview as fo
    from fixtures import write_fixture
    from page_tables import html_tables
    ds = q.open_dataset(write_fixture(tmp_path / "data"))
    n = 0
    for scope in (q.Scope(), q.Scope(min_cell=5, hide_no_consent=True)):
        ind = q.indicators(ds.con, scope=scope)
        for lang in ("fr", "en"):
            table = fo.logframe_table(ind, lang, scope.min_cell)
            for _, rows in table.groupby("result", sort=False):
                ref = ArrowProto()
                marshall_styler(ref, fo.styled(rows, lang).set_uuid("abcde"), "abcde")
                text = pa.ipc.open_stream(ref.styler.display_values).read_pandas()
                css: dict = {}
                for rule in ref.styler.styles.split("\n"):
                    sel, decl = rule.split(" { ")
                    for r, j in re.findall(r"#T_abcde_row(\d+)_col(\d+)", sel):
                        css[int(r), int(j)] = decl.removesuffix(" }")
                cells = fo.table_cells(rows, lang)
                cols = list(cells.data.columns)
                assert cols == list(text.columns)
                for j, c in enumerate(cols):
                    assert cells.display[c] == [str(x) for x in text[c]], c
                    assert cells.css[c] == [css.get((r, j), "") for r in range(len(rows))], c
                body = cells.html()
                [shown] = html_tables(body)
                assert shown.to_dict("list") == {c: cells.display[c] for c in cols}
                styles = [unescape(x) for x in re.findall(r'<td[^>]*? style="([^"]*)"', body)]
                assert styles == [css[r, j] for r in range(len(rows)) for j in range(len(cols)) if (r, j) in css]
                n += 1
    ds.con.close()
    assert n == 24
    assert "linear-gradient(90deg, #CFCFCF" in ref.styler.styles and "background-color: #" in ref.styler.styles
