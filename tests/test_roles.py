"""Who sees what (issue 6): sign-in, roles scoped in the query layer, small-cell protection, audit.

Every test points KANGABA_DATA, KANGABA_USERS and KANGABA_AUDIT at temporary files. The data are
REAL extracts (``_dataset.json`` says ``"synthetic": false``): the literal fixture (tests/fixtures.py)
and, so that a search for small counts means something, the demo generator's bigger set relabelled
as real. The four accounts are made once per module (bcrypt costs ~0.25 s a hash) and every session
signs in through the real form.

Hand-worked expectations on the literal fixture (5 cases, C04 without consent):
- admin sees all 5 cases, C04 included; Kaniogo = C03, C04 → funnel 2, 1, 1, 0, 0, 0 (exact small
  counts), the follow-up list with the case codes, the data-quality rows, the import and journal pages;
- staff and committee: C04 left out → 4 cases → « < 5 » wherever a case count is, no case code;
- partner CASE_SAHEL / Nouga: the fixture's cases belong to ACESEM and ENDA MALI → 0 case, and its
  activities are A1, F1, F2, C1, R1 only (Nouga, CASE SAHEL).
Every other expected number is the query layer's, called with the role's Scope.

Sections: 1. real data without accounts; 2. sign-in, failures, sign-out, expiry, revocation; 3. per role;
4. a partner trying to widen its view; 5. the search of everything a non-admin receives for a case
count from 1 to 4 (charts decoded, tables, sentences, slides, downloads built by the app's own
callables, the HTML report, the donor workbook), proved able to find them on the admin's view;
6. the audit log. Last, the leaks found, as strict xfails naming the file to fix.
"""
from __future__ import annotations

import base64
import html
import io
import json
import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from plotly.offline import get_plotlyjs
from streamlit.testing.v1 import AppTest

import queries as q
from conftest import open_lazy
from dashboard import auth, i18n, slides
from dashboard import fig_overview as fo
from dashboard.sidebar import PAGES
from fixtures import write_fixture
from page_tables import html_tables, shown_cards, shown_tables
from queries import contract

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
ALL_PAGES = [p for p, *_ in PAGES]
OWNER_PAGES = [p for p, _, _, owner in PAGES if owner]
DATA_PAGES = [p for p, _, _, owner in PAGES if not owner]
CASES, MAP, QUALITY, IMPORT, JOURNAL, SLIDES = ("pages/2_prise_en_charge.py", "pages/3_carte.py", "pages/5_qualite.py",
                                               "pages/6_import.py", "pages/7_journal.py", "pages/8_presentation.py")

PASSWORD = "motdepasse-solide-2024"
ACCOUNTS = {"awa.admin": ("admin", None, None), "sam.staff": ("staff", None, None),
            "case.sahel": ("partner", "CASE_SAHEL", ["NOUGA"]), "comite": ("committee", None, None)}
LOGIN = {role: login for login, (role, *_) in ACCOUNTS.items()}
NON_ADMIN = ("staff", "committee", "partner")
PARTNER_SCOPE = q.Scope(communes=("NOUGA",), partners=("CASE_SAHEL",), min_cell=5, hide_no_consent=True)
SCOPES = {"admin": q.Scope(), "staff": q.Scope(min_cell=5, hide_no_consent=True),
          "committee": q.Scope(min_cell=5, hide_no_consent=True), "partner": PARTNER_SCOPE}
CASE_CODE = re.compile(r"\bC0\d\b|\b[A-Z]{3}-20\d\d-\d{4}\b")   # literal fixture C01..C05; demo ACS-2020-0001
NO_USERS = "aucun compte n'est configuré"
SIGNIN_REQUIRED = "connectez-vous pour les consulter"
OWNER_ONLY = i18n.t("owner_only", "fr")
WRONG = "Identifiant ou mot de passe incorrect."
CASE_COUNT_IDS = ("cases_identified", "cases_in_care", "cases_returned", "cases_reinserted")


pytestmark = pytest.mark.usefixtures("made")      # downloads registered (conftest.made)


# ------------------------------------------------------------------ data, accounts, environment

