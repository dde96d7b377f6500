"""Sensitisation, children reached, tests, peer educators, the map and the milestones."""
from __future__ import annotations

import pandas as pd

from . import contract
from ._common import sex_nr
from .binding import FULL_SCOPE, Filters, Scope, bind
from .execution import execute
from .protect import protect_counts

SENSITISATION_TYPES = ("focus_group", "causerie", "radio", "theatre_forum", "caravane")


def sensitisation(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE,
                  types: tuple[str, ...] | None = SENSITISATION_TYPES) -> pd.DataFrame:
    """Participations counted at activities: type x locality x commune x quarter x girls/boys/women/men."""
    return execute(con, "sensitisation_by_sex", bind(filters, scope, types=list(types) if types else None))


def children_reach(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    return sex_nr(execute(con, "children_reach", bind(filters, scope)))


def assessment_rates(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    d = sex_nr(execute(con, "assessment_rates", bind(filters, scope)))
    d["rate"] = (100 * d["passed"] / d["tested"]).where(d["tested"] > 0)
    return d


def pe_activity(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """Peer educators trained and active (led >= 1 focus group) by sex."""
    return sex_nr(execute(con, "indicator_pe_active", bind(filters, scope)))


def map_localities(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    """Figures per locality for the map; case cells rounded by their keys for protected views."""
    d = execute(con, "map_localities", bind(filters, scope))
    cases = d["metric"] == "cases_identified"
    c = d[cases]
    if scope.protected:   # every site of the view, always: a missing one would say « zero »
        p = bind(filters, scope)
        sites = [s for s in ("KOKOYO", "KOFLATIE") if in_view(s, p)]
        grid = pd.DataFrame({"locality_id": pd.Series(sites, dtype=object), "metric": "cases_identified"})
        c = grid.merge(
            c, on=["locality_id", "metric"], how="left").fillna(0)
    prot = protect_counts(c, ["value", "female", "male"], scope.min_cell)
    rest = d[~cases].drop(columns=["value_key", "female_key", "male_key"])
    return pd.concat([rest.assign(value_hidden=False, female_hidden=False, male_hidden=False), prot],
                     ignore_index=True)


def in_view(locality: str, p: dict) -> bool:
    """A locality inside the communes and localities of bound parameters p."""
    return (p["communes"] is None or contract.LOCALITY_COMMUNE[locality] in p["communes"]) and \
        (p["localities"] is None or locality in p["localities"])


def milestones_list(con, filters: Filters = Filters(), scope: Scope = FULL_SCOPE) -> pd.DataFrame:
    p = bind(filters, scope)
    return execute(con, "milestones_list", {"end": p["end"], "communes": p["communes"]})
