"""Small helpers that check plain data read from a YAML file against its rules.

Each check either returns the value in the shape the model wants or raises
`Invalid` with the key path at fault. `Checker.item()` wraps the check of one
item (a treatment, a clinic, a source...) and keeps going after a fault, so
one run reports a fault in every item, each with its file, line and key path.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal

from ketacost.errors import DataFileError, KetacostError
from ketacost.i18n import _
from ketacost.load.yamldoc import Document, KeyPath
from ketacost.model.money import MAX_AMOUNT

_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_EXPONENT = re.compile(r"[-+]?\d+(\.\d*)?[eE][-+]?\d+\Z")

NOT_PUBLISHED = "not published"
NOT_GIVEN = "not given"
# Every ketacost data file says which version of its format it is written in.
SCHEMA_VERSION = 1


class Invalid(KetacostError):
    """One fault in a data file, at a key path. Collected by a Checker into a DataFileError."""

    def __init__(self, path: KeyPath, message: str) -> None:
        super().__init__(message)
        self.path, self.message = path, message


class Faults(KetacostError):
    """Several faults found in one item, each with its own key path."""

    def __init__(self, faults: list[Invalid]) -> None:
        super().__init__("; ".join(f.message for f in faults))
        self.faults = faults


class Collector:
    """Runs the checks of one item's parts, keeping every fault instead of stopping at
    the first: `value = collect(check, default)`; then `collect.done()` raises Faults
    (or the one Invalid) if any was found."""

    def __init__(self) -> None:
        self.faults: list[Invalid] = []

    def __call__(self, check, default=None):
        try:
            return check()
        except Faults as found:
            self.faults += found.faults
        except Invalid as fault:
            self.faults.append(fault)
        return default

    def done(self) -> None:
        if len(self.faults) == 1:
            raise self.faults[0]
        if self.faults:
            raise Faults(self.faults)


class Checker:
    """Collects faults found in one document and raises them together, sorted by line."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[str] = []

    def record(self, fault: Invalid) -> None:
        """Keep a fault, with its file, line and key path, for the final report."""
        self.problems.append(f"{self.doc.where(fault.path)}: {fault.message}")

    @contextmanager
    def item(self) -> Iterator[None]:
        """Run a block, recording (not raising) the fault it finds."""
        try:
            yield
        except Faults as found:
            for fault in found.faults:
                self.record(fault)
        except Invalid as fault:
            self.record(fault)

    def raise_if_any(self) -> None:
        """Raise DataFileError carrying every recorded fault, if there is one, in the
        order of their lines (a fault with no line first)."""
        if self.problems:
            raise DataFileError(sorted(dict.fromkeys(self.problems), key=_line_of))


def document(value: object, required: Iterable[str] = (), optional: Iterable[str] = ()) -> dict:
    """A data file's top level: a mapping with `schema_version` (the one ketacost reads),
    every required key and no unknown one."""
    top = mapping(value, ())
    keys(top, (), required=("schema_version", *required), optional=optional)
    version = top["schema_version"]
    if type(version) is not int or version != SCHEMA_VERSION:
        raise Invalid(
            ("schema_version",),
            _("ketacost reads schema_version {version}, not {given}").format(
                version=SCHEMA_VERSION, given=_describe(version)
            ),
        )
    return top


def named_entry(
    name: object,
    value: object,
    path: KeyPath,
    required: Iterable[str] = (),
    optional: Iterable[str] = (),
) -> tuple[str, dict]:
    """An entry of a block keyed by id (a treatment, a clinic, a plan...): its checked id
    and its mapping, with every required key and no unknown one."""
    entry_id = identifier(name, path)
    entry = mapping(value, path)
    keys(entry, path, required=required, optional=optional)
    return entry_id, entry


def mapping(value: object, path: KeyPath, what: str | None = None) -> dict:
    """`value` as a dict; Invalid if it is not one (`what`: what it must be, as the
    message says it, already translated; default: a mapping of keys to values)."""
    if not isinstance(value, dict):
        raise Invalid(
            path,
            _("must be {what}, not {given}").format(
                what=what or _("a mapping of keys to values"), given=_describe(value)
            ),
        )
    return value


def keys(
    value: dict,
    path: KeyPath,
    required: Iterable[str] = (),
    optional: Iterable[str] = (),
) -> None:
    """Check that `value` has every required key and no key outside required + optional."""
    required = tuple(required)
    allowed = set(required) | set(optional)
    for key in value:
        if key not in allowed:
            expected = ", ".join(sorted(allowed)) or _("none")
            raise Invalid(
                (*path, str(key)),
                _("unknown key (expected one of: {expected})").format(expected=expected),
            )
    for key in required:
        if key not in value:
            raise Invalid(path, _("missing key '{key}'").format(key=key))


def text(value: object, path: KeyPath, *, one_line: bool = False) -> str:
    """Non-empty text without control characters (a line break only where allowed)."""
    if not isinstance(value, str) or not value.strip():
        raise Invalid(path, _("must be text, not {given}").format(given=_describe(value)))
    allowed = "\t" if one_line else "\t\n"
    # Printable text holds no control character: only other text is looked at char by char.
    for char in () if value.isprintable() else value:
        if char not in allowed and unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            raise Invalid(
                path,
                _("holds the control character U+{code}; remove it").format(
                    code=f"{ord(char):04X}"
                ),
            )
    if one_line and "\n" in value.strip():
        raise Invalid(path, _("must be one line"))
    return value.strip()


