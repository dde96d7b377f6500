"""Targets as data: one row per target cell, indicator × (commune, partner, year, sex, setting).

A blank dimension means the indicator's target is not split along it. Every indicator's cells use
the same dimensions, and they add up to the project's target (logframe.csv). The default cells
(queries/reference/targets.csv, made by `default_cells`) follow ../shared/fiche-projet.txt:

- communes: the sheet names both communes for every count except the social workers (11), the
  institutional actors (60) and the one advocacy strategy: the target is split in two equal parts
  (odd totals: the extra unit to Nouga, e.g. 6 993 = 3 497 + 3 496); those three are not split;
- sex: peer educators 24 girls / 24 boys; setting: children 600 on the sites / 600 in schools;
- partners: the sheet gives none, so the default has no partner split (a view of one partner then
  has no target and no status, until the data owner imports partner targets);
- years: the 33 months (April 2020 – December 2022) give 9/33, 12/33 and 12/33 of each cell to 2020,
  2021 and 2022, in whole units (cumulative shares rounded systematically over the cells, so that
  the yearly totals stay within one unit of 9/33, 21/33 of the target); milestones are not phased
  by year: they follow their own planned dates (status.py).

The data owner replaces them through the « Cibles » sheet of the import template (importer/targets.py):
the file `cibles.csv` of a data version then takes the place of the default, indicator by indicator.
`scoped(...)` is the target of a view: the sum of the cells inside its filters, the share of each
year's cells that falls in its period; None when the view cuts along a dimension that the cells are
not split on (one locality, one partner without partner targets…): no target belongs to that view.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import calendar, contract

DIMENSIONS = ("commune", "partner", "year", "sex", "setting")
COLUMNS = ("indicator",) + DIMENSIONS + ("target",)
from . import TARGETS_FILE  # noqa: E402  (cibles.csv: in a data version folder, beside the extracts)
DEFAULT_FILE = Path(__file__).resolve().parent / "reference" / "targets.csv"
P0, P1 = calendar.PROJECT_START, calendar.PROJECT_END
YEARS = calendar.YEARS
VALUES = {"commune": contract.COMMUNES, "partner": contract.PARTNERS, "sex": contract.SEXES,
          "setting": contract.SETTINGS, "year": YEARS}
LABELS = {"commune": "commune", "partner": "partenaire", "year": "année", "sex": "sexe", "setting": "milieu"}
NOT_SPLIT_BY_COMMUNE = ("social_workers_trained", "actors_trained", "advocacy_strategy")


def _months(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month + 1


def year_shares() -> list[float]:
    """Cumulative share of the project's months at the end of each year: 9/33, 21/33, 33/33."""
    total = _months(P0, P1)
    return [_months(P0, min(date(y, 12, 31), P1)) / total for y in YEARS]


