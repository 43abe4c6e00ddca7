"""What every command shares: the Typer app, errors turned into exit codes, the day
the data is read for, the data itself, and writing the result.

The CLI is the only place that knows about options, standard streams and exit
codes: 0 success, 2 a bad command-line value, 3 an invalid data or input file,
1 a bug in ketacost.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import os
import re
import sys
from enum import Enum
from pathlib import Path

import typer
from typer.core import TyperGroup

from ketacost.errors import DataFileError, KetacostError, OutputError, RequestError
from ketacost.i18n import N_, _
from ketacost.render import FORMATS

EXIT_BUG = 1
EXIT_USAGE = 2
EXIT_DATA = 3

PRICING_ENV = "KETACOST_PRICING"
DATA_ENV = "KETACOST_DATA"
# The --help panel of the commands for clinic coordinators.
COORDINATORS = N_("For clinic coordinators")


class _Group(TyperGroup):
    """The app's group: every error is said the same way, `ketacost: error: ...` with a
    hint, plain text (no box), whether ketacost or Typer found it (`-n six`)."""

    def format_help(self, ctx, formatter) -> None:
        """The app's help, and its commands' one-line help, in ketacost's language."""
        from ketacost.cli.help import translate_help

        translate_help(self)
        for command in self.commands.values():
            translate_help(command)
        super().format_help(ctx, formatter)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Run the command line in the language it names (--lang, before or after the
        command's name), else the environment's; the language before is restored after, so
        one run never sets the next one's (tests and scripts run several in a process)."""
        from ketacost import i18n

        previous = i18n.current()
        i18n.set_language(_language_of(sys.argv[1:] if args is None else list(args)))
        try:
            return self._main(args, prog_name, complete_var, standalone_mode, **extra)
        finally:
            i18n.set_language(previous)

    def _main(self, args, prog_name, complete_var, standalone_mode, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        # Typer below 0.29 (pyproject.toml) carries click as typer._click.
        from typer._click.exceptions import ClickException, UsageError

        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except UsageError as e:
            if not e.format_message().strip():  # no command: the help was shown
                sys.exit(e.exit_code)
            where = e.ctx.command_path if e.ctx is not None else "ketacost"
            _say_error(_usage_words(e), _("Try '{command} --help'.").format(command=where))
            sys.exit(e.exit_code)
        except ClickException as e:
            _say_error(e.format_message())
            sys.exit(e.exit_code)
        except typer.Abort:
            _say_error(_("stopped before the end (Ctrl-C or end of input); nothing was written"))
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)


def _language_of(args: list[str]) -> str:
    """The language a command line asks for: --lang's, else the environment's
    (KETACOST_LANG, then the locale), else English (an option naming no language ketacost
    writes in is refused by the option itself; such a KETACOST_LANG is said here)."""
    from ketacost import i18n
    from ketacost.cli import language_option

    named, _line = language_option(args)
    if named is not None:
        return i18n.read_language(named) or i18n.ENGLISH
    language = i18n.chosen()
    if language is None:
        typer.echo(
            _(
                "ketacost: {variable}={value!r} is not a language ketacost writes in (fr or "
                "en): writing English"
            ).format(variable=i18n.LANG_ENV, value=os.environ.get(i18n.LANG_ENV, "")),
            err=True,
        )
        return i18n.ENGLISH
    return language


def _usage_words(error) -> str:
    """Typer's message, in ketacost's words where they say more."""
    message = error.format_message()
    return re.sub(
        r"'([^']*)' is not a valid (?:int|integer)\.?",
        lambda found: _("'{value}' is not a whole number (write it in digits, e.g. 6)").format(
            value=found[1]
        ),
        message,
    )


def _say_error(message: str, hint: str | None = None) -> None:
    typer.echo(_("ketacost: error: {message}").format(message=message), err=True)
    if hint:
        typer.echo(f"  {hint}", err=True)


def new_app(add_completion: bool = True) -> typer.Typer:
    """A ketacost app with no commands yet (`add_completion`: with the options that
    install shell completion)."""
    return typer.Typer(
        cls=_Group,
        add_completion=add_completion,
        name="ketacost",
        help=(
            "What will ketamine therapy cost in Canada? Course cost ranges from sourced price "
            "data (per-session ranges, course plans, clinics' price lists) and which programs "
            "may pay.\n\n"
            "Estimate only — not medical or insurance advice.\n\n"
            "Start with: ketacost guide (a few questions), or ketacost estimate -t iv -n 6"
        ),
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


# Every command registers itself here (ketacost.cli imports them all).
app = new_app()


# The output formats the renderers draw (ketacost.render.FORMATS).
Format = Enum("Format", {name: name for name in FORMATS}, type=str)


def handles_errors(command=None, *, long_running: bool = False):
    """Turn ketacost's errors into a message on stderr and an exit code.

    A command that answers and ends runs with the cyclic garbage collector off, as
    ketacost.cli.main leaves it; a `long_running` one (batch: memory must stay flat over
    any number of rows) turns it back on, whatever came before.
    """
    if command is None:
        return functools.partial(handles_errors, long_running=long_running)

    @functools.wraps(command)
    def run(*args, **kwargs):
        if long_running:
            gc.enable()
        try:
            return command(*args, **kwargs)
        except DataFileError as e:
            fail(EXIT_DATA, _("invalid data file:"), e.problems)
        except (RequestError, OutputError) as e:
            fail(EXIT_USAGE, e.say(_flags()))
        except KetacostError as e:
            fail(EXIT_BUG, e.say(_flags()))
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): nothing more to say.
            sys.stderr.close()
            raise typer.Exit(0) from None
        except typer.Exit:
            raise
        except Exception as e:
            if os.environ.get("KETACOST_DEBUG"):
                raise
            fail(
                EXIT_BUG,
                _(
                    "internal error: {kind}: {error}. This is a bug in ketacost; "
                    "run again with KETACOST_DEBUG=1 to see where."
                ).format(kind=type(e).__name__, error=e),
            )

    return run


def _flags():
    """The options, by the fields and facts they give (imported when first needed)."""
    from ketacost.cli.names import FLAGS

    return FLAGS


def fail(code: int, message: str, details: list[str] | None = None) -> None:
    """Say what went wrong on stderr and exit with `code`."""
    _say_error(message)
    for line in details or []:
        typer.echo(f"  {line}", err=True)
    raise typer.Exit(code)


def today() -> dt.date:
    """The day the command runs (tests fix it)."""
    return dt.date.today()


def day(as_of: str | None) -> dt.date:
    """The day whose prices and rules apply: --as-of, or today.

    Raises RequestError for anything but a real date written YYYY-MM-DD.
    """
    if as_of is None:
        return today()
    text = as_of.strip()
    # fromisoformat alone would also take 20261122 and 2026-W47-1.
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise RequestError(
            _("--as-of: {value} is not a date written YYYY-MM-DD").format(value=repr(as_of))
        )
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        year, month, _day = (int(part) for part in text.split("-"))
        if not 1 <= month <= 12:
            why = _("there is no month {month}").format(month=month)
        else:
            why = _("month {month} of {year} has no day {day}").format(
                month=month, year=year, day=_day
            )
        raise RequestError(
            _("--as-of: {value} is not a date: {why}").format(value=repr(as_of), why=why)
        ) from None


def catalog(pricing: Path | None):
    """The data for one command, with a clinic's price file laid over the bundled prices:
    --pricing, or else the file KETACOST_PRICING names. The bundled data is read from the
    directory KETACOST_DATA names, if set (to try edits to data/ before they ship). Raises
    RequestError if a file or directory named is missing."""
    from ketacost.load.catalog import Catalog

    data_dir = os.environ.get(DATA_ENV, "").strip() or None
    if data_dir is not None and not Path(data_dir).is_dir():
        raise RequestError(
            _("{name}: no such directory: {path}").format(name=DATA_ENV, path=data_dir)
        )
    return Catalog(pricing=pricing_file(pricing), data_dir=Path(data_dir) if data_dir else None)


def pricing_file(pricing: Path | None) -> Path | None:
    """The clinic's price file in use (--pricing, else KETACOST_PRICING), checked to be
    there. Raises RequestError if it is not."""
    if pricing is not None:
        check_input(pricing, "--pricing")
        return pricing
    named = os.environ.get(PRICING_ENV, "").strip()
    if not named:
        return None
    check_input(Path(named), PRICING_ENV)
    return Path(named)


def check_input(path: Path, name: str) -> None:
    """Raise RequestError unless `path` is there to be read (a regular file or a pipe)."""
    if not path.exists():
        raise RequestError(_("{name}: no such file: {path}").format(name=name, path=path))
    if path.is_dir():
        raise RequestError(
            _("{name}: {path} is a directory, not a file").format(name=name, path=path)
        )


def emit(text: str, output: Path | None, what: str, reading: Path | None = None) -> None:
    """Write to stdout, or to `output` (never over `reading`, a file being read)."""
    if to_stdout(output):
        try:
            sys.stdout.write(text)
        except UnicodeEncodeError:
            # A terminal that cannot show "–" or "█": show what it can.
            encoding = sys.stdout.encoding or "ascii"
            sys.stdout.write(text.encode(encoding, "replace").decode(encoding))
        sys.stdout.flush()
        return
    from ketacost.cli.output import write_output

    write_output(output, text, (reading,) if reading else ())
    typer.echo(_("Wrote {what} to {path}").format(what=what, path=output), err=True)


# What each file extension holds, for -o NAME.EXT without -f (.txt: the table as text).
EXTENSIONS = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "table",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


def output_format(
    fmt: object, output: Path | None, allowed: tuple[str, ...] | None = None, default="table"
) -> str:
    """The format to write: -f if given, else the one -o's extension names, else
    `default`. Raises RequestError for an extension that is not of -f's format, or that
    names no format the command writes (`allowed`; default: estimate's formats)."""
    from ketacost.render import FORMATS

    allowed = allowed or FORMATS
    given = getattr(fmt, "value", fmt)
    if to_stdout(output) or not output.suffix:
        return given or default
    suffix = output.suffix.lower()
    named = EXTENSIONS.get(suffix)
    writable = ", ".join(sorted(ext for ext, kind in EXTENSIONS.items() if kind in allowed))
    if named is None or named not in allowed:
        raise RequestError(
            _("--output: ketacost cannot write a {suffix} file here; it writes {writable}").format(
                suffix=suffix, writable=writable
            )
        )
    if given is not None and given != named:
        raise RequestError(
            _(
                "--output {name} is a {format} file, but -f asks for {given}: "
                "give one or the other, or a name ending in the format's extension"
            ).format(name=output.name, format=named, given=given)
        )
    return named


def to_stdout(output: Path | None) -> bool:
    """Whether the result goes to standard output (no -o, or -o -)."""
    return output is None or str(output) == "-"


def _columns() -> int | None:
    """The width COLUMNS asks for, when the output goes to a file or a program (None:
    not set, or not a number from 20 to 1,000)."""
    text = os.environ.get("COLUMNS", "").strip()
    if text.isdigit() and 20 <= int(text) <= 1000:
        return int(text)
    return None


def render(view: object, fmt: str, output: Path | None, explain: bool = False) -> str:
    """Draw `view` in `fmt`, for the terminal (width, colour) when that is where it goes.
    What the reader could state is named by its options, except in a quote: a document
    for a patient names no option."""
    from ketacost.render import Options
    from ketacost.render import render as draw

    to_terminal = to_stdout(output) and sys.stdout.isatty()
    color = fmt == "table" and to_terminal and "NO_COLOR" not in os.environ
    width = os.get_terminal_size(sys.stdout.fileno()).columns if to_terminal else _columns()
    names = None if getattr(view, "kind", None) == "quote" else _flags()
    return draw(view, fmt, Options(color=color, width=width, explain=explain, names=names))
