"""The tables a page shows, read back as frames of cell text: st.table / st.dataframe elements and the HTML
tables of st.html (dashboard/charts.static_table: the overview's logframe), for the tests that compare what a
page shows with the query layer or look for what it must not show."""
from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd


def html_tables(doc: str) -> list[pd.DataFrame]:
    """The <table>s of an HTML document as frames of cell text (first row: the header), entities decoded."""
    class P(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tables, self.cell = [], None

        def handle_starttag(self, tag, attrs):
            if tag == "table":
                self.tables.append([])
            elif tag == "tr" and self.tables:
                self.tables[-1].append([])
            elif tag in ("td", "th") and self.tables:
                self.cell = ""

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self.cell is not None:
                self.tables[-1][-1].append(self.cell.strip())
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data
    p = P()
    p.feed(doc)
    # a row with fewer cells than the header (a section row spanning the table) is padded, as pandas did itself
    return [pd.DataFrame([r + [None] * (len(t[0]) - len(r)) for r in t[1:]], columns=t[0]) for t in p.tables if len(t) > 1]


def shown_tables(at) -> list[pd.DataFrame]:
    """Every table an AppTest run shows, in page order within each kind: st.table's, then the HTML ones."""
    out = [t.value for t in at.table]
    for h in at.get("html"):
        out += html_tables(h.proto.body)
    return out
