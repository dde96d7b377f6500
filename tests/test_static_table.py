"""charts.static_table: the logframe tables rendered once (issue 16) are st.table's own element — the same
proto as `st.table(styler, border=...)` — and a rerun sends the element kept from the first run."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script():
    import pandas as pd
    import streamlit as st

    from dashboard import charts

    def build(rows, lang):
        return (rows.rename(columns={"v": "valeur" if lang == "fr" else "value"}).style.hide(axis="index")
                .set_uuid("fixe").format({"p": "{:.0f} %"}).bar(subset=["p"], vmin=0, vmax=100, color="#CFCFCF")
                .apply(lambda f: pd.DataFrame("color: #000", index=f.index, columns=f.columns), axis=None))

    rows = pd.DataFrame({"v": ["12", "—"], "p": [40.0, 85.5]})
    lang = st.session_state.get("lang", "fr")
    charts.static_table(build, rows, lang)
    st.table(build(rows, lang), border="horizontal")
    with st.container():
        charts.static_table(build, rows, lang, border=True)
        st.table(build(rows, lang), border=True)
    st.session_state["n"] = len(charts._TABLES)


def test_same_element_as_st_table_and_kept_across_reruns():
    at = AppTest.from_function(_script).run()
    assert not at.exception
    t = at.get("table")
    assert len(t) == 4
    assert t[0].proto == t[1].proto and t[2].proto == t[3].proto
    assert t[0].proto != t[2].proto                    # the border is part of the element
    n = at.session_state["n"]
    at.run()                                            # a rerun: nothing rendered again
    assert at.session_state["n"] == n and at.get("table")[0].proto == t[0].proto
    at.session_state["lang"] = "en"                     # another language: another element
    at.run()
    assert at.session_state["n"] == n + 2
    assert at.get("table")[0].proto == at.get("table")[1].proto != t[0].proto


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


def test_logframe_cells_are_the_styler_element(tmp_path):
    """fig_overview.table_cells (the logframe tables written without pandas' Styler, issue 16) gives the very
    element Streamlit makes of fig_overview.styled (the Styler): same CSS rules, same text in every cell, same
    data — every result table of the fixture's logframe, for the owner and a protected role, in both languages;
    and the same again when its Arrow tables are written without pandas, under the schema kept from the first."""
    import queries as q
    from dashboard import charts
    from dashboard import fig_overview as fo
    from fixtures import write_fixture
    ds = q.open_dataset(write_fixture(tmp_path / "data"))
    n = 0
    for scope in (q.Scope(), q.Scope(min_cell=5, hide_no_consent=True)):
        ind = q.indicators(ds.con, scope=scope)
        for lang in ("fr", "en"):
            table = fo.logframe_table(ind, lang, scope.min_cell)
            for _, rows in table.groupby("result", sort=False):
                ref = charts.table_proto(fo.styled(rows, lang).set_uuid("abcde"), "horizontal", "other")
                charts._SCHEMAS.clear()
                new = charts.table_proto(fo.table_cells(rows, lang), "horizontal", "abcde")     # through pandas
                assert len(charts._SCHEMAS) == 2                # the shapes of the data and of the text kept…
                again = charts.table_proto(fo.table_cells(rows, lang), "horizontal", "abcde")   # …and written to
                assert new.SerializeToString() == ref.SerializeToString() == again.SerializeToString()
                n += 1
    ds.con.close()
    assert n == 24
    assert "linear-gradient(90deg, #CFCFCF" in ref.arrow_data.styler.styles and "background-color: #" in ref.arrow_data.styler.styles
