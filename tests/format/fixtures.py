"""Views built by hand, for the renderers' tests: small, with round figures, so the
whole expected output can be worked out and written down (pip-audit's test/format)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ketacost.estimate import Estimate
from ketacost.listings import Listing
from ketacost.model.dated import Dated, DatedSeries
from ketacost.model.money import MoneyRange, SessionRange
from ketacost.model.prices import Pricing, Treatment
from ketacost.model.sources import Source
from ketacost.pricing import PhaseEstimate

DAY = dt.date(2026, 11, 29)
SOURCE = Source(
    "guide", "A guide to infusions", dt.date(2026, 5, 5), "secondary", "https://example.org/g"
)
PER_SESSION = Dated(
    "treatments.example.per_session",
    dt.date(2026, 5, 5),
    MoneyRange(Decimal(100), Decimal(250)),
    "guide",
)
TREATMENT = Treatment(
    id="example",
    label="Example infusion",
    description="An infusion for the tests.",
    source="guide",
    pricing=Pricing.by_session(DatedSeries("treatments.example.per_session", (PER_SESSION,))),
)


def two_sessions() -> Estimate:
    """2 sessions at $100-$250 each: $200-$500."""
    phase = PhaseEstimate(
        "course",
        "Course",
        SessionRange(2, 2),
        MoneyRange(Decimal(200), Decimal(500)),
        "per-session",
        "2 sessions × $100–$250 per session",
    )
    return Estimate(
        treatment=TREATMENT,
        clinic=None,
        program=None,
        plan=None,
        sessions=SessionRange(2, 2),
        phases=(phase,),
        total=MoneyRange(Decimal(200), Decimal(500)),
        basis_kind="per-session",
        basis=phase.basis,
        deposit=None,
        figures=(PER_SESSION,),
        sources=(SOURCE,),
        notes=("A note about the price.",),
        warnings=(),
        as_of=DAY,
    )


def sources_listing() -> Listing:
    """One source, as `ketacost sources` lists it."""
    return Listing(
        "Sources",
        (("id", "Id"), ("title", "Title"), ("date", "Date"), ("status", "Status"), ("url", "URL")),
        (
            {
                "id": "guide",
                "title": "A guide to infusions",
                "date": "2026-05-05",
                "status": "secondary",
                "url": "https://example.org/g",
            },
        ),
        ({"id": "guide", "title": "A guide to infusions", "date": DAY, "url": None},),
        ("One note.",),
    )
