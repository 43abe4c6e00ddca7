"""The bundled figures are the seed documents' figures, unchanged.

Each expected value below is copied from the seed text quoted beside it, not
from ketacost's output. A second test reads the seed table itself, where the
seeds are present (../shared/seeds beside the project), and compares.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from contract import DAY, SEEDS
from ketacost.model.money import MoneyRange
from ketacost.model.prices import FIRST_SESSIONS, WHOLE_COURSE

D = Decimal

# Seed 003, "Typical Canadian ranges as of 2026":
#   | IV ketamine infusion | $375–$1,000 | $2,250–$5,400 |
#   | IM ketamine (no integrated therapy) | $275–$500 | $1,650–$3,000 |
#   | Ketamine-assisted psychotherapy (with therapist) | $685–$1,400 | $4,100–$8,400 |
#   | Sublingual ketamine (standalone) | $250–$600 | $1,500–$3,600 |
#   | Spravato (esketamine), 4-week induction phase | $250–$800 |
#     $5,000–$7,000 (8 sessions, all-in) |
SEED_TABLE = {
    "iv": ((375, 1000), 6, (2250, 5400)),
    "im": ((275, 500), 6, (1650, 3000)),
    "kap": ((685, 1400), 6, (4100, 8400)),
    "sublingual": ((250, 600), 6, (1500, 3600)),
    "spravato": ((250, 800), 8, (5000, 7000)),
}


def _range(low, high) -> MoneyRange:
    return MoneyRange(None if low is None else D(low), None if high is None else D(high))


@pytest.mark.parametrize("treatment", sorted(SEED_TABLE))
def test_per_session_and_course_prices_match_the_seed_table(catalog, treatment):
    per_session, course_sessions, course_price = SEED_TABLE[treatment]
    pricing = catalog.prices.treatments[treatment].pricing
    assert pricing.first_session.at(DAY).value == _range(*per_session)
    assert pricing.first_session.at(DAY).source == "seed-003"
    (course,) = pricing.courses
    assert course.sessions == course_sessions
    assert course.price.at(DAY).value == _range(*course_price)


def test_spravato_induction_covers_the_first_eight_sessions_and_the_rest_exactly_six(catalog):
    # "Spravato has a defined induction phase: twice weekly for 4 weeks" (8 sessions),
    # so its published price covers those sessions of any course; a "6-session
    # course" price covers a course of exactly 6.
    applies = {t: catalog.prices.treatments[t].pricing.courses[0].applies for t in SEED_TABLE}
    assert applies == {
        "iv": WHOLE_COURSE,
        "im": WHOLE_COURSE,
        "kap": WHOLE_COURSE,
        "sublingual": WHOLE_COURSE,
        "spravato": FIRST_SESSIONS,
    }


@pytest.mark.parametrize("treatment", ["oral", "compounded-nasal"])
def test_routes_the_seeds_describe_but_do_not_price_are_not_published(catalog, treatment):
    # Seed 002 lists "Oral | Compounded liquid or capsules" and "A separate compounded
    # racemic ketamine nasal spray exists at some clinics" without a price.
    pricing = catalog.prices.treatments[treatment].pricing
    assert pricing.first_session.at(DAY).value == MoneyRange(None, None)
    assert pricing.courses == ()


def test_atma_cena_programs_match_the_published_prices(catalog):
    # Seed 003: "Psychedelic Pathway from CAD $1,585 initial + $795 per additional
    # session; Psycholytic Pathway from CAD $1,530 initial + $740 per additional
    # session; customized programs CAD $2,325–$6,930. A non-refundable deposit of
    # CAD $300 applies to all treatment programs."
    clinic = catalog.prices.clinics["atma-cena"]
    programs = clinic.programs
    psychedelic = programs["psychedelic-pathway"].pricing
    assert psychedelic.first_session.at(DAY).value == _range(1585, None)
    assert psychedelic.additional_session.at(DAY).value == _range(795, None)
    psycholytic = programs["psycholytic-pathway"].pricing
    assert psycholytic.first_session.at(DAY).value == _range(1530, None)
    assert psycholytic.additional_session.at(DAY).value == _range(740, None)
    assert programs["customized"].pricing.whole_program.at(DAY).value == _range(2325, 6930)
    deposit = clinic.deposit.at(DAY).value
    assert (deposit.amount, deposit.refundable) == (D(300), False)
    assert {p.treatment for p in programs.values()} == {"kap"}


def test_course_plans_match_the_seed_course_lengths(catalog):
    # Seed 003: "Most acute protocols involve 4 to 8 sessions over 2 to 4 weeks.
    # Spravato has a defined induction phase: twice weekly for 4 weeks, then weekly
    # for 4 weeks, with maintenance dosing weekly or every 2 weeks thereafter ...
    # 6 infusions over 2 to 3 weeks is the most common acute pattern."
    plans = catalog.plans
    (acute,) = plans["acute"].phases
    assert (acute.sessions.low, acute.sessions.high, acute.weeks.low, acute.weeks.high) == (
        4,
        8,
        2,
        4,
    )
    (iv,) = plans["iv-standard"].phases
    assert (iv.sessions.low, iv.sessions.high, iv.weeks.low, iv.weeks.high) == (6, 6, 2, 3)
    induction, weekly = plans["spravato"].phases
    assert (induction.sessions.low, induction.weeks.low) == (8, 4)  # twice weekly x 4 weeks
    assert (weekly.sessions.low, weekly.weeks.low) == (4, 4)  # weekly x 4 weeks
    assert dict(plans["spravato"].maintenance.intervals) == {"weekly": 1, "every-2-weeks": 2}


def test_every_bundled_value_holds_from_the_seed_date(catalog):
    # Seeds 002 and 003: "Last updated: 2026-05-05".
    dates = set()
    for treatment in catalog.prices.treatments.values():
        pricing = treatment.pricing
        dates |= {e.since for e in pricing.first_session.entries}
        for course in pricing.courses:
            dates |= {e.since for e in course.price.entries}
    assert {d.isoformat() for d in dates} == {"2026-05-05"}


SEED_ROW = re.compile(
    r"^\| (?P<name>[^|]+) \| \$(?P<lo>[\d,]+)–\$(?P<hi>[\d,]+)"
    r" \| \$(?P<clo>[\d,]+)–\$(?P<chi>[\d,]+)"
)
SEED_NAMES = {
    "IV ketamine infusion": "iv",
    "IM ketamine (no integrated therapy)": "im",
    "Ketamine-assisted psychotherapy (with therapist)": "kap",
    "Sublingual ketamine (standalone)": "sublingual",
    "Spravato (esketamine), 4-week induction phase": "spravato",
}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside the project")
def test_the_seed_table_itself_agrees_with_the_bundled_data(catalog):
    (seed,) = SEEDS.glob("003_*.txt")
    rows = {}
    for line in seed.read_text(encoding="utf-8").splitlines():
        match = SEED_ROW.match(line)
        if match:
            amounts = [int(match[k].replace(",", "")) for k in ("lo", "hi", "clo", "chi")]
            rows[SEED_NAMES[match["name"].strip()]] = amounts
    assert set(rows) == set(SEED_TABLE)
    for treatment, (lo, hi, course_lo, course_hi) in rows.items():
        pricing = catalog.prices.treatments[treatment].pricing
        assert pricing.first_session.at(DAY).value == _range(lo, hi), treatment
        assert pricing.courses[0].price.at(DAY).value == _range(course_lo, course_hi), treatment
