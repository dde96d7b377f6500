"""The page frame every page (and app.py) starts with: config, data, sidebar, banner.

    ctx = page_setup("page_overview")

draws the shared sidebar (language, navigation, filters bound to the URL and kept
across pages, reset), loads the data in force (generating the demo set when there is
none), shows « données fictives » on demo data, and returns a `Ctx`: the filters,
the role's scope, the language and shortcuts to the cached queries.
"""
from __future__ import annotations

import functools
import shutil
from dataclasses import dataclass
from datetime import date

import streamlit as st

import queries
from queries import Filters, Scope, contract
from queries.protect import threshold

from . import access, capabilities, charts, data, fmt, localise
from .url import (DEFAULTS, PERIODS, PROJECT_END, PROJECT_START, link_params,  # noqa: F401  (pages)
                  reset, url_state, write_url)
from .i18n import code, t

PAGES = (  # file, title key, icon (emoji: a :material/...: icon would fetch from the internet),
    # the capability the page needs (dashboard/capabilities.py; None: every role)
    ("app.py", "page_overview", "📊", None),
    ("pages/1_sensibilisation.py", "page_sensitisation", "📣", None),
    ("pages/2_prise_en_charge.py", "page_cases", "🤝", None),
    ("pages/3_carte.py", "page_map", "🗺️", None),
    ("pages/4_renforcement.py", "page_capacity", "🏛️", None),
    ("pages/5_qualite.py", "page_quality", "🔎", None),
    ("pages/6_import.py", "page_import", "📥", "import"),
    ("pages/7_journal.py", "page_journal", "📜", "read_audit"),
    ("pages/8_presentation.py", "page_presentation", "🖥️", None),
    ("pages/9_explorateur.py", "page_explorer", "🔍", None),
    ("pages/10_budget.py", "page_budget", "💶", None),     # every role holds « see_budget »: checked in the page
)

@dataclass(frozen=True)
class Ctx:
    lang: str
    filters: Filters
    scope: Scope
    role: str
    dataset: queries.Dataset
    period_label: str

    def run(self, name: str, **kw):
        return data.run(name, self.filters, self.scope, **kw)

    def t(self, key: str, **kw) -> str:
        return t(key, self.lang, **kw)

    def code(self, kind: str, value) -> str:
        return code(kind, value, self.lang)

    def draw(self, built, name: str, what: str) -> None:
        """A figure builder's (figure, table, *notes) with its downloads (`name`: the files' name), or,
        when the filters leave nothing, a sentence saying that `what` (a translated title) is empty."""
        charts.draw(built, self.lang, name, what)

    @property
    def threshold(self) -> int:
        """The k of « < k » on screen (queries.protect.threshold: the same on every surface)."""
        return threshold(self.scope.min_cell)

    def can(self, capability: str) -> bool:
        """May this session do `capability` (dashboard/capabilities.py: its role's row, and the rights
        granted to the signed-in account; none in the demo's « Voir comme »)?"""
        return capabilities.can(self.role, capability, access.session_rights())

    def context_line(self) -> str:
        """Period, communes, partners and sex in force (the role's scope included)."""
        f, p = self.filters, queries.bind(self.filters, self.scope)
        communes = ", ".join(self.code("commune", c) for c in p["communes"]) if p["communes"] is not None \
            else self.t("all_communes")
        partners = ", ".join(self.code("partner", x) for x in p["partners"]) if p["partners"] is not None \
            else self.t("all_partners")
        sex = self.code("sex", f.sex) if f.sex else self.t("all_sexes")
        line = self.t("context", period=self.period_label, communes=communes or "—", partners=partners or "—", sex=sex)
        if f.localities:
            line += " · " + ", ".join(self.code("locality_short", l) for l in f.localities)
        return line


def period_bounds(choice: str, start: date, end: date) -> tuple[date | None, date | None]:
    """The dates a period choice stands for; None for the whole project (no filter)."""
    if choice == "projet":
        return None, None
    if choice == "perso":
        return start, end
    if "-T" in choice:
        y, q = int(choice[:4]), int(choice[-1])
        s = date(y, 3 * q - 2, 1)
        e = date(y + (q == 4), (3 * q) % 12 + 1, 1)
        return max(s, PROJECT_START), date.fromordinal(e.toordinal() - 1)
    y = int(choice)
    return max(date(y, 1, 1), PROJECT_START), min(date(y, 12, 31), PROJECT_END)


