"""The XLSX template partners fill: one sheet per contract table with French headers, drop-down
lists of the allowed values (French labels, not codes), an « Instructions » sheet and example
rows whose codes begin with EXEMPLE- (never imported)."""
from __future__ import annotations

import io
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from queries import contract
from queries.contract import TABLES

from .columns import ENUM_KIND, HEADERS, SHEETS
from .normalise import labels
from .validate import ORDER

ROWS = 500                      # rows prepared with drop-downs and date formats
LISTS_SHEET = "Listes"
D = date
SHEET_ORDER = ("activities", "participants", "attendance", "assessments", "cases", "case_events",
               "case_services", "milestones", "budget")
assert set(SHEET_ORDER) == set(ORDER)

# Example rows: fictitious codes (EXEMPLE-…), French labels where the sheet has a drop-down.
EXAMPLES: dict[str, list[dict]] = {
    "activities": [
        {"activity_id": "EXEMPLE-ACT-001", "activity_type": "Focus group", "start_date": D(2021, 3, 15),
         "locality_id": "Kokoyo", "commune": "Nouga", "partner": "CASE SAHEL", "facilitator_id": "EXEMPLE-PE-001",
         "girls": 6, "boys": 4, "women": 0, "men": 0},
        {"activity_id": "EXEMPLE-ACT-002", "activity_type": "Émission radio", "start_date": D(2021, 6, 2),
         "locality_id": "Toute la commune (radio)", "commune": "Kaniogo", "partner": "ENDA MALI/RAO",
         "girls": 120, "boys": 100, "women": 150, "men": 130},
    ],
    "participants": [
        {"person_id": "EXEMPLE-PE-001", "role": "Pair éducateur", "sex": "Filles / femmes", "age": 16,
         "locality_id": "Kokoyo", "commune": "Nouga", "partner": "CASE SAHEL", "enrolled_on": D(2020, 6, 1)},
        {"person_id": "EXEMPLE-ENF-001", "role": "Enfant", "sex": "Garçons / hommes", "age": 13,
         "setting": "Sur les sites", "locality_id": "Kokoyo", "commune": "Nouga", "partner": "CASE SAHEL",
         "enrolled_on": D(2021, 3, 1)},
    ],
    "attendance": [{"activity_id": "EXEMPLE-ACT-001", "person_id": "EXEMPLE-ENF-001"}],
    "assessments": [
        {"person_id": "EXEMPLE-ENF-001", "kind": "Avant (pré-test)", "assessed_on": D(2021, 3, 1), "score": 9,
         "max_score": 20},
        {"person_id": "EXEMPLE-ENF-001", "kind": "Après (post-test)", "assessed_on": D(2021, 6, 1), "score": 15,
         "max_score": 20},
    ],
    "cases": [
        {"case_id": "EXEMPLE-CAS-001", "sex": "Filles / femmes", "age": 15, "nationality": "Mali",
         "origin_region": "Sikasso", "site_id": "Koflatié", "partner": "ENDA MALI/RAO",
         "referral_source": "Pair éducateur", "exploitation": "Prostitution forcée", "consent_reporting": "Oui"},
    ],
    "case_events": [
        {"case_id": "EXEMPLE-CAS-001", "stage": "Identifié", "event_date": D(2021, 4, 2)},
        {"case_id": "EXEMPLE-CAS-001", "stage": "Évalué", "event_date": D(2021, 4, 5)},
        {"case_id": "EXEMPLE-CAS-001", "stage": "Pris en charge", "event_date": D(2021, 4, 6)},
        {"case_id": "EXEMPLE-CAS-001", "stage": "Retour en famille", "event_date": D(2021, 7, 1)},
        {"case_id": "EXEMPLE-CAS-001", "stage": "Réinsertion", "event_date": D(2021, 9, 1),
         "detail": "Scolarisation"},
    ],
    "case_services": [
        {"case_id": "EXEMPLE-CAS-001", "service": "Psychosocial", "service_date": D(2021, 4, 6),
         "partner": "ENDA MALI/RAO"},
    ],
    "milestones": [
        {"milestone_id": "EXEMPLE-JAL-001", "kind": "Plan d'action", "commune": "Nouga",
         "title": "Plan d'action communal de protection de l'enfant (exemple)", "planned_on": D(2021, 6, 30)},
    ],
    "budget": [
        {"quarter": "2021-T1", "budget_line": "EXEMPLE-Personnel", "partner": "CASE SAHEL", "planned_eur": 1000,
         "spent_eur": 950.5},
    ],
}

