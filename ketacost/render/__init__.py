"""Renderers: one module per output format, behind one interface.

A view says what it is (`view.kind`: estimate, comparison, coverage, listing or
quote); DRAWS, the one table of formats, names the module that draws each kind in
each format, and that module's function of the same name draws it:

    estimate(Estimate, options) -> str       comparison(Comparison, options) -> str
    coverage(Coverage, options) -> str       listing(Listing, options) -> str
    quote(Quote, options) -> str

A batch is written row by row, not drawn at once: ketacost.render.batch's
BatchWriter writes it as CSV or JSON lines (BATCH_FORMATS).

Modules are imported only when their format is asked for, so Rich is loaded only
when a table is drawn.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from ketacost.model.record import record

_EVERY_VIEW = ("estimate", "comparison", "coverage", "listing")
# (format, kind of view) -> the module of ketacost.render that draws it.
DRAWS: dict[tuple[str, str], str] = {
    **{("table", kind): "table" for kind in _EVERY_VIEW},
    **{("json", kind): "json" for kind in _EVERY_VIEW},
    **{("csv", kind): "csv" for kind in _EVERY_VIEW},
    **{("markdown", kind): "markdown" for kind in (*_EVERY_VIEW, "quote")},
    ("html", "quote"): "html",
}
# A batch's rows, written one at a time by ketacost.render.batch.
BATCH_FORMATS = ("csv", "jsonl")


def formats_for(kind: str) -> tuple[str, ...]:
    """The formats a kind of view can be drawn in, in the table's order."""
    return tuple(dict.fromkeys(fmt for fmt, drawn in DRAWS if drawn == kind))


# The formats of the commands that estimate, compare, list and judge coverage; of quotes.
FORMATS = formats_for("estimate")
QUOTE_FORMATS = formats_for("quote")


@record
class Options:
    """How to draw: colour (tables on a terminal only), width in columns (None: auto),
    whether to show how each number was produced, and how to name the facts a reader
    could state (`names`: fact -> the CLI's option, say; None: in plain words, with no
    option and no id, as a document for a patient does)."""

    color: bool = False
    width: int | None = None
    explain: bool = False
    names: Mapping[str, str] | None = None


def render(view: object, fmt: str, options: Options | None = None) -> str:
    """Draw `view` in `fmt`. Raises KeyError for a format that does not draw its kind."""
    kind = view.kind  # type: ignore[attr-defined]
    module = importlib.import_module(f"ketacost.render.{DRAWS[fmt, kind]}")
    return getattr(module, kind)(view, options or Options())
