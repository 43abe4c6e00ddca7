"""The commands for anyone asking what ketamine therapy costs: estimate, compare,
coverage, and the listings of treatments, plans and sources."""

# No `from __future__ import annotations` here: Typer reads each option's annotation, and
# written as strings it must evaluate every one on each run (~2 ms).

from typing import Annotated

import typer

from ketacost import __version__
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
    FormatOption,
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
from ketacost.cli.shared import app, catalog, day, emit, handles_errors, output_format, render
from ketacost.i18n import _


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
    lang: LangOption = None,
) -> None:
    """Course cost ranges for ketamine therapy in Canada."""


@app.command(cls=DataHelpCommand)
@handles_errors
def estimate(
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
    explain: ExplainOption = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    """Estimate a course's cost, as a low-high range, and what you would pay yourself.

    Give a treatment and a course length (--sessions or --plan), or a clinic and
    one of its programs. Where a price is published for exactly that course it
    is used and named as the basis; otherwise the cost is sessions x the
    per-session range.

    Add your situation (province, condition, claims, insurance) to see which
    programs may pay and the out-of-pocket range: its low is the best case (every
    likely or possible program approves), its high the worst (nothing approved).

    Add your net income (--net-income) to see the medical expense tax credits on
    what you pay and what the course costs after them.

    Example: ketacost estimate -t iv -n 6 -p AB --condition trd --work-injury
    """
    from ketacost.estimate import estimate as run_estimate

    request = course_request(locals())
    situation = situation_request(locals())
    taxes = tax_request(locals())
    data = catalog(pricing)
    result = run_estimate(data.prices, data.plans, data.coverage, request, day(as_of), situation)
    result = with_credits(result, data, taxes, day(as_of))
    kind = output_format(fmt, output)
    emit(render(result, kind, output, explain), output, kind, data.pricing_path)


@app.command(cls=DataHelpCommand)
@handles_errors
def compare(
    sessions: SessionsOption = None,
    plan: PlanOption = None,
    maintenance: MaintenanceOption = None,
    months: MonthsOption = None,
    interval: IntervalOption = None,
    usual: Annotated[
        bool,
        typer.Option(
            "--usual",
            help="Each treatment's usual course instead of one session count (the default "
            "without --sessions or --plan): a plan made for it (IV's 6 infusions, "
            "Spravato's protocol), else the course its price source publishes, else the "
            "general acute course.",
        ),
    ] = False,
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
    fmt: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    """Compare every treatment side by side: each for its usual course, or all for
    the same one (--sessions or --plan).

    Each row has a low-high bar drawn to one scale, so the ranges compare at a
    glance, and says whether its figure is a published course price, a per-session
    computation or a plan. With --plan, only the treatments the plan is for are
    shown. With your situation, each row also has what you would pay yourself; with
    --net-income, what that costs after the medical expense tax credits.

    Example: ketacost compare -p ON --condition trd --insurance private
    """
    from ketacost.errors import RequestError
    from ketacost.estimate import compare as run_compare
    from ketacost.estimate import compare_usual

    request = course_request(locals())
    situation = situation_request(locals())
    taxes = tax_request(locals())
    given = sessions is not None or plan is not None
    if usual and given:
        raise RequestError(
            _(
                "--usual compares each treatment's usual course: leave out --sessions and "
                "--plan, or leave out --usual to compare one course"
            )
        )
    if not given and any(v is not None for v in (maintenance, months, interval)):
        raise RequestError(_("--maintenance, --months and --interval need --sessions or --plan"))
    data = catalog(pricing)
    if given:
        result = run_compare(data.prices, data.plans, data.coverage, request, day(as_of), situation)
    else:
        result = compare_usual(data.prices, data.plans, data.coverage, day(as_of), situation)
    result = with_credits(result, data, taxes, day(as_of))
    kind = output_format(fmt, output)
    emit(render(result, kind, output), output, kind, data.pricing_path)


@app.command(cls=DataHelpCommand)
@handles_errors
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
    claim_province: ClaimProvinceOption = None,
    condition: ConditionOption = None,
    failed_antidepressants: FailedOption = None,
    work_injury: WorkInjuryOption = False,
    veteran: VeteranOption = False,
    insurance: InsuranceOption = None,
    federal_plan: FederalPlanOption = None,
    as_of: AsOfOption = None,
    explain: ExplainOption = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    """Which programs may pay for ketamine therapy in your situation.

    One verdict per program (likely, possible, unlikely, not-eligible), each with
    why, what must happen first, what the program pays, what would change the
    verdict, and the sources. Facts you leave out are unknown, and the verdict
    says when one of them decides. No prices are needed.

    Example: ketacost coverage -p ON --condition trd --insurance private -t spravato
    """
    from ketacost.coverage import situation_coverage

    situation = situation_request(locals())
    data = catalog(None)
    result = situation_coverage(data.coverage, data.bundled_sources, situation, day(as_of))
    kind = output_format(fmt, output)
    emit(render(result, kind, output, explain), output, kind)


@app.command(cls=HelpInLanguage)
@handles_errors
def treatments(
    pricing: PricingOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    """List the treatments, their per-session ranges and published course prices.

    Example: ketacost treatments
    """
    from ketacost import listings

    data = catalog(pricing)
    listing = listings.treatments(data.prices, day(as_of))
    kind = output_format(fmt, output)
    emit(render(listing, kind, output), output, kind, data.pricing_path)


@app.command(cls=HelpInLanguage)
@handles_errors
def plans(fmt: FormatOption = None, output: OutputOption = None, lang: LangOption = None) -> None:
    """List the course plans: their phases, session counts and sources.

    Example: ketacost plans
    """
    from ketacost import listings

    kind = output_format(fmt, output)
    emit(render(listings.plans(catalog(None).plans), kind, output), output, kind)


@app.command(cls=HelpInLanguage)
@handles_errors
def sources(
    pricing: PricingOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    """List every source the data cites, with its date and URL.

    With --pricing, the sources your price file, the course plans, the coverage rules and
    the tax credit rules cite.

    Example: ketacost sources
    """
    from ketacost import listings

    data = catalog(pricing)
    listing = listings.sources(data.cited_sources() if data.pricing_path else data.sources.values())
    kind = output_format(fmt, output)
    emit(render(listing, kind, output), output, kind, data.pricing_path)
