"""Columns that may hold personal data: never written to an extract, always reported.

The contract (« Identifiers are codes, never names. No extract may contain a child's
name, phone number, exact address or photo ») is enforced twice: only contract columns
are ever written, and a column whose header looks like a name, first name, phone number,
address, photo or position is named in the report as dropped for that reason.
The header is compared without case or accents, part by part (`groupe/champ`,
`nom_enfant`, `NomEnfant`, `Téléphone du tuteur`...).
"""
from __future__ import annotations

import re

from .normalise import clean, norm

# whole words of a header
WORDS = {
    "nom", "noms", "prenom", "prenoms", "name", "names", "surname", "firstname", "lastname", "fullname",
    "tel", "telephone", "telephones", "phone", "phonenumber", "mobile", "portable", "cellulaire", "gsm", "contact",
    "contacts", "whatsapp", "adresse", "adresses", "address", "domicile", "quartier", "rue",
    "photo", "photos", "image", "images", "picture", "selfie", "attachments", "piece", "jointe",
    "gps", "geolocation", "geolocalisation", "geopoint", "coordonnees", "coordinates", "latitude", "longitude",
    "lat", "lon", "lng", "email", "mail", "courriel", "signature", "nina", "passeport", "passport", "cni",
    "empreinte", "imei", "deviceid", "simserial", "subscriberid",
}
# parts of a header written without separators (« nomenfant », « TelephoneParent »)
PARTS = ("prenom", "telephone", "phone", "adresse", "address", "photo", "geoloc", "gps", "courriel", "email",
         "whatsapp", "firstname", "lastname", "surname", "fullname", "nomcomplet", "nomprenom", "nomenfant",
         "nomdelenfant", "nomdu", "nomde", "nomtuteur", "nompere", "nommere", "signature")
WHY = ("données personnelles possibles (nom, téléphone, adresse, photo ou position) : colonne écartée, "
       "jamais enregistrée")


def _words(header: str) -> list[str]:
    spaced = re.sub(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])", " ", clean(header))   # NomEnfant -> Nom Enfant
    return norm(spaced).split()


def is_personal(header) -> bool:
    if header is None:
        return False
    h = str(header)
    words = _words(h)
    if any(w in WORDS for w in words):
        return True
    joined = "".join(words)
    if any(p in joined for p in PARTS):
        return True
    return (joined.startswith("nom") and not joined.startswith("nombre")) or joined.startswith("name")
