"""Helpers shared by the views of queries/api_*.py."""
from __future__ import annotations

import pandas as pd


def sex_nr(d: pd.DataFrame) -> pd.DataFrame:
    """d with its null sex written « NR » (not recorded), in place: a category of its own, never dropped."""
    d["sex"] = d["sex"].astype("object").where(d["sex"].notna(), "NR")
    return d
