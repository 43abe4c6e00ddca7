"""Help texts that list what the data defines (provinces, conditions, insurances,
federal plans), filled in from data/coverage.yaml only when help is shown: the data is
read for `--help`, never for a command that runs."""

from __future__ import annotations

import functools
import re

from typer.core import TyperCommand

from ketacost.i18n import _, current


def translate_help(command) -> None:
    """Say a command's help, and its options', in the language ketacost writes in now
    (the English, as declared, is kept to say it again in another language)."""
    for item in (command, *getattr(command, "params", ())):
        for attr in ("help", "short_help", "rich_help_panel"):
            english = item.__dict__.setdefault(f"_english_{attr}", getattr(item, attr, None))
            if english:
                said = _(english)
                setattr(item, attr, english if said == english else _reflowed(said))


def _reflowed(text: str) -> str:
    """A translated help text's paragraphs, each on one line: the English's line breaks
    fall elsewhere in another language, and the help is wrapped to the terminal."""
    return "\n\n".join(" ".join(p.split()) for p in text.split("\n\n"))


class HelpInLanguage(TyperCommand):
    """A command whose help is said in the language ketacost writes in."""

    def format_help(self, ctx, formatter) -> None:
        translate_help(self)
        super().format_help(ctx, formatter)


class DataHelpCommand(HelpInLanguage):
    """A command whose options' help may name `{provinces}`, `{conditions}`,
    `{insurance}` and `{federal_plans}`: filled in from the data when help is shown."""

    def format_help(self, ctx, formatter) -> None:
        translate_help(self)
        values = _vocabulary(current())
        for param in self.params:
            text = getattr(param, "help", None)
            if text and "{" in text:
                param.help = text.format_map(values)
        TyperCommand.format_help(self, ctx, formatter)


@functools.cache
def _vocabulary(language: str) -> dict[str, str]:
    """What the coverage rules define, as help lists it."""
    from ketacost.cli.shared import catalog
    from ketacost.errors import KetacostError
    from ketacost.words import listed

    data = catalog(None)
    try:
        words = data.coverage.words
    except KetacostError:  # help never fails: the command itself will say what is wrong
        unread = _("(the data files cannot be read: run ketacost validate)")
        return dict.fromkeys(("provinces", "conditions", "insurance", "federal_plans"), unread) | {
            "tax_years": unread
        }
    try:
        years = listed([str(year) for year in data.tax.years()]) or _("no year")
    except KetacostError:
        years = _("(the tax data cannot be read: run ketacost validate)")
    return {
        "tax_years": years,
        "provinces": listed(words.provinces, "or"),
        "conditions": listed(words.conditions, "or"),
        "insurance": listed(words.insurance, "or"),
        "federal_plans": listed(
            (f"{plan} ({_short(label)})" for plan, label in words.federal_plans.items()), "or"
        ),
    }


def _short(label: str) -> str:
    """A label without its closing abbreviation: 'Interim Federal Health Program'."""
    return re.sub(r" \([A-Z]+\)$", "", label)
