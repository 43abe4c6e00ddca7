"""The ketacost command line.

The only place that knows about options, standard streams and exit codes:
0 success, 2 a bad command-line value, 3 an invalid data or input file,
1 a bug in ketacost.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ketacost import __version__
from ketacost.errors import DataFileError, KetacostError, OutputError, RequestError
from ketacost.render import FORMATS

EXIT_BUG = 1
EXIT_USAGE = 2
EXIT_DATA = 3

app = typer.Typer(
    name="ketacost",
    help=(
        "What will ketamine therapy cost in Canada? Course cost ranges from sourced price "
        "data: per-session ranges, course plans and clinics' published price lists.\n\n"
        "Estimate only — not medical or insurance advice.\n\n"
        "Start with: ketacost estimate -t iv -n 6"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# The output formats the renderers draw (ketacost.render.FORMATS).
Format = Enum("Format", {name: name for name in FORMATS}, type=str)


PricingOption = Annotated[
    Path | None,
    typer.Option(
        "--pricing",
        help="A price file to use instead of the bundled prices (e.g. your clinic's list).",
        dir_okay=False,
    ),
]
FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of standard output ('-').",
        dir_okay=False,
    ),
]
SessionsOption = Annotated[
    int | None,
    typer.Option("--sessions", "-n", help="Number of sessions in the course (1-200)."),
]
PlanOption = Annotated[
    str | None,
    typer.Option("--plan", help="A course plan instead of --sessions: see `ketacost plans`."),
]
MaintenanceOption = Annotated[
    int | None,
    typer.Option("--maintenance", help="Maintenance sessions after the course (0-200)."),
]
MonthsOption = Annotated[
    int | None,
    typer.Option(
        "--months",
        help="Months of maintenance, for a plan that defines its schedule (--plan spravato).",
    ),
]
IntervalOption = Annotated[
    str | None,
    typer.Option(
        "--interval",
        help="Maintenance interval with --months (weekly or every-2-weeks); both if left out.",
    ),
]


SITUATION = "Your situation (for coverage)"
ProvinceOption = Annotated[
    str | None,
    typer.Option(
        "--province",
        "-p",
        help="Your province or territory: AB, BC, MB, NB, NL, NS, NT, NU, ON, PE, QC, SK or YT "
        "(any case).",
        rich_help_panel=SITUATION,
    ),
]
ConditionOption = Annotated[
    str | None,
    typer.Option(
        "--condition",
        help="The condition treated: trd (treatment-resistant depression), mdd, "
        "bipolar-depression, suicidal-ideation, ptsd, anxiety, ocd, chronic-pain or "
        "substance-use.",
        rich_help_panel=SITUATION,
    ),
]
FailedOption = Annotated[
    int | None,
    typer.Option(
        "--failed-antidepressants",
        metavar="N",
        help="How many antidepressants, each at an adequate dose and duration, have not "
        "worked (0-50).",
        rich_help_panel=SITUATION,
    ),
]
WorkInjuryOption = Annotated[
    bool,
    typer.Option(
        "--work-injury",
        help="You have an accepted workers' compensation claim for this condition.",
        rich_help_panel=SITUATION,
    ),
]
VeteranOption = Annotated[
    bool,
    typer.Option(
        "--veteran",
        help="You are a Veterans Affairs Canada client and the condition is service-related.",
        rich_help_panel=SITUATION,
    ),
]
InsuranceOption = Annotated[
    list[str] | None,
    typer.Option(
        "--insurance",
        help="Insurance you have: private or alberta-blue-cross. Repeat for both.",
        rich_help_panel=SITUATION,
    ),
]
ExplainOption = Annotated[
    bool,
    typer.Option(
        "--explain", help="Also show which rules and which dated values produced each number."
    ),
]


def _situation(province, condition, failed, work_injury, veteran, insurance, treatment=None):
    from ketacost.situation import SituationRequest

    return SituationRequest(
        province=province,
        condition=condition,
        failed_antidepressants=failed,
        work_injury=work_injury,
        veteran=veteran,
        insurance=tuple(insurance or ()),
        treatment=treatment,
    )


def _handles_errors(command):
    """Turn ketacost's errors into a message on stderr and an exit code."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DataFileError as e:
            _fail(EXIT_DATA, "invalid data file:", e.problems)
        except (RequestError, OutputError) as e:
            _fail(EXIT_USAGE, str(e))
        except KetacostError as e:
            _fail(EXIT_BUG, str(e))
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): nothing more to say.
            sys.stderr.close()
            raise typer.Exit(0) from None
        except typer.Exit:
            raise
        except Exception as e:
            if os.environ.get("KETACOST_DEBUG"):
                raise
            _fail(
                EXIT_BUG,
                f"internal error: {type(e).__name__}: {e}. This is a bug in ketacost; "
                "run again with KETACOST_DEBUG=1 to see where.",
            )

    return run


