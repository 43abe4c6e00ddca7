"""What the course costs after the medical expense tax credits: the federal credit and
the province's, computed on what the person pays themselves (the out-of-pocket range),
from the sourced values of one tax year (ketacost.model.tax).

    credit = rate x max(0, paid - the lesser of income_share x income and threshold)

Money stays exact `Decimal` here; only the edges round it, to the cent, for display.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from ketacost import i18n
from ketacost.errors import RequestError, field_name
from ketacost.i18n import _
from ketacost.model.dated import Dated
from ketacost.model.money import MAX_AMOUNT, MoneyRange
from ketacost.model.record import record, replace
from ketacost.model.sources import Source
from ketacost.model.tax import (
    FAMILY_INCOME,
    FIRST_YEAR,
    LAST_YEAR,
    USUALLY,
    CreditRule,
    Qualifying,
    Supplement,
    TaxNote,
    TaxRequest,
    TaxRules,
)
from ketacost.words import format_number

# Why a credit has no figure: the province is not given; the data has no rule for the
# province; a value the year needs is not published; Quebec's family income not given.
NO_PROVINCE, NO_RULE, NOT_PUBLISHED, NEEDS_FAMILY_INCOME = (
    "no-province",
    "no-rule",
    "not-published",
    "needs-family-income",
)
QUEBEC = "QC"


@record
class Credit:
    """One government's credit on the out-of-pocket range, or why it has no figure
    (`missing`: one of NO_RULE, NOT_PUBLISHED, NEEDS_FAMILY_INCOME; `absent`: the names
    of the values not published for the year)."""

    rule: CreditRule
    year: int
    rate: Dated[Decimal] | None
    income_share: Dated[Decimal] | None
    threshold: Dated[Decimal] | None
    income: Decimal | None  # the income the share is taken of
    deducted: Decimal | None  # what is taken off the expenses before the rate applies
    abatement: Dated[Decimal] | None  # the Quebec abatement, for a federal credit in QC
    amount: MoneyRange
    missing: str | None = None
    absent: tuple[str, ...] = ()

    @property
    def computed(self) -> bool:
        """Whether the credit has a figure."""
        return self.missing is None

    @property
    def figures(self) -> tuple[Dated[Decimal], ...]:
        """The dated values the credit was computed from."""
        found = (self.rate, self.income_share, self.threshold, self.abatement)
        return tuple(f for f in found if f is not None)


@record
class TaxCredits:
    """The credits for one tax year on what the person pays, and what is left."""

    year: int
    net_income: Decimal
    family_income: Decimal | None
    province: str | None
    paid: MoneyRange  # what the credits are computed on: the out-of-pocket range
    federal: Credit
    provincial: Credit | None  # None: no province given, or no rule for it
    provincial_missing: str | None  # NO_PROVINCE or NO_RULE when provincial is None
    total: MoneyRange  # the credits with a figure, added
    includes: tuple[str, ...]  # the credits counted in total: "federal", a province code
    after_credits: MoneyRange  # paid - total; unknown without the federal credit
    notes: tuple[TaxNote, ...]
    supplement: Supplement | None  # the refundable supplement, where it may apply
    cited: tuple[Source, ...] = ()  # the sources of `sources`, as records
    # Why the fees may not count as medical expenses (then the worst case after credits
    # counts none); None where they usually count.
    uncertain: Qualifying | None = None

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source the figures and notes rest on, each once."""
        ids = [f.source for c in (self.federal, self.provincial) if c for f in c.figures]
        if self.supplement is not None:
            ids.append(self.supplement.maximum.source)
        if self.uncertain is not None:
            ids += self.uncertain.sources
        ids += [s for note in self.notes for s in note.sources]
        return tuple(dict.fromkeys(ids))


# An amount as a person writes it: 60000, 60000.50, 60,000, 60 000, $60,000; or the
# French way, with a decimal comma: 60 000,50 $.
_AMOUNT = re.compile(r"\$?\s*(\d{1,3}(?:[, \u00a0\u202f]\d{3})+|\d+)(\.\d{1,2})?\s*\$?")
_FRENCH_AMOUNT = re.compile(r"\$?\s*(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+),(\d{1,2})\s*\$?")


def read_amount(text: str | None, name: str) -> Decimal | None:
    """An amount of dollars from text (None, or blank: not given). Raises RequestError
    for text that is not an amount."""
    if text is None or not text.strip():
        return None
    # A decimal comma is read in French only: in English, 60,5 is more likely 60,500 mistyped.
    french = _FRENCH_AMOUNT.fullmatch(text.strip()) if i18n.current() == i18n.FRENCH else None
    if french is not None:
        return Decimal(re.sub(r"[ \u00a0\u202f]", "", french[1]) + "." + french[2])
    found = _AMOUNT.fullmatch(text.strip())
    if found is None:
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise RequestError(
            _(
                "{field}: {value} is not an amount of dollars; write it as a number, e.g. "
                "60000 or 60000.50"
            ).format(field=field_name(name), value=repr(shown))
        )
    digits = re.sub(r"[, \u00a0\u202f]", "", found[1])
    return Decimal(digits + (found[2] or ""))