def period_label(choice: str, start, end, lang: str) -> str:
    if choice == "projet":
        return t("whole_project", lang) + f" ({fmt.month(PROJECT_START, lang)} – {fmt.month(PROJECT_END, lang)})"
    if choice == "perso":
        return f"{fmt.short_date(start, lang)} – {fmt.short_date(end, lang)}"
    if "-T" in choice:
        return t("quarter", lang, q=choice[-1], y=choice[:4])
    return t("year", lang, y=choice)


def _widget(kind, label: str, key: str, value, **kw):
    """Draw a sidebar widget whose value comes from the URL and goes back to it."""
    st.session_state["w_" + key] = value
    return kind(label, key="w_" + key, on_change=write_url, args=(key,), **kw)


def _filters(lang: str, scope: Scope, url: dict) -> tuple[Filters, str]:
    sb = st.sidebar
    sb.markdown(f"**{t('filters', lang)}**")
    commune_opts = [c for c in contract.COMMUNES if scope.communes is None or c in scope.communes]
    communes = _widget(sb.multiselect, t("communes", lang), "commune", [c for c in url["commune"] if c in commune_opts],
                       options=commune_opts, format_func=lambda c: code("commune", c, lang),
                       placeholder=t("all_f", lang))
    loc_opts = [l for l in contract.LOCALITIES if contract.LOCALITY_COMMUNE[l] in (communes or commune_opts)]
    localities = _widget(sb.multiselect, t("localities", lang), "localite",
                         [l for l in url["localite"] if l in loc_opts], options=loc_opts,
                         format_func=lambda l: code("locality", l, lang), placeholder=t("all_f", lang))
    partner_opts = [p for p in contract.PARTNERS if scope.partners is None or p in scope.partners]
    partners = _widget(sb.multiselect, t("partner", lang), "partenaire",
                       [p for p in url["partenaire"] if p in partner_opts], options=partner_opts,
                       format_func=lambda p: code("partner", p, lang), placeholder=t("all", lang))
    # free dates are the data owner's: case figures reach the others by quarter at the finest (README)
    period_opts = [p for p in PERIODS if p != "perso" or scope.min_cell <= 1]
    asked = url["periode"] if url["periode"] in period_opts else DEFAULTS["periode"]
    choice = _widget(sb.selectbox, t("period", lang), "periode", asked, options=period_opts,
                     format_func=lambda c: {"projet": t("whole_project", lang), "perso": t("custom", lang)}.get(
                         c, period_label(c, None, None, lang)))
    start, end = url["du"], url["au"]
    if choice == "perso":
        c1, c2 = sb.columns(2)
        lo, hi = date(2019, 1, 1), date.today()
        start = _widget(c1.date_input, t("start", lang), "du", min(max(start, lo), hi), min_value=lo, max_value=hi,
                        format="DD/MM/YYYY")
        end = _widget(c2.date_input, t("end", lang), "au", min(max(end, lo), hi), min_value=lo, max_value=hi,
                      format="DD/MM/YYYY")
        if start and end and start > end:
            sb.warning("La date de début est après la date de fin : elles ont été inversées."
                       if lang == "fr" else "The start date is after the end date: they were swapped.")
            start, end = end, start
    sex = _widget(sb.radio, t("sex", lang), "sexe", url["sexe"], options=["tous", "F", "M"], horizontal=True,
                  format_func=lambda s: t("all", lang) if s == "tous" else code("sex_child", s, lang))
    sb.button(t("reset", lang), on_click=reset, width="stretch")
    sb.caption(t("share_hint", lang))
    s, e = period_bounds(choice, start, end)
    f = Filters(communes=tuple(communes) or None, start=s, end=e, partner=tuple(partners) or None,
                sex=None if sex == "tous" else sex, localities=tuple(localities) or None)
    return f, period_label(choice, s, e, lang)


