"""Drawing in Streamlit: a figure with its table and downloads, empty-filter sentences.

The look (colours, layout, the figure cache) is dashboard/style.py and the files of tables
dashboard/tables.py, both pure; domain figures (overview, sensitisation, cases, capacity) live in
dashboard/fig_*.py and build on style; maps live in geo/.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from . import access, style
from .i18n import t
from .tables import csv_bytes


def download(df, lang: str, name: str, key: str) -> None:
    """The table behind a chart as CSV (Excel in French: ; separator, decimal comma, UTF-8 BOM) and XLSX, cells
    that a spreadsheet would run as a formula neutralised; made only when asked for, and only if the session
    may still have it then (dashboard/access.guarded, which audits every delivery or refusal). `df`: the frame,
    or a function making it (then made only when a file is asked for).

    The two buttons sit in a « ⬇️ Données » popover and are drawn only while it is open (opening it reruns
    the page once; a fragment per chart cost ~1 ms a chart at every rerun). Two buttons in two columns under
    every chart were a third of a warm rerun of the cases page and of the sensitisation page (23 and 17
    download buttons, issue 16)."""
    pop = st.popover(t("download_data", lang), icon="⬇️", key=f"dlp_{key}", on_change="rerun")
    if not pop.open:
        return
    guarded = access.guarded
    frame = df if callable(df) else (lambda: df)
    with pop:
        st.download_button(t("download_csv", lang), guarded(lambda: csv_bytes(frame()), name, "csv", lang),
                           file_name=f"{name}.csv", mime="text/csv", key=f"dl_{key}", on_click="ignore",
                           icon="⬇️", width="stretch")
        st.download_button(t("download_xlsx", lang), guarded(lambda: _xlsx(frame(), name), name, "xlsx", lang),
                           file_name=f"{name}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"dlx_{key}", on_click="ignore", icon="⬇️", width="stretch")


class _Bounded(OrderedDict):
    """A bounded map shared by every session of this process, least recently used dropped first: what a page
    sends made once (a chart's JSON, a table's Arrow, a table's HTML) and sent again."""

    def __init__(self, size: int):
        super().__init__()
        self.size, self.lock = size, threading.Lock()

    def made(self, key, make):
        """The value kept under `key`, or make() kept there."""
        with self.lock:
            found = self.get(key)
            if found is not None:
                self.move_to_end(key)
                return found
        value = make()
        with self.lock:
            self[key] = value
            while len(self) > self.size:
                self.popitem(last=False)
        return value


_PAGE_TARGETS: dict = {}       # (main script, page, the app's pages) -> (page script hash, URL path)


def page_link(page: str, *, label: str, icon: str | None = None, help: str | None = None,
              query_params: dict | None = None, dg=None) -> None:
    """`st.page_link(page, label=…, icon=…, help=…, query_params=…)` — the same element, its page looked up once
    per process instead of at every link: Streamlit resolves the script path on disk (realpath: a system call
    per path component) for each of the ~40 links a view of the overview draws (sidebar, cards, logframe),
    ~8 % of a first-time view's server time (issue 16). tests/test_page_links.py compares the elements."""
    from streamlit.elements.lib.layout_utils import create_layout_config
    from streamlit.elements.widgets.button import PageLinkProto, _icon_position_to_proto, _page_link_agent_props
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    from streamlit.runtime.state.query_params import process_query_params
    from streamlit.string_util import to_help_str, to_str, validate_icon_or_emoji
    from streamlit.util import in_sidebar
    dg = dg if dg is not None else st._main
    ctx = get_script_run_ctx()
    pages = ctx.pages_manager.get_pages() if ctx else None
    key = ctx and (ctx.main_script_path, page, tuple(pages))
    target = _PAGE_TARGETS.get(key) if ctx else None
    if target is None:
        dg.page_link(page, label=label, icon=icon, help=help, query_params=query_params)   # Streamlit's own
        if ctx:
            for data in pages.values():          # what it resolved the path to, kept for the next links
                if data["script_path"] == _resolved(ctx.main_script_path, page):
                    _PAGE_TARGETS[key] = (data["page_script_hash"], data.get("url_pathname") or "",
                                          data.get("help", ""))
                    break
        return
    proto = PageLinkProto()
    if query_params:
        proto.query_string = process_query_params(query_params)
    proto.icon_position = _icon_position_to_proto("left")
    proto.disabled = False
    proto.label = to_str(label)
    if icon is not None:
        proto.icon = validate_icon_or_emoji(icon)
    proto.help = to_help_str(help) if help is not None else target[2]
    proto.page_script_hash, proto.page = target[:2]
    dg._enqueue("page_link", proto, layout_config=create_layout_config(       # Streamlit's widths
                    width="stretch" if in_sidebar(dg) else "content", allow_content_width=True),
                agent_props=_page_link_agent_props(proto))


def _resolved(main_script: str, page: str) -> str:
    import os

    from streamlit.file_util import get_main_script_directory, normalize_path_join
    return os.path.realpath(normalize_path_join(get_main_script_directory(main_script), page))


def _xlsx(df: pd.DataFrame, name: str) -> bytes:
    from .exports import xlsx_bytes      # openpyxl (~0.15 s): loaded on the first download, not when a page draws
    return xlsx_bytes({name[:31]: df})


def show(fig: go.Figure, table: pd.DataFrame, lang: str, name: str, key: str | None = None,
         figure_key: str | None = None) -> None:
    """Draw a figure (no plotly logo, no outside requests) and offer its table as CSV. `figure_key`: the
    cached figure's key (style.Built; a figure cached alone carries its own, style.FIGURE_KEY), under which
    its chart element is kept once made."""
    key = key or name
    figure_key = figure_key or getattr(fig, style.FIGURE_KEY, None)
    config = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"],
              "toImageButtonOptions": {"filename": name}}
    if figure_key is None:
        st.plotly_chart(fig, width="stretch", key=f"ch_{key}", config=config)
    else:
        _kept_chart(fig, figure_key, f"ch_{key}", config)
    download(table, lang, name, key)


