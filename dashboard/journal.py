"""The audit journal as the reader sees it (pure: no Streamlit): records -> a table with the column names and
the events in the reader's language and the times in the reader's time zone, the zone named in the header.

The log stores `at` as a UTC ISO time (dashboard/auth.audit); the page passes the browser's zone
(st.context.timezone) or, without one, the server's."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from .i18n import TEXT, t

# every event dashboard/auth.audit is called with (grep 'audit(' in dashboard/, importer/)
EVENTS = ("sign_in", "sign_in_failed", "sign_in_locked", "sign_out", "session_expired", "session_revoked",
          "user_added", "role_set", "right_granted", "right_revoked", "password_reset", "user_removed",
          "right_used", "export", "export_refused", "import", "import_failed", "restore", "restore_failed")
# the fields the calls write, in the order they are shown; any other field follows under its own name
COLUMNS = ("at", "event", "who", "login", "role", "partner", "communes", "right", "rights_withdrawn", "what",
           "format", "rows", "reason", "failures", "filters", "view_as", "data", "files", "version")


def server_zone() -> str:
    """The server's zone name (TZ, /etc/localtime), UTC when it has none."""
    tz = datetime.now().astimezone().tzinfo
    key = getattr(tz, "key", None)
    if key:
        return key
    try:
        from pathlib import Path
        p = Path("/etc/localtime").resolve()
        if "zoneinfo" in p.parts:
            name = "/".join(p.parts[p.parts.index("zoneinfo") + 1:])
            ZoneInfo(name)
            return name
    except (OSError, ValueError, ZoneInfoNotFoundError):
        pass
    return "UTC"


def zone(name: str | None) -> ZoneInfo:
    """The named zone; an unknown or missing name gives the server's zone."""
    for n in (name, server_zone(), "UTC"):
        if n:
            try:
                return ZoneInfo(n)
            except (ValueError, ZoneInfoNotFoundError):
                continue
    return ZoneInfo("UTC")


def local_time(at, tz: ZoneInfo) -> str:
    """A stored UTC ISO time as « AAAA-MM-JJ HH:MM:SS » in the zone (blank when absent or unreadable)."""
    if not isinstance(at, str) or not at:
        return ""
    try:
        d = datetime.fromisoformat(at)
    except ValueError:
        return at
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return d.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


def event_label(event, lang: str) -> str:
    return t("journal_ev_" + event, lang) if event in EVENTS else str(event)


def reason_label(reason, lang: str):
    """Why a session ended or an export was refused, in words (the refusal's own sentence); other values as written."""
    key = f"refused_{reason}"
    return t(key, lang).rstrip(".") if isinstance(reason, str) and key in TEXT else reason


def _cell(v):
    """Lists as « a, b », dicts as « clé : valeur ; … » (the filters of an export), the rest as written."""
    if isinstance(v, (list, tuple)):
        return ", ".join(map(_cell, v))
    if isinstance(v, dict):
        return " ; ".join(f"{k} : {_cell(x)}" for k, x in v.items())
    return v


def table(records: list[dict], lang: str, tz_name: str | None) -> pd.DataFrame:
    """Newest first; columns named in `lang`, the time column naming the zone; events as words; other cells
    as the log wrote them (lists and dicts as text), blank where an event has no such field."""
    tz = zone(tz_name)
    df = pd.DataFrame(list(reversed(records)))
    if df.empty:
        return df
    order = [c for c in COLUMNS if c in df.columns] + [c for c in df.columns if c not in COLUMNS]
    df = df[order].copy()
    if "at" in df:
        df["at"] = [local_time(a, tz) for a in df["at"]]
    if "event" in df:
        df["event"] = [event_label(e, lang) for e in df["event"]]
    if "reason" in df:
        df["reason"] = [reason_label(r, lang) for r in df["reason"]]
    for c in df.columns:
        if df[c].dtype == object:
            df[c] = [_cell(v) for v in df[c]]
    df = df.astype(object).where(df.notna(), "")          # a field an event does not have: blank, not None/nan
    names = {c: (t("journal_col_at", lang, zone=tz.key) if c == "at" else t("journal_col_" + c, lang))
             for c in df.columns if c in COLUMNS}
    return df.rename(columns=names).reset_index(drop=True)
