"""The project's calendar, in one place: its first and last day, its years and quarters, month names.

The dates are read once from the data contract (`contract.PROJECT_START`/`PROJECT_END`, April
2020 – December 2022); every module that needs them as dates, as SQL parameters
(`$project_start`, `$project_end`) or as labels asks here. Pure: no I/O, no DuckDB, no Streamlit.
"""
from __future__ import annotations

from datetime import date

from . import contract

PROJECT_START: date = date.fromisoformat(contract.PROJECT_START)
PROJECT_END: date = date.fromisoformat(contract.PROJECT_END)
SPAN: tuple[date, date] = (PROJECT_START, PROJECT_END)
YEARS: tuple[int, ...] = tuple(range(PROJECT_START.year, PROJECT_END.year + 1))

MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")
MONTHS_SHORT = {"fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
                       "déc."),
                "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")}


def month_names(lang: str = "fr") -> tuple[str, ...]:
    """The twelve month names, French unless lang is "en"."""
    return MONTHS_EN if lang == "en" else MONTHS_FR


def quarters(letter: str = "Q") -> list[str]:
    """The project's quarters as « YYYY-Qn » (the contract's budget format) or, with letter="T",
    « YYYY-Tn » (the French filter keys): 2020-Q2 … 2022-Q4."""
    first = (PROJECT_START.year, (PROJECT_START.month - 1) // 3 + 1)
    last = (PROJECT_END.year, (PROJECT_END.month - 1) // 3 + 1)
    return [f"{y}-{letter}{q}" for y in YEARS for q in (1, 2, 3, 4) if first <= (y, q) <= last]


def sql_params() -> dict[str, date]:
    """The bound values of `$project_start` and `$project_end`."""
    return {"project_start": PROJECT_START, "project_end": PROJECT_END}