def draw(built, lang: str, name: str, what: str) -> None:
    """A builder's (figure, table, *notes) with its downloads, or a sentence when the filters leave nothing."""
    if built is None:
        empty(lang, what)
        return
    fig, table, *notes = built
    show(fig, table, lang, name, figure_key=getattr(built, "key", None))
    for n in notes:
        st.caption(n)


_CHARTS = _Bounded(300)     # (figure's key, config) -> (plotly's JSON of it, its height)


def _kept_chart(fig: go.Figure, figure_key: str, key: str, config: dict) -> None:
    """`st.plotly_chart(fig, width="stretch", key=key, config=config)` — the same element (its id computed and
    registered the same way) — with the figure's JSON made once per cached figure instead of at every view
    (tests/test_kept_charts.py compares the elements sent)."""
    import json

    from streamlit.elements.lib.form_utils import current_form_id
    from streamlit.elements.lib.layout_utils import LayoutConfig
    from streamlit.elements.lib.utils import compute_and_register_element_id, to_key
    from streamlit.elements.plotly_chart import (PlotlyChartProto, _plotly_data, _resolve_content_height,
                                                 agent_spec)
    cfg = json.dumps(config)
    def make():
        spec, layout = style.spec_json(fig)    # what Streamlit draws: pio.to_json(fig.to_dict()), made faster
        return spec, _resolve_content_height("content", {"layout": layout})
    spec, height = _CHARTS.made((figure_key, cfg), make)
    dg = st._main           # as st.plotly_chart: the main generator (it enqueues into the active container)
    proto = PlotlyChartProto()
    proto.theme = "streamlit"
    proto.form_id = current_form_id(dg)
    proto.spec = spec
    proto.config = cfg
    proto.id = compute_and_register_element_id(
        "plotly_chart", user_key=to_key(key), key_as_main_identity=False, dg=dg, plotly_spec=spec,
        plotly_config=cfg, selection_mode=("points", "box", "lasso"), is_selection_activated=False,
        theme="streamlit", width="stretch", height="content", alt=None)
    dg._enqueue("plotly_chart", proto, layout_config=LayoutConfig(width="stretch", height=height),
                agent_props=agent_spec.element("plotly_chart", key=key, data_builder=lambda: _plotly_data(spec),
                                               alt=None))


