"""Importing partners' data into contract extracts — without losing or corrupting what is there,
and without letting personal data in.

    from importer import Source, run_import
    res = run_import([Source.from_path("rapport.xlsx")], "data", dry_run=True)
    res.exit_code, res.summary_lines(), res.frame()

Modules: read (files -> sheets), columns (headers <-> contract), normalise (values, variants.csv),
privacy (personal-data columns), validate (the check: sheets -> Kobo/ODK/template sheet handling,
checks -> row checks, keys, references, case steps, rows -> what both share), store (versions,
atomic switch, restore; locking: the lock and the cleaning of unfinished imports), report (problems,
counts, CSV), templates (XLSX template), xlsform (KoboToolbox forms). Command line: `python -m importer --help`.
"""
from __future__ import annotations

import getpass
import hashlib
import os
from datetime import date, datetime
from pathlib import Path

from dashboard import auth
from queries.contract import TABLES

from . import store
from . import targets as target_sheet
from .read import Source, Unreadable, read_source
from .report import WARN, ImportResult, Problem
from .validate import check

__all__ = ["Source", "ImportResult", "run_import", "restore", "store"]

DEMO_REFUSAL = (
    "le dossier {d} contient des données fictives de démonstration : des données réelles ne s'y mélangent pas. "
    "Rien n'a été écrit. Pour remplacer les données de démonstration, relancez avec --replace-demo "
    "(case « Remplacer les données de démonstration » sur la page) : l'import part alors d'extraits vides, "
    "et les données de démonstration restent disponibles comme version précédente.")


def read_all(sources: list[Source]):
    sheets, errors = [], []
    for src in sources:
        try:
            sheets.extend(read_source(src))
        except Unreadable as e:
            errors.append((src.name, str(e), "vérifiez le fichier (modèle : python -m importer template)"))
    return sheets, errors


def run_import(sources: list[Source], data_dir, *, dry_run: bool = False, replace_demo: bool = False,
               today: date | None = None, now: datetime | None = None, who: str | None = None) -> ImportResult:
    """Check `sources` against the extracts in force in `data_dir` and, unless dry_run, put a new
    version with the accepted rows in force. Never raises for bad data: see res.exit_code / res.status.
    An import (not a dry run) goes to the audit trail as « import » or « import_failed », by `who`
    (the signed-in login; default: the user of the operating system)."""
    d = Path(data_dir)
    sheets, errors = read_all(sources)
    holder: list[ImportResult] = []
    try:
        res = _run(sources, d, sheets, errors, True, replace_demo, today, now, holder) if dry_run else \
            _run_locked(sources, d, sheets, errors, replace_demo, today, now, holder)
    except (store.StoreError, OSError) as e:
        res = holder[0] if holder else ImportResult()
        res.dry_run, res.failed, res.version = dry_run, True, None
        res.status = "Import impossible : " + (str(e) if isinstance(e, store.StoreError) else
                                               f"erreur d'écriture dans {d} ({e}). Rien n'a été mis en vigueur.")
    except BaseException as e:                      # Ctrl-C, a bug: audited, then raised
        if not dry_run:
            audit("import_failed", who, data=str(d), files=[s.name for s in sources], reason=repr(e))
        raise
    if not dry_run:
        audit_import(res, sources, d, who)
    return res


def _run_locked(sources, d: Path, sheets, errors, replace_demo, today, now, holder) -> ImportResult:
    with store.lock(d):
        res = _run(sources, d, sheets, errors, False, replace_demo, today, now, holder)
        if res.version:
            removed = store.prune(d)
            if removed:
                res.status += f" Anciennes versions supprimées (on garde les {store.KEEP} dernières) : " \
                              + ", ".join(removed) + "."
    return res


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):                     # no name for this uid (container)
        return f"uid {os.getuid()}"


def audit(event: str, who: str | None, **detail) -> None:
    """One line of the audit trail (dashboard.auth.audit, $KANGABA_AUDIT)."""
    auth.audit(event, who or os_user(), **detail)


