"""The look every figure shares: colours, font, layout, and the cache of figure builders.

Pure: the figure modules (dashboard/fig_*.py), the report and the slides build on it without
Streamlit; `dashboard/charts.py` (Streamlit) draws what they build.
"""
from __future__ import annotations

import copyreg
import functools
import sys
import uuid
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from _plotly_utils.basevalidators import copy_to_readonly_numpy_array

from . import fmt, kept, palette  # noqa: F401 (style.palette: the colours)

# One colour per meaning, defined once in dashboard/palette.py (Okabe-Ito based, colour-blind safe).
from .palette import ACCENT, GROUP_COLORS, SEX_COLORS, STATUS_ALIASES, STATUS_COLORS, TARGET  # noqa: E402,F401

SEX_ORDER = ("F", "M", "NR")
GROUP_ORDER = ("girls", "boys", "women", "men")
# ok/behind/off/na: the same colours under the milestone page's names
STATUS_COLORS = {**STATUS_COLORS, **{a: STATUS_COLORS[s] for a, s in STATUS_ALIASES.items()}}
FONT = "Source Sans, Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"


# The look of every figure, set once for the process: passing template="plotly_white" to each
# update_layout copied and validated the whole template again for every figure (a quarter of the
# time of a figure). The figures' JSON is the same. Set without plotly's check of the name (which builds and
# copies the whole template: 0.07 s idle, inside the server's start or a first view): plotly_white is one of
# plotly's own. Where plotly keeps the default elsewhere, it is set the usual way.
TEMPLATE = "plotly_white"
pio.templates._default = TEMPLATE
if pio.templates.default != TEMPLATE:
    pio.templates.default = TEMPLATE


_SHARED: dict[str, tuple[dict, str]] = {}          # template name -> (its properties, their JSON), made once


def template_props(name: str | None = None) -> dict | None:
    """The properties of template `name` (default: the one in force, pio.templates.default; None if that is
    not a registered name), made once and shared by every `Figure`: never change them (the page tests check
    they are still plotly's). The server's is plotly_white; a process that imports Streamlit's charts after
    this module has Streamlit's own ("streamlit"), shared the same way."""
    name = pio.templates.default if name is None else name
    if not isinstance(name, str) or name not in pio.templates:
        return None
    hit = _SHARED.get(name)
    if hit is None:
        from plotly.io.json import to_json_plotly      # (pio.to_json would read the template's "data" as traces)
        props = pio.templates[name].to_plotly_json()
        hit = _SHARED.setdefault(name, (props, to_json_plotly(props)))
    return hit[0]


def shared_templates() -> dict[str, dict]:
    """Every template shared so far, by name."""
    return {n: p for n, (p, _) in _SHARED.items()}


class Figure(go.Figure):
    """A go.Figure (same arguments, same properties, same JSON) whose template is shared, not copied.

    A new go.Figure deep-copies the default template (~1 800 nested values) into itself, twice: it was half
    of a dict-built figure's time, and 13 % of the server's time on the cases page under new filters (py-spy,
    issue 16). Here the figure's layout holds `template_props()` itself; plotly reads it as its own (fig.layout.
    template is built from it on access). A changed template (update_layout(template=…)) is the figure's own,
    copied as plotly does. Copies (go.Figure(fig), to_dict, pickling) copy it."""

    def _initialize_layout_template(self):
        props = template_props() if self._layout_obj._props.get("template") is None else None
        if props is None:
            super()._initialize_layout_template()
        else:
            self._layout_obj._props["template"] = props


_TEMPLATE_MARK = "kangaba-template-" + uuid.uuid4().hex     # where the template's JSON goes


def spec_json(fig: go.Figure) -> tuple[str, dict]:
    """(pio.to_json(fig.to_dict(), validate=False) — the same string —, the layout's properties (its height)),
    for Streamlit's chart element, made ~5× faster (issue 16): the shared template is not deep-copied and not
    walked, but its JSON (made once) put in its place; text columns (numpy arrays of objects, which plotly's
    JSON engine refuses and then cleans value by value over the whole figure) are given to it as lists."""
    from copy import deepcopy

    from _plotly_utils.utils import convert_to_base64
    layout = fig._layout
    template = layout.get("template")
    shared = next((js for props, js in _SHARED.values() if props is template), None) if template else None
    out = {"data": deepcopy(fig._data),
           "layout": {k: _TEMPLATE_MARK if shared and k == "template" else deepcopy(v) for k, v in layout.items()}}
    frames = deepcopy([f._props for f in fig._frame_objs])
    if frames:
        out["frames"] = frames
    convert_to_base64(out)
    for trace in out["data"]:
        for k, v in trace.items():
            if isinstance(v, np.ndarray) and v.dtype.kind == "O":
                trace[k] = v.tolist()
    spec = pio.to_json(out, validate=False)
    if shared:
        spec = spec.replace(f'"{_TEMPLATE_MARK}"', shared, 1)
    return spec, out["layout"]


