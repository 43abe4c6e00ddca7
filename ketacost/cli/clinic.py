"""The commands for clinic coordinators: a quote to send, and a price file of their own
(init-clinic, validate)."""

# No `from __future__ import annotations` here: Typer reads each option's annotation, and
# written as strings it must evaluate every one on each run (~2 ms).

import shlex
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ketacost.cli.help import DataHelpCommand, HelpInLanguage
from ketacost.cli.options import (
    AsOfOption,
    ClaimProvinceOption,
    ClinicOption,
    ConditionOption,
    ExplainOption,
    FailedOption,
    FamilyIncomeOption,
    FederalPlanOption,
    HsaOption,
    InsuranceOption,
    IntervalOption,
    LangOption,
    MaintenanceOption,
    MonthsOption,
    NetIncomeOption,
    OutputOption,
    PlanOption,
    PricingOption,
    ProgramOption,
    ProvinceOption,
    SessionsOption,
    TaxYearOption,
    TreatmentOption,
    VeteranOption,
    WorkInjuryOption,
    course_request,
    situation_request,
    tax_request,
    with_credits,
)
from ketacost.cli.shared import (
    COORDINATORS,
    app,
    catalog,
    check_input,
    day,
    emit,
    handles_errors,
    output_format,
    render,
)
from ketacost.errors import OutputError, RequestError
from ketacost.i18n import _
from ketacost.render import QUOTE_FORMATS

QuoteFormat = Enum("QuoteFormat", {name: name for name in QUOTE_FORMATS}, type=str)


@app.command(cls=DataHelpCommand, rich_help_panel=COORDINATORS)
@handles_errors
def quote(
    treatment: TreatmentOption = None,
    sessions: SessionsOption = None,
    plan: PlanOption = None,
    maintenance: MaintenanceOption = None,
    months: MonthsOption = None,
    interval: IntervalOption = None,
    clinic: ClinicOption = None,
    program: ProgramOption = None,
    province: ProvinceOption = None,
    claim_province: ClaimProvinceOption = None,
    condition: ConditionOption = None,
    failed_antidepressants: FailedOption = None,
    work_injury: WorkInjuryOption = False,
    veteran: VeteranOption = False,
    insurance: InsuranceOption = None,
    federal_plan: FederalPlanOption = None,
    net_income: NetIncomeOption = None,
    tax_year: TaxYearOption = None,
    family_income: FamilyIncomeOption = None,
    hsa: HsaOption = None,
    pricing: PricingOption = None,
    as_of: AsOfOption = None,
    valid_days: Annotated[
        int | None,
        typer.Option(
            "--valid-days",
            metavar="DAYS",
            help="How many days the quote holds (1-365). Default: the clinic file's "
            "quote_valid_days, else 30.",
        ),
    ] = None,
    explain: ExplainOption = False,
    fmt: Annotated[
        QuoteFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="markdown or html (a standalone page). Default: html when --output ends "
            "in .html, else markdown.",
            case_sensitive=False,
        ),
    ] = None,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    """Write one patient scenario up as a quote to send: markdown, or an HTML page.

    It takes the same options as estimate and gives the clinic and program, the
    quote's date and the day it holds until, the scenario, line items per phase,
    the deposit, each program's coverage verdict with what it requires first, the
    out-of-pocket range, the sources and the disclaimer. It holds no name or other
    patient identifier, and ketacost keeps no copy.

    Example: ketacost quote --clinic atma-cena --program psycholytic-pathway -n 3
    -p AB --condition trd -o quote.html
    """
    from ketacost.quote import quote as make_quote

    request = course_request(locals())
    situation = situation_request(locals())
    taxes = tax_request(locals())
    issued = day(None)
    data = catalog(pricing)
    result = make_quote(
        data.prices, data.plans, data.coverage, request, situation, issued, day(as_of), valid_days
    )
    result = with_credits(result, data, taxes, day(as_of) if as_of else issued)
    kind = output_format(fmt, output, QUOTE_FORMATS, default="markdown")
    emit(
        render(result, kind, output, explain),
        output,
        _("the quote ({format})").format(format=kind),
        data.pricing_path,
    )


@app.command("init-clinic", cls=HelpInLanguage, rich_help_panel=COORDINATORS)
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
    lang: LangOption = None,
) -> None:
    """Write a commented price file for your clinic, ready to fill in.

    It is valid as it is: one program whose prices say "not published" until you
    write yours, with comments showing every other way to price a program, a
    deposit and package prices. Use it with --pricing (or KETACOST_PRICING); it is
    laid over the bundled data, so it needs only your clinic. An existing file is
    never replaced without --force.

    Example: ketacost init-clinic my-clinic.yaml --name "Calm Mind Clinic"
    """
    from ketacost.cli.template import clinic_id as make_id
    from ketacost.cli.template import template
    from ketacost.load.catalog import Catalog
    from ketacost.load.prices import parse_price_list
    from ketacost.load.yamldoc import parse

    data = Catalog()
    shown = _shown(file)
    text = template(
        name, clinic_id or make_id(name), shown, day(None), list(data.bundled_prices.treatments)
    )
    # What is written must read back as a valid clinic file.
    parse_price_list(parse(text, str(file)), data.bundled_sources, data.bundled_prices)
    if force:
        from ketacost.cli.output import write_output

        write_output(file, text)
    else:
        _write_new(file, text)
    typer.echo(
        _("Wrote a price file for {name} to {path}.").format(name=name.strip(), path=file),
        err=True,
    )
    typer.echo(
        _("Fill in your prices, then check it: {command}").format(
            command=f"ketacost validate {shown}"
        ),
        err=True,
    )


