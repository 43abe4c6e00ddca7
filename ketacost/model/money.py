"""Money and session-count ranges.

Money is `Decimal`, never float, and is rounded only for display. A bound of
`None` means "not published": no source gives that figure. Arithmetic keeps it
unknown, because a sum with an unknown part is unknown.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ketacost.i18n import _
from ketacost.model.record import record

CENT = Decimal("0.01")
# Limits on what any course or price may hold; a figure beyond them is a data error.
MAX_SESSIONS = 200
MAX_AMOUNT = Decimal("100000000")


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a + b


@record
class MoneyRange:
    """A low-high range of Canadian dollars; either bound may be unknown (None)."""

    low: Decimal | None
    high: Decimal | None

    @classmethod
    def create(cls, low: Decimal | None, high: Decimal | None) -> MoneyRange:
        """Build a range, checking that known bounds are finite, non-negative and ordered.

        Raises ValueError otherwise.
        """
        for bound in (low, high):
            if bound is not None and (not bound.is_finite() or bound < 0):
                raise ValueError(
                    _("amount must be a finite number >= 0, not {amount}").format(amount=bound)
                )
        if low is not None and high is not None and low > high:
            raise ValueError(_("low ({low}) is above high ({high})").format(low=low, high=high))
        return cls(low, high)

    @classmethod
    def zero(cls) -> MoneyRange:
        """The empty sum: nothing to pay."""
        return cls(Decimal(0), Decimal(0))

    @classmethod
    def unknown(cls) -> MoneyRange:
        """A range with neither bound published."""
        return cls(None, None)

    @property
    def is_unknown(self) -> bool:
        """True when neither bound is published."""
        return self.low is None and self.high is None

    def __add__(self, other: MoneyRange) -> MoneyRange:
        return MoneyRange(_add(self.low, other.low), _add(self.high, other.high))

    def times(self, count: int) -> MoneyRange:
        """This range for `count` items (count >= 0); none of anything costs nothing."""
        if count < 0:
            raise ValueError("count must be >= 0")
        if count == 0:
            return MoneyRange.zero()
        return MoneyRange(
            None if self.low is None else self.low * count,
            None if self.high is None else self.high * count,
        )

    def hull(self, other: MoneyRange) -> MoneyRange:
        """The smallest range holding both: lowest low, highest high (unknown stays unknown)."""
        low = None if self.low is None or other.low is None else min(self.low, other.low)
        high = None if self.high is None or other.high is None else max(self.high, other.high)
        return MoneyRange(low, high)


@record
class SessionRange:
    """A low-high range of session counts (both >= 0, low <= high)."""

    low: int
    high: int

    @classmethod
    def create(cls, low: int, high: int | None = None) -> SessionRange:
        """Build a range; `high` defaults to `low`. Raises ValueError if out of order."""
        high = low if high is None else high
        if low < 0 or low > high:
            raise ValueError(
                _("session range {low}-{high} must have 0 <= low <= high").format(
                    low=low, high=high
                )
            )
        return cls(low, high)

    def __add__(self, other: SessionRange) -> SessionRange:
        return SessionRange(self.low + other.low, self.high + other.high)

    @classmethod
    def total(cls, ranges) -> SessionRange:
        """The sum of several ranges (0-0 for none)."""
        total = cls(0, 0)
        for each in ranges:
            total = total + each
        return total

    def counts(self) -> range:
        """Every count in the range, low to high."""
        return range(self.low, self.high + 1)

    @property
    def is_single(self) -> bool:
        """True when the range holds one count."""
        return self.low == self.high


def to_cents(amount: Decimal) -> Decimal:
    """Round an amount to cents for display (half up, as on an invoice)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)
