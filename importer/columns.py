"""What partners' files call the contract's tables and columns, in one place.

- `SHEETS`: the French sheet name of every table in the template;
- `HEADERS`: the French header of every contract column (template, XLSForm labels, report);
- `KOBO`: the field names of the XLSForms (what a KoboToolbox export with « XML values
  and headers » calls them, under group paths such as `activite/code_activite`);
- `ALIASES`: other headers partners use;
- `ENUM_KIND`: which list of labels (dashboard/texts/codes.py CODES) a column's values come from;
- `match_header` / `match_sheet`: header or sheet name -> contract column or table.

Comparison ignores case, accents, spaces and punctuation (normalise.norm).
"""
from __future__ import annotations

import re

from queries.contract import TABLES

from .normalise import norm

SHEETS = {
    "activities": "Activités", "participants": "Participants", "attendance": "Présences",
    "assessments": "Tests de connaissances", "cases": "Cas", "case_events": "Étapes des cas",
    "case_services": "Services aux cas", "milestones": "Jalons", "budget": "Budget",
}
TABLE_LABELS = {  # in sentences of the report
    "activities": "activités", "participants": "participants", "attendance": "présences",
    "assessments": "tests de connaissances", "cases": "cas", "case_events": "étapes des cas",
    "case_services": "services aux cas", "milestones": "jalons", "budget": "budget",
    "targets": "cibles (feuille « Cibles »)",
}
SHEET_ALIASES = {
    "activities": ("activite", "activites", "rapport d activite", "rapports d activite", "rapport d activite kangaba"),
    "participants": ("participant", "personnes", "inscrits", "registre"),
    "attendance": ("presence", "presences", "liste de presence", "listes de presence"),
    "assessments": ("tests", "test", "evaluations des connaissances", "pre post tests"),
    "cases": ("cas", "dossiers", "cas identifies"),
    "case_events": ("etapes", "etapes des cas", "suivi des cas", "suivi", "etape d un cas",
                    "etape d un cas kangaba"),
    "case_services": ("services", "services aux cas"),
    "milestones": ("jalons", "jalon"),
    "budget": ("budget", "depenses"),
}
# sheets of the template that are not data
NOT_DATA_SHEETS = ("instructions", "listes", "lisez moi", "readme", "choices", "settings", "survey",
                   "cibles par defaut")

HEADERS: dict[str, dict[str, str]] = {
    "activities": {
        "activity_id": "Code de l'activité", "activity_type": "Type d'activité", "start_date": "Date de début",
        "end_date": "Date de fin", "locality_id": "Localité", "commune": "Commune", "partner": "Partenaire",
        "facilitator_id": "Code du pair éducateur animateur", "girls": "Filles", "boys": "Garçons",
        "women": "Femmes", "men": "Hommes",
    },
    "participants": {
        "person_id": "Code de la personne", "role": "Rôle", "sex": "Sexe", "age": "Âge à l'inscription",
        "setting": "Milieu (enfants)", "locality_id": "Localité", "commune": "Commune", "partner": "Partenaire",
        "enrolled_on": "Date d'inscription",
    },
    "attendance": {"activity_id": "Code de l'activité", "person_id": "Code de la personne"},
    "assessments": {
        "person_id": "Code de la personne", "kind": "Test (avant / après)", "assessed_on": "Date du test",
        "score": "Score obtenu", "max_score": "Score maximum",
    },
    "cases": {
        "case_id": "Code du cas", "sex": "Sexe", "age": "Âge à l'identification", "nationality": "Nationalité",
        "origin_region": "Région d'origine (si Mali)", "site_id": "Site d'identification", "partner": "Partenaire",
        "referral_source": "Source du signalement", "exploitation": "Forme d'exploitation",
        "consent_reporting": "Consentement aux rapports",
    },
    "case_events": {
        "case_id": "Code du cas", "stage": "Étape", "event_date": "Date de l'étape",
        "detail": "Précision (type de réinsertion ou motif de clôture)",
    },
    "case_services": {
        "case_id": "Code du cas", "service": "Service", "service_date": "Date du service", "partner": "Partenaire",
    },
    "milestones": {
        "milestone_id": "Code du jalon", "kind": "Type de jalon", "commune": "Commune", "title": "Intitulé",
        "planned_on": "Date prévue", "achieved_on": "Date de réalisation",
    },
    "budget": {
        "quarter": "Trimestre (AAAA-Tn)", "budget_line": "Ligne budgétaire", "partner": "Partenaire",
        "planned_eur": "Prévu (EUR)", "spent_eur": "Dépensé (EUR)",
    },
}
assert all(set(HEADERS[t]) == set(TABLES[t].column_names) for t in TABLES), "HEADERS must cover the contract"

