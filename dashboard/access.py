"""Who is looking, and so what the queries may return (role and Scope).

Until sign-in exists (issue « Who sees what »), every session is the data owner
on the whole data set: Scope() = all communes and partners, no small-cell
protection. The sign-in work replaces `current_access` and nothing else.
"""
from __future__ import annotations

from queries import FULL_SCOPE, Scope


def current_access() -> tuple[str, Scope]:
    return "admin", FULL_SCOPE
