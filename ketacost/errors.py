"""The errors ketacost raises. Only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class KetacostError(Exception):
    """Base of every error ketacost raises on purpose."""


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

    def __init__(self, kind: str, given: str, valid: list[str]) -> None:
        from difflib import get_close_matches

        self.kind, self.given, self.valid = kind, given, valid
        close = get_close_matches(given.lower(), valid, n=1, cutoff=0.5)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        choices = ", ".join(valid) if valid else "none defined"
        shown = given if len(given) <= 40 else given[:37] + "..."
        super().__init__(f"unknown {kind} '{shown}'.{hint} Valid {kind}s: {choices}.")


class OutputError(KetacostError):
    """The output file cannot be written."""
