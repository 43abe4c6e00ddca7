"""Range arithmetic and calendar counting: properties (hypothesis) and worked examples."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacost.model.money import MoneyRange, SessionRange
from ketacost.model.plans import sessions_in_months
from ketacost.words import format_cad, format_range

amounts = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False)
maybe_amounts = st.one_of(st.none(), amounts)


@st.composite
def ranges(draw) -> MoneyRange:
    low, high = draw(maybe_amounts), draw(maybe_amounts)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return MoneyRange.create(low, high)


def ordered(money: MoneyRange) -> bool:
    return money.low is None or money.high is None or money.low <= money.high


@given(ranges(), ranges())
def test_a_sum_of_ranges_keeps_low_at_or_below_high(a, b):
    assert ordered(a + b)


@given(ranges(), ranges())
def test_a_sum_is_unknown_where_a_part_is_unknown(a, b):
    total = a + b
    assert (total.low is None) == (a.low is None or b.low is None)
    assert (total.high is None) == (a.high is None or b.high is None)


@given(ranges(), st.integers(0, 200))
def test_times_n_is_n_additions(money, n):
    total = MoneyRange.zero()
    for _ in range(n):
        total = total + money
    # None of anything costs nothing, even at a price not published.
    assert money.times(n) == total
    assert ordered(money.times(n))


@given(ranges(), ranges())
def test_hull_holds_both_ranges(a, b):
    hull = a.hull(b)
    for part in (a, b):
        if hull.low is not None:
            assert hull.low <= part.low
        if hull.high is not None:
            assert hull.high >= part.high


@pytest.mark.parametrize(
    ("low", "high", "message"),
    [(Decimal(-1), Decimal(5), ">= 0"), (Decimal(6), Decimal(5), "above high")],
)
def test_an_invalid_range_is_refused(low, high, message):
    with pytest.raises(ValueError, match=message):
        MoneyRange.create(low, high)


@pytest.mark.parametrize(
    ("amount", "cents", "shown"),
    [
        (Decimal(2250), False, "$2,250"),
        (Decimal(2250), True, "$2,250.00"),
        (Decimal("0.005"), True, "$0.01"),  # half up, as on an invoice
        (Decimal("1234.5"), False, "$1,234.50"),
        (None, False, "not published"),
    ],
)
def test_format_cad(amount, cents, shown):
    assert format_cad(amount, cents=cents) == shown


def test_format_range_says_which_bound_is_missing():
    assert format_range(MoneyRange(Decimal(375), Decimal(1000))) == "$375–$1,000"
    assert format_range(MoneyRange(Decimal(1585), None)) == "from $1,585"
    assert format_range(MoneyRange(None, Decimal(5000))) == "up to $5,000"
    assert format_range(MoneyRange(None, None)) == "not published"


@pytest.mark.parametrize(
    ("months", "interval", "expected"),
    [
        (1, 1, (4, 5)),  # 28 days: 4 weekly sessions; 31 days: 5
        (1, 2, (2, 3)),  # every 2 weeks: days 0 and 14; with 31 days also day 28
        (12, 1, (53, 53)),  # 365 or 366 days: days 0, 7, ..., 364
        (2, 1, (9, 9)),  # 59 (Jan-Feb) to 62 (Jul-Aug) days: 9 sessions either way
    ],
)
def test_sessions_in_months(months, interval, expected):
    found = sessions_in_months(months, interval)
    assert (found.low, found.high) == expected


@given(st.integers(1, 120), st.integers(1, 4))
def test_more_months_never_mean_fewer_sessions(months, interval):
    fewer, more = sessions_in_months(months, interval), sessions_in_months(months + 1, interval)
    assert fewer.low <= fewer.high
    assert more.low >= fewer.low and more.high >= fewer.high


def test_session_ranges_add():
    assert SessionRange(4, 8) + SessionRange(2, 3) == SessionRange(6, 11)
    with pytest.raises(ValueError):
        SessionRange.create(5, 4)
