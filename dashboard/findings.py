"""One-sentence findings, generated from the numbers, in plain French (or English).

Every function takes the frames the query layer returned (already protected for the
role) and never states a hidden count: where a number is hidden it says « moins de 5 ».
"""
from __future__ import annotations

import pandas as pd

from . import fig_overview as fo
from . import fmt
from .i18n import code, indicator, t


def plural(key: str, n, lang: str) -> str:
    """The form of a « singulier|pluriel » text for n: French singular for 0 and 1, English for 1 only."""
    one, many = t(key, lang).split("|")
    n = abs(float(n))
    return one if (n < 2 if lang == "fr" else n == 1) else many


def _count(v, lang: str, hidden: bool = False, k: int = 5) -> str:
    if hidden or v is None or pd.isna(v):
        return t("fewer_than", lang, k=k)
    return fmt.num(v, lang)


def key_figures(ind: pd.DataFrame, lang: str, k: int = 5) -> str:
    r = ind.set_index("id", drop=False)
    c, cases = r.loc["children_life_skills"], r.loc["cases_identified"]
    return t("fi_key", lang, v=fmt.num(c["value"], lang), share=fo.share_text(c, lang, with_target=True),
             c=_count(cases["value"], lang, bool(cases["hidden"]), k))


def logframe_status(ind: pd.DataFrame, lang: str) -> str:
    s = ind["status"]
    met = int((s == "met").sum())
    return t("sl_lf", lang, met=met, n=len(s), not_met=int((s == "not_met").sum()), ind=plural("w_ind", met if lang == "fr" else len(s), lang),
             reach=plural("w_reach", met, lang), late=int(s.isin(["late", "very_late"]).sum()),
             none=int(s.isin(["no_target", "no_data", "too_recent"]).sum()))


def returned(ind: pd.DataFrame, lang: str) -> str:
    r = ind.set_index("id")
    care, rate = r.loc["cases_in_care"], r.loc["returned_rate"]
    if pd.notna(care["value"]) and care["value"] == 0:
        return t("fi_no_case", lang)
    if bool(rate["hidden"]) or pd.isna(rate["value"]) or bool(care["hidden"]):
        return t("fi_returned_hidden", lang)
    n = int(care["value"])
    back = round(float(rate["value"]) * n / 100)
    return t("fi_returned", lang, r=fmt.num(back, lang), n=fmt.num(n, lang))


def sensitisation(sens: pd.DataFrame, lang: str) -> str:
    if sens is None or sens.empty or sens["n"].sum() == 0:
        return t("fi_sens_none", lang)
    g = sens.groupby("sex_group")["n"].sum()
    kids, adults = g.get("girls", 0) + g.get("boys", 0), g.get("women", 0) + g.get("men", 0)
    share = lambda a, b: fmt.pct(100 * a / b, lang, 0) if b else "—"  # noqa: E731
    return t("fi_sens", lang, g=share(g.get("girls", 0), kids), w=share(g.get("women", 0), adults))


def map_place(map_df: pd.DataFrame, lang: str) -> str:
    d = map_df[map_df["metric"] == "children_reached"] if map_df is not None and len(map_df) else map_df
    if d is None or d.empty or d["value"].fillna(0).sum() == 0:
        return t("fi_map_none", lang)
    top = d.sort_values("value", ascending=False).iloc[0]
    return t("fi_map", lang, place=code("locality_short", top["locality_id"], lang), n=fmt.num(top["value"], lang),
             f=fmt.num(top["female"], lang))


def milestones(ms: pd.DataFrame, lang: str) -> str:
    if ms is None or ms.empty:
        return t("fi_ms_none", lang)
    s = ms["status"]
    return t("fi_ms", lang, done=int(s.isin(["a_temps", "en_retard"]).sum()), n=len(s),
             late=int((s == "en_retard").sum()), open=(o := int(s.isin(["depasse", "prevu"]).sum())),
             awaited=plural("w_awaited", o, lang))


BEHIND = ("very_late", "late", "not_met")


def attention(ind: pd.DataFrame, stalled_text: str, days: int, lang: str) -> tuple[str, list[str]]:
    """The sentence and one item per indicator behind or not met: its value, then its share of the
    target said as such (« 67,3 % (84,1 % de la cible) »), never the share in the value's place."""
    behind = ind[ind["status"].isin(BEHIND)].sort_values("pct_of_target")
    items = [t("fi_item", lang, label=indicator(r["id"], lang), value=fo.value_text(r, lang),
               share=fo.share_text(r, lang), status=code("status", r["status"], lang)) for _, r in behind.iterrows()]
    return t("fi_attention", lang, n=len(behind), behind=plural("w_behind", len(behind), lang), s=stalled_text,
             d=days), items


def stalled_text(stalled: pd.DataFrame, lang: str, k: int = 5) -> str:
    """How many cases have stalled: exact for the data owner's frame (one row per case),
    « moins de 5 » where the protected frame (counts per site) hides it."""
    if stalled is None or stalled.empty:
        return "0"
    if "case_id" in stalled:
        return fmt.num(len(stalled), lang)
    if stalled["n_hidden"].any():
        shown = stalled["n"].dropna().sum()
        return (fmt.num(shown, lang) + " + " if shown else "") + t("fewer_than", lang, k=k)
    return fmt.num(stalled["n"].sum(), lang)
