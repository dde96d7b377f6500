"""A self-contained HTML report of the current view (and a PDF of it where chromium exists).

Everything is inside the file: plotly.js inline, no web font, no network request, so it opens
from disk offline, every chart interactive, and prints cleanly to PDF (A4 landscape). The map
is drawn as plain x/y traces, since a MapLibre map stays blank in a file opened from disk.
No Streamlit here: it runs on the query layer with the role's scope, so protection applies.
"""
from __future__ import annotations

import html
import os
import shutil
import signal
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

import queries
from queries.protect import threshold
from geo.maps import plain_kangaba_map

from . import fmt, palette
from . import fig_capacity as fcap
from . import fig_cases as fc
from . import fig_map as fm
from . import fig_overview as fo
from . import fig_sensitisation as fs
from . import findings
from .i18n import code, result_label, t


CSS = """
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: INK; margin: 1.5rem auto; max-width: 1100px;
       padding: 0 1rem; font-size: 15px; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; } h2 { font-size: 1.3rem; margin-top: 1.6rem;
     border-bottom: 2px solid BRAND; padding-bottom: 0.2rem; break-after: avoid; }
.context { color: INK; } .demo { background: DEMO_BG; padding: 0.3rem 0.6rem; font-weight: bold; }
table { border-collapse: collapse; width: 100%; font-size: 12px; } th, td { border: 1px solid #bbb;
        padding: 0.2rem 0.35rem; text-align: left; vertical-align: top; } th { background: BRAND; color: PAPER; }
thead { display: table-header-group; }
tbody.group { break-inside: avoid; page-break-inside: avoid; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.group { background: #E8F0F3; font-weight: bold; }
td.num { text-align: right; white-space: nowrap; }
td.status { white-space: nowrap; font-weight: bold; }
.chart { page-break-inside: avoid; break-inside: avoid; margin: 0.6rem 0; width: FIG_Wpx; }
section { page-break-before: always; break-before: page; } section.first { page-break-before: auto; }
.small { font-size: 12px; color: INK; }
@page { size: A4 landscape; margin: 14mm 12mm 14mm 12mm;
        @top-left { content: "HEADER"; font-size: 8pt; color: INK; font-family: "DejaVu Sans", Arial, sans-serif; }
        @bottom-right { content: "PAGE " counter(page) " / " counter(pages); font-size: 8pt; color: INK;
                        font-family: "DejaVu Sans", Arial, sans-serif; } }
@media print { body { max-width: none; margin: 0; } .plotly .modebar { display: none !important; } }
"""
FIG_W = 1000      # px: the printable width of A4 landscape (273 mm) at 96 dpi, less a margin


def _fig_html(fig: go.Figure | None, lang: str, legend_below: bool = True) -> str:
    """A chart at the page's width (never cut on the right), its legend under the plot (never over its
    title or subtitle)."""
    if fig is None:
        return f"<p>{html.escape(t('no_data', lang))}</p>"
    fig = go.Figure(fig)
    if fig.layout.height is None:
        fig.update_layout(height=460)
    fig.update_layout(width=FIG_W, autosize=False)
    if legend_below and fig.layout.showlegend is not False:
        fig.update_layout(legend=dict(orientation="h", y=-0.1, yanchor="top", x=0, xanchor="left"),
                          margin=dict(b=max(fig.layout.margin.b or 0, 80)), height=fig.layout.height + 40)
    return '<div class="chart">' + fig.to_html(full_html=False, include_plotlyjs=False,
                                               config={"displaylogo": False, "responsive": False}) + "</div>"


