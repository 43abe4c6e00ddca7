"""Course plans: how many sessions a course holds, in phases (data/plans.yaml)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ketacost.model.money import SessionRange
from ketacost.model.record import record

MAX_MONTHS = 120


@record
class Phase:
    """One phase of a plan: its name, its session count and how long it lasts."""

    name: str
    label: str
    sessions: SessionRange
    weeks: SessionRange | None = None


@record
class Maintenance:
    """Sessions after the course at a fixed interval (name -> weeks between sessions)."""

    label: str
    intervals: Mapping[str, int]


@record
class Plan:
    """A named course plan from the data."""

    id: str
    label: str
    description: str
    treatments: tuple[str, ...] | None  # None: any treatment not in `excluded`
    excluded: tuple[str, ...]
    phases: tuple[Phase, ...]
    maintenance: Maintenance | None
    source: str
    since: dt.date

    def applies_to(self, treatment: str) -> bool:
        """True when the plan's source speaks of this treatment."""
        if treatment in self.excluded:
            return False
        return self.treatments is None or treatment in self.treatments

    @property
    def sessions(self) -> SessionRange:
        """Sessions in the plan's phases (maintenance not counted)."""
        return SessionRange.total(phase.sessions for phase in self.phases)


def sessions_in_months(months: int, interval_weeks: int) -> SessionRange:
    """Sessions held every `interval_weeks` weeks over `months` calendar months.

    Counted from a session on the first day: the fewest over the shortest run of
    that many months, the most over the longest. One month of weekly sessions is
    4 (28 days) to 5 (31 days). Raises ValueError for months or interval < 1.
    """
    if months < 1 or interval_weeks < 1:
        raise ValueError("months and interval must be >= 1")
    shortest, longest = _days_in_months(months)
    step = 7 * interval_weeks
    return SessionRange(-(-shortest // step), -(-longest // step))


def _days_in_months(months: int) -> tuple[int, int]:
    """Fewest and most days in `months` consecutive calendar months."""
    spans = []
    # 28 years hold every pattern of leap years within a century.
    for year in range(2001, 2029):
        for month in range(1, 13):
            start = dt.date(year, month, 1)
            end_index = year * 12 + month - 1 + months
            end = dt.date(end_index // 12, end_index % 12 + 1, 1)
            spans.append((end - start).days)
    return min(spans), max(spans)
