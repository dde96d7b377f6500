"""From partners' sheets to checked contract rows.

`check(sheets, stored, today)` decides the table of every sheet (from its name and headers),
reads every row into contract values (normalise.py), and checks:

- required columns and values, types, enumerations (labels and known variants accepted,
  anything else rejected with a suggestion);
- ranges: case age 0–17, counts ≥ 0, score ≤ maximum, dates never in the future (rejected)
  and inside the project span (queries/calendar.py, otherwise a warning);
- the same key twice with different content, within the files or against the stored rows;
- references against the stored rows plus the rows accepted by this import (attendance →
  participants and activities, assessments → participants, facilitators → peer educators,
  case events and services → cases);
- case steps in order: no step dated before an earlier step (e.g. identification).

It returns an ImportResult: problems, counts per table and the new rows to add.

The work is split along its seam: sheets.py reads the formats (template, KoboToolbox/ODK exports,
other tables) into rows, checks.py checks the rows, rows.py holds what both share.
"""
from __future__ import annotations

from datetime import date

from queries.contract import TABLES

from .checks import RowChecks, unknown_reference
from .read import Sheet
from .report import ImportResult
from .rows import Row, fmt, required
from .sheets import SheetReading, detect

__all__ = ["ORDER", "Checker", "Row", "check", "detect", "fmt", "required", "unknown_reference"]

ORDER = ("participants", "activities", "attendance", "assessments", "cases", "case_events", "case_services",
         "milestones", "budget")
assert set(ORDER) == set(TABLES)


class Checker(SheetReading, RowChecks):
    """One import: sheets added one by one (SheetReading), then `finish` checks across rows (RowChecks)."""

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

def check(sheets: list[Sheet], stored: dict[str, list[dict]], today: date | None = None,
          file_errors: list[tuple[str, str, str]] = ()) -> ImportResult:
    ch = Checker(stored, today)
    for file, message, suggestion in file_errors:
        ch.add_file_error(file, message, suggestion)
    for s in sheets:
        ch.add_sheet(s)
    return ch.finish()
