"""`ketacost guide` (and `ketacost` alone at a terminal): the questions a person who only
knows "what will it cost me?" can answer, one at a time, with choices and a default;
then the answer, as `estimate` or `compare` gives it, and the command line that gives
it again.

The questions are asked with questionary (imported only here: it loads prompt_toolkit,
~0.2 s); what they lead to is a command line, run as any other.
"""

import shlex
import sys

import typer

from ketacost.cli.help import HelpInLanguage
from ketacost.cli.options import LangOption
from ketacost.cli.shared import app, catalog, fail, handles_errors
from ketacost.i18n import ENGLISH, _, current

NOT_SURE = "not-sure"
USUAL = "usual"
# Conditions for which the count of antidepressants that did not work changes a verdict
# (the TRD definition asks about it: data/coverage.yaml, treatment-resistant-depression).
ASKS_ABOUT_TRIALS = ("trd", "mdd")


@app.command(cls=HelpInLanguage)
@handles_errors
def guide(lang: LangOption = None) -> None:
    """Answer a few questions and get your estimate, without knowing any option.

    Asks which treatment (or compare them all), how long a course, your province, your
    condition, and what may pay (a work-injury claim, Veterans Affairs, a private or
    group plan, a health spending account); then prints the answer and the command
    line that gives it again.
    Ctrl-C leaves at any time.

    Example: ketacost guide
    """
    if not interactive():
        fail(
            2,
            _(
                "the guide asks its questions at a terminal, and there is none here; give the "
                "options instead (ketacost estimate --help, ketacost compare --help)"
            ),
        )
    try:
        answers = _ask()
    except (KeyboardInterrupt, EOFError):
        typer.echo("", err=True)
        fail(130, _("stopped before the last question; nothing was estimated"))
    argv = command_line(answers)
    # In French, the command line says so: run again, it answers in French.
    language = [] if current() == ENGLISH else ["--lang", current()]
    typer.echo("")
    _run(argv, language)
    typer.echo("\n" + _("To see this again, or to share it:"), err=False)
    typer.echo(f"  ketacost {shlex.join([*language, *argv])}")


def command_line(answers: dict) -> list[str]:
    """The command line that gives the answer to `answers` (the guide's questions)."""
    treatment = answers.get("treatment", NOT_SURE)
    argv = ["compare"] if treatment == NOT_SURE else ["estimate", "-t", treatment]
    sessions = answers.get("sessions", USUAL)
    if sessions != USUAL:
        argv += ["-n", str(sessions)]
    elif treatment != NOT_SURE:
        argv += _usual_course(treatment)
    if answers.get("province"):
        argv += ["-p", answers["province"]]
    for condition in answers.get("conditions", ()):
        argv += ["--condition", condition]
    if answers.get("failed_antidepressants") is not None:
        argv += ["--failed-antidepressants", str(answers["failed_antidepressants"])]
    if answers.get("work_injury"):
        argv.append("--work-injury")
    if answers.get("veteran"):
        argv.append("--veteran")
    for insurance in answers.get("insurance", ()):
        argv += ["--insurance", insurance]
    if answers.get("hsa"):
        argv += ["--hsa", answers["hsa"]]
    return argv


def _usual_course(treatment: str) -> list[str]:
    """The options for a treatment's usual course (compare --usual's choice)."""
    from ketacost.cli.shared import day
    from ketacost.estimate import usual_course

    data = catalog(None)
    found = usual_course(data.prices.treatments[treatment], data.plans, day(None))
    if found is None:
        return []
    request = found[0]
    return ["--plan", request.plan] if request.plan else ["-n", str(request.sessions)]


