"""From partners' sheets to checked contract rows.

`check(sheets, stored, today)` decides the table of every sheet (from its name and headers),
reads every row into contract values (normalise.py), and checks:

- required columns and values, types, enumerations (labels and known variants accepted,
  anything else rejected with a suggestion);
- ranges: case age 0–17, counts ≥ 0, score ≤ maximum, dates never in the future (rejected)
  and inside the project span (2020-04-01..2022-12-31, otherwise a warning);
- the same key twice with different content, within the files or against the stored rows;
- references against the stored rows plus the rows accepted by this import (attendance →
  participants and activities, assessments → participants, facilitators → peer educators,
  case events and services → cases);
- case steps in order: no step dated before an earlier step (e.g. identification).

It returns an ImportResult: problems, counts per table and the new rows to add.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from queries import contract
from queries.contract import TABLES

from . import normalise as N
from .columns import (ENUM_KIND, EXAMPLE_COLUMNS, EXAMPLE_PREFIX, HEADERS, ID_COLUMNS, NOT_DATA_SHEETS, SHEETS,
                      TABLE_LABELS, is_kobo_meta, match_header, match_sheet)
from .privacy import WHY, is_personal
from .read import Sheet
from .report import INFO, REJECT, WARN, ImportResult, Problem, SheetInfo, TableCount

ORDER = ("participants", "activities", "attendance", "assessments", "cases", "case_events", "case_services",
         "milestones", "budget")
assert set(ORDER) == set(TABLES)
SPAN = (date.fromisoformat(contract.PROJECT_START), date.fromisoformat(contract.PROJECT_END))
OLDEST = date(2000, 1, 1)
COUNTS = ("girls", "boys", "women", "men")
STAGE_INDEX = {s: i for i, s in enumerate(contract.STAGES)}
MASKED = "(masqué : ressemble à un nom)"
KOBO_PERSONAL = ("_geolocation", "_attachments")   # KoboToolbox columns that do hold personal data
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


class Checker:
    def __init__(self, stored: dict[str, list[dict]], today: date | None = None):
        self.stored = {t: stored.get(t, []) for t in TABLES}
        self.today = today or date.today()
        self.res = ImportResult()
        self.rows: dict[str, list[Row]] = {t: [] for t in TABLES}
        self.parents: dict[tuple, str] = {}

    # ------------------------------------------------------------- problems

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

    # ------------------------------------------------------------- sheets

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
        derivable = set()
        if table in ("activities", "participants") and "locality_id" in cols:
            derivable.add("commune")
        if table == "activities" and "_uuid" in meta:
            derivable.add("activity_id")
        if table == "attendance" and ({"_parent_index", "_submission__uuid"} & set(meta)):
            derivable.add("activity_id")
        missing = [c for c in required(table) if c not in cols and c not in derivable]
        cnt = self.count(table)
        if missing:
            cnt.read += len(data)
            cnt.rejected += len(data)
            self.sheet_problem(sheet, "colonne(s) obligatoire(s) absente(s) : " + ", ".join(
                f"« {HEADERS[table][c]} » ({c})" for c in missing) + f" — aucune des {len(data)} ligne(s) n'est "
                "importée", REJECT, table=table,
                suggestion="ajoutez la colonne (voir le modèle : python -m importer template)")
            return
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

    # ------------------------------------------------------------- one row

    def parse_cell(self, row: Row, col: contract.Column, raw):
        t = row.table
        kind = ENUM_KIND.get((t, col.name))
        if col.name in ID_COLUMNS.get(t, ()):
            return N.identifier(raw)
        if kind:
            return N.enum(kind, raw, col.nullable)
        if t == "case_events" and col.name == "detail" and row.values.get("stage") == "reinsertion":
            return N.enum("reinsertion_type", raw, nullable=True)
        if t == "budget" and col.name == "quarter":
            return N.quarter(raw)
        if col.type == "date":
            return N.parse_date(raw)
        if col.type in ("bigint", "integer"):
            if col.name == "age" and isinstance(raw, str):             # « 15 ans »
                raw = re.sub(r"(?i)\s*ans?\s*$", "", raw)
            return N.number(raw, integer=True)
        if col.type == "double":
            return N.number(raw, integer=False)
        if col.type == "boolean":
            return N.boolean(raw)
        return N.text(raw)

    def parse_row(self, row: Row, cols: dict, meta: dict, cell) -> int:
        """Fill row.values; flag what is wrong. Returns 1 if the commune was derived from the locality."""
        t = row.table
        bad = set()
        for col in TABLES[t].columns:
            if col.name not in cols:
                row.values[col.name] = None                 # consent_reporting too: unknown, never « yes »
                continue
            try:
                row.values[col.name] = self.parse_cell(row, col, row.cells[col.name][1])
            except N.Invalid as e:
                row.values[col.name] = None
                bad.add(col.name)
                self.flag(row, col.name, e.message, e.suggestion)
        v = row.values
        derived = 0
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
        if t in ("activities", "participants") and v.get("locality_id"):
            loc_commune = contract.LOCALITY_COMMUNE[v["locality_id"]]
            if v.get("commune") is None and "commune" not in bad:
                v["commune"] = loc_commune
                derived = 1
            elif v.get("commune") and v["commune"] != loc_commune:
                self.flag(row, "commune", f"la localité {v['locality_id']} est dans la commune {loc_commune}, "
                          f"pas {v['commune']}", "vérifiez la localité ou la commune")
                bad.add("commune")
        for col in TABLES[t].columns:
            if not col.nullable and v.get(col.name) is None and col.name not in bad and not (
                    t == "attendance" and col.name == "activity_id" and row.parent):
                self.flag(row, col.name, "valeur obligatoire manquante",
                          "mettez 0 s'il n'y en avait aucun" if col.name in COUNTS else "")
        self.check_ranges(row)
        return derived

    def check_ranges(self, row: Row) -> None:
        t, v = row.table, row.values
        for c in COUNTS:
            if t == "activities" and v.get(c) is not None and v[c] < 0:
                self.flag(row, c, "un effectif ne peut pas être négatif")
        if t == "cases" and v.get("age") is not None and not 0 <= v["age"] <= 17:
            self.flag(row, "age", "un cas concerne un enfant : âge de 0 à 17 ans attendu",
                      "vérifiez l'âge à l'identification")
        if t == "participants" and v.get("age") is not None:
            if not 0 <= v["age"] <= 120:
                self.flag(row, "age", "âge impossible (0 à 120 ans)")
            elif v.get("role") == "enfant" and v["age"] >= 18:
                self.flag(row, "age", "âge de 18 ans ou plus pour un enfant", severity=WARN)
        if t == "participants" and v.get("setting") and v.get("role") not in (None, "enfant"):
            self.flag(row, "setting", "le milieu (site / école) ne concerne que les enfants", severity=WARN)
        if t == "assessments":
            if v.get("score") is not None and v["score"] < 0:
                self.flag(row, "score", "un score ne peut pas être négatif")
            if v.get("max_score") is not None and v["max_score"] <= 0:
                self.flag(row, "max_score", "le score maximum doit être supérieur à 0")
            elif None not in (v.get("score"), v.get("max_score")) and v["score"] > v["max_score"]:
                self.flag(row, "score", f"score supérieur au score maximum ({fmt(v['max_score'])})")
        if t == "cases" and "consent_reporting" in row.cells and v.get("consent_reporting") is None:
            self.flag(row, "consent_reporting", "cellule vide : " + CONSENT_UNKNOWN,
                      "écrivez Oui ou Non", severity=WARN)
        for col in TABLES[t].columns:
            d = v.get(col.name)
            if col.type != "date" or d is None:
                continue
            if d < OLDEST:
                self.flag(row, col.name, f"date invraisemblable ({fmt(d)})", N.HINT)
            elif col.name == "planned_on":
                continue
            elif d > self.today:
                self.flag(row, col.name, f"date dans le futur ({fmt(d)}, après aujourd'hui {fmt(self.today)})",
                          "vérifiez l'année et l'ordre jour/mois")
            elif not SPAN[0] <= d <= SPAN[1]:
                self.flag(row, col.name, f"date hors de la période du projet ({fmt(SPAN[0])} – {fmt(SPAN[1])})",
                          severity=WARN)
        if t == "activities" and None not in (v.get("start_date"), v.get("end_date")) and \
                v["end_date"] < v["start_date"]:
            self.flag(row, "end_date", f"date de fin avant la date de début ({fmt(v['start_date'])})")

    # ------------------------------------------------------------- across rows

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

    def finish(self) -> ImportResult:
        self.link_repeats()
        known: dict[str, dict] = {}
        for t in ORDER:
            self.check_keys(t)
            self.check_refs(t, known)
            if t == "case_events":
                self.check_steps()
            cnt = self.count(t) if self.rows[t] else None
            new = []
            for r in self.rows[t]:
                if r.status == "ok":
                    r.status = "new"
                    new.append(r.values)
                if cnt is not None:
                    cnt.new += r.status == "new"
                    cnt.unchanged += r.status == "unchanged"
                    cnt.duplicates += r.status == "duplicate"
                    cnt.rejected += r.status == "rejected"
            self.res.new_rows[t] = new
            key = TABLES[t].key
            if t in ("participants", "activities", "cases"):
                known[t] = {row[key[0]]: row for row in self.stored[t]}
                known[t].update({row[key[0]]: row for row in new})
        self.res.counts = {t: self.res.counts[t] for t in ORDER if t in self.res.counts}
        self.report_consent_column()
        return self.res

    def report_consent_column(self) -> None:
        """A cases sheet without the consent column: how many new cases get consent unknown, and what it means."""
        sheets: dict[tuple[str, str], int] = defaultdict(int)
        for r in self.rows["cases"]:
            if r.status == "new" and "consent_reporting" not in r.cells:
                sheets[(r.file, r.sheet)] += 1
        for (file, sheet), n in sheets.items():
            self.res.problems.append(Problem(
                file, sheet, None, HEADERS["cases"]["consent_reporting"], "", WARN,
                f"colonne absente (consent_reporting) : {n} nouveau(x) cas enregistré(s) sans valeur de "
                "consentement — " + CONSENT_UNKNOWN,
                "si le consentement est connu, ajoutez la colonne (Oui / Non) au fichier et vérifiez-le à nouveau "
                "avant d'importer", "cases", "consent_reporting"))

    def check_keys(self, t: str) -> None:
        cols = TABLES[t].column_names
        stored = {tuple(r.get(c) for c in TABLES[t].key): r for r in self.stored[t]}
        groups: dict[tuple, list[Row]] = defaultdict(list)
        for r in self.rows[t]:
            if r.status == "ok":
                groups[r.key()].append(r)
        kshow = lambda k: ", ".join(f"{c} = {fmt(x)}" for c, x in zip(TABLES[t].key, k))  # noqa: E731
        kcol = TABLES[t].key[0]
        for k, rows in groups.items():
            first = rows[0]
            diff_rows = [r for r in rows[1:] if _diff(cols, first.values, r.values)]
            if diff_rows:
                for r in rows:
                    others = [o for o in rows if o is not r]
                    d = next(_diff(cols, r.values, o.values) for o in others if _diff(cols, r.values, o.values))
                    self.flag(r, kcol, f"même identifiant ({kshow(k)}) que " + ", ".join(o.where(r) for o in others)
                              + " avec un contenu différent (" + d + ") : aucune des deux lignes n'est importée",
                              "gardez une seule ligne par identifiant, avec les bonnes valeurs")
                continue
            for r in rows[1:]:
                r.status = "duplicate"
                self.flag(r, kcol, f"ligne en double (identique à la {first.where(r)}) : comptée une fois",
                          severity=WARN)
            if k in stored:
                d = _diff(cols, stored[k], first.values, ("enregistré", "fichier"))
                if d:
                    self.flag(first, kcol, f"{kshow(k)} existe déjà dans les données enregistrées avec un contenu "
                              f"différent ({d})", "l'import n'écrase jamais une donnée enregistrée : si elle est "
                              "fausse, signalez-le au responsable des données")
                else:
                    first.status = "unchanged"

    def check_refs(self, t: str, known: dict) -> None:
        rows = [r for r in self.rows[t] if r.status == "ok"]
        if not rows:
            return

        def need(r: Row, col: str, target: str, role: str | None = None):
            val = r.values.get(col)
            if val is None:
                return
            pool = known.get(target, {})
            if val not in pool:
                self.flag(r, col, *unknown_reference(target, val))
            elif role and pool[val].get("role") != role:
                self.flag(r, col, f"{val} n'est pas un pair éducateur (rôle : {pool[val].get('role')})",
                          "l'animateur d'un focus group doit être un pair éducateur inscrit")

        for r in rows:
            if t == "activities":
                need(r, "facilitator_id", "participants", "pair_educateur")
            elif t == "attendance":
                need(r, "activity_id", "activities")
                need(r, "person_id", "participants")
            elif t == "assessments":
                need(r, "person_id", "participants")
            elif t in ("case_events", "case_services"):
                need(r, "case_id", "cases")

    def check_steps(self) -> None:
        """No step dated before an earlier step of the same case (stored steps and accepted ones)."""
        steps: dict[str, list[tuple[int, date, str]]] = defaultdict(list)
        for e in self.stored["case_events"]:
            if e.get("stage") in STAGE_INDEX and e.get("event_date"):
                steps[e["case_id"]].append((STAGE_INDEX[e["stage"]], e["event_date"], "enregistrée"))
        rows = [r for r in self.rows["case_events"] if r.status == "ok"]
        for r in sorted(rows, key=lambda r: STAGE_INDEX[r.values["stage"]]):
            si, d = STAGE_INDEX[r.values["stage"]], r.values["event_date"]
            label = lambda i: N.labels("stage")[contract.STAGES[i]]  # noqa: E731
            for sj, dj, where in steps[r.values["case_id"]]:
                if (sj < si and dj > d) or (sj > si and dj < d):
                    rel = "avant" if sj < si else "après"
                    self.flag(r, "event_date", f"étape « {label(si)} » datée du {fmt(d)}, {rel} l'étape "
                              f"« {label(sj)} » du {fmt(dj)} ({where})",
                              "les étapes d'un cas se suivent dans l'ordre : " +
                              " → ".join(N.labels("stage").values()) + " ; vérifiez les dates")
                    break
            else:
                same = [dj for sj, dj, _ in steps[r.values["case_id"]] if sj == si and dj != d]
                if same:
                    self.flag(r, "stage", f"étape déjà enregistrée pour ce cas à une autre date ({fmt(same[0])})",
                              severity=WARN)
                steps[r.values["case_id"]].append((si, d, r.where()))


REFERENCED = {  # table -> (what, unknown, whose a near code is)
    "participants": ("personne", "inconnue", "d'une autre personne"),
    "activities": ("activité", "inconnue", "d'une autre activité"),
    "cases": ("cas", "inconnu", "d'un autre enfant"),
}


def unknown_reference(target: str, val: str) -> tuple[str, str]:
    """Message and suggestion for a code that refers to nothing. An identifier of a person, an activity
    or a case is never « corrected »: the nearest known code is another child's or another activity's,
    so no other code is ever proposed — the code is checked at its source."""
    what, unknown, whose = REFERENCED[target]
    return (f"{what} « {val} » {unknown} : ce code n'est ni dans les données enregistrées, ni parmi les lignes "
            "acceptées de cet import ; la ligne n'est pas importée",
            f"vérifiez ce code à la source (aucun autre code n'est proposé : un code proche peut être celui {whose}),"
            f" ou importez aussi sa ligne (feuille « {SHEETS[target]} »)")


def _diff(cols, a: dict, b: dict, names=None) -> str:
    out = []
    for c in cols:
        x, y = a.get(c), b.get(c)
        if x != y and not (isinstance(x, float) and isinstance(y, float) and abs(x - y) < 1e-9):
            out.append(f"{c} : {fmt(x)} ({names[0]}) ≠ {fmt(y)} ({names[1]})" if names else
                       f"{c} : {fmt(x)} ≠ {fmt(y)}")
    return "; ".join(out)


def check(sheets: list[Sheet], stored: dict[str, list[dict]], today: date | None = None,
          file_errors: list[tuple[str, str, str]] = ()) -> ImportResult:
    ch = Checker(stored, today)
    for file, message, suggestion in file_errors:
        ch.add_file_error(file, message, suggestion)
    for s in sheets:
        ch.add_sheet(s)
    return ch.finish()