HINTS = {  # (table, column) -> what to write, for the header comments and the Instructions sheet
    "activity_id": "code attribué par votre organisation (ex. ACS-FG-2021-001), unique",
    "person_id": "code pseudonyme de la personne (ex. ACS-P-0042), jamais son nom",
    "case_id": "code pseudonyme du cas (ex. ACS-2021-0042), jamais le nom de l'enfant",
    "milestone_id": "code du jalon (ex. JAL-NOUGA-01)",
    "facilitator_id": "focus group : code du pair éducateur qui l'a animé (inscrit dans « Participants »)",
    "locality_id": "vide ou « Toute la commune (radio) » pour une activité de toute la commune",
    "commune": "doit être la commune de la localité (déduite de la localité si laissée vide)",
    "girls": "nombre (0 s'il n'y en avait aucune) ; radio : auditoire estimé",
    "boys": "nombre (0 s'il n'y en avait aucun)", "women": "nombre (0 s'il n'y en avait aucune)",
    "men": "nombre (0 s'il n'y en avait aucun)",
    "setting": "enfants seulement : sur les sites ou dans les écoles",
    "detail": "réinsertion : type de réinsertion (liste) ; clôture : motif, sans nom",
    "nationality": "pays (liste) ou code ISO à 3 lettres (MLI, BFA, GIN…)",
    "origin_region": "seulement pour un enfant malien (ex. Sikasso)",
    "consent_reporting": "Non, ou vide (consentement inconnu) : le cas n'apparaît dans aucun rapport agrégé",
    "quarter": "AAAA-Tn, ex. 2021-T1",
}
EXTRA_CHOICES = {("activities", "locality_id"): ["Toute la commune (radio)"],
                 ("participants", "sex"): ["Non renseigné"], ("cases", "sex"): ["Non renseigné"]}

HEAD_FILL = PatternFill("solid", fgColor="0B5D7A")
OPT_FILL = PatternFill("solid", fgColor="5B8FA3")
EX_FONT = Font(italic=True, color="808080")


def choices(table: str, column: str) -> list[str] | None:
    kind = ENUM_KIND.get((table, column))
    if kind:
        return list(labels(kind).values()) + EXTRA_CHOICES.get((table, column), [])
    if table == "cases" and column == "consent_reporting":
        return ["Oui", "Non"]
    if table == "case_events" and column == "detail":
        return list(labels("reinsertion_type").values())
    return None


def describe(table: str, col: contract.Column) -> str:
    parts = ["obligatoire" if not col.nullable and not col.optional else "facultatif"]
    if col.type == "date":
        parts.append("date jj/mm/aaaa (entre le 01/04/2020 et le 31/12/2022, jamais dans le futur)")
    elif col.type in ("bigint", "integer"):
        parts.append("nombre entier" + (" de 0 à 17" if (table, col.name) == ("cases", "age") else " ≥ 0"))
    elif col.type == "double":
        parts.append("nombre")
    ch = choices(table, col.name)
    if ch and col.name not in ("nationality", "detail"):
        parts.append("liste : " + ", ".join(ch))
    if col.name in HINTS:
        parts.append(HINTS[col.name])
    return " ; ".join(parts)


def _lists_sheet(wb: Workbook) -> dict[tuple[str, str], str]:
    ws = wb.create_sheet(LISTS_SHEET)
    ws.sheet_state = "hidden"
    refs, col = {}, 0
    for t in SHEET_ORDER:
        for c in TABLES[t].columns:
            ch = choices(t, c.name)
            if not ch:
                continue
            col += 1
            letter = get_column_letter(col)
            ws.cell(1, col, f"{t}.{c.name}")
            for i, v in enumerate(ch, start=2):
                ws.cell(i, col, v)
            refs[(t, c.name)] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(ch) + 1}"
    return refs


