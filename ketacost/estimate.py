"""The estimate: a course's cost as a low-high range, phase by phase, with its basis.

Where the data publishes a price for exactly the requested course, that price
is used and named as the basis; otherwise the course is sessions x the
per-session range (or a first session plus additional sessions, for programs
priced that way). A price published for the first sessions of every course (an
induction) covers those sessions of any longer course.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ketacost.catalog import Catalog
from ketacost.course import Course, CourseRequest, PlannedPhase, resolve
from ketacost.dated import Dated, DatedSeries
from ketacost.money import MoneyRange, SessionRange, format_range, format_sessions
from ketacost.plans import Plan
from ketacost.pricing import (
    FIRST_SESSIONS,
    WHOLE_COURSE,
    Clinic,
    Deposit,
    PriceList,
    Pricing,
    Program,
    Treatment,
)
from ketacost.sources import Source

STALE_AFTER_MONTHS = 18

PUBLISHED_COURSE = "published-course"
PER_SESSION = "per-session"
FIRST_AND_ADDITIONAL = "first-and-additional"
WHOLE_PROGRAM = "whole-program"
NOT_PUBLISHED = "not-published"
MIXED = "mixed"


@dataclass(frozen=True)
class PhaseEstimate:
    """One phase's sessions, cost range and how the cost was reached."""

    name: str
    label: str
    sessions: SessionRange | None
    cost: MoneyRange
    basis_kind: str
    basis: str


@dataclass(frozen=True)
class Estimate:
    """A course cost estimate, with everything needed to show where it came from."""

    treatment: Treatment
    clinic: Clinic | None
    program: Program | None
    plan: Plan | None
    sessions: SessionRange | None
    phases: tuple[PhaseEstimate, ...]
    total: MoneyRange
    basis_kind: str
    basis: str
    deposit: Dated[Deposit] | None
    figures: tuple[Dated, ...]
    sources: tuple[Source, ...]
    notes: tuple[str, ...]
    warnings: tuple[str, ...]
    as_of: dt.date


@dataclass(frozen=True)
class Comparison:
    """Every treatment priced for the same course."""

    request: CourseRequest
    plan: Plan | None
    estimates: tuple[Estimate, ...]
    as_of: dt.date


def estimate(catalog: Catalog, request: CourseRequest, as_of: dt.date) -> Estimate:
    """Estimate the cost of the requested course with the prices in force on `as_of`.

    Raises RequestError (or UnknownChoiceError) for a request the data cannot
    answer, and DataFileError if a data file is invalid.
    """
    return price_course(resolve(catalog, request), catalog.prices, as_of)


def compare(catalog: Catalog, request: CourseRequest, as_of: dt.date) -> Comparison:
    """Estimate the same course for every treatment (those a plan applies to, with a plan).

    Raises as `estimate` does.
    """
    plan = None
    if request.plan is not None:
        plan = resolve(catalog, _with_any_treatment(catalog, request)).plan
    estimates = []
    for treatment_id in catalog.prices.treatments:
        if plan is not None and not plan.applies_to(treatment_id):
            continue
        one = CourseRequest(**{**request.__dict__, "treatment": treatment_id})
        estimates.append(estimate(catalog, one, as_of))
    return Comparison(request, plan, tuple(estimates), as_of)


def _with_any_treatment(catalog: Catalog, request: CourseRequest) -> CourseRequest:
    """The request with a treatment its plan applies to, to check the plan's name and flags."""
    plan = catalog.plans.get(request.plan)
    fits = [t for t in catalog.prices.treatments if plan is None or plan.applies_to(t)]
    return CourseRequest(**{**request.__dict__, "treatment": fits[0] if fits else None})