def _fail(code: int, message: str, details: list[str] | None = None) -> None:
    typer.echo(f"ketacost: error: {message}", err=True)
    for line in details or []:
        typer.echo(f"  {line}", err=True)
    raise typer.Exit(code)


def _today() -> dt.date:
    return dt.date.today()


def _emit(text: str, output: Path | None, fmt: Format, reading: Path | None = None) -> None:
    """Write to stdout, or to `output` (never over `reading`, the price file being read)."""
    if output is None or str(output) == "-":
        try:
            sys.stdout.write(text)
        except UnicodeEncodeError:
            # A terminal that cannot show "–" or "█": show what it can.
            encoding = sys.stdout.encoding or "ascii"
            sys.stdout.write(text.encode(encoding, "replace").decode(encoding))
        sys.stdout.flush()
        return
    from ketacost.output import write_output

    write_output(output, text, (reading,) if reading else ())
    typer.echo(f"Wrote {fmt.value} to {output}", err=True)


def _render(view: object, fmt: Format, output: Path | None, explain: bool = False) -> str:
    from ketacost.render import Options, render

    to_terminal = (output is None or str(output) == "-") and sys.stdout.isatty()
    color = fmt.value == "table" and to_terminal and "NO_COLOR" not in os.environ
    width = os.get_terminal_size(sys.stdout.fileno()).columns if to_terminal else None
    return render(view, fmt.value, Options(color=color, width=width, explain=explain))