def _instructions(wb: Workbook) -> None:
    ws = wb.active
    ws.title = "Instructions"
    lines = [
        ("Modèle d'import des données — projet de protection de l'enfance, cercle de Kangaba (Mali)", "title"),
        ("ECPAT Luxembourg avec CASE SAHEL, ENDA MALI/RAO et ACESEM — avril 2020 à décembre 2022", None),
        ("", None),
        ("1. Une feuille par type de données. Remplissez seulement celles qui vous concernent ; les autres "
         "peuvent rester vides.", None),
        ("2. Ne modifiez ni la première ligne (les en-têtes) ni le nom des feuilles. Les en-têtes foncés sont "
         "obligatoires, les clairs facultatifs ; passez la souris sur un en-tête pour son explication.", None),
        ("3. Les lignes grises en italique sont des EXEMPLES fictifs (codes EXEMPLE-…) : elles ne sont jamais "
         "importées. Supprimez-les, ou écrivez vos données en dessous.", None),
        ("4. Identifiants : des CODES attribués par votre organisation (ex. ACS-2021-0042), sans espace, avec au "
         "moins un chiffre. Jamais un nom. Un code désigne une seule personne, activité, cas ou jalon.", None),
        ("5. Aucune donnée personnelle : pas de nom, prénom, téléphone, adresse, photo ni position GPS. Une telle "
         "colonne est écartée à l'import (jamais enregistrée) et signalée dans le rapport.", None),
        ("6. Dates au format jj/mm/aaaa (ex. 03/05/2021), entre le 01/04/2020 et le 31/12/2022. Une date dans le "
         "futur est refusée ; une date hors de la période du projet est signalée.", None),
        ("7. Choisissez les valeurs dans les listes déroulantes. Une valeur inconnue est refusée avec une "
         "suggestion (« Kofolatié : voulez-vous dire KOFLATIE ? ») : elle n'est jamais corrigée en silence.", None),
        ("8. Nombres : des chiffres seulement ; écrivez 0 quand il n'y en avait aucun.", None),
        ("9. Références : une présence renvoie à une activité et à une personne déjà enregistrées ou présentes "
         "dans le même import ; une étape ou un service renvoie à un cas ; l'animateur d'un focus group est un "
         "pair éducateur inscrit.", None),
        ("10. Les étapes d'un cas se suivent dans l'ordre : Identifié → Évalué → Pris en charge → Retour en famille "
         "→ Réinsertion → Clôturé ; aucune étape ne peut être datée avant l'identification.", None),
        ("11. Réimporter le même fichier ne change rien : les lignes déjà enregistrées sont reconnues. Un import ne "
         "modifie jamais une ligne enregistrée : une ligne dont le code existe avec un autre contenu est refusée.",
         None),
        ("12. Cibles (responsable des données) : la feuille « Cibles » remplace, indicateur par indicateur, les "
         "cibles par défaut (feuille « Cibles par défaut », tirées de la fiche projet), par exemple pour donner "
         "à chaque partenaire sa part. Les lignes d'un indicateur doivent s'additionner à sa cible du projet ; "
         "une feuille avec une ligne fausse n'est pas prise du tout.", None),
        ("13. Import : page « Importer des données » du tableau de bord (responsable des données), ou "
         "« python -m importer FICHIER.xlsx --data DOSSIER --dry-run » pour un essai sans rien écrire. Le rapport "
         "donne pour chaque problème le fichier, la feuille, la ligne, la colonne, la valeur et une suggestion.",
         None),
        ("", None),
        ("Colonnes de chaque feuille", "title"),
    ]
    for i, (text, style) in enumerate(lines, start=1):
        c = ws.cell(i, 1, text)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if style == "title":
            c.font = Font(bold=True, size=14 if i == 1 else 12)
    r = len(lines) + 1
    for j, h in enumerate(("Feuille", "Colonne", "Description", "Champ du contrat"), start=1):
        cell = ws.cell(r, j, h)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEAD_FILL
    for t in SHEET_ORDER:
        for col in TABLES[t].columns:
            r += 1
            for j, v in enumerate((SHEETS[t], HEADERS[t][col.name], describe(t, col), f"{t}.{col.name}"), start=1):
                ws.cell(r, j, v).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 100
    for letter, w in (("B", 36), ("C", 80), ("D", 28)):
        ws.column_dimensions[letter].width = w
    # the long sentences span the first column only: keep it readable
    for i in range(1, len(lines) + 1):
        ws.row_dimensions[i].height = 32 if lines[i - 1][0] and lines[i - 1][1] is None else None


