"""The committee's deck as an editable PowerPoint (python-pptx): the slides of dashboard/slides.py with the
same titles, sentences and numbers — native tables, native bar charts (their data editable in PowerPoint),
the map as a picture where chromium can draw it (else its table) — and the « données fictives » mark on
demo data. Colours from dashboard/palette.py. No Streamlit: the page, the tests and scripts call it.
"""
from __future__ import annotations

import io
import os
import signal
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_LABEL_POSITION
from pptx.util import Emu, Inches, Pt

from . import palette
from .i18n import t

W, H = Inches(13.333), Inches(7.5)        # 16:9
MARGIN = Inches(0.5)
BODY_TOP = Inches(1.9)
FONT = "Calibri"


def _rgb(color: str) -> RGBColor:
    return RGBColor(*palette.hex_rgb(color))


def _text(slide, left, top, width, height, text: str, size: int, bold: bool = False, color: str = palette.INK,
          fill: str | None = None):
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    p = tf.paragraphs[0]
    run = p.add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
    run.font.color.rgb = _rgb(color)
    if fill:
        box.fill.solid()
        box.fill.fore_color.rgb = _rgb(fill)
    return box


def _cell(cell, text: str, size: int, bold: bool = False, fill: str | None = None, color: str = palette.INK):
    cell.text = ""
    p = cell.text_frame.paragraphs[0]
    run = p.add_run()
    run.text = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
    run.font.color.rgb = _rgb(color)
    cell.margin_top = cell.margin_bottom = Emu(30000)
    if fill:
        cell.fill.solid()
        cell.fill.fore_color.rgb = _rgb(fill)


def _table(slide, df: pd.DataFrame, colors: list, top=BODY_TOP):
    rows, cols = len(df) + 1, len(df.columns)
    height = H - top - Inches(0.6)
    size = 14 if rows <= 10 else 11 if rows <= 16 else 9
    shape = slide.shapes.add_table(rows, cols, MARGIN, top, W - 2 * MARGIN, min(height, Inches(0.36) * rows))
    tbl = shape.table
    for j, c in enumerate(df.columns):
        _cell(tbl.cell(0, j), str(c), size, bold=True, fill=palette.BRAND, color=palette.PAPER)
    for i, row in enumerate(df.itertuples(index=False), start=1):
        for j, v in enumerate(row):
            last = j == cols - 1
            _cell(tbl.cell(i, j), v, size, fill=colors[i - 1] if (colors and last) else None)
    return shape


def _chart(slide, chart: dict, stacked: bool, top=BODY_TOP):
    data = CategoryChartData(number_format=chart.get("number_format", "#,##0"))
    cats = [str(c) for c in chart["categories"]]
    data.categories = list(reversed(cats)) if chart.get("horizontal") else cats
    for name, values, _ in chart["series"]:
        vals = [None if v is None or (isinstance(v, float) and v != v) else float(v) for v in values]
        data.add_series(name, list(reversed(vals)) if chart.get("horizontal") else vals)
    kind = (XL_CHART_TYPE.BAR_STACKED if stacked else XL_CHART_TYPE.BAR_CLUSTERED) if chart.get("horizontal") \
        else (XL_CHART_TYPE.COLUMN_STACKED if stacked else XL_CHART_TYPE.COLUMN_CLUSTERED)
    gf = slide.shapes.add_chart(kind, MARGIN, top, W - 2 * MARGIN, H - top - Inches(0.5), data)
    ch = gf.chart
    ch.font.size, ch.font.name = Pt(16), FONT
    ch.has_title = False
    ch.value_axis.minimum_scale = 0
    ch.has_legend = len(chart["series"]) > 1
    if ch.has_legend:
        ch.legend.position, ch.legend.include_in_layout = XL_LEGEND_POSITION.TOP, False
    plot = ch.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = chart.get("number_format", "#,##0")
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.font.size = Pt(14)
    if not stacked:
        plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    for s, (_, _, color) in zip(plot.series, chart["series"]):
        s.format.fill.solid()
        s.format.fill.fore_color.rgb = _rgb(color if isinstance(color, str) and color.startswith("#") else palette.ACCENT)
    return gf


