"""Dated values: a figure that holds from a date until a later value replaces it.

In the data a dated series is a mapping from the date a value holds from to the
value, so a price can change on a date without losing its history:

    per_session:
      2026-05-05: {low: 375, high: 1000, source: seed-003}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from ketacost import schema
from ketacost.schema import Invalid
from ketacost.yamldoc import KeyPath, dotted

T = TypeVar("T")


@dataclass(frozen=True)
class Dated(Generic[T]):
    """One value of a series: what it is, the date it holds from, and its source."""

    key: str
    since: dt.date
    value: T
    source: str
    note: str | None = None


@dataclass(frozen=True)
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


def parse_series(
    value: object,
    path: KeyPath,
    parse_value: Callable[[dict, KeyPath], T],
    value_keys: tuple[str, ...],
    sources: Mapping[str, object],
) -> DatedSeries[T]:
    """Check and build a dated series.

    `parse_value(entry, path)` builds one value from an entry holding
    `value_keys` (plus `source` and an optional `note`). Raises Invalid.
    """
    series = schema.mapping(value, path, "a mapping of dates (YYYY-MM-DD) to values")
    if not series:
        raise Invalid(path, "needs at least one dated value")
    entries = []
    for since, raw in series.items():
        entry_path = (*path, str(since))
        since = schema.date(since, entry_path)
        entry = schema.mapping(raw, entry_path)
        schema.keys(entry, entry_path, required=(*value_keys, "source"), optional=("note",))
        source = source_ref(entry["source"], (*entry_path, "source"), sources)
        note = schema.optional_text(entry, "note", entry_path)
        entries.append(Dated(dotted(path), since, parse_value(entry, entry_path), source, note))
    entries.sort(key=lambda e: e.since)
    return DatedSeries(dotted(path), tuple(entries))


def source_ref(value: object, path: KeyPath, sources: Mapping[str, object]) -> str:
    """A source id that is defined. Raises Invalid for one that is not."""
    ref = schema.text(value, path)
    if ref not in sources:
        known = ", ".join(sorted(sources)) or "none"
        raise Invalid(path, f"source '{ref}' is not defined (defined sources: {known})")
    return ref
