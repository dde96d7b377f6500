"""Numbers and dates as French (6 993 ; 78,5 %) or English (6,993; 78.5%) readers expect."""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from queries.calendar import MONTHS_EN, MONTHS_FR

NBSP = "\u00a0"


def _missing(v) -> bool:
    """None, NaN, NA, NaT (pandas' or numpy's)."""
    return v is None or (not isinstance(v, str) and pd.api.types.is_scalar(v) and bool(pd.isna(v)))


def num(v, lang: str = "fr", digits: int = 0) -> str:
    """6 993 (fr, non-breaking space) or 6,993 (en). Missing values: « — »."""
    if _missing(v):
        return "—"
    q = Decimal(str(float(v))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    s = f"{q:,.{digits}f}"
    if lang == "fr":
        s = s.replace(",", NBSP).replace(".", ",")
    return s


def pct(v, lang: str = "fr", digits: int = 1) -> str:
    """78,5 % (fr) or 78.5% (en)."""
    if _missing(v):
        return "—"
    return num(v, lang, digits) + (NBSP + "%" if lang == "fr" else "%")


def count_or_hidden(v, hidden: bool = False, lang: str = "fr", k: int = 5) -> str:
    """A count, or « < 5 » where small-cell protection hid it."""
    if hidden:
        return f"<{NBSP}{k}"
    return num(v, lang)


def day(d, lang: str = "fr") -> str:
    """3 mai 2021 / 3 May 2021."""
    if _missing(d):
        return "—"
    d = pd.Timestamp(d)
    months = MONTHS_EN if lang == "en" else MONTHS_FR
    first = "1er" if lang != "en" and d.day == 1 else str(d.day)
    return f"{first} {months[d.month - 1]} {d.year}"


def month(d, lang: str = "fr") -> str:
    d = pd.Timestamp(d)
    months = MONTHS_EN if lang == "en" else MONTHS_FR
    return f"{months[d.month - 1]} {d.year}"


def short_date(d, lang: str = "fr", missing: str = "—") -> str:
    """03/05/2021 (fr) or 2021-05-03 (en); `missing` for no date."""
    if _missing(d):
        return missing
    d = pd.Timestamp(d)
    return d.strftime("%d/%m/%Y") if lang == "fr" else d.strftime("%Y-%m-%d")


def plotly_separators(lang: str = "fr") -> str:
    """layout.separators: decimal then thousands."""
    return "," + NBSP if lang == "fr" else ".,"


def today() -> date:
    return date.today()
