"""The ketacost command line: `app` (Typer) and `main`, the `ketacost` script.

base.py holds what every command shares; each other module registers its commands
on `app` when imported.
"""

from __future__ import annotations

from ketacost.cli import clinic, commands  # noqa: F401  (they register the commands)
from ketacost.cli.base import app


def main() -> None:
    """Entry point for the `ketacost` script and `python -m ketacost`."""
    app(prog_name="ketacost")


__all__ = ["app", "main"]
