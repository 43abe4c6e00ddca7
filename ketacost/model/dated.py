"""Dated values: a figure that holds from a date until a later value replaces it.

In the data a dated series is a mapping from the date a value holds from to the
value, so a price can change on a date without losing its history:

    per_session:
      2026-05-05: {low: 375, high: 1000, source: seed-003}
"""

from __future__ import annotations

import datetime as dt
from typing import Generic, TypeVar

from ketacost.model.record import record

T = TypeVar("T")


@record
class Dated(Generic[T]):
    """One value of a series: what it is, the date it holds from, and its source."""

    key: str
    since: dt.date
    value: T
    source: str
    note: str | None = None


@record
class DatedSeries(Generic[T]):
    """Every value a figure has had, oldest first; `key` names the figure (a key path)."""

    key: str
    entries: tuple[Dated[T], ...]

    def at(self, day: dt.date) -> Dated[T] | None:
        """The value in force on `day`: the latest one holding from `day` or before."""
        found = None
        for entry in self.entries:
            if entry.since <= day:
                found = entry
        return found
