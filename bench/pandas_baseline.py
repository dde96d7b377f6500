"""(e) The five heaviest aggregations of the dashboard in plain pandas, over the same parquet files.

The same work as queries/case_funnel.sql, sensitisation_by_sex.sql, children_reach.sql,
indicator_monthly.sql and map_localities.sql (same filters, same rules: a cohort of cases identified
in the period, stages reached by its end, participations and distinct children, cumulative monthly
values, map bubbles), written as a pandas developer would: the extracts read once into frames
(dates as datetime64), then merges, boolean masks and groupbys. `check()` asserts that every result
equals DuckDB's, row for row; `run()` times both sides.

The parameters are the dict of `queries.bind(filters, scope)`: start, end (dates or None), communes,
partners, localities (lists or None), sex ('F', 'M' or None), hide_no_consent.
"""
from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from .common import median, open_timed, timed

REFERENCE = Path(__file__).resolve().parent.parent / "queries" / "reference"
TABLES = ("activities", "participants", "attendance", "cases", "case_events", "milestones")
DATES = {"activities": ("start_date", "end_date"), "participants": ("enrolled_on",),
         "case_events": ("event_date",), "milestones": ("planned_on", "achieved_on")}
STAGES = ("identifie", "evalue", "pris_en_charge", "retour_famille", "reinsertion", "cloture")
PERSON_INDICATORS = pd.DataFrame(
    [("pe_trained", "pair_educateur", "formation_pairs"), ("children_life_skills", "enfant", "focus_group"),
     ("ccpe_trained", "membre_ccpe", "atelier_ccpe"),
     ("social_workers_trained", "travailleur_social", "formation_travailleurs_sociaux"),
     ("actors_trained", "acteur_institutionnel", "formation_acteurs"),
     ("ccpe_advocacy_trained", "membre_ccpe", "atelier_plaidoyer")], columns=["id", "role", "activity_type"])
ACTIVITY_INDICATORS = pd.DataFrame(
    [("focus_groups", "count", "focus_group"), ("people_rights", "crowd", "causerie"),
     ("people_ccpe_campaigns", "crowd", "radio"), ("people_ccpe_campaigns", "crowd", "theatre_forum"),
     ("people_ccpe_campaigns", "crowd", "caravane")], columns=["id", "kind", "activity_type"])
MILESTONE_INDICATORS = pd.DataFrame(
    [("ccpe_operational", "ccpe_operationnel"), ("action_plans", "plan_action"),
     ("advocacy_strategy", "strategie_plaidoyer"), ("pdesc_integrated", "integration_pdesc")], columns=["id", "kind"])
CASE_STAGE_INDICATORS = {"identifie": "cases_identified", "pris_en_charge": "cases_in_care",
                         "retour_famille": "cases_returned", "reinsertion": "cases_reinserted"}
SENSITISATION_TYPES = ("focus_group", "causerie", "radio", "theatre_forum", "caravane")


# ------------------------------------------------------------------ loading

def load(data_dir: Path) -> dict[str, pd.DataFrame]:
    """The extracts as frames (dates as datetime64) plus the reference localities and logframe."""
    f = {}
    for t in TABLES:
        df = pd.read_parquet(Path(data_dir) / f"{t}.parquet")
        for c in DATES.get(t, ()):
            df[c] = pd.to_datetime(df[c])
        f[t] = df
    f["localities"] = pd.read_csv(REFERENCE / "localities.csv")
    f["logframe"] = pd.read_csv(REFERENCE / "logframe.csv")
    # the join every person-based figure starts from (the `attended` view of queries/_setup.sql)
    a = f["activities"][["activity_id", "activity_type", "start_date", "partner", "commune", "locality_id"]]
    p = f["participants"][["person_id", "role", "sex", "setting", "locality_id", "commune"]]
    f["attended"] = (f["attendance"].merge(a, on="activity_id")
                     .merge(p, on="person_id", suffixes=("_a", "_p")))
    return f


# ------------------------------------------------------------------ filter helpers

def _ts(d):
    return None if d is None else pd.Timestamp(d)


def _period(s: pd.Series, p: dict) -> pd.Series:
    m = pd.Series(True, index=s.index)
    if p.get("start") is not None:
        m &= s >= _ts(p["start"])
    if p.get("end") is not None:
        m &= s <= _ts(p["end"])
    return m


def _in(s: pd.Series, values) -> pd.Series:
    """in_list(): all when None; a missing value is never in a list."""
    return pd.Series(True, index=s.index) if values is None else s.isin(values) & s.notna()


