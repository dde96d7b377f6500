"""One source for the small-cell threshold written on screen (queries.protect.threshold): with
KANGABA_MIN_CELL=3 (the server's setting, read by dashboard.auth) the overview, the key slide, the report
and the donor workbook write the same « < k », the one the query layer protects with."""
from __future__ import annotations

import html
import io
import re

from streamlit.testing.v1 import AppTest

import queries as q
from dashboard import auth, exports, report
from page_tables import shown_cards, shown_tables
from queries.protect import ROUND_BASE, threshold
from test_pages_overview import data_dir, env, qcon  # noqa: F401  (the same fixture data, URL and caches)

SMALL = re.compile(r"<[\s\u00a0\u202f]*(\d+)")


def test_the_threshold_rule():
    assert [threshold(m) for m in (None, 0, 1, 5, 7, 10)] == [5, 5, 5, 5, 7, 10]
    assert threshold(q.Scope(min_cell=3).min_cell) == ROUND_BASE == 5     # the scope never protects below 5


def written(texts) -> set[str]:
    """The k of every « < k » in these texts (HTML unescaped)."""
    return {m for s in texts for m in SMALL.findall(html.unescape(str(s)))}


def visible(doc: str) -> str:
    """An HTML document's text: no script (plotly.js), no tag."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<script.*?</script>", " ", doc))


def run(page: str | None = None, params: dict | None = None) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=180)
    at.session_state["_view_as"] = "staff"
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_with_min_cell_3_overview_slides_report_and_workbook_say_the_same(monkeypatch, qcon):
    monkeypatch.setattr(auth, "MIN_CELL", 3)
    scope = auth.scope_for("staff")
    assert scope.min_cell == 5
    overview = run()
    cards, tables = shown_cards(overview), shown_tables(overview)      # the cards and the logframe's tables (HTML)
    assert len(cards) == 8 and len(tables) == 6
    shown = written([c["value"] for c in cards] + [v for t in tables for v in t.to_numpy().ravel() if v])
    slide = run("pages/8_presentation.py", {"diapo": "1"})
    on_slide = written([h.proto.body for h in slide.get("html")])
    ind = q.indicators(qcon, q.Filters(), scope)
    doc = report.build_html(qcon, q.Filters(), scope, "fr", "contexte", True)
    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(exports.logframe_xlsx(ind, "fr", "contexte", True, threshold(scope.min_cell))))
    in_book = written([c for row in wb.active.iter_rows(values_only=True) for c in row if c])
    assert shown == on_slide == written([visible(doc)]) == in_book == {"5"}