def _table_sheet(wb: Workbook, t: str, refs: dict) -> None:
    ws = wb.create_sheet(SHEETS[t])
    cols = TABLES[t].columns
    for j, col in enumerate(cols, start=1):
        cell = ws.cell(1, j, HEADERS[t][col.name])
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEAD_FILL if not col.nullable and not col.optional else OPT_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.comment = Comment(describe(t, col) + f" (champ {col.name})", "Kangaba", width=320, height=140)
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = max(14, min(40, len(HEADERS[t][col.name]) + 4))
        area = f"{letter}2:{letter}{ROWS + 1}"
        ch = choices(t, col.name)
        if ch:
            free = col.name in ("nationality", "detail")
            dv = DataValidation(type="list", formula1=f"={refs[(t, col.name)]}", allow_blank=True,
                                showErrorMessage=True, errorStyle="information" if free else "stop",
                                errorTitle="Valeur hors liste",
                                error=("Valeur hors liste : vérifiez-la." if free else
                                       "Choisissez une valeur dans la liste déroulante."),
                                promptTitle=HEADERS[t][col.name][:32], prompt=describe(t, col)[:250],
                                showInputMessage=True)
        elif col.type == "date":
            dv = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)",
                                formula2="TODAY()" if col.name != "planned_on" else "DATE(2030,12,31)",
                                allow_blank=True, showErrorMessage=True, errorTitle="Date",
                                error="Date au format jj/mm/aaaa, jamais dans le futur.")
            for r in range(2, ROWS + 2):
                ws.cell(r, j).number_format = "DD/MM/YYYY"
        elif col.type in ("bigint", "integer"):
            lo, hi = (0, 17) if (t, col.name) == ("cases", "age") else (0, 1_000_000)
            dv = DataValidation(type="whole", operator="between", formula1=str(lo), formula2=str(hi),
                                allow_blank=True, showErrorMessage=True, errorTitle="Nombre entier",
                                error=f"Nombre entier de {lo} à {hi}.")
        elif col.type == "double":
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                showErrorMessage=True, errorTitle="Nombre", error="Nombre positif ou nul.")
        else:
            dv = None
        if dv is not None:
            ws.add_data_validation(dv)
            dv.add(area)
    for i, ex in enumerate(EXAMPLES[t], start=2):
        for j, col in enumerate(cols, start=1):
            cell = ws.cell(i, j, ex.get(col.name))
            cell.font = EX_FONT
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 34


def _targets_sheets(wb: Workbook) -> None:
    """« Cibles » (empty: the data owner's own cells) and « Cibles par défaut » (what is in force without
    them, from the project sheet: queries/targets.py), with the same columns."""
    import queries
    from queries import targets as T

    from . import targets as TS
    heads = [TS.HEADERS["indicator"], "Libellé"] + [TS.HEADERS[c] for c in T.DIMENSIONS] + [TS.HEADERS["target"]]
    names = {k: labels(k) for k in ("commune", "partner", "sex", "setting")}
    lf = queries.logframe().set_index("id")
    for title, rows in ((TS.SHEET, []), (TS.DEFAULT_SHEET, T.read_csv(T.DEFAULT_FILE).to_dict("records"))):
        ws = wb.create_sheet(title)
        for j, h in enumerate(heads, start=1):
            c = ws.cell(1, j, h)
            c.font = Font(bold=True, color="FFFFFF")
            c.fill = HEAD_FILL if h in (TS.HEADERS["indicator"], TS.HEADERS["target"]) else OPT_FILL
            ws.column_dimensions[get_column_letter(j)].width = 44 if h == "Libellé" else max(14, len(h) + 4)
        ws.cell(1, 1).comment = Comment(TARGETS_HINT, "Kangaba", width=420, height=220)
        for i, r in enumerate(rows, start=2):
            vals = [r["indicator"], lf.loc[r["indicator"], "label_fr"]] + \
                [names[d].get(r[d], r[d]) if d in names and r[d] else (None if pd.isna(r[d]) else int(r[d]))
                 if d == "year" else r[d] for d in T.DIMENSIONS] + [r["target"]]
            for j, v in enumerate(vals, start=1):
                ws.cell(i, j, v)
        ws.freeze_panes = "A2"


TARGETS_HINT = ("Une ligne par case de cible : l'indicateur (code, ex. pe_trained, ou libellé), et seulement les "
                "colonnes selon lesquelles ses cibles sont découpées (vide = non découpé), puis la cible. Toutes "
                "les lignes d'un indicateur ont les mêmes colonnes remplies et s'additionnent à sa cible du "
                "projet. Elles remplacent toutes les cibles en vigueur de cet indicateur ; les autres indicateurs "
                "gardent les leurs. Voir la feuille « Cibles par défaut ».")


def build_template() -> bytes:
    """The workbook as bytes."""
    wb = Workbook()
    _instructions(wb)
    refs = _lists_sheet(wb)
    for t in SHEET_ORDER:
        _table_sheet(wb, t, refs)
    _targets_sheets(wb)
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
