"""Invariants of every estimate, checked with hypothesis on the bundled data and on
generated price lists."""

from __future__ import annotations

import types
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DAY
from ketacost import yamldoc
from ketacost.course import CourseRequest
from ketacost.estimate import estimate
from ketacost.money import MoneyRange
from ketacost.pricing import WHOLE_COURSE, parse_price_list

BUNDLED_TREATMENTS = ["iv", "im", "kap", "sublingual", "spravato", "oral", "compounded-nasal"]
PROGRAMS = ["psychedelic-pathway", "psycholytic-pathway"]


def ordered(money: MoneyRange) -> bool:
    return money.low is None or money.high is None or money.low <= money.high


def at_least(bigger: Decimal | None, smaller: Decimal | None) -> bool:
    return bigger is None or smaller is None or bigger >= smaller


@given(st.sampled_from(BUNDLED_TREATMENTS), st.integers(1, 200), st.integers(0, 200))
def test_low_never_exceeds_high(catalog, treatment, sessions, maintenance):
    result = estimate(catalog, CourseRequest(treatment, sessions, maintenance=maintenance), DAY)
    assert ordered(result.total)
    assert all(ordered(phase.cost) for phase in result.phases)


@given(st.sampled_from(BUNDLED_TREATMENTS), st.integers(1, 199))
def test_cost_grows_with_sessions(catalog, treatment, sessions):
    shorter = estimate(catalog, CourseRequest(treatment, sessions), DAY).total
    longer = estimate(catalog, CourseRequest(treatment, sessions + 1), DAY).total
    assert at_least(longer.low, shorter.low)
    assert at_least(longer.high, shorter.high)


@given(st.sampled_from(PROGRAMS), st.integers(1, 199))
def test_a_clinic_program_grows_with_sessions(catalog, program, sessions):
    def total(n):
        request = CourseRequest(clinic="atma-cena", program=program, sessions=n)
        return estimate(catalog, request, DAY).total

    assert at_least(total(sessions + 1).low, total(sessions).low)


@given(st.sampled_from(BUNDLED_TREATMENTS), st.integers(1, 200), st.integers(0, 200))
def test_the_total_is_the_sum_of_the_phases(catalog, treatment, sessions, maintenance):
    result = estimate(catalog, CourseRequest(treatment, sessions, maintenance=maintenance), DAY)
    total = MoneyRange.zero()
    for phase in result.phases:
        total = total + phase.cost
    assert result.total == total


def test_a_bundled_published_course_is_never_contradicted(catalog):
    for treatment in catalog.prices.treatments.values():
        for course in treatment.pricing.courses:
            result = estimate(catalog, CourseRequest(treatment.id, course.sessions), DAY)
            assert result.total == course.price.at(DAY).value, treatment.id


# Generated price lists: a per-session range and a published whole-course price.
prices = st.integers(0, 5000)


@st.composite
def price_lists(draw):
    low = draw(prices)
    high = draw(st.integers(low, 5000))
    course_sessions = draw(st.integers(1, 200))
    course_low = draw(prices)
    course_high = draw(st.integers(course_low, 100_000))
    text = f"""
schema_version: 1
currency: CAD
sources:
  gen: {{title: Generated, url: not given, date: 2026-01-01, status: secondary}}
treatments:
  x:
    label: Generated
    description: Generated.
    source: gen
    per_session:
      2026-01-01: {{low: {low}, high: {high}, source: gen}}
    courses:
      - sessions: {course_sessions}
        applies: {WHOLE_COURSE}
        label: generated course
        price:
          2026-01-01: {{low: {course_low}, high: {course_high}, source: gen}}
"""
    price_list = parse_price_list(yamldoc.parse(text, "generated.yaml"), {})
    return types.SimpleNamespace(prices=price_list, plans={}, sources=price_list.sources)


@settings(max_examples=60)
@given(price_lists(), st.integers(1, 200))
def test_a_generated_published_course_is_used_exactly_and_only_at_its_length(data, sessions):
    (course,) = data.prices.treatments["x"].pricing.courses
    published = course.price.at(DAY).value
    per_session = data.prices.treatments["x"].pricing.first_session.at(DAY).value
    result = estimate(data, CourseRequest("x", sessions), DAY)
    if sessions == course.sessions:
        assert result.total == published
    else:
        assert result.total == per_session.times(sessions)
    assert ordered(result.total)
