"""Turning what partners type into contract values — openly.

Every function returns the value or raises `Invalid(message, suggestion)` (French).
Nothing is ever matched to the *nearest* known value: an unknown spelling is rejected,
and the nearest one is only offered as a suggestion (« Kofolatié : voulez-vous dire KOFLATIE ? »),
for codes of the contract's lists only (places, sexes, partners…). Identifiers of people, activities
and cases never get one: the nearest code is another child's.

Accepted spellings of a code: the code itself, its French and English labels
(dashboard/texts/codes.py CODES) and the variants of importer/variants.csv (the one list of
spellings, e.g. « Kofoulatié », « Téguécoro », « féminin », « G »), compared after `norm`
(no case, accents, spaces or punctuation).
"""
from __future__ import annotations

import csv
import difflib
import math
import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from queries import contract

HERE = Path(__file__).resolve().parent
VARIANTS_FILE = HERE / "variants.csv"


class Invalid(ValueError):
    def __init__(self, message: str, suggestion: str = ""):
        super().__init__(message)
        self.message = message
        self.suggestion = suggestion


SPACES = "\u00a0\u202f\u2007\u2009\u200b\ufeff"


def clean(v) -> str:
    """A cell as text: non-breaking and thin spaces made plain, outer spaces removed."""
    s = str(v)
    for ch in SPACES:
        s = s.replace(ch, " ")
    return re.sub(r"\s+", " ", s).strip()


def norm(s) -> str:
    """Compare key: no accents, no case, punctuation and spaces collapsed to one space."""
    s = clean(s).replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def is_blank(v) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and clean(v) in ("", "-", "—", "n/a", "N/A", "NA", "nan", "None", "NULL", "null")


def shown(v) -> str:
    """How a raw cell is quoted in the report."""
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.strftime("%d/%m/%Y") if (v.hour, v.minute, v.second) == (0, 0, 0) else v.strftime("%d/%m/%Y %H:%M")
    if isinstance(v, date):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return clean(v)


# ------------------------------------------------------------------ enumerations

KIND_CODES = {  # kind of dashboard/texts/codes.py CODES -> contract codes (the only values written)
    "commune": contract.COMMUNES, "locality": contract.LOCALITIES, "partner": contract.PARTNERS,
    "sex": contract.SEXES, "role": contract.ROLES, "setting": contract.SETTINGS,
    "activity_type": contract.ACTIVITY_TYPES, "stage": contract.STAGES, "service": contract.SERVICES,
    "reinsertion_type": contract.REINSERTION_TYPES, "exploitation": contract.EXPLOITATIONS,
    "referral_source": contract.REFERRAL_SOURCES, "milestone_kind": contract.MILESTONE_KINDS,
    "assessment_kind": contract.ASSESSMENT_KINDS, "nationality": None, "boolean": ("true", "false"),
}
LABEL_KINDS = {"locality": ("locality", "locality_short"), "sex": ("sex", "sex_child")}
NULL = ""   # code of a spelling that means "no value" (« Non renseigné », « Toute la commune »)


def read_variants(path: Path = VARIANTS_FILE) -> list[tuple[str, str, str]]:
    out = []
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    for row in csv.DictReader(lines):
        out.append((row["kind"].strip(), row["spelling"].strip(), (row["code"] or "").strip()))
    return out


@lru_cache(maxsize=None)
def spellings(kind: str) -> dict[str, str]:
    """norm(spelling) -> code ('' = no value) for one kind."""
    from dashboard.texts.codes import CODES
    codes = KIND_CODES[kind]
    out: dict[str, str] = {}
    if codes:
        for c in codes:
            out[norm(c)] = c
    for k in LABEL_KINDS.get(kind, (kind,)):
        for c, labels in CODES.get(k, {}).items():
            code = NULL if c in ("", "NR") else c
            for label in labels:
                out.setdefault(norm(label), code)
            if kind == "nationality":
                out.setdefault(norm(c), c)
    for k, spelling, code in read_variants():
        if k == kind:
            if codes and code and code not in codes:
                raise ValueError(f"variants.csv : {spelling} -> {code} n'est pas un code {kind} du contrat")
            out[norm(spelling)] = code
    return out


def labels(kind: str, lang: int = 0) -> dict[str, str]:
    """code -> French label (the allowed values shown in drop-down lists)."""
    from dashboard.texts.codes import CODES
    src = {"locality": "locality_short", "sex": "sex"}.get(kind, kind)
    return {c: v[lang] for c, v in CODES[src].items() if c not in ("", "NR")}


_PREFIXES = ("commune de ", "commune d ", "site aurifere de ", "site de ", "village de ", "village d ")


def enum(kind: str, value, nullable: bool) -> str | None:
    """Code for a spelling, None for a blank or a « no value » spelling (when allowed)."""
    if is_blank(value):
        return None
    text = clean(value)
    sp = spellings(kind)
    n = norm(text)
    candidates = [n]
    if "(" in text:                                   # « Kokoyo (site) »
        candidates.append(norm(re.sub(r"\(.*?\)", " ", text)))
    candidates += [n[len(p):] for p in _PREFIXES if n.startswith(p)]
    for c in candidates:
        if c in sp:
            code = sp[c]
            if code == NULL:
                if nullable:
                    return None
                raise Invalid(f"« {text} » ne peut pas être laissé sans valeur ici : valeur obligatoire.")
            return code
    if kind == "nationality" and re.fullmatch(r"[A-Za-z]{3}", text):
        return text.upper()                           # any ISO 3166-1 alpha-3 code
    raise Invalid(f"valeur inconnue « {text} »", suggest(kind, text))