def _sex(s: pd.Series, want) -> pd.Series:
    return pd.Series(True, index=s.index) if want is None else (s == want).fillna(False).astype(bool)


def _age_group(age: pd.Series) -> pd.Series:
    return pd.Series(np.select([age < 12, age <= 14, age <= 17], ["<12", "12-14", "15-17"], "18+"), index=age.index)


def qualifying(f: dict, p: dict) -> pd.DataFrame:
    x = f["attended"]
    x = x[_period(x["start_date"], p) & _in(x["partner"], p.get("partners")) & _in(x["commune_p"], p.get("communes"))
          & _in(x["locality_id_p"], p.get("localities")) & _sex(x["sex"], p.get("sex"))]
    return x.merge(PERSON_INDICATORS, on=["role", "activity_type"])


def acts(f: dict, p: dict) -> pd.DataFrame:
    a = f["activities"]
    return a[_period(a["start_date"], p) & _in(a["commune"], p.get("communes")) & _in(a["partner"], p.get("partners"))
             & _in(a["locality_id"], p.get("localities"))]


def cohort(f: dict, p: dict) -> pd.DataFrame:
    c = f["cases"].merge(f["localities"][["locality_id", "commune"]], left_on="site_id", right_on="locality_id", how="left")
    ev = f["case_events"]
    ident = ev[ev["stage"] == "identifie"].groupby("case_id", as_index=False)["event_date"].min() \
        .rename(columns={"event_date": "identified_on"})
    c = c.merge(ident, on="case_id", how="left")
    m = c["identified_on"].notna() & _period(c["identified_on"], p) & _in(c["commune"], p.get("communes")) \
        & _in(c["partner"], p.get("partners")) & _sex(c["sex"], p.get("sex")) & _in(c["site_id"], p.get("localities"))
    if p.get("hide_no_consent"):
        m &= ~(c["consent_reporting"] == False)  # noqa: E712  (null consent = yes)
    c = c[m].copy()
    c["age_group"] = _age_group(c["age"])
    return c


def cohort_stages(f: dict, p: dict) -> pd.DataFrame:
    c = cohort(f, p)
    first = f["case_events"].groupby(["case_id", "stage"], as_index=False)["event_date"].min() \
        .rename(columns={"event_date": "reached_on"})
    if p.get("end") is not None:
        first = first[first["reached_on"] <= _ts(p["end"])]
    s = c[["case_id", "sex", "age_group", "site_id", "commune", "partner", "identified_on"]].merge(first, on="case_id")
    s["stage_order"] = s["stage"].map({st: i + 1 for i, st in enumerate(STAGES)})
    return s[s["stage_order"].notna()]


# ------------------------------------------------------------------ the five aggregations

def case_funnel(f: dict, p: dict) -> pd.DataFrame:
    s = cohort_stages(f, p)
    out = s.groupby(["stage", "sex", "age_group"], dropna=False).agg(
        stage_order=("stage_order", "first"), n=("case_id", "nunique")).reset_index()
    out["stage_order"] = out["stage_order"].astype("int64")
    return out.sort_values(["stage_order", "sex", "age_group"], na_position="last")[
        ["stage", "stage_order", "sex", "age_group", "n"]].reset_index(drop=True)


def sensitisation_by_sex(f: dict, p: dict) -> pd.DataFrame:
    a = acts(f, p)
    types = p.get("types")
    if types is not None:
        a = a[a["activity_type"].isin(types)]
    a = a.assign(quarter=a["start_date"].dt.year.astype(str) + "-T" + a["start_date"].dt.quarter.astype(str))
    groups = {"F": ["girls", "women"], "M": ["boys", "men"]}.get(p.get("sex"), ["girls", "boys", "women", "men"])
    long = a.melt(id_vars=["activity_type", "locality_id", "commune", "quarter"], value_vars=groups,
                  var_name="sex_group", value_name="n")
    out = long.groupby(["activity_type", "locality_id", "commune", "quarter", "sex_group"], dropna=False)["n"] \
        .sum().reset_index()
    return out.sort_values(["quarter", "activity_type", "locality_id", "sex_group"], na_position="last").reset_index(drop=True)


def children_reach(f: dict, p: dict) -> pd.DataFrame:
    q = qualifying(f, p)
    q = q[q["id"] == "children_life_skills"]
    out = q.groupby(["setting", "sex"], dropna=False).agg(children=("person_id", "nunique"),
                                                          participations=("person_id", "size")).reset_index()
    return out.sort_values(["setting", "sex"], na_position="last").reset_index(drop=True)


