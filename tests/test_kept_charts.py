"""Charts of cached figures (style.Built) are drawn from the JSON kept per cache entry (charts._kept_chart,
issue 16): every chart element handed to Streamlit — the element, its id, its layout — is the one
st.plotly_chart makes of the same figure, on every page that draws charts, and a rerun sends it again unchanged
(the template the figures share, style.Figure, unchanged after it); a figure built again (another entry) gets its own key."""
from __future__ import annotations

from pathlib import Path

import plotly.io as pio
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import charts, style

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def sent(enqueued) -> list:
    """Every plotly_chart element as handed to Streamlit: (element, layout)."""
    return enqueued("plotly_chart")


def _streamlits_own(fig, figure_key, key, config):
    st.plotly_chart(fig, width="stretch", key=key, config=config)


def _views(page: str | None, query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    if page:
        at.switch_page(page)
    return at


@pytest.mark.parametrize("page,query", [(None, {}), ("pages/2_prise_en_charge.py", {"commune": "NOUGA"}),
                                        ("pages/1_sensibilisation.py", {"lang": "en", "sexe": "F"}),
                                        ("pages/3_carte.py", {}), ("pages/9_explorateur.py", {}),
                                        ("pages/4_renforcement.py", {}), ("pages/5_qualite.py", {}),
                                        ("pages/10_budget.py", {"lang": "en"})],
                         ids=["overview", "cases-nouga", "sensitisation-en-f", "map", "explorer", "reinforcement",
                              "quality", "budget-en"])
def test_kept_chart_is_streamlits_own(fixture_dir, monkeypatch, app_caches, sent, page, query):
    monkeypatch.setenv("KANGABA_DATA", str(fixture_dir))
    charts._CHARTS.clear()
    at = _views(page, query).run()             # figures built, their JSON made and kept
    assert not at.exception, at.exception
    first = list(sent)
    assert first and len(charts._CHARTS) == len(first)
    sent.clear()
    at.run()                                   # a rerun: every chart from the kept JSON
    kept = list(sent)
    monkeypatch.setattr(charts, "_kept_chart", _streamlits_own)
    st.cache_data.clear()                      # the same figures built afresh, drawn by st.plotly_chart
    sent.clear()
    own = _views(page, query).run()
    assert not own.exception
    assert len(first) == len(kept) == len(sent)
    assert first == sent                       # elements (their JSON, ids) and layouts, byte for byte
    assert kept == first                       # and the rerun's, from the kept JSON
    assert all(props == pio.templates[name].to_plotly_json()                   # the shared templates unchanged
               for name, props in style.shared_templates().items())


def test_a_new_build_is_a_new_entry():
    """The key is the cache entry's: the same for every copy of it, new when the builder runs again."""
    import pickle

    import plotly.graph_objects as go
    fig = go.Figure()
    built = style.Built((fig, "table", "note"), "k1")
    back = pickle.loads(pickle.dumps(built))
    assert back.key == "k1" and isinstance(back, style.Built) and back[1:] == ("table", "note")
    fig_a, table, note = back
    assert isinstance(fig_a, go.Figure)
    keyed = style._keyed(lambda n: (go.Figure(), n))
    a, b = keyed(1), keyed(1)
    assert a.key != b.key and len(a.key) == 32
    assert style._keyed(lambda: ("no figure", 1))() == ("no figure", 1)
    assert not hasattr(style._keyed(lambda: ("no figure", 1))(), "key")


def test_a_figure_cached_alone_keeps_its_key():
    """A builder's figure returned alone (the maps, the explorer's bars) gets its cache entry's key as well:
    the same on every copy out of the cache, new at every build, none on a copy made with go.Figure."""
    import pickle

    import plotly.graph_objects as go
    keyed = style._keyed(lambda: go.Figure(go.Bar(x=[1], y=[2])))
    a, b = keyed(), keyed()
    ka = getattr(a, style.FIGURE_KEY)
    assert len(ka) == 32 and ka != getattr(b, style.FIGURE_KEY)
    back = pickle.loads(pickle.dumps(a))                  # as st.cache_data stores and gives it back
    assert getattr(back, style.FIGURE_KEY) == ka and back.to_dict() == a.to_dict()
    assert getattr(go.Figure(back), style.FIGURE_KEY, None) is None
    assert getattr(pickle.loads(pickle.dumps(go.Figure())), style.FIGURE_KEY, None) is None


@pytest.mark.parametrize("page", ["pages/5_qualite.py", "pages/10_budget.py", "pages/3_carte.py"])
def test_kept_tables_are_streamlits_own(fixture_dir, monkeypatch, app_caches, enqueued, page):
    """charts.dataframe sends what st.dataframe(df, hide_index=True, width="stretch") sends, from an Arrow table
    made once per table: the same elements byte for byte, at the first view and at a rerun."""
    monkeypatch.setenv("KANGABA_DATA", str(fixture_dir))
    sent = enqueued("dataframe")
    charts._ARROW.clear()
    at = _views(page, {}).run()
    assert not at.exception, at.exception
    first = list(sent)
    assert first and len(charts._ARROW) >= 1
    sent.clear()
    at.run()
    again = list(sent)
    monkeypatch.setattr(charts, "dataframe", lambda df: st.dataframe(df, hide_index=True, width="stretch"))
    st.cache_data.clear()
    sent.clear()
    own = _views(page, {}).run()
    assert not own.exception
    assert len(first) == len(again) == len(sent)
    assert first == sent and again == first
