"""The estimate: a course's cost as a low-high range, phase by phase, with its basis,
its sources, its notes and its warnings (ketacost.pricing prices each phase)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from ketacost.course import Course, CourseRequest, find_plan, resolve
from ketacost.coverage import Coverage, assess
from ketacost.errors import RequestError, field_name
from ketacost.i18n import _
from ketacost.model.coverage import CoverageRules
from ketacost.model.dated import Dated
from ketacost.model.money import MoneyRange, SessionRange
from ketacost.model.plans import Plan
from ketacost.model.prices import (
    WHOLE_COURSE,
    Clinic,
    CoursePrice,
    Deposit,
    PriceList,
    Program,
    Treatment,
    notes_for,
)
from ketacost.model.record import record, replace
from ketacost.model.situation import Situation, SituationRequest, check_situation
from ketacost.model.sources import Source
from ketacost.outofpocket import OutOfPocket, out_of_pocket
from ketacost.pricing import MIXED, Figures, PhaseEstimate, price_phase, price_whole_program
from ketacost.words import format_day

if TYPE_CHECKING:
    from ketacost.hsa import SpendingAccount
    from ketacost.model.tax import TaxRules
    from ketacost.tax import TaxCredits, TaxRequest

STALE_AFTER_MONTHS = 18


@record
class Estimate:
    """A course cost estimate, with everything needed to show where it came from."""

    kind: ClassVar[str] = "estimate"  # what ketacost.render draws it as

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
    coverage: Coverage | None = None
    out_of_pocket: OutOfPocket | None = None
    # The medical expense tax credits on the out-of-pocket range (with a net income),
    # after what a health spending account pays (`hsa`, with a balance).
    tax: TaxCredits | None = None
    hsa: SpendingAccount | None = None

    @property
    def money_sources(self) -> tuple[Source, ...]:
        """The sources of the spending account's rule and of the tax credits, each once."""
        found = {}
        for part in (self.hsa, self.tax):
            if part is not None:
                found.update((s.id, s) for s in part.cited)
        return tuple(found.values())


@record
class Comparison:
    """Every treatment priced for the same course, or each for its usual course
    (`usual`: for each estimate, which kind of course it is: USUAL_*)."""

    kind: ClassVar[str] = "comparison"  # what ketacost.render draws it as

    request: CourseRequest
    plan: Plan | None
    estimates: tuple[Estimate, ...]
    as_of: dt.date
    usual: tuple[str, ...] = ()


# A treatment's usual course: a plan made for it alone; else the whole course its price
# source publishes; else a plan for any treatment.
USUAL_OWN_PLAN, USUAL_PUBLISHED, USUAL_GENERAL_PLAN = "own-plan", "published-course", "general-plan"


def estimate(
    prices: PriceList,
    plans: Mapping[str, Plan],
    rules: CoverageRules,
    request: CourseRequest,
    as_of: dt.date,
    situation: SituationRequest | None = None,
) -> Estimate:
    """Estimate the cost of the requested course with the prices and plans in force on
    `as_of`, and what the person pays in `situation` (nothing stated if None) under the
    coverage rules in force then.

    Raises RequestError (or UnknownChoiceError) for a request the data cannot answer.
    """
    priced = priced_course(prices, plans, request, as_of)
    return with_situation(priced, situation, rules, prices.sources, as_of)


def priced_course(
    prices: PriceList, plans: Mapping[str, Plan], request: CourseRequest, as_of: dt.date
) -> Estimate:
    """The requested course priced with the values in force on `as_of`, no coverage yet.

    Raises RequestError (or UnknownChoiceError) for a request the data cannot answer."""
    return price_course(resolve(prices, plans, request, as_of), prices, as_of)


def with_situation(
    priced: Estimate,
    situation: SituationRequest | None,
    rules: CoverageRules,
    sources: Mapping[str, Source],
    as_of: dt.date,
) -> Estimate:
    """The priced course with what the person pays in `situation` (as given; nothing
    stated if None). Raises UnknownChoiceError or RequestError for a value the
    coverage rules do not define."""
    request = situation or SituationRequest()
    checked = check_situation(request, rules.words, treatment=priced.treatment.id)
    return with_coverage(priced, checked, rules, sources, as_of)


