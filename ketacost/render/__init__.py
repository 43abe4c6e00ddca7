"""Renderers: one module per output format, each with the same four functions.

    estimate(Estimate, options) -> str
    comparison(Comparison, options) -> str
    coverage(Coverage, options) -> str
    listing(Listing, options) -> str

and quote(Quote, options) -> str in markdown and html (html draws quotes only).

Modules are imported only when their format is asked for, so Rich is loaded
only when a table is drawn.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

FORMATS = ("table", "json", "csv", "markdown")
# Quotes are drawn as markdown or as an HTML page; batches as CSV or JSON lines.
QUOTE_FORMATS = ("markdown", "html")
BATCH_FORMATS = ("csv", "jsonl")
_MODULES = {
    "table": "table",
    "json": "jsonout",
    "csv": "csvout",
    "markdown": "markdown",
    "html": "html",
}


@dataclass(frozen=True)
class Options:
    """How to draw: colour (tables on a terminal only), width in columns (None: auto),
    and whether to show how each number was produced."""

    color: bool = False
    width: int | None = None
    explain: bool = False


def render(view: object, fmt: str, options: Options | None = None) -> str:
    """Draw an Estimate, Comparison, Coverage or Listing in `fmt`, one of FORMATS, or a
    Quote in one of QUOTE_FORMATS."""
    module = importlib.import_module(f"ketacost.render.{_MODULES[fmt]}")
    draw = getattr(module, type(view).__name__.lower())
    return draw(view, options or Options())