def indicator_monthly(f: dict, p: dict) -> pd.DataFrame:
    first = pd.Timestamp(p.get("start") or p["project_start"]).to_period("M")
    last = pd.Timestamp(p.get("end") or p["project_end"]).to_period("M")
    months = pd.period_range(first, last, freq="M")
    q = qualifying(f, p)
    people = q.groupby(["id", "person_id"], as_index=False)["start_date"].min().rename(columns={"start_date": "d"})
    people["v"] = 1
    a = acts(f, p).merge(ACTIVITY_INDICATORS, on="activity_type")
    sex = p.get("sex")
    crowd = (a["girls"] + a["women"]) if sex == "F" else (a["boys"] + a["men"]) if sex == "M" else \
        a["girls"] + a["boys"] + a["women"] + a["men"]
    act_ev = pd.DataFrame({"id": a["id"], "d": a["start_date"], "v": np.where(a["kind"] == "count", 1, crowd)})
    s = cohort_stages(f, p)
    s = s[s["stage"].isin(list(CASE_STAGE_INDICATORS))]
    case_ev = pd.DataFrame({"id": s["stage"].map(CASE_STAGE_INDICATORS),
                            "d": s[["identified_on", "reached_on"]].max(axis=1), "v": 1})
    m = f["milestones"].merge(MILESTONE_INDICATORS, on="kind")
    m = m[m["achieved_on"].notna() & _period(m["achieved_on"], p) & _in(m["commune"], p.get("communes"))]
    ms_ev = pd.DataFrame({"id": m["id"], "d": m["achieved_on"], "v": 1})
    ev = pd.concat([people[["id", "d", "v"]], act_ev, case_ev, ms_ev], ignore_index=True)
    ev["month"] = ev["d"].dt.to_period("M")
    per_month = ev.groupby(["id", "month"])["v"].sum()
    ids = f["logframe"].loc[f["logframe"]["unit"] == "count", "id"]
    grid = pd.MultiIndex.from_product([sorted(ids), months], names=["id", "month"])
    value = per_month.reindex(grid, fill_value=0).groupby(level="id").cumsum()
    out = value.rename("value").reset_index()
    out["month_end"] = out["month"].dt.end_time.dt.normalize()
    out["month"] = out["month"].dt.start_time
    return out[["id", "month", "month_end", "value"]].astype({"value": "int64"})


def map_localities(f: dict, p: dict) -> pd.DataFrame:
    sex = p.get("sex")
    q = qualifying(f, p)
    q = q[(q["id"] == "children_life_skills") & q["locality_id_p"].notna()]
    k = q.drop_duplicates(["locality_id_p", "person_id"])
    kids = pd.DataFrame({"locality_id": k["locality_id_p"], "value": 1, "female": (k["sex"] == "F").fillna(False),
                         "male": (k["sex"] == "M").fillna(False)}) \
        .groupby("locality_id").sum().reset_index().assign(metric="children_reached")
    a = acts(f, p)
    a = a[a["locality_id"].notna()]
    c = a[a["activity_type"].isin(["causerie", "radio", "theatre_forum", "caravane"])]
    fem, mal = c["girls"] + c["women"], c["boys"] + c["men"]
    crowds = pd.DataFrame({"locality_id": c["locality_id"],
                           "value": fem if sex == "F" else mal if sex == "M" else fem + mal,
                           "female": 0 if sex == "M" else fem, "male": 0 if sex == "F" else mal}) \
        .groupby("locality_id").sum().reset_index().assign(metric="people_sensitised")
    fg = a[a["activity_type"] == "focus_group"]
    fgs = fg.groupby("locality_id").size().rename("value").reset_index().assign(
        metric="focus_groups", female=np.nan, male=np.nan)
    co = cohort(f, p)
    co = co[co["site_id"].isin(["KOKOYO", "KOFLATIE"])]
    cases = pd.DataFrame({"locality_id": co["site_id"], "value": 1, "female": (co["sex"] == "F").fillna(False),
                          "male": (co["sex"] == "M").fillna(False)}) \
        .groupby("locality_id").sum().reset_index().assign(metric="cases_identified")
    out = pd.concat([kids, crowds, fgs, cases], ignore_index=True)[["locality_id", "metric", "value", "female", "male"]]
    for col in ("value", "female", "male"):
        out[col] = out[col].astype("Int64")
    return out.sort_values(["metric", "locality_id"]).reset_index(drop=True)


