"""The estimate core, path by path. Expected totals are worked out by hand from the
seed figures (seed 003 table and ATMA CENA prices), shown in each comment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from contract import DAY, estimate_bundled, parsed_prices
from ketacost.cli.names import FLAGS
from ketacost.course import CourseRequest
from ketacost.errors import RequestError, UnknownChoiceError
from ketacost.estimate import compare, estimate, months_before
from ketacost.model.money import MoneyRange, SessionRange


def money(low, high) -> MoneyRange:
    return MoneyRange(
        None if low is None else Decimal(low), None if high is None else Decimal(high)
    )


def run(catalog, **choices):
    return estimate_bundled(catalog, CourseRequest(**choices))


@pytest.mark.parametrize(
    ("choices", "sessions", "total", "basis_kind"),
    [
        # The published 6-session course column of the seed table.
        ({"treatment": "iv", "sessions": 6}, (6, 6), (2250, 5400), "published-course"),
        ({"treatment": "kap", "sessions": 6}, (6, 6), (4100, 8400), "published-course"),
        # 7 x $375-$1,000: no course of exactly 7 is published.
        ({"treatment": "iv", "sessions": 7}, (7, 7), (2625, 7000), "per-session"),
        # 1 x $275-$500.
        ({"treatment": "im", "sessions": 1}, (1, 1), (275, 500), "per-session"),
        # Acute plan, 4-8 sessions: 4 x $375 to 8 x $1,000.
        ({"treatment": "iv", "plan": "acute"}, (4, 8), (1500, 8000), "mixed"),
        ({"treatment": "im", "plan": "acute"}, (4, 8), (1100, 4000), "mixed"),
        # iv-standard: 6 infusions, the published 6-session course.
        ({"plan": "iv-standard"}, (6, 6), (2250, 5400), "published-course"),
        # Spravato's 8-session induction, "all-in".
        ({"treatment": "spravato", "sessions": 8}, (8, 8), (5000, 7000), "published-course"),
        # Fewer than 8 Spravato sessions: 6 x $250-$800.
        ({"treatment": "spravato", "sessions": 6}, (6, 6), (1500, 4800), "per-session"),
        # Induction, then 4 more x $250-$800: $5,000 + $1,000 to $7,000 + $3,200.
        ({"treatment": "spravato", "sessions": 12}, (12, 12), (6000, 10200), "mixed"),
        ({"plan": "spravato"}, (12, 12), (6000, 10200), "mixed"),
        # Course of 6 (published) + 4 maintenance x $375-$1,000.
        ({"treatment": "iv", "sessions": 6, "maintenance": 4}, (10, 10), (3750, 9400), "mixed"),
        # $1,585 + 5 x $795; "from" prices publish no upper bound.
        (
            {"clinic": "atma-cena", "program": "psychedelic-pathway", "sessions": 6},
            (6, 6),
            (5560, None),
            "first-and-additional",
        ),
        # $1,530 + 3 x $740.
        (
            {"clinic": "atma-cena", "program": "psycholytic-pathway", "sessions": 4},
            (4, 4),
            (3750, None),
            "first-and-additional",
        ),
    ],
)
def test_course_totals(catalog, choices, sessions, total, basis_kind):
    result = run(catalog, **choices)
    assert (result.sessions.low, result.sessions.high) == sessions
    assert result.total == money(*total)
    assert result.basis_kind == basis_kind


def test_a_published_course_is_named_as_the_basis(catalog):
    result = run(catalog, treatment="iv", sessions=6)
    assert "published 6-session course" in result.basis
    assert "$2,250–$5,400" in result.basis


def test_otherwise_the_basis_says_sessions_times_the_per_session_range(catalog):
    result = run(catalog, treatment="iv", sessions=7)
    assert result.basis == "7 sessions × $375–$1,000 per session"


def test_a_range_of_sessions_names_both_bases(catalog):
    result = run(catalog, treatment="iv", plan="acute")
    assert result.basis == (
        "4–5, 7–8 sessions × $375–$1,000 per session; "
        "6 sessions: published 6-session course, $2,250–$5,400"
    )


def test_spravato_estimates_say_what_all_in_means_as_far_as_the_sources_allow(catalog):
    notes = " ".join(run(catalog, plan="spravato").notes)
    assert '"all-in"' in notes
    assert "does not itemize" in notes
    assert "not published" in notes  # the drug / monitoring-fee split


def test_spravato_maintenance_is_counted_on_the_calendar(catalog):
    # One month holds 28-31 days: 4-5 weekly sessions at $250-$800 on top of the
    # $6,000-$10,200 protocol: $7,000 to $14,200.
    result = run(catalog, plan="spravato", months=1, interval="weekly")
    assert result.phases[-1].sessions == SessionRange(4, 5)
    assert result.total == money(7000, 14200)
    # Weekly or every 2 weeks: 2 (every 2 weeks, 28 days) to 5 (weekly, 31 days).
    either = run(catalog, plan="spravato", months=1)
    assert either.phases[-1].sessions == SessionRange(2, 5)


def test_a_whole_program_price_has_no_session_count_and_shows_the_deposit(catalog):
    result = run(catalog, clinic="atma-cena", program="customized")
    assert result.sessions is None
    assert result.total == money(2325, 6930)
    assert result.basis_kind == "whole-program"
    assert result.deposit.value.amount == Decimal(300)
    assert result.deposit.value.refundable is False


def test_an_unpriced_route_gives_a_total_that_is_not_published(catalog):
    result = run(catalog, treatment="oral", sessions=6)
    assert result.total == MoneyRange(None, None)
    assert result.basis_kind == "not-published"
    assert "not published" in result.basis


def test_every_estimate_names_its_sources_and_the_dates_of_its_figures(catalog):
    result = run(catalog, treatment="iv", sessions=6)
    assert [s.id for s in result.sources] == ["seed-003"]
    assert [(f.key, f.since) for f in result.figures] == [
        ("treatments.iv.courses.0.price", dt.date(2026, 5, 5))
    ]


def test_a_figure_older_than_18_months_is_warned_about(catalog):
    fresh = estimate_bundled(catalog, CourseRequest("iv", 6), dt.date(2027, 11, 5))
    assert fresh.warnings == ()
    stale = estimate_bundled(catalog, CourseRequest("iv", 6), dt.date(2027, 11, 6))
    assert stale.warnings == (
        "treatments.iv.courses.0.price holds from 2026-05-05, more than 18 months before "
        "2027-11-06: it may be out of date",
    )


def test_before_any_value_holds_the_price_is_not_published_and_says_why(catalog):
    result = estimate_bundled(catalog, CourseRequest("iv", 7), dt.date(2020, 1, 1))
    assert result.total == MoneyRange(None, None)
    assert "no value holds on 2020-01-01" in result.warnings[0]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2027, 11, 5), 18, dt.date(2026, 5, 5)),
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2026, 1, 15), 13, dt.date(2024, 12, 15)),
        (dt.date(2027, 1, 31), 1, dt.date(2026, 12, 31)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


def test_months_before_keeps_the_day_or_the_month_s_last_as_the_calendar_says():
    import calendar

    for year in (1900, 2000, 2023, 2024):
        for month in range(1, 13):
            later = dt.date(year + 1, month, calendar.monthrange(year + 1, month)[1])
            last = calendar.monthrange(year, month)[1]
            assert months_before(later, 12) == dt.date(year, month, min(later.day, last))


@pytest.mark.parametrize(
    ("choices", "error", "message"),
    [
        ({"treatment": "ivv", "sessions": 6}, UnknownChoiceError, "Did you mean 'iv'?"),
        ({"treatment": "iv"}, RequestError, "say how long the course is"),
        ({"sessions": 6}, RequestError, "say which treatment"),
        ({"treatment": "iv", "sessions": 6, "plan": "acute"}, RequestError, "not both"),
        ({"treatment": "spravato", "plan": "acute"}, RequestError, "not for 'spravato'"),
        ({"treatment": "kap", "plan": "iv-standard"}, RequestError, "is for iv, not 'kap'"),
        ({"treatment": "iv", "plan": "nope"}, UnknownChoiceError, "unknown plan 'nope'"),
        ({"treatment": "iv", "sessions": 0}, RequestError, "between 1 and 200"),
        ({"treatment": "iv", "sessions": 201}, RequestError, "between 1 and 200"),
        ({"treatment": "iv", "sessions": 6, "months": 3}, RequestError, "--months needs"),
        ({"plan": "spravato", "months": 3, "interval": "daily"}, UnknownChoiceError, "weekly"),
        ({"plan": "spravato", "interval": "weekly"}, RequestError, "--interval needs --months"),
        ({"clinic": "nowhere", "sessions": 6}, UnknownChoiceError, "unknown clinic 'nowhere'"),
        ({"clinic": "atma-cena", "sessions": 6}, RequestError, "choose one with --program"),
        ({"program": "customized"}, RequestError, "--program needs --clinic"),
        (
            {"clinic": "atma-cena", "program": "psychedelic", "sessions": 6},
            UnknownChoiceError,
            "Did you mean 'psychedelic-pathway'?",
        ),
        (
            {"clinic": "atma-cena", "program": "customized", "sessions": 6},
            RequestError,
            "priced as a whole program",
        ),
        (
            {"clinic": "atma-cena", "program": "customized", "treatment": "iv"},
            RequestError,
            "gives treatment 'kap', not 'iv'",
        ),
    ],
)
def test_requests_the_data_cannot_answer(catalog, choices, error, message):
    # The core names the request's fields; the CLI says them as its options.
    with pytest.raises(error) as raised:
        run(catalog, **choices)
    assert message in raised.value.say(FLAGS)


def test_unknown_choice_lists_every_valid_one(catalog):
    with pytest.raises(UnknownChoiceError) as raised:
        run(catalog, treatment="xyz", sessions=6)
    assert str(raised.value).endswith(
        "Valid treatments: iv, im, kap, sublingual, spravato, oral, compounded-nasal."
    )


def test_compare_prices_every_treatment_for_the_same_course(catalog):
    result = compare(
        catalog.prices, catalog.plans, catalog.coverage, CourseRequest(sessions=6), DAY
    )
    totals = {e.treatment.id: e.total for e in result.estimates}
    assert totals == {
        "iv": money(2250, 5400),
        "im": money(1650, 3000),
        "kap": money(4100, 8400),
        "sublingual": money(1500, 3600),
        "spravato": money(1500, 4800),
        "oral": money(None, None),
        "compounded-nasal": money(None, None),
    }


def test_compare_with_a_plan_shows_only_the_treatments_it_is_for(catalog):
    result = compare(
        catalog.prices, catalog.plans, catalog.coverage, CourseRequest(plan="acute"), DAY
    )
    assert "spravato" not in [e.treatment.id for e in result.estimates]
    assert len(result.estimates) == 6


PROGRAM_WITH_UNPUBLISHED_ADDITIONAL = """
schema_version: 1
currency: CAD
treatments:
  kap:
    label: KAP
    description: x
    source: seed-003
    per_session:
      2026-01-01: {low: 685, high: 1400, source: seed-003}
    courses:
      - sessions: 6
        applies: whole-course
        label: a course priced from 2027
        price:
          2027-01-01: {low: 1000, high: 1000, source: seed-003}
