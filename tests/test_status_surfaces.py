"""One truth on every surface: for six filter × role combinations on the literal fixture, every indicator's
value, target and status on the overview (AppTest, the logframe tables) equals the logframe slide's (the
status of each bar and its share of target), the query layer's and, for the data owner, the CLI's
(`python -m queries indicators`); the HTML report's logframe table and the donor workbook show the same.""" 
from __future__ import annotations

import html
import io
import json
import re
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import queries as q
from dashboard import auth, fmt, palette
from dashboard import fig_overview as fo
from dashboard.i18n import code, indicator, indicator_short
from queries.__main__ import main
from page_tables import html_tables, shown_tables
from test_pages_overview import data_dir, env, qcon  # noqa: F401  (the same fixture data, URL and caches)

# (role, URL params, Filters): whole project; a commune and a year; a quarter; a partner's own view; a
# commune for the committee; girls in 2022
CASES = [
    ("admin", {}, q.Filters()),
    ("admin", {"commune": "NOUGA", "periode": "2021"}, q.Filters(communes=("NOUGA",), start=date(2021, 1, 1),
                                                                 end=date(2021, 12, 31))),
    ("staff", {"periode": "2021-T3"}, q.Filters(start=date(2021, 7, 1), end=date(2021, 9, 30))),
    ("partner", {}, q.Filters()),
    ("committee", {"commune": "KANIOGO"}, q.Filters(communes=("KANIOGO",))),
    ("admin", {"periode": "2022", "sexe": "F"}, q.Filters(start=date(2022, 1, 1), end=date(2022, 12, 31), sex="F")),
]
IDS = [f"{r}-{'-'.join(p.values()) or 'projet'}" for r, p, _ in CASES]


def scope_of(role: str) -> q.Scope:
    from dashboard import access
    return auth.scope_for(role, *access.PREVIEW_PARTNER) if role == "partner" else auth.scope_for(role)


def app(role: str, params: dict, page: str | None = None) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=180)
    at.session_state["_view_as"] = role
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def expected(ind: pd.DataFrame, k: int) -> dict[str, tuple[str, str, str]]:
    """id -> (value, target, status) as the overview words them, from the query layer."""
    return {r["id"]: (fo.value_text(r, "fr", k), fo.target_text(r, "fr"), code("status", r["status"], "fr"))
            for _, r in ind.iterrows()}


@pytest.mark.parametrize("role,params,filters", CASES, ids=IDS)
def test_overview_slides_and_cli_agree(qcon, role, params, filters, capsys, data_dir):
    scope = scope_of(role)
    k = max(scope.min_cell, 5)
    ind = q.indicators(qcon, filters, scope)
    want = expected(ind, k)

    # overview: the six logframe tables, by the indicator's label
    at = app(role, params)
    shown = pd.concat(shown_tables(at), ignore_index=True).set_index("Indicateur")
    for iid, (value, target, status) in want.items():
        assert shown.loc[indicator(iid, "fr"), ["Valeur", "Cible", "Statut"]].tolist() == [value, target, status], iid

    # the logframe slide: each indicator's line, its status colour and its share of the view's target
    sl = app(role, {**params, "diapo": "2"}, "pages/8_presentation.py")
    body = next(h.proto.body for h in sl.get("html") if 'class="sl-lf"' in h.proto.body)
    lines = re.findall(r'<p><span class="sl-sw" style="--c:([^"]+)"></span>(.*?) — (.*?)</p>', body)
    got = {html.unescape(label): (html.unescape(share), colour) for colour, label, share in lines}
    assert len(got) == len(ind)
    for _, r in ind.iterrows():
        share = fmt.pct(r["pct_of_target"], "fr", 0) if pd.notna(r["pct_of_target"]) else "—"
        assert got[indicator_short(r["id"], "fr")] == (share, palette.STATUS_COLORS[r["status"]]), r["id"]
    # the legend names every status shown, in the same words as the overview
    assert {want[i][2] for i in want} <= {html.unescape(w) for w in re.findall(r'</span>([^<&]+)&nbsp;', body)}

    # the CLI, for the data owner: the same target and status codes
    if role == "admin":
        args = ["indicators", "--data", str(data_dir)]
        if filters.communes:
            args += ["--commune", *filters.communes]
        for flag, v in (("--start", filters.start), ("--end", filters.end), ("--sex", filters.sex)):
            if v:
                args += [flag, str(v)]
        assert main(args) == 0
        cli = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
        for _, r in ind.iterrows():
            c = cli[r["id"]]
            assert c["status"] == r["status"], r["id"]
            assert (c["target"] is None) == pd.isna(r["target"]) and \
                (c["target"] is None or c["target"] == pytest.approx(r["target"])), r["id"]
            assert (c["value"] is None) == pd.isna(r["value"]) and \
                (c["value"] is None or c["value"] == pytest.approx(r["value"])), r["id"]


@pytest.mark.parametrize("role,params,filters", CASES[:2], ids=IDS[:2])
def test_report_and_workbook_agree(qcon, role, params, filters):
    from openpyxl import load_workbook

    from dashboard import exports, report
    scope = scope_of(role)
    k = max(scope.min_cell, 5)
    ind = q.indicators(qcon, filters, scope)
    want = expected(ind, k)
    doc = report.build_html(qcon, filters, scope, "fr", "contexte", True)
    tables = [t for t in html_tables(doc) if "Statut" in t.columns]
    assert tables, "the report's logframe table has no « Statut » column"
    table = tables[0].set_index("Indicateur")
    wb = load_workbook(io.BytesIO(exports.logframe_xlsx(ind, "fr", "contexte", True, k)))
    rows = {r[2]: r for r in wb.active.iter_rows(values_only=True) if r and r[2]}
    for iid, (value, target, status) in want.items():
        assert table.loc[indicator(iid, "fr"), ["Valeur", "Cible", "Statut"]].astype(str).tolist() == \
            [value, target, status], iid
        assert status in rows[indicator(iid, "fr")], iid
