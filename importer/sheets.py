"""Sheets as partners send them: the template, KoboToolbox/ODK exports (XLSForm forms), other tables.

`detect` finds the table of a sheet from its name and headers; `SheetReading` maps the headers to
contract columns, drops personal-data and Kobo technical columns (saying so), skips template example
and total rows, reads Kobo's `_uuid`/`_index`/`_validation_status`, and links the rows of a Kobo
repeat group to their submission.  What each value must be is checked by checks.py."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from queries.contract import TABLES

from . import normalise as N
from .columns import (EXAMPLE_COLUMNS, EXAMPLE_PREFIX, HEADERS, ID_COLUMNS, NOT_DATA_SHEETS, TABLE_LABELS,
                      is_kobo_meta, match_header, match_sheet)
from .privacy import WHY, is_personal
from .read import Sheet
from .report import INFO, REJECT, WARN, Problem, SheetInfo
from .rows import TOTAL_WORDS, Collector, Row, required

KOBO_PERSONAL = ("_geolocation", "_attachments")   # KoboToolbox columns that do hold personal data


def detect(sheet: Sheet) -> tuple[str, int, list[str], str] | None:
    """(table, header row, headers, how) from the sheet name and the headers of its first rows."""
    by_name = match_sheet(sheet.name) if sheet.name else match_sheet(Path(sheet.file).stem)
    best = None
    for line, cells in sheet.rows[:10]:
        headers = ["" if c is None else N.clean(c) for c in cells]
        lasts = {h.rsplit("/", 1)[-1] for h in headers}
        repeat = bool(lasts & {"_parent_index", "_submission__uuid"})
        for t in TABLES:
            matched = {match_header(t, h) for h in headers if h} - {None}
            enough = len(matched) >= 2 or (t == "attendance" and repeat and "person_id" in matched)
            if not enough:
                continue
            nreq = sum(c in matched for c in required(t))
            score = (t == by_name, nreq, len(matched), len(matched) / len(TABLES[t].columns))
            if best is None or score > best[0]:
                best = (score, t, line, headers, len(matched))
    if best is None:
        return None
    _, t, line, headers, n = best
    if t == by_name:
        how = f"d'après le nom de la feuille « {sheet.name or sheet.file} » et {n} en-tête(s) reconnu(s)"
    else:
        how = f"d'après les en-têtes ({n} colonne(s) du contrat reconnue(s) sur {len(TABLES[t].columns)})"
    return t, line, headers, how


class SheetReading(Collector):
    """Sheets to rows: the format side of the import (the row checks are in checks.RowChecks)."""

    def add_file_error(self, file: str, message: str, suggestion: str = ""):
        self.res.problems.append(Problem(file, "", None, "", "", REJECT, message, suggestion))
        self.res.sheets.append(SheetInfo(file, "", None, "fichier non lu : " + message))
        self.res.file_errors += 1

    def add_sheet(self, sheet: Sheet) -> None:
        if not sheet.rows:
            return
        if sheet.kind == "hidden" or N.norm(sheet.name) in NOT_DATA_SHEETS:
            self.res.sheets.append(SheetInfo(sheet.file, sheet.name, None, "feuille ignorée (pas des données)"))
            return
        det = detect(sheet)
        if det is None:
            self.res.sheets.append(SheetInfo(sheet.file, sheet.name, None, "feuille non reconnue, rien importé"))
            self.sheet_problem(sheet, "feuille non reconnue : ses en-têtes ne correspondent à aucune table du "
                               "contrat, aucune de ses lignes n'est importée", REJECT,
                               suggestion="utilisez les en-têtes du modèle (python -m importer template) "
                                          "ou les noms de colonnes du contrat")
            self.res.file_errors += 1
            return
        table, header_line, headers, how = det
        data = [(line, cells) for line, cells in sheet.rows if line > header_line]
        info = SheetInfo(sheet.file, sheet.name, table, how, header_line, len(data))
        self.res.sheets.append(info)
        self.sheet_problem(sheet, f"table {table} ({TABLE_LABELS[table]}) reconnue {how}", table=table)
        cols, meta = self.columns(sheet, table, headers)
        missing = [c for c in required(table) if c not in cols and c not in derivable(table, cols, meta)]
        cnt = self.count(table)
        if missing:
            cnt.read += len(data)
            cnt.rejected += len(data)
            self.sheet_problem(sheet, "colonne(s) obligatoire(s) absente(s) : " + ", ".join(
                f"« {HEADERS[table][c]} » ({c})" for c in missing) + f" — aucune des {len(data)} ligne(s) n'est "
                "importée", REJECT, table=table,
                suggestion="ajoutez la colonne (voir le modèle : python -m importer template)")
            return
        self.read_rows(sheet, table, headers, data, cols, meta)

    def columns(self, sheet: Sheet, table: str, headers: list[str]) -> tuple[dict[str, list[int]], dict[str, int]]:
        """Contract column -> header positions, Kobo meta column -> position; says what is not imported."""
        cols: dict[str, list[int]] = {}
        meta: dict[str, int] = {}
        kobo_cols, other_cols = [], []
        for i, h in enumerate(headers):
            if not h:
                continue
            c = match_header(table, h)
            if c:
                cols.setdefault(c, []).append(i)
            elif is_personal(h) and (not is_kobo_meta(h) or h.rsplit("/", 1)[-1].strip() in KOBO_PERSONAL):
                self.res.dropped.append((sheet.file, sheet.name, h))
                self.sheet_problem(sheet, WHY, WARN, column=h, table=table,
                                   suggestion="supprimez cette colonne du fichier source après l'import")
            elif is_kobo_meta(h):
                meta.setdefault(h.rsplit("/", 1)[-1].strip(), i)
                kobo_cols.append(h)
            else:
                other_cols.append(h)
        if kobo_cols:
            self.sheet_problem(sheet, "colonnes techniques KoboToolbox non importées : " + ", ".join(kobo_cols),
                               table=table)
        if other_cols:
            self.sheet_problem(sheet, "colonne(s) hors contrat non importée(s) : " + ", ".join(other_cols),
                               table=table)
        return cols, meta

    def read_rows(self, sheet: Sheet, table: str, headers: list[str], data: list, cols: dict, meta: dict) -> None:
        cnt = self.count(table)
        examples = derived = 0
        for line, cells in data:
            def cell(i):
                return cells[i] if i < len(cells) else None
            raw = {}
            for c, idxs in cols.items():
                vals = [(headers[i], cell(i)) for i in idxs]
                filled = [v for v in vals if not N.is_blank(v[1])]
                raw[c] = filled[0] if filled else vals[0]
            if all(N.is_blank(v) for _, v in raw.values()):
                continue
            cnt.read += 1
            row = Row(table, sheet.file, sheet.name, line, cells=raw)
            if "_uuid" in meta:
                row.ref = N.text(cell(meta["_uuid"])) or ""
            if "_index" in meta:
                row.kobo_index = N.text(cell(meta["_index"])) or ""
            if any(isinstance(v, str) and N.clean(v).upper().startswith(EXAMPLE_PREFIX)
                   for c, (_, v) in raw.items() if c in EXAMPLE_COLUMNS.get(table, ())):
                row.status = "example"
                cnt.examples += 1
                examples += 1
                continue
            first_id = next((raw[c] for c in ID_COLUMNS.get(table, ()) if c in raw), None)
            if first_id and not N.is_blank(first_id[1]) and N.norm(first_id[1]) in TOTAL_WORDS:
                self.flag(row, ID_COLUMNS[table][0], "ligne de total : ce n'est pas une ligne de données, elle "
                          "n'est pas importée", "supprimez les lignes de total (le tableau de bord fait les sommes)")
                self.rows[table].append(row)
                continue
            status = N.text(cell(meta["_validation_status"])) if "_validation_status" in meta else None
            if status and ("not approved" in N.norm(status) or "non approuve" in N.norm(status)):
                self.flag(row, next(iter(cols)), "soumission KoboToolbox marquée « non approuvée » : non importée",
                          value=status)
            derived += self.parse_row(row, cols, meta, cell)
            self.rows[table].append(row)
        if examples:
            self.sheet_problem(sheet, f"{examples} ligne(s) d'exemple du modèle (codes {EXAMPLE_PREFIX}…) ignorée(s)",
                               WARN, table=table, suggestion="supprimez les lignes d'exemple et saisissez vos données")
        if derived:
            self.sheet_problem(sheet, f"{derived} ligne(s) sans commune : commune déduite de la localité", INFO,
                               table=table)

    def kobo_links(self, row: Row, bad: set, meta: dict, cell) -> None:
        """An activity without code takes its Kobo submission's; a repeat row notes its submission."""
        t, v = row.table, row.values
        if t == "activities" and not v.get("activity_id") and "activity_id" not in bad and row.ref:
            v["activity_id"] = f"KOBO-{row.ref}"
            self.flag(row, "activity_id", "code de l'activité absent : identifiant tiré de la soumission Kobo",
                      severity=WARN, value=v["activity_id"])
        if t == "attendance" and not v.get("activity_id") and "activity_id" not in bad:
            for name in ("_submission__uuid", "_parent_index"):
                if name in meta and not N.is_blank(cell(meta[name])):
                    link = N.text(cell(meta[name]))
                    row.parent = ("uuid", link) if name == "_submission__uuid" else ("index", row.file, link)
                    break

    def link_repeats(self) -> None:
        """Attendance rows of a Kobo repeat group get the activity of their submission
        (`_submission__uuid` -> `_uuid`, else `_parent_index` -> `_index`, same file first)."""
        by_uuid, by_index = {}, defaultdict(list)
        for r in self.rows["activities"]:
            if r.values.get("activity_id"):
                if r.ref:
                    by_uuid[r.ref] = r.values["activity_id"]
                if r.kobo_index:
                    by_index[r.kobo_index].append((r.file, r.values["activity_id"]))
        for r in self.rows["attendance"]:
            if r.parent is None or r.values.get("activity_id"):
                continue
            act = None
            if r.parent[0] == "uuid":
                act = by_uuid.get(r.parent[1])
            else:
                cands = by_index.get(r.parent[2], [])
                same = [a for f, a in cands if f == r.file]
                act = same[0] if len(same) == 1 else (cands[0][1] if len(cands) == 1 else None)
            if act:
                r.values["activity_id"] = act
            elif r.status == "ok":
                self.flag(r, "person_id", "présence d'une soumission KoboToolbox dont l'activité est introuvable "
                          f"({'_submission__uuid' if r.parent[0] == 'uuid' else '_parent_index'} = {r.parent[-1]})",
                          "importez en même temps la feuille principale du formulaire (rapport d'activité)")



def derivable(table: str, cols: dict, meta: dict) -> set[str]:
    """Required columns a sheet may lack: the commune (from the locality), Kobo-linked activity codes."""
    out = set()
    if table in ("activities", "participants") and "locality_id" in cols:
        out.add("commune")
    if table == "activities" and "_uuid" in meta:
        out.add("activity_id")
    if table == "attendance" and ({"_parent_index", "_submission__uuid"} & set(meta)):
        out.add("activity_id")
    return out
