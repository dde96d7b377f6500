"""The figures built from plain dicts without plotly's validation (dashboard/style.figure, issue 16) are valid
figures: validating them again (go.Figure of their dict, every property checked) gives the same figure,
property for property — an unknown property or a wrong value would raise or change the JSON. Every builder
that takes that path, on the fixture's data, for the data owner and a protected role, in both languages."""
from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

import queries as q
from dashboard import fig_cases as fc
from dashboard import fig_overview as fo
from dashboard import style
from fixtures import write_fixture


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    ds = q.open_dataset(write_fixture(tmp_path_factory.mktemp("fig") / "data"))
    yield ds.con
    ds.con.close()


def _figures(con, scope: q.Scope, lang: str):
    k = scope.min_cell
    run = lambda name, **kw: getattr(q, name)(con, scope=scope, **kw)      # noqa: E731
    funnel = run("case_funnel")
    ind = run("indicators")
    built = [fc.funnel(funnel, lang, k), fc.funnel_by(run("case_funnel", by="sex"), "sex", lang, k, funnel),
             fc.funnel_by(run("case_funnel", by="age_group"), "age_group", lang, k, funnel),
             fc.delays(run("case_delay_summary"), lang, k), fc.services(run("case_services"), lang, k)]
    built += [fc.breakdown(run("case_breakdown", dimension=d), d, lang, k) for d in fc.BREAKDOWNS]
    built += [fo.progress(run("indicator_monthly"), ind, i, lang) for i in fo.count_options(ind)]
    return [b[0] for b in built if b is not None]


def _no_empty(v):
    """Without empty objects ({} and None: a legend title of None is {} in update_layout's JSON, dropped
    when the figure is rebuilt from its dict)."""
    if isinstance(v, dict):
        return {k: _no_empty(x) for k, x in v.items() if x not in ({}, None)}
    if isinstance(v, list):
        return [_no_empty(x) for x in v]
    return v


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("scope", [q.Scope(), q.Scope(min_cell=5, hide_no_consent=True)], ids=["owner", "protected"])
def test_dict_built_figures_are_what_validation_makes_of_them(con, scope, lang):
    figs = _figures(con, scope, lang)
    assert len(figs) >= 12
    for fig in figs:
        checked = go.Figure(fig.to_dict())               # validated property by property
        assert _no_empty(json.loads(checked.to_json())) == _no_empty(json.loads(fig.to_json()))
        assert fig.layout.title.text and fig.data


def test_a_dict_built_figure_validates_later_changes():
    fig = style.figure([dict(type="bar", x=["a"], y=[1])], style.layout_dict("fr", "titre"))
    with pytest.raises(ValueError):
        fig.update_layout(height="haute")
    with pytest.raises(ValueError):
        fig.data[0].update(marker_color="pas une couleur")
    with pytest.raises(ValueError):
        go.Figure(style.figure([dict(type="bar", x=["a"], y=[1], colour="red")], {}).to_dict())
