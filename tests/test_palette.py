"""One colour per meaning (issue 14): the palette gives no colour two meanings, the sex groups and the
statuses never share one, it is the Okabe-Ito base for the sex groups, and the figure modules, slides, report
and PowerPoint write no colour of their own (they take them from dashboard/palette.py)."""
import re
from collections import Counter
from pathlib import Path

from dashboard import palette, style

ROOT = Path(__file__).resolve().parents[1]
HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}


def test_no_colour_has_two_meanings():
    m = palette.meanings()
    counts = Counter(c.upper() for c in m.values())
    assert [c for c, n in counts.items() if n > 1] == []
    assert len(m) == 37


def test_sex_groups_and_statuses_apart():
    groups = {c.upper() for c in palette.GROUP_COLORS.values()} | {palette.NOT_RECORDED}
    statuses = {c.upper() for c in palette.STATUS_COLORS.values()}
    assert groups.isdisjoint(statuses)
    assert len(groups) == 5 and len(statuses) == 8
    # girls are the same colour wherever a chart says « filles » (F of a children's chart)
    assert palette.SEX_COLORS["F"] == palette.GROUP_COLORS["girls"] == "#D55E00"
    assert palette.SEX_COLORS["M"] == palette.GROUP_COLORS["boys"] == "#009E73"
    assert {palette.GROUP_COLORS[g] for g in ("girls", "boys", "women")} <= OKABE_ITO
    assert palette.status_color("behind") == palette.STATUS_COLORS["late"] == "#F0E442"
    assert style.STATUS_COLORS["off"] == palette.STATUS_COLORS["very_late"]


def test_black_text_readable_on_every_status():
    def lum(c):
        def ch(v):
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        r, g, b = palette.hex_rgb(c)
        return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
    ratios = {s: (lum(c) + 0.05) / 0.05 for s, c in palette.STATUS_COLORS.items()}
    assert min(ratios.values()) >= 4.5, ratios


def test_figure_modules_write_no_colour_of_their_own():
    files = sorted((ROOT / "dashboard").glob("fig_*.py")) + [ROOT / "dashboard" / f for f in
                                                             ("slides.py", "slides_base.py", "slides_more.py",
                                                              "deck_pptx.py")]
    found = {f.name: HEX.findall(f.read_text(encoding="utf-8")) for f in files if f.exists()}
    assert len(found) >= 8
    assert {k: v for k, v in found.items() if v} == {}
