"""The ketacost command line: `app` (Typer) and `main`, the `ketacost` script.

shared.py holds what every command shares; each other module registers its commands
on `app` when imported. `main` imports only the module of the command named on the line
(all of them for help, a typo or no command); `app`, asked for by name, holds them all.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

# The module that registers each command. Listed in the order --help shows them.
COMMAND_MODULES = {
    "guide": "guide",
    "estimate": "commands",
    "compare": "commands",
    "coverage": "commands",
    "treatments": "commands",
    "plans": "commands",
    "sources": "commands",
    "quote": "clinic",
    "init-clinic": "clinic",
    "validate": "clinic",
    "batch": "batch",
}

# The commands that keep the garbage collector on (main).
LONG_RUNNING = frozenset({"batch", "guide"})


def _register(modules) -> None:
    for module in dict.fromkeys(modules):
        importlib.import_module(f"ketacost.cli.{module}")


def whole_app() -> typer.Typer:
    """The app with every command, registered in the order --help lists them."""
    from ketacost.cli import shared

    _register(COMMAND_MODULES.values())
    # A module imported earlier for one command registered out of order: put them back.
    order = list(COMMAND_MODULES)
    shared.app.registered_commands.sort(key=lambda info: order.index(_name(info)))
    return shared.app


def __getattr__(name: str):
    if name == "app":
        return whole_app()
    raise AttributeError(f"module 'ketacost.cli' has no attribute {name!r}")


def main() -> None:
    """Entry point for the `ketacost` script and `python -m ketacost`: with no command at
    a terminal, the guided questions; else the command line as given (in the language
    it names, else the environment's: ketacost.cli.shared)."""
    first = language_option(sys.argv[1:])[1][:1]
    # The shell asking for completions runs `ketacost` alone too: never the questions.
    if not first and "_KETACOST_COMPLETE" not in os.environ:
        from ketacost.cli.guide import interactive

        if interactive():
            first = ["guide"]
            sys.argv.append("guide")
    importlib.import_module("ketacost.cli.shared")  # Typer: imported with the collector on

    # A command that answers and ends runs with the cyclic garbage collector off from here
    # (Typer imported; then ketacost's modules, the command built, the answer) to the
    # end of the process: what it makes lives until then, and the collector's passes over
    # it cost about 1.5 ms before the command, 7 ms in it and 2.5 ms in the interpreter's
    # last collection on exit (benchmarks/bench.py's commands). One that runs long keeps
    # it: a batch's memory stays flat over any number of rows, and the guide waits on a
    # person. `main` is the script's entry: the process ends when it returns.
    if first and first[0] not in LONG_RUNNING:
        gc.disable()
    app_for(first)(prog_name="ketacost")


def language_option(args: list[str]) -> tuple[str | None, list[str]]:
    """The value --lang is given on a command line (None: not given), and the line
    without it (what names the command)."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1], args[:index] + args[index + 2 :]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1], args[:index] + args[index + 1 :]
    return None, args


def app_for(first: list[str]) -> typer.Typer:
    """The app that runs a command line starting with `first`: one holding only the
    command named there, its module alone imported, if one is (Typer builds every
    command it holds on each run, ~6 ms for the other nine), else the whole app (help,
    errors, suggestions)."""
    from ketacost.cli.shared import new_app

    named_module = COMMAND_MODULES.get(first[0]) if first else None
    if named_module is None:
        return whole_app()
    from ketacost.cli import shared

    _register([named_module])
    named = [info for info in shared.app.registered_commands if _name(info) in first]
    # The options that install completion come before a command, never after one.
    one = new_app(add_completion=False)
    one.registered_commands = named
    # A callback keeps it a group: `ketacost estimate ...`, not `ketacost ...`.
    from ketacost.cli.options import group_callback

    one.callback()(group_callback)
    return one


def _name(info) -> str:
    from typer.main import get_command_name

    return info.name or get_command_name(info.callback.__name__)


__all__ = ["COMMAND_MODULES", "app", "app_for", "language_option", "main", "whole_app"]
