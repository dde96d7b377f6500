"""Tables and sentences of the data-quality page (Qualité des données): what was loaded, who reports,
which rows the indicators leave out or look wrong. The case extracts' counts are banded for every role
that may not see them exactly (capability « see_dq_exact », dashboard/capabilities.py), so that no
difference gives the number of cases left out. Pure: query frames in, tables out.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from queries import band
from queries.protect import threshold

from . import fmt, i18n, style
from .i18n import code, t

CASE_TABLES = ("cases", "case_events", "case_services")
SEVERITY_ORDER = {"erreur": 0, "avertissement": 1, "information": 2}   # errors first


def dataset_line(meta: dict, data_dir, synthetic: bool, lang: str) -> str:
    """What was loaded; the server's data folder only when given (data_dir=None: the data owner's only)."""
    if synthetic:
        return t("dq_synthetic", lang, g=meta.get("generator", "?"))
    return t("dq_real", lang, d=data_dir) if data_dir is not None else t("dq_real_no_path", lang)


def ignored_line(ignored: dict[str, list[str]], lang: str) -> str:
    if not ignored:
        return t("dq_ignored_none", lang)
    cols = " ; ".join(f"{code('dq_table', tb, lang)} : " + ", ".join(f"`{c}`" for c in cs)
                      for tb, cs in ignored.items())
    return t("dq_ignored", lang, cols=cols)


@style.cached_figure
def load_table(summary: pd.DataFrame, lang: str, exact: bool = True, k: int = 5) -> pd.DataFrame:
    """Rows per extract. `exact=False` (every role but the data owner): the case extracts' rows are
    banded, or rows of cases - cases identified would give the number of cases left out."""
    rows = [int(v) if exact else band(int(v), threshold(k)).replace("< ", "<" + fmt.NBSP) if tb in CASE_TABLES
            else fmt.num(v, lang) for tb, v in zip(summary["table_name"], summary["n_rows"])]
    return pd.DataFrame({
        t("col_table", lang): [code("dq_table", x, lang) for x in summary["table_name"]],
        t("col_rows", lang): pd.Series(rows, dtype="int64" if exact else "object"),
        t("col_first", lang): [fmt.short_date(v, lang, "") for v in summary["first_date"]],
        t("col_last", lang): [fmt.short_date(v, lang, "") for v in summary["last_date"]],
    })


def last_date(summary: pd.DataFrame) -> date | None:
    """The last date present in the data (any extract)."""
    v = pd.to_datetime(summary["last_date"]).max()
    return None if pd.isna(v) else v.date()


@style.cached_figure
def last_activity(df: pd.DataFrame, ref: date | None, lang: str, partners=None) -> pd.DataFrame:
    """Per partner: last activity, activities, last case step and days since each, up to `ref`.
    `partners`: the role's partners (None = all) — the query is not scoped."""
    d = df if partners is None else df[df["partner"].isin(partners)]
    ref_ts = pd.Timestamp(ref) if ref else None

    def ago(v):
        return None if ref_ts is None or pd.isna(v) else int((ref_ts - pd.Timestamp(v)).days)
    return pd.DataFrame({
        t("col_partner", lang): [code("partner", p, lang) for p in d["partner"]],
        t("col_last_activity", lang): [fmt.short_date(v, lang) for v in d["last_activity"]],
        t("col_days_activity", lang): pd.array([ago(v) for v in d["last_activity"]], dtype="Int64"),
        t("col_activities", lang): pd.to_numeric(d["activities"], errors="coerce").astype("Int64"),
        t("col_last_case_event", lang): [fmt.short_date(v, lang) for v in d["last_case_event"]],
        t("col_days_case", lang): pd.array([ago(v) for v in d["last_case_event"]], dtype="Int64"),
    })


def _problem_order(codes) -> list[str]:
    """Problems are listed in the order of their French sentence, whatever the language."""
    return [i18n.dq_problem(c, "fr") for c in codes]


@style.cached_figure
def issue_counts(df: pd.DataFrame, lang: str, exact: bool, k: int = 5) -> pd.DataFrame | None:
    """Rows per table × severity × problem. `exact=False` (every role but the data owner): counts of
    the case tables are banded, so that e.g. the number of cases without consent is not given exactly."""
    if df is None or df.empty:
        return None
    g = df.groupby(["table_name", "severity", "code"], sort=False).size().rename("n").reset_index()
    g["_s"] = g["severity"].map(lambda s: SEVERITY_ORDER.get(s, 9))
    g["_p"] = _problem_order(g["code"])
    g = g.sort_values(["_s", "table_name", "_p"])
    # banded counts are text: then the whole column is text (a table column holds one type)
    n = [int(v) if exact else band(int(v), threshold(k)).replace("< ", "<" + fmt.NBSP) if tb in CASE_TABLES
         else fmt.num(v, lang) for tb, v in zip(g["table_name"], g["n"])]
    return pd.DataFrame({
        t("col_severity", lang): [code("dq_severity", s, lang) for s in g["severity"]],
        t("col_table", lang): [code("dq_table", x, lang) for x in g["table_name"]],
        t("col_problem", lang): [i18n.dq_problem(c, lang) for c in g["code"]],
        t("col_n_rows", lang): pd.Series(n, dtype="object"),
    })


@style.cached_figure       # a table, cached as the figures are: per (flagged rows, language), in this process
def issue_rows(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every flagged row with its key — for the data owner only (and a partner's own rows, with its right)."""
    d = df.copy()
    d["_s"] = d["severity"].map(lambda s: SEVERITY_ORDER.get(s, 9))
    d["_p"] = _problem_order(d["code"])
    d = d.sort_values(["_s", "table_name", "_p", "row_key"])
    return pd.DataFrame({
        t("col_severity", lang): [code("dq_severity", s, lang) for s in d["severity"]],
        t("col_table", lang): [code("dq_table", x, lang) for x in d["table_name"]],
        t("col_key", lang): d["row_key"], t("col_problem", lang): [i18n.dq_problem(c, lang) for c in d["code"]],
        t("col_detail", lang): [i18n.dq_detail(r, lang) for r in d.to_dict("records")],
    })
