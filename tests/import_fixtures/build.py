"""Builders of messy partner files (the way partners really fill spreadsheets) and small helpers
for the importer tests. `python tests/import_fixtures/build.py OUTDIR` writes the samples.

Base data: tests/fixtures.py (people PE1-PE3 peer educators, K1-K4 children, activities A1..X1,
cases C01-C05 with C04 identified on 2022-11-01).
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl

import queries
from queries.contract import TABLES

TODAY = date(2024, 6, 1)     # fixed "today" of the tests (dates after it are "in the future")


def xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A workbook; each sheet given as rows (None = empty cell, [] = empty row)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for i, row in enumerate(rows, start=1):
            for j, v in enumerate(row, start=1):
                if v is not None:
                    ws.cell(i, j, v)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def csv_file(path: Path, rows: list[list], sep: str = ";", encoding: str = "utf-8-sig") -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\r\n").writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def tree(directory: Path) -> dict[str, str]:
    """Every file, folder and symlink under a directory -> its bytes' hash (or link target)."""
    out = {}
    for root, dirs, files in os.walk(directory, followlinks=False):
        for name in dirs + files:
            p = Path(root) / name
            rel = str(p.relative_to(directory))
            if p.is_symlink():
                out[rel] = "link:" + os.readlink(p)
            elif p.is_dir():
                out[rel] = "dir"
            else:
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def tables(data_dir: Path) -> dict[str, list[tuple]]:
    """The extracts in force, as sorted tuples (the "signature of rows")."""
    ds = queries.open_dataset(data_dir)
    try:
        return {t: sorted(ds.con.execute(f"select * from {t}").fetchall(), key=repr) for t in TABLES}
    finally:
        ds.con.close()


# ------------------------------------------------------------------ messy samples

ACT_HEAD = ["Code activité", "Type", "Date", "Lieu", "Commune", "Partenaire", "Animateur", "Nb filles", "Nb garçons",
            "Femmes", "Hommes"]


def messy_activities(path: Path) -> Path:
    """A partner's own sheet: title row, blank row, headers on row 3, locality spellings, dates in
    three forms, numbers with spaces, a names and a phone column, one misspelt locality (row 9)."""
    head = ACT_HEAD + ["Nom de l'animateur", "Téléphone", "Observations"]
    rows = [
        ["Rapport des activités ENDA MALI — 2021"], [],
        head,
        ["EN-001", "Causerie", "03/05/2021", "KOFLATIÉ", "Kaniogo", "ENDA MALI/RAO", None, "1 200", 3, 4, 5,
         "Awa Traoré", "76 12 34 56", "RAS"],
        ["EN-002", "causerie ", 44321, "Kofoulatié", None, "Enda Mali", None, 2, "3", "4", "5", "Moussa Keita",
         "+223 66 00 00 00", None],
        ["EN-003", "Focus group", datetime(2021, 5, 3), "Kofoulaté", "KANIOGO", "ENDA", "PE3", 2, 0, 0, 0, None,
         None, None],
        ["EN-004", "Théâtre forum", "2021-05-03", " Tegue ", "kaniogo", "ENDA", None, "10\u00a0000", 3, 4, 5,
         None, None, None],
        ["EN-005", "THEATRE FORUM", "3 mai 2021", "Téguécoro", "Kaniogo", "ENDA", None, 1, 2, 3, 4, None, None,
         None],
        ["EN-006", "Causerie", "04/05/2021", "Kofolatié", "Kaniogo", "ENDA", None, 1, 1, 1, 1, None, None, None],
    ]
    return xlsx(path, {"Rapport T2": rows})


def kobo_activity_export(path: Path) -> Path:
    """KoboToolbox XLSX export (XML values and headers, group separator /) of the activity form,
    with its repeat group « presences » on a second sheet linked by _index/_parent_index."""
    main_head = ["start", "end", "today", "activite/code_activite", "activite/type_activite", "activite/date_debut",
                 "activite/date_fin", "activite/code_pair_educateur", "lieu/commune", "lieu/localite",
                 "lieu/partenaire", "participants/filles", "participants/garcons", "participants/femmes",
                 "participants/hommes", "identite/nom_animateur", "identite/telephone", "_geolocation", "_id",
                 "_uuid", "_submission_time", "_validation_status", "_index"]
    main = [main_head,
            ["2021-06-01T10:00:00.000+00:00", "2021-06-01T10:20:00.000+00:00", "2021-06-01", "KB-FG-001",
             "focus_group", "2021-06-01", None, "PE1", "NOUGA", "KOKOYO", "CASE_SAHEL", 3, 2, 0, 0, "Fatou Diarra",
             "70000000", "[11.69, -8.73]", 101, "8f0c7c1e-0001-4b6e-9d1a-000000000001", "2021-06-01T12:00:00",
             None, 1],
            ["2021-06-02T10:00:00.000+00:00", "2021-06-02T10:20:00.000+00:00", "2021-06-02", "KB-RAD-001",
             "radio", "2021-06-02", None, None, "NOUGA", "toute_la_commune", "CASE_SAHEL", 50, 40, 60, 30, None,
             None, None, 102, "8f0c7c1e-0002-4b6e-9d1a-000000000002", "2021-06-02T12:00:00", None, 2]]
    rep_head = ["presences/code_personne", "_index", "_parent_table_name", "_parent_index", "_submission__id",
                "_submission__uuid"]
    rep = [rep_head,
           ["K1", 1, "Rapport d'activité Kangaba", 1, 101, "8f0c7c1e-0001-4b6e-9d1a-000000000001"],
           ["K2", 2, "Rapport d'activité Kangaba", 1, 101, "8f0c7c1e-0001-4b6e-9d1a-000000000001"],
           ["K9", 3, "Rapport d'activité Kangaba", 1, 101, "8f0c7c1e-0001-4b6e-9d1a-000000000001"]]
    return xlsx(path, {"Rapport d'activité Kangaba": main, "presences": rep})


def kobo_case_csv(path: Path) -> Path:
    """KoboToolbox CSV export (`;`, labels as values) of the case step form."""
    head = ["start", "end", "suivi/code_cas", "suivi/etape", "suivi/date_etape", "suivi/type_reinsertion",
            "suivi/motif_cloture", "_id", "_uuid", "_submission_time", "_index"]
    rows = [head,
            ["2022-03-01", "2022-03-01", "C03", "Retour en famille", "2022-03-01", None, None, 1, "u-1", "", 1],
            ["2022-06-01", "2022-06-01", "C03", "reinsertion", "2022-06-01", "Formation professionnelle", None, 2,
             "u-2", "", 2],
            ["2022-12-01", "2022-12-01", "C03", "Clôture", "01/12/2022", None, "Projet de vie réalisé", 3, "u-3",
             "", 3]]
    return csv_file(path, rows)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "import_samples")
    for p in (messy_activities(out / "rapport_enda_t2.xlsx"), kobo_activity_export(out / "kobo_activites.xlsx"),
              kobo_case_csv(out / "kobo_etapes.csv")):
        print(p)