@functools.lru_cache(maxsize=1)
def _has_chromium() -> bool:
    """A chromium to print the PDF report with (as report.chromium()), looked for once per process."""
    return bool(shutil.which("chromium") or shutil.which("chromium-browser"))


def _exports(ctx: Ctx) -> None:
    """Reports of the current view, built only when asked for (in a thread: no Streamlit calls), and
    only if the session may still have them then (access.guarded: checked and audited at delivery).
    report/exports (plotly.js, geopandas, openpyxl) are imported on the click too: a quarter of a
    second less on every page's first run. The popover's buttons are drawn only while it is open (opening
    it reruns the page): drawn at every rerun of every page, they were ~5 ms of it (issue 16)."""
    lang = ctx.lang
    pop = st.sidebar.popover(t("exports", lang), width="stretch", key="exports", on_change="rerun")
    if not pop.open:
        return
    con, f, s = ctx.dataset.con, ctx.filters, ctx.scope
    context, synthetic = ctx.context_line(), ctx.dataset.synthetic
    stamp = date.today().isoformat()

    def html_doc() -> str:
        from . import report
        return report.build_html(con, f, s, lang, context, synthetic)

    def pdf_doc() -> bytes:
        from . import report
        return report.html_to_pdf(html_doc())

    def logframe_doc() -> bytes:
        from . import exports
        return exports.donor_workbook(con, f, s, lang, context, synthetic, ctx.threshold)
    with pop:
        st.download_button(t("report_html", lang), access.guarded(html_doc, "rapport", "html", lang),
                           file_name=f"rapport_kangaba_{stamp}.html", mime="text/html", on_click="ignore",
                           key="dl_report_html", width="stretch")
        if _has_chromium():
            st.download_button(t("report_pdf", lang), access.guarded(pdf_doc, "rapport", "pdf", lang),
                               file_name=f"rapport_kangaba_{stamp}.pdf", mime="application/pdf",
                               on_click="ignore", key="dl_report_pdf", width="stretch")
        st.download_button(t("logframe_xlsx", lang), access.guarded(logframe_doc, "cadre_logique", "xlsx", lang),
                           file_name=f"cadre_logique_{stamp}.xlsx", on_click="ignore",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key="dl_logframe_xlsx", width="stretch")
        st.caption(t("exports_hint", lang))


def page_setup(title_key: str, frame: bool = True) -> Ctx:
    """Config, data, sign-in, sidebar; with frame=False no banner, title or context line (slides)."""
    url = url_state()
    lang = url["lang"]
    st.set_page_config(page_title=f"{t(title_key, lang)} — Kangaba", page_icon="🛡️", layout="wide",
                       initial_sidebar_state="expanded")
    sb = st.sidebar
    lang = _widget(sb.segmented_control, t("language", lang), "lang", lang, options=["fr", "en"],
                   format_func=lambda l: {"fr": "Français", "en": "English"}[l]) or "fr"
    st.html(localise.css(lang))      # Streamlit's own words in the user's language (style only: takes no room)
    try:
        if access.prepare_data(data.data_dir()):     # demo set generated by this server: demo mode
            st.toast(t("generating_demo", lang))
        ds = data.dataset()
    except queries.DataError as e:
        st.error(t("data_error", lang))
        st.markdown("\n".join(f"- {p}" for p in e.problems))
        st.info(t("data_error_help", lang))
        st.stop()
    role, scope = access.current_access(ds, lang)
    rights = access.session_rights()
    if any(k == title_key and need and not capabilities.can(role, need, rights) for _, k, _, need in PAGES):
        st.error(t("owner_only", lang))
        st.stop()
    sb.markdown(f"**{t('app_title', lang)}**")
    params = link_params()
    for path, key, icon, need in PAGES:
        if not need or capabilities.can(role, need, rights):
            charts.page_link(path, label=t(key, lang), icon=icon, query_params=params, dg=sb)
    filters, plabel = _filters(lang, scope, url)
    ctx = Ctx(lang, filters, scope, role, ds, plabel)
    _exports(ctx)
    if frame:
        if ds.synthetic:
            st.warning(t("demo_banner", lang), icon="🧪")
        st.title(t(title_key, lang))
        st.caption(ctx.context_line())
    return ctx
