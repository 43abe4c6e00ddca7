"""What a person asks for, checked against the data: a treatment or a clinic's
program, and a course of sessions in phases."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from ketacost.errors import RequestError, UnknownChoiceError, field_name
from ketacost.i18n import _
from ketacost.model.money import MAX_SESSIONS, SessionRange
from ketacost.model.plans import MAX_MONTHS, Plan, sessions_in_months
from ketacost.model.prices import Clinic, PriceList, Pricing, Program, Treatment
from ketacost.model.record import record, replace
from ketacost.words import alternatives, format_day

# The request's fields in messages: each edge names them (ketacost.errors.field_name).
TREATMENT, SESSIONS, PLAN, MAINTENANCE, MONTHS, INTERVAL, CLINIC, PROGRAM = map(
    field_name,
    ("treatment", "sessions", "plan", "maintenance", "months", "interval", "clinic", "program"),
)


@record
class CourseRequest:
    """The choices a person makes, as given (names not yet checked)."""

    treatment: str | None = None
    sessions: int | None = None
    plan: str | None = None
    maintenance: int | None = None
    months: int | None = None
    interval: str | None = None
    clinic: str | None = None
    program: str | None = None

    def normalized(self) -> CourseRequest:
        """The same request with every name as ids are written: trimmed, lower case
        (`-t IV` means `iv`)."""
        names = ("treatment", "plan", "interval", "clinic", "program")
        return replace(
            self,
            **{n: getattr(self, n).strip().lower() for n in names if getattr(self, n) is not None},
        )


@record
class Subject:
    """What is being priced: a treatment at market prices, or a clinic's program."""

    treatment: Treatment
    clinic: Clinic | None = None
    program: Program | None = None

    @property
    def pricing(self) -> Pricing:
        """The prices that apply: the program's own, or the treatment's market range."""
        return self.program.pricing if self.program else self.treatment.pricing


@record
class PlannedPhase:
    """A phase of the requested course; maintenance phases follow the course."""

    name: str
    label: str
    sessions: SessionRange
    maintenance: bool = False


@record
class Course:
    """A checked request: the subject and its phases (none for a whole-program price)."""

    subject: Subject
    plan: Plan | None
    phases: tuple[PlannedPhase, ...]

    @property
    def sessions(self) -> SessionRange | None:
        """Sessions in all phases; None when the price is for a whole program."""
        if not self.phases:
            return None
        return SessionRange.total(phase.sessions for phase in self.phases)


def resolve(
    prices: PriceList, plans: Mapping[str, Plan], request: CourseRequest, as_of: dt.date
) -> Course:
    """Check a request against the data in force on `as_of` and lay out its course.

    Raises UnknownChoiceError for a name the data does not define and
    RequestError for choices that conflict or are missing.
    """
    request = request.normalized()
    plan = find_plan(plans, request.plan, as_of) if request.plan is not None else None
    clinic, program = _program(prices.clinics, request)
    treatment_id = request.treatment
    if program is not None:
        if treatment_id is not None and treatment_id != program.treatment:
            raise RequestError(
                _(
                    "program '{program}' gives treatment '{treatment}', not '{given}'; leave "
                    "out {field}"
                ).format(
                    program=program.id,
                    treatment=program.treatment,
                    given=treatment_id,
                    field=TREATMENT,
                )
            )
        treatment_id = program.treatment
    if treatment_id is None and plan is not None and plan.treatments and len(plan.treatments) == 1:
        treatment_id = plan.treatments[0]
    if treatment_id is None:
        raise RequestError(
            _("say which treatment with {field}: one of {choices}").format(
                field=TREATMENT, choices=", ".join(prices.treatments)
            )
        )
    if treatment_id not in prices.treatments:
        raise UnknownChoiceError("treatment", treatment_id, list(prices.treatments))
    subject = Subject(prices.treatments[treatment_id], clinic, program)
    return Course(subject, plan, _phases(subject, plan, request, plans))


def find_plan(plans: Mapping[str, Plan], plan_id: str, as_of: dt.date) -> Plan:
    """The plan with this id, in force on `as_of`.

    Raises UnknownChoiceError, naming every plan, if there is none, and RequestError
    if its source holds only from a later day.
    """
    if plan_id not in plans:
        raise UnknownChoiceError("plan", plan_id, list(plans))
    plan = plans[plan_id]
    if plan.since > as_of:
        raise RequestError(
            _(
                "plan '{plan}' holds from {since} (its source's date), after {day}; give the "
                "course length with {field} instead"
            ).format(
                plan=plan.id,
                since=format_day(plan.since),
                day=format_day(as_of),
                field=SESSIONS,
            )
        )
    return plan


def _program(clinics, request: CourseRequest) -> tuple[Clinic | None, Program | None]:
    if request.clinic is None:
        if request.program is not None:
            raise RequestError(
                _("{program} needs {clinic}: one of {choices}").format(
                    program=PROGRAM,
                    clinic=CLINIC,
                    choices=", ".join(clinics) or _("none defined"),
                )
            )
        return None, None
    if request.clinic not in clinics:
        raise UnknownChoiceError("clinic", request.clinic, list(clinics))
    clinic = clinics[request.clinic]
    if request.program is None:
        if len(clinic.programs) == 1:
            return clinic, next(iter(clinic.programs.values()))
        raise RequestError(
            _("clinic '{clinic}' has several programs; choose one with {field}: {choices}").format(
                clinic=clinic.id, field=PROGRAM, choices=", ".join(clinic.programs)
            )
        )
    if request.program not in clinic.programs:
        raise UnknownChoiceError("program", request.program, list(clinic.programs))
    return clinic, clinic.programs[request.program]