def suggest(kind: str, text: str) -> str:
    sp = spellings(kind)
    close = difflib.get_close_matches(norm(text), [k for k, v in sp.items() if v], n=1, cutoff=0.6)
    if close:
        return f"{text} : voulez-vous dire {sp[close[0]]} ?"
    allowed = ", ".join(labels(kind).values()) if kind not in ("nationality", "boolean") else (
        "un code pays à 3 lettres (MLI, BFA, GIN…)" if kind == "nationality" else "Oui, Non")
    return f"valeurs admises : {allowed}"


# ------------------------------------------------------------------ numbers, booleans

def number(value, integer: bool) -> float | int | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise Invalid(f"nombre attendu, pas « {value} »")
    if isinstance(value, (int, float)):
        x = float(value)
    else:
        text = clean(value)
        s = re.sub(r"[\s']", "", text)
        if "," in s and "." in s:                      # 1.234,5 or 1,234.5
            s = s.replace(".", "").replace(",", ".") if s.rfind(",") > s.rfind(".") else s.replace(",", "")
        elif s.count(",") == 1:
            s = s.replace(",", ".")
        try:
            x = float(s)
        except ValueError:
            raise Invalid(f"nombre attendu, pas « {text} »",
                          "écrivez seulement des chiffres (ex. 12 ou 12,5)") from None
    if not math.isfinite(x):
        raise Invalid(f"nombre attendu, pas « {value} »")
    if integer:
        if not x.is_integer():
            raise Invalid(f"nombre entier attendu, pas « {shown(value)} »", "écrivez un nombre sans décimale")
        return int(x)
    return x


def boolean(value) -> bool | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    code = enum("boolean", value, nullable=True)
    return None if code is None else code == "true"


# ------------------------------------------------------------------ dates

EXCEL_EPOCH = date(1899, 12, 30)
MONTHS_FR = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "feb": 2, "mars": 3, "mar": 3,
    "avril": 4, "avr": 4, "apr": 4, "mai": 5, "may": 5, "juin": 6, "jun": 6, "juillet": 7, "juil": 7, "jul": 7,
    "aout": 8, "aug": 8, "septembre": 9, "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?")
_DMY = re.compile(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{2}|\d{4})(?: .*)?")
_TEXT = re.compile(r"(\d{1,2})(?:er)? ([a-z]+) (\d{2}|\d{4})")
HINT = "écrivez la date au format jj/mm/aaaa (ex. 03/05/2021)"


def _make(y: int, m: int, d: int, text: str) -> date:
    if y < 100:
        y += 2000
    try:
        return date(y, m, d)
    except ValueError:
        sugg = HINT
        if d <= 12 < m:
            try:
                swapped = f"{date(y, d, m):%d/%m/%Y}"
                sugg = f"s'il s'agit du {swapped} (mois et jour inversés), écrivez {swapped}"
            except ValueError:
                pass
        raise Invalid(f"date impossible « {text} »", sugg) from None


def parse_date(value) -> date | None:
    """ISO (2021-05-03), jj/mm/aaaa (03/05/2021, 3-5-21), « 3 mai 2021 », Excel serial (44319)."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise Invalid(f"date attendue, pas « {value} »", HINT)
    text = clean(value)
    serial = None
    if isinstance(value, (int, float)):
        serial = float(value)
    elif re.fullmatch(r"\d{5}(?:[.,]\d+)?", text):
        serial = float(text.replace(",", "."))
    if serial is not None:
        if not 1 <= serial < 2958466:
            raise Invalid(f"date attendue, pas « {text} »", HINT)
        return EXCEL_EPOCH + timedelta(days=int(serial))
    if m := _ISO.fullmatch(text):
        return _make(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _DMY.fullmatch(text):
        return _make(int(m[3]), int(m[2]), int(m[1]), text)
    n = norm(text)
    if (m := _TEXT.fullmatch(n)) and m[2] in MONTHS_FR:
        return _make(int(m[3]), MONTHS_FR[m[2]], int(m[1]), text)
    raise Invalid(f"date illisible « {text} »", HINT)


# ------------------------------------------------------------------ identifiers and text

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-/]*")


def identifier(value) -> str | None:
    """A pseudonymous code (ACS-2021-0042): no space, at least one digit — never a name."""
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean(value)
    if _ID.fullmatch(text) and re.search(r"\d", text):
        return text
    if re.search(r"\d", text) and _ID.fullmatch(re.sub(r"\s+", "-", text)):
        raise Invalid(f"code invalide « {text} » : un code ne contient pas d'espace",
                      "recopiez le code exact de la fiche du partenaire (aucun code n'est deviné)")
    raise Invalid("ce n'est pas un code : un identifiant est un code sans espace avec au moins un chiffre "
                  "(ex. ACS-2021-0042), jamais un nom", "remplacez-le par le code attribué par le partenaire")


def looks_like_name(value) -> bool:
    """A rejected identifier that could be a person's name: never quoted in the report."""
    text = clean(value)
    return bool(text) and not re.search(r"\d", text) and bool(re.search(r"[A-Za-zÀ-ÿ]{2,}", text))


def text(value) -> str | None:
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(value)


def quarter(value) -> str | None:
    """2021-Q1; also accepts 2021-T1, T1 2021, 2021 Q1."""
    if is_blank(value):
        return None
    t = clean(value).upper()
    m = re.fullmatch(r"(\d{4})\s*[-/ ]?\s*[QT]([1-4])", t) or re.fullmatch(r"[QT]([1-4])\s*[-/ ]?\s*(\d{4})", t)
    if not m:
        raise Invalid(f"trimestre illisible « {clean(value)} »", "écrivez AAAA-Tn, par exemple 2021-T1")
    y, q = (m[1], m[2]) if len(m[1]) == 4 else (m[2], m[1])
    return f"{y}-Q{q}"