def fig_png(fig, width: int = 1600, height: int = 820, timeout: int = 60) -> bytes | None:
    """The figure as a PNG drawn by the system chromium (headless, offline: plotly.js inline), or None
    where there is no chromium or it fails. Its own folder and process group, both gone after."""
    from plotly.offline import get_plotlyjs
    from .report import chromium
    exe = chromium()
    if not exe:
        return None
    fig = fig.to_dict()
    fig["layout"].update(width=width, height=height, autosize=False)
    import plotly.io as pio
    doc = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><script>{get_plotlyjs()}</script>"
           f"<style>body{{margin:0}}</style></head><body>"
           + pio.to_html(fig, full_html=False, include_plotlyjs=False, config={"staticPlot": True}) + "</body></html>")
    with tempfile.TemporaryDirectory(prefix="kangaba-png-") as d:
        src, out = Path(d) / "map.html", Path(d) / "map.png"
        src.write_text(doc, encoding="utf-8")
        proc = subprocess.Popen([exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                 "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                                 f"--user-data-dir={d}/profile", "--virtual-time-budget=10000",
                                 f"--window-size={width},{height}", f"--screenshot={out}", src.as_uri()],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.communicate()
        return out.read_bytes() if out.is_file() else None


def pptx_bytes(deck: list, lang: str, context: str, synthetic: bool) -> bytes:
    """The deck (dashboard.slides.deck) as a .pptx: one PowerPoint slide per slide, in order."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = W, H
    blank = prs.slide_layouts[6]
    for n, s in enumerate(deck, start=1):
        sl = prs.slides.add_slide(blank)
        _text(sl, MARGIN, Inches(0.15), W - 2 * MARGIN - Inches(2.6), Inches(0.4), context, 12)
        if synthetic:
            _text(sl, W - MARGIN - Inches(2.5), Inches(0.15), Inches(2.5), Inches(0.4), t("sl_demo", lang), 12,
                  bold=True, color=palette.DEMO_INK, fill=palette.DEMO_BG)
        title = _text(sl, MARGIN, Inches(0.5), W - 2 * MARGIN, Inches(0.6), s.title, 30, bold=True)
        title.name = "Title"
        _text(sl, MARGIN, Inches(1.1), W - 2 * MARGIN, Inches(0.7), s.finding, 18, bold=True, color=palette.BRAND)
        _text(sl, W - MARGIN - Inches(1), H - Inches(0.45), Inches(1), Inches(0.35), f"{n} / {len(deck)}", 12)
        picture = fig_png(s.fig) if s.key == "map" and s.fig is not None else None
        if picture:
            sl.shapes.add_picture(io.BytesIO(picture), MARGIN, BODY_TOP, height=H - BODY_TOP - Inches(0.5))
        elif s.chart and s.chart.get("series"):
            _chart(sl, s.chart, stacked=bool(s.fig is not None and s.fig.layout.barmode == "stack"))
        elif s.table is not None and len(s.table):
            if s.key == "decide":
                box = _text(sl, MARGIN, BODY_TOP, W - 2 * MARGIN, H - BODY_TOP - Inches(0.5), "", 18)
                tf = box.text_frame
                for i, item in enumerate(s.table.iloc[:, 0]):
                    p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
                    run = p.add_run()
                    run.text = "• " + str(item)
                    run.font.size, run.font.name = Pt(18 if len(s.table) <= 10 else 14), FONT
            else:
                _table(sl, s.table, s.colors)
        sl.notes_slide.notes_text_frame.text = s.finding
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def refusal_pptx(message: str) -> bytes:
    """A one-slide PowerPoint that says why nothing was exported."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = W, H
    sl = prs.slides.add_slide(prs.slide_layouts[6])
    _text(sl, MARGIN, Inches(2), W - 2 * MARGIN, Inches(2), message, 28, bold=True)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
