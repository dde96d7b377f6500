"""Reporting completeness and timeliness, DHIS2-style: per partner and month, did the partner report
activities (months without any are flagged), and how long after an activity did the import that
brought it arrive.

Timeliness is read from the importer's versions (importer/store.py, read only): the versions do not
record when each activity arrived, so an activity's arrival is the creation date of the first version
whose activities extract contains its id (ARRIVAL_METHOD, said on screen). Activities already in the
first version, when that version is a copy of extracts from before the first import (or of the demo
data), have no known arrival and are counted apart.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from . import FULL_SCOPE, Filters, Scope, bind, calendar, execute, memo
from .contract import METADATA_FILE

__all__ = ["completeness", "completeness_summary", "silent_partners", "arrival_delays", "SILENT_DAYS"]

SILENT_DAYS = 60
P0, P1 = calendar.PROJECT_START, calendar.PROJECT_END


def completeness(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """partner x month of the view (from the later of the project's start and the view's start, to the view's
    end): activities reported that month, `silent` when none. Commune and partner filters and the role's
    scope apply; sex and locality do not (a month is reported or not)."""
    p = bind(filters, scope)
    partners = p["partners"]
    d = execute(con, "completeness_months", dict(communes=p["communes"], partners=partners, end=p["end"],
                                                 project_start=P0, project_end=P1))
    d["month"] = pd.to_datetime(d["month"]).dt.date
    if p["start"]:
        first = date(p["start"].year, p["start"].month, 1)
        d = d[d["month"] >= first]
    d["silent"] = d["activities"] == 0
    return d.reset_index(drop=True)


def completeness_summary(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """Per partner: months in the view, months with activities, months without, the share reported, the
    longest run of months without any report and the last activity."""
    d = completeness(con, filters, scope)
    rows = []
    for partner, g in d.groupby("partner", sort=True):
        run = best = 0
        for s in g["silent"]:
            run = run + 1 if s else 0
            best = max(best, run)
        last = g["last_day"].dropna()
        rows.append(dict(partner=partner, months=len(g), reported=int((~g["silent"]).sum()),
                         silent=int(g["silent"].sum()), pct_reported=100.0 * (~g["silent"]).sum() / len(g) if len(g) else None,
                         longest_gap=best, last_activity=pd.to_datetime(last.max()).date() if len(last) else None))
    return pd.DataFrame(rows)


def silent_partners(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE, days: int = SILENT_DAYS) -> list[tuple[str, int]]:
    """(partner, days) of the partners of the scope whose last activity is more than `days` days before the
    last date in the data (the reference of the data-quality page). The filters do not apply: silence is
    the partner's, whatever the view; computed once per data version (connection), scope and `days`."""
    return list(memo.per_connection(con, ("silent_partners", scope.partners, days),
                                    lambda: _silent_partners(con, scope, days)))


def _silent_partners(con, scope: Scope, days: int) -> tuple[tuple[str, int], ...]:
    summary = execute(con, "dq_load_summary", bind(Filters()))     # every partner's rows: the data's last day
    ref = pd.to_datetime(summary["last_date"]).max()
    if pd.isna(ref):
        return ()
    last = execute(con, "dq_last_activity", bind(Filters()))
    out = []
    for r in last.itertuples():
        if scope.partners is not None and r.partner not in scope.partners:
            continue
        if pd.isna(r.last_activity):
            continue
        gap = int((ref - pd.Timestamp(r.last_activity)).days)
        if gap > days:
            out.append((r.partner, gap))
    return tuple(out)


ARRIVAL_METHOD = "first_version"


def _created(folder: Path) -> tuple[datetime | None, dict]:
    try:
        meta = json.loads((folder / METADATA_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = {}
    try:
        return datetime.fromisoformat(meta["created"]), meta
    except (KeyError, TypeError, ValueError):
        from importer.store import VERSION_RE
        m = VERSION_RE.fullmatch(folder.name)
        return (datetime.strptime(m[2] + m[3], "%Y%m%d%H%M%S") if m else None), meta


def arrival_delays(con=None, filters: Filters = Filters(), scope: Scope = FULL_SCOPE,
                   data_root: str | Path | None = None) -> dict:
    """From the importer's versions: per partner of the scope, the activities whose arrival is known, the
    median and the 90th percentile of the days between the activity's date and its arrival, and the share
    that arrived within 30 days. {'versions': n, 'rows': DataFrame, 'unknown': activities without a known
    arrival}. No versions (a plain folder of extracts): versions 0 and no rows. `data_root`: the data folder
    (default $KANGABA_DATA, queries.default_data_dir); the filters do not apply (an arrival is the import's)."""
    import pyarrow.parquet as pq

    from importer import store
    from . import default_data_dir, table_files
    root = Path(data_root or default_data_dir())
    hidden = store.unfinished(root)
    folders = [f for f in store.version_dirs(root) if f.name not in hidden]
    seen: dict[str, tuple] = {}
    unknown = 0
    for i, folder in enumerate(folders):
        created, meta = _created(folder)
        known = i > 0 or meta.get("generator") == "importer"
        for f in table_files(folder, "activities"):
            t = pq.read_table(f, columns=["activity_id", "partner", "commune", "start_date"]).to_pylist()
            for r in t:
                if r["activity_id"] in seen:
                    continue
                seen[r["activity_id"]] = (r["partner"], r["commune"], r["start_date"], created if known else None)
    rows = []
    for partner, commune, start, arrived in seen.values():
        if scope.partners is not None and partner not in scope.partners:
            continue
        if scope.communes is not None and commune not in scope.communes:
            continue
        if arrived is None or start is None:
            unknown += 1
            continue
        rows.append(dict(partner=partner, days=(arrived.date() - pd.Timestamp(start).date()).days))
    d = pd.DataFrame(rows, columns=["partner", "days"])
    out = d.groupby("partner")["days"].agg(
        activities="size", median="median", p90=lambda x: x.quantile(0.9),
        within_30=lambda x: 100.0 * (x <= 30).mean()).reset_index() if len(d) else \
        pd.DataFrame(columns=["partner", "activities", "median", "p90", "within_30"])
    return dict(versions=len(folders), rows=out, unknown=unknown)