def _ask() -> dict:
    """Ask the questions in turn, leaving out those whose answer could not change the
    estimate. Raises KeyboardInterrupt (Ctrl-C) or EOFError (end of input)."""
    import questionary

    data = catalog(None)
    words = data.coverage.words
    answers: dict = {}
    treatments = [
        questionary.Choice(f"{t.label}", value=t.id) for t in data.prices.treatments.values()
    ]
    answers["treatment"] = questionary.select(
        _("Which treatment are you looking at?"),
        choices=[questionary.Choice(_("Not sure: compare them all"), value=NOT_SURE), *treatments],
        default=NOT_SURE,
    ).unsafe_ask()
    course = questionary.select(
        _("How many sessions?"),
        choices=[
            questionary.Choice(_("The usual course for the treatment"), value=USUAL),
            questionary.Choice(_("A number of sessions I know"), value="count"),
        ],
        default=USUAL,
    ).unsafe_ask()
    if course != USUAL:
        answers["sessions"] = int(
            questionary.text(
                _("How many sessions (1-200)?"),
                default="6",
                validate=lambda t: (
                    (t.strip().isdigit() and 1 <= int(t) <= 200)
                    or _("a whole number from 1 to 200")
                ),
            ).unsafe_ask()
        )
    answers["province"] = questionary.select(
        _("Which province or territory do you live in?"),
        choices=[questionary.Choice(_("Prefer not to say"), value="")]
        + [
            questionary.Choice(name, value=code)
            for code, name in sorted(words.provinces.items(), key=lambda item: item[1])
        ],
        default="",
    ).unsafe_ask()
    answers["conditions"] = questionary.checkbox(
        _("What is the treatment for? (space to choose, enter when done; none if unsure)"),
        choices=[questionary.Choice(label, value=c) for c, label in words.conditions.items()],
    ).unsafe_ask()
    if set(answers["conditions"]) & set(ASKS_ABOUT_TRIALS):
        trials = questionary.select(
            _("How many antidepressants, each at a full dose for long enough, have not worked?"),
            choices=[
                questionary.Choice(_("Not sure"), value=""),
                *(questionary.Choice(str(n), value=str(n)) for n in range(4)),
                questionary.Choice(_("4 or more"), value="4"),
            ],
            default="",
        ).unsafe_ask()
        answers["failed_antidepressants"] = int(trials) if trials else None
    answers["work_injury"] = questionary.confirm(
        _("Is it for a work injury with an accepted workers' compensation claim?"), default=False
    ).unsafe_ask()
    answers["veteran"] = questionary.confirm(
        _("Are you a Veterans Affairs Canada client, for a service-related condition?"),
        default=False,
    ).unsafe_ask()
    insurance = []
    if questionary.confirm(
        _(
            "Do you have a private or group health plan (through work or your own: Sun Life, "
            "Canada Life, Manulife...)?"
        ),
        default=False,
    ).unsafe_ask():
        carriers = sorted({c.name for c in data.coverage.carriers.values()})
        insurance.append(
            questionary.select(
                _("Which insurer is it with?"),
                choices=[
                    questionary.Choice(_("Not sure, or another insurer"), value="private"),
                    *(questionary.Choice(name, value=name) for name in carriers),
                ],
                default="private",
            ).unsafe_ask()
        )
    if answers["province"] in ("AB", "") and "alberta-blue-cross" in words.insurance:
        plan = questionary.confirm(_("Do you have an Alberta Blue Cross plan?"), default=False)
        if plan.unsafe_ask():
            insurance.append("alberta-blue-cross")
    answers["insurance"] = insurance
    if questionary.confirm(
        _(
            "Do you have a health spending account (an amount from your employer each year for "
            "health expenses)?"
        ),
        default=False,
    ).unsafe_ask():
        answers["hsa"] = (
            questionary.text(
                _("How much is left in it this year (e.g. 1500)?"), validate=_amount_or_why
            )
            .unsafe_ask()
            .strip()
        )
    return answers


def _amount_or_why(text: str) -> bool | str:
    """True for an amount of dollars; else what to write instead (questionary shows it)."""
    from ketacost.errors import RequestError
    from ketacost.tax import read_amount

    try:
        return read_amount(text, "hsa") is not None or _("an amount, e.g. 1500")
    except RequestError:
        return _("an amount of dollars, e.g. 1500 or 1500.50")


def _run(argv: list[str], language: list[str]) -> None:
    """Run the command line as the `ketacost` script would, in this process, in the
    language the guide asked in (`language`: its --lang option, or none)."""
    from ketacost.cli import app_for

    try:
        app_for(argv[:1])([*language, *argv], prog_name="ketacost")
    except SystemExit as done:
        if done.code not in (0, None):
            raise


def interactive() -> bool:
    """Whether a person is at the terminal (questions can be asked and answered)."""
    return sys.stdin.isatty() and sys.stdout.isatty()
