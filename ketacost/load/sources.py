"""Read the sources a data file cites: data/sources.yaml, or a price file's own
`sources:` block."""

from __future__ import annotations

from ketacost.i18n import _
from ketacost.load import schema
from ketacost.load.schema import Checker, Invalid
from ketacost.load.yamldoc import Document, KeyPath
from ketacost.model.sources import STATUSES, Source


def parse_sources_file(doc: Document) -> dict[str, Source]:
    """Check and build a sources file (data/sources.yaml). Raises DataFileError."""
    checker = Checker(doc)
    found: dict[str, Source] = {}
    with checker.item():
        top = schema.document(doc.data, required=("sources",))
        found = parse_sources(top["sources"], ("sources",), checker)
    checker.raise_if_any()
    return found


def parse_sources(value: object, path: KeyPath, checker: Checker) -> dict[str, Source]:
    """Check and build a `sources:` block (id -> Source), recording faults in `checker`."""
    block = schema.mapping(value, path)
    found: dict[str, Source] = {}
    for source_id, raw in block.items():
        with checker.item():
            source = _parse_source(source_id, raw, (*path, str(source_id)))
            found[source.id] = source
    return found


def _parse_source(source_id: object, raw: object, path: KeyPath) -> Source:
    sid, entry = schema.named_entry(
        source_id,
        raw,
        path,
        required=("title", "url", "date", "status"),
        optional=("publisher", "note"),
    )
    return Source(
        id=sid,
        title=schema.text(entry["title"], (*path, "title"), one_line=True),
        date=None
        if entry["date"] == schema.NOT_GIVEN
        else schema.date(entry["date"], (*path, "date")),
        status=schema.one_of(entry["status"], (*path, "status"), STATUSES),
        url=schema.url(entry["url"], (*path, "url")),
        publisher=schema.optional_text(entry, "publisher", path, one_line=True),
        note=schema.optional_text(entry, "note", path),
    )


def merge_sources(
    base: dict[str, Source], extra: dict[str, Source], path: KeyPath
) -> dict[str, Source]:
    """`base` plus `extra`; an id defined in both is a fault (Invalid)."""
    for sid in extra:
        if sid in base:
            raise Invalid(
                (*path, sid),
                _("source '{source}' is already defined in the bundled sources").format(source=sid),
            )
    return {**base, **extra}
