"""The « Cibles » sheet: the data owner's target cells (queries/targets.py), checked and kept with the data
version that the import makes (its file cibles.csv).

Each row is one cell: indicator, and optionally commune, partner, year, sex, setting; its target. The rows
of an indicator replace all of that indicator's target cells in force; indicators the sheet does not name
keep theirs. A sheet with any wrong row is not taken at all (its cells must add up to the project's
target): every problem names its row. Nothing of the sheet is a personal datum.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

import queries
from queries import targets as T

from . import normalise as N
from .read import Sheet
from .report import REJECT, ImportResult, Problem, SheetInfo, TableCount

SHEET = "Cibles"
DEFAULT_SHEET = "Cibles par défaut"          # the default cells, for reading only (never imported)
TABLE = "targets"
HEADERS = {"indicator": "Indicateur", "commune": "Commune", "partner": "Partenaire", "year": "Année",
           "sex": "Sexe", "setting": "Milieu (site / école)", "target": "Cible"}
ALIASES = {"indicator": ("indicateur", "id", "indicator", "code de l indicateur"), "commune": ("commune",),
           "partner": ("partenaire", "partner", "organisation"), "year": ("annee", "year", "an"),
           "sex": ("sexe", "sex"), "setting": ("milieu", "milieu site ecole", "setting"),
           "target": ("cible", "target", "valeur cible")}
KINDS = {"commune": "commune", "partner": "partner", "sex": "sex", "setting": "setting"}


def is_targets(sheet: Sheet) -> bool:
    return N.norm(sheet.name) in (N.norm(SHEET), "targets", "cible")


def _indicator(value) -> str | None:
    """An indicator's id, or its French or English label (long or short), compared after N.norm."""
    if N.is_blank(value):
        return None
    lf = queries.logframe()
    names = {N.norm(r[c]): r["id"] for _, r in lf.iterrows()
             for c in ("id", "label_fr", "label_en", "short_fr", "short_en")}
    return names.get(N.norm(value), N.clean(value))


def _column(header) -> str | None:
    n = N.norm(header)
    return next((c for c, names in ALIASES.items() if n in names or n == N.norm(HEADERS[c])), None)


def read(sheet: Sheet, res: ImportResult) -> tuple[pd.DataFrame | None, list[int], set[int]]:
    """The cells of one « Cibles » sheet, their row numbers and the positions of the rows with an unreadable
    value (reported, and left blank); None when the sheet lacks a required column."""
    def problem(line, column, value, message, suggestion=""):
        res.problems.append(Problem(sheet.file, sheet.name, line, column, N.shown(value), REJECT, message,
                                    suggestion, TABLE, ""))
    head_line, head = sheet.rows[0]
    cols = {_column(h): i for i, h in enumerate(head) if h is not None and _column(h)}
    missing = [HEADERS[c] for c in ("indicator", "target") if c not in cols]
    if missing:
        problem(head_line, ", ".join(missing), "", "colonne(s) obligatoire(s) absente(s) de la feuille des cibles : "
                + ", ".join(f"« {m} »" for m in missing), "reprenez les en-têtes du modèle (python -m importer template)")
        return None, [], set()
    rows, lines, bad = [], [], set()
    for line, cells in sheet.rows[1:]:
        raw = {c: cells[i] if i < len(cells) else None for c, i in cols.items()}
        cell = {"indicator": _indicator(raw.get("indicator"))}
        for c in ("commune", "partner", "sex", "setting"):
            try:
                cell[c] = N.enum(KINDS[c], raw.get(c), nullable=True)
            except N.Invalid as e:
                bad.add(len(rows))
                cell[c] = None
                problem(line, HEADERS[c], raw.get(c), e.message, e.suggestion)
        for c, integer in (("year", True), ("target", False)):
            try:
                cell[c] = N.number(raw.get(c), integer)
            except N.Invalid as e:
                bad.add(len(rows))
                cell[c] = None
                problem(line, HEADERS[c], raw.get(c), e.message, e.suggestion)
        rows.append(cell)
        lines.append(line)
    return T.frame(rows), lines, bad


def check(sheets: list[Sheet], stored: pd.DataFrame | None, res: ImportResult) -> pd.DataFrame | None:
    """The data owner's cells after this import (stored ones, with those of every indicator the sheets name
    replaced), or None when the sheets change nothing. Problems and counts go to `res`."""
    cells, lines, bad = [], [], set()
    for sheet in sheets:
        if len(sheet.rows) < 2:
            continue
        res.sheets.append(SheetInfo(sheet.file, sheet.name, None, "feuille des cibles (indicateur × commune, "
                                    "partenaire, année, sexe, milieu)", sheet.rows[0][0], len(sheet.rows) - 1))
        got, where, unreadable = read(sheet, res)
        cnt = res.counts.setdefault(TABLE, TableCount())
        cnt.read += len(sheet.rows) - 1
        if got is None:
            cnt.rejected += len(sheet.rows) - 1
            continue
        bad |= {len(lines) + i for i in unreadable}
        cells.append(got)
        lines += [(sheet, n) for n in where]
    if not cells:
        return None
    new = pd.concat(cells, ignore_index=True)
    # what the cells say, except what follows from a value already reported as unreadable
    found = [(pos, m) for pos, m in T.problems(new, queries.logframe()) if len(pos) == 1 or not set(pos) & bad]
    cnt = res.counts[TABLE]
    if found or bad:
        for positions, message in found:
            for pos in positions:
                sheet, line = lines[pos]
                res.problems.append(Problem(sheet.file, sheet.name, line, HEADERS["target"],
                                            N.shown(new.loc[pos, "target"]), REJECT, message,
                                            "corrigez les cibles de cet indicateur (voir la feuille « "
                                            f"{DEFAULT_SHEET} » du modèle)", TABLE, ""))
        cnt.rejected += len(new)
        return None
    own = T.merged(stored if stored is not None else new.iloc[0:0], new)
    if stored is not None and _same(own, stored):
        cnt.unchanged += len(new)
        return None
    cnt.new += len(new)
    return own


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    key = list(T.COLUMNS)
    norm = (lambda d: d[key].astype(str).sort_values(key).reset_index(drop=True))
    return norm(a).equals(norm(b))


def stored_cells(folder: Path | None) -> pd.DataFrame | None:
    """The data owner's cells kept with the version in force (its cibles.csv), if any."""
    f = folder / T.TARGETS_FILE if folder is not None else None
    return T.read_csv(f) if f is not None and f.is_file() else None
