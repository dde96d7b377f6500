"""Streamlit's own words in the user's language: the file uploader (« Upload », « 200MB per file ») and the
page-not-found box have no parameter for their text (streamlit/streamlit#13500 is open), so a style sheet
hides those English strings and writes the user's words in their place (CSS generated content: no script).
Also: the sidebar's « Voir comme » selector shows its whole value (a combobox <input> cannot wrap: a
smaller size at which the longest role fits, measured at 1280×720). In English only the latter applies.
The words are text keys (dashboard/texts/common.py). Only style: Streamlit sends it to its event container,
it takes no room on the page.
"""
from __future__ import annotations

from .i18n import t

UPLOADER_TYPES = "XLSX, CSV"      # the one uploader (pages/6_import.py)
MAX_MB = 200                      # Streamlit's server.maxUploadSize (the default)

VIEW_AS = '[data-testid="stSidebar"] .st-key-w_view_as input { font-size: 0.75rem !important; ' \
          'padding-left: 0.4rem !important; padding-right: 0 !important; }'


def _css_string(text: str) -> str:
    return '"' + "".join(c if c.isascii() and (c.isalnum() or c in " .,:;()/-'") else f"\\{ord(c):x} "
                         for c in text) + '"'


def _replace(selector: str, text: str, size: str) -> str:
    return (f"{selector} {{ font-size: 0 !important; }} "
            f"{selector}::after {{ content: {_css_string(text)}; font-size: {size}; }}")


def css(lang: str) -> str:
    rules = [VIEW_AS]
    if lang != "en":
        rules += [
            _replace('[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p',
                     t("st_upload", lang), "0.875rem"),
            _replace('[data-testid="stFileUploaderDropzoneInstructions"] span',
                     t("st_per_file", lang, n=MAX_MB) + " • " + UPLOADER_TYPES, "0.875rem"),
            _replace('section[role="dialog"] > h2', t("st_not_found", lang), "1.5rem"),
            _replace('section[role="dialog"] > h2 + div > div', t("st_not_found_body", lang), "1rem"),
        ]
    return "<style>\n" + "\n".join(rules) + "\n</style>"