def optional_text(entry: dict, key: str, path: KeyPath, *, one_line: bool = False) -> str | None:
    """`entry[key]` as text if the key is there, else None."""
    return text(entry[key], (*path, key), one_line=one_line) if key in entry else None


def identifier(value: object, path: KeyPath) -> str:
    """An id such as `iv` or `atma-cena`: lower-case ASCII letters, digits and dashes."""
    if not isinstance(value, str) or not _ID.match(value):
        raise Invalid(
            path,
            _("{given} is not a valid id (lower-case letters a-z, digits and dashes)").format(
                given=_describe(value)
            ),
        )
    return value


def url(value: object, path: KeyPath) -> str | None:
    """An http(s) URL, or None for the words "not given"."""
    if value == NOT_GIVEN:
        return None
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise Invalid(
            path,
            _("must be an http(s) URL or '{not_given}', not {given}").format(
                not_given=NOT_GIVEN, given=_describe(value)
            ),
        )
    if any(c.isspace() or unicodedata.category(c).startswith("C") for c in value):
        raise Invalid(path, _("a URL has no spaces, line breaks or control characters"))
    return value


def date(value: object, path: KeyPath) -> dt.date:
    """A calendar date written YYYY-MM-DD."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid(
        path, _("must be a date written YYYY-MM-DD, not {given}").format(given=_describe(value))
    )


# An amount written as people write prices: $3,000, 3 000, 3,000.50 $.
_WRITTEN_AMOUNT = re.compile(
    r"\$?\s*\d{1,3}(?:[,\s\u00a0\u202f]\d{3})+(?:[.,]\d+)?\s*\$?"
    r"|\$\s*\d+(?:[.,]\d+)?|\d+(?:[.,]\d+)?\s*\$"
)


def amount(value: object, path: KeyPath) -> Decimal | None:
    """A CAD amount >= 0 with at most two decimals, or None for the words "not
    published"."""
    if value == NOT_PUBLISHED:
        return None
    if isinstance(value, str) and _WRITTEN_AMOUNT.fullmatch(value.strip()):
        raise Invalid(
            path,
            _("write the amount as a number: {number} (not {given})").format(
                number=_as_number(value), given=repr(value.strip())
            ),
        )
    if isinstance(value, str) and _EXPONENT.match(value):
        raise Invalid(
            path,
            _("write {given} out in full (YAML reads it as text), e.g. 1000").format(
                given=_describe(value)
            ),
        )
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise Invalid(
            path,
            _("must be an amount in CAD or '{not_published}', not {given}").format(
                not_published=NOT_PUBLISHED, given=_describe(value)
            ),
        )
    # "+ 0" turns a negative zero into zero, so "-0" never shows as "$-0.00".
    number = Decimal(value) + 0
    if not number.is_finite():
        raise Invalid(path, _("must be a finite amount, not {value}").format(value=value))
    if number < 0:
        raise Invalid(path, _("must be >= 0, not {value}").format(value=value))
    if number > MAX_AMOUNT:
        from ketacost.words import format_number

        raise Invalid(
            path,
            _("must be at most {most} (CAD), not {value}").format(
                most=format_number(MAX_AMOUNT), value=value
            ),
        )
    if number.as_tuple().exponent < -2 and number != number.quantize(Decimal("0.01")):
        raise Invalid(
            path,
            _("has more than two decimals: {value} (write dollars and cents)").format(value=value),
        )
    return number


def count(value: object, path: KeyPath, low: int = 1, high: int = 200) -> int:
    """A whole number in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(path, _("must be a whole number, not {given}").format(given=_describe(value)))
    if not low <= value <= high:
        raise Invalid(
            path,
            _("must be between {low} and {high}, not {value}").format(
                low=low, high=high, value=value
            ),
        )
    return value


def boolean(value: object, path: KeyPath) -> bool:
    """true or false."""
    if not isinstance(value, bool):
        raise Invalid(path, _("must be true or false, not {given}").format(given=_describe(value)))
    return value


def one_of(value: object, path: KeyPath, choices: Iterable[str]) -> str:
    """One of a fixed set of words."""
    choices = tuple(choices)
    if value not in choices:
        raise Invalid(
            path,
            _("must be one of {choices}, not {given}").format(
                choices=", ".join(choices), given=_describe(value)
            ),
        )
    return value  # type: ignore[return-value]


def sequence(value: object, path: KeyPath) -> list:
    """A non-empty list."""
    if not isinstance(value, list) or not value:
        raise Invalid(
            path, _("must be a non-empty list, not {given}").format(given=_describe(value))
        )
    return value


def _as_number(written: str) -> str:
    """'$3,000' -> '3000'; '3,000.50' -> '3000.50'; '3 000,50 $' (French) -> '3000.50'."""
    plain = written.strip().strip("$").strip()
    french = re.fullmatch(r"(\d{1,3}(?:[\s\u00a0\u202f]\d{3})*),(\d{2})", plain)
    if french:
        return re.sub(r"\D", "", french[1]) + "." + french[2]
    if "." in plain:
        return re.sub(r"[^\d.]", "", plain)
    return re.sub(r"\D", "", plain)


def _line_of(problem: str) -> int:
    """The line number in 'file:12: path: message' (0 when none is given)."""
    found = re.match(r"[^:]*(?::[^:]*)*?:(\d+): ", problem)
    return int(found[1]) if found else 0


def _describe(value: object) -> str:
    if value is None:
        return _("nothing (empty)")
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    shown = str(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"'{shown}'"