_ARROW = _Bounded(200)      # a table's digest -> its Arrow table


def dataframe(df: pd.DataFrame) -> None:
    """`st.dataframe(df, hide_index=True, width="stretch")` — the same element (tests/test_kept_charts.py) —
    with the frame made into Arrow once per table instead of at every rerun (Streamlit converts a pandas frame
    at each call: ~8 ms a rerun for the budget page's lines, issue 16). For the tables of the fig_* builders,
    which are shared (dashboard/kept.py) and known by identity; any frame works, digested from its pickle."""
    from streamlit.dataframe_util import convert_pandas_df_to_arrow_table

    from .kept import digest
    table = _ARROW.made(digest(df), lambda: convert_pandas_df_to_arrow_table(df))   # as st.dataframe does
    st.dataframe(table, hide_index=True, width="stretch")


_TABLES = _Bounded(500)     # (rows' digest, language, builder, title) -> the table's HTML

# st.table's look (Streamlit 1.67, light theme, border « horizontal »: measured in chromium) for the tables
# static_table draws as HTML: 14 px text, the header faded, a thin line under each row but the last, rounded;
# each cell aligned by its column's type, whatever its own CSS says (st.table's inline alignment did the same).
TABLE_CSS = """
.kg-table { overflow-x: auto; border-radius: 0.5rem; }
.kg-table table { width: 100%; border-collapse: separate; border-spacing: 0; font-size: 0.875rem; line-height: 1.5;
  color: rgb(47, 45, 43); }
.kg-table th, .kg-table td { text-align: left !important; vertical-align: middle; padding: 0.25rem 0.375rem 0.25rem 1rem;
  border-bottom: 1px solid rgba(47, 45, 43, 0.1); }
.kg-table th { font-weight: 400; color: rgba(47, 45, 43, 0.7); }
.kg-table th:first-child { padding-left: 0.5rem; }
.kg-table td:first-child { padding-left: 0.375rem; }
.kg-table tbody tr:last-child td { border-bottom: none; }
.kg-table .r { text-align: right !important; }
.kg-table caption { caption-side: top; text-align: left; font-weight: 600; font-size: 1rem; line-height: 1.6;
  padding: 0 0 1rem 0; color: rgb(47, 45, 43); }
"""


def static_table(build, rows: pd.DataFrame, lang: str, title: str | None = None) -> None:
    """The table `build(rows, lang)` (a style.TableCells) drawn as HTML, rendered once: made the first time
    these rows are shown in this language (a data version, the filters and the role give the rows), then the
    same HTML sent again at every rerun and to every session of this process (the 500 last ones kept). It looks
    as st.table does (TABLE_CSS, which the page's style sheet carries), and costs the browser a fraction of it:
    st.table's element renders every cell as Markdown and decodes Arrow (a chromium trace of the first overview:
    React work 0.9-1.1 s with the six st.table, 0.5-0.65 s with these; issue 16, BENCHMARKS.md). `title`: the
    table's caption, a bold line above it (in the same element: one element less a table)."""
    from .kept import digest
    key = (digest(rows), lang, getattr(build, "__qualname__", repr(build)), title)
    st.html(_TABLES.made(key, lambda: build(rows, lang).html(title)))


