"""The options commands share, declared once."""

# No `from __future__ import annotations` here: Typer reads the annotations of the
# completion functions and callbacks below, and written as strings it evaluates each one
# on every run.

from pathlib import Path
from typing import Annotated

import typer

from ketacost.cli.shared import PRICING_ENV, Format


def _values(kind: str):
    """A shell-completion function offering the data's values of `kind` (with their
    names as help), those that begin with what is typed."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from ketacost.cli.shared import catalog

        try:
            data = catalog(ctx.params.get("pricing"))
            offered = _offered(data, kind, ctx.params)
        except Exception:  # noqa: BLE001 - a completion never fails the shell
            return []
        typed = incomplete.lower()
        return [(value, help) for value, help in offered if value.lower().startswith(typed)]

    return complete


def _offered(data, kind: str, params: dict) -> list[tuple[str, str]]:
    words = data.coverage.words
    if kind == "treatment":
        return [(t.id, t.label) for t in data.prices.treatments.values()]
    if kind == "plan":
        return [(p.id, p.label) for p in data.plans.values()]
    if kind == "clinic":
        return [(c.id, c.name) for c in data.prices.clinics.values()]
    if kind == "program":
        clinic = data.prices.clinics.get(params.get("clinic") or "")
        clinics = [clinic] if clinic else data.prices.clinics.values()
        return [(p.id, p.label) for c in clinics for p in c.programs.values()]
    if kind == "interval":
        return [
            (i, "") for p in data.plans.values() if p.maintenance for i in p.maintenance.intervals
        ]
    return list(getattr(words, kind).items())


def _language(value: str | None) -> None:
    """Refuse a --lang naming no language ketacost writes in (the app's group has set the
    language the line names: ketacost.cli.shared)."""
    from ketacost import i18n

    if value is not None and i18n.read_language(value) is None:
        raise typer.BadParameter(
            i18n._("'{value}' is not a language ketacost writes in: fr or en").format(value=value)
        )


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="fr|en",
        help="Write in French (fr, fr-CA) or English (en). Default: KETACOST_LANG, else your "
        "locale (LC_ALL, LC_MESSAGES, LANG starting with fr: French), else English.",
        callback=_language,
        is_eager=True,
        expose_value=False,
    ),
]


def group_callback(lang: LangOption = None) -> None:
    """The callback of an app holding one command: it takes --lang before the command's
    name (the app's group sets the language: ketacost.cli.shared)."""


PricingOption = Annotated[
    Path | None,
    typer.Option(
        "--pricing",
        help="Your clinic's price file, laid over the bundled prices: its clinics, programs "
        f"and treatments are added (or replace those of the same id). Default: the file "
        f"{PRICING_ENV} names, if set. See `ketacost init-clinic`.",
        dir_okay=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Use the prices and coverage rules in force on this day (default: today).",
    ),
]
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: the one --output's extension names (.json, .csv, .md; "
        ".txt for the table), else table.",
        case_sensitive=False,
    ),
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
    typer.Option(
        "--plan",
        help="A course plan instead of --sessions: see `ketacost plans`.",
        autocompletion=_values("plan"),
    ),
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
        autocompletion=_values("interval"),
        help="Maintenance interval with --months (weekly or every-2-weeks); both if left out.",
    ),
]