def _equal(n: int, k: int) -> list[int]:
    return [n // k + (1 if i < n % k else 0) for i in range(k)]


def default_cells(logframe: pd.DataFrame) -> list[dict]:
    """The default target cells derived from the project sheet (module docstring)."""
    out = []
    cum = year_shares()
    for _, r in logframe.sort_values("order").iterrows():
        iid, total = r["id"], int(r["target"])
        if r["unit"] == "percent":
            out.append(dict(indicator=iid, target=total))
            continue
        parts = [({}, total)]
        if iid not in NOT_SPLIT_BY_COMMUNE:
            parts = [({"commune": c}, n) for c, n in zip(contract.COMMUNES, _equal(total, 2))]
        for col, dim, codes in (("target_female", "sex", ("F", "M")), ("target_site", "setting", ("site", "ecole"))):
            if pd.notna(r.get(col)):
                parts = [({**d, dim: c}, m) for d, n in parts for c, m in zip(codes, _equal(n, 2))]
        if r["phasing"] != "year":
            out += [dict(indicator=iid, **d, target=n) for d, n in parts]
            continue
        for i, (d, n) in enumerate(parts):
            u = (i + 0.5) / len(parts)           # systematic rounding: the cells' errors cancel out
            ends = [math.floor(n * s + u) if s < 1 else n for s in cum]
            for y, a, b in zip(YEARS, [0] + ends[:-1], ends):
                out.append(dict(indicator=iid, **d, year=y, target=b - a))
    return out


def write_csv(cells: list[dict], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(COLUMNS), lineterminator="\n")
        w.writeheader()
        for c in cells:
            w.writerow({k: _cell(c.get(k)) for k in COLUMNS})


def _cell(v) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def read_csv(path: Path) -> pd.DataFrame:
    """Cells as a frame: dimensions as strings (None = not split), year as int, target as float."""
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return frame(rows)


def frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    for d in ("commune", "partner", "sex", "setting"):
        df[d] = df[d].map(lambda v: None if v is None or (isinstance(v, float) and v != v) or str(v).strip() == ""
                          else str(v).strip())
    df["year"] = pd.to_numeric(df["year"].replace("", None), errors="coerce").astype("Int64")
    df["target"] = pd.to_numeric(df["target"], errors="coerce").astype("float64")
    return df


def merged(default: pd.DataFrame, imported: pd.DataFrame | None) -> pd.DataFrame:
    """The default cells with those of every indicator that `imported` gives replaced by its own."""
    if imported is None or imported.empty:
        return default
    keep = default[~default["indicator"].isin(set(imported["indicator"]))]
    return pd.concat([keep, imported], ignore_index=True)


# ----------------------------------------------------------------- checks (import and tests)

def problems(cells: pd.DataFrame, logframe: pd.DataFrame) -> list[tuple[list[int], str]]:
    """What is wrong with target cells, as (row positions, French message): unknown indicator or code,
    negative or missing target, cells of one indicator split along different dimensions, cells given
    twice, and cells that do not add up to the project's target (logframe.csv)."""
    lf = logframe.set_index("id")
    out: list[tuple[list[int], str]] = []
    for pos, r in cells.reset_index(drop=True).iterrows():
        if r["indicator"] not in lf.index:
            out.append(([pos], f"indicateur inconnu « {r['indicator']} » (indicateurs du cadre logique : "
                               f"{', '.join(lf.index)})"))
        if pd.isna(r["target"]):
            out.append(([pos], "cible manquante ou illisible (un nombre est attendu)"))
        elif r["target"] < 0:
            out.append(([pos], f"cible négative ({_n(r['target'])}) : une cible est un nombre positif ou nul"))
        for d, codes in VALUES.items():
            v = r[d]
            if v is not None and not pd.isna(v) and (int(v) if d == "year" else v) not in codes:
                out.append(([pos], f"valeur inconnue dans la colonne {LABELS[d]} : « {v} » (valeurs admises : "
                                   f"{', '.join(map(str, codes))})"))
    cells = cells.reset_index(drop=True)
    for iid, g in cells[cells["indicator"].isin(lf.index)].groupby("indicator", sort=False):
        rows = list(g.index)
        shapes = {tuple(d for d in DIMENSIONS if pd.notna(x[d])) for _, x in g.iterrows()}
        if len(shapes) > 1:
            out.append((rows, f"les cibles de « {iid} » ne sont pas découpées de la même façon sur toutes leurs "
                              f"lignes ({' / '.join(', '.join(s) or 'aucun découpage' for s in sorted(shapes))}) : "
                              "chaque ligne doit donner les mêmes colonnes"))
        dup = g.duplicated(subset=list(DIMENSIONS), keep=False)
        if dup.any():
            out.append(([i for i in rows if dup[i]], f"la même case de « {iid} » est donnée plusieurs fois"))
        if lf.loc[iid, "unit"] == "percent" and len(g) > 1:
            out.append((rows, f"« {iid} » est un taux : une seule cible, sans découpage"))
        total, want = g["target"].sum(), float(lf.loc[iid, "target"])
        if g["target"].notna().all() and abs(total - want) > 1e-9 and lf.loc[iid, "unit"] == "count":
            out.append((rows, f"les parts de « {iid} » font {_n(total)} et non la cible du projet, {_n(want)} "
                              "(fiche projet) : les lignes d'un indicateur doivent s'additionner à sa cible"))
        elif lf.loc[iid, "unit"] == "percent" and len(g) == 1 and abs(total - want) > 1e-9:
            out.append((rows, f"la cible du taux « {iid} » est {_n(want)} % (fiche projet), pas {_n(total)}"))
    return out


def _n(v) -> str:
    return str(int(v)) if float(v).is_integer() else str(v).replace(".", ",")


# ----------------------------------------------------------------- the target of a view

@dataclass(frozen=True)
class View:
    """The cut of a view, as bound parameters say it (queries.bind): None = everything."""
    start: date | None = None
    end: date | None = None
    communes: tuple | None = None
    partners: tuple | None = None
    sex: str | None = None
    localities: tuple | None = None
    settings: tuple | None = None

    @classmethod
    def of(cls, p: dict, settings=None) -> "View":
        t = (lambda v: tuple(v) if v is not None else None)
        return cls(p["start"], p["end"], t(p["communes"]), t(p["partners"]), p["sex"], t(p["localities"]),
                   t(settings))

    @property
    def s(self) -> date:
        return max(self.start or P0, P0)

    @property
    def e(self) -> date:
        return min(self.end or P1, P1)

    def whole_project(self) -> bool:
        return self.s <= P0 and self.e >= P1


def _overlap(a: date, b: date, c: date, d: date) -> int:
    return max(0, (min(b, d) - max(a, c)).days + 1)


def time_weight(year, s: date, e: date) -> float:
    """Share of a cell that falls in [s, e]: its year's days in it (a cell without year: the project's)."""
    lo, hi = (P0, P1) if year is None or pd.isna(year) else (max(P0, date(int(year), 1, 1)), min(P1, date(int(year), 12, 31)))
    return _overlap(s, e, lo, hi) / ((hi - lo).days + 1)


def cut(cells: pd.DataFrame, applies: str, view: View) -> pd.DataFrame | None:
    """The cells of one indicator inside the view's filters (all years), or None when the view cuts
    along a dimension that applies to the indicator and that its cells are not split on."""
    applies_to = set(str(applies or "").split())
    chosen = {"commune": view.communes, "partner": view.partners, "sex": (view.sex,) if view.sex else None,
              "setting": view.settings}
    for dim, values in chosen.items():
        if dim not in applies_to or values is None or set(VALUES[dim]) <= set(values):
            continue
        if cells[dim].isna().any():
            return None
        cells = cells[cells[dim].isin(values)]
    if view.localities is not None and "locality" in applies_to:
        return None
    return cells


def scoped(cells: pd.DataFrame, applies: str, view: View, until: date | None = None) -> float | None:
    """Target of the view (sum of its cells, each year's cells for the part of the year in the period),
    or, with `until`, the part of it due by that date (the phasing read from the view's start)."""
    inside = cut(cells, applies, view)
    if inside is None or inside.empty:
        return None
    return due(list(zip(inside["year"], inside["target"])), view, until)


def due(cells: list[tuple], view: View, until: date | None = None) -> float:
    """The part of (year, target) cells that falls in the view's period, up to `until` if given."""
    e = min(view.e, until) if until else view.e
    return float(sum(t * time_weight(y, view.s, e) for y, t in cells))


# ----------------------------------------------------------------- the same, on prepared cells
# `cut`, `scoped` and `due` above read a DataFrame of cells; a view's judgement asks them for every indicator,
# twice, on every new filter combination. The cells in force are a data version's (read once per connection,
# queries/memo.py): `by_indicator` puts them in plain tuples per indicator, and the functions below give the
# same answers from those, with no pandas work per view (same cells, same order, same arithmetic).

_POS = {d: i for i, d in enumerate(DIMENSIONS)}
TARGET = len(DIMENSIONS)            # position of the target in a prepared cell


def _none(v):
    return None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v


def by_indicator(cells: pd.DataFrame) -> dict[str, tuple[tuple, ...]]:
    """indicator -> its cells as (commune, partner, year, sex, setting, target) tuples, in the frame's order;
    None for a blank dimension, the year an int."""
    cols = [cells[c].tolist() for c in COLUMNS]
    out: dict[str, list] = {}
    for iid, commune, partner, year, sex, setting, target in zip(*cols):
        year = _none(year)
        out.setdefault(iid, []).append((_none(commune), _none(partner), None if year is None else int(year),
                                        _none(sex), _none(setting), float(target)))
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=256)
def _applies(applies) -> frozenset:
    return frozenset(str(applies or "").split())