def _catalog(pricing: Path | None):
    from ketacost.catalog import Catalog

    if pricing is not None and not pricing.is_file():
        raise RequestError(f"--pricing: no such file: {pricing}")
    return Catalog(pricing=pricing)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ketacost {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Course cost ranges for ketamine therapy in Canada."""


@app.command()
@_handles_errors
def estimate(
    treatment: Annotated[
        str | None,
        typer.Option("--treatment", "-t", help="Treatment id: see `ketacost treatments`."),
    ] = None,
    sessions: SessionsOption = None,
    plan: PlanOption = None,
    maintenance: MaintenanceOption = None,
    months: MonthsOption = None,
    interval: IntervalOption = None,
    clinic: Annotated[
        str | None, typer.Option("--clinic", help="A clinic's own price list (e.g. atma-cena).")
    ] = None,
    program: Annotated[
        str | None,
        typer.Option("--program", help="The clinic's program; it implies the treatment."),
    ] = None,
    province: ProvinceOption = None,
    condition: ConditionOption = None,
    failed_antidepressants: FailedOption = None,
    work_injury: WorkInjuryOption = False,
    veteran: VeteranOption = False,
    insurance: InsuranceOption = None,
    pricing: PricingOption = None,
    explain: ExplainOption = False,
    fmt: FormatOption = Format("table"),
    output: OutputOption = None,
) -> None:
    """Estimate what a course of one treatment costs, as a low-high range, and what
    you would pay yourself.

    Give a treatment and a course length (--sessions or --plan), or a clinic and
    one of its programs. Where a price is published for exactly that course it
    is used and named as the basis; otherwise the cost is sessions x the
    per-session range.

    Add your situation (province, condition, claims, insurance) to see which
    programs may pay and the out-of-pocket range: its low is the best case (every
    likely or possible program approves), its high the worst (nothing approved).

    Example: ketacost estimate -t iv -n 6 -p AB --condition trd --work-injury
    """
    from ketacost.course import CourseRequest
    from ketacost.estimate import estimate as run_estimate

    request = CourseRequest(
        treatment=treatment,
        sessions=sessions,
        plan=plan,
        maintenance=maintenance,
        months=months,
        interval=interval,
        clinic=clinic,
        program=program,
    )
    situation = _situation(
        province, condition, failed_antidepressants, work_injury, veteran, insurance
    )
    result = run_estimate(_catalog(pricing), request, _today(), situation)
    _emit(_render(result, fmt, output, explain), output, fmt, pricing)


@app.command()
@_handles_errors
def compare(
    sessions: SessionsOption = None,
    plan: PlanOption = None,
    maintenance: MaintenanceOption = None,
    months: MonthsOption = None,
    interval: IntervalOption = None,
    pricing: PricingOption = None,
    fmt: FormatOption = Format("table"),
    output: OutputOption = None,
) -> None:
    """Compare every treatment for the same course, side by side.

    Each row has a low-high bar drawn to one scale, so the ranges compare at a
    glance. With --plan, only the treatments the plan is for are shown.

    Example: ketacost compare -n 6
    """
    from ketacost.course import CourseRequest
    from ketacost.estimate import compare as run_compare

    request = CourseRequest(
        sessions=sessions, plan=plan, maintenance=maintenance, months=months, interval=interval
    )
    result = run_compare(_catalog(pricing), request, _today())
    _emit(_render(result, fmt, output), output, fmt, pricing)


@app.command()
@_handles_errors
def coverage(
    treatment: Annotated[
        str | None,
        typer.Option(
            "--treatment",
            "-t",
            help="The treatment, for a sharper answer: see `ketacost treatments`.",
        ),
    ] = None,
    province: ProvinceOption = None,
    condition: ConditionOption = None,
    failed_antidepressants: FailedOption = None,
    work_injury: WorkInjuryOption = False,
    veteran: VeteranOption = False,
    insurance: InsuranceOption = None,
    explain: ExplainOption = False,
    fmt: FormatOption = Format("table"),
    output: OutputOption = None,
) -> None:
    """Which programs may pay for ketamine therapy in your situation.

    One verdict per program (likely, possible, unlikely, not-eligible), each with
    why, what must happen first, what the program pays, what would change the
    verdict, and the sources. Facts you leave out are unknown, and the verdict
    says when one of them decides. No prices are needed.

    Example: ketacost coverage -p ON --condition trd --insurance private -t spravato
    """
    from ketacost.coverage import situation_coverage

    situation = _situation(
        province, condition, failed_antidepressants, work_injury, veteran, insurance, treatment
    )
    result = situation_coverage(_catalog(None), situation, _today())
    _emit(_render(result, fmt, output, explain), output, fmt)


@app.command()
@_handles_errors
def treatments(
    pricing: PricingOption = None,
    fmt: FormatOption = Format("table"),
    output: OutputOption = None,
) -> None:
    """List the treatments, their per-session ranges and published course prices.

    Example: ketacost treatments
    """
    from ketacost import listings

    listing = listings.treatments(_catalog(pricing), _today())
    _emit(_render(listing, fmt, output), output, fmt, pricing)


@app.command()
@_handles_errors
def plans(fmt: FormatOption = Format("table"), output: OutputOption = None) -> None:
    """List the course plans: their phases, session counts and sources.

    Example: ketacost plans
    """
    from ketacost import listings

    _emit(_render(listings.plans(_catalog(None)), fmt, output), output, fmt)


@app.command()
@_handles_errors
def sources(
    pricing: PricingOption = None,
    fmt: FormatOption = Format("table"),
    output: OutputOption = None,
) -> None:
    """List every source the data cites, with its date and URL.

    With --pricing, the sources your price file, the course plans and the coverage rules
    cite.

    Example: ketacost sources
    """
    from ketacost import listings

    listing = listings.sources(_catalog(pricing), only_cited=pricing is not None)
    _emit(_render(listing, fmt, output), output, fmt, pricing)


@app.command()
@_handles_errors
def validate(
    file: Annotated[Path, typer.Argument(help="The price file to check.", dir_okay=False)],
) -> None:
    """Check a price file: every fault is reported with its line and key path.

    Exit code 0 when the file is valid, 3 when it is not, 2 when there is no such file.

    Example: ketacost validate my-clinic.yaml
    """
    if not file.is_file():
        raise RequestError(f"no such file: {file}")
    prices = _catalog(file).prices
    programs = sum(len(c.programs) for c in prices.clinics.values())
    typer.echo(
        f"{file}: valid price file: {len(prices.treatments)} treatments, "
        f"{len(prices.clinics)} clinics, {programs} programs."
    )


def main() -> None:
    """Entry point for the `ketacost` script and `python -m ketacost`."""
    app(prog_name="ketacost")