# The overview's key-indicator cards, compact (app.py, container key « ov_cards », one « ov_card_<id> » each):
# each card is one HTML element (fig_overview.card_html) and Streamlit's page link to the explorer. The HTML's
# parts become the card's own flex items (display: contents), so that the link sits beside the status pill:
# the name on top, the value with its share of the target, the pill and the link on one line, the target and
# F/M last. Sizes and colours are those of the former Streamlit metric, caption and badge, measured.
CARDS_CSS = """
.st-key-ov_cards { gap: 0.5rem; flex-wrap: wrap; align-items: stretch; }
.st-key-ov_cards > div { flex: 0 0 calc(25% - 0.375rem); min-width: 0; }
.st-key-ov_cards [class*="st-key-ov_card_"] { padding: 0.35rem 0.7rem; gap: 0.15rem 0.6rem; flex-flow: row wrap;
  align-items: center; align-content: flex-start; }
.st-key-ov_cards [class*="st-key-ov_card_"] > div { width: auto; flex: 0 1 auto; }
.st-key-ov_cards [class*="st-key-ov_card_"] > div:has(.kgCard), .st-key-ov_cards [data-testid="stHtml"]:has(.kgCard),
.st-key-ov_cards .kgCard { display: contents; }
.kgCardLabel, .kgCardValue, .kgCardNote { width: 100%; }
.kgCardLabel { order: 1; position: relative; font-size: 0.9rem; line-height: 1.2; }
.kgCardValue { order: 2; display: flex; flex-flow: row wrap; align-items: center; gap: 0 0.45rem; }
.kgCardStatus { order: 3; line-height: 1.2; }
.st-key-ov_cards [class*="st-key-ov_card_"] > div:has([data-testid="stPageLink"]) { order: 4; }
.kgCardNote { order: 9; font-size: 0.78rem; line-height: 1.2; color: rgba(47, 45, 43, 0.6); }
.kgValue { font-size: 1.45rem; line-height: 1.1; padding-bottom: 0.25rem; }
.kgDelta { font-size: 0.75rem; color: rgb(104, 98, 85); background: rgb(245, 244, 242); border-radius: 9999px;
  padding: 0 0.35rem; white-space: nowrap; }
.kgPill { color: #000; border-radius: 0.8em; padding: 0.1em 0.6em; font-size: 0.8rem; white-space: nowrap; }
.kgHelp { display: inline-flex; align-items: center; justify-content: center; vertical-align: -0.1rem;
  margin-left: 0.55rem; width: 0.8rem; height: 0.8rem; border: 1.5px solid currentColor; border-radius: 50%;
  cursor: help; }
.kgHelp::before { content: "?"; font-size: 0.6rem; font-weight: 700; line-height: 1; }
.kgHelp:focus-visible { outline: 2px solid rgb(255, 75, 75); outline-offset: 1px; }
/* the help under the name, across the card (placed from the name's line: never past the screen's edge) */
.kgHelp:hover::after, .kgHelp:focus::after { content: attr(data-help); position: absolute; top: calc(100% + 0.3rem);
  left: -0.3rem; right: -0.3rem; z-index: 1000; padding: 0.5rem 0.7rem; border-radius: 0.5rem; background: rgb(38, 39, 48);
  color: #fff; font-size: 0.85rem; font-weight: 400; line-height: 1.35; white-space: pre-line; cursor: auto; }
.st-key-ov_cards [data-testid="stPageLink"] a { padding: 0 0.2rem; min-height: 0; line-height: 1.2; }
.st-key-ov_cards [data-testid="stPageLink"] p { font-size: 0.85rem; line-height: 1.2; }
.st-key-ov_cards [data-testid="stPageLink"] span { line-height: 1.2; }
"""


def metric_card(label: str, value: str, delta: str | None, help_: str) -> None:
    """st.metric whose label wraps (a metric's own label is cut with « … » in a narrow column)."""
    st.markdown(f"**{label}**", help=help_)
    st.metric(label, value, delta, delta_color="off", delta_arrow="off", label_visibility="collapsed")


def empty(lang: str, what: str | None = None) -> None:
    """A sentence instead of an empty frame."""
    st.info((what + " — " if what else "") + t("no_data", lang), icon="ℹ️")

