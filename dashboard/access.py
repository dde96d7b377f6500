"""Who is looking, and so what the queries may return (role, Scope, rights), and what may leave.

The role comes from the signed-in session only — never from a widget default or a
URL parameter. Rules:
- sign-in is required unless the SERVER is in demo mode: KANGABA_DEMO=1, or this server process
  generated the built-in demo set itself (an empty data folder) and that very version is still in
  force — and, either way, the extracts in force say they are fictitious. A data folder alone never
  switches sign-in off: « "synthetic": true » in `_dataset.json` or a restored demo version only
  change the « données fictives » banner. KANGABA_DEMO=0: never demo mode;
- sign-in required and no account configured: nothing is shown; the page explains how
  to create the first admin account;
- demo mode: the dashboard runs without sign-in and says so; a « Voir comme » selector shows what
  each role would see (fictitious data only).
Every file a session downloads is built by a callable from `guarded()`, which checks the session
again when the file is built and delivered (signed in or demo mode, account still there, password
unchanged, not expired, same role, scope and rights as when the button was drawn): otherwise the
file says, in French, that the export was refused, and the audit log records « export_refused ».
"""
from __future__ import annotations

import json
import os
import threading
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

import queries
import state
from queries import Dataset, Scope, contract

from . import auth, capabilities, data
from .url import link_params
from .i18n import t


PREVIEW_PARTNER = ("CASE_SAHEL", ("NOUGA",))
DEMO_ENV = "KANGABA_DEMO"
FOLLOW_UP = "suivi_cas"


def role_label(role: str, lang: str) -> str:
    return auth.ROLE_LABELS[role][1 if lang == "en" else 0]


# ------------------------------------------------------------------ demo mode: the server's, not the data's

_generated: tuple | None = None     # queries.signature() of the demo set this process generated
_generating = threading.Lock()
DEMO_RECORD = "demo-genere.json"   # in the server's own cache folder (owner only), never in the data


def prepare_data(directory: Path) -> bool:
    """Generate the demo set when `directory` holds no extract (data.ensure_data). When this process
    did, it remembers the version it wrote: the server is in demo mode while that version is in force.
    It also writes down, in its own private cache folder, the folder and the content hash of what it
    generated, so that a restart of the server on that untouched demo set is in demo mode again."""
    global _generated
    with _generating:
        made = data.ensure_data(directory)
        if made:
            _generated = queries.signature(directory)
            _record_generated(directory)
    return made


def _record_path() -> Path | None:
    folder = queries.usable_cache_dir()
    return folder / DEMO_RECORD if folder else None


