"""The page links drawn by dashboard.charts.page_link (the page looked up once per process, issue 16) are
the elements st.page_link makes: the overview drawn both ways (sidebar, cards, logframe, in French and
English, a partner's view too), every link compared byte for byte, with its place in the page."""
from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import charts

ROOT = Path(__file__).resolve().parents[1]


def _links(at: AppTest) -> list[tuple[str, bytes]]:
    """(where, element) of every page link, in page order: the sidebar's, then the main area's."""
    out = []
    for where, root in (("sidebar", at.sidebar), ("main", at.main)):
        for e in root.get("page_link"):
            out.append((where, e.proto.SerializeToString()))
    return out


@pytest.fixture
def sent(enqueued) -> list:
    """Every page_link element as handed to Streamlit: (element, layout)."""
    return enqueued("page_link")


def _streamlits_own(page, *, label, icon=None, help=None, query_params=None, dg=None):
    (dg if dg is not None else st).page_link(page, label=label, icon=icon, help=help, query_params=query_params)


def _run(query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


@pytest.mark.parametrize("query", [{}, {"lang": "en", "commune": "NOUGA", "periode": "2021"},
                                   {"partenaire": "ACESEM", "sexe": "F"}], ids=["default", "en-nouga-2021", "partner-f"])
def test_links_are_streamlits_own(fixture_dir, monkeypatch, app_caches, sent, query):
    monkeypatch.setenv("KANGABA_DATA", str(fixture_dir))
    charts._PAGE_TARGETS.clear()
    first = _run(query)                       # the first link of each page through Streamlit, the others looked up
    assert not first.exception, first.exception
    assert charts._PAGE_TARGETS, "no page was looked up: every link went through Streamlit's path"
    sent.clear()
    again = _run(query)                       # every link looked up
    mine_sent = list(sent)
    monkeypatch.setattr(charts, "page_link", _streamlits_own)
    sent.clear()
    own = _run(query)
    assert not own.exception and not again.exception
    assert mine_sent == sent and len(sent) >= 20     # elements and layouts, in order
    assert any("stretch" in lay for _, lay in sent) and any("content" in lay for _, lay in sent)
    mine, theirs = _links(again), _links(own)
    assert len(theirs) >= 20                  # sidebar pages, 8 cards, one per logframe indicator
    assert sum(w == "sidebar" for w, _ in theirs) >= 5
    assert mine == theirs
    assert _links(first) == theirs


def test_a_link_keeps_its_query_and_help(fixture_dir, monkeypatch, app_caches):
    """What a reader sees and follows: the explorer link of a card carries the indicator and the filters."""
    monkeypatch.setenv("KANGABA_DATA", str(fixture_dir))
    at = _run({"commune": "NOUGA", "periode": "2021"})
    at = _run({"commune": "NOUGA", "periode": "2021"})
    cards = [e.proto for e in at.main.get("page_link") if e.proto.label == "Explorer"]
    assert len(cards) == 8
    assert all(p.page == "explorateur" and p.help for p in cards)
    assert "commune=NOUGA" in cards[0].query_string and "periode=2021" in cards[0].query_string
    assert "indicateur=pe_trained" in cards[0].query_string
