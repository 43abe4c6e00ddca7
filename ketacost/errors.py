"""The errors ketacost raises. Only the CLI turns them into messages and exit codes.

A message names the request's fields (sessions, plan, province...) with `field_name()`:
each edge says them in its own words (`KetacostError.say`): the CLI as its options
(--sessions), a batch as its columns (sessions).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Marks a field's name in a message; private-use characters, so never in what a person
# types.
_FIELD = re.compile("\ue000([a-z_]+)\ue001")


def field_name(name: str) -> str:
    """A field named in a message, for each edge to say in its own words."""
    return f"\ue000{name}\ue001"


class KetacostError(Exception):
    """Base of every error ketacost raises on purpose."""

    def say(self, names: Mapping[str, str]) -> str:
        """The message, each field named as `names` says (else by its own name)."""
        return _FIELD.sub(lambda m: names.get(m[1], m[1]), super().__str__())

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


class UnknownChoiceError(RequestError):
    """A name (treatment, plan, clinic, programme...) that the data does not define.

    The message names the closest match, if any, and every valid choice.
    """

    def __init__(self, kind: str, given: str, valid: list[str], hint: str = "") -> None:
        from difflib import get_close_matches

        self.kind, self.given, self.valid = kind, given, valid
        more = hint
        close = get_close_matches(given.lower(), valid, n=1, cutoff=0.5)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        choices = ", ".join(valid) if valid else "none defined"
        shown = given if len(given) <= 40 else given[:37] + "..."
        super().__init__(
            f"unknown {kind} '{shown}'.{hint} Valid {kind}s: {choices}.{' ' + more if more else ''}"
        )


class OutputError(KetacostError):
    """The output file cannot be written."""