def with_coverage(
    priced: Estimate,
    situation: Situation,
    rules: CoverageRules,
    sources: Mapping[str, Source],
    as_of: dt.date,
) -> Estimate:
    """The estimate with each program's verdict for `situation` and the out-of-pocket
    range that follows (`sources`: every source the rules may cite)."""
    # A plan or a clinic's program fixes the treatment: never suggest another one.
    fixed = frozenset({"treatment"}) if priced.plan or priced.program else frozenset()
    coverage = assess(rules, situation, as_of, sources, fixed)
    oop = out_of_pocket(priced.total, coverage)
    # Not replace(): this runs once per batch row, and replace is slow.
    return Estimate(**{**priced.__dict__, "coverage": coverage, "out_of_pocket": oop})


def with_tax(
    priced: Estimate,
    rules: TaxRules,
    request: TaxRequest | None,
    sources: Mapping[str, Source],
) -> Estimate:
    """The estimate with what a health spending account pays of what the person pays,
    then the tax credits on what is left (`request`: checked by
    ketacost.tax.check_tax_request; None: nothing given, the estimate unchanged;
    `sources`: every source the tax rules may cite)."""
    if request is None or priced.out_of_pocket is None:
        return priced
    paid = priced.out_of_pocket.range
    changed: dict = {}
    if request.hsa is not None:
        from ketacost.hsa import spending_account

        account = spending_account(rules.spending_account, priced.treatment.id, request.hsa, paid)
        cited = tuple(sources[s] for s in account.sources if s in sources)
        changed["hsa"] = account = replace(account, cited=cited)
        # What the account pays cannot also be claimed: the credits are on what is left.
        paid = account.left
    if request.credits_asked:
        from ketacost.tax import tax_credits

        province = priced.coverage.situation.province if priced.coverage else None
        qualifying = rules.spending_account.for_treatment(priced.treatment.id)
        credits = tax_credits(rules, request, province, paid, qualifying)
        cited = tuple(sources[s] for s in credits.sources if s in sources)
        changed["tax"] = replace(credits, cited=cited)
    return Estimate(**{**priced.__dict__, **changed})


def compare(
    prices: PriceList,
    plans: Mapping[str, Plan],
    rules: CoverageRules,
    request: CourseRequest,
    as_of: dt.date,
    situation: SituationRequest | None = None,
) -> Comparison:
    """Estimate the same course for every treatment (those a plan applies to, with a plan).

    Raises as `estimate` does, and RequestError when no treatment in the price
    list fits the plan.
    """
    request = request.normalized()
    plan = None
    treatments = list(prices.treatments)
    if request.plan is not None:
        plan = find_plan(plans, request.plan, as_of)
        treatments = [t for t in treatments if plan.applies_to(t)]
        if not treatments:
            if plan.treatments:
                said = _(
                    "no treatment in the price list fits plan '{plan}' (it is for {treatments})"
                ).format(plan=plan.id, treatments=", ".join(plan.treatments))
            else:
                said = _(
                    "no treatment in the price list fits plan '{plan}' (it is for others)"
                ).format(plan=plan.id)
            raise RequestError(said)
    estimates = tuple(
        estimate(prices, plans, rules, replace(request, treatment=treatment), as_of, situation)
        for treatment in treatments
    )
    return Comparison(request, plan, estimates, as_of)


def compare_usual(
    prices: PriceList,
    plans: Mapping[str, Plan],
    rules: CoverageRules,
    as_of: dt.date,
    situation: SituationRequest | None = None,
) -> Comparison:
    """Estimate every treatment for its own usual course (usual_course): those with
    none are left out. Raises as `estimate` does."""
    estimates, kinds = [], []
    for treatment in prices.treatments.values():
        found = usual_course(treatment, plans, as_of)
        if found is None:
            continue
        request, kind = found
        estimates.append(estimate(prices, plans, rules, request, as_of, situation))
        kinds.append(kind)
    if not estimates:
        raise RequestError(
            _(
                "no treatment has a usual course on {day}: no plan or published course holds "
                "yet that day; give {field} to compare one course"
            ).format(day=format_day(as_of), field=field_name("sessions"))
        )
    return Comparison(CourseRequest(), None, tuple(estimates), as_of, tuple(kinds))


