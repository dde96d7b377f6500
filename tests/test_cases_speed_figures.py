"""The case figures' per-category work in plain Python (issue 16: dashboard/fig_cases.by_sex, funnel_by and
funnel without pandas operations on five-row frames): hand-made frames with their answers worked out by hand —
rows of one (category, sex) added up, a hidden part hiding the sum, « < 5 » only where the hidden count is known
to be one small count, « masqué » otherwise, the order of the bars and of the table. The same frames gave the
same answers before the change (the figures' JSON and the tables were compared on thousands of query results)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard import fig_cases as fc

NA = pd.NA
FEW = "<\u00a05"


def _breakdown_frame() -> pd.DataFrame:
    """X twice with sex NR (2 shown + 1 hidden: the sum is hidden, not known small), Y girls 7 and boys 6,
    Z girls hidden and known small."""
    return pd.DataFrame({"value": ["X", "X", "Y", "Y", "Z"], "sex": ["NR", "NR", "F", "M", "F"],
                         "n": pd.array([2, NA, 7, 6, NA], dtype="Float64"),
                         "n_hidden": [False, True, False, False, True], "n_small": [False, True, False, False, True]})


def _traces(fig) -> list[tuple]:
    return [(tr.type, tr.name, list(tr.y), None if tr.type == "scatter" else [float(v) for v in tr.x],
             list(tr.text)) for tr in fig.data]


def test_breakdown_collapses_hides_and_orders():
    fig, table = fc.breakdown(_breakdown_frame(), "nationality", "en", 5)
    # nationality: largest first (Y 13; X and Z have nothing shown: 0, then by name)
    assert list(fig.layout.yaxis.categoryarray) == ["Z", "X", "Y"]
    # the last series first (boys, then girls: girls on top); X's NR: a hidden label only
    assert _traces(fig) == [
        ("bar", "Not recorded", [], [], []),
        ("scatter", None, ["X"], None, ["hidden"]),
        ("bar", "Boys", ["Y"], [6.0], ["6"]),
        ("bar", "Girls", ["Y"], [7.0], ["7"]),
        ("scatter", None, ["Z"], None, [FEW])]
    # case_breakdown's table: by sex, then as the rows came (its index: the rows' positions)
    assert table.index.tolist() == [1, 3, 2, 0]
    assert table.to_dict("list") == {"Category": ["Y", "Z", "Y", "X"],
                                     "Sex": ["Girls", "Girls", "Boys", "Not recorded"], "Cases": [7, FEW, 6, "hidden"]}
    assert fig.layout.xaxis.range == (0, 7 * 1.15)


def test_exploitation_keeps_the_contract_order():
    df = pd.DataFrame({"value": ["autre", "prostitution_forcee"], "sex": ["F", "F"], "n": [9, 1],
                       "n_hidden": [False, False], "n_small": [False, False]})
    fig, table = fc.breakdown(df, "exploitation", "fr", 0)
    order = [c for c in fc.contract.EXPLOITATIONS if c in ("autre", "prostitution_forcee")]
    labels = [fc.code("exploitation", c, "fr") for c in order]
    assert list(fig.layout.yaxis.categoryarray) == list(reversed(labels))
    assert table["Cas"].tolist() == [9, 1] and table.index.tolist() == [0, 1]


def test_services_table_by_category_then_sex():
    df = _breakdown_frame().rename(columns={"value": "service", "n": "cases", "n_hidden": "cases_hidden",
                                            "n_small": "cases_small"})
    fig, table = fc.services(df, "en", 5)
    assert table.index.tolist() == [1, 2, 0, 3]              # Y girls, Y boys, X, Z
    assert table.iloc[:, 0].tolist() == ["Y", "Y", "X", "Z"]
    assert table["Cases"].tolist() == [7, 6, "hidden", FEW]


def test_nothing_to_draw():
    zero = pd.DataFrame({"value": ["X"], "sex": ["F"], "n": [0], "n_hidden": [False], "n_small": [False]})
    assert fc.breakdown(zero, "nationality", "fr", 0) is None
    hidden = zero.assign(n=pd.array([NA], dtype="Float64"), n_hidden=[True], n_small=[True])
    assert fc.breakdown(hidden, "nationality", "fr", 5) is not None      # hidden: drawn as « < 5 »


def _funnel_by_sex(with_small: bool) -> pd.DataFrame:
    stages = ["identifie"] * 3 + ["evalue"] * 3
    d = pd.DataFrame({"stage": stages, "sex": ["F", "M", "NR"] * 2,
                      "n": pd.array([6, NA, NA, 5, NA, NA], dtype="Float64"),
                      "stage_order": [1, 1, 1, 2, 2, 2],
                      "n_hidden": [False, True, True, False, True, True],
                      "share_identified": [100.0, np.nan, np.nan, 5 / 6 * 100, np.nan, np.nan],
                      "share_previous": [np.nan, np.nan, np.nan, 5 / 6 * 100, np.nan, np.nan]})
    if with_small:
        d["n_small"] = [False, True, False, False, False, True]
    return d


def test_funnel_by_known_small_from_the_flag_or_the_totals():
    # with the query's flag: as it says
    _, table = fc.funnel_by(_funnel_by_sex(True), "sex", "en", 5)
    assert table["Cases"].tolist() == [6, FEW, "hidden", 5, "hidden", FEW]
    # without it: from the totals — identifié 9 = 6 shown + two hidden cells (each at least 1): 3 - 1 < 5, both
    # small; évalué's total hidden: unknown
    totals = pd.DataFrame({"stage": ["identifie", "evalue"], "n": pd.array([9, NA], dtype="Float64"),
                           "n_hidden": [False, True]})
    fig, table = fc.funnel_by(_funnel_by_sex(False), "sex", "en", 5, totals)
    assert table["Cases"].tolist() == [6, FEW, FEW, 5, "hidden", "hidden"]
    assert [None if pd.isna(v) else v for v in table["% of identified"]] == [100.0, None, None, 83.3, None, None]
    assert [list(tr.customdata) for tr in fig.data] == [
        [], ["<b>Not recorded — Identified</b><br>" + FEW, "<b>Not recorded — Assessed</b><br>hidden"],
        [], ["<b>Boys — Identified</b><br>" + FEW, "<b>Boys — Assessed</b><br>hidden"],
        ["<b>Girls — Identified</b><br>6",
         "<b>Girls — Assessed</b><br>5<br>83% of identified<br>83% of previous stage"]]


def test_funnel_labels():
    d = pd.DataFrame({"stage": ["evalue", "identifie"], "n": pd.array([NA, 12], dtype="Float64"),
                      "stage_order": [2, 1], "n_hidden": [True, False], "n_small": [True, False],
                      "share_identified": [np.nan, 100.0], "share_previous": [np.nan, np.nan]})
    fig, table = fc.funnel(d, "fr", 5)
    assert table["Cas"].tolist() == [12, FEW]
    assert list(fig.data[0].x) == [12.0, None]
    assert list(fig.data[1].text) == ["\u00a0\u00a012", "\u00a0\u00a0" + FEW]