# Field names of the XLSForms (importer/xlsform.py builds the forms from these).
KOBO = {
    "activities": {
        "activity_id": "code_activite", "activity_type": "type_activite", "start_date": "date_debut",
        "end_date": "date_fin", "commune": "commune", "locality_id": "localite", "partner": "partenaire",
        "facilitator_id": "code_pair_educateur", "girls": "filles", "boys": "garcons", "women": "femmes",
        "men": "hommes",
    },
    "attendance": {"person_id": "code_personne"},
    "case_events": {"case_id": "code_cas", "stage": "etape", "event_date": "date_etape"},
}
# case step form: the detail comes from one of two questions, depending on the stage
KOBO_DETAIL = ("type_reinsertion", "motif_cloture")

ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "activities": {
        "activity_id": ("code activite", "id activite", "code", "n activite"),
        "activity_type": ("type", "type activite", "activite"),
        "start_date": ("date", "date debut", "date de l activite", "debut"),
        "end_date": ("date fin", "fin"),
        "locality_id": ("localite", "lieu", "village", "site", "village site"),
        "facilitator_id": ("animateur", "code animateur", "pair educateur", "code pair educateur", "facilitateur"),
        "girls": ("nombre de filles", "nb filles", "filles"),
        "boys": ("nombre de garcons", "nb garcons", "garcons"),
        "women": ("nombre de femmes", "nb femmes", "femmes"),
        "men": ("nombre d hommes", "nombre hommes", "nb hommes", "hommes"),
    },
    "participants": {
        "person_id": ("code personne", "code participant", "id personne", "code", "identifiant"),
        "age": ("age",), "setting": ("milieu",), "locality_id": ("localite", "village", "site"),
        "enrolled_on": ("date inscription", "inscrit le", "date d enregistrement"),
    },
    "attendance": {
        "activity_id": ("code activite", "activite"), "person_id": ("code personne", "participant", "code participant"),
    },
    "assessments": {
        "kind": ("test", "type de test", "pre post"), "assessed_on": ("date", "date test"),
        "score": ("score", "note"), "max_score": ("score max", "note maximale", "bareme", "sur"),
    },
    "cases": {
        "case_id": ("code cas", "code", "n cas", "numero du cas"), "age": ("age",),
        "nationality": ("nationalite", "pays d origine"), "origin_region": ("region d origine", "region"),
        "site_id": ("site", "lieu d identification", "localite"), "referral_source": ("source", "reference par"),
        "exploitation": ("type d exploitation", "exploitation"), "consent_reporting": ("consentement",),
    },
    "case_events": {
        "case_id": ("code cas", "code"), "stage": ("etape atteinte",), "event_date": ("date", "date etape"),
        "detail": ("precision", "detail", "type de reinsertion", "motif de cloture") + KOBO_DETAIL,
    },
    "case_services": {"case_id": ("code cas", "code"), "service_date": ("date", "date service")},
    "milestones": {"milestone_id": ("code jalon", "code"), "kind": ("type", "type jalon"), "title": ("titre",),
                   "planned_on": ("prevu le", "date prevue"), "achieved_on": ("atteint le", "realise le")},
    "budget": {"quarter": ("trimestre",), "budget_line": ("ligne",), "planned_eur": ("prevu",),
               "spent_eur": ("depense", "realise")},
}

# (table, column) -> kind of dashboard.texts.codes.CODES whose labels are accepted (and shown in drop-downs)
ENUM_KIND = {
    ("activities", "activity_type"): "activity_type", ("activities", "locality_id"): "locality",
    ("activities", "commune"): "commune", ("activities", "partner"): "partner",
    ("participants", "role"): "role", ("participants", "sex"): "sex", ("participants", "setting"): "setting",
    ("participants", "locality_id"): "locality", ("participants", "commune"): "commune",
    ("participants", "partner"): "partner",
    ("assessments", "kind"): "assessment_kind",
    ("cases", "sex"): "sex", ("cases", "site_id"): "locality", ("cases", "partner"): "partner",
    ("cases", "referral_source"): "referral_source", ("cases", "exploitation"): "exploitation",
    ("cases", "nationality"): "nationality",
    ("case_events", "stage"): "stage",
    ("case_services", "service"): "service", ("case_services", "partner"): "partner",
    ("milestones", "kind"): "milestone_kind", ("milestones", "commune"): "commune",
    ("budget", "partner"): "partner",
}
# identifier columns: codes, never names
ID_COLUMNS = {
    "activities": ("activity_id", "facilitator_id"), "participants": ("person_id",),
    "attendance": ("activity_id", "person_id"), "assessments": ("person_id",), "cases": ("case_id",),
    "case_events": ("case_id",), "case_services": ("case_id",), "milestones": ("milestone_id",),
}
EXAMPLE_PREFIX = "EXEMPLE-"   # identifiers of the template's example rows (never imported)
EXAMPLE_COLUMNS = {**ID_COLUMNS, "budget": ("budget_line",)}   # where that prefix marks an example row


def _spellings(table: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for col in TABLES[table].column_names:
        for s in (col, HEADERS[table][col], KOBO.get(table, {}).get(col, "")) + ALIASES.get(table, {}).get(col, ()):
            if s:
                out.setdefault(norm(s), col)
    return out


SPELLINGS = {t: _spellings(t) for t in TABLES}


def match_header(table: str, header: str) -> str | None:
    """The contract column a header stands for in `table` (whole header, then its last group path part)."""
    if not header:
        return None
    sp = SPELLINGS[table]
    n = norm(header)
    if n in sp:
        return sp[n]
    bare = norm(re.sub(r"\(.*?\)|\*", " ", header))          # « Sexe (F/M) », « Âge (ans) », « Code * »
    if bare in sp:
        return sp[bare]
    for sep in ("/", ":"):
        if sep in header:
            last = norm(header.rsplit(sep, 1)[1])
            if last in sp:
                return sp[last]
    return None


def match_sheet(name: str) -> str | None:
    n = norm(name)
    for t in TABLES:
        if n in (norm(t), norm(SHEETS[t])) or n in SHEET_ALIASES.get(t, ()):
            return t
    return None


def is_kobo_meta(header: str) -> bool:
    """KoboToolbox / ODK bookkeeping columns (`_uuid`, `_index`, `meta/instanceID`, `start`...)."""
    last = header.rsplit("/", 1)[-1].strip()
    return last.startswith("_") or last in ("start", "end", "today", "instanceID", "instanceName", "deprecatedID",
                                            "audit", "__version__", "uuid") or header.startswith(("meta/", "formhub/"))