AGGREGATIONS = {  # label -> (pandas function, DuckDB query name, key columns that make a row unique)
    "funnel": (case_funnel, "case_funnel", ["stage", "sex", "age_group"]),
    "sensitisation sex×activity×quarter": (sensitisation_by_sex, "sensitisation_by_sex",
                                          ["activity_type", "locality_id", "commune", "quarter", "sex_group"]),
    "unique children": (children_reach, "children_reach", ["setting", "sex"]),
    "cumulative indicators by month": (indicator_monthly, "indicator_monthly", ["id", "month"]),
    "map bubbles": (map_localities, "map_localities", ["metric", "locality_id"]),
}


# ------------------------------------------------------------------ comparison and timing

def _canon(df: pd.DataFrame, keys: list[str]) -> list[tuple]:
    def v(x):
        if x is None or (not isinstance(x, (str, list, tuple)) and pd.isna(x)):
            return None
        if isinstance(x, (pd.Timestamp, np.datetime64)):
            return pd.Timestamp(x).date()
        if isinstance(x, date):
            return x
        if isinstance(x, (np.integer, int, np.floating, float)) and not isinstance(x, bool):
            return float(x)
        return str(x)
    cols = keys + sorted(c for c in df.columns if c not in keys)
    rows = [tuple(v(x) for x in r) for r in df[cols].itertuples(index=False)]
    return sorted(rows, key=lambda r: tuple((x is None, str(x)) for x in r))


def params(filters=None, **extra) -> dict:
    """The bound parameters of a query, as the dashboard makes them."""
    import queries
    return queries.bind(filters or queries.Filters(), queries.FULL_SCOPE, types=list(SENSITISATION_TYPES),
                        project_start=date.fromisoformat(queries.contract.PROJECT_START),
                        project_end=date.fromisoformat(queries.contract.PROJECT_END), **extra)


def check(con, frames: dict, p: dict) -> dict[str, str | None]:
    """{label: None if pandas equals DuckDB, else what differs}."""
    import queries
    out = {}
    for label, (fn, name, keys) in AGGREGATIONS.items():
        duck = queries.execute(con, name, p)
        duck = duck.drop(columns=[c for c in duck.columns if c.endswith("_key")])   # cell keys: protection only
        pand = fn(frames, p)
        a, b = _canon(duck, keys), _canon(pand[list(duck.columns)] if set(duck.columns) <= set(pand.columns) else pand, keys)
        if set(duck.columns) != set(pand.columns):
            out[label] = f"colonnes : duckdb {sorted(duck.columns)} ≠ pandas {sorted(pand.columns)}"
        elif a != b:
            diff = [(x, y) for x, y in zip(a, b) if x != y][:2]
            out[label] = f"{len(a)} lignes duckdb, {len(b)} pandas ; premières différences : {diff}"
        else:
            out[label] = None
    return out


def run(data_dir: Path, reps: int = 5, filter_sets: dict | None = None) -> dict:
    """Time the five aggregations in DuckDB (open dataset, warm) and pandas (frames in memory),
    with each filter set; check the results are equal. Returns {'load': {...}, 'rows': [...]}."""
    import queries
    t0 = time.perf_counter()
    frames = load(data_dir)
    pandas_load = time.perf_counter() - t0
    ds, duck_load, _cached = open_timed(data_dir)      # DuckDB: validate the extracts and build the version
    rows = []
    try:
        for fname, flt in (filter_sets or {"default": queries.Filters()}).items():
            p = params(flt)
            diffs = check(ds.con, frames, p)
            for label, (fn, name, _keys) in AGGREGATIONS.items():
                d = median(timed(lambda: queries.execute(ds.con, name, p), reps))
                pd_t = median(timed(lambda: fn(frames, p), reps))
                rows.append(dict(aggregation=label, query=name, filters=fname, duckdb=d, pandas=pd_t,
                                 ratio=d / pd_t if pd_t else None, equal=diffs[label] is None, diff=diffs[label]))
    finally:
        ds.con.close()
    return dict(pandas_load=pandas_load, duckdb_load=duck_load, rows=rows)


if __name__ == "__main__":
    import json
    import sys
    import queries
    from .query_bench import commune_year_filters
    r = run(Path(sys.argv[1]), reps=3, filter_sets={"default": queries.Filters(), "commune_year": commune_year_filters()})
    print(json.dumps(r, indent=1, default=str))
