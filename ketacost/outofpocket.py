"""What the person pays themselves: the out-of-pocket range, best case to worst."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ketacost.i18n import _
from ketacost.model.coverage import ALL, PART
from ketacost.model.money import MoneyRange
from ketacost.model.record import record
from ketacost.words import format_day, listed

if TYPE_CHECKING:
    from ketacost.coverage import Coverage
    from ketacost.verdict import Verdict

# What the best case is: nothing to pay; some part, how much not published; not
# published at all; or the whole course.
BEST_ZERO, BEST_PART, BEST_NOT_PUBLISHED, BEST_TOTAL = "zero", "part", "not-published", "total"


@record
class OutOfPocket:
    """What the person pays: low in the best case, high in the worst; and why."""

    range: MoneyRange
    best_case: str
    worst_case: str
    paid_by: tuple[str, ...]  # programs counted in the best case
    best: str = BEST_TOTAL  # which kind of best case (BEST_*)
    # The facts not given the best case hangs on (a board's, when the province is not
    # given); each edge names them in its own words.
    depends_on: tuple[str, ...] = ()
    # The program the best case of $0 rests on (its label), when there is one.
    zero_by: str | None = None


def out_of_pocket(total: MoneyRange, coverage: Coverage) -> OutOfPocket:
    """The range the person pays for a course costing `total`.

    High: the worst case, nothing approved: the total's high. Low: the best
    case, every likely or possible program approving what it covers: $0 if one
    pays the whole of what it approves (a source says so); more than $0, how much
    not published, if they pay only part; not published if no source says how
    much they pay, or if a program has no rule in force on the day; the total's
    low if none may pay.
    """
    # A program that may pay says what it covers; one that may not covers nothing.
    paying = [v for v in coverage.verdicts if v.covers is not None]
    worst = _("Worst case: nothing is approved and you pay the whole course.")
    whole = [v for v in paying if v.covers.share == ALL]
    if whole:
        # A verdict that holds whatever the facts not given is the plainer answer.
        v = next((w for w in whole if not w.depends_on), whole[0])
        best = _("Best case: $0, if {program} approves the treatment.").format(
            program=v.program.label
        )
        best += f" {v.covers.because}"
        if v.covers.assumption:
            best += f" {v.covers.assumption}"
        best += " " + _("Whether it approves is the open question: see what it requires first.")
        paid_by = tuple(p.program.id for p in whole)
        return OutOfPocket(
            MoneyRange(Decimal(0), total.high),
            best,
            worst,
            paid_by,
            BEST_ZERO,
            v.depends_on,
            v.program.label,
        )
    if paying:
        parts = [_part_paid(v) for v in paying]
        kind = BEST_PART if all(v.covers.share == PART for v in paying) else BEST_NOT_PUBLISHED
        if kind == BEST_PART:
            lead = _(
                "Best case: more than $0 but less than the whole course; how much is not published."
            )
        else:
            lead = _("Best case not published.")
        best = f"{lead} {' '.join(parts)}"
        paid_by = tuple(v.program.id for v in paying)
        return OutOfPocket(MoneyRange(None, total.high), best, worst, paid_by, kind)
    if coverage.undecided:
        best = _(
            "Best case not known: the data has no coverage rule in force on {day} for {programs}."
        ).format(day=format_day(coverage.as_of), programs=listed(list(coverage.undecided)))
        return OutOfPocket(MoneyRange(None, total.high), best, worst, (), BEST_NOT_PUBLISHED)
    best = _("No program is likely or possible to pay: you pay the whole course.")
    return OutOfPocket(MoneyRange(total.low, total.high), best, worst, (), BEST_TOTAL)


def _part_paid(verdict: Verdict) -> str:
    """What a program paying part, or an amount not published, pays, in a sentence."""
    covers, label = verdict.covers, verdict.program.label
    excluded = "; ".join(covers.does_not_pay)
    if covers.share == PART:
        if covers.does_not_pay:
            return _("{program} pays at least part of the course: {pays}, not {excluded}.").format(
                program=label, pays=covers.pays, excluded=excluded
            )
        return _("{program} pays at least part of the course: {pays}.").format(
            program=label, pays=covers.pays
        )
    if covers.does_not_pay:
        return _(
            "{program} may pay {pays}, but how much of the course it pays is not published "
            "({excluded})."
        ).format(program=label, pays=covers.pays, excluded=excluded)
    return _(
        "{program} may pay {pays}, but how much of the course it pays is not published."
    ).format(program=label, pays=covers.pays)