def layout(fig: go.Figure, lang: str, title: str, height: int = 380, legend: bool = True) -> go.Figure:
    """The common look: a title that says what the chart shows, French/English number format. The look
    itself is `layout_dict`'s, written once for the validated figures and the dict-built ones (`figure`)."""
    props = layout_dict(lang, title, height, legend)
    props["legend"] = {**props["legend"], "title": None}    # through update_layout, None gives layout_dict's {}
    fig.update_layout(**props)
    return fig


@dataclass(frozen=True)
class TableCells:
    """A table as pandas' Styler would show it, without the Styler: the frame (its index hidden), the text
    of every cell and the CSS of every cell ({column: one string per row}; "" for none), drawn as HTML."""
    data: pd.DataFrame
    display: dict
    css: dict

    def html(self, title: str | None = None) -> str:
        """The table as HTML, as st.table shows it (dashboard/charts.static_table draws it, under
        charts.TABLE_CSS): the header, then every row, each cell's text escaped and its CSS as its style;
        numeric columns aligned right, their header too, as st.table does. `title`: its caption, above it,
        as a bold line of text."""
        from html import escape
        cols = list(self.data.columns)
        right = [' class="r"' if pd.api.types.is_numeric_dtype(self.data[c]) else "" for c in cols]
        head = "".join(f'<th scope="col"{r}>{escape(str(c))}</th>' for c, r in zip(cols, right))
        rows = []
        for i in range(len(self.data)):
            cells = []
            for c, r in zip(cols, right):
                css = self.css[c][i]
                style = f' style="{escape(css)}"' if css else ""
                cells.append(f"<td{r}{style}>{escape(self.display[c][i])}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        caption = f"<caption>{escape(title)}</caption>" if title else ""
        return (f'<div class="kg-table" data-testid="kgTable"><table>{caption}<thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table></div>')


def layout_dict(lang: str, title: str, height: int = 380, legend: bool = True) -> dict:
    """`layout`'s properties as a plain dict (for figures built from dicts, `figure`; a legend title of None
    comes out of update_layout as {})."""
    return dict(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=17)),
        separators=fmt.plotly_separators(lang), font=dict(family=FONT, size=14),
        height=height, margin=dict(l=10, r=10, t=60, b=10),
        showlegend=legend, legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1, title={}),
        hoverlabel=dict(font=dict(family=FONT)),
    )


def merged(*parts: dict) -> dict:
    """Layout dicts merged as successive update_layout calls would merge them (nested dicts key by key)."""
    out: dict = {}
    for part in parts:
        _merge(out, part)
    return out


def _merge(into: dict, part: dict) -> None:
    for k, v in part.items():
        if isinstance(v, dict):
            if not isinstance(into.get(k), dict):
                into[k] = {}
            _merge(into[k], v)
        else:
            into[k] = v


def array(v):
    """A column as plotly's validation would store it (a Series, an Index or an array: a read-only numpy copy)."""
    if isinstance(v, np.ndarray) and v.dtype.kind in "uifO":     # plotly's own steps for these, without narwhals
        out = v.copy() if v.dtype.kind == "O" else np.ascontiguousarray(v.copy())
        out.flags["WRITEABLE"] = False
        return out
    if isinstance(v, (pd.Series, pd.Index, np.ndarray)):
        return copy_to_readonly_numpy_array(v)
    return v


def figure(traces: list[dict], layout: dict) -> go.Figure:
    """A figure from plain dicts (each trace with its "type"), not validated property by property: its
    properties are the builders' own, fixed in code and known valid; validating them cost most of a figure's
    time (plotly's update_layout, tens of ms a figure, issue 16). The figure's JSON is the one the validating
    calls made (the builders' outputs are compared). Changes made to it afterwards are validated."""
    fig = Figure(dict(data=traces, layout=layout), _validate=False)
    for obj in (fig, fig.layout, *fig.data):
        obj._validate = True
    return fig


def is_empty(df: pd.DataFrame, col: str | None = None) -> bool:
    if df is None or df.empty:
        return True
    if col is not None:
        return pd.to_numeric(df[col], errors="coerce").fillna(0).sum() == 0
    return False


# Building a plotly figure validates every property (tens of ms a figure): a page with ten figures
# spent most of a warm rerun there. The builders of dashboard/fig_*.py are pure functions of (query
# result, language, k), so their figures are cached like the query results, bounded.
# Their arguments make the cache key: Streamlit's own hashing of a DataFrame (per-row hashes of Arrow
# strings) took ~16 % of a view's script time under load (py-spy), a digest of its pickle is exact and 5-20
# times faster on these small results, and a query result handed out by dashboard/data.py is known by
# identity (dashboard/kept.py: no hashing at all). The figures are handed out as built, not copied (kept.py).
# The cache is Streamlit's, taken only in a process that has loaded Streamlit (the server, the page
# tests): the report and the command-line tools build their figures without it, and without
# importing Streamlit.

