"""Figures of the « Sensibilisation » page: participations by girls/boys/women/men (by activity type,
locality, quarter), distinct children reached against participations and against the site/school
targets, peer educators trained and active, knowledge-test pass rates.

Each builder takes the frame of one query (queries.sensitisation, children_reach, pe_activity,
assessment_rates) and returns (figure, table) — or None when the filters leave nothing to draw.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from queries import Filters, calendar, contract, logframe

from . import fmt, style
from .i18n import code, t

COLON = {"fr": "\u00a0: ", "en": ": "}   # French puts a (non-breaking) space before the colon

TYPE_ORDER = ("focus_group", "causerie", "radio", "theatre_forum", "caravane")
_CLS = logframe().set_index("id").loc["children_life_skills"]
SETTING_TARGETS = {"site": int(_CLS["target_site"]), "ecole": int(_CLS["target_ecole"])}  # 600 / 600
PE_TARGET_PER_SEX = 24
PASS_TARGET = 70.0
P0, P1 = calendar.PROJECT_START, calendar.PROJECT_END


def _wrap(title: str, width: int = 44) -> str:
    """Break a title on spaces so it fits a half-width chart."""
    lines, cur = [], ""
    for w in title.split():
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = (cur + " " + w).strip()
    return "<br>".join(lines + [cur])


def _half(fig: go.Figure, lang: str, title: str, height: int = 400) -> go.Figure:
    """Layout of a half-width chart: wrapped title, legend under the plot."""
    style.layout(fig, lang, _wrap(title), height=height)
    fig.update_layout(margin=dict(t=70 if "<br>" in _wrap(title) else 50, b=10),
                      legend=dict(orientation="h", y=-0.12, yanchor="top", x=0, xanchor="left", traceorder="normal"))
    return fig


def _target_legend(fig: go.Figure, name: str) -> None:
    """A legend entry for a target drawn as a shape (hline)."""
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=name,
                             line=dict(color=style.TARGET, dash="dash", width=2)))


def _sexes(df: pd.DataFrame) -> list[str]:
    return [s for s in style.SEX_ORDER if s in set(df["sex"])]


def _n(v, lang):
    return fmt.num(v, lang)


# ------------------------------------------------------------------ headlines

def headline(sens: pd.DataFrame, reach: pd.DataFrame, pe: pd.DataFrame, tests: pd.DataFrame,
             ind: pd.DataFrame, lang: str) -> list[dict]:
    """The four metrics at the top of the page: label, value, delta, help (and a note under one)."""
    lf = ind.set_index("id")
    kids = int(reach["children"].sum()) if len(reach) else 0
    kids_target = lf.loc["children_life_skills", "target"]
    trained, active = int(pe["trained"].sum()) if len(pe) else 0, int(pe["active"].sum()) if len(pe) else 0
    post = tests[tests["kind"] == "post"] if len(tests) else tests
    tested, passed = (int(post["tested"].sum()), int(post["passed"].sum())) if len(post) else (0, 0)
    rate = 100 * passed / tested if tested else None
    return [
        dict(label=t("se_m_participations", lang), value=_n(sens["n"].sum() if len(sens) else 0, lang), delta=None,
             help=t("se_m_participations_help", lang)),
        dict(label=t("se_m_children", lang), value=_n(kids, lang),
             delta=t("se_m_of_target", lang, pct=fmt.pct(100 * kids / kids_target, lang)),
             help=t("se_m_children_help", lang), note=t("se_m_children_note", lang, target=_n(kids_target, lang))),
        dict(label=t("se_m_pe_active", lang), value=_n(active, lang),
             delta=t("se_m_pe_delta", lang, n=_n(trained, lang),
                     pct=fmt.pct(100 * active / trained if trained else None, lang)),
             help=t("se_m_pe_help", lang)),
        dict(label=t("se_m_pass", lang), value=fmt.pct(rate, lang),
             delta=t("se_m_pass_delta", lang), help=t("se_m_pass_help", lang),
             note=t("se_m_pass_note", lang, n=_n(tested, lang))),
    ]


# ------------------------------------------------------------ participations

def _stacked(pv: pd.DataFrame, cats: list, labels: list[str], lang: str, title: str, cat_name: str,
             horizontal: bool, height: int):
    """Bars of participations per category, stacked by girls/boys/women/men, the total at the end."""
    groups = [g for g in style.GROUP_ORDER if g in pv.columns]
    fig = style.Figure()
    for g in groups:
        vals = [int(pv.loc[c, g]) if c in pv.index else 0 for c in cats]
        name = code("sex_group", g, lang)
        kw = dict(x=vals, y=labels, orientation="h") if horizontal else dict(x=labels, y=vals)
        fig.add_trace(go.Bar(name=name, marker_color=style.GROUP_COLORS[g], **kw,
                             hovertemplate="%{" + ("y" if horizontal else "x") + "}<br>" + name + COLON[lang] + "%{"
                             + ("x" if horizontal else "y") + ":,.0f}<extra></extra>"))
    tot = [int(pv.loc[c, groups].sum()) if c in pv.index else 0 for c in cats]
    txt = [_n(v, lang) for v in tot]
    if horizontal:
        fig.add_trace(go.Scatter(x=tot, y=labels, mode="text", text=txt, textposition="middle right",
                                 showlegend=False, hoverinfo="skip", cliponaxis=False))
        fig.update_yaxes(autorange="reversed")
        fig.update_xaxes(range=[0, max(tot + [1]) * 1.15], tickformat=",d")
    else:
        fig.add_trace(go.Scatter(x=labels, y=tot, mode="text", text=txt, textposition="top center",
                                 showlegend=False, hoverinfo="skip", cliponaxis=False))
        fig.update_yaxes(range=[0, max(tot + [1]) * 1.15], tickformat=",d")
    fig.update_layout(barmode="stack")
    style.layout(fig, lang, title, height=height)
    fig.update_layout(legend=dict(traceorder="normal"))
    table = pd.DataFrame({cat_name: labels, **{code("sex_group", g, lang): [int(pv.loc[c, g]) if c in pv.index else 0
                                                                             for c in cats] for g in groups},
                          t("se_total", lang): tot})
    return fig, table


@style.cached_figure
def by_type(sens: pd.DataFrame, lang: str):
    if style.is_empty(sens, "n"):
        return None
    pv = sens.pivot_table(index="activity_type", columns="sex_group", values="n", aggfunc="sum", fill_value=0)
    cats = [a for a in TYPE_ORDER if a in pv.index] + sorted(set(pv.index) - set(TYPE_ORDER))
    labels = [code("activity_type", a, lang) for a in cats]
    return _stacked(pv, cats, labels, lang, t("se_by_type", lang), t("se_activity", lang), True,
                    140 + 48 * len(cats))


@style.cached_figure
def by_locality(sens: pd.DataFrame, lang: str):
    if style.is_empty(sens, "n"):
        return None
    d = sens.assign(loc=sens["locality_id"].astype("object").where(sens["locality_id"].notna(), ""))
    pv = d.pivot_table(index=["commune", "loc"], columns="sex_group", values="n", aggfunc="sum", fill_value=0)
    order = [(c, l) for c in contract.COMMUNES for l in contract.LOCALITIES + ("",)
             if (contract.LOCALITY_COMMUNE.get(l) == c or l == "")]
    cats = [k for k in order if k in pv.index]
    many = len({c for c, _ in cats}) > 1
    labels = [code("locality_short", l, lang) + (f" · {code('commune', c, lang)}" if (many and l == "") else "")
              for c, l in cats]
    return _stacked(pv, cats, labels, lang, t("se_by_locality", lang), t("se_locality", lang), True,
                    140 + 40 * len(cats))


def quarters(filters: Filters, seen) -> list[str]:
    """Every quarter of the period (so an empty quarter shows as a gap), plus any quarter in the data."""
    s, e = max(filters.start or P0, P0), min(filters.end or P1, P1)
    out = []
    if s <= e:
        out = sorted({f"{p.year}-T{p.quarter}" for p in pd.period_range(s, e, freq="M")})
    return sorted(set(out) | set(seen))


@style.cached_figure
def by_quarter(sens: pd.DataFrame, filters: Filters, lang: str):
    if style.is_empty(sens, "n"):
        return None
    pv = sens.pivot_table(index="quarter", columns="sex_group", values="n", aggfunc="sum", fill_value=0)
    cats = quarters(filters, pv.index)
    labels = [t("se_quarter_short", lang, q=q[-1], y=q[:4]) for q in cats]
    return _stacked(pv, cats, labels, lang, t("se_by_quarter", lang), t("quarter_col", lang), False, 400)


# --------------------------------------------------------------- children reached

@style.cached_figure
def reach_vs_participations(reach: pd.DataFrame, lang: str):
    if style.is_empty(reach, "participations"):
        return None
    g = reach.groupby("sex")[["children", "participations"]].sum()
    measures = [t("se_distinct", lang), t("se_attendance", lang)]
    fig = style.Figure()
    for s in _sexes(reach):
        vals = [int(g.loc[s, "children"]), int(g.loc[s, "participations"])]
        name = code("sex_child", s, lang)
        fig.add_trace(go.Bar(x=measures, y=vals, name=name, marker_color=style.SEX_COLORS[s],
                             text=[_n(v, lang) for v in vals], textposition="outside", cliponaxis=False,
                             hovertemplate="%{x}<br>" + name + COLON[lang] + "%{y:,.0f}<extra></extra>"))
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, g.values.max() * 1.18], tickformat=",d")
    _half(fig, lang, t("se_reach_title", lang))
    table = pd.DataFrame({t("se_sex", lang): [code("sex_child", s, lang) for s in _sexes(reach)],
                          t("se_distinct", lang): [int(g.loc[s, "children"]) for s in _sexes(reach)],
                          t("se_attendance", lang): [int(g.loc[s, "participations"]) for s in _sexes(reach)]})
    ratio = g["participations"].sum() / g["children"].sum() if g["children"].sum() else None
    return fig, table, t("se_per_child", lang, x=fmt.num(ratio, lang, 1))


@style.cached_figure
def reach_by_setting(reach: pd.DataFrame, lang: str):
    if style.is_empty(reach, "children"):
        return None
    d = reach.assign(setting=reach["setting"].astype("object").where(reach["setting"].notna(), ""))
    pv = d.pivot_table(index="setting", columns="sex", values="children", aggfunc="sum", fill_value=0)
    cats = [s for s in contract.SETTINGS if s in pv.index or s in SETTING_TARGETS] + ([""] if "" in pv.index else [])
    names = [code("setting", s, lang) if s else t("se_setting_nr", lang) for s in cats]
    tot = [int(pv.loc[c].sum()) if c in pv.index else 0 for c in cats]
    tg = [SETTING_TARGETS.get(c) for c in cats]
    # the total (and its target) in the category label, so it never collides with the target mark
    labels = [f"<b>{n}</b><br>{_n(v, lang)}" + (f" / {_n(g, lang)}" if g else "") for n, v, g in zip(names, tot, tg)]
    fig = style.Figure()
    sexes = [s for s in style.SEX_ORDER if s in pv.columns]
    for s in sexes:
        vals = [int(pv.loc[c, s]) if c in pv.index else 0 for c in cats]
        name = code("sex_child", s, lang)
        fig.add_trace(go.Bar(y=labels, x=vals, name=name, orientation="h", marker_color=style.SEX_COLORS[s],
                             customdata=names,
                             hovertemplate="%{customdata}<br>" + name + COLON[lang] + "%{x:,.0f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=tg, y=labels, mode="markers", name=t("se_target_marker", lang), customdata=names,
                             marker=dict(symbol="line-ns", size=38, line=dict(width=4, color=style.TARGET)),
                             hovertemplate="%{customdata}<br>" + t("target", lang) + COLON[lang]
                             + "%{x:,.0f}<extra></extra>"))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, max(tot + [v for v in tg if v] + [1]) * 1.08], tickformat=",d")
    _half(fig, lang, t("se_setting_title", lang))
    table = pd.DataFrame({t("se_setting", lang): names,
                          **{code("sex_child", s, lang): [int(pv.loc[c, s]) if c in pv.index else 0 for c in cats]
                             for s in sexes},
                          t("se_total", lang): tot, t("target", lang): tg})
    return fig, table


# ------------------------------------------------------------ peer educators, tests

@style.cached_figure
def pe_trained_active(pe: pd.DataFrame, lang: str):
    if style.is_empty(pe, "trained"):
        return None
    measures = [t("se_trained", lang), t("se_active", lang)]
    g = pe.groupby("sex")[["trained", "active"]].sum()
    fig = style.Figure()
    for s in _sexes(pe):
        vals = [int(g.loc[s, "trained"]), int(g.loc[s, "active"])]
        name = code("sex_child", s, lang)
        fig.add_trace(go.Bar(x=measures, y=vals, name=name, marker_color=style.SEX_COLORS[s],
                             text=[_n(v, lang) for v in vals], textposition="inside", insidetextanchor="end",
                             hovertemplate="%{x}<br>" + name + COLON[lang] + "%{y:,.0f}<extra></extra>"))
    fig.add_hline(y=PE_TARGET_PER_SEX, line=dict(color=style.TARGET, dash="dash", width=2))
    _target_legend(fig, t("se_pe_target", lang))
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, max(g.values.max(), PE_TARGET_PER_SEX) * 1.15], tickformat=",d")
    _half(fig, lang, t("se_pe_title", lang))
    table = pd.DataFrame({t("se_sex", lang): [code("sex_child", s, lang) for s in _sexes(pe)],
                          t("se_trained", lang): [int(g.loc[s, "trained"]) for s in _sexes(pe)],
                          t("se_active", lang): [int(g.loc[s, "active"]) for s in _sexes(pe)]})
    return fig, table


@style.cached_figure
def pass_rates(tests: pd.DataFrame, lang: str):
    if style.is_empty(tests, "tested"):
        return None
    kinds = [k for k in contract.ASSESSMENT_KINDS if k in set(tests["kind"])]
    labels = [code("assessment_kind", k, lang) for k in kinds]
    fig = style.Figure()
    rows = []
    for s in _sexes(tests):
        d = tests[tests["sex"] == s].set_index("kind")
        rate = [float(d.loc[k, "rate"]) if k in d.index and pd.notna(d.loc[k, "rate"]) else None for k in kinds]
        tested = [int(d.loc[k, "tested"]) if k in d.index else 0 for k in kinds]
        passed = [int(d.loc[k, "passed"]) if k in d.index else 0 for k in kinds]
        name = code("sex_child", s, lang)
        fig.add_trace(go.Bar(x=labels, y=rate, name=name, marker_color=style.SEX_COLORS[s],
                             text=[fmt.pct(r, lang, 0) for r in rate], textposition="inside", insidetextanchor="start",
                             customdata=[f"{_n(p, lang)} / {_n(n, lang)}" for p, n in zip(passed, tested)],
                             hovertemplate="%{x}<br>" + name + COLON[lang] + "%{text} (%{customdata})<extra></extra>"))
        rows += [{t("se_sex", lang): name, t("se_measure", lang): lab, t("se_tested", lang): n,
                  t("se_passed", lang): p, t("se_rate", lang): None if r is None else round(r, 1)}
                 for lab, n, p, r in zip(labels, tested, passed, rate)]
    fig.add_hline(y=PASS_TARGET, line=dict(color=style.TARGET, dash="dash", width=2))
    _target_legend(fig, t("se_test_target", lang))
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, 105], ticksuffix="\u00a0%" if lang == "fr" else "%", dtick=20)
    _half(fig, lang, t("se_tests_title", lang))
    return fig, pd.DataFrame(rows)
