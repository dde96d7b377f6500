"""Reading partners' files: XLSX (every sheet) and CSV (`;`, `,` or tab; UTF-8, UTF-8 with BOM
or Windows-1252), into rows numbered as the user sees them in the spreadsheet (first row = 1)."""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Source:
    """A file to import: its name as the user knows it and its bytes."""
    name: str
    data: bytes

    @classmethod
    def from_path(cls, path: str | Path) -> "Source":
        p = Path(path)
        return cls(p.name, p.read_bytes())


@dataclass
class Sheet:
    file: str
    name: str                                      # sheet name; "" for a CSV file
    rows: list[tuple[int, list]] = field(default_factory=list)   # (row number, cells), blank rows left out
    kind: str = "xlsx"

    @property
    def where(self) -> str:
        return f"{self.file} › {self.name}" if self.name else self.file


class Unreadable(Exception):
    pass


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _delimiter(lines: list[str]) -> str:
    """The separator that splits one of the first lines into the most cells (`;` first on a tie)."""
    head = lines[:10]
    return max(";,\t|", key=lambda sep: max((line.count(sep) for line in head), default=0))


def read_csv(src: Source) -> list[Sheet]:
    text = _decode(src.data)
    if "\x00" in text:
        raise Unreadable("fichier binaire : ce n'est pas un CSV")
    sheet = Sheet(src.name, "", kind="csv")
    lines = text.splitlines()
    if lines and lines[0].lower().startswith("sep=") and len(lines[0].strip()) == 5:   # Excel's « sep=; » line
        sep, text = lines[0].strip()[4], text.split("\n", 1)[1] if "\n" in text else ""
    else:
        sep = _delimiter(lines)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    for i, row in enumerate(reader, start=1):
        if any(c.strip() for c in row):
            sheet.rows.append((i, list(row)))
    return [sheet]


def read_xlsx(src: Source) -> list[Sheet]:
    import openpyxl
    try:
        wb = openpyxl.load_workbook(io.BytesIO(src.data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise Unreadable(f"classeur Excel illisible ({type(e).__name__})") from None
    out = []
    try:
        for ws in wb.worksheets:
            sheet = Sheet(src.name, ws.title)
            if getattr(ws, "sheet_state", "visible") != "visible":
                sheet.kind = "hidden"
            ws.reset_dimensions()
            for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = list(row)
                while cells and (cells[-1] is None or (isinstance(cells[-1], str) and not cells[-1].strip())):
                    cells.pop()
                if cells:
                    sheet.rows.append((i, cells))
            out.append(sheet)
    finally:
        wb.close()
    return out


def read_source(src: Source) -> list[Sheet]:
    """The sheets of a file. Raises Unreadable (French message)."""
    suffix = Path(src.name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(src)
    if suffix in (".csv", ".txt", ".tsv"):
        return read_csv(src)
    if suffix in (".xls", ".ods"):
        raise Unreadable(f"format {suffix} non pris en charge : enregistrez le fichier au format .xlsx ou .csv")
    if src.data[:2] == b"PK":
        return read_xlsx(src)
    raise Unreadable(f"format de fichier non reconnu ({suffix or 'sans extension'}) : .xlsx ou .csv attendu")
