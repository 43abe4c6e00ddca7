"""The answer a person reads first, in three lines: what the course costs, what they may
pay themselves (best and worst case), and which program is most likely to pay, with its
first step. Plain words: no option, no id."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ketacost.i18n import N_, _
from ketacost.outofpocket import BEST_NOT_PUBLISHED, BEST_PART, BEST_ZERO
from ketacost.render.wording import heading, ordered_verdicts, step_lines, total_text
from ketacost.words import format_cad, verdict_word

if TYPE_CHECKING:
    from ketacost.estimate import Estimate


ANSWER_TITLE = N_("Your answer")


def likely_payer(estimate: Estimate):
    """The program most likely to pay for the estimate's course (the first likely, else
    possible, verdict in the data's order); None if none may."""
    if estimate.coverage is None:
        return None
    zero_by = estimate.out_of_pocket.zero_by if estimate.out_of_pocket else None
    return _first_payer(ordered_verdicts(estimate.coverage), zero_by)


def _first_payer(verdicts, prefer: str | None = None):
    """The likeliest program that may pay; of those equally likely, the one the best
    case rests on (`prefer`, a label), else the first in the data's order."""
    paying = [v for v in verdicts if v.may_pay]
    if not paying:
        return None
    top = [v for v in paying if v.verdict == paying[0].verdict]
    return next((v for v in top if v.program.label == prefer), top[0])


def _course_line(estimate: Estimate) -> str:
    """What the course costs, with what the answer says of a deposit that may not be in
    the total."""
    what, total = heading(estimate), total_text(estimate.total)
    if estimate.deposit is None or estimate.deposit.value.counts_toward_price:
        return _("The course ({what}): {total}.").format(what=what, total=total)
    deposit = estimate.deposit.value
    amount = format_cad(deposit.amount, cents=True)
    if deposit.counts_toward_price is False:
        template = _("The course ({what}): {total}, plus a {amount} deposit paid on top.")
    else:
        template = _(
            "The course ({what}): {total}; a {amount} deposit too: ask whether it counts "
            "toward the price."
        )
    return template.format(what=what, total=total, amount=amount)


# Of the programs that may pay, how many the answer says what to do for; the others
# are named, and said in full with their verdicts.
PAYERS_SHOWN = 3


def payer_lines(verdicts, prefer: str | None = None, refusals: bool = True) -> list[str]:
    """The program most likely to pay, with what to do and (with `refusals`) where a
    refusal goes; then each other program that may pay, up to PAYERS_SHOWN in all (the
    rest named)."""
    payer = _first_payer(verdicts, prefer)
    if payer is None:
        return [_("Most likely to pay: none in your situation (see who may pay below).")]
    others = [v for v in verdicts if v.may_pay and v is not payer]
    lines = _payer(payer, True, refusals)
    for other in others[: PAYERS_SHOWN - 1]:
        lines += _payer(other, False, refusals)
    rest = [v.program.label for v in others[PAYERS_SHOWN - 1 :]]
    if rest:
        lines.append(
            _("Also may pay: {programs} (see who may pay below).").format(programs=", ".join(rest))
        )
    return lines


def _payer(verdict, first: bool, refusals: bool) -> list[str]:
    """'Most likely to pay: X (likely). What to do: ...' (or 'Also may pay', not `first`)
    and 'If it is refused: ...'; without a next step in the data, its first step."""
    if first:
        template = _("Most likely to pay: {program} ({verdict}).")
    else:
        template = _("Also may pay: {program} ({verdict}).")
    said = template.format(program=verdict.program.label, verdict=verdict_word(verdict.verdict))
    # Its own first requirement is a caveat (a formulary, an eligible plan): said first.
    step = first_step(verdict)
    if step:
        said += " " + _("First step: {step}.").format(step=step.rstrip("."))
    steps = step_lines(verdict)
    if steps:
        return [f"{said} {steps[0]}", *(steps[1:] if refusals else ())]
    return [said]


def first_step(verdict) -> str | None:
    """A program's own first requirement (its approval, a formulary...), else its first
    prerequisite; None where it has none."""
    return verdict.first_step or (verdict.prerequisites[0] if verdict.prerequisites else None)


def answer_lines(estimate: Estimate, refusals: bool = True) -> list[str]:
    """The answer in three lines, for a person who gave their situation: what the course
    costs, what they may pay themselves (best and worst case), and which program is most
    likely to pay with its first step. Plain words: no option, no id."""
    lines = [_course_line(estimate)]
    oop = estimate.out_of_pocket
    high = format_cad(oop.range.high, cents=True) if oop.range.high is not None else None
    payer = likely_payer(estimate)
    worst = (
        _("at most {amount}, if nothing is approved").format(amount=high)
        if high
        else _("the most you could pay is not published")
    )
    if oop.best == BEST_ZERO:
        # The program whose approval the $0 rests on: the one the best case names.
        who = oop.zero_by or (payer.program.label if payer is not None else _("a program"))
        lines.append(
            _("You may pay: nothing, if {program} approves it; {worst}.").format(
                program=who, worst=worst
            )
        )
    elif oop.best == BEST_PART:
        part = _("a program may pay part")
        if payer is not None and payer.covers is not None:
            part = _("{program} may pay {pays}").format(
                program=payer.program.label, pays=payer.covers.pays
            )
        lines.append(
            _("You may pay: more than $0, as {part}; {worst}.").format(part=part, worst=worst)
        )
    elif oop.best == BEST_NOT_PUBLISHED:
        lines.append(
            _(
                "You may pay: less if a program approves (how much is not published); {worst}."
            ).format(worst=worst)
        )
    else:
        lines.append(
            _("You pay: {total}; no program is likely or possible to pay.").format(
                total=total_text(oop.range)
            )
        )
    lines += payer_lines(ordered_verdicts(estimate.coverage), oop.zero_by, refusals)
    if estimate.hsa is not None:
        from ketacost.render.credits import account_answer

        lines.append(account_answer(estimate.hsa, estimate.out_of_pocket))
    return lines


def answered(estimate: Estimate) -> bool:
    """Whether the output opens with the answer: a situation was given."""
    return estimate.coverage is not None and estimate.coverage.situation.given
