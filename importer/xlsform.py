"""XLSForm definitions (KoboToolbox / ODK Collect) for the two forms partners fill most, so that
they can collect offline on phones; their exports (XLSX or `;` CSV) import as they are.

- kangaba_rapport_activite.xlsx: an activity report (code, type, dates, commune, locality,
  partner, facilitator of a focus group, girls/boys/women/men counts) with a repeat group
  « presences » listing the codes of the registered people present (-> attendance);
- kangaba_etape_cas.xlsx: a case step update (case code, stage, date, reinsertion type or
  closure reason -> case_events).

Field names come from importer/columns.py (KOBO), choice names are the contract codes and
choice labels the French labels of dashboard/texts/codes.py.
"""
from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from queries import contract

from .columns import HEADERS, KOBO, KOBO_DETAIL
from .normalise import labels

LANG = "French (fr)"
SURVEY_COLS = ("type", "name", f"label::{LANG}", f"hint::{LANG}", "required", "relevant", "constraint",
               f"constraint_message::{LANG}", "choice_filter", "appearance")
CODE_RE = r"regex(., '^[A-Za-z0-9][A-Za-z0-9_./-]*$') and regex(., '[0-9]')"
CODE_MSG = "Un code sans espace avec au moins un chiffre (ex. ACS-2021-0042), jamais un nom."
DATE_OK = f". >= date('{contract.PROJECT_START}') and . <= today()"
DATE_MSG = "Date entre le 01/04/2020 et aujourd'hui."
NO_LOCALITY = "toute_la_commune"

A, E = KOBO["activities"], KOBO["case_events"]
H, HE = HEADERS["activities"], HEADERS["case_events"]


def q(type_, name, label, hint="", required="", relevant="", constraint="", msg="", choice_filter="", appearance=""):
    return (type_, name, label, hint, required, relevant, constraint, msg, choice_filter, appearance)


META = [q("start", "start", ""), q("end", "end", ""), q("today", "today", "")]


def _choices(list_name: str, kind: str) -> list[tuple]:
    return [(list_name, code, label, "") for code, label in labels(kind).items()]


def activity_form() -> tuple[list, list, dict]:
    counts = [q("integer", A[c], H[c], hint, "yes", "", ". >= 0", "Un nombre positif ou nul.")
              for c, hint in (("girls", "0 s'il n'y en avait aucune ; radio : auditoire estimé"),
                              ("boys", "0 s'il n'y en avait aucun"), ("women", "0 s'il n'y en avait aucune"),
                              ("men", "0 s'il n'y en avait aucun"))]
    survey = META + [
        q("begin_group", "activite", "Activité"),
        q("text", A["activity_id"], H["activity_id"], "Code attribué par votre organisation (ex. ACS-FG-2021-001).",
          "yes", "", CODE_RE, CODE_MSG),
        q("select_one type_activite", A["activity_type"], H["activity_type"], "", "yes"),
        q("date", A["start_date"], H["start_date"], "", "yes", "", DATE_OK, DATE_MSG),
        q("date", A["end_date"], H["end_date"], "Seulement pour une activité de plusieurs jours.", "", "",
          f". >= ${{{A['start_date']}}} and . <= today()", "Après la date de début et pas dans le futur."),
        q("text", A["facilitator_id"], H["facilitator_id"], "Code du pair éducateur inscrit, jamais son nom.", "",
          f"${{{A['activity_type']}}} = 'focus_group'", CODE_RE, CODE_MSG),
        q("end_group", "", ""),
        q("begin_group", "lieu", "Lieu et partenaire"),
        q("select_one commune", A["commune"], H["commune"], "", "yes"),
        q("select_one localite", A["locality_id"], H["locality_id"], "« Toute la commune » pour une émission radio.",
          "yes", "", "", "", f"commune = ${{{A['commune']}}} or commune = 'toutes'"),
        q("select_one partenaire", A["partner"], H["partner"], "", "yes"),
        q("end_group", "", ""),
        q("begin_group", "participants", "Participants comptés"),
        *counts,
        q("end_group", "", ""),
        q("begin_repeat", "presences", "Personnes inscrites présentes",
          "Une entrée par personne inscrite présente (enfant, pair éducateur, membre de CCPE…). Facultatif."),
        q("text", KOBO["attendance"]["person_id"], HEADERS["attendance"]["person_id"],
          "Code de la personne, jamais son nom.", "", "", CODE_RE, CODE_MSG),
        q("end_repeat", "", ""),
    ]
    loc = [("localite", code, label, contract.LOCALITY_COMMUNE[code]) for code, label in labels("locality").items()]
    loc.append(("localite", NO_LOCALITY, "Toute la commune (radio)", "toutes"))
    choices = (_choices("type_activite", "activity_type") + _choices("commune", "commune") + loc
               + _choices("partenaire", "partner"))
    settings = {"form_title": "Rapport d'activité Kangaba", "form_id": "kangaba_rapport_activite"}
    return survey, choices, settings


def case_step_form() -> tuple[list, list, dict]:
    survey = META + [
        q("begin_group", "suivi", "Étape du cas"),
        q("text", E["case_id"], HE["case_id"], "Code pseudonyme du cas (ex. ACS-2021-0042), jamais le nom de l'enfant.",
          "yes", "", CODE_RE, CODE_MSG),
        q("select_one etape", E["stage"], HE["stage"], "Étape atteinte par l'enfant.", "yes"),
        q("date", E["event_date"], HE["event_date"], "", "yes", "", DATE_OK, DATE_MSG),
        q("select_one type_reinsertion", KOBO_DETAIL[0], "Type de réinsertion", "", "yes",
          f"${{{E['stage']}}} = 'reinsertion'"),
        q("text", KOBO_DETAIL[1], "Motif de clôture", "Sans nom ni détail qui permette de reconnaître l'enfant.", "",
          f"${{{E['stage']}}} = 'cloture'"),
        q("end_group", "", ""),
    ]
    choices = _choices("etape", "stage") + _choices("type_reinsertion", "reinsertion_type")
    settings = {"form_title": "Étape d'un cas Kangaba", "form_id": "kangaba_etape_cas"}
    return survey, choices, settings


def _workbook(survey, choices, settings) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(SURVEY_COLS)
    for row in survey:
        ws.append(list(row))
    wc = wb.create_sheet("choices")
    wc.append(("list_name", "name", f"label::{LANG}", "commune"))
    for row in choices:
        wc.append(list(row))
    wset = wb.create_sheet("settings")
    head = ("form_title", "form_id", "version", "default_language")
    wset.append(head)
    wset.append((settings["form_title"], settings["form_id"], date.today().strftime("%Y%m%d01"), LANG))
    for sheet in (ws, wc, wset):
        for c in sheet[1]:
            c.font = Font(bold=True)
        for col in sheet.columns:
            sheet.column_dimensions[col[0].column_letter].width = 24
    return wb


FORMS = {"kangaba_rapport_activite.xlsx": activity_form, "kangaba_etape_cas.xlsx": case_step_form}


def write_forms(out_dir: str | Path) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, build in FORMS.items():
        p = out / name
        _workbook(*build()).save(p)
        paths.append(p)
    return paths


def forms_zip() -> bytes:
    """Both forms in one ZIP (the download of the import page)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, build in FORMS.items():
            one = io.BytesIO()
            _workbook(*build()).save(one)
            z.writestr(name, one.getvalue())
    return buf.getvalue()
