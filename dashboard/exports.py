"""Exports of tables: CSV and XLSX of any table (formula cells neutralised), the logframe laid
out for a donor report, and the file a refused export delivers instead (`refusal`). No Streamlit
here, so tests and scripts use it too.
"""
from __future__ import annotations

import dataclasses
import functools
import html
import io
import textwrap
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

import queries

from . import fmt
from .tables import neutralise
from .i18n import code, indicator, result_label, t


HEADER_FILL = PatternFill("solid", fgColor="0B5D7A")
GROUP_FILL = PatternFill("solid", fgColor="DCEAF0")
THIN = Side(style="thin", color="BBBBBB")


def xlsx_bytes(tables: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per table; text cells that a spreadsheet would run as a formula are neutralised."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, df in tables.items():
        ws = wb.create_sheet(title=_sheet_name(name))
        clean = neutralise(df)
        ws.append([str(c) for c in clean.columns])
        for c in ws[1]:
            c.font = Font(bold=True, color="FFFFFF")
            c.fill = HEADER_FILL
        for row in clean.itertuples(index=False):
            ws.append([_cell(v) for v in row])
        _autosize(ws)
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_name(name: str) -> str:
    bad = '[]:*?/\\'
    return "".join("_" if ch in bad else ch for ch in name)[:31] or "table"


def _cell(v):
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            return v.item()
        except (ValueError, AttributeError):
            return str(v)
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@"):
        return "'" + v
    return v


def _autosize(ws, max_width: int = 70) -> None:
    for i, col in enumerate(ws.columns, start=1):
        width = max((len(str(c.value)) for c in col if c.value is not None), default=8)
        ws.column_dimensions[get_column_letter(i)].width = min(max(10, width + 2), max_width)


VERIFICATION_SOURCE = {"people": "xl_mv_people", "activities": "xl_mv_activities", "assessments": "xl_mv_assessments",
                       "leads": "xl_mv_leads", "cases": "xl_mv_cases", "milestones": "xl_mv_milestones"}


@functools.lru_cache(maxsize=1)
def _sources() -> pd.DataFrame:
    return pd.read_csv(queries.REFERENCE / "indicator_sources.csv")


def verification(iid: str, lang: str) -> str:
    """The means of verification of an indicator: the records its figure is counted from
    (queries/reference/indicator_sources.csv), as the project sheet names them."""
    src = _sources()
    kinds = dict.fromkeys(src.loc[src["indicator"] == iid, "source"])
    return (" ; " if lang == "fr" else "; ").join(t(VERIFICATION_SOURCE[x], lang) for x in kinds
                                                 if x in VERIFICATION_SOURCE)


def year_views(con, filters: queries.Filters, scope: queries.Scope) -> dict[int, pd.DataFrame]:
    """indicators() of each project year that meets the view's period (the year cut to the period)."""
    from queries import calendar
    out = {}
    s0, e0 = filters.start or calendar.PROJECT_START, filters.end or calendar.PROJECT_END
    for y in calendar.YEARS:
        s, e = max(date(y, 1, 1), s0, calendar.PROJECT_START), min(date(y, 12, 31), e0, calendar.PROJECT_END)
        if s <= e:
            out[y] = queries.indicators(con, dataclasses.replace(filters, start=s, end=e), scope)
    return out


def donor_workbook(con, filters: queries.Filters, scope: queries.Scope, lang: str, context: str, synthetic: bool,
                   k: int = 5) -> bytes:
    """The donor's workbook of the view: logframe_xlsx with one value column per project year."""
    return logframe_xlsx(queries.indicators(con, filters, scope), lang, context, synthetic, k,
                         years=year_views(con, filters, scope))


def logframe_xlsx(ind: pd.DataFrame, lang: str, context: str, synthetic: bool, k: int = 5,
                  years: dict[int, pd.DataFrame] | None = None) -> bytes:
    """The logframe for a donor report: objective, result, indicator, baseline, the project's target and
    the view's, the value of each project year (`years`) and of the view, % of the view's target,
    F / M / sex not recorded (F + M + not recorded = the value), status (queries/status.py), the means of
    verification and an empty comment column for the M&E officer — the overview's figures, cell for cell.
    Protected case cells read « < k » (a rate « n < k »), never blank."""
    years = years or {}
    wb = Workbook()
    ws = wb.active
    hr = _logframe_head(ws, lang, context, synthetic, years)
    by_year = {y: d.set_index("id") for y, d in years.items()}
    last_result = None
    for _, r in ind.sort_values("order").iterrows():
        if r["result"] != last_result:
            ws.append([result_label(r["objective"], lang), result_label(r["result"], lang)])
            for c in ws[ws.max_row]:
                c.fill = GROUP_FILL
                c.font = Font(bold=True)
            last_result = r["result"]
        _logframe_row(ws, r, lang, k, by_year)
    _logframe_layout(ws, hr, len(years))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _logframe_head(ws, lang: str, context: str, synthetic: bool, years: dict) -> int:
    """The sheet's title, the view, the day of export and the column headers; returns the header's row."""
    ws.title = "Cadre logique" if lang == "fr" else "Logframe"
    ws.append([t("project", lang)])
    ws.append([context + (" — " + ("DONNÉES FICTIVES DE DÉMONSTRATION" if lang == "fr" else "FICTITIOUS DEMO DATA")
                          if synthetic else "")])
    ws.append([("Extrait le " if lang == "fr" else "Exported on ") + fmt.day(date.today(), lang)])
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"].font = Font(italic=True, color="AA0000" if synthetic else "333333")
    ws.append([])
    head = [t("objective", lang), t("result", lang), t("indicator", lang), t("baseline", lang),
            t("xl_project_target", lang), t("target", lang)] + \
        [t("xl_year_value", lang, y=y) for y in years] + \
        [t("xl_total_value", lang) if years else t("value", lang), t("pct_target", lang),
         t("female", lang), t("male", lang), t("xl_sex_unknown", lang), t("status", lang),
         t("xl_verification", lang), t("xl_comment", lang)]
    ws.append(head)
    hr = ws.max_row
    for c in ws[hr]:
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = HEADER_FILL
        c.alignment = Alignment(wrap_text=True, vertical="center")
    return hr


def _logframe_row(ws, r: pd.Series, lang: str, k: int, by_year: dict[int, pd.DataFrame]) -> None:
    """One indicator's row: protected case cells « < k » (a rate « n < k »), F + M + not recorded = value."""
    ny = len(by_year)
    pct_unit = r["unit"] == "percent"
    protected_case = k > 1 and r["id"] in queries.CASE_INDICATORS
    masked = f"n < {k}" if pct_unit else f"< {k}"

    def val(v, hidden=False):
        if hidden:      # a protected case figure: 0 to k-1 cases, or a rate on fewer than k
            return masked
        if v is None or pd.isna(v):
            return None
        return round(float(v), 1) if pct_unit else int(v)

    def part(col):      # F, M, not recorded of a protected case figure: « < k » where not shown
        if col not in r or (pct_unit and col == "sex_unknown"):
            return None
        if col == "sex_unknown" and pd.isna(r[col]) and not protected_case and \
                not pd.isna(r["value"]) and not pd.isna(r["female"]) and not pd.isna(r["male"]):
            return int(r["value"]) - int(r["female"]) - int(r["male"])     # F + M + not recorded = value
        return val(r[col], protected_case and pd.isna(r[col]))

    def year(y):
        row = by_year[y].loc[r["id"]]
        return val(row["value"], bool(row.get("hidden", False)))
    hidden = bool(r.get("hidden", False))
    pct = t("xl_masked", lang, k=k) if hidden and pd.isna(r["pct_of_target"]) else \
        None if pd.isna(r["pct_of_target"]) else float(r["pct_of_target"]) / 100
    ws.append([r["objective"], r["result"], indicator(r["id"], lang), val(r["baseline"]),
               val(r["project_target"]), val(r["target"])] + [year(y) for y in by_year] +
              [val(r["value"], hidden), pct, part("female"), part("male"), part("sex_unknown"),
               code("status", r["status"], lang), verification(r["id"], lang), None])
    ws.cell(ws.max_row, 8 + ny).number_format = "0.0%"
    if pct_unit:
        for col in [4, 5, 6] + [7 + i for i in range(ny)] + [7 + ny, 9 + ny, 10 + ny]:
            ws.cell(ws.max_row, col).number_format = '0.0" %"'


def _logframe_layout(ws, hr: int, ny: int) -> None:
    """Borders from the header down, wrapped text columns, widths, the frozen panes, landscape on one page wide."""
    for row in ws.iter_rows(min_row=hr, max_row=ws.max_row):
        for c in row:
            c.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
            if c.column in (2, 3, 13 + ny, 14 + ny):
                c.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [10, 40, 55, 12, 12, 10] + [11] * ny + [11, 12, 12, 12, 12, 18, 45, 40]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = ws.cell(hr + 1, 4)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1


def refusal(fmt_: str, message: str) -> bytes | str:
    """A file of the asked-for type that holds only `message` (an export refused): the same file name
    opens in the same program and says, in French, why nothing was exported."""
    if fmt_ == "xlsx":
        wb = Workbook()
        ws = wb.active
        ws.title = "Export refusé"
        ws["A1"] = message
        ws["A1"].font = Font(bold=True, color="AA0000")
        ws.column_dimensions["A"].width = 120
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    if fmt_ == "html":
        return (f"<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>Export refusé</title></head>"
                f"<body><p><b>{html.escape(message)}</b></p></body></html>")
    if fmt_ == "pdf":
        return _text_pdf(message)
    if fmt_ == "pptx":
        from .deck_pptx import refusal_pptx
        return refusal_pptx(message)
    return (message + "\n").encode("utf-8-sig")


def _text_pdf(message: str) -> bytes:
    """A one-page PDF (A4, Helvetica, WinAnsi: French accents) that shows `message`."""
    def esc(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    lines = textwrap.wrap(message, 80)
    text = "BT /F1 12 Tf 50 780 Td 16 TL " + " ".join(f"({esc(ln)}) Tj T*" for ln in lines) + " ET"
    stream = text.encode("cp1252", errors="replace")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
