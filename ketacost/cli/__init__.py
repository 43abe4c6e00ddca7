"""The ketacost command line: `app` (Typer) and `main`, the `ketacost` script.

shared.py holds what every command shares; each other module registers its commands
on `app` when imported.
"""

from __future__ import annotations

# Each module registers its commands on import, in the order --help lists them.
# isort: off
from ketacost.cli import commands  # noqa: F401
from ketacost.cli import clinic  # noqa: F401
from ketacost.cli import batch  # noqa: F401

# isort: on
import sys

import typer

from ketacost.cli.shared import app, new_app


def main() -> None:
    """Entry point for the `ketacost` script and `python -m ketacost`."""
    app_for(sys.argv[1:2])(prog_name="ketacost")


def app_for(first: list[str]) -> typer.Typer:
    """The app that runs a command line starting with `first`: one holding only the
    command named there, if one is (Typer builds every command it holds on each run,
    ~6 ms for the other nine), else the whole app (help, errors, suggestions)."""
    from typer.main import get_command_name

    named = [
        info
        for info in app.registered_commands
        if (info.name or get_command_name(info.callback.__name__)) in first
    ]
    if not named:
        return app
    # The options that install completion come before a command, never after one.
    one = new_app(add_completion=False)
    one.registered_commands = named
    # A callback keeps it a group: `ketacost estimate ...`, not `ketacost ...`.
    one.callback()(_group)
    return one


def _group() -> None:
    pass


__all__ = ["app", "main"]
