"""The medical expense tax credits, as data: for each government (federal, and each
province or territory with a sourced rule), per tax year, the rate and what is
deducted from the expenses before the rate applies.

A tax value is for one tax year, never carried to another: a year with no sourced
value has none ("not published"), and no credit is computed from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from ketacost.model.dated import Dated
from ketacost.model.record import record

FEDERAL = "federal"
# The tax years a value may be given for, and a person may ask about.
FIRST_YEAR, LAST_YEAR = 2000, 2100
# What the share of income deducted is a share of: the person's net income (line
# 23600), or, in Quebec, the family income (the person's and their spouse's).
NET_INCOME, FAMILY_INCOME = "net-income", "family-income"
# The values a credit's rule holds per tax year.
CREDIT_VALUES = ("rate", "income_share", "threshold")


# Whether a treatment's fees qualify as a medical expense, which is what a health
# spending account pays: usually (it pays in the worst case too), uncertain (only the
# best case counts on it), or not.
USUALLY, UNCERTAIN, DOES_NOT = "usually", "uncertain", "no"
QUALIFIES = (USUALLY, UNCERTAIN, DOES_NOT)


@record
class TaxRequest:
    """The money facts given (None: not given): net income (line 23600), the tax year,
    and, for Quebec's credit, the family income; and what is left this year in a health
    spending account (`hsa`), which pays before any credit is worked out."""

    net_income: Decimal | None = None
    tax_year: int | None = None
    family_income: Decimal | None = None
    hsa: Decimal | None = None

    @property
    def given(self) -> bool:
        """Whether any of these facts was given."""
        return any(
            v is not None for v in (self.net_income, self.tax_year, self.family_income, self.hsa)
        )

    @property
    def credits_asked(self) -> bool:
        """Whether a tax credit fact was given (a spending account alone asks for none)."""
        return any(v is not None for v in (self.net_income, self.tax_year, self.family_income))


@record
class CreditRule:
    """One government's medical expense credit: credit = rate x (expenses - the
    lesser of income_share x income and threshold); with no threshold (`capped`
    False), income_share x income alone is deducted.

    Each value is per tax year (`values[name][year]`)."""

    id: str  # FEDERAL or a province code
    label: str
    income: str  # NET_INCOME or FAMILY_INCOME
    capped: bool
    values: Mapping[str, Mapping[int, Dated[Decimal]]]
    where_claimed: str  # the form or line, in words

    def value(self, name: str, year: int) -> Dated[Decimal] | None:
        """The value `name` holds for tax year `year`; None if none is sourced."""
        return self.values.get(name, {}).get(year)


@record
class TaxNote:
    """A fact about the credit every answer with a tax figure says, with its source.
    `when`: always, or only where the situation makes it matter (quebec)."""

    id: str
    text: str
    sources: tuple[str, ...]
    when: str = "always"


@record
class Supplement:
    """The refundable medical expense supplement for one tax year, each figure sourced:
    the lesser of `maximum` and `share` of the allowable expenses, reduced by
    `reduction_rate` of family net income above `reduction_start`, for a person with
    at least `minimum_earnings` of employment income."""

    year: int
    maximum: Dated[Decimal]
    share: Dated[Decimal]
    reduction_start: Dated[Decimal]
    reduction_rate: Dated[Decimal]
    minimum_earnings: Dated[Decimal]


@record
class Qualifying:
    """Whether a treatment's fees qualify as a medical expense (one of QUALIFIES), why,
    and what says so."""

    qualifies: str
    why: str
    sources: tuple[str, ...]


@record
class SpendingAccountRules:
    """What a health spending account pays: expenses that qualify as medical expenses,
    up to the balance. By treatment, whether its fees qualify; `otherwise` for a
    treatment the data names no rule for."""

    label: str
    pays: str  # what it pays, in words
    sources: tuple[str, ...]
    treatments: Mapping[str, Qualifying]
    otherwise: Qualifying

    def for_treatment(self, treatment: str) -> Qualifying:
        """Whether the fees of `treatment` qualify."""
        return self.treatments.get(treatment, self.otherwise)

    def cited_sources(self) -> list[str]:
        """Every source the account's rules cite, each once."""
        ids = list(self.sources)
        for rule in (*self.treatments.values(), self.otherwise):
            ids += rule.sources
        return list(dict.fromkeys(ids))


@record
class TaxRules:
    """Every credit rule (federal first), the supplement by year, the notes, and what a
    health spending account pays."""

    federal: CreditRule
    provinces: Mapping[str, CreditRule]  # province code -> its rule
    supplements: Mapping[int, Supplement]
    notes: tuple[TaxNote, ...]
    # The refundable Quebec abatement by year: the share of basic federal tax a Quebec
    # resident gets back, so a federal credit is worth (1 - it) to them.
    quebec_abatement: Mapping[int, Dated[Decimal]]
    spending_account: SpendingAccountRules

    def years(self) -> tuple[int, ...]:
        """The tax years for which the federal credit can be computed, oldest first."""
        return tuple(
            sorted(
                y
                for y in self.federal.values.get("rate", {})
                if all(self.federal.value(n, y) for n in ("rate", "income_share", "threshold"))
            )
        )

    def cited_sources(self) -> list[str]:
        """Every source the rules cite, each once."""
        ids = []
        for rule in (self.federal, *self.provinces.values()):
            ids += [d.source for by_year in rule.values.values() for d in by_year.values()]
        for s in self.supplements.values():
            ids += [d.source for d in _supplement_values(s)]
        ids += [d.source for d in self.quebec_abatement.values()]
        ids += [source for note in self.notes for source in note.sources]
        ids += self.spending_account.cited_sources()
        return list(dict.fromkeys(ids))


def _supplement_values(s: Supplement) -> tuple[Dated[Decimal], ...]:
    return (s.maximum, s.share, s.reduction_start, s.reduction_rate, s.minimum_earnings)