def _shown(file: Path) -> str:
    """The file's name as the template's comments show it, in commands to paste."""
    name = str(file)
    # Undecodable bytes (surrogates) and line breaks are not printable: not for a comment.
    return shlex.quote(name) if name.isprintable() else "FILE"


def _write_new(file: Path, text: str) -> None:
    try:
        # "x": created here or not at all, so nothing that was there is lost.
        with open(file, "x", encoding="utf-8") as stream:
            stream.write(text)
    except FileExistsError:
        raise RequestError(
            _(
                "{path} already exists; ketacost will not overwrite it. "
                "Give another name, or --force to replace it."
            ).format(path=file)
        ) from None
    except OSError as e:
        raise OutputError(
            _("cannot write {path}: {reason}").format(path=file, reason=e.strerror or e)
        ) from None


@app.command(cls=HelpInLanguage, rich_help_panel=COORDINATORS)
@handles_errors
def validate(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="The price file to check. Left out: check the bundled data files instead.",
            dir_okay=False,
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Check a clinic's price file: every fault in one run, with its line and key path.

    The file is checked as --pricing reads it, laid over the bundled prices, so its
    programs may give a bundled treatment. With no file, the bundled data files
    (sources, prices, plans, coverage rules and tax credits; those of the directory
    KETACOST_DATA names, if set) are checked. Exit code 0 when valid, 3 when not, 2
    when there is no such file.

    Example: ketacost validate my-clinic.yaml
    """
    from ketacost.cli.template import summary

    if file is None:
        _validate_bundled()
        return
    check_input(file, "validate")
    data = catalog(file)
    lines = summary(data.clinic_prices, data.bundled_prices, shlex.quote(str(file)))
    typer.echo(_("{path}: valid price file.").format(path=file))
    for line in lines:
        typer.echo(f"  {line}")


def _validate_bundled() -> None:
    """Read every bundled data file, each checked in full, and say what it holds."""
    from ketacost.words import listed

    data = catalog(None)
    prices, plans, rules, tax = data.bundled_prices, data.plans, data.coverage, data.tax
    typer.echo(_("{path}: valid data files.").format(path=data.data_dir))
    typer.echo("  " + _("{count} sources").format(count=len(data.bundled_sources)))
    clinics = len(prices.clinics)
    if clinics == 1:
        held = _("{treatments} treatments, {clinics} clinic")
    else:
        held = _("{treatments} treatments, {clinics} clinics")
    typer.echo("  " + held.format(treatments=len(prices.treatments), clinics=clinics))
    typer.echo("  " + _("{count} course plans").format(count=len(plans)))
    typer.echo("  " + _("{count} coverage programs").format(count=len(rules.programs)))
    years = listed([str(y) for y in tax.years()]) or _("no year")
    provinces = listed(sorted(tax.provinces)) or _("none")
    typer.echo(
        "  "
        + _("tax credits: federal for {years}; provincial rules for {provinces}").format(
            years=years, provinces=provinces
        )
    )
    _say_untranslated(data.data_dir)


# How many texts without a French translation validate names, before "and N more".
UNTRANSLATED_SHOWN = 5


def _say_untranslated(data_dir) -> None:
    """A warning for each data text with no French translation (said in English then)."""
    from ketacost import i18n
    from ketacost.load.catalog import DATA_FILES, SOURCES_FILE
    from ketacost.load.translate import untranslated

    files = tuple(name for name in DATA_FILES if name != SOURCES_FILE)
    missing = untranslated(data_dir, files, i18n.lookup(i18n.FRENCH))
    if not missing:
        typer.echo("  " + _("every text has its French translation"))
        return
    typer.echo(
        _(
            "ketacost: warning: {count} data texts have no French translation (French output "
            "says them in English); add them to {catalog}:"
        ).format(count=len(missing), catalog="ketacost/locale/fr/LC_MESSAGES/ketacost.po"),
        err=True,
    )
    for name, line, text in missing[:UNTRANSLATED_SHOWN]:
        shown = text if len(text) <= 70 else text[:67] + "..."
        typer.echo(f"  {name}:{line}: {shown}", err=True)
    if len(missing) > UNTRANSLATED_SHOWN:
        typer.echo(
            "  " + _("and {count} more").format(count=len(missing) - UNTRANSLATED_SHOWN), err=True
        )
