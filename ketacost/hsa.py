"""What a health spending account pays of what the person would pay themselves.

A health spending account (HSA) is the person's own yearly amount from their employer:
it pays expenses that qualify as medical expenses, up to the balance left. It is not an
approval, so where a treatment's fees usually qualify it pays in the worst case too:
both ends of the out-of-pocket range fall by what it pays, never below $0. Where
qualifying is uncertain only the best case counts on it; where the fees do not qualify
it pays nothing. What it pays cannot also be claimed for the tax credit, so the credit
is worked out on what is left (ketacost.estimate.with_tax).
"""

from __future__ import annotations

from decimal import Decimal

from ketacost.model.money import MoneyRange
from ketacost.model.record import record
from ketacost.model.sources import Source
from ketacost.model.tax import DOES_NOT, UNCERTAIN, USUALLY, Qualifying, SpendingAccountRules

ZERO = Decimal(0)


@record
class SpendingAccount:
    """What the account pays of the out-of-pocket range (`pays`: the least and the most
    it pays), and what is left for the person (`left`: best case to worst)."""

    balance: Decimal
    label: str
    qualifies: Qualifying
    pays: MoneyRange
    left: MoneyRange
    sources: tuple[str, ...]
    cited: tuple[Source, ...] = ()  # the sources of `sources`, as records


def spending_account(
    rules: SpendingAccountRules, treatment: str, balance: Decimal, paid: MoneyRange
) -> SpendingAccount:
    """What an account with `balance` left pays of `paid` (the out-of-pocket range, best
    case low) for `treatment`'s fees. A bound not published stays not published."""
    qualifying = rules.for_treatment(treatment)

    def pays(amount: Decimal | None) -> Decimal | None:
        return None if amount is None else min(balance, amount)

    def less(amount: Decimal | None) -> Decimal | None:
        return None if amount is None else max(ZERO, amount - balance)

    if qualifying.qualifies == USUALLY:
        paying = MoneyRange(pays(paid.low), pays(paid.high))
        worst = less(paid.high)
        # Nothing left in the worst case: nothing left in the best case either, even
        # where the best case was not published.
        best = ZERO if worst == ZERO else less(paid.low)
        left = MoneyRange(best, worst)
    elif qualifying.qualifies == UNCERTAIN:
        # If the fees do not qualify it pays nothing: the worst case stays as it was.
        paying = MoneyRange(ZERO, pays(paid.high))
        left = MoneyRange(less(paid.low), paid.high)
    else:
        assert qualifying.qualifies == DOES_NOT
        paying, left = MoneyRange.zero(), paid
    sources = tuple(dict.fromkeys((*rules.sources, *qualifying.sources)))
    return SpendingAccount(
        balance=balance,
        label=rules.label,
        qualifies=qualifying,
        pays=paying,
        left=left,
        sources=sources,
    )
