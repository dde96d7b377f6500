"""Deterministic demo data for the Kangaba project (synthetic, never real).

`generate(data_dir, seed=2020, scale=1)` writes one parquet file per table of
the data contract (queries/contract.py) plus `_dataset.json`, and returns the
row count of every table.

The data imitate the project's shape, not its reality: 33 months (April
2020 - December 2022) with a slow COVID-19 start, peer educators trained in
2020-2021 who run focus groups with children of the gold-mining sites and of
the four villages, community talks and CCPE campaigns, capacity workshops,
knowledge tests, a cohort of about 104 cases with their path and services,
milestones and a budget of 399 642 EUR.  Identifiers are pseudonymous codes;
no table holds a name.

One function per section of the data, drawn in a fixed order from the replica's random stream
(`_replica` below): sensitisation.py (launch meetings, peer educators, focus groups and the
children, community talks, campaigns), capacity.py (CCPE, social workers, institutional actors),
outcomes.py (knowledge tests, cases, their stages and services, milestones), budget.py; common.py
holds the shared shape, calendar and array helpers.

Scale N writes N independent replicas: replica r (1..N) draws from its own
random stream (child r-1 of `numpy.random.default_rng(seed)`) and every
identifier of it ends with `-Rnnn` (budget lines with ` [Rnnn]`).  Scale 1
writes replica 1 without a suffix, so scale 1 equals replica 1 of any scale
up to the suffix.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from queries import calendar, contract

from . import capacity, outcomes, sensitisation
from .budget import budget
from .common import Draft, _concat

GENERATOR_VERSION = 1


def _replica(rng: np.random.Generator) -> dict[str, dict[str, np.ndarray]]:
    """Every table of one replica; the sections draw from rng in this order."""
    r = Draft(rng)
    sensitisation.launch_meetings(r)
    pe = sensitisation.peer_educators(r)
    cycles = sensitisation.focus_group_cycles(r, pe)
    children = sensitisation.children(r, pe, cycles)
    sensitisation.causeries(r)
    sensitisation.campaigns(r)
    workshops = capacity.ccpe(r)
    capacity.social_workers(r)
    capacity.institutional_actors(r)
    assessments = outcomes.assessments(r, children)
    cohort = outcomes.cases(r)
    path = outcomes.case_path(r, cohort)
    events = outcomes.case_events(r, cohort, path)
    services = outcomes.case_services(r, cohort, path)
    milestones = outcomes.milestones(r, workshops)
    budget_rows = budget(rng)

    activities = _concat(r.acts)
    activities.pop("_order")
    return {
        "activities": activities,
        "participants": _concat(r.people),
        "attendance": _concat(r.attendance),
        "assessments": assessments,
        "cases": cohort.table,
        "case_events": events,
        "case_services": services,
        "milestones": milestones,
        "budget": budget_rows,
    }


# --------------------------------------------------------------------------------------------
# replicas, arrow conversion, atomic writing

ID_COLUMNS = {
    "activities": ("activity_id", "facilitator_id"), "participants": ("person_id",),
    "attendance": ("activity_id", "person_id"), "assessments": ("person_id",), "cases": ("case_id",),
    "case_events": ("case_id",), "case_services": ("case_id",), "milestones": ("milestone_id",),
}

ARROW_TYPES = {"varchar": pa.string(), "date": pa.date32(), "bigint": pa.int64(), "integer": pa.int32(),
               "double": pa.float64(), "boolean": pa.bool_()}


def _suffixed(values: np.ndarray, suffix: str) -> np.ndarray:
    out = values.copy()
    ok = np.array([v is not None for v in values], dtype=bool)
    out[ok] = values[ok] + suffix
    return out


def _arrow(name: str, cols: dict[str, np.ndarray]) -> pa.Table:
    arrays, fields = [], []
    for col in contract.TABLES[name].columns:
        v = cols[col.name]
        t = ARROW_TYPES[col.type]
        if col.type == "date":
            v = np.asarray(v, dtype="datetime64[D]")
            arr = pa.array(v, type=t, mask=np.isnat(v))
        elif col.type in ("bigint", "integer") and v.dtype.kind == "f":
            mask = np.isnan(v)
            arr = pa.array(np.where(mask, 0, v).astype(np.int64), type=t, mask=mask)
        else:
            arr = pa.array(v, type=t)
        if not col.nullable and arr.null_count:
            raise AssertionError(f"{name}.{col.name}: {arr.null_count} nulls in a non-nullable column")
        arrays.append(arr)
        fields.append(pa.field(col.name, t, nullable=col.nullable))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def build(seed: int = 2020, scale: int = 1) -> dict[str, pa.Table]:
    """All tables as arrow tables, in memory (generate() writes them)."""
    if int(scale) != scale or scale < 1:
        raise ValueError(f"scale must be a positive integer, not {scale!r}")
    scale = int(scale)
    streams = np.random.default_rng(seed).spawn(scale)
    replicas = []
    for r, rng in enumerate(streams, start=1):
        tables = _replica(rng)
        if scale > 1:
            suffix = f"-R{r:03d}"
            for name, cols in ID_COLUMNS.items():
                for c in cols:
                    tables[name][c] = _suffixed(tables[name][c], suffix)
            tables["budget"]["budget_line"] = tables["budget"]["budget_line"] + f" [R{r:03d}]"
        replicas.append(tables)
    return {name: _arrow(name, _concat([t[name] for t in replicas])) for name in contract.TABLES}


def metadata(seed: int, scale: int, counts: dict[str, int]) -> dict:
    return {
        "synthetic": True,
        "generator": "demo",
        "generator_version": GENERATOR_VERSION,
        "contract_version": 1,
        "seed": seed,
        "scale": scale,
        "generated_for": "Kangaba ECPAT demo",
        "note_fr": ("Données fictives de démonstration : aucune personne, aucun cas ni aucun chiffre réel. "
                    "Ne pas utiliser dans un rapport."),
        "note_en": "Synthetic demo data: no real person, case or figure. Not for reporting.",
        "period": {"start": calendar.PROJECT_START.isoformat(), "end": calendar.PROJECT_END.isoformat()},
        "id_suffix": "-Rnnn per replica (budget lines: ' [Rnnn]')" if scale > 1 else None,
        "rows": counts,
    }


def _is_demo_dir(data_dir: Path) -> bool:
    try:
        return json.loads((data_dir / contract.METADATA_FILE).read_text(encoding="utf-8")).get("synthetic") is True
    except (OSError, ValueError, AttributeError):
        return False


def generate(data_dir, seed: int = 2020, scale: int = 1, *, force: bool = False) -> dict[str, int]:
    """Write the demo extracts into data_dir; return the row count of every table.

    Refuses to overwrite a directory that holds parquet extracts not written by this
    generator (no `_dataset.json` saying synthetic), unless force=True, so that real
    partner extracts are never replaced by fictitious data.
    """
    data_dir = Path(data_dir)
    if data_dir.exists() and not data_dir.is_dir():
        raise NotADirectoryError(f"{data_dir} is not a directory")
    if data_dir.exists() and not force and not _is_demo_dir(data_dir):
        real = [p.name for p in data_dir.iterdir() if p.name.endswith(".parquet") or
                (p.is_dir() and p.name in contract.TABLES)]
        if real:
            raise FileExistsError(f"{data_dir} holds extracts that are not demo data ({', '.join(sorted(real))}); "
                                  "use force=True (--force) to overwrite them")
    for name in contract.TABLES:                         # a folder form of a table would shadow our file
        if (data_dir / name).is_dir():
            raise FileExistsError(f"{data_dir / name} is a folder of parquet files; remove it first")

    tables = build(seed, scale)
    counts = {name: t.num_rows for name, t in tables.items()}
    parent = data_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{data_dir.name}.demo-", dir=parent))
    try:
        for name, t in tables.items():
            pq.write_table(t, tmp / f"{name}.parquet")
        (tmp / contract.METADATA_FILE).write_text(
            json.dumps(metadata(seed, scale, counts), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if not data_dir.exists():
            os.rename(tmp, data_dir)                      # the whole directory appears at once
        else:                                            # file by file, metadata last
            for name in tables:
                os.replace(tmp / f"{name}.parquet", data_dir / f"{name}.parquet")
            os.replace(tmp / contract.METADATA_FILE, data_dir / contract.METADATA_FILE)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return counts