class _Figures:
    """The dated values an estimate used, in the order it used them."""

    def __init__(self, day: dt.date) -> None:
        self.day = day
        self.used: list[Dated] = []
        self.warnings: list[str] = []

    def peek(self, series: DatedSeries[MoneyRange]) -> MoneyRange:
        """The price in force, without counting it as used."""
        entry = series.at(self.day)
        return MoneyRange.unknown() if entry is None else entry.value

    def price(self, series: DatedSeries[MoneyRange]) -> MoneyRange:
        """The price in force, counted as used."""
        entry = self.take(series)
        return MoneyRange.unknown() if entry is None else entry.value

    def take(self, series: DatedSeries):
        """The value in force, counted as used; None (with a warning) if none holds yet."""
        entry = series.at(self.day)
        if entry is None:
            first = series.entries[0].since.isoformat()
            warning = (
                f"{series.key}: no value holds on {self.day.isoformat()} (the first holds "
                f"from {first}); treated as not published"
            )
            if warning not in self.warnings:
                self.warnings.append(warning)
            return None
        if entry not in self.used:
            self.used.append(entry)
        return entry


def price_course(course: Course, prices: PriceList, as_of: dt.date) -> Estimate:
    """Price a checked course with the values in force on `as_of`, from `prices`."""
    figures = _Figures(as_of)
    subject = course.subject
    pricing = subject.pricing
    if pricing.whole_program is not None:
        cost = figures.price(pricing.whole_program)
        text = f"published price for the whole program: {format_range(cost)}"
        phases = (PhaseEstimate("program", subject.program.label, None, cost, WHOLE_PROGRAM, text),)
    else:
        phases = tuple(
            _price_phase(pricing, phase, index == 0, figures)
            for index, phase in enumerate(course.phases)
        )
    total = MoneyRange.zero()
    for phase in phases:
        total = total + phase.cost
    deposit = None
    if subject.clinic is not None and subject.clinic.deposit is not None:
        deposit = figures.take(subject.clinic.deposit)
    kinds = {phase.basis_kind for phase in phases}
    basis_kind = kinds.pop() if len(kinds) == 1 else MIXED
    if len(phases) == 1:
        basis = phases[0].basis
    else:
        basis = "sum of the phases: " + "; ".join(f"{p.label}: {p.basis}" for p in phases)
    source_ids = [f.source for f in figures.used]
    notes = [f.note for f in figures.used if f.note]
    if course.plan is not None:
        source_ids.append(course.plan.source)
        notes.insert(0, f"Plan '{course.plan.id}': {course.plan.description}")
    for note in prices.notes:
        source_ids.append(note.source)
        notes.append(note.text)
    sources = prices.sources
    return Estimate(
        treatment=subject.treatment,
        clinic=subject.clinic,
        program=subject.program,
        plan=course.plan,
        sessions=course.sessions,
        phases=phases,
        total=total,
        basis_kind=basis_kind,
        basis=basis,
        deposit=deposit,
        figures=tuple(figures.used),
        sources=tuple(sources[s] for s in dict.fromkeys(source_ids) if s in sources),
        notes=tuple(dict.fromkeys(notes)),
        warnings=tuple(figures.warnings) + _stale(figures.used, as_of),
        as_of=as_of,
    )


