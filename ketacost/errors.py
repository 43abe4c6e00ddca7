"""The errors ketacost raises. Only the CLI turns them into messages and exit codes.

A message names the request's fields (sessions, plan, province...) with `field_name()`:
each edge says them in its own words (`KetacostError.say`): the CLI as its options
(--sessions), a batch as its columns (sessions).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ketacost.i18n import N_, _

# Marks a field's name in a message; private-use characters, so never in what a person
# types.
# (a pattern compiled when first used, by `re`: most runs never say an error)
_FIELD = "\ue000([a-z_]+)\ue001"


def field_name(name: str) -> str:
    """A field named in a message, for each edge to say in its own words."""
    return f"\ue000{name}\ue001"


class KetacostError(Exception):
    """Base of every error ketacost raises on purpose."""

    def say(self, names: Mapping[str, str]) -> str:
        """The message, each field named as `names` says (else by its own name)."""
        return re.sub(_FIELD, lambda m: names.get(m[1], m[1]), super().__str__())

    def __str__(self) -> str:
        return self.say({})


class DataFileError(KetacostError):
    """A data or input file cannot be read or breaks the rules of its format.

    Carries every problem found, each already prefixed with the file name, the
    line and the key path where they are known.
    """

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class RequestError(KetacostError):
    """A request the data cannot answer as asked: conflicting or missing choices."""


# Each kind of choice in the message of an UnknownChoiceError: the name not known, and
# the valid choices.
_CHOICE_WORDS = {
    "treatment": (N_("unknown treatment '{given}'."), N_("Valid treatments: {choices}.")),
    "plan": (N_("unknown plan '{given}'."), N_("Valid plans: {choices}.")),
    "clinic": (N_("unknown clinic '{given}'."), N_("Valid clinics: {choices}.")),
    "program": (N_("unknown program '{given}'."), N_("Valid programs: {choices}.")),
    "interval": (N_("unknown interval '{given}'."), N_("Valid intervals: {choices}.")),
    "province": (N_("unknown province '{given}'."), N_("Valid provinces: {choices}.")),
    "condition": (N_("unknown condition '{given}'."), N_("Valid conditions: {choices}.")),
    "insurance": (N_("unknown insurance '{given}'."), N_("Valid insurances: {choices}.")),
    "federal plan": (
        N_("unknown federal plan '{given}'."),
        N_("Valid federal plans: {choices}."),
    ),
}


class UnknownChoiceError(RequestError):
    """A name (treatment, plan, clinic, programme...) that the data does not define.

    The message names the closest match, if any, and every valid choice.
    """

    def __init__(self, kind: str, given: str, valid: list[str], hint: str = "") -> None:
        from difflib import get_close_matches

        self.kind, self.given, self.valid = kind, given, valid
        more = hint
        close = get_close_matches(given.lower(), valid, n=1, cutoff=0.5)
        hint = " " + _("Did you mean '{name}'?").format(name=close[0]) if close else ""
        choices = ", ".join(valid) if valid else _("none defined")
        shown = given if len(given) <= 40 else given[:37] + "..."
        if kind in _CHOICE_WORDS:
            unknown, choosable = (_(words) for words in _CHOICE_WORDS[kind])
            said = unknown.format(given=shown) + hint + " " + choosable.format(choices=choices)
        else:  # a kind ketacost does not name: said as it is written
            said = f"unknown {kind} '{shown}'.{hint} Valid {kind}s: {choices}."
        super().__init__(said + (" " + more if more else ""))


class OutputError(KetacostError):
    """The output file cannot be written."""
