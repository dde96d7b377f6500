"""Every word the dashboard shows, in French (default) and English, grouped by page or subject.

Each module holds a plain dict `TEXT = {key: (fr, en)}`; `codes` holds the labels of the codes of the
data contract (`CODES = {kind: {code: (fr, en)}}`). This package collects the modules listed in
MODULES, explicitly: a new module of words is added to that list. A key defined in two modules is an
error raised here, at import. No other module adds words at run time: `dashboard.i18n` reads `TEXT`
and `CODES` from here.
"""
from __future__ import annotations

from types import MappingProxyType

from . import (access, capacity, cases, codes, common, filters, findings, importing, journal, maps, overview,
               presentation, quality, report, sensitisation)
from . import budget, completeness, explorer  # noqa: E402  (issue 13's pages)

MODULES = (common, filters, overview, sensitisation, cases, maps, capacity, quality, importing, journal,
           presentation, findings, report, access, explorer, budget, completeness)


class DuplicateKey(ValueError):
    """A key of words defined in two modules."""


def collect(modules) -> dict[str, tuple[str, str]]:
    """{key: (fr, en)} of every module; a key in two modules raises DuplicateKey."""
    out: dict[str, tuple[str, str]] = {}
    where: dict[str, str] = {}
    for m in modules:
        for k, v in m.TEXT.items():
            if k in out:
                raise DuplicateKey(f"texte « {k} » défini deux fois : {where[k]} et {m.__name__}")
            out[k], where[k] = v, m.__name__
    return out


# read-only: words are added in the modules above, never at run time
TEXT = MappingProxyType(collect(MODULES))
CODES = MappingProxyType(codes.CODES)