def _logframe_html(ind, lang: str, k: int) -> str:
    """The logframe by result: one group per result (never split over two pages), labels not ids, the status
    on its colour."""
    tab = fo.logframe_table(ind, lang, k)
    cols = [("indicator", t("indicator", lang)), ("baseline", t("baseline", lang)), ("target", t("target", lang)),
            ("value", t("value", lang)), ("pct", t("pct_target", lang)), ("female", t("female", lang)),
            ("male", t("male", lang)), ("status", t("status", lang))]
    head = "".join(f"<th>{html.escape(c)}</th>" for _, c in cols)
    groups = []
    for (obj, res), g in tab.groupby(["objective", "result"], sort=False):
        rows = [f'<tr><td class="group" colspan="{len(cols)}">{html.escape(result_label(res, lang))}</td></tr>']
        for _, r in g.iterrows():
            cells = []
            for key, _ in cols:
                v = r[key]
                if key == "pct":
                    v = "—" if v is None or v != v else fmt.pct(v, lang, 1)
                s_ = "" if v is None else str(v)
                if key == "status":
                    cells.append(f'<td class="status" style="background:{palette.status_color(r["status_code"])}">'
                                 f"{html.escape(s_)}</td>")
                else:
                    cls = ' class="num"' if key != "indicator" else ""
                    cells.append(f"<td{cls}>{html.escape(s_)}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        groups.append(f'<tbody class="group">{"".join(rows)}</tbody>')
    return f"<table><thead><tr>{head}</tr></thead>{''.join(groups)}</table>"


def _table_html(df) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = []
    for _, r in df.iterrows():
        cells = []
        for v in r:
            s = "" if v is None or (isinstance(v, float) and v != v) else str(v)
            cls = ' class="num"' if s[:1].isdigit() or s.startswith("<") else ""
            cells.append(f"<td{cls}>{html.escape(s)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _first(out):
    return out[0] if out else None


def build_html(con, filters: queries.Filters, scope: queries.Scope, lang: str, context: str, synthetic: bool) -> str:
    """The report of the view (filters + scope) as one HTML document."""
    k = threshold(scope.min_cell)
    ind = queries.indicators(con, filters, scope)      # value, scoped target and status: the overview's
    funnel = queries.case_funnel(con, filters, scope)
    sens = queries.sensitisation(con, filters, scope)
    mp = queries.map_localities(con, filters, scope)
    ms = queries.milestones_list(con, filters, scope)
    stalled = findings.stalled_text(queries.case_stalled(con, filters, scope), lang, k)
    sentence, behind = findings.attention(ind, stalled, 90, lang)
    bullets = [findings.key_figures(ind, lang, k), findings.logframe_status(ind, lang),
               findings.returned(ind, lang), findings.sensitisation(sens, lang), findings.map_place(mp, lang),
               findings.milestones(ms, lang), sentence] + behind
    pts, _ = fm.map_points(mp, "children_reached", lang, scope.min_cell)
    monthly = queries.indicator_monthly(con, filters, scope)
    curve = fo.progress(monthly, ind, "children_life_skills", lang)
    notes = [fo.status_notes(ind, lang), fo.rule_text(ind, lang).replace("**", ""),
             fo.consent_note(queries.case_left_out(con, filters, scope), lang)]
    parts = [
        f"<h1>{html.escape(t('rp_title', lang))} — {html.escape(t('app_title', lang))}</h1>",
        f"<p class='small'>{html.escape(t('project', lang))}</p>",
        f"<p class='context'><b>{html.escape(context)}</b></p>",
        f"<p class='demo'>{html.escape(t('rp_demo', lang))}</p>" if synthetic else "",
        f"<p class='small'>{html.escape(t('rp_protected', lang, k=k, km1=k - 1))}</p>" if scope.min_cell > 1 else "",
        f"<section class='first'><h2>{html.escape(t('rp_findings', lang))}</h2><ul>"
        + "".join(f"<li>{html.escape(b)}</li>" for b in bullets) + "</ul>",
        f"<h2>{html.escape(t('rp_logframe', lang))}</h2>"
        + _logframe_html(ind, lang, k)
        + "".join(f"<p class='small'>{html.escape(n)}</p>" for n in notes if n),
        _fig_html(curve[0] if curve else None, lang) + "</section>",
        f"<section><h2>{html.escape(t('rp_cases', lang))}</h2>",
        _fig_html(_first(fc.funnel(funnel, lang, scope.min_cell)), lang),
        _fig_html(_first(fc.delays(queries.case_delay_summary(con, filters, scope), lang, scope.min_cell)), lang),
        "</section>",
        f"<section><h2>{html.escape(t('rp_sens', lang))}</h2>",
        _fig_html(_first(fs.by_type(sens, lang)), lang),
        _fig_html(_first(fs.by_quarter(sens, filters, lang)), lang), "</section>",
        f"<section><h2>{html.escape(t('rp_map', lang))}</h2>",
        _fig_html(plain_kangaba_map(pts, code("metric", "children_reached", lang), lang=lang, height=560), lang),
        f"<p class='small'>{html.escape(t('rp_sources', lang))}</p></section>",
        f"<section><h2>{html.escape(t('rp_ms', lang))}</h2>",
        _fig_html(_first(fcap.timeline(ms, lang)), lang), "</section>",
        f"<p class='small'>{html.escape(t('rp_generated', lang, d=fmt.day(date.today(), lang)))}</p>",
    ]
    header = f"{t('rp_title', lang)} — {context} — {fmt.day(date.today(), lang)}"
    css = (CSS.replace("INK", palette.INK).replace("BRAND", palette.BRAND).replace("DEMO_BG", palette.DEMO_BG)
           .replace("PAPER", palette.PAPER).replace("FIG_W", str(FIG_W))
           .replace('"HEADER"', _css_string(header)).replace('"PAGE "', _css_string(t("rp_page", lang) + " ")))
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>"
            f"<title>{html.escape(t('rp_title', lang))} — Kangaba</title><style>{css}</style>"
            f"<script>{get_plotlyjs()}</script></head><body>{''.join(parts)}</body></html>")


def _css_string(text: str) -> str:
    """A CSS string literal (content: …) of any text: every character outside plain ASCII letters escaped."""
    return '"' + "".join(c if c.isascii() and (c.isalnum() or c in " .,:;()/-") else f"\\{ord(c):x} "
                         for c in text) + '"'


def chromium() -> str | None:            # the sidebar checks the same, without importing this module
    return shutil.which("chromium") or shutil.which("chromium-browser")


def html_to_pdf(doc: str, timeout: int = 120) -> bytes:
    """Print the report to PDF with the system chromium (headless, no network). Each call works in a
    folder of its own (unique name, removed after), and chromium runs in a process group of its own,
    ended whole before the folder is removed: no helper process of it outlives the call or writes there."""
    exe = chromium()
    if not exe:
        raise RuntimeError("chromium est absent de cette machine : seul le rapport HTML est disponible.")
    with tempfile.TemporaryDirectory(prefix="kangaba-pdf-") as d:
        src, out = Path(d) / "rapport.html", Path(d) / "rapport.pdf"
        src.write_text(doc, encoding="utf-8")
        proc = subprocess.Popen([exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                 "--disable-component-update", "--disable-sync", "--no-first-run",
                                 "--no-pdf-header-footer", f"--user-data-dir={d}/profile", "--virtual-time-budget=20000",
                                 f"--print-to-pdf={out}", src.as_uri()],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"chromium n'a pas imprimé le rapport en PDF en {timeout} s.") from None
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)          # its own group: chromium and its helpers only
            except ProcessLookupError:
                pass
            proc.communicate()
        if proc.returncode != 0 or not out.is_file():
            raise RuntimeError("chromium n'a pas imprimé le rapport en PDF : "
                               + err.decode("utf-8", "replace").strip()[-300:])
        return out.read_bytes()
