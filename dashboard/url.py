"""The filters in the URL: the URL is the truth, so that a link shares a view.

Filters are stored there as CODES (so a link works in either language) and read back on every run.
Widgets use their own keys ("w_" + URL key), are given the URL's value before they are drawn, and
write the codes back when changed (a widget bound with bind="query-params" would write its
translated label instead). The sidebar draws the widgets (dashboard/sidebar.py); the export guard
(dashboard/access.py) records the filters of what it delivers.
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from queries import calendar, contract

PROJECT_START, PROJECT_END = calendar.PROJECT_START, calendar.PROJECT_END
PERIODS = ["projet", *map(str, calendar.YEARS), *calendar.quarters("T"), "perso"]
# URL keys of the filters and their defaults (what « Réinitialiser » restores)
DEFAULTS = {"commune": [], "localite": [], "partenaire": [], "periode": "projet", "sexe": "tous",
            "du": PROJECT_START, "au": PROJECT_END}

MULTI = {"commune": contract.COMMUNES, "localite": contract.LOCALITIES, "partenaire": contract.PARTNERS}
SINGLE = {"periode": tuple(PERIODS), "sexe": ("tous", "F", "M"), "lang": ("fr", "en")}
DATES = ("du", "au")
URL_KEYS = tuple(MULTI) + tuple(SINGLE) + DATES


def url_state() -> dict:
    """Valid filter values read from the URL (invalid codes are dropped), defaults filled in."""
    q = st.query_params
    out = {}
    for k, allowed in MULTI.items():
        out[k] = [v for v in dict.fromkeys(q.get_all(k)) if v in allowed]
    for k, allowed in SINGLE.items():
        v = q.get(k)
        out[k] = v if v in allowed else ("fr" if k == "lang" else DEFAULTS[k])
    for k in DATES:
        try:
            out[k] = date.fromisoformat(q.get(k, ""))
        except ValueError:
            out[k] = DEFAULTS[k]
    return out


def write_url(key: str) -> None:
    """on_change of a filter widget: its value, as codes, into the URL (defaults removed)."""
    v = st.session_state["w_" + key]
    default = "fr" if key == "lang" else DEFAULTS.get(key)
    if v is None or v == default or v == []:
        st.query_params.pop(key, None)
    elif isinstance(v, list):
        st.query_params[key] = v
    else:
        st.query_params[key] = v.isoformat() if isinstance(v, date) else v


def link_params() -> dict:
    """The filter part of the URL, for links to the other pages."""
    return {k: (st.query_params.get_all(k) if k in MULTI else st.query_params.get(k))
            for k in URL_KEYS if k in st.query_params}


def reset():
    for k in URL_KEYS:
        if k != "lang":
            st.query_params.pop(k, None)
