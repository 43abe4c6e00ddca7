"""Read a dated series from a data file: a mapping from the date a value holds from to
the value, each with its source (see ketacost.model.dated)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from ketacost.i18n import _
from ketacost.load import schema
from ketacost.load.schema import Invalid
from ketacost.load.yamldoc import KeyPath, dotted
from ketacost.model.dated import Dated, DatedSeries

T = TypeVar("T")


def parse_series(
    value: object,
    path: KeyPath,
    parse_value: Callable[[dict, KeyPath], T],
    value_keys: tuple[str, ...],
    sources: Mapping[str, object],
    optional_keys: tuple[str, ...] = (),
) -> DatedSeries[T]:
    """Check and build a dated series.

    `parse_value(entry, path)` builds one value from an entry holding
    `value_keys` (plus `source` and an optional `note`). Raises Invalid.
    """
    series = schema.mapping(value, path, _("a mapping of dates (YYYY-MM-DD) to values"))
    if not series:
        raise Invalid(path, _("needs at least one dated value"))
    entries = []
    collect = schema.Collector()  # every dated value checked: one run names every fault
    for since, raw in series.items():
        collect(
            lambda since=since, raw=raw: entries.append(
                _entry(path, since, raw, parse_value, value_keys, sources, optional_keys)
            )
        )
    collect.done()
    entries.sort(key=lambda e: e.since)
    return DatedSeries(dotted(path), tuple(entries))


def _entry(path, since, raw, parse_value, value_keys, sources, optional_keys=()) -> Dated:
    entry_path = (*path, str(since))
    since = schema.date(since, entry_path)
    entry = schema.mapping(raw, entry_path)
    schema.keys(
        entry, entry_path, required=(*value_keys, "source"), optional=("note", *optional_keys)
    )
    collect = schema.Collector()
    source = collect(lambda: source_ref(entry["source"], (*entry_path, "source"), sources))
    note = collect(lambda: schema.optional_text(entry, "note", entry_path))
    value = collect(lambda: parse_value(entry, entry_path))
    collect.done()
    return Dated(dotted(path), since, value, source, note)


def source_refs(value: object, path: KeyPath, sources: Mapping[str, object]) -> tuple[str, ...]:
    """`source: id` or `source: [id, id]`: source ids that are defined."""
    if not isinstance(value, list):
        return (source_ref(value, path, sources),)
    items = schema.sequence(value, path)
    return tuple(source_ref(item, (*path, str(i)), sources) for i, item in enumerate(items))


def source_ref(value: object, path: KeyPath, sources: Mapping[str, object]) -> str:
    """A source id that is defined. Raises Invalid for one that is not."""
    ref = schema.text(value, path)
    if ref not in sources:
        if len(sources) <= 10:
            known = _("defined sources: {ids}").format(ids=", ".join(sorted(sources)) or _("none"))
        else:
            from difflib import get_close_matches

            close = get_close_matches(ref, list(sources), n=3, cutoff=0.6)
            known = _("{count} are defined; `ketacost sources` lists them").format(
                count=len(sources)
            )
            if close:
                either = (" " + _("or") + " ").join(repr(c) for c in close)
                known = _("did you mean {ids}? {defined}").format(ids=either, defined=known)
        raise Invalid(
            path, _("source '{source}' is not defined ({known})").format(source=ref, known=known)
        )
    return ref
