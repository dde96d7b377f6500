"""The figures share the process's template instead of copying it (style.Figure) and their JSON is made
without copying or walking it (style.spec_json, issue 16): the same JSON as plotly's own, string for string,
for every kind of figure the builders make and for the ones they do not (a changed template, animation
frames, a plain go.Figure, text arrays with gaps, dates); the shared template never changes."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dashboard import style
from test_figures_from_dicts import _figures, con  # noqa: F401 (the fixture's figures of the cases and overview)

import queries as q


def plotlys(fig) -> str:
    return pio.to_json(fig.to_dict(), validate=False)


def templates_unchanged() -> bool:
    shared = style.shared_templates()
    return bool(shared) and all(props == pio.templates[name].to_plotly_json() for name, props in shared.items())


def fresh_template() -> dict:
    return pio.templates[pio.templates.default].to_plotly_json()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_builders_figures_json_is_plotlys(con, lang):   # noqa: F811
    figs = _figures(con, q.Scope(min_cell=5, hide_no_consent=True), lang) + _figures(con, q.Scope(), lang)
    assert len(figs) >= 24
    for fig in figs:
        assert isinstance(fig, style.Figure) and fig._layout["template"] is style.template_props()
        spec, layout = style.spec_json(fig)
        assert spec == plotlys(fig)
        assert layout.get("height") == fig.layout.height
    assert templates_unchanged()


def _text_figure(cls):
    return cls(dict(data=[dict(type="bar", x=np.array(["Filles </b>", None, "Réinsérés"], dtype=object),
                               y=np.array([1.5, np.nan, 3]), customdata=np.array([1, "a", None], dtype=object),
                               name="F")],
                    layout=dict(title=dict(text="<b>é</b>"), height=333,
                                xaxis=dict(tickvals=[pd.Timestamp("2021-06-30"), pd.Timestamp("2022-12-31")]))))


@pytest.mark.parametrize("make", [
    lambda: _text_figure(style.Figure),
    lambda: _text_figure(go.Figure),                                          # its own copy of the template
    lambda: _text_figure(style.Figure).update_layout(template="plotly_dark"),  # a template of its own
    lambda: _text_figure(style.Figure).update_layout(xaxis_title="après le modèle", legend_title="l"),
    lambda: style.Figure(data=[go.Scatter(x=[1, 2], y=[3, 4])],
                         frames=[go.Frame(data=[go.Scatter(x=[1, 2], y=[4, 5])], name="b")]),
    lambda: style.Figure(),
], ids=["shared", "plain", "own-template", "changed-after", "frames", "empty"])
def test_json_is_plotlys_for_any_figure(make):
    fig = make()
    spec, layout = style.spec_json(fig)
    assert spec == plotlys(fig)
    assert layout.get("height") == fig.layout.height
    assert templates_unchanged()


def test_the_shared_template_is_read_as_the_figures_own_and_never_changed():
    fig = _text_figure(style.Figure)
    assert fig._layout["template"] is style.template_props()
    assert fig.layout.template.to_plotly_json() == fresh_template()
    assert fig.to_dict()["layout"]["template"] == fresh_template()
    assert fig.to_dict()["layout"]["template"] is not style.template_props()    # to_dict: a copy
    fig.update_layout(template="plotly_dark")                                    # the figure's own now
    assert fig.layout.template.layout.paper_bgcolor == "rgb(17,17,17)"
    fig.layout.template.layout.font.size = 31
    other = _text_figure(style.Figure)
    assert other.layout.template.layout.font.size is None
    assert templates_unchanged()
    assert json.loads(plotlys(go.Figure(other))) == json.loads(plotlys(other))     # a copy: the same figure
