"""What the user asked for (`Filters`) and what the signed-in role may see (`Scope`) become the same
bound parameters for every query (`bind`); protected views get whole quarters."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from . import contract
from .protect import ROUND_BASE


def _tuple(v) -> tuple[str, ...] | None:
    if v is None:
        return None
    if isinstance(v, str):
        return (v,)
    return tuple(v)


@dataclass(frozen=True)
class Filters:
    """What the user asked for. None means "all" (data-contract.md, Filters)."""
    communes: tuple[str, ...] | None = None
    start: date | None = None
    end: date | None = None
    partner: tuple[str, ...] | None = None   # one or more partners
    sex: str | None = None                   # 'F' or 'M'
    localities: tuple[str, ...] | None = None

    def __post_init__(self):
        object.__setattr__(self, "communes", _tuple(self.communes) or None)
        object.__setattr__(self, "partner", _tuple(self.partner) or None)
        object.__setattr__(self, "localities", _tuple(self.localities) or None)
        for name in ("start", "end"):
            v = getattr(self, name)
            if isinstance(v, str):
                object.__setattr__(self, name, date.fromisoformat(v))


@dataclass(frozen=True)
class Scope:
    """What the signed-in role may see; applied inside every query.

    communes/partners: None = all. min_cell: counts of cases from 1 to
    min_cell-1 are hidden (0 = off). hide_no_consent: leave out cases whose
    consent_reporting is not true (false, or unknown).
    """
    communes: tuple[str, ...] | None = None
    partners: tuple[str, ...] | None = None
    min_cell: int = 0
    hide_no_consent: bool = False

    def __post_init__(self):
        object.__setattr__(self, "communes", _tuple(self.communes))
        object.__setattr__(self, "partners", _tuple(self.partners))
        if self.min_cell > 1:       # protected: never below the rounding base (queries/protect.py)
            object.__setattr__(self, "min_cell", max(self.min_cell, ROUND_BASE))

    @property
    def protected(self) -> bool:
        """Case figures rounded and small ones hidden; time at the quarter (everyone but the data owner)."""
        return self.min_cell > 1


FULL_SCOPE = Scope()


def _intersect(asked: tuple | None, allowed: tuple | None) -> list | None:
    if allowed is None:
        return list(asked) if asked is not None else None
    if asked is None:
        return list(allowed)
    return [v for v in asked if v in allowed]


def quarter_start(d: date) -> date:
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def quarter_end(d: date) -> date:
    q = (d.month - 1) // 3 + 1
    return date(d.year + (q == 4), (3 * q) % 12 + 1, 1) - timedelta(days=1)


def bind(filters: Filters, scope: Scope = FULL_SCOPE, **extra) -> dict:
    """The bound parameters shared by every query. The scope can only narrow. For a protected scope,
    the period is widened to whole quarters: a day-level end date would make any count a detector of
    one child's identification day (README, « Protection des enfants »)."""
    start, end = filters.start, filters.end
    if scope.protected:
        start = quarter_start(start) if start else None
        end = quarter_end(end) if end else None
    communes = _intersect(filters.communes, scope.communes)
    partners = _intersect(filters.partner, scope.partners)
    localities = list(filters.localities) if filters.localities else None
    if localities is not None and communes is not None:
        localities = [l for l in localities if contract.LOCALITY_COMMUNE.get(l) in communes]
    return dict(
        start=start, end=end, communes=communes, partners=partners,
        sex=filters.sex if filters.sex in contract.SEXES else None, localities=localities,
        hide_no_consent=scope.hide_no_consent, pass_threshold=contract.PASS_THRESHOLD, **extra,
    )