def _price_phase(
    pricing: Pricing, phase: PlannedPhase, first: bool, figures: _Figures
) -> PhaseEstimate:
    unit = "per session" if pricing.is_per_session else "per additional session"
    if not first:
        additional = figures.price(pricing.additional_session)
        cost = MoneyRange(
            None if additional.low is None else additional.low * phase.sessions.low,
            None if additional.high is None else additional.high * phase.sessions.high,
        )
        if additional.is_unknown:
            return _phase(phase, cost, NOT_PUBLISHED, f"the price {unit} is not published")
        text = f"{_sessions(format_sessions(phase.sessions))} × {format_range(additional)} {unit}"
        kind = PER_SESSION if pricing.is_per_session else FIRST_AND_ADDITIONAL
        return _phase(phase, cost, kind, text)

    first_price = figures.peek(pricing.first_session)
    additional = figures.peek(pricing.additional_session)
    cost: MoneyRange | None = None
    kinds: set[str] = set()
    plain_counts: list[int] = []
    described: dict[str, None] = {}
    used: dict[int, DatedSeries] = {}
    for n in phase.sessions.counts():
        n_cost, kind, text, n_used = _price_count(pricing, n, figures)
        cost = n_cost if cost is None else cost.hull(n_cost)
        kinds.add(kind)
        used.update((id(series), series) for series in n_used)
        if text is None:
            plain_counts.append(n)
        else:
            described[text] = None
    for series in used.values():
        figures.take(series)
    parts = []
    if plain_counts:
        if additional.is_unknown or first_price.is_unknown:
            parts.append("the price per session is not published")
        elif pricing.is_per_session:
            parts.append(
                f"{_sessions(_runs(plain_counts))} × {format_range(additional)} per session"
            )
        else:
            extra = _sessions(_runs([n - 1 for n in plain_counts]), "additional session")
            parts.append(
                f"first session {format_range(first_price)} + {extra} × {format_range(additional)}"
            )
    parts.extend(described)
    return _phase(phase, cost, kinds.pop() if len(kinds) == 1 else MIXED, "; ".join(parts))


def _price_count(
    pricing: Pricing, n: int, figures: _Figures
) -> tuple[MoneyRange, str, str | None, tuple[DatedSeries, ...]]:
    """A first phase of exactly n sessions: its cost, its kind, its text if not
    plain sessions x price, and the series it used."""
    additional = figures.peek(pricing.additional_session)
    for course in pricing.courses:
        if course.applies == WHOLE_COURSE and course.sessions == n:
            price = figures.peek(course.price)
            text = f"{n} sessions: {course.label}, {format_range(price)}"
            return price, PUBLISHED_COURSE, text, (course.price,)
    leading = [c for c in pricing.courses if c.applies == FIRST_SESSIONS and c.sessions <= n]
    if leading:
        course = max(leading, key=lambda c: c.sessions)
        price = figures.peek(course.price)
        rest = n - course.sessions
        text = f"{course.label}, {format_range(price)}"
        if rest == 0:
            return price, PUBLISHED_COURSE, text, (course.price,)
        return (
            price + additional.times(rest),
            MIXED,
            f"{text}, then {_sessions(str(rest), 'more session')} × "
            f"{format_range(additional)} per session",
            (course.price, pricing.additional_session),
        )
    first = figures.peek(pricing.first_session)
    used = (pricing.first_session, pricing.additional_session)
    if additional.is_unknown or first.is_unknown:
        return MoneyRange.unknown(), NOT_PUBLISHED, None, used
    kind = PER_SESSION if pricing.is_per_session else FIRST_AND_ADDITIONAL
    return first + additional.times(n - 1), kind, None, used


def _phase(phase: PlannedPhase, cost: MoneyRange, kind: str, basis: str) -> PhaseEstimate:
    return PhaseEstimate(phase.name, phase.label, phase.sessions, cost, kind, basis)


def _sessions(count: str, noun: str = "session") -> str:
    """'1 session', '4–8 sessions'."""
    return f"{count} {noun}" if count == "1" else f"{count} {noun}s"


def _runs(counts: list[int]) -> str:
    """[4, 5, 7, 8] -> '4–5, 7–8'."""
    runs: list[list[int]] = []
    for n in sorted(counts):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def _stale(used: list[Dated], as_of: dt.date) -> tuple[str, ...]:
    cutoff = months_before(as_of, STALE_AFTER_MONTHS)
    return tuple(
        f"{entry.key} holds from {entry.since.isoformat()}, more than {STALE_AFTER_MONTHS} "
        f"months before {as_of.isoformat()}: it may be out of date"
        for entry in used
        if entry.since < cutoff
    )


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day if shorter)."""
    import calendar

    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