def cut_cells(cells: tuple, applies: str, view: View) -> tuple | None:
    """`cut` on prepared cells (by_indicator)."""
    applies_to = _applies(applies)
    chosen = (("commune", view.communes), ("partner", view.partners), ("sex", (view.sex,) if view.sex else None),
              ("setting", view.settings))
    for dim, values in chosen:
        if dim not in applies_to or values is None or set(VALUES[dim]) <= set(values):
            continue
        i = _POS[dim]
        if any(c[i] is None for c in cells):
            return None
        keep = set(values)
        cells = tuple(c for c in cells if c[i] in keep)
    if view.localities is not None and "locality" in applies_to:
        return None
    return cells


@lru_cache(maxsize=4096)
def _weight(year, s: date, e: date) -> float:
    return time_weight(year, s, e)


def due_cells(cells: tuple, view: View, until: date | None = None) -> float:
    """`due` on prepared cells."""
    e = min(view.e, until) if until else view.e
    s = view.s
    return float(sum(c[TARGET] * _weight(c[2], s, e) for c in cells))


def scoped_cells(cells: tuple, applies: str, view: View, until: date | None = None) -> float | None:
    """`scoped` on prepared cells."""
    inside = cut_cells(cells, applies, view)
    if inside is None or not inside:
        return None
    return due_cells(inside, view, until)


def total_cells(cells: tuple) -> float:
    """The sum of the cells' targets, as `cells["target"].sum()` (missing targets skipped)."""
    import numpy as np
    return float(np.array([c[TARGET] for c in cells if c[TARGET] == c[TARGET]], dtype="float64").sum())