SITUATION = "Your situation (for coverage)"
ProvinceOption = Annotated[
    str | None,
    typer.Option(
        "--province",
        "-p",
        autocompletion=_values("provinces"),
        help="Your province or territory: its code ({provinces}) or its name, in English or "
        "French, in any case.",
        rich_help_panel=SITUATION,
    ),
]
ClaimProvinceOption = Annotated[
    str | None,
    typer.Option(
        "--claim-province",
        autocompletion=_values("provinces"),
        help="Where your workers' compensation claim is, if not in --province: that "
        "province's or territory's board is the one that decides.",
        rich_help_panel=SITUATION,
    ),
]
ConditionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--condition",
        autocompletion=_values("conditions"),
        help="The condition treated: {conditions} (trd: treatment-resistant depression, at "
        "least two antidepressants that did not work). Repeat for several: each program's "
        "verdict is the best over them.",
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
        autocompletion=_values("insurance"),
        help="Insurance you have: {insurance}. An employer's group plan counts as private, "
        "whoever the insurer (Sun Life, Canada Life, Manulife... are read as private). "
        "Repeat for several.",
        rich_help_panel=SITUATION,
    ),
]
FederalPlanOption = Annotated[
    list[str] | None,
    typer.Option(
        "--federal-plan",
        autocompletion=_values("federal_plans"),
        help="A federal health plan that covers you: {federal_plans}. ketacost has no rule "
        "for these (no rule of theirs on ketamine was found) and says what each publishes. "
        "For Veterans Affairs Canada, use --veteran.",
        rich_help_panel=SITUATION,
    ),
]
TAX = "Health spending account and tax credits (optional)"
NetIncomeOption = Annotated[
    str | None,
    typer.Option(
        "--net-income",
        metavar="AMOUNT",
        help="Your net income (line 23600 of your return), e.g. 60000: adds the medical "
        "expense tax credits on what you would pay, and what the course costs after them.",
        rich_help_panel=TAX,
    ),
]
TaxYearOption = Annotated[
    int | None,
    typer.Option(
        "--tax-year",
        metavar="YEAR",
        help="The tax year you claim the expenses in (default: the year of --as-of, or this "
        "year). The federal credit's values are sourced for {tax_years}.",
        rich_help_panel=TAX,
    ),
]
FamilyIncomeOption = Annotated[
    str | None,
    typer.Option(
        "--family-income",
        metavar="AMOUNT",
        help="Quebec only: your family income (yours and your spouse's, line 275 of each "
        "Quebec return), on which Quebec's credit is worked out.",
        rich_help_panel=TAX,
    ),
]
HsaOption = Annotated[
    str | None,
    typer.Option(
        "--hsa",
        metavar="AMOUNT",
        help="What is left this year in your health spending account, e.g. 1500: it pays "
        "what qualifies as a medical expense, before any tax credit is worked out.",
        rich_help_panel=TAX,
    ),
]
ExplainOption = Annotated[
    bool,
    typer.Option(
        "--explain", help="Also show which rules and which dated values produced each number."
    ),
]


def course_request(options: dict):
    """The course a command's options ask for (`options`: its locals(), each field's
    option named as the field; a field the command has no option for is not given)."""
    from ketacost.course import CourseRequest
    from ketacost.model.record import fields

    return CourseRequest(
        **{f.name: options[f.name] for f in fields(CourseRequest) if f.name in options}
    )


def situation_request(options: dict):
    """The situation a command's options state, as a request for the core. `options` is
    the command's parameters by name (its locals()): each fact's option is named as the
    fact (or, for a fact that holds several, as one of it: `condition`)."""
    from ketacost.model.record import fields
    from ketacost.model.situation import SINGULAR, SituationRequest

    given = {}
    for field in fields(SituationRequest):
        value = options.get(SINGULAR.get(field.name, field.name))
        if field.default == ():  # a fact that holds several: an option given again
            value = tuple(value or ())
        elif field.default is False:  # a switch
            value = bool(value)
        given[field.name] = value
    return SituationRequest(**given)


def tax_request(options: dict):
    """The tax facts a command's options give (its locals()), amounts read from text;
    None when none is given. Raises RequestError for an amount that is not one."""
    names = ("net_income", "tax_year", "family_income", "hsa")
    given = {name: options.get(name) for name in names}
    if all(value is None for value in given.values()):
        return None
    from ketacost.model.tax import TaxRequest
    from ketacost.tax import read_amount

    return TaxRequest(
        net_income=read_amount(given["net_income"], "net_income"),
        tax_year=given["tax_year"],
        family_income=read_amount(given["family_income"], "family_income"),
        hsa=read_amount(given["hsa"], "hsa"),
    )


def with_credits(result, data, request, as_of):
    """An estimate, a comparison or a quote with the tax credits `request` asks for
    (checked against the day `as_of`; None, nothing asked: unchanged). `data`: the
    catalog."""
    if request is None:
        return result
    from ketacost.estimate import Comparison, Estimate, with_tax
    from ketacost.model.record import replace
    from ketacost.tax import check_tax_request

    checked = check_tax_request(request, as_of)
    if checked is None:
        return result

    def add(estimate: "Estimate") -> "Estimate":
        return with_tax(estimate, data.tax, checked, data.sources)

    if isinstance(result, Estimate):
        return add(result)
    if isinstance(result, Comparison):
        return replace(result, estimates=tuple(add(e) for e in result.estimates))
    return replace(result, estimate=add(result.estimate))


TreatmentOption = Annotated[
    str | None,
    typer.Option(
        "--treatment",
        "-t",
        help="Treatment id: see `ketacost treatments`.",
        autocompletion=_values("treatment"),
    ),
]
ClinicOption = Annotated[
    str | None,
    typer.Option(
        "--clinic",
        help="A clinic's own price list (e.g. atma-cena).",
        autocompletion=_values("clinic"),
    ),
]
ProgramOption = Annotated[
    str | None,
    typer.Option(
        "--program",
        help="The clinic's program; it implies the treatment.",
        autocompletion=_values("program"),
    ),
]
