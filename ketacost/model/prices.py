"""Price data: treatments' market ranges and clinics' own price lists, as records.

Read by ketacost.load.prices from data/pricing.yaml or from a clinic's file given
with --pricing; the format is described at the top of data/pricing.yaml.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from ketacost.model.dated import DatedSeries
from ketacost.model.money import MoneyRange
from ketacost.model.record import record
from ketacost.model.sources import Source

WHOLE_COURSE = "whole-course"
FIRST_SESSIONS = "first-sessions"
# `after: assumed` on a first-sessions price: no price is published for the sessions
# after it, and ketacost prices them per session by its own assumption.
ASSUMED = "assumed"


@record
class CoursePrice:
    """A published price for a course of a given number of sessions.

    `applies` is WHOLE_COURSE (a course of exactly `sessions`) or FIRST_SESSIONS
    (the first `sessions` of any course at least that long, e.g. an induction).
    """

    sessions: int
    applies: str
    label: str
    price: DatedSeries[MoneyRange]
    # Sessions after a first-sessions price have no published price of their own: they
    # are priced per session by ketacost's assumption, and say so.
    after_assumed: bool = False


@record
class Pricing:
    """How one treatment or program is priced.

    Per session (`per_session` is true, and `first_session` and
    `additional_session` are the same series), first and additional sessions
    apart, or one range for the whole program. `courses` holds published
    course prices.
    """

    first_session: DatedSeries[MoneyRange] | None
    additional_session: DatedSeries[MoneyRange] | None
    whole_program: DatedSeries[MoneyRange] | None
    courses: tuple[CoursePrice, ...] = ()
    per_session: bool = False

    @property
    def assumed_after(self) -> int | None:
        """The session count after which prices are ketacost's assumption (None: never)."""
        counts = [c.sessions for c in self.courses if c.after_assumed]
        return min(counts) if counts else None

    @classmethod
    def by_session(
        cls, series: DatedSeries[MoneyRange], courses: tuple[CoursePrice, ...] = ()
    ) -> Pricing:
        """The same price for every session."""
        return cls(series, series, None, courses, per_session=True)


@record
class Treatment:
    """A kind of ketamine therapy and its typical market prices."""

    id: str
    label: str
    description: str
    source: str
    pricing: Pricing
    origin: str = ""  # the price file it was read from


@record
class Deposit:
    """A deposit a clinic asks before a program starts."""

    amount: Decimal
    refundable: bool
    # Whether it is part of the price (True), paid on top (False), or not published (None).
    counts_toward_price: bool | None = None


@record
class Program:
    """A clinic's program: the treatment it gives and how it is priced."""

    id: str
    label: str
    treatment: str
    pricing: Pricing
    description: str | None = None


@record
class Clinic:
    """A clinic with its own published price list."""

    id: str
    name: str
    description: str | None
    source: str
    deposit: DatedSeries[Deposit] | None
    programs: Mapping[str, Program]
    origin: str = ""  # the price file it was read from
    quote_valid_days: int | None = None  # how long the clinic's quotes hold


@record
class Note:
    """A caveat shown with every estimate made from a price list."""

    text: str
    source: str
    origin: str = ""  # the price file it was written in: it speaks of that file's prices


@record
class PriceList:
    """Everything a price file holds, with every source it may cite."""

    path: str
    currency: str
    treatments: Mapping[str, Treatment]
    clinics: Mapping[str, Clinic]
    sources: Mapping[str, Source]
    notes: tuple[Note, ...] = ()


def merge_price_lists(base: PriceList, own: PriceList) -> PriceList:
    """A clinic's price list over the bundled one: its treatments and clinics are added,
    replacing any of the same id; every note is kept (each speaks of its own file)."""
    return PriceList(
        path=own.path,
        currency=own.currency,
        treatments={**base.treatments, **own.treatments},
        clinics={**base.clinics, **own.clinics},
        sources={**base.sources, **own.sources},
        notes=base.notes + own.notes,
    )


def notes_for(prices: PriceList, origin: str) -> tuple[Note, ...]:
    """The notes written in the price file `origin`: those that speak of its prices."""
    return tuple(note for note in prices.notes if note.origin == origin)


def cited_sources(prices: PriceList) -> list[str]:
    """The ids of every source a price list cites, in order of first citation."""
    cited: dict[str, None] = {}

    def series(*all_series: DatedSeries | None) -> None:
        for one in all_series:
            if one is not None:
                cited.update(dict.fromkeys(entry.source for entry in one.entries))

    def pricing(p: Pricing) -> None:
        series(p.first_session, p.additional_session, p.whole_program)
        series(*(course.price for course in p.courses))

    for treatment in prices.treatments.values():
        cited[treatment.source] = None
        pricing(treatment.pricing)
    for clinic in prices.clinics.values():
        cited[clinic.source] = None
        series(clinic.deposit)
        for program in clinic.programs.values():
            pricing(program.pricing)
    cited.update(dict.fromkeys(note.source for note in prices.notes))
    return list(cited)