def usual_course(
    treatment: Treatment, plans: Mapping[str, Plan], as_of: dt.date
) -> tuple[CourseRequest, str] | None:
    """The course `treatment` is usually given in, and which kind of course that is: a
    plan made for it alone (IV's, Spravato's), else the whole course its price source
    publishes, else a plan for any treatment (the general acute course); None if none."""
    # Only the plans in force on the day: a plan that holds from a later date is none yet.
    plans = {k: p for k, p in plans.items() if p.since <= as_of}
    own = [p for p in plans.values() if p.treatments == (treatment.id,)]
    if own:
        return CourseRequest(treatment=treatment.id, plan=own[0].id), USUAL_OWN_PLAN
    published = [
        c
        for c in treatment.pricing.courses
        if c.applies == WHOLE_COURSE and c.price.at(as_of) is not None
    ]
    if published:
        return CourseRequest(
            treatment=treatment.id, sessions=published[0].sessions
        ), USUAL_PUBLISHED
    general = [p for p in plans.values() if p.treatments is None and p.applies_to(treatment.id)]
    if general:
        return CourseRequest(treatment=treatment.id, plan=general[0].id), USUAL_GENERAL_PLAN
    return None


def later_prices(estimate: Estimate) -> tuple[tuple[CoursePrice, MoneyRange], ...]:
    """The published course prices of the estimate's treatment that begin beyond its
    sessions: where its price changes at a larger count (Spravato's 8-session induction
    beside a course of 6)."""
    sessions = estimate.sessions
    if sessions is None or estimate.program is not None:
        return ()
    found = []
    for course in estimate.treatment.pricing.courses:
        price = course.price.at(estimate.as_of)
        if course.sessions > sessions.high and price is not None:
            found.append((course, price.value))
    return tuple(found)


def price_course(course: Course, prices: PriceList, as_of: dt.date) -> Estimate:
    """Price a checked course with the values in force on `as_of`, from `prices`."""
    figures = Figures(as_of)
    subject = course.subject
    pricing = subject.pricing
    if pricing.whole_program is not None:
        phases = (price_whole_program(pricing, subject.program.label, figures),)
    else:
        priced, before = [], 0
        for index, p in enumerate(course.phases):
            priced.append(
                price_phase(pricing, p.name, p.label, p.sessions, index == 0, figures, before)
            )
            before += p.sessions.high
        phases = tuple(priced)
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
        each = "; ".join(_("{name}: {text}").format(name=p.label, text=p.basis) for p in phases)
        basis = _("sum of the phases: {phases}").format(phases=each)
    source_ids = [f.source for f in figures.used]
    notes = [f.note for f in figures.used if f.note]
    if course.plan is not None:
        source_ids.append(course.plan.source)
        notes.insert(
            0, _("{name}: {text}").format(name=course.plan.label, text=course.plan.description)
        )
    # A price file's notes speak of its own prices: those of the file priced from.
    for note in notes_for(prices, (subject.clinic or subject.treatment).origin):
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


def _stale(used: list[Dated], as_of: dt.date) -> tuple[str, ...]:
    cutoff = months_before(as_of, STALE_AFTER_MONTHS)
    said = _(
        "{figure} holds from {since}, more than {months} months before {day}: it may be out of date"
    )
    return tuple(
        said.format(
            figure=entry.key,
            since=format_day(entry.since),
            months=STALE_AFTER_MONTHS,
            day=format_day(as_of),
        )
        for entry in used
        if entry.since < cutoff
    )


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day if shorter)."""
    index = day.year * 12 + day.month - 1 - months
    if index < 12:  # before year 1: nothing is older
        return dt.date.min
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, _days_in(year, month)))


def _days_in(year: int, month: int) -> int:
    """How many days the month has (the calendar module costs start-up for this)."""
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - dt.date(year, month, 1)).days
