"""The commands for clinic coordinators: a price file of their own (init-clinic,
validate) and a quote to send."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from ketacost.cli.base import app, catalog, check_input, day, handles_errors
from ketacost.errors import OutputError, RequestError

COORDINATORS = "For clinic coordinators"


@app.command("init-clinic", rich_help_panel=COORDINATORS)
@handles_errors
def init_clinic(
    file: Annotated[Path, typer.Argument(help="The price file to write.", dir_okay=False)],
    name: Annotated[str, typer.Option("--name", help="Your clinic's name.")] = "My Clinic",
    clinic_id: Annotated[
        str | None,
        typer.Option("--id", help="Its id for --clinic (default: made from the name)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the file if it already exists.")
    ] = False,
) -> None:
    """Write a commented price file for your clinic, ready to fill in.

    It is valid as it is: one program whose prices say "not published" until you
    write yours, with comments showing every other way to price a program, a
    deposit and package prices. Use it with --pricing (or KETACOST_PRICING); it is
    laid over the bundled data, so it needs only your clinic. An existing file is
    never replaced without --force.

    Example: ketacost init-clinic my-clinic.yaml --name "Calm Mind Clinic"
    """
    from ketacost.catalog import Catalog
    from ketacost.clinicfile import clinic_id as make_id
    from ketacost.clinicfile import template
    from ketacost.pricefile import parse_price_list
    from ketacost.yamldoc import parse

    data = Catalog()
    shown = shlex.quote(str(file))
    text = template(
        name, clinic_id or make_id(name), shown, day(None), list(data.bundled_prices.treatments)
    )
    # What is written must read back as a valid clinic file.
    parse_price_list(parse(text, str(file)), data.bundled_sources, data.bundled_prices)
    if force:
        from ketacost.output import write_output

        write_output(file, text)
    else:
        _write_new(file, text)
    typer.echo(f"Wrote a price file for {name.strip()} to {file}.", err=True)
    typer.echo(f"Fill in your prices, then check it: ketacost validate {shown}", err=True)


def _write_new(file: Path, text: str) -> None:
    try:
        # "x": created here or not at all, so nothing that was there is lost.
        with open(file, "x", encoding="utf-8") as stream:
            stream.write(text)
    except FileExistsError:
        raise RequestError(
            f"{file} already exists; ketacost will not overwrite it. "
            "Give another name, or --force to replace it."
        ) from None
    except OSError as e:
        raise OutputError(f"cannot write {file}: {e.strerror or e}") from None


@app.command(rich_help_panel=COORDINATORS)
@handles_errors
def validate(
    file: Annotated[Path, typer.Argument(help="The price file to check.", dir_okay=False)],
) -> None:
    """Check a clinic's price file: every fault in one run, each with its line and key
    path.

    The file is checked as --pricing reads it, laid over the bundled prices, so its
    programs may give a bundled treatment. Exit code 0 when the file is valid, 3 when
    it is not, 2 when there is no such file.

    Example: ketacost validate my-clinic.yaml
    """
    from ketacost.clinicfile import summary

    check_input(file, "validate")
    data = catalog(file)
    typer.echo(f"{file}: valid price file.")
    for line in summary(data.clinic_prices, data.bundled_prices, shlex.quote(str(file))):
        typer.echo(f"  {line}")