def _record_generated(directory: Path) -> None:
    path = _record_path()
    if path is None:
        return
    tmp = path.with_name(f".{path.name}-{os.getpid()}-{threading.get_ident()}")
    tmp.write_text(json.dumps({"folder": str(Path(directory).resolve()),
                               "extracts": queries.extracts_key(directory)}), encoding="utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


_checked: dict[tuple, bool] = {}


def _generated_before(directory: Path) -> bool:
    """This server's cache folder says it generated, earlier, exactly the extracts now in force, in this
    very folder, and nothing was ever imported there (no version, so none restored). A data folder
    cannot say so itself: the record is the server's, the content hash is checked (once per change)."""
    if (Path(directory) / "current").exists():
        return False
    sig = queries.signature(directory)
    if sig not in _checked:
        path = _record_path()
        try:
            rec = json.loads(path.read_text(encoding="utf-8")) if path else {}
        except (FileNotFoundError, ValueError):
            rec = {}
        _checked[sig] = rec.get("folder") == str(Path(directory).resolve()) and \
            rec.get("extracts") == queries.extracts_key(directory)
    return _checked[sig]


def _says_fictitious(directory: Path) -> bool:
    """The extracts in force call themselves fictitious (a missing or unreadable note: no)."""
    meta = queries.resolve_data_dir(directory) / contract.METADATA_FILE
    try:
        return json.loads(meta.read_text(encoding="utf-8")).get("synthetic") is True
    except (FileNotFoundError, ValueError):
        return False


def demo_mode(directory: Path | None = None) -> bool:
    """No sign-in: only on fictitious extracts AND when the server says so (KANGABA_DEMO=1, or the demo
    version this process — or this server before a restart — generated is the one in force).
    KANGABA_DEMO=0: never."""
    directory = directory or data.data_dir()
    setting = os.environ.get(DEMO_ENV, "")
    if setting == "0" or not _says_fictitious(directory):
        return False
    return setting == "1" or (_generated is not None and _generated == queries.signature(directory)) \
        or _generated_before(directory)


# ------------------------------------------------------------------ sessions

def _remember(s: dict, login: str, rec: dict) -> auth.User:
    """The account as it is now into the session record: a changed role or scope applies at once."""
    user = auth.user_from(login, rec)
    s.update(role=user.role, partner=user.partner, communes=user.communes, rights=user.rights,
             state=auth.account_state(rec), last_seen=auth.clock())
    return user


def _signin_form(lang: str) -> None:
    st.subheader(t("signin_title", lang))
    with st.form("signin", clear_on_submit=False):
        login = st.text_input(t("login", lang), key="_login_name")
        password = st.text_input(t("password", lang), type="password", key="_login_password")
        ok = st.form_submit_button(t("signin", lang))
    if ok:
        user = auth.authenticate(login, password)
        rec = auth.load_users().get(user.login) if user else None
        if rec is None:
            st.error(t("signin_failed", lang))
            return
        s = dict(login=user.login, signed_in_at=auth.clock(), stamp=auth.stamp(rec))
        _remember(s, user.login, rec)
        st.session_state["_auth"] = s
        st.session_state.pop("_login_password", None)
        st.rerun()


def _signed_in(lang: str) -> auth.User | None:
    s = st.session_state.get("_auth")
    if not s:
        return None
    problem, rec = auth.check_session(s)
    if problem:
        expired = problem == "expired"
        auth.audit("session_expired" if expired else "session_revoked", s["login"], reason=problem)
        s["ended"] = problem                 # download buttons drawn before now refuse too
        del st.session_state["_auth"]
        st.warning(t("session_expired" if expired else "session_revoked", lang))
        return None
    return _remember(s, s["login"], rec)


def _signout() -> None:
    s = st.session_state.pop("_auth", None)
    if s:
        s["ended"] = "signed_out"
        auth.audit("sign_out", s["login"])


def current_user() -> str | None:
    s = st.session_state.get("_auth")
    return s["login"] if s else None


def current_access(ds: Dataset, lang: str = "fr") -> tuple[str, Scope]:
    """(role, scope) of this session; draws the sign-in form and stops the page when needed.

    When the shared state does not answer (the PostgreSQL database of KANGABA_DATABASE_URL stopped or
    unreachable), the page says so in words and stops: nothing is shown while a session cannot be
    checked, and the next rerun tries again (no Streamlit error box, no traceback)."""
    try:
        return _access(ds, lang)
    except state.StateError as e:
        st.error(t("state_down", lang))
        st.caption(t("state_down_detail", lang, why=str(e)))
        st.stop()


def _access(ds: Dataset, lang: str) -> tuple[str, Scope]:
    user = _signed_in(lang)
    if user:
        st.sidebar.caption(t("signed_in_as", lang, login=user.login, role=role_label(user.role, lang)))
        st.sidebar.button(t("signout", lang), on_click=_signout, key="_signout")
        return user.role, user.scope()
    users = auth.load_users()
    if demo_mode():
        st.sidebar.caption(t("demo_no_signin", lang))
        st.session_state["w_view_as"] = st.session_state.setdefault("_view_as", capabilities.PREVIEW_DEFAULT)
        role = st.sidebar.selectbox(t("view_as", lang), auth.ROLES, key="w_view_as",
                                    on_change=lambda: st.session_state.update(_view_as=st.session_state["w_view_as"]),
                                    format_func=lambda r: role_label(r, lang))
        if users:
            with st.sidebar.expander(t("signin_title", lang)):
                _signin_form(lang)
        if capabilities.sees_own(role):
            return role, auth.scope_for(role, PREVIEW_PARTNER[0], PREVIEW_PARTNER[1])
        return role, auth.scope_for(role)
    if ds.synthetic:
        st.caption(t("demo_off", lang))
    if not users:
        st.error(t("no_users", lang))
        st.markdown(t("no_users_help", lang))
        st.code("python -m dashboard.users add admin --role admin", language="bash")
        st.stop()
    st.info(t("signin_required", lang))
    _signin_form(lang)
    st.stop()


# ------------------------------------------------------------------ rights

def session_rights() -> tuple[str, ...]:
    """The rights granted to the signed-in account (none in the demo's « Voir comme »)."""
    s = st.session_state.get("_auth")
    return tuple(s.get("rights") or ()) if s else ()


def follow_up_scope(role: str, scope: Scope) -> Scope | None:
    """An account that may « follow_own » (a partner granted « suivi_cas »): its scope (its organisation,
    its communes, consenting cases only) without small-count protection, to list its OWN stalled
    cases' codes. None otherwise."""
    if scope.partners and capabilities.can(role, "follow_own", session_rights()):
        return replace(scope, min_cell=1)
    return None


def own_rows(df: pd.DataFrame, scope: Scope) -> pd.DataFrame | None:
    """The rows of a data-quality table that belong to the scope's organisation and communes; None
    when the table does not say whose rows are whose (no `partner` column). A row whose organisation
    is empty is never a partner's own."""
    if "partner" not in df:
        return None
    mine = df["partner"].isin(scope.partners or ())
    if scope.communes is not None and "commune" in df:
        mine &= df["commune"].isin(scope.communes) | df["commune"].isna()
    return df[mine]


def use_right(right: str, what: str, rows: int) -> None:
    """Audit each time a right shows something (who, which right, what, how many rows)."""
    auth.audit("right_used", current_user(), right=right, what=what, rows=rows)


# ------------------------------------------------------------------ exports

def guarded(build, what: str, fmt_: str, lang: str):
    """The callable a download button gets (st.download_button(data=...), run when the file is asked
    for, outside the script run). It checks the session as drawn now AND when building and delivering
    the file; refused: the file holds a French refusal, the audit log « export_refused » and why."""
    filters = link_params()
    s = st.session_state.get("_auth")
    drawn = s["state"] if s else None
    who = s["login"] if s else "démo"
    extra = {} if s else {"view_as": st.session_state.get("_view_as", capabilities.PREVIEW_DEFAULT)}

    def problem() -> str | None:
        if s is not None:
            return auth.check_session(s, drawn)[0]
        return None if demo_mode() else "demo_ended"     # drawn without sign-in: in demo mode only

    def deliver():
        reason = problem()
        built = None if reason else build()
        reason = reason or problem()          # the session may have ended while the file was built
        if reason:
            from .exports import refusal
            auth.audit("export_refused", who, what=what, format=fmt_, reason=reason, filters=filters, **extra)
            return refusal(fmt_, t("export_refused", lang, why=t("refused_" + reason, lang)))
        auth.audit("export", who, what=what, format=fmt_, filters=filters, **extra)
        return built
    return deliver
