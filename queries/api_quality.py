"""Data-quality views: what was loaded, who reports, rows left out or suspicious. Each goes through the
role's scope like every other view (`bind`): a partner sees its own rows only. The page shows the
extracts as loaded: it passes no filters (`Filters()`)."""
from __future__ import annotations

import threading
from datetime import date

import pandas as pd

from . import calendar, memo
from .binding import FULL_SCOPE, Filters, Scope, bind
from .execution import execute, execute_rows

# dq_issues checks every row of every extract at once (duplicate keys, orphans): at x100 it holds
# 64-128 MB of DuckDB's 256 MB while it runs, so two or more at the same moment ran out of memory.
# One at a time per process; its result is kept per data version, scope and day, so the wait is rare and short.
_ONE_CHECK_AT_A_TIME = threading.Lock()


def _key(p: dict, *names: str) -> tuple:
    return tuple(tuple(p[n]) if isinstance(p[n], list) else p[n] for n in names)


def dq_load_summary(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """Rows per extract and the range of its main date, within the scope's communes and partners. Kept per
    data version and scope (queries/memo.py): the extracts do not change under a connection."""
    p = bind(filters, scope)
    return memo.frozen(memo.per_connection(con, ("dq_load_summary", *_key(p, "communes", "partners")),
                                           lambda: execute(con, "dq_load_summary", p)))


def dq_last_date(con) -> date | None:
    """The last date present in the data (every extract, every partner): the day the data-quality
    page counts each partner's days without reporting up to, the same for every role."""
    v = execute_rows(con, "dq_last_date")[0]["last_date"]
    return None if v is None else date(v.year, v.month, v.day)


def dq_last_activity(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """Per partner of the scope: last activity, activities, last case step (every commune of the partner)."""
    return execute(con, "dq_last_activity", bind(filters, scope))


def dq_issues(con, today: date | None = None, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """Every row left out or suspicious with its problem code, whose row it is (partner, commune), within
    the scope: a partner's own rows (its organisation, in its communes or of no known commune)."""
    params = {**bind(filters, scope), "today": today or date.today(), **calendar.sql_params()}

    def check() -> pd.DataFrame:
        with _ONE_CHECK_AT_A_TIME:
            return execute(con, "dq_issues", params)
    # kept per data version, scope and day (queries/memo.py): every row checked once, not at every view
    return memo.frozen(memo.per_connection(con, ("dq_issues", *_key(params, "today", "communes", "partners")), check))
