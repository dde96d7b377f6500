"""Who is looking, and so what the queries may return (role and Scope).

The role comes from the signed-in session only — never from a widget default or a
URL parameter. Rules:
- real extracts and no account configured: nothing is shown; the page explains how
  to create the first admin account;
- real extracts: sign-in required;
- demo (synthetic) extracts: the dashboard runs without sign-in and says so; a
  « Voir comme » selector shows what each role would see (fictitious data only).
"""
from __future__ import annotations

import hashlib
import time

import streamlit as st

from queries import Dataset, Scope

from . import auth
from .i18n import TEXT, t

TEXT.update({
    "signin_title": ("Connexion", "Sign in"),
    "login": ("Identifiant", "Login"),
    "password": ("Mot de passe", "Password"),
    "signin": ("Se connecter", "Sign in"),
    "signout": ("Se déconnecter", "Sign out"),
    "signin_failed": ("Identifiant ou mot de passe incorrect.", "Wrong login or password."),
    "signin_required": ("Ces données décrivent des enfants victimes : connectez-vous pour les consulter.",
                        "These data describe child victims: sign in to see them."),
    "session_expired": ("Votre session a expiré : reconnectez-vous.", "Your session has expired: sign in again."),
    "session_revoked": ("Votre compte a été supprimé ou son mot de passe changé : reconnectez-vous.",
                        "Your account was removed or its password changed: sign in again."),
    "no_users": ("Des extraits réels sont chargés mais aucun compte n'est configuré : rien n'est affiché.",
                 "Real extracts are loaded but no account is configured: nothing is shown."),
    "no_users_help": ("Créez le premier compte administrateur sur le serveur, puis rechargez la page :",
                      "Create the first admin account on the server, then reload the page:"),
    "demo_no_signin": ("Démonstration sans connexion (données fictives).", "Demo without sign-in (fictitious data)."),
    "view_as": ("Voir comme", "View as"),
    "signed_in_as": ("Connecté : {login} — {role}", "Signed in: {login} — {role}"),
})

PREVIEW_PARTNER = ("CASE_SAHEL", ("NOUGA",))


def role_label(role: str, lang: str) -> str:
    return auth.ROLE_LABELS[role][1 if lang == "en" else 0]


def _stamp(rec: dict) -> str:
    """A short digest of the account's password hash: a password reset ends the sessions opened before it."""
    return hashlib.sha256(rec["hash"].encode("ascii")).hexdigest()[:16]


def _signin_form(lang: str) -> None:
    st.subheader(t("signin_title", lang))
    with st.form("signin", clear_on_submit=False):
        login = st.text_input(t("login", lang), key="_login_name")
        password = st.text_input(t("password", lang), type="password", key="_login_password")
        ok = st.form_submit_button(t("signin", lang))
    if ok:
        user = auth.authenticate(login, password)
        if user is None:
            st.error(t("signin_failed", lang))
            return
        now = time.time()
        rec = auth.load_users().get(user.login)
        st.session_state["_auth"] = dict(login=user.login, role=user.role, partner=user.partner,
                                         communes=user.communes, signed_in_at=now, last_seen=now,
                                         stamp=_stamp(rec) if rec else None)
        st.session_state.pop("_login_password", None)
        st.rerun()


def _signed_in(lang: str) -> auth.User | None:
    s = st.session_state.get("_auth")
    if not s:
        return None
    if auth.session_expired(s["signed_in_at"], s["last_seen"]):
        auth.audit("session_expired", s["login"])
        del st.session_state["_auth"]
        st.warning(t("session_expired", lang))
        return None
    # the account as it is now: removed or password reset → signed out; role or scope changed → applied at once
    rec = auth.load_users().get(s["login"])
    if rec is None or s.get("stamp") != _stamp(rec):
        auth.audit("session_revoked", s["login"])
        del st.session_state["_auth"]
        st.warning(t("session_revoked", lang))
        return None
    s.update(role=rec["role"], partner=rec.get("partner"),
             communes=tuple(rec["communes"]) if rec.get("communes") else None, last_seen=time.time())
    return auth.User(s["login"], s["role"], s["partner"], s["communes"])


def _signout() -> None:
    s = st.session_state.pop("_auth", None)
    if s:
        auth.audit("sign_out", s["login"])


def current_user() -> str | None:
    s = st.session_state.get("_auth")
    return s["login"] if s else None


def current_access(ds: Dataset, lang: str = "fr") -> tuple[str, Scope]:
    """(role, scope) of this session; draws the sign-in form and stops the page when needed."""
    user = _signed_in(lang)
    if user:
        st.sidebar.caption(t("signed_in_as", lang, login=user.login, role=role_label(user.role, lang)))
        st.sidebar.button(t("signout", lang), on_click=_signout, key="_signout")
        return user.role, user.scope()
    users = auth.load_users()
    if ds.synthetic:
        st.sidebar.caption(t("demo_no_signin", lang))
        st.session_state["w_view_as"] = st.session_state.setdefault("_view_as", "admin")
        role = st.sidebar.selectbox(t("view_as", lang), auth.ROLES, key="w_view_as",
                                    on_change=lambda: st.session_state.update(_view_as=st.session_state["w_view_as"]),
                                    format_func=lambda r: role_label(r, lang))
        if users:
            with st.sidebar.expander(t("signin_title", lang)):
                _signin_form(lang)
        if role == "partner":
            return role, auth.scope_for(role, PREVIEW_PARTNER[0], PREVIEW_PARTNER[1])
        return role, auth.scope_for(role)
    if not users:
        st.error(t("no_users", lang))
        st.markdown(t("no_users_help", lang))
        st.code("python -m dashboard.users add admin --role admin", language="bash")
        st.stop()
    st.info(t("signin_required", lang))
    _signin_form(lang)
    st.stop()
