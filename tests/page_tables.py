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


def html_cards(doc: str) -> list[dict]:
    """The overview's key-indicator cards of an HTML document (dashboard/fig_overview.card_html), each as
    {id, label, value, delta, status, note, help}: texts as shown, entities decoded; delta None when absent."""
    parts = {"kgCardLabel": "label", "kgValue": "value", "kgDelta": "delta", "kgPill": "status", "kgCardNote": "note"}

    class P(HTMLParser):
        def __init__(self):
            super().__init__()
            self.cards, self.open = [], []          # open: the part each open tag belongs to (or None)

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            cls = (a.get("class") or "").split()
            if "kgCard" in cls:
                self.cards.append(dict(id=a.get("data-card"), label="", value="", delta=None, status="", note="",
                                       help=None))
            if "kgHelp" in cls and self.cards:
                self.cards[-1]["help"] = a.get("data-help")
            part = next((parts[c] for c in cls if c in parts), None)
            if part and self.cards and self.cards[-1][part] is None:
                self.cards[-1][part] = ""
            self.open.append(part)

        def handle_endtag(self, tag):
            if self.open:
                self.open.pop()

        def handle_data(self, data):
            part = next((p for p in reversed(self.open) if p), None)
            if part and self.cards:
                self.cards[-1][part] += data
    p = P()
    p.feed(doc)
    return [{k: v.strip() if isinstance(v, str) else v for k, v in c.items()} for c in p.cards]


def shown_cards(at) -> list[dict]:
    """The key-indicator cards an AppTest run shows (html_cards), in page order."""
    return [c for h in at.get("html") for c in html_cards(h.proto.body)]
