"""Invariants of every estimate, checked with hypothesis on the bundled data and on
generated price lists."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from contract import CONDITIONS, DAY, INSURANCE, PROVINCES, estimate_bundled
from ketacost.course import CourseRequest
from ketacost.estimate import estimate
from ketacost.load import yamldoc
from ketacost.load.catalog import Catalog
from ketacost.load.prices import parse_price_list
from ketacost.model.money import MoneyRange, SessionRange
from ketacost.model.prices import FIRST_SESSIONS, WHOLE_COURSE
from ketacost.model.situation import SituationRequest
from ketacost.pricing import Figures, price_phase

BUNDLED = Catalog()
BUNDLED_TREATMENTS = ["iv", "im", "kap", "sublingual", "spravato", "oral", "compounded-nasal"]
PROGRAMS = ["psychedelic-pathway", "psycholytic-pathway"]


def ordered(money: MoneyRange) -> bool:
    return money.low is None or money.high is None or money.low <= money.high


def at_least(bigger: Decimal | None, smaller: Decimal | None) -> bool:
    return bigger is None or smaller is None or bigger >= smaller


@given(st.sampled_from(BUNDLED_TREATMENTS), st.integers(1, 200), st.integers(0, 200))
def test_low_never_exceeds_high(catalog, treatment, sessions, maintenance):
    result = estimate_bundled(catalog, CourseRequest(treatment, sessions, maintenance=maintenance))
    assert ordered(result.total)
    assert all(ordered(phase.cost) for phase in result.phases)


@given(st.sampled_from(BUNDLED_TREATMENTS), st.integers(1, 199))
def test_cost_grows_with_sessions(catalog, treatment, sessions):
    shorter = estimate_bundled(catalog, CourseRequest(treatment, sessions)).total
    longer = estimate_bundled(catalog, CourseRequest(treatment, sessions + 1)).total
    assert at_least(longer.low, shorter.low)
    assert at_least(longer.high, shorter.high)


@given(st.sampled_from(PROGRAMS), st.integers(1, 199))
def test_a_clinic_program_grows_with_sessions(catalog, program, sessions):
    def total(n):
        request = CourseRequest(clinic="atma-cena", program=program, sessions=n)
        return estimate_bundled(catalog, request).total

    assert at_least(total(sessions + 1).low, total(sessions).low)


@given(st.sampled_from(BUNDLED_TREATMENTS), st.integers(1, 200), st.integers(0, 200))
def test_the_total_is_the_sum_of_the_phases(catalog, treatment, sessions, maintenance):
    result = estimate_bundled(catalog, CourseRequest(treatment, sessions, maintenance=maintenance))
    total = MoneyRange.zero()
    for phase in result.phases:
        total = total + phase.cost
    assert result.total == total


def test_a_bundled_published_course_is_never_contradicted(catalog):
    for treatment in catalog.prices.treatments.values():
        for course in treatment.pricing.courses:
            result = estimate_bundled(catalog, CourseRequest(treatment.id, course.sessions))
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
    applies = draw(st.sampled_from([WHOLE_COURSE, FIRST_SESSIONS]))
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
        applies: {applies}
        label: generated course
        price:
          2026-01-01: {{low: {course_low}, high: {course_high}, source: gen}}
"""
    return parse_price_list(yamldoc.parse(text, "generated.yaml"), {})


@settings(max_examples=100)
@given(price_lists(), st.integers(1, 200))
def test_a_generated_published_course_is_never_contradicted(prices, sessions):
    (course,) = prices.treatments["x"].pricing.courses
    published = course.price.at(DAY).value
    per_session = prices.treatments["x"].pricing.first_session.at(DAY).value
    result = estimate(prices, {}, BUNDLED.coverage, CourseRequest("x", sessions), DAY)
    if course.applies == WHOLE_COURSE and sessions == course.sessions:
        assert result.total == published
    elif course.applies == FIRST_SESSIONS and sessions >= course.sessions:
        assert result.total == published + per_session.times(sessions - course.sessions)
    else:
        assert result.total == per_session.times(sessions)
    assert ordered(result.total)


@given(st.integers(8, 200))
def test_spravatos_induction_price_holds_inside_every_longer_course(catalog, sessions):
    # Seed 003: $5,000-$7,000 for the 8-session induction, $250-$800 per session.
    result = estimate_bundled(catalog, CourseRequest("spravato", sessions))
    extra = sessions - 8
    assert result.total == MoneyRange(Decimal(5000 + 250 * extra), Decimal(7000 + 800 * extra))


@given(st.sampled_from(BUNDLED_TREATMENTS), st.integers(1, 60), st.integers(0, 12))
def test_a_session_range_costs_the_hull_of_its_counts(catalog, treatment, low, width):
    pricing = catalog.prices.treatments[treatment].pricing
    span = SessionRange(low, low + width)
    ranged = price_phase(pricing, "p", "P", span, True, Figures(DAY)).cost
    singles = [
        price_phase(pricing, "p", "P", SessionRange(n, n), True, Figures(DAY)).cost
        for n in span.counts()
    ]
    hull = singles[0]
    for single in singles[1:]:
        hull = hull.hull(single)
    assert ranged == hull
    # A published course inside the range is inside the range's cost.
    for course in pricing.courses:
        if course.applies == WHOLE_COURSE and low <= course.sessions <= low + width:
            published = course.price.at(DAY).value
            assert ranged.low <= published.low and ranged.high >= published.high