clinics:
  c:
    name: C
    source: seed-003
    programs:
      p:
        label: P
        treatment: kap
        first_session:
          2026-01-01: {low: 1500, high: 1500, source: seed-003}
        additional_session:
          2026-01-01: {low: not published, high: not published, source: seed-003}
"""


def test_one_session_of_a_program_needs_only_the_first_session_price(catalog):
    prices = parsed_prices(PROGRAM_WITH_UNPUBLISHED_ADDITIONAL)
    data = (prices, catalog.plans, catalog.coverage)
    one = estimate(*data, CourseRequest(clinic="c", program="p", sessions=1), DAY)
    assert one.total == money(1500, 1500)
    assert one.basis == "1 session: first session $1,500"
    two = estimate(*data, CourseRequest(clinic="c", program="p", sessions=2), DAY)
    assert two.total == MoneyRange(None, None)
    assert "1 additional session × a price not published" in two.basis


def test_a_course_price_not_yet_in_force_falls_back_to_the_per_session_range(catalog):
    data = (parsed_prices(PROGRAM_WITH_UNPUBLISHED_ADDITIONAL), catalog.plans, catalog.coverage)
    # On 2026-11-29 the 6-session price (from 2027-01-01) does not hold: 6 x $685-$1,400.
    before = estimate(*data, CourseRequest("kap", 6), DAY)
    assert before.total == money(4110, 8400)
    assert before.basis_kind == "per-session"
    after = estimate(*data, CourseRequest("kap", 6), dt.date(2027, 1, 1))
    assert after.total == money(1000, 1000)


def test_compare_says_when_no_treatment_fits_the_plan(catalog):
    data = (parsed_prices(PROGRAM_WITH_UNPUBLISHED_ADDITIONAL), catalog.plans, catalog.coverage)
    with pytest.raises(RequestError, match="no treatment in the price list fits plan 'spravato'"):
        compare(*data, CourseRequest(plan="spravato"), DAY)


def test_names_are_read_in_any_case(catalog):
    # The seeds write "IV"; ids are lower case.
    shouted = run(catalog, treatment=" IV ", plan="Acute")
    assert shouted.treatment.id == "iv"
    assert shouted.total == money(1500, 8000)
    program = run(catalog, clinic="ATMA-CENA", program="Customized")
    assert program.total == money(2325, 6930)
