"""The ketacost command line: `app` (Typer) and `main`, the `ketacost` script.

base.py holds what every command shares; each other module registers its commands
on `app` when imported.
"""

from __future__ import annotations

# Each module registers its commands on import, in the order --help lists them.
# isort: off
from ketacost.cli import commands  # noqa: F401
from ketacost.cli import clinic  # noqa: F401
from ketacost.cli import batch  # noqa: F401

# isort: on
from ketacost.cli.base import app


def main() -> None:
    """Entry point for the `ketacost` script and `python -m ketacost`."""
    app(prog_name="ketacost")


__all__ = ["app", "main"]
