"""Reference listings (treatments, plans, sources) as rows any renderer can draw."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import ClassVar

from ketacost.i18n import _
from ketacost.model.money import MoneyRange
from ketacost.model.plans import Phase, Plan
from ketacost.model.prices import FIRST_SESSIONS, PriceList, Pricing
from ketacost.model.record import record
from ketacost.model.sources import Source
from ketacost.words import alternatives, format_day, format_range, format_sessions, status_word


@record
class Listing:
    """A titled table: `rows` hold display text per column key, `records` the same data
    structured for JSON."""

    kind: ClassVar[str] = "listing"  # what ketacost.render draws it as

    title: str
    columns: tuple[tuple[str, str], ...]  # (key, header)
    rows: tuple[dict[str, str], ...]
    records: tuple[dict, ...]
    notes: tuple[str, ...] = ()
    # What the listing is, whatever the language of its title: the key JSON gives its
    # records under (treatments, course_plans, sources).
    key: str = ""


def treatments(prices: PriceList, as_of: dt.date) -> Listing:
    """Every treatment with its per-session range and published course prices on `as_of`."""
    rows, records = [], []
    for t in prices.treatments.values():
        per_session = t.pricing.first_session.at(as_of)
        value = per_session.value if per_session else MoneyRange.unknown()
        courses = _courses(t.pricing, as_of)
        rows.append(
            {
                "id": t.id,
                "label": t.label,
                "per_session": format_range(value),
                "courses": "; ".join(text for text, _record in courses) or _("none published"),
                "source": (
                    _("{source}, from {day}").format(
                        source=per_session.source, day=format_day(per_session.since)
                    )
                    if per_session
                    else ""
                ),
            }
        )
        records.append(
            {
                "id": t.id,
                "label": t.label,
                "description": t.description,
                "per_session": value,
                "holds_from": per_session.since if per_session else None,
                "source": per_session.source if per_session else None,
                "courses": [record for _, record in courses],
            }
        )
    clinics = [
        _("{clinic} ({name}): programs {programs}").format(
            clinic=c.id, name=c.name, programs=", ".join(c.programs)
        )
        for c in prices.clinics.values()
    ]
    notes = (
        (_("Clinic price lists: {clinics}").format(clinics="; ".join(clinics)),) if clinics else ()
    )
    return Listing(
        _("Treatments"),
        (
            ("id", _("Id")),
            ("label", _("Treatment")),
            ("per_session", _("Per session (CAD)")),
            ("courses", _("Published courses (CAD)")),
            ("source", _("Source")),
        ),
        tuple(rows),
        tuple(records),
        notes,
        key="treatments",
    )


def _courses(pricing: Pricing, as_of: dt.date) -> list[tuple[str, dict]]:
    found = []
    for course in pricing.courses:
        entry = course.price.at(as_of)
        value = entry.value if entry else MoneyRange.unknown()
        if course.applies == FIRST_SESSIONS:
            text = _("first {count} sessions: {price}")
        else:
            text = _("{count} sessions: {price}")
        text = text.format(count=course.sessions, price=format_range(value))
        found.append(
            (
                text,
                {
                    "sessions": course.sessions,
                    "applies": course.applies,
                    "label": course.label,
                    "price": value,
                    "holds_from": entry.since if entry else None,
                    "source": entry.source if entry else None,
                },
            )
        )
    return found


def plans(plans: Mapping[str, Plan]) -> Listing:
    """Every course plan with its phases, the treatments it is for, and its source."""
    rows, records = [], []
    for plan in plans.values():
        phases = "; ".join(_phase_words(p) for p in plan.phases)
        if plan.maintenance:
            phases += "; " + _(
                "then optional {maintenance} ({intervals}) for a number of months"
            ).format(
                maintenance=plan.maintenance.label.lower(),
                intervals=alternatives(plan.maintenance.intervals),
            )
        if plan.treatments is not None:
            for_ = ", ".join(plan.treatments)
        elif plan.excluded:
            for_ = _("any except {treatments}").format(treatments=", ".join(plan.excluded))
        else:
            for_ = _("any")
        rows.append(
            {
                "id": plan.id,
                "label": plan.label,
                "sessions": format_sessions(plan.sessions),
                "phases": phases,
                "treatments": for_,
                "source": f"{plan.source} ({plan.since.isoformat()})",
            }
        )
        records.append(
            {
                "id": plan.id,
                "label": plan.label,
                "description": plan.description,
                "sessions": plan.sessions,
                "phases": [
                    {"name": p.name, "label": p.label, "sessions": p.sessions, "weeks": p.weeks}
                    for p in plan.phases
                ],
                "maintenance_intervals_weeks": (
                    dict(plan.maintenance.intervals) if plan.maintenance else None
                ),
                "treatments": list(plan.treatments) if plan.treatments is not None else "any",
                "except": list(plan.excluded),
                "source": plan.source,
                "holds_from": plan.since,
            }
        )
    return Listing(
        _("Course plans"),
        (
            ("id", _("Id")),
            ("label", _("Plan")),
            ("sessions", _("Sessions")),
            ("phases", _("Phases")),
            ("treatments", _("For")),
            ("source", _("Source")),
        ),
        tuple(rows),
        tuple(records),
        (_("Or give any number of sessions, from 1 to 200."),),
        key="course_plans",
    )


def _phase_words(phase: Phase) -> str:
    """'Induction: 6 sessions over 2–3 weeks'."""
    if phase.weeks:
        return _("{phase}: {sessions} sessions over {weeks} weeks").format(
            phase=phase.label,
            sessions=format_sessions(phase.sessions),
            weeks=format_sessions(phase.weeks),
        )
    return _("{phase}: {sessions} sessions").format(
        phase=phase.label, sessions=format_sessions(phase.sessions)
    )


def sources(chosen: Iterable[Source]) -> Listing:
    """The sources `chosen`, each with its date and URL."""
    rows, records = [], []
    for s in chosen:
        rows.append(
            {
                "id": s.id,
                "title": s.title,
                "date": format_day(s.date) if s.date else _("not given"),
                "status": status_word(s.status),
                "url": s.url or _("not given"),
            }
        )
        records.append(
            {
                "id": s.id,
                "title": s.title,
                "publisher": s.publisher,
                "date": s.date,
                "status": s.status,
                "url": s.url,
                "note": s.note,
            }
        )
    return Listing(
        _("Sources"),
        (
            ("id", _("Id")),
            ("title", _("Title")),
            ("date", _("Date")),
            ("status", _("Status")),
            ("url", _("URL")),
        ),
        tuple(rows),
        tuple(records),
        key="sources",
    )
