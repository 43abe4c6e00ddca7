"""Batches: one scenario per CSV row, each estimated with its coverage, read and
answered one row at a time so memory stays flat however long the file.

Columns are named after the estimate options (`treatment`, `sessions`,
`failed_antidepressants`...; `failed-antidepressants` and any case are read too).
Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping

from ketacost.course import CourseRequest
from ketacost.errors import DataFileError, KetacostError
from ketacost.estimate import Estimate, priced_course, with_situation, with_tax
from ketacost.i18n import _
from ketacost.model.coverage import CoverageRules
from ketacost.model.plans import Plan
from ketacost.model.prices import PriceList
from ketacost.model.record import fields, record
from ketacost.model.situation import FACTS, SINGULAR, SituationRequest, several, switches
from ketacost.model.tax import TaxRules
from ketacost.tax import TaxRequest, check_tax_request, read_amount

# The columns are the requests' own fields: the estimate options.
COURSE_COLUMNS = tuple(f.name for f in fields(CourseRequest))
# The situation's columns, each named as its option is, and the field it fills.
SITUATION_FIELDS = {SINGULAR.get(fact, fact): fact for fact in FACTS if fact != "treatment"}
SITUATION_COLUMNS = tuple(SITUATION_FIELDS)
# The money facts: net income, tax year, Quebec's family income, a spending account's
# balance.
TAX_COLUMNS = tuple(f.name for f in fields(TaxRequest))
COLUMNS = COURSE_COLUMNS + SITUATION_COLUMNS + TAX_COLUMNS
# How a batch names the facts and fields the core names: by its columns.
COLUMN_NAMES = {field: column for column, field in SITUATION_FIELDS.items()}
_COUNTS = ("sessions", "maintenance", "months", "failed_antidepressants", "tax_year")
_AMOUNTS = ("net_income", "family_income", "hsa")
_SWITCHES = switches()
# Columns that hold several values: "trd; ptsd".
_LISTS = tuple(c for c, f in SITUATION_FIELDS.items() if f in several())
# In English or French, whatever language ketacost writes in.
_YES = ("yes", "y", "true", "1", "oui", "o", "vrai")
_NO = ("no", "n", "false", "0", "", "non", "faux")
_COUNT = re.compile(r"\d{1,4}")
# Not spaces: a value may have them ("Sun Life", "chronic pain").
_LIST_SEPARATORS = re.compile(r"\s*[;,+]\s*")
# Courses repeat in real files: the prices of the most recent ones are kept.
CACHE_SIZE = 2048
# The longest cell read (csv's own limit is 131,072 characters); longer is refused.
MAX_CELL = 1_000_000


@record
class Header:
    """Which scenario field each column holds (None: a column ketacost ignores)."""

    fields: tuple[str | None, ...]
    ignored: tuple[str, ...]
    delimiter: str


@record
class RowResult:
    """One row's answer: its estimate, or why it was rejected (`error`)."""

    row: int
    estimate: Estimate | None = None
    error: str | None = None


@record
class Blank:
    """A row with nothing in it: skipped, and counted."""

    row: int


class RowError(KetacostError):
    """A row that cannot be read as a scenario."""


def read_header(first_line: str, name: str) -> Header:
    """Read the header line. Raises DataFileError when no column names a scenario field
    or one is named twice."""
    delimiter = _delimiter(first_line)
    try:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
    except csv.Error as e:
        raise DataFileError(
            _("{file}:1: the first row is not readable as CSV: {error}").format(file=name, error=e)
        ) from None
    fields, ignored, seen = [], [], {}
    for index, cell in enumerate(cells):
        field = re.sub(r"[\s-]+", "_", cell.strip().lower())
        if field in COLUMNS:
            if field in seen:
                raise DataFileError(
                    _(
                        "{file}:1: column '{column}' is given twice (columns {first} and {second})"
                    ).format(
                        file=name, column=cell.strip(), first=seen[field] + 1, second=index + 1
                    )
                )
            seen[field] = index
            fields.append(field)
        else:
            fields.append(None)
            if cell.strip():
                ignored.append(cell.strip())
    if not seen:
        raise DataFileError(
            _(
                "{file}:1: the first row must name the columns; none is a scenario column "
                "({columns})"
            ).format(file=name, columns=", ".join(COLUMNS))
        )
    return Header(tuple(fields), tuple(ignored), delimiter)


