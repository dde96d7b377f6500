"""The import report: every problem with file, sheet, row (as seen in the spreadsheet), column,
value, what is wrong and a suggestion — in French; counts per table; the exit code."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .columns import TABLE_LABELS

REJECT, WARN, INFO = "rejet", "avertissement", "info"
COLUMNS = {  # report column -> Problem attribute
    "Fichier": "file", "Feuille": "sheet", "Ligne": "row", "Colonne": "column", "Valeur": "value",
    "Gravité": "severity", "Problème": "message", "Suggestion": "suggestion", "Table": "table",
    "Champ du contrat": "field", "Soumission Kobo (_uuid)": "ref",
}


@dataclass
class Problem:
    file: str
    sheet: str
    row: int | None
    column: str
    value: str
    severity: str
    message: str
    suggestion: str = ""
    table: str = ""
    field: str = ""
    ref: str = ""

    def line(self) -> str:
        where = self.file + (f" › {self.sheet}" if self.sheet else "")
        if self.row:
            where += f", ligne {self.row}"
        if self.column:
            where += f", colonne « {self.column} »"
        val = f" (valeur « {self.value} »)" if self.value and f"« {self.value} »" not in self.message else ""
        sugg = f" — {self.suggestion}" if self.suggestion else ""
        return f"[{self.severity}] {where} : {self.message}{val}{sugg}"


@dataclass
class TableCount:
    read: int = 0          # data rows found in the files
    new: int = 0           # accepted and added
    unchanged: int = 0     # accepted, already stored identically
    duplicates: int = 0    # identical repeats within the files, counted once
    rejected: int = 0
    examples: int = 0      # example rows of the template, ignored

    @property
    def accepted(self) -> int:
        return self.new + self.unchanged


@dataclass
class SheetInfo:
    file: str
    sheet: str
    table: str | None
    how: str
    header_row: int | None = None
    rows: int = 0


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, TableCount] = field(default_factory=dict)
    sheets: list[SheetInfo] = field(default_factory=list)
    dropped: list[tuple[str, str, str]] = field(default_factory=list)   # (file, sheet, header) personal data
    new_rows: dict[str, list[dict]] = field(default_factory=dict)
    dry_run: bool = True
    version: str | None = None
    status: str = ""          # one French sentence: what happened to the data directory
    failed: bool = False      # nothing written because of an error (not a rejection)
    file_errors: int = 0      # unreadable files / unrecognised sheets

    @property
    def rejected(self) -> int:
        return sum(c.rejected for c in self.counts.values()) + self.file_errors

    @property
    def accepted(self) -> int:
        return sum(c.accepted for c in self.counts.values())

    @property
    def new(self) -> int:
        return sum(c.new for c in self.counts.values())

    @property
    def exit_code(self) -> int:
        """0 nothing rejected; 1 some rows rejected (the valid ones imported); 2 nothing could be imported."""
        if self.failed or self.accepted == 0:
            return 2
        return 1 if self.rejected else 0

    def summary_lines(self) -> list[str]:
        out = []
        for s in self.sheets:
            where = s.file + (f" › {s.sheet}" if s.sheet else "")
            if s.table:
                out.append(f"{where} → table {s.table} ({TABLE_LABELS[s.table]}), {s.how} ; "
                           f"en-têtes ligne {s.header_row}, {s.rows} ligne(s) de données")
            else:
                out.append(f"{where} → {s.how}")
        for t, c in self.counts.items():
            parts = [f"{c.accepted} acceptée(s) dont {c.new} nouvelle(s) et {c.unchanged} déjà enregistrée(s)",
                     f"{c.rejected} rejetée(s)"]
            if c.duplicates:
                parts.append(f"{c.duplicates} doublon(s) identique(s) compté(s) une fois")
            if c.examples:
                parts.append(f"{c.examples} ligne(s) d'exemple ignorée(s)")
            out.append(f"table {t} ({TABLE_LABELS[t]}) : {c.read} ligne(s) lue(s) : " + ", ".join(parts))
        if self.dropped:
            out.append("colonnes écartées (données personnelles, jamais enregistrées) : " +
                       ", ".join(f"« {h} » ({f}{' › ' + s if s else ''})" for f, s, h in self.dropped))
        if self.status:
            out.append(self.status)
        return out

    def frame(self) -> pd.DataFrame:
        """Problems as a table (French column names), rejections first."""
        order = {REJECT: 0, WARN: 1, INFO: 2}
        probs = sorted(self.problems, key=lambda p: (order.get(p.severity, 3), p.file, p.sheet, p.row or 0))
        rows = [{k: ("" if getattr(p, a) is None else getattr(p, a)) for k, a in COLUMNS.items()} for p in probs]
        df = pd.DataFrame(rows, columns=list(COLUMNS))
        df["Ligne"] = pd.array([p.row for p in probs], dtype="Int64")
        return df

    def screen_frame(self) -> pd.DataFrame:
        """The problems to show on a screen (no « info »): fewer, wider columns, the suggestion beside the problem."""
        from .privacy import WHY
        df = self.frame()
        df = df[(df["Gravité"] != INFO) & (df["Problème"] != WHY)]        # dropped columns: listed apart
        return pd.DataFrame({
            "Gravité": df["Gravité"], "Ligne": df["Ligne"].astype("string").fillna(""), "Colonne": df["Colonne"],
            "Problème → suggestion": df["Problème"] + df["Suggestion"].map(lambda s: f" → {s}" if s else ""),
            "Valeur": df["Valeur"],
            "Fichier › feuille": df["Fichier"] + df["Feuille"].map(lambda s: f" › {s}" if s else ""),
        })

    def counts_frame(self) -> pd.DataFrame:
        rows = [{"Table": t, "Libellé": TABLE_LABELS[t], "Lues": c.read, "Nouvelles": c.new,
                 "Déjà enregistrées": c.unchanged, "Rejetées": c.rejected, "Doublons identiques": c.duplicates,
                 "Exemples ignorés": c.examples} for t, c in self.counts.items()]
        return pd.DataFrame(rows, columns=["Table", "Libellé", "Lues", "Nouvelles", "Déjà enregistrées", "Rejetées",
                                           "Doublons identiques", "Exemples ignorés"])

    def report_frame(self) -> pd.DataFrame:
        """The report file: summary lines (severity « résumé ») then every problem."""
        head = pd.DataFrame([{"Gravité": "résumé", "Problème": line} for line in self.summary_lines()],
                            columns=list(COLUMNS))
        return pd.concat([head, self.frame().astype(object)], ignore_index=True)

    def csv_bytes(self) -> bytes:
        """CSV for Excel (`;`, UTF-8 with BOM), cells that a spreadsheet would run as a formula neutralised."""
        from dashboard.tables import csv_bytes
        return csv_bytes(self.report_frame())