def audit_import(res: ImportResult, sources: list[Source], d: Path, who: str | None) -> None:
    files = [s.name for s in sources]
    rows = {"nouvelles": res.new, "rejetees": res.rejected,
            "par_table": {t: len(v) for t, v in res.new_rows.items() if v}}
    if res.exit_code == 2:
        audit("import_failed", who, data=str(d), files=files, rows=rows, reason=res.status)
    else:
        audit("import", who, data=str(d), files=files, version=res.version, rows=rows)


def restore(data_dir, version: str, who: str | None = None) -> str:
    """Put an earlier version back in force (store.restore), audited as « restore » or « restore_failed »."""
    try:
        vid = store.restore(Path(data_dir), version)
    except store.StoreError as e:
        audit("restore_failed", who, data=str(data_dir), version=version, reason=str(e))
        raise
    audit("restore", who, data=str(data_dir), version=vid)
    return vid


def _run(sources, d: Path, sheets, errors, dry_run, replace_demo, today, now, holder) -> ImportResult:
    base = store.load(d)
    demo = base.synthetic
    stored = {t: [] for t in TABLES} if demo else base.tables
    own_targets = None if demo else target_sheet.stored_cells(base.folder)
    res = check([s for s in sheets if not target_sheet.is_targets(s)], stored, today, errors)
    holder.append(res)
    new_targets = target_sheet.check([s for s in sheets if target_sheet.is_targets(s)], own_targets, res)
    res.dry_run = dry_run
    if base.ignored and not demo:
        for t, cols in base.ignored.items():
            res.problems.append(Problem(str(base.folder), f"{t}.parquet", None, ", ".join(cols), "", WARN,
                                        "colonnes hors contrat des extraits en vigueur : elles ne sont pas reprises "
                                        "dans la nouvelle version (elles restent dans la version précédente)",
                                        table=t))
    if demo and not replace_demo:
        res.failed = True
        res.status = "Import refusé : " + DEMO_REFUSAL.format(d=d)
        return res
    start = " en partant d'extraits vides (données de démonstration remplacées)" if demo else ""
    if res.accepted == 0:
        res.status = "Rien à importer : aucune ligne acceptée. Les données n'ont pas changé."
        return res
    if res.new == 0:
        res.status = ("Aucune nouvelle ligne : tout était déjà enregistré. Les données n'ont pas changé, "
                      "aucune nouvelle version n'est créée.")
        return res
    if dry_run:
        res.status = (f"Simulation : rien n'a été écrit. L'import ajouterait {res.new} ligne(s){start} "
                      f"dans une nouvelle version de {d}.")
        return res
    merged = {t: stored[t] + res.new_rows.get(t, []) for t in TABLES}
    meta = {
        "synthetic": False, "generator": "importer", "contract_version": 1,
        "parent_version": None if demo else (base.version or ("extraits initiaux" if base.folder else None)),
        "replace_demo": demo,
        "sources": [{"file": s.name, "sha256": hashlib.sha256(s.data).hexdigest(), "bytes": len(s.data)}
                    for s in sources],
        "added": {t: len(v) for t, v in res.new_rows.items() if v},
        "targets": "importées" if new_targets is not None else ("reprises" if own_targets is not None else "par défaut"),
        "dropped_personal_columns": sorted({h for _, _, h in res.dropped}),
        "note_fr": "Données réelles importées des fichiers des partenaires (python -m importer).",
    }
    res.version = store.commit(d, merged, meta, now, new_targets if new_targets is not None else own_targets)
    res.status = (f"Import terminé : {res.new} ligne(s) ajoutée(s){start}. Nouvelle version en vigueur : "
                  f"{res.version} ({d / store.CURRENT} → {store.VERSIONS}/{res.version}).")
    return res


def template_bytes() -> bytes:
    from .templates import build_template
    return build_template()