def check_tax_request(request: TaxRequest, as_of: dt.date) -> TaxRequest | None:
    """The request checked, its year defaulting to that of `as_of` when a credit is asked
    for; None if nothing was given. Raises RequestError for a value out of range, or a
    tax fact given without the net income."""
    if not request.given:
        return None
    if request.hsa is not None and not (request.hsa.is_finite() and 0 <= request.hsa <= MAX_AMOUNT):
        raise RequestError(
            _("{field} must be an amount from 0 to {top}, not {value}").format(
                field=field_name("hsa"), top=format_number(MAX_AMOUNT), value=request.hsa
            )
        )
    if not request.credits_asked:
        return request
    if request.net_income is None:
        given = "tax_year" if request.tax_year is not None else "family_income"
        raise RequestError(
            _(
                "{field} needs {income} (your net income, line 23600 of your return): the "
                "credit depends on it"
            ).format(field=field_name(given), income=field_name("net_income"))
        )
    for name in ("net_income", "family_income"):
        amount = getattr(request, name)
        if amount is not None and not (amount.is_finite() and 0 <= amount <= MAX_AMOUNT):
            raise RequestError(
                _("{field} must be an amount from 0 to {top}, not {value}").format(
                    field=field_name(name), top=format_number(MAX_AMOUNT), value=amount
                )
            )
    if request.family_income is not None and request.family_income < request.net_income:
        raise RequestError(
            _(
                "{field} is yours and your spouse's net income together: it cannot be less "
                "than {income} ({value})"
            ).format(
                field=field_name("family_income"),
                income=field_name("net_income"),
                value=request.net_income,
            )
        )
    year = request.tax_year if request.tax_year is not None else as_of.year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise RequestError(
            _("{field} must be a year from {first} to {last}, not {value}").format(
                field=field_name("tax_year"), first=FIRST_YEAR, last=LAST_YEAR, value=year
            )
        )
    return TaxRequest(request.net_income, year, request.family_income, request.hsa)


def tax_credits(
    rules: TaxRules,
    request: TaxRequest,
    province: str | None,
    paid: MoneyRange,
    qualifying: Qualifying | None = None,
) -> TaxCredits:
    """The credits of `request.tax_year` (a checked request) on `paid`, for a person
    living in `province` (None: not given). `qualifying`: whether the treatment's fees
    count as medical expenses (None: usually); where that is not certain, the worst case
    after credits counts no credit, as a health spending account's does (ketacost.hsa)."""
    year = request.tax_year
    assert year is not None and request.net_income is not None  # checked
    abatement = rules.quebec_abatement.get(year) if province == QUEBEC else None
    federal = _credit(rules.federal, year, request, paid, abatement, province == QUEBEC)
    provincial, provincial_missing = None, None
    if province is None:
        provincial_missing = NO_PROVINCE
    elif province not in rules.provinces:
        provincial_missing = NO_RULE
    else:
        provincial = _credit(rules.provinces[province], year, request, paid, None, False)
    counted = [c for c in (federal, provincial) if c is not None and c.computed]
    total = MoneyRange.unknown()
    if counted:
        total = counted[0].amount
        for credit in counted[1:]:
            total = total + credit.amount
    after = MoneyRange.unknown()
    uncertain = qualifying if qualifying is not None and qualifying.qualifies != USUALLY else None
    if federal.computed:
        worst = paid.high if uncertain is not None else _minus(paid.high, total.high)
        after = MoneyRange(_minus(paid.low, total.low), worst)
    notes = tuple(n for n in rules.notes if n.when == "always" or province == QUEBEC)
    return TaxCredits(
        year=year,
        net_income=request.net_income,
        family_income=request.family_income,
        province=province,
        paid=paid,
        federal=federal,
        provincial=provincial,
        provincial_missing=provincial_missing,
        total=total,
        includes=tuple(c.rule.id for c in counted),
        after_credits=after,
        notes=notes,
        supplement=_supplement(rules.supplements.get(year), request.net_income),
        uncertain=uncertain,
    )


def _credit(
    rule: CreditRule,
    year: int,
    request: TaxRequest,
    paid: MoneyRange,
    abatement: Dated[Decimal] | None,
    in_quebec: bool,
) -> Credit:
    rate, share = rule.value("rate", year), rule.value("income_share", year)
    threshold = rule.value("threshold", year) if rule.capped else None
    needed = {"rate": rate, "income_share": share}
    if rule.capped:
        needed["threshold"] = threshold
    if in_quebec:  # a federal credit in Quebec is worth what the abatement leaves
        needed["quebec_abatement"] = abatement
    absent = tuple(name for name, value in needed.items() if value is None)
    income = request.family_income if rule.income == FAMILY_INCOME else request.net_income
    unknown = Credit(
        rule, year, rate, share, threshold, income, None, abatement, MoneyRange.unknown()
    )
    if absent:
        return replace(unknown, missing=NOT_PUBLISHED, absent=absent)
    if income is None:
        return replace(unknown, missing=NEEDS_FAMILY_INCOME)
    deducted = share.value * income
    if threshold is not None:
        deducted = min(deducted, threshold.value)
    kept = Decimal(1) - abatement.value if abatement is not None else Decimal(1)

    def credit(amount: Decimal | None) -> Decimal | None:
        if amount is None:
            return None
        return rate.value * max(Decimal(0), amount - deducted) * kept

    amount = MoneyRange(credit(paid.low), credit(paid.high))
    return Credit(rule, year, rate, share, threshold, income, deducted, abatement, amount)


def _minus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def _supplement(supplement: Supplement | None, net_income: Decimal) -> Supplement | None:
    """The year's supplement where it may apply: a family's net income is at least the
    person's, so above the income where the reduction takes all of the maximum it is
    nothing."""
    if supplement is None:
        return None
    ends = supplement.reduction_start.value + (
        supplement.maximum.value / supplement.reduction_rate.value
    )
    return supplement if net_income < ends else None
