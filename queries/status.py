"""The status rule, written once: every surface (cards, logframe table, slides and their sentences,
HTML/PDF report, donor workbook, CLI) reads the columns that `judge` adds to `indicators()`.

A view is judged as at its end date (`asof`: the end of its period, never after today):

- `no_data`    no value: a rate without denominator, or a value hidden by small-cell protection (a
               status is never computed from a hidden value);
- `no_target`  no target belongs to the view: it cuts along a dimension the target cells are not
               split on (one locality, one partner without partner targets…), or nothing was due in it
               (and nothing was done);
- `met`        value ≥ the view's target;
- `too_recent` cohort figures (in care, returned, reinserted; counts and rates): the view's cohort
               starts less than the project's median time from identification to that stage before
               `asof` — even its first children have not had the usual time. `status_from` is the
               first end date at which the view's cohort has had it (start + median delay);
- `not_met`    the view reaches the project's end (31/12/2022): met or not met, nothing else;
- otherwise, against `expected`, the level due at `asof`: `on_track` ≥ 90 %, `late` ≥ 60 %, else
  `very_late`. Counts: the target cells' phasing (each year's cells spread over the year's days,
  from the view's start); milestones: the milestones planned by `asof` (late only once a planned date
  is past); rates: the rate's own target.

A milestone indicator's target in a view is the milestones due in it — planned on or before its end
and not achieved before its start — (at most its target cells); over the whole project, its cells.

The target of a count is the sum of the target cells inside the view's filters (queries/targets.py),
rounded to a whole unit, as is the expected level; the target of a rate is the rate's own.
"""
from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd

from . import targets
from .targets import P1

STATUSES = ("met", "not_met", "on_track", "late", "very_late", "too_recent", "no_target", "no_data")
ON_TRACK, LATE = 0.9, 0.6           # share of the expected level
MIN_DELAY_CASES = 5                 # a median delay from fewer cases is not used (no « too recent » then)
COLUMNS = ("project_target", "target", "expected", "status", "status_from", "step_days", "pct_of_target",
           "share_of_project", "asof")


def _na(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _whole(v):
    return None if _na(v) else float(math.floor(float(v) + 0.5))


def status(value, target, expected, after_end: bool, too_recent: bool = False) -> str:
    """The rule of the module docstring for one indicator of one view."""
    if _na(value):
        return "no_data"
    if _na(target) or (target <= 0 and value <= 0):
        return "no_target"
    value = float(value)
    if value >= target:
        return "met"
    if too_recent:
        return "too_recent"
    if after_end:
        return "not_met"
    if _na(expected) or expected <= 0:
        return "on_track"                           # nothing was due yet
    r = value / expected
    return "on_track" if r >= ON_TRACK else "late" if r >= LATE else "very_late"


def milestones_due(total: float, due: list[date], view: targets.View, on: date) -> float:
    """A milestone indicator's level due by `on`: its target over the whole project at its end, else the
    milestones planned by then (those of `due`, planned dates of the view's milestones), at most its target."""
    if on >= view.e and view.whole_project():
        return total
    last = min(on, view.e)
    return float(min(total, sum(1 for d in due if d <= last)))


def judge(ind: pd.DataFrame, cells, planned: dict, delays: dict, p: dict,
          today: date | None = None) -> pd.DataFrame:
    """`ind` (one row per indicator, `value` already protected for the role, `target` the project's)
    with the columns of COLUMNS. `p`: the bound parameters of the view (queries.bind: for a protected
    scope, whole quarters); `cells`: the target cells in force (a frame, or targets.by_indicator of it);
    `planned`: id -> planned dates of its milestones (milestones_due.sql); `delays`: stage ->
    {cases, median_days} (case_step_delay.sql)."""
    cols = judged_columns({c: ind[c] for c in ind.columns}, cells, planned, delays, p, today)
    return pd.DataFrame(cols, index=ind.index)


def judged_columns(cols: dict, cells, planned: dict, delays: dict, p: dict, today: date | None = None) -> dict:
    """`judge` on the columns of a frame (name -> Series or array, one row per indicator): the same columns,
    `target` replaced by the view's, then those of COLUMNS (the frame is built once by the caller)."""
    view = targets.View.of(p)
    asof = min(view.e, today or date.today())
    after_end = asof >= P1
    prepared = cells if isinstance(cells, dict) else targets.by_indicator(cells)
    project = pd.Series(cols["target"]).astype("float64").to_numpy()
    value = pd.Series(cols["value"]).tolist()
    out = {c: [] for c in ("target", "expected", "status", "status_from", "step_days")}
    for iid, unit, phasing, applies, stage, v, pt in zip(
            _list(cols["id"]), _list(cols["unit"]), _list(cols["phasing"]), _list(cols["applies"]),
            _list(cols["cohort_stage"]), value, project.tolist()):
        mine = prepared.get(iid, ())
        target = expected = None
        if unit == "percent":
            target = expected = float(pt)
        elif phasing == "planned":
            inside = targets.cut_cells(mine, applies, view)
            total = None if not inside else targets.total_cells(inside)
            if total is not None:
                target = milestones_due(total, planned.get(iid, []), view, view.e)
                expected = milestones_due(total, planned.get(iid, []), view, asof)
        else:
            target = _whole(targets.scoped_cells(mine, applies, view))
            if target is not None:
                expected = target if asof >= view.e else _whole(targets.scoped_cells(mine, applies, view, until=asof))
        step = delays.get(stage) if isinstance(stage, str) and stage else None
        days = int(round(step["median_days"])) if step and step["cases"] >= MIN_DELAY_CASES \
            and not _na(step["median_days"]) else None
        ready = view.s + timedelta(days=days) if days is not None else None
        recent = ready is not None and ready > asof
        s = status(v, target, expected, after_end, recent)
        out["target"].append(target)
        out["expected"].append(expected)
        out["status"].append(s)
        out["status_from"].append(ready if s == "too_recent" else None)
        out["step_days"].append(days)
    res = dict(cols)
    res["target"] = _floats(out["target"])
    res["project_target"] = project
    res["expected"] = _floats(out["expected"])
    res["status"] = out["status"]
    res["status_from"] = out["status_from"]
    res["step_days"] = pd.array(out["step_days"], dtype="Int64")
    val = pd.to_numeric(pd.Series(cols["value"]), errors="coerce").astype("float64").to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        t = res["target"]
        res["pct_of_target"] = np.where(t > 0, 100 * val / t, np.nan)
        res["share_of_project"] = np.where(project > 0, 100 * val / project, np.nan)
    res["asof"] = asof
    return res


def _list(col) -> list:
    return col.tolist() if hasattr(col, "tolist") else list(col)


def _floats(values: list) -> np.ndarray:
    """As pd.array(values, dtype="Float64").astype("float64"): None -> NaN."""
    return np.array([np.nan if v is None else v for v in values], dtype="float64")