# --- coverage: out-of-pocket bounds and adding a coverage fact ----------------------


situations = st.fixed_dictionaries(
    {
        "province": st.none() | st.sampled_from(PROVINCES),
        "claim_province": st.none() | st.sampled_from(PROVINCES),
        "conditions": st.lists(st.sampled_from(CONDITIONS), max_size=2, unique=True).map(tuple),
        "failed_antidepressants": st.none() | st.integers(0, 6),
        "work_injury": st.booleans(),
        "veteran": st.booleans(),
        "insurance": st.lists(st.sampled_from(INSURANCE), unique=True).map(tuple),
    }
)
one_condition = situations.filter(lambda s: len(s["conditions"]) <= 1)


def _priced(treatment, sessions, situation):
    request = CourseRequest(treatment=treatment, sessions=sessions)
    return estimate_bundled(BUNDLED, request, DAY, SituationRequest(**situation))


def _best_case_rank(low, total_low):
    """0 when a program may pay everything, 1 when one may pay a part of unknown price,
    2 when nobody may pay (the low is then the total's low)."""
    if low is None:
        return 1
    return 0 if low == 0 and total_low != 0 else 2


@settings(max_examples=150, deadline=None)
@given(
    treatment=st.sampled_from(BUNDLED_TREATMENTS),
    sessions=st.integers(1, 30),
    situation=situations,
)
def test_out_of_pocket_lies_between_nothing_and_the_total(treatment, sessions, situation):
    result = _priced(treatment, sessions, situation)
    low, high = result.out_of_pocket.range.low, result.out_of_pocket.range.high
    assert high == result.total.high
    if low is not None:
        assert 0 <= low
        assert high is None or low <= high
    paying = [v for v in result.coverage.verdicts if v.may_pay]
    if not paying:
        assert result.out_of_pocket.range == result.total


FACTS_THAT_ADD_COVERAGE = st.sampled_from(
    ["work_injury", "veteran", "private", "alberta-blue-cross", "more-failed"]
)


def _add(situation: dict, fact: str) -> dict:
    more = dict(situation)
    if fact in INSURANCE:
        more["insurance"] = tuple(dict.fromkeys((*situation["insurance"], fact)))
    elif fact == "more-failed":
        more["failed_antidepressants"] = (situation["failed_antidepressants"] or 0) + 1
    else:
        more[fact] = True
    return more


@settings(max_examples=150, deadline=None)
@given(
    treatment=st.sampled_from(BUNDLED_TREATMENTS),
    situation=situations.filter(lambda s: s["failed_antidepressants"] is not None),
    fact=FACTS_THAT_ADD_COVERAGE,
)
def test_adding_a_coverage_fact_never_raises_the_best_case(treatment, situation, fact):
    """An accepted claim, VAC status, an insurance or one more failed antidepressant
    trial never makes a program less likely to pay, nor the best case dearer."""
    before = _priced(treatment, 6, situation)
    after = _priced(treatment, 6, _add(situation, fact))
    total_low = before.total.low
    assert _best_case_rank(after.out_of_pocket.range.low, total_low) <= _best_case_rank(
        before.out_of_pocket.range.low, total_low
    )
    rank = {"not-eligible": 0, "unlikely": 1, "possible": 2, "likely": 3}
    was = {v.program.id: rank[v.verdict] for v in before.coverage.verdicts}
    for v in after.coverage.verdicts:
        assert rank[v.verdict] >= was[v.program.id], (v.program.id, v.reasons)


@settings(max_examples=100, deadline=None)
@given(situation=situations, treatment=st.none() | st.sampled_from(BUNDLED_TREATMENTS))
def test_every_program_gets_a_verdict_with_a_reason_and_a_source(situation, treatment):
    from ketacost.coverage import situation_coverage

    request = SituationRequest(**situation, treatment=treatment)
    coverage = situation_coverage(BUNDLED.coverage, BUNDLED.bundled_sources, request, DAY)
    assert [v.program.id for v in coverage.verdicts] == list(BUNDLED.coverage.programs)
    for v in coverage.verdicts:
        assert v.reasons and v.sources
        assert (v.covers is not None) == v.may_pay


@settings(max_examples=150, deadline=None)
@given(situation=one_condition, treatment=st.none() | st.sampled_from(BUNDLED_TREATMENTS))
def test_a_remembered_verdict_is_the_one_the_whole_situation_gets(situation, treatment):
    """assess remembers each program's verdict by the facts its rules ask about: deciding
    with the whole situation must give the same verdict, reasons and suggestions."""
    from ketacost.coverage import assess, decide
    from ketacost.model.situation import check_situation

    rules = BUNDLED.coverage
    request = SituationRequest(**situation, treatment=treatment)
    whole = check_situation(request, rules.words)
    remembered = assess(rules, whole, DAY, BUNDLED.sources).verdicts
    for got in remembered:
        direct = decide(got.program, whole, DAY, rules.words)
        assert (got.verdict, got.reasons, got.would_change, got.steps, got.notes) == (
            direct.verdict,
            direct.reasons,
            direct.would_change,
            direct.steps,
            direct.notes,
        )
        assert (got.covers, got.prerequisites, got.sources) == (
            direct.covers,
            direct.prerequisites,
            direct.sources,
        )
