"""Row checks of the import: every value read into its contract type (normalise.py) and checked —
required values, ranges (ages, counts, scores), dates (never in the future, inside the project span
or a warning), the same key twice, references to stored or accepted rows, case steps in order.

`RowChecks` is the checking half of validate.Checker; the sheet/format half is sheets.SheetReading, which
calls `parse_row` for every data row and whose `kobo_links` `parse_row` calls between the values and
the commune (a Kobo repeat row linked to its submission needs no activity code)."""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from queries import contract
from queries.contract import TABLES

from . import normalise as N
from .columns import ENUM_KIND, HEADERS, ID_COLUMNS, SHEETS
from .report import WARN, Problem
from .rows import CONSENT_UNKNOWN, COUNTS, OLDEST, SPAN, STAGE_INDEX, Collector, Row, fmt


class RowChecks(Collector):
    """Values of one row, then keys, references and case steps across rows."""

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
        self.kobo_links(row, bad, meta, cell)
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