def _phases(
    subject: Subject, plan: Plan | None, request: CourseRequest, plans: Mapping[str, Plan]
) -> tuple[PlannedPhase, ...]:
    if subject.pricing.whole_program is not None:
        course_choices = (
            request.sessions,
            plan,
            request.maintenance,
            request.months,
            request.interval,
        )
        if any(v is not None for v in course_choices):
            raise RequestError(
                _(
                    "program '{program}' is priced as a whole program with no published "
                    "session count; leave out {sessions}, {plan}, {maintenance}, {months} and "
                    "{interval}"
                ).format(
                    program=subject.program.id,
                    sessions=SESSIONS,
                    plan=PLAN,
                    maintenance=MAINTENANCE,
                    months=MONTHS,
                    interval=INTERVAL,
                )
            )
        return ()
    if request.sessions is not None and plan is not None:
        raise RequestError(
            _("give either {sessions} or {plan}, not both").format(sessions=SESSIONS, plan=PLAN)
        )
    if request.sessions is None and plan is None:
        raise RequestError(
            _("say how long the course is: {sessions} N, or {plan} with one of {choices}").format(
                sessions=SESSIONS, plan=PLAN, choices=", ".join(plans)
            )
        )
    if request.maintenance is not None and request.months is not None:
        raise RequestError(
            _("give either {maintenance} (a session count) or {months}, not both").format(
                maintenance=MAINTENANCE, months=MONTHS
            )
        )
    if request.interval is not None and request.months is None:
        raise RequestError(_("{interval} needs {months}").format(interval=INTERVAL, months=MONTHS))
    if plan is not None:
        if not plan.applies_to(subject.treatment.id):
            raise RequestError(_not_for(plan, subject.treatment.id))
        phases = [PlannedPhase(p.name, p.label, p.sessions) for p in plan.phases]
    else:
        _check_count("sessions", request.sessions, 1)
        phases = [
            PlannedPhase("course", _("Course"), SessionRange(request.sessions, request.sessions))
        ]
    if request.maintenance is not None:
        _check_count("maintenance", request.maintenance, 0)
        if request.maintenance > 0:
            count = SessionRange(request.maintenance, request.maintenance)
            phases.append(PlannedPhase("maintenance", _("Maintenance"), count, maintenance=True))
    if request.months is not None:
        phases.append(_scheduled_maintenance(plan, request, plans))
    return tuple(phases)


def _scheduled_maintenance(
    plan: Plan | None, request: CourseRequest, plans: Mapping[str, Plan]
) -> PlannedPhase:
    if not 1 <= request.months <= MAX_MONTHS:
        raise RequestError(
            _("{field} must be between 1 and {top}, not {value}").format(
                field=MONTHS, top=MAX_MONTHS, value=request.months
            )
        )
    if plan is None or plan.maintenance is None:
        scheduled = [p.id for p in plans.values() if p.maintenance is not None]
        raise RequestError(
            _("{months} needs a {plan} that defines maintenance: {choices}").format(
                months=MONTHS, plan=PLAN, choices=", ".join(scheduled) or _("none does")
            )
        )
    intervals = plan.maintenance.intervals
    chosen = list(intervals) if request.interval is None else [request.interval]
    if request.interval is not None and request.interval not in intervals:
        raise UnknownChoiceError("interval", request.interval, list(intervals))
    counts = [sessions_in_months(request.months, intervals[name]) for name in chosen]
    sessions = SessionRange(min(c.low for c in counts), max(c.high for c in counts))
    how = alternatives(_interval_words(name) for name in chosen)
    if request.months == 1:
        months = _("{count} month").format(count=request.months)
    else:
        months = _("{count} months").format(count=request.months)
    label = _("{maintenance}, {how}, for {months}").format(
        maintenance=plan.maintenance.label, how=how, months=months
    )
    return PlannedPhase("maintenance", label, sessions, maintenance=True)


# An interval's name as the data writes it, said in words ('every-2-weeks': 'every 2 weeks').
_EVERY_WEEKS = r"every-(\d+)-weeks"  # compiled when first used, by `re`


def _interval_words(name: str) -> str:
    """'weekly', 'every 2 weeks'; any other name as written, its hyphens as spaces."""
    if name == "weekly":
        return _("weekly")
    every = re.fullmatch(_EVERY_WEEKS, name)
    if every is not None:
        return _("every {count} weeks").format(count=every[1])
    return name.replace("-", " ")


def _check_count(name: str, value: int, low: int) -> None:
    if not low <= value <= MAX_SESSIONS:
        raise RequestError(
            _("{field} must be between {low} and {top}, not {value}").format(
                field=field_name(name), low=low, top=MAX_SESSIONS, value=value
            )
        )


def _not_for(plan: Plan, treatment: str) -> str:
    if plan.treatments is not None:
        return _("plan '{plan}' is for {treatments}, not '{treatment}'").format(
            plan=plan.id, treatments=", ".join(plan.treatments), treatment=treatment
        )
    return _("plan '{plan}' is not for '{treatment}' (its source defines its own protocol)").format(
        plan=plan.id, treatment=treatment
    )