def _args_key(args: tuple, kwargs: dict) -> str:
    """The cache key of a builder's arguments: frames by kept.digest, anything else by its repr (the builders
    take frames, dicts of frames, strings and numbers)."""
    def one(v):
        if isinstance(v, (pd.DataFrame, pd.Series)):
            return "F" + kept.digest(v)
        if isinstance(v, dict):
            return "{" + ",".join(f"{k!r}:{one(x)}" for k, x in v.items()) + "}"
        if isinstance(v, tuple):
            return "(" + ",".join(one(x) for x in v) + ")"
        if isinstance(v, list):
            return "[" + ",".join(one(x) for x in v) + "]"
        if v is None or isinstance(v, (str, int, float, bool)):
            return repr(v)
        return "P" + kept.digest(v)
    return one(args) + one(sorted(kwargs.items()))


def _figure_back(cls, props, key: str | None = None):
    """A figure unpickled (the cached ones are no longer pickled, dashboard/kept.py, but the tests keep a pickled
    copy of each to check it unchanged): its properties were validated when it was built; validating them again
    at every unpickling (the figure rebuilt property by property) cost ~0.1 s a figure on a busy machine
    (issue 16). Changes made to it afterwards (its layout, its traces) are validated again. `key`: a builder's
    figure returned alone keeps its cache entry's key (FIGURE_KEY, see Built)."""
    fig = cls(props, _validate=False)
    for obj in (fig, fig.layout, *fig.data):
        obj._validate = True
    if key:
        setattr(fig, FIGURE_KEY, key)
    return fig


def _figure_reduce(fig):
    """The figure's own property dicts, pickled as they are: plotly's __reduce__ (to_dict: a deep copy, arrays
    encoded) cost ~5 ms a figure; and its key, if it has one."""
    key = getattr(fig, FIGURE_KEY, None)
    if fig._frame_objs:
        cls, (props,) = fig.__reduce__()
        return _figure_back, (cls, props, key)
    return _figure_back, (type(fig), {"data": fig._data, "layout": fig._layout, "_grid_str": fig._grid_str,
                                      "_grid_ref": fig._grid_ref}, key)


copyreg.pickle(go.Figure, _figure_reduce)
copyreg.pickle(Figure, _figure_reduce)


# A builder's figure returned alone (not in a tuple) carries its cache entry's key as this attribute; a copy
# of it (go.Figure(fig)) has none.
FIGURE_KEY = "_kangaba_key"


class Built(tuple):
    """A builder's (figure, table, *notes) as cached, with `key`: the same for every copy of one cache entry,
    new at every build (a figure returned alone gets it as FIGURE_KEY). dashboard/charts.py keeps the chart
    element made of that figure under it (plotly's JSON of a figure: ~3 ms, a fifth of a first-time view of
    the cases page, issue 16; most of a warm rerun of the map page, the geography in it), so the element is
    made once per entry. Draw it as it came: a figure changed after the builder would be drawn unchanged."""

    def __new__(cls, items, key: str):
        out = super().__new__(cls, items)
        out.key = key
        return out

    def __reduce__(self):
        return Built, (tuple(self), self.key)


def _keyed(fn):
    """fn, its (figure, table, …) outputs made Built with a new key, a figure returned alone given one as
    FIGURE_KEY (inside the cache: cached with it)."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        out = fn(*args, **kwargs)
        if isinstance(out, tuple) and out and isinstance(out[0], go.Figure):
            return Built(out, uuid.uuid4().hex)
        if isinstance(out, go.Figure):
            setattr(out, FIGURE_KEY, uuid.uuid4().hex)
        return out
    return run


def cached_figure(fn):
    """`fn` cached by st.cache_data (500 entries) where Streamlit is loaded, its outputs shared (kept.py: never
    change them); called as is elsewhere."""
    cached = None
    made = _keyed(fn)

    @functools.wraps(fn)
    def call(builder_args: str, _args: tuple, _kwargs: dict):     # Streamlit hashes the first only
        return kept.keep(made(*_args, **_kwargs))

    @functools.wraps(fn)
    def build(*args, **kwargs):
        nonlocal cached
        st = sys.modules.get("streamlit")
        if st is None or not hasattr(st, "cache_data"):
            return fn(*args, **kwargs)
        if cached is None:
            cached = st.cache_data(max_entries=500, show_spinner=False)(call)
        return kept.value(cached(builder_args=_args_key(args, kwargs), _args=args, _kwargs=kwargs))
    return build
