"""One colour per meaning, defined once, for pages, slides, the PDF report and the PowerPoint.

Based on Okabe & Ito (2008), colour-blind safe: the four sex groups take four Okabe-Ito hues (warm for
girls and women, green for boys and men: never pink/blue), the statuses a blue → yellow → purple scale
that none of them uses, so that no colour means two things (tests/test_palette.py checks it, and that the
figure modules write no colour of their own). Pure: no Streamlit, no plotly.
"""
from __future__ import annotations

# who: the children's sexes (F = girls, M = boys) and the four groups of the sensitisation charts
GROUP_COLORS = {"girls": "#D55E00",     # Okabe-Ito vermillion
                "boys": "#009E73",      # Okabe-Ito bluish green
                "women": "#E69F00",     # Okabe-Ito orange
                "men": "#0B5D4B"}       # bluish green, darker
NOT_RECORDED = "#8C8C8C"                # sex not recorded
SEX_COLORS = {"F": GROUP_COLORS["girls"], "M": GROUP_COLORS["boys"], "NR": NOT_RECORDED}

# indicator statuses (queries/status.py): none of the colours above; black text is readable on each
STATUS_COLORS = {"met": "#56B4E9",          # Okabe-Ito sky blue: reached
                 "on_track": "#B3DBF2",     # sky blue, lighter: on its way
                 "late": "#F0E442",         # Okabe-Ito yellow
                 "very_late": "#CC79A7",    # Okabe-Ito reddish purple
                 "not_met": "#9A6FB0",      # purple: the period is over, target not reached
                 "too_recent": "#E3DCC2",   # sand: too early to judge
                 "no_target": "#E4E4E4",
                 "no_data": "#BBBBBB"}
# the milestone page's names for the same statuses
STATUS_ALIASES = {"ok": "met", "behind": "late", "off": "very_late", "na": "no_data"}

# values, targets and neutral marks
ACCENT = "#0072B2"       # totals, values (Okabe-Ito blue)
TARGET = "#555555"       # targets, trajectories
NEUTRAL_BAR = "#CFCFCF"  # a bar that only shows a share (no status meaning)
INK = "#1A1A1A"          # text drawn inside a chart
INK_SOFT = "#333333"     # secondary text inside a chart
MISSING = "#000000"      # a month with no report (completeness)
PLANNED = "#B0C4D4"      # budget planned (the spent part is ACCENT)
BRAND = "#0B5D7A"        # headings, the slides' finding, table headers (never a data colour)
DEMO_BG, DEMO_INK = "#FFF3C4", "#6B4E00"   # the « données fictives » mark
PAPER = "#FFFFFF"        # text on a BRAND fill (table headers)

# age groups: one sequential scale (cividis, colour-blind safe), light to dark
AGE_COLORS = {"<12": "#BCAF6F", "12-14": "#7C7B78", "15-17": "#414D6B", "18+": "#00224E"}

# categories with no meaning of their own (partners, communes, series): Paul Tol's « muted », none above
CATEGORICAL = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499")


def status_color(status: str) -> str:
    """The colour of a status under either name (queries/status.py or the milestone page's)."""
    return STATUS_COLORS[STATUS_ALIASES.get(status, status)]


def meanings() -> dict[str, str]:
    """meaning -> colour of every colour that means something (the test checks no colour means two)."""
    out = {f"group:{k}": v for k, v in GROUP_COLORS.items()}
    out["sex:NR"] = NOT_RECORDED
    out.update({f"status:{k}": v for k, v in STATUS_COLORS.items()})
    out.update({"accent": ACCENT, "target": TARGET, "neutral_bar": NEUTRAL_BAR, "missing": MISSING,
                "planned": PLANNED, "ink": INK, "ink_soft": INK_SOFT,
                "brand": BRAND, "demo_bg": DEMO_BG, "demo_ink": DEMO_INK, "paper": PAPER})
    out.update({f"age:{k}": v for k, v in AGE_COLORS.items()})
    out.update({f"category:{i}": v for i, v in enumerate(CATEGORICAL)})
    return out


def hex_rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