def _delimiter(line: str) -> str:
    # Spreadsheets set to French (Quebec) save CSV with semicolons.
    counts = {d: line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


class Batch:
    """A CSV file of scenarios, its header read: `rows()` answers the rest, row by row."""

    def __init__(
        self,
        prices: PriceList,
        plans: Mapping[str, Plan],
        rules: CoverageRules,
        lines: Iterable[str],
        as_of: dt.date,
        name: str = "<batch>",
        tax_rules: Callable[[], TaxRules] | None = None,
    ) -> None:
        """Read the header from `lines` (text lines with their endings); each row will be
        estimated with `prices`, `plans` and the coverage `rules` in force on `as_of`,
        and, for a row with a net income, the tax credit rules `tax_rules()` gives (read
        on the first such row).

        Raises DataFileError for a file with no header or an invalid one: such a fault
        stops the batch before its first row.
        """
        self._lines = iter(lines)
        first = next(self._lines, None)
        if first is None:
            raise DataFileError(
                _("{file}: the file is empty; its first row must name the columns").format(
                    file=name
                )
            )
        if not first.strip():
            raise DataFileError(
                _("{file}:1: row 1 is blank; it must name the columns").format(file=name)
            )
        csv.field_size_limit(MAX_CELL)
        self.header = read_header(first, name)
        self._estimates = _Estimates(prices, plans, rules, as_of, tax_rules)

    def rows(self) -> Iterator[RowResult | Blank]:
        """A RowResult per row (its estimate, or why it was rejected) and a Blank per
        empty row, in file order."""
        for read in self.records():
            yield read if isinstance(read, RowResult) else self.answer(*read)

    def records(self) -> Iterator[tuple[int, list[str]] | RowResult]:
        """Each row's number and cells, in file order, not yet estimated (`answer` does:
        here or in another process); a row that is not readable CSV, rejected."""
        # strict: a quote left open is an error, not a cell that swallows the file.
        reader = csv.reader(self._lines, delimiter=self.header.delimiter, strict=True)
        row = 1
        while True:
            row += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                said = _("not readable as CSV: {error}").format(error=_csv_words(e))
                yield RowResult(row, error=said)
                continue
            yield row, cells

    def answer(self, row: int, cells: list[str]) -> RowResult | Blank:
        """Row `row`'s answer: its estimate, or why it was rejected; a Blank if empty.
        Raises DataFileError for a fault of the data, not of the row."""
        if not "".join(cells).strip():
            return Blank(row)
        try:
            course, situation, tax = scenario(self.header, cells)
            return RowResult(row, self._estimates.get(course, situation, tax))
        except DataFileError:
            raise
        except KetacostError as e:
            return RowResult(row, error=e.say(COLUMN_NAMES))


def scenario(
    header: Header, cells: list[str]
) -> tuple[CourseRequest, SituationRequest, TaxRequest]:
    """The scenario a row gives. Raises RowError (or RequestError) for a cell that cannot
    be read."""
    if len(cells) > len(header.fields) and any(c.strip() for c in cells[len(header.fields) :]):
        raise RowError(
            _("the row has {cells} cells; the header names {columns}").format(
                cells=len(cells), columns=len(header.fields)
            )
        )
    values: dict[str, object] = {}
    for field, cell in zip(header.fields, cells, strict=False):
        if field is None:
            continue
        text = cell.strip()
        if "\ufffd" in text:
            raise RowError(
                _("{column}: not UTF-8 text (save the file as CSV UTF-8)").format(column=field)
            )
        values[field] = _value(field, text)
    course = CourseRequest(**{f: values.get(f) for f in COURSE_COLUMNS})
    # A blank cell is not given (None); a 0 is (0 failed antidepressants is a fact).
    given = {SITUATION_FIELDS[c]: values[c] for c in SITUATION_COLUMNS if c in values}
    given = {field: value for field, value in given.items() if value is not None}
    tax = TaxRequest(**{f: values.get(f) for f in TAX_COLUMNS})
    return course, SituationRequest(**given), tax


def _value(field: str, text: str) -> object:
    if field in _SWITCHES:
        if text.lower() in _YES:
            return True
        if text.lower() in _NO:
            return False
        raise RowError(
            # Translators: yes, no, true, false, 1 and 0 are what a cell may hold, as written.
            _("{column}: {value} is not yes, no, oui, non, true, false, 1, 0 or blank").format(
                column=field, value=repr(text)
            )
        )
    if not text:
        return None
    if field in _AMOUNTS:
        return read_amount(text, field)
    if field in _COUNTS:
        if not _COUNT.fullmatch(text):
            raise RowError(
                _("{column}: {value} is not a whole number").format(column=field, value=repr(text))
            )
        return int(text)
    if field in _LISTS:
        return tuple(part for part in _LIST_SEPARATORS.split(text.strip()) if part)
    return text


def _csv_words(error: csv.Error) -> str:
    text = str(error)
    if "unexpected end of data" in text:
        # Translators: (") is the quote character itself, not a quotation.
        return _('a quote (") opened in this row is never closed')
    return text


class _Estimates:
    """Estimates by scenario. A course's price is remembered by its request, for the
    CACHE_SIZE most recent requests (few differ), and each program's verdict by the
    facts it asks about (ketacost.coverage): memory stays bounded however many rows
    come."""

    def __init__(
        self,
        prices: PriceList,
        plans: Mapping[str, Plan],
        rules: CoverageRules,
        as_of: dt.date,
        tax_rules: Callable[[], TaxRules] | None = None,
    ) -> None:
        self.prices, self.plans, self.rules, self.as_of = prices, plans, rules, as_of
        self._priced = functools.lru_cache(maxsize=CACHE_SIZE)(self._price)
        self._tax_rules = tax_rules

    def get(
        self, course: CourseRequest, situation: SituationRequest, tax: TaxRequest | None = None
    ) -> Estimate:
        """The scenario's estimate. Raises KetacostError for a scenario the data cannot
        answer."""
        priced = self._priced(course)
        if isinstance(priced, KetacostError):
            raise priced
        answer = with_situation(priced, situation, self.rules, self.prices.sources, self.as_of)
        checked = check_tax_request(tax, self.as_of) if tax is not None else None
        if checked is None:
            return answer
        if self._tax_rules is None:
            raise RowError(_("tax credits cannot be computed here: no tax data was given"))
        return with_tax(answer, self._tax_rules(), checked, self.prices.sources)

    def _price(self, course: CourseRequest) -> Estimate | KetacostError:
        try:
            return priced_course(self.prices, self.plans, course, self.as_of)
        except DataFileError:
            raise
        except KetacostError as e:  # the same bad course gets the same answer
            return e
