"""What the import checks share: a row read from a sheet, how a value is shown in a message, and the
collector of problems and counts (`Collector.flag` is the one way a row is rejected or warned about).

Used by sheets.py (Kobo/ODK/XLSForm sheet handling), checks.py (row checks) and validate.py."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from queries import calendar, contract
from queries.contract import TABLES

from . import normalise as N
from .columns import HEADERS, ID_COLUMNS
from .read import Sheet
from .report import INFO, REJECT, ImportResult, Problem, TableCount

SPAN = calendar.SPAN
OLDEST = date(2000, 1, 1)
COUNTS = ("girls", "boys", "women", "men")
STAGE_INDEX = {s: i for i, s in enumerate(contract.STAGES)}
MASKED = "(masqué : ressemble à un nom)"
CONSENT_UNKNOWN = ("consentement inconnu, traité comme un refus (exclu de toutes les vues sauf celle du responsable "
                   "des données : chiffres, cartes, exports et présentations des autres rôles)")
TOTAL_WORDS = ("total", "totaux", "sous total", "total general", "ensemble")


def fmt(v) -> str:
    if v is None:
        return "vide"
    if isinstance(v, date):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, bool):
        return "oui" if v else "non"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def required(table: str) -> list[str]:
    return [c.name for c in TABLES[table].columns if not c.nullable and not c.optional]


@dataclass
class Row:
    table: str
    file: str
    sheet: str
    line: int
    values: dict = field(default_factory=dict)
    cells: dict = field(default_factory=dict)      # contract column -> (header, raw cell)
    ref: str = ""                                  # KoboToolbox _uuid
    kobo_index: str = ""                           # KoboToolbox _index (main sheet of an export)
    parent: tuple | None = None                    # link of a Kobo repeat row to its submission
    status: str = "ok"                             # ok | rejected | example | duplicate | unchanged | new

    def key(self) -> tuple:
        return tuple(self.values.get(c) for c in TABLES[self.table].key)

    def where(self, same_sheet_as: "Row | None" = None) -> str:
        if same_sheet_as and (same_sheet_as.file, same_sheet_as.sheet) == (self.file, self.sheet):
            return f"ligne {self.line}"
        return f"{self.file}{' › ' + self.sheet if self.sheet else ''}, ligne {self.line}"



class Collector:
    """The problems, counts and rows of one import as they are found."""

    def __init__(self, stored: dict[str, list[dict]], today: date | None = None):
        self.stored = {t: stored.get(t, []) for t in TABLES}
        self.today = today or date.today()
        self.res = ImportResult()
        self.rows: dict[str, list[Row]] = {t: [] for t in TABLES}

    def count(self, table: str) -> TableCount:
        return self.res.counts.setdefault(table, TableCount())

    def sheet_problem(self, sheet: Sheet, message: str, severity=INFO, column="", suggestion="", table=""):
        self.res.problems.append(Problem(sheet.file, sheet.name, None, column, "", severity, message, suggestion,
                                         table))

    def flag(self, row: Row, column: str, message: str, suggestion: str = "", severity=REJECT, value=None):
        header, raw = row.cells.get(column, (HEADERS[row.table].get(column, column), None))
        shown = N.shown(raw) if value is None else value
        if severity == REJECT and column in ID_COLUMNS.get(row.table, ()) and raw is not None \
                and N.looks_like_name(raw) and N.norm(raw) not in TOTAL_WORDS:
            shown = MASKED
        self.res.problems.append(Problem(row.file, row.sheet, row.line, header, shown, severity, message,
                                         suggestion, row.table, column, row.ref))
        if severity == REJECT:
            row.status = "rejected"