@pytest.fixture(scope="module")
def users_file(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("roles_accounts") / "users.json"
    for login, (role, partner, communes) in ACCOUNTS.items():
        auth.add_user(login, PASSWORD, role, partner, communes, path=p)
    return p


@pytest.fixture(scope="module")
def real_dir(tmp_path_factory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("roles_real") / "data", synthetic=False)


@pytest.fixture(scope="module")
def demo_real_dir(tmp_path_factory) -> Path:
    """The demo generator's data (104 cases, 3 partners, 2 communes) presented as real extracts."""
    import demo
    d = tmp_path_factory.mktemp("roles_demo") / "data"
    demo.generate(d)
    meta = json.loads((d / "_dataset.json").read_text())
    meta["synthetic"] = False
    (d / "_dataset.json").write_text(json.dumps(meta))
    return d


@pytest.fixture(scope="module")
def real_con(real_dir):
    ds = q.open_dataset(real_dir)
    yield ds.con
    ds.con.close()


@pytest.fixture(scope="module")
def demo_con(demo_real_dir):
    ds = q.open_dataset(demo_real_dir)
    assert not ds.synthetic
    yield ds.con
    ds.con.close()


@pytest.fixture(autouse=True)
def env(monkeypatch, tmp_path, real_dir, users_file):
    """Real literal data, the four accounts, a fresh audit log; caches and failure counters cleared."""
    monkeypatch.setenv("KANGABA_DATA", str(real_dir))
    monkeypatch.setenv("KANGABA_USERS", str(users_file))
    monkeypatch.setenv("KANGABA_AUDIT", str(tmp_path / "audit.jsonl"))
    monkeypatch.chdir(ROOT)
    auth._failures.clear()
    st.cache_data.clear()
    st.cache_resource.clear()
    yield tmp_path
    st.cache_data.clear()
    st.cache_resource.clear()


# ------------------------------------------------------------------ driving the app

def app(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def submit(at: AppTest, login: str, password: str) -> AppTest:
    at.text_input(key="_login_name").input(login)
    at.text_input(key="_login_password").input(password)
    next(b for b in at.button if b.proto.form_id == "signin").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def signed_in(role: str, params: dict | None = None) -> AppTest:
    """A session of `role` signed in through the form (on the landing page, URL `params` already there)."""
    at = submit(app(params), LOGIN[role], PASSWORD)
    assert at.session_state["_auth"]["role"] == role
    return open_lazy(at)


def visit(at: AppTest, page: str, params: dict | None = None) -> AppTest:
    """`page` as the session sees it with everything it can open opened (conftest.open_lazy: the downloads'
    and the exports' popovers, the budget's lines, the rows to correct): what the tests below search covers
    all that can reach the session."""
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.switch_page(page).run()
    assert not at.exception, (page, [e.value for e in at.exception])
    open_lazy(at)
    assert not at.exception, (page, [e.value for e in at.exception])
    return at


def _decode(v):
    """Plotly typed arrays ({"dtype", "bdata"} base64) back to lists."""
    if isinstance(v, dict) and "bdata" in v and "dtype" in v:
        a = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        if "shape" in v:
            a = a.reshape([int(x) for x in str(v["shape"]).split(",")])
        return a.tolist()
    if isinstance(v, dict):
        return {k: _decode(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_decode(x) for x in v]
    return v


def specs(at: AppTest) -> list[dict]:
    return [_decode(json.loads(c.proto.spec)) for c in at.get("plotly_chart")]


def _title(spec: dict) -> str:
    t = (spec.get("layout") or {}).get("title")
    return (t.get("text") if isinstance(t, dict) else t) or ""


def downloads(at: AppTest, made: dict, sidebar: bool = True, pdf: bool = False,
              page_xlsx: bool = True) -> dict[str, bytes | str]:
    """{file name: content} of the page's download buttons, built by the app's own callables as a click
    would. sidebar=False: the page's own tables only (the sidebar's report and logframe workbook are
    the same on every page for the same filters, and the report takes ~0.6 s to build). The PDF is
    chromium's print of the same HTML: only when asked. The report comes without plotly.js (no data).
    page_xlsx=False: not the workbooks of the page's tables (the same tables as their CSV; ~20 ms each)."""
    out = {}
    for b in (at.get("download_button") if sidebar else at.main.get("download_button")):
        fid = b.proto.deferred_file_id
        if not fid:
            continue
        fn, name = made[fid]
        if (name.endswith(".pdf") and not pdf) or (name.endswith(".xlsx") and not page_xlsx
                                                    and not name.startswith("cadre_logique_")):
            continue
        data = fn()
        if name.endswith(".pptx"):
            data = pptx_text(data)
        out[name] = data.replace(get_plotlyjs(), "") if name.endswith(".html") else data
    return out


def pptx_text(data: bytes) -> str:
    """Everything a PowerPoint file says: its texts, table cells, chart categories, series and values."""
    from pptx import Presentation
    out = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if shape.has_table:
                out += [c.text for row in shape.table.rows for c in row.cells]
            if shape.has_chart:
                for plot in shape.chart.plots:
                    out += [str(c) for c in plot.categories]
                    for series in plot.series:
                        out += [str(series.name)] + [str(v) for v in series.values]
    return "\n".join(out)


def xlsx_rows(data: bytes) -> list[list]:
    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(data), read_only=True)
    return [list(r) for ws in wb.worksheets for r in ws.iter_rows(values_only=True)]


def csv_frame(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)


def nodes(at):
    """Every node under an AppTest (or a block of it, e.g. at.main)."""
    stack = [at._tree if isinstance(at, AppTest) else at]
    while stack:
        n = stack.pop()
        yield n
        ch = getattr(n, "children", None)
        if isinstance(ch, dict):
            stack.extend(ch.values())


def everything(at: AppTest, made: dict | None = None, sidebar: bool = False, page_xlsx: bool = True) -> str:
    """All a session receives for this page: every element's proto (labels, options, help, text),
    element values, table cells, decoded chart specs and the bytes of every download."""
    out = []
    for n in nodes(at):
        proto = getattr(n, "proto", None)
        kind = getattr(n, "type", "")
        if proto is None or kind in ("arrow_data_frame", "table", "dataframe"):
            continue
        out.append(str(proto))
        try:
            out.append(str(n.value))
        except Exception:   # noqa: BLE001 — some elements have no value
            pass
    out += [e.value.to_csv() for e in at.dataframe] + [t.to_csv() for t in shown_tables(at)]
    out += [json.dumps(s, ensure_ascii=False) for s in specs(at)]
    for name, data in (downloads(at, made, sidebar, page_xlsx=page_xlsx) if made is not None else {}).items():
        if name.endswith(".xlsx"):
            out.append(json.dumps(xlsx_rows(data), default=str, ensure_ascii=False))
        else:
            out.append(data.decode("utf-8-sig") if isinstance(data, bytes) else data)
    return "\n".join(out)


def data_elements(at: AppTest) -> dict[str, int]:
    """How many elements that carry data the page drew."""
    counts = {k: len(at.get(k)) for k in ("metric", "dataframe", "table", "plotly_chart", "download_button")}
    # a style sheet alone (dashboard/localise.py: Streamlit's own words in French) carries no data
    counts["html"] = len([h for h in at.get("html") if not h.proto.body.lstrip().startswith("<style")])
    return counts


def logframe_shown(at: AppTest) -> dict[str, tuple[str, str, str]]:
    """The overview's logframe tables: {indicator label: (value, F, M)} as shown."""
    out = {}
    for df in shown_tables(at):
        if "Indicateur" in df:
            for _, r in df.iterrows():
                out[r["Indicateur"]] = (r["Valeur"], r["F"], r["M"])
    return out


def logframe_expected(con, scope: q.Scope, filters: q.Filters = q.Filters()) -> dict[str, tuple[str, str, str]]:
    """The same, worked out from the query layer with the role's scope."""
    ind = q.indicators(con, filters, scope)
    k = scope.min_cell if scope.min_cell > 1 else 5
    tab = fo.logframe_table(ind, "fr", k)
    return {r["indicator"]: (r["value"], r["female"], r["male"]) for _, r in tab.iterrows()}


# ================================================================== 1. real data, no account

@pytest.mark.parametrize("users", ["absent", "empty"])
def test_real_data_without_accounts_is_not_served(env, monkeypatch, users):
    p = env / "users.json"
    if users == "empty":
        p.write_text('{"users": {}}')
    monkeypatch.setenv("KANGABA_USERS", str(p))
    at = app()
    at.session_state["_view_as"] = "admin"        # the demo preview's key means nothing on real data
    for page in ALL_PAGES:
        visit(at, page, {"commune": "KANIOGO"} if page == CASES else None)
        assert any(NO_USERS in e.value for e in at.error), (page, [e.value for e in at.error])
        assert "python -m dashboard.users add" in "".join(c.value for c in at.code)
        assert sum(data_elements(at).values()) == 0, (page, data_elements(at))
        assert not at.multiselect and not at.text_input, page   # neither filters nor a sign-in form
        assert not CASE_CODE.search(everything(at)), page
    assert not (env / "users.json").exists() or users == "empty"


# ================================================================== 2. sign-in required, failures, sign-out

def test_without_signing_in_every_page_shows_only_the_form(env):
    at = app({"commune": "KANIOGO"})
    for page in ALL_PAGES:
        visit(at, page)
        assert any(SIGNIN_REQUIRED in e.value for e in at.info), page
        assert [t.key for t in at.text_input] == ["_login_name", "_login_password"], page
        assert sum(data_elements(at).values()) == 0, (page, data_elements(at))
        assert not at.multiselect and not at.selectbox, page
        assert not CASE_CODE.search(everything(at)), page
        assert "_auth" not in at.session_state


def test_wrong_password_is_refused_in_french_and_counted(env):
    at = submit(app(), LOGIN["partner"], "pas-le-bon-mot-de-passe")
    assert [e.value for e in at.error] == [WRONG]
    assert "_auth" not in at.session_state and sum(data_elements(at).values()) == 0
    assert auth.failures(LOGIN["partner"]) == 1
    log = auth.read_audit()
    assert [(e["event"], e["who"], e["failures"]) for e in log] == [("sign_in_failed", LOGIN["partner"], 1)]
    # an unknown login gets the same answer
    submit(at, "personne", "pas-le-bon-mot-de-passe")
    assert [e.value for e in at.error] == [WRONG] and "_auth" not in at.session_state
    # the right password then works, and resets the count
    submit(at, LOGIN["partner"], PASSWORD)
    assert at.session_state["_auth"]["role"] == "partner" and auth.failures(LOGIN["partner"]) == 0
    assert [e["event"] for e in auth.read_audit()] == ["sign_in_failed", "sign_in_failed", "sign_in"]


def test_sign_out_returns_to_the_form(env):
    at = signed_in("staff")
    assert shown_cards(at) and shown_tables(at)
    caption = " ".join(c.value for c in at.sidebar.caption)
    assert f"Connecté : {LOGIN['staff']}" in caption and "Personnel ECPAT Luxembourg" in caption
    at.button(key="_signout").click().run()
    assert "_auth" not in at.session_state
    assert any(SIGNIN_REQUIRED in e.value for e in at.info) and sum(data_elements(at).values()) == 0
    visit(at, CASES)      # and stays signed out on every page
    assert sum(data_elements(at).values()) == 0 and at.text_input(key="_login_name")
    assert [e["event"] for e in auth.read_audit()] == ["sign_in", "sign_out"]


def test_expired_session_asks_to_sign_in_again(env):
    at = signed_in("staff")
    at.session_state["_auth"] = {**at.session_state["_auth"], "last_seen": 0.0}
    at.run()
    assert any("expiré" in w.value for w in at.warning)
    assert sum(data_elements(at).values()) == 0 and "_auth" not in at.session_state


def test_removed_account_or_reset_password_ends_open_sessions(env, monkeypatch, users_file):
    """A session does not outlive its account: removing it or resetting its password signs it out on
    the next run; a changed role applies at once (dashboard/access.py re-reads the account)."""
    p = env / "users.json"
    p.write_bytes(users_file.read_bytes())
    monkeypatch.setenv("KANGABA_USERS", str(p))
    at = signed_in("staff")
    auth.set_role(LOGIN["staff"], "partner", "CASE_SAHEL", ["NOUGA"], path=p)     # narrowed while signed in
    visit(at, "app.py")
    assert at.multiselect(key="w_commune").options == ["Nouga"]
    assert at.session_state["_auth"]["role"] == "partner"
    auth.reset_password(LOGIN["staff"], "un-autre-mot-de-passe", path=p)
    at.run()
    assert "_auth" not in at.session_state and sum(data_elements(at).values()) == 0
    assert any("reconnectez-vous" in w.value for w in at.warning)
    at2 = signed_in("committee")
    auth.remove_user(LOGIN["committee"], path=p)
    at2.run()
    assert "_auth" not in at2.session_state and sum(data_elements(at2).values()) == 0
    assert [e["event"] for e in auth.read_audit()].count("session_revoked") == 2


# ================================================================== 3. per role, what each one sees

LT5 = "<\u00a05"


def chart(at: AppTest, title: str) -> dict:
    found = [s for s in specs(at) if _title(s).startswith(title)]
    assert len(found) == 1, [_title(s) for s in specs(at)]
    return found[0]


OWNER_LINKS = [i18n.t(key, "fr") for _, key, _, owner in PAGES if owner]   # Importer des données, Journal


def nav_links(at: AppTest) -> list[str]:
    return [link.proto.label for link in at.sidebar.get("page_link")]


def owner_only_refused(at: AppTest) -> None:
    for page in OWNER_PAGES:
        visit(at, page)
        assert [e.value for e in at.error] == [OWNER_ONLY], page
        assert sum(data_elements(at).values()) == 0, (page, data_elements(at))
        assert not at.file_uploader and not CASE_CODE.search(everything(at)), page


def test_admin_sees_everything_exactly(real_con, made):
    at = signed_in("admin", {"commune": "KANIOGO"})
    assert logframe_shown(at) == logframe_expected(real_con, q.Scope(), q.Filters(communes=("KANIOGO",)))
    assert card_values(at)["Victimes présumées identifiées"] == "2"        # C03, C04
    assert set(OWNER_LINKS) <= set(nav_links(at))
    visit(at, CASES)
    funnel = chart(at, "Parcours des cas")["data"][0]["x"]
    assert funnel == [2, 1, 1, 0, 0, 0]                                                 # exact small counts
    assert "Cas sans consentement à la diffusion dans cette cohorte : 1." in at.markdown[0].value
    stalled = at.dataframe[0].value
    assert list(stalled["Code du cas"]) == ["C03"]
    assert "C03" in downloads(at, made)["cas_a_relancer.csv"].decode("utf-8-sig")
    visit(at, QUALITY)
    rows = next(d.value for d in at.dataframe if "Identifiant" in d.value)
    assert set(rows["Identifiant"]) == {"K4", "C04"}                                   # data-quality rows, codes
    visit(at, IMPORT)
    assert not at.error and "Vérifier puis importer" in [h.value for h in at.subheader]
    visit(at, JOURNAL)
    log = at.dataframe[0].value
    assert [e for e in log["Événement"] if e != "Export"] == ["Connexion"]   # + the files downloads() built
    assert set(log["Par"]) == {LOGIN["admin"]}


@pytest.mark.parametrize("role", NON_ADMIN)
def test_non_admin_sees_aggregates_only(real_con, made, role):
    at = signed_in(role)
    scope = SCOPES[role]
    assert logframe_shown(at) == logframe_expected(real_con, scope)
    metrics = card_values(at)
    assert metrics["Victimes présumées identifiées"] == LT5      # 4 cases with consent; the partner's 0 reads « < 5 » too
    assert metrics["Retour en famille (%)"] == "n < 5" and metrics["Réinsertion (%)"] == "n < 5"
    assert nav_links(at) and not set(OWNER_LINKS) & set(nav_links(at))
    for page in DATA_PAGES:
        visit(at, page)
        assert not at.error, (page, [e.value for e in at.error])
        assert not CASE_CODE.search(everything(at, made, sidebar=page == "app.py", page_xlsx=False)), page
        assert not any("Code du cas" in d.value or "Identifiant" in d.value for d in at.dataframe), page
    visit(at, CASES)
    assert not at.get("plotly_chart")
    # CASE SAHEL has no case in the fixture (Nouga's cases are ACESEM's): 0 reads « < 5 » like 1 to 4
    assert any(i.value.startswith("Moins de 5 cas identifiés") for i in at.info)
    if role != "partner":
        assert at.markdown[0].value == f"Cas non affichés faute de consentement : {LT5}."
    visit(at, QUALITY)
    if role == "partner":        # the extracts are not scoped: a partner gets no dataset-wide count
        assert not any("Lignes concernées" in d.value for d in at.dataframe)
        assert any("responsable des données" in i.value for i in at.info)
    else:
        issues = next(d.value for d in at.dataframe if "Lignes concernées" in d.value)
        assert list(issues.loc[issues["Extrait"] == "Cas", "Lignes concernées"]) == [LT5]   # C04, banded
    owner_only_refused(at)
    visit(at, "app.py")                       # and back: still the same role and scope
    assert logframe_shown(at) == logframe_expected(real_con, scope)


def test_partner_sees_only_nouga_and_case_sahel(real_con, made):
    at = signed_in("partner")
    assert at.multiselect(key="w_commune").options == ["Nouga"]
    assert at.multiselect(key="w_partenaire").options == ["CASE SAHEL"]
    assert at.multiselect(key="w_localite").options == ["Kokoyo (site aurifère)", "Danga", "Tombola"]
    assert "· Nouga · CASE SAHEL ·" in at.caption[0].value
    metrics = card_values(at)     # A1 (PE1, PE2), F1/F2 (K1, K2, K3), C1 50, R1 500
    assert (metrics["Pairs éducateurs formés"], metrics["Enfants renforcés"],
            metrics["Focus groups animés"], metrics["Sensibilisés (causeries)"],
            metrics["Touchés par les CCPE"]) == ("2", "3", "2", "50", "500")
    visit(at, MAP)
    shown = csv_frame(downloads(at, made)["carte_children_reached.csv"])
    expected = q.map_localities(real_con, q.Filters(), PARTNER_SCOPE)
    expected = expected[(expected["metric"] == "children_reached") & expected["value"].notna()]
    assert set(expected["locality_id"]) <= {"KOKOYO", "DANGA", "TOMBOLA"}
    with_values = shown[shown.iloc[:, 3] != ""]
    names = sorted(i18n.code("locality_short", x, "fr") for x in expected["locality_id"])
    assert sorted(with_values.iloc[:, 0]) == names
    assert set(with_values.iloc[:, 1]) == {"Nouga"}
    for _, r in expected.iterrows():
        row = shown[shown.iloc[:, 0] == i18n.code("locality_short", r["locality_id"], "fr")]
        assert row.iloc[0, 3] == str(int(r["value"]))


def test_partner_on_bigger_data_sees_its_own_cases_protected(monkeypatch, demo_real_dir, demo_con, made):
    """On the demo set CASE SAHEL has 6 cases at Kokoyo (Nouga): the funnel drawn is the partner-scoped
    query layer's, small stages as « < 5 » / « masqué », never the 95 ACESEM and ENDA MALI cases."""
    monkeypatch.setenv("KANGABA_DATA", str(demo_real_dir))
    at = signed_in("partner")
    expected = q.case_funnel(demo_con, q.Filters(), PARTNER_SCOPE)
    everyone = q.case_funnel(demo_con, q.Filters(), SCOPES["staff"])
    assert expected["n"].iloc[0] < everyone["n"].iloc[0]
    assert logframe_shown(at) == logframe_expected(demo_con, PARTNER_SCOPE)
    visit(at, CASES)
    spec = chart(at, "Parcours des cas")
    assert spec["data"][0]["x"] == [None if pd.isna(v) else int(v) for v in expected["n"]]
    labels = spec["data"][1]["text"]
    assert any(LT5 in x or "masqué" in x for x in labels)
    assert not CASE_CODE.search(everything(at, made, sidebar=True))


# ================================================================== 4. a partner cannot widen its view

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
PAGE_OWN_PARAMS = ("indicateur", "par", "puis")   # the overview's curve and the explorer's indicator and grains

ATTACKS = {   # what a partner could type in the address bar or receive in a crafted link
    "commune_kaniogo": {"commune": "KANIOGO"},
    "every_commune_and_partner_and_a_forged_role": {
        "commune": ["KANIOGO", "NOUGA"], "partenaire": ["ENDA_MALI", "CASE_SAHEL", "ACESEM"],
        "_auth": '{"login": "awa.admin", "role": "admin"}', "role": "admin", "_view_as": "admin",
        "w_view_as": "admin", "scope": "all"},
    "other_partner_kaniogo_localities_and_garbage": {
        "partenaire": ["ENDA_MALI", "%", "ENDA_MALI%", "null"], "localite": ["KOFLATIE", "SOMBO", "TEGUE", "X'--"],
        "commune": ["'); drop table cases; --", "kaniogo", "KANIOGO ", "*", "", "NULL"], "sexe": "X' or 1=1",
        "periode": "1999", "du": "2000-01-01", "au": "not-a-date"},
}


def snapshot(at: AppTest, made: dict, sidebar: bool = False) -> dict:
    """What the page shows in its main area, as comparable values: element values, table cells, the
    data of every chart, the page's own downloads (and the sidebar's report and workbook if asked)."""
    out = {"values": [], "tables": [], "charts": [], "files": {}}
    for n in nodes(at.main):
        kind = getattr(n, "type", "")
        if kind in ("dataframe", "table"):
            out["tables"].append(n.value.to_csv())
        elif kind == "plotly_chart":
            s = _decode(json.loads(n.proto.spec))
            out["charts"].append(json.dumps([_title(s), s["data"]], sort_keys=True, default=str))
        elif getattr(n, "proto", None) is not None and kind not in ("download_button", "button"):
            try:
                out["values"].append((kind, str(n.value)))
            except Exception:   # noqa: BLE001
                out["values"].append((kind, str(n.proto)))
    for name, data in downloads(at, made, sidebar, page_xlsx=False).items():
        if name.endswith(".xlsx"):
            data = [r for r in xlsx_rows(data) if not (r and str(r[0]).startswith(("Extrait le", "Exported on")))]
        elif isinstance(data, bytes):
            data = data.decode("utf-8-sig")
        out["files"][name] = UUID.sub("ID", data) if isinstance(data, str) else data
    out["values"].sort()
    out["charts"].sort()
    return out


@pytest.fixture
def partner_on_demo(monkeypatch, demo_real_dir):
    monkeypatch.setenv("KANGABA_DATA", str(demo_real_dir))


def test_partner_cannot_widen_through_url_pages_widgets_or_session(partner_on_demo, demo_con, made):
    at = signed_in("partner")

    def plain(page: str) -> AppTest:   # as the attacks below: no parameter carried over from the page before
        at.query_params.clear()
        return visit(at, page)
    base = {page: snapshot(plain(page), made, sidebar=page == "app.py") for page in DATA_PAGES}
    # the baseline is the partner-scoped query layer, and what a widened view would show is different
    assert logframe_expected(demo_con, PARTNER_SCOPE) != logframe_expected(
        demo_con, PARTNER_SCOPE, q.Filters(communes=("KANIOGO",)))
    visit(at, "app.py")
    assert logframe_shown(at) == logframe_expected(demo_con, PARTNER_SCOPE)
    for q_ in (q.Filters(communes=("KANIOGO",)), q.Filters(partner=("ENDA_MALI",))):
        assert q.indicators(demo_con, q_, q.Scope())["value"].tolist() != \
            q.indicators(demo_con, q.Filters(), PARTNER_SCOPE)["value"].tolist()

    def same_everywhere(why: str, params: dict | None = None, sidebar: bool = False, pages=DATA_PAGES) -> None:
        for page in pages:
            if params is not None:
                at.query_params.clear()
                for k, v in params.items():
                    at.query_params[k] = v
            for k in PAGE_OWN_PARAMS:   # which indicator a page shows, not whose figures: as in the baseline
                at.query_params.pop(k, None)
            visit(at, page)
            assert at.session_state["_auth"]["role"] == "partner"
            got = snapshot(at, made, sidebar=sidebar and page == "app.py")
            want = base[page] if sidebar and page == "app.py" else {**base[page], "files": {
                k: v for k, v in base[page]["files"].items() if k in got["files"]}}
            assert got == want, (why, page)
            assert at.multiselect(key="w_commune").options == ["Nouga"], (why, page)
            assert at.multiselect(key="w_partenaire").options == ["CASE SAHEL"], (why, page)

    # URL parameters, typed by hand or from a crafted link, on every page
    for why, params in ATTACKS.items():   # the first on every page, the others where scoped figures differ most
        same_everywhere(why, params, sidebar=why.startswith("every_commune"),
                        pages=DATA_PAGES if why == "commune_kaniogo" else ("app.py", CASES, MAP, SLIDES))
    # owner-only pages reached by a page switch, with a widening URL: refused, and nothing carried over
    at.query_params.clear()
    at.query_params["commune"] = "KANIOGO"
    owner_only_refused(at)
    visit(at, CASES)
    assert snapshot(at, made) == base[CASES]
    # widget values outside the partner's options, as a crafted client would send them, the demo
    # preview's « Voir comme » keys set to admin: on every page, nothing changes
    at.query_params.clear()
    visit(at, "app.py")
    at.multiselect(key="w_commune").set_value(["KANIOGO"]).run()
    at.session_state["w_partenaire"] = ["ENDA_MALI", "ACESEM"]
    at.session_state["w_localite"] = ["KOFLATIE"]
    at.session_state["_view_as"] = "admin"
    at.session_state["w_view_as"] = "admin"
    at.run()
    same_everywhere("widget values and view-as forged")
    assert not any(s.key == "w_view_as" for s in at.selectbox)


def test_partner_opening_a_widening_link_then_signing_in(partner_on_demo, demo_con, made):
    at = signed_in("partner", {"commune": "KANIOGO", "partenaire": "ENDA_MALI", "localite": "KOFLATIE"})
    assert logframe_shown(at) == logframe_expected(demo_con, PARTNER_SCOPE)
    assert "· Nouga · CASE SAHEL ·" in at.caption[0].value
    visit(at, CASES)
    expected = q.case_funnel(demo_con, q.Filters(), PARTNER_SCOPE)
    assert chart(at, "Parcours des cas")["data"][0]["x"] == [None if pd.isna(v) else int(v) for v in expected["n"]]
    visit(at, MAP)
    shown = csv_frame(downloads(at, made, sidebar=False)["carte_children_reached.csv"])
    assert set(shown.loc[shown.iloc[:, 3] != "", shown.columns[1]]) == {"Nouga"}
    report = downloads(at, made)[next(n for _, n in made.values() if n.endswith(".html"))]
    for place in ("Koflatié", "Sombo", "Tégué"):    # Kaniogo's localities: drawn, never with a value
        assert not re.search(place + r"</b><br>[^<]*: \d", report), place



# ================================================================== 6. the audit log

def test_audit_records_sign_in_failure_export_and_sign_out(env, made):
    at = submit(app({"commune": "KANIOGO", "periode": "2021"}), LOGIN["staff"], "mauvais-mot-de-passe")
    open_lazy(submit(at, LOGIN["staff"], PASSWORD), "exports")
    first = (env / "audit.jsonl").read_text()
    button = next(b for b in at.sidebar.get("download_button") if b.proto.id.endswith("dl_logframe_xlsx"))
    made[button.proto.deferred_file_id][0]()      # the donor workbook, delivered with the filters in force
    at.button(key="_signout").click().run()
    raw = (env / "audit.jsonl").read_text()
    assert raw.startswith(first)                  # appended, never rewritten
    log = [json.loads(line) for line in raw.splitlines()]
    assert [(e["event"], e["who"]) for e in log] == [
        ("sign_in_failed", LOGIN["staff"]), ("sign_in", LOGIN["staff"]), ("export", LOGIN["staff"]),
        ("sign_out", LOGIN["staff"])]
    for e in log:                                 # when: an ISO time with its time zone
        assert e["at"].startswith(date.today().isoformat()[:4]) and e["at"].endswith("+00:00"), e
    assert log[1]["role"] == "staff" and log[0]["failures"] == 1
    export = log[2]
    assert (export["what"], export["format"]) == ("cadre_logique", "xlsx")
    assert export["filters"] == {"commune": ["KANIOGO"], "periode": "2021"}
    assert PASSWORD not in raw and "mauvais-mot-de-passe" not in raw
    # the journal: the data owner sees these lines, newest first; any other role is refused
    admin = signed_in("admin")
    visit(admin, JOURNAL)
    shown = admin.dataframe[0].value
    assert list(shown["Événement"]) == ["Connexion", "Déconnexion", "Export", "Connexion", "Échec de connexion"]
    assert shown.loc[shown["Événement"] == "Export", "Filtres"].iloc[0] == "commune : KANIOGO ; periode : 2021"
    for role in ("committee", "partner"):
        other = signed_in(role)
        visit(other, JOURNAL)
        assert [e.value for e in other.error] == [OWNER_ONLY] and not other.dataframe
        assert LOGIN["staff"] not in everything(other)


# ================================================================== 5. the search for case counts 1..4

T = lambda key, **kw: i18n.t(key, "fr", **kw)   # noqa: E731
NUM = r"\d{1,3}(?:[\u00a0\u202f ]\d{3})*"
CASE_COUNT_LABELS = {i18n.indicator(i, "fr"): i for i in CASE_COUNT_IDS}
CASE_TABLES = {"Cas", "Étapes des cas", "Services aux cas"}
CASES_COL = T("col_cases")                                       # « Cas » in every table of cases
MAP_CASES = i18n.code("metric", "cases_identified", "fr")
CASE_CHARTS = tuple(T(k) for k in ("fig_funnel", "fig_funnel_sex", "fig_funnel_age", "fig_services", "fig_nationality",
                                  "fig_exploitation", "fig_referral", "fig_reinsertion", "origin_fig_title")) + (
    T("map_title", metric=MAP_CASES),) + tuple(T("ov_curve_title", label=i18n.indicator(i, "fr"))
                                               for i in CASE_COUNT_IDS)
DELAYS = T("fig_delays")
SENTENCES = {   # i18n key of a sentence about cases → the fields that hold case counts
    "fi_key": ("c",), "fi_returned": ("r", "n"), "fi_attention": ("s",), "left_out_consent": ("band",),
    "left_out_owner": ("n",), "stalled_count": ("sites",), "stalled_owner": ("n",)}


def label_counts(text) -> list[int]:
    """The counts that stand alone in a label or a hover: « 30 », « 1 234 », « Filles : 3 », « 30 cas »,
    « Koflatié 10 » — not « < 5 », « 74,1 % », « 9,5 j », « 100 % des identifiés », a year or a date."""
    s = re.sub(r"</?[A-Za-z][^>]*>", "|", html.unescape(str(text)))
    out = []
    for piece in re.split(r"\s*(?:\||·|:|—|\n|,\s|\+)\s*", s):
        piece = piece.strip(" \u00a0.")
        m = re.fullmatch(rf"(?:[A-Z][\w'éèêôï\- ]*?\s)?({NUM})(?: cas)?", piece)
        if m:
            out.append(int(re.sub(r"\D", "", m.group(1))))
    return out


def sentence_counts(text: str) -> list[int] | None:
    """Case counts in a generated sentence about cases (None: not such a sentence)."""
    for key, fields in SENTENCES.items():
        tpl = T(key)
        names = re.findall(r"\{(\w+)\}", tpl)
        rx = re.escape(tpl)
        for name in dict.fromkeys(names):
            rx = rx.replace(re.escape("{" + name + "}"), f"(?P<{name}>.+?)", 1).replace(
                re.escape("{" + name + "}"), f"(?P={name})")
        m = re.search(rx, html.unescape(text))
        if m:
            return [n for f in fields for n in label_counts(m.group(f))]
    return None


class Found:
    """Every case count a session received, with where it was found."""

    def __init__(self):
        self.counts: list[tuple[str, int]] = []
        self.places: set[str] = set()
        self.codes: list[tuple[str, str]] = []        # case codes seen, and where

    def scan_codes(self, where: str, data) -> None:
        if isinstance(data, bytes):
            data = json.dumps(xlsx_rows(data), default=str) if data[:2] == b"PK" else data.decode("utf-8-sig")
        self.codes += [(where, m) for m in CASE_CODE.findall(data)]

    def add(self, where: str, values) -> None:
        self.places.add(where.split(" | ")[0])
        self.counts += [(where, int(v)) for v in values if v is not None and not pd.isna(v)]

    def small(self) -> list[tuple[str, int]]:
        return [(w, v) for w, v in self.counts if 1 <= v <= 4]

    # -- charts
    def chart(self, where: str, spec: dict, case_chart: bool | None = None) -> None:
        title = _title(spec)
        if case_chart is None:
            case_chart = title.startswith(CASE_CHARTS) or title.startswith(DELAYS)
        if not case_chart:
            return
        where = f"{where} | chart « {title[:50]} »"
        delays = title.startswith(DELAYS)
        for tr in spec.get("data", []):
            kind = tr.get("type", "scatter")
            if kind == "bar" and not delays:
                axis = tr.get("x") if tr.get("orientation") == "h" else tr.get("y")
                self.add(where, [v for v in (axis or []) if isinstance(v, (int, float)) and v == v])
            if kind == "choroplethmap" or kind == "choropleth":
                self.add(where, [v for v in (tr.get("z") or []) if isinstance(v, (int, float)) and v == v])
            if kind == "scatter" and tr.get("name") == T("ov_actual"):
                self.add(where, [round(v) for v in (tr.get("y") or []) if isinstance(v, (int, float)) and v == v])
            for key in ("text", "customdata", "hovertext"):
                v = tr.get(key)
                for s in (np.array(v, dtype=object).ravel().tolist() if isinstance(v, list) else [v] if v else []):
                    if isinstance(s, str):
                        self.add(where, [n for n in label_counts(s) if not delays or " cas" in s])

    def status_chart(self, where: str, spec: dict, targets: dict[str, float]) -> None:
        """The logframe slide: % of target per indicator; for a count of cases, % x target = the count."""
        for tr in spec.get("data", []):
            for label, pct in zip(tr.get("y") or [], tr.get("x") or []):
                iid = {slides.indicator_short(i, "fr"): i for i in CASE_COUNT_IDS}.get(label)
                if iid and isinstance(pct, (int, float)) and pct > 0:
                    self.add(f"{where} | statut {iid}", [round(pct * targets[iid] / 100)])

    # -- tables
    def table(self, where: str, df: pd.DataFrame, targets: dict[str, float] | None = None) -> None:
        df = df.astype(str)
        cols = [c for c in df.columns if c == CASES_COL or c.startswith(MAP_CASES)]
        if cols and (MAP_CASES in df.columns):
            cols += [c for c in (T("col_female"), T("col_male")) if c in df.columns]
        for c in cols:
            self.add(f"{where} | col « {c} »", [n for v in df[c] for n in label_counts(v)])
        ind_col = next((c for c in ("Indicateur", T("indicator")) if c in df.columns), None)
        if ind_col:                                  # logframe: rows of case counts
            for _, r in df[df[ind_col].isin(CASE_COUNT_LABELS)].iterrows():
                iid = CASE_COUNT_LABELS[r[ind_col]]
                for c in ("Valeur", "F", "M", T("value"), T("female"), T("male")):
                    if c in df.columns:
                        self.add(f"{where} | {iid} « {c} »", label_counts(r[c]))
                pct_col = next((c for c in ("% de la cible", T("pct_target")) if c in df.columns), None)
                if pct_col and targets:
                    p = pd.to_numeric(str(r[pct_col]).replace("\u00a0", "").replace("%", "").replace(",", "."),
                                      errors="coerce")
                    if pd.notna(p) and p > 0:
                        self.add(f"{where} | {iid} % cible", [round(p * targets[iid] / 100)])
        if "Extrait" in df.columns and "Lignes concernées" in df.columns:   # data quality: case tables
            rows = df[df["Extrait"].isin(CASE_TABLES)]
            self.add(f"{where} | problèmes des tables de cas", [n for v in rows["Lignes concernées"]
                                                                 for n in label_counts(v)])

    def text(self, where: str, s: str) -> None:
        n = sentence_counts(s)
        if n is not None:
            self.add(f"{where} | phrase", n)

    def xlsx_logframe(self, where: str, data: bytes, targets: dict[str, float]) -> None:
        rows = xlsx_rows(data)
        head = next(i for i, r in enumerate(rows) if r and T("indicator") in r)
        df = pd.DataFrame(rows[head + 1:], columns=[str(c) for c in rows[head]])
        df = df[df[T("indicator")].notna()].astype(object)
        pct = T("pct_target")
        df[pct] = pd.to_numeric(df[pct], errors="coerce") * 100        # stored as a fraction
        self.table(where, df.astype(object).where(df.notna(), ""), targets)

    def report(self, where: str, doc: str, targets: dict[str, float]) -> None:
        """The HTML report: its bullets, its logframe table and the data of every chart in it."""
        for li in re.findall(r"<li>(.*?)</li>", doc, re.S):
            self.text(f"{where} | puce", li)
        for df in html_tables(doc):
            self.table(f"{where} | tableau", df, targets)
        dec = json.JSONDecoder()
        for m in re.finditer(r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*", doc):
            data, end = dec.raw_decode(doc, m.end())
            layout, _ = dec.raw_decode(doc, end + len(re.match(r"\s*,\s*", doc[end:]).group(0)))
            self.chart(f"{where} | figure", _decode({"data": data, "layout": layout}))


def card_values(at: AppTest) -> dict[str, str]:
    """The overview cards: {label: value shown}."""
    return {c["label"]: c["value"] for c in shown_cards(at)}


def collect(at: AppTest, made: dict, con, role: str, params: dict, found: Found) -> None:
    """Visit every page where case figures are, as `role` with URL `params`; record every case count."""
    at.query_params.clear()
    for k, v in params.items():
        at.query_params[k] = v
    f = filters_of(params)
    targets = q.indicators(con, f, SCOPES[role]).set_index("id")["target"].to_dict()
    tag = f"{role} {params}"
    # overview: cards, logframe tables, the curve of cases identified, the downloads, report, workbook
    at.query_params["indicateur"] = "cases_identified"
    if "indicateur" in at.session_state:
        at.session_state["indicateur"] = "cases_identified"
    visit(at, "app.py")
    where = f"{tag} | vue d'ensemble"
    for card in shown_cards(at):
        if card["label"] == T("ov_card_cases_identified"):
            found.add(f"{where} | carte", label_counts(card["value"]))
            cap = card["note"]
            found.add(f"{where} | carte F/M", [int(re.sub(r"\D", "", x)) for x in
                                               re.findall(rf"(?:F|M|n\.r\.)\u00a0({NUM})\b", cap)])
    for df in shown_tables(at):
        found.table(f"{where} | tableau", df, targets)
    for s in specs(at):
        found.chart(where, s)
    found.scan_codes(where, everything(at))
    for name, data in downloads(at, made, sidebar=True).items():
        found.scan_codes(f"{where} | {name}", data)
        if name.endswith(".html"):
            found.report(f"{tag} | rapport HTML", data, targets)
        elif name.startswith("cadre_logique_"):
            found.xlsx_logframe(f"{tag} | cadre logique XLSX", data, targets)
        elif name.endswith(".csv"):
            found.table(f"{where} | {name}", csv_frame(data), targets)
        else:
            rows = xlsx_rows(data)
            found.table(f"{where} | {name}", pd.DataFrame(rows[1:], columns=rows[0]), targets)
    # cases, map (cases metric), data quality: charts, tables, sentences, downloads
    at.session_state["map_metric"] = "cases_identified"
    for page in (CASES, MAP, QUALITY):
        visit(at, page)
        where = f"{tag} | {page}"
        for s in specs(at):
            found.chart(where, s)
        for d in at.dataframe:
            found.table(f"{where} | st.dataframe", d.value)
        for e in list(at.markdown) + list(at.caption) + list(at.info) + list(at.warning):
            found.text(where, e.value)
        found.scan_codes(where, everything(at))
        for name, data in downloads(at, made, sidebar=False).items():
            found.scan_codes(f"{where} | {name}", data)
            if name.endswith(".pptx"):
                found.text(f"{where} | {name}", data)
                continue
            df = csv_frame(data) if name.endswith(".csv") else pd.DataFrame(xlsx_rows(data)[1:],
                                                                            columns=xlsx_rows(data)[0])
            found.table(f"{where} | {name}", df)
    # the slides with case figures: key figures, logframe status, case path, points of attention
    for name in slides.SLIDES:
        i = slides.SLIDES.index(name) + 1
        visit(at, SLIDES, {"diapo": str(i)})
        where = f"{tag} | diapo {name}"
        found.scan_codes(where, everything(at))
        bodies = [h.proto.body for h in at.get("html")]
        for b in bodies:
            found.text(where, re.sub(r"<[^>]+>", "", b))
            for value, label in re.findall(r'<div class="v">(.*?)</div><div class="l">(.*?)</div>', b):
                if html.unescape(label) == slides.indicator_short("cases_identified", "fr"):
                    found.add(f"{where} | tuile", label_counts(value))
        for s in specs(at):
            if name == "logframe":
                found.status_chart(where, s, targets)
            else:
                found.chart(where, s, case_chart=name == "funnel")
    del at.query_params["diapo"]


def filters_of(params: dict) -> q.Filters:
    from dashboard.sidebar import period_bounds
    s, e = period_bounds(params.get("periode", "projet"), None, None)
    sex = params.get("sexe")
    communes = params.get("commune")
    return q.Filters(communes=(communes,) if isinstance(communes, str) else communes, start=s, end=e,
                     sex=sex if sex in ("F", "M") else None)


SEARCH = {   # role → the views searched on the demo set relabelled as real (104 cases)
    "staff": ({}, {"commune": "KANIOGO", "periode": "2022"}),
    "committee": ({"periode": "2021", "sexe": "M"},),
    "partner": ({},),
}


@pytest.mark.parametrize("role", NON_ADMIN)
def test_no_case_count_from_1_to_4_reaches_a_non_admin_role(monkeypatch, demo_real_dir, demo_con, made, role):
    monkeypatch.setenv("KANGABA_DATA", str(demo_real_dir))
    at = signed_in(role)
    found = Found()
    for params in SEARCH[role]:
        collect(at, made, demo_con, role, params, found)
    assert found.small() == [], found.small()[:20]
    # the search looked where case figures are (and found them)
    assert len(found.counts) > 30 and {"vue d'ensemble", "rapport HTML", "cadre logique XLSX"} <= {
        p.split(" | ")[1] for p in {w for w, _ in found.counts}}, sorted(found.places)
    assert found.codes == [], found.codes[:10]


def test_no_case_count_from_1_to_4_on_the_literal_fixture(made, real_con):
    at = signed_in("staff")
    found = Found()
    collect(at, made, real_con, "staff", {}, found)
    assert found.small() == [], found.small()
    assert found.codes == [], found.codes
    assert any(v == 0 for _, v in found.counts)          # the search ran: e.g. the zeros of the curve


def test_the_search_finds_the_small_counts_the_admin_is_shown(monkeypatch, demo_real_dir, demo_con, made, real_con):
    """The same search on the data owner's view finds counts from 1 to 4 in every kind of place: had
    protection failed for another role, the search above would have found them."""
    monkeypatch.setenv("KANGABA_DATA", str(demo_real_dir))
    at = signed_in("admin")
    found = Found()
    collect(at, made, demo_con, "admin", {"commune": "KANIOGO", "periode": "2022"}, found)
    kinds = {w.split(" | ")[1].split(" ")[0] + ("/chart" if "chart" in w or "figure" in w else "")
             for w, _ in found.small()}
    for expected in ("vue", "pages/2_prise_en_charge.py/chart", "pages/2_prise_en_charge.py",
                     "pages/3_carte.py/chart", "pages/3_carte.py", "rapport/chart", "diapo/chart"):
        assert expected in kinds, (expected, sorted(kinds))
    assert {w.split(" | ")[1] for w, _ in found.codes} >= {CASES, QUALITY}      # the follow-up list, the rows


# ================================================================== known leaks (strict xfail: they fail today)
# Each test below shows a case count from 1 to 4 (or a hidden cell) that a non-admin role can work out
# from what it receives. They are marked xfail(strict=True) with the file to fix: once fixed they pass,
# strict turns that into a failure, and the marker must be removed.

def test_the_case_curve_does_not_give_away_the_last_cases(monkeypatch, demo_real_dir, made):
    monkeypatch.setenv("KANGABA_DATA", str(demo_real_dir))
    leaks = []
    for role in ("staff", "partner"):
        at = signed_in(role, {"indicateur": "cases_identified"})
        total = int(logframe_shown(at)[i18n.indicator("cases_identified", "fr")][0].replace("\u00a0", ""))
        curve = csv_frame(downloads(at, made, sidebar=False)["progression_cases_identified.csv"])
        shown = [int(float(v.replace(",", "."))) for v in curve[T("ov_actual")] if v != ""]
        if 1 <= total - shown[-1] <= 4:
            leaks.append((role, total, shown[-1]))      # staff: 101 - 99; partner: 6 - 5
    assert leaks == []


def _random_con(tmp_path, seed: int = 7):
    from conftest import random_rows, to_frames
    ds = q.open_dataset(write_fixture(tmp_path / f"random{seed}", to_frames(random_rows(seed)), synthetic=False))
    return ds.con


def test_cases_in_villages_cannot_be_worked_out_from_the_map(tmp_path):
    con = _random_con(tmp_path)       # tests/conftest.py random_rows(7): cases at sites and in villages
    scope, leaks = SCOPES["staff"], []
    for year in (2020, 2021, 2022):
        for commune in ("NOUGA", "KANIOGO"):
            f = q.Filters(communes=(commune,), start=date(year, 1, 1), end=date(year, 12, 31))
            total = q.indicators(con, f, scope).set_index("id").loc["cases_identified", "value"]
            m = q.map_localities(con, f, scope)
            sites = m[(m["metric"] == "cases_identified") & m["locality_id"].isin(contract.SITES)]["value"]
            if pd.notna(total) and not sites.isna().any() and 1 <= total - sites.sum() <= 4:
                leaks.append((year, commune, int(total), int(sites.sum())))
    assert leaks == []                # today: (2021, NOUGA, 12, 10), (2022, NOUGA, 10, 6), ...


# Hidden cells recomputed from totals (a single hidden cell, or hidden cells that can only all be 1):
# the attack over every view a role can ask for, tests/test_attack.py, covers it and more.


def test_the_quality_page_does_not_give_the_number_of_cases_left_out(monkeypatch, demo_real_dir):
    monkeypatch.setenv("KANGABA_DATA", str(demo_real_dir))
    at = signed_in("staff")
    identified = int(logframe_shown(at)[i18n.indicator("cases_identified", "fr")][0].replace("\u00a0", ""))
    visit(at, CASES)
    assert at.markdown[0].value == f"Cas non affichés faute de consentement : {LT5}."     # banded here...
    visit(at, QUALITY)
    loaded = next((d.value for d in at.dataframe if "Lignes" in d.value), None)
    rows = str(loaded.set_index("Extrait").loc["Cas", "Lignes"]).replace("\u00a0", "") if loaded is not None else ""
    assert not (rows.isdigit() and 1 <= int(rows) - identified <= 4), (rows, identified)   # ...104 - 101 there


def test_the_quality_page_shows_a_partner_only_its_own_data(real_con):
    at = signed_in("partner")
    visit(at, QUALITY)
    in_scope = real_con.execute("select count(*) from activities where commune = 'NOUGA' "
                                "and partner = 'CASE_SAHEL'").fetchone()[0]          # A1, F1, F2, C1, R1
    loaded = next((d.value for d in at.dataframe if "Lignes" in d.value), None)
    issues = next((d.value for d in at.dataframe if "Lignes concernées" in d.value), None)
    if loaded is not None:                                      # 13 shown today, 5 are CASE SAHEL's
        assert str(loaded.set_index("Extrait").loc["Activités", "Lignes"]) == str(in_scope)
    if issues is not None:                                      # K4 is ENDA MALI's, at Kaniogo
        assert "sexe non renseigné" not in set(issues["Problème"])


def test_tables_behind_protected_charts_carry_the_counts_drawn(monkeypatch, demo_real_dir, made):
    monkeypatch.setenv("KANGABA_DATA", str(demo_real_dir))
    at = signed_in("staff", {"commune": "KANIOGO", "periode": "2022"})
    visit(at, CASES)
    bars = [v for tr in chart(at, "Cas à chaque étape, par sexe")["data"] if tr["type"] == "bar" for v in tr["x"]]
    table = csv_frame(downloads(at, made, sidebar=False, page_xlsx=False)["parcours_par_sexe.csv"])
    assert len(bars) == (table[CASES_COL].str.fullmatch(r"\d+")).sum(), list(table[CASES_COL])
