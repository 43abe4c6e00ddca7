"""Reference listings (treatments, plans, sources) as rows any renderer can draw."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import ClassVar

from ketacost.model.money import MoneyRange
from ketacost.model.plans import Plan
from ketacost.model.prices import FIRST_SESSIONS, PriceList, Pricing
from ketacost.model.record import record
from ketacost.model.sources import Source
from ketacost.words import format_range, format_sessions


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
                "courses": "; ".join(text for text, _ in courses) or "none published",
                "source": (
                    f"{per_session.source}, from {per_session.since.isoformat()}"
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
        f"{c.id} ({c.name}): programs {', '.join(c.programs)}" for c in prices.clinics.values()
    ]
    notes = ("Clinic price lists: " + "; ".join(clinics),) if clinics else ()
    return Listing(
        "Treatments",
        (
            ("id", "Id"),
            ("label", "Treatment"),
            ("per_session", "Per session (CAD)"),
            ("courses", "Published courses (CAD)"),
            ("source", "Source"),
        ),
        tuple(rows),
        tuple(records),
        notes,
    )


def _courses(pricing: Pricing, as_of: dt.date) -> list[tuple[str, dict]]:
    found = []
    for course in pricing.courses:
        entry = course.price.at(as_of)
        value = entry.value if entry else MoneyRange.unknown()
        scope = "first " if course.applies == FIRST_SESSIONS else ""
        text = f"{scope}{course.sessions} sessions: {format_range(value)}"
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
        phases = "; ".join(
            f"{p.label}: {format_sessions(p.sessions)} sessions"
            + (f" over {format_sessions(p.weeks)} weeks" if p.weeks else "")
            for p in plan.phases
        )
        if plan.maintenance:
            phases += (
                f"; then optional {plan.maintenance.label.lower()} "
                f"({' or '.join(plan.maintenance.intervals)}) for a number of months"
            )
        if plan.treatments is not None:
            for_ = ", ".join(plan.treatments)
        else:
            for_ = "any" + (f" except {', '.join(plan.excluded)}" if plan.excluded else "")
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
        "Course plans",
        (
            ("id", "Id"),
            ("label", "Plan"),
            ("sessions", "Sessions"),
            ("phases", "Phases"),
            ("treatments", "For"),
            ("source", "Source"),
        ),
        tuple(rows),
        tuple(records),
        ("Or give any number of sessions, from 1 to 200.",),
    )


def sources(chosen: Iterable[Source]) -> Listing:
    """The sources `chosen`, each with its date and URL."""
    rows, records = [], []
    for s in chosen:
        rows.append(
            {
                "id": s.id,
                "title": s.title,
                "date": s.date.isoformat() if s.date else "not given",
                "status": s.status,
                "url": s.url or "not given",
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
        "Sources",
        (("id", "Id"), ("title", "Title"), ("date", "Date"), ("status", "Status"), ("url", "URL")),
        tuple(rows),
        tuple(records),
    )
