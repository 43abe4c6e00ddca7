"""What the text renderers share: headings, the disclaimer, range bars."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from ketacost.model.coverage import ALL, PART, VERDICTS
from ketacost.model.money import MoneyRange
from ketacost.render.credits import percent
from ketacost.words import depends_text, format_cad, format_range, format_sessions, suggestion_text

DISCLAIMER = "Estimate only — not medical or insurance advice."
BAR_WIDTH = 24

if TYPE_CHECKING:
    from ketacost.coverage import Coverage, Verdict
    from ketacost.estimate import Comparison, Estimate
    from ketacost.outofpocket import OutOfPocket


def heading(estimate: Estimate) -> str:
    """'IV ketamine infusion, 6 sessions' or 'ATMA CENA: Psychedelic Pathway, 6 sessions'."""
    if estimate.program is not None:
        what = f"{estimate.clinic.name}: {estimate.program.label}"
    else:
        what = estimate.treatment.label
    if estimate.sessions is None:
        return what
    count = format_sessions(estimate.sessions)
    plan = f" (plan '{estimate.plan.id}')" if estimate.plan is not None else ""
    return f"{what}, {count} session{'' if count == '1' else 's'}{plan}"


def subheading(estimate: Estimate) -> str | None:
    """For a clinic's program: which treatment it is and what the program is."""
    if estimate.program is None:
        return None
    about = f" {estimate.program.description}" if estimate.program.description else ""
    return f"Treatment: {estimate.treatment.label}.{about}"


SHORT_BASIS = {
    "published-course": "course price",
    "per-session": "per session",
    "first-and-additional": "first + additional",
    "whole-program": "program price",
    "mixed": "mixed",
    "not-published": "",
}


def short_basis(estimate: Estimate) -> str:
    """'course price', 'per session'...; with ', assumed' where some sessions are priced by
    ketacost's assumption (no price is published for them); with where the price changes
    at a larger count ('per session; price changes at 8 sessions')."""
    from ketacost.estimate import later_prices

    text = SHORT_BASIS[estimate.basis_kind]
    if any(phase.assumed for phase in estimate.phases):
        text = f"{text}, assumed" if text else "assumed"
    changes = [course.sessions for course, _ in later_prices(estimate)]
    if changes:
        text += f"; price changes at {changes[0]} sessions"
    return text


# What kind of course a row of `compare --usual` prices.
USUAL_WORDS = {
    "own-plan": "its own plan",
    "published-course": "the course its price source publishes",
    "general-plan": "the general plan for any treatment",
}
USUAL_EXPLAINED = (
    "Each treatment's usual course: a plan made for it (IV's, Spravato's), else the course its "
    "price source publishes, else the general acute course. To price one course for all, give a "
    "number of sessions or a plan."
)


USUAL_SHORT = {"own-plan": "its plan", "published-course": "published", "general-plan": "general"}


def sessions_cell(comparison: Comparison, index: int) -> str:
    """A row's session count; for `compare --usual`, with the kind of course ('6, its
    plan')."""
    estimate = comparison.estimates[index]
    count = format_sessions(estimate.sessions)
    if not comparison.usual:
        return count
    return f"{count}, {USUAL_SHORT[comparison.usual[index]]}"


def usual_text(estimate: Estimate, kind: str) -> str:
    """'6 sessions: its own plan (Standard IV course)' for a row of `compare --usual`."""
    count = format_sessions(estimate.sessions)
    what = f"{count} session{'' if count == '1' else 's'}: {USUAL_WORDS[kind]}"
    if estimate.plan is not None:
        what += f" ({estimate.plan.label})"
    return what


def course_heading(comparison: Comparison) -> str:
    """What every row of a comparison prices."""
    if comparison.usual:
        return "Every treatment for its usual course"
    request = comparison.request
    if comparison.plan is not None:
        course = f"plan '{comparison.plan.id}' ({comparison.plan.label})"
    else:
        course = f"{request.sessions} session{'' if request.sessions == 1 else 's'}"
    if request.maintenance:
        course += f" + {request.maintenance} maintenance"
    if request.months:
        course += f" + {request.months} months of maintenance"
    return f"Every treatment for {course}"


def as_of_line(estimates: list[Estimate], as_of) -> str:
    """'Prices as of 2026-11-22; the figures used hold from 2026-05-05.'"""
    dates = sorted({f.since for e in estimates for f in e.figures})
    line = f"Prices as of {as_of.isoformat()}"
    if not dates:
        return line + "."
    span = dates[0].isoformat()
    if len(dates) > 1:
        span += f" to {dates[-1].isoformat()}"
    return f"{line}; the figures used hold from {span}."


def all_warnings(estimates: list[Estimate]) -> list[str]:
    """Every estimate's warnings, each once."""
    return list(dict.fromkeys(w for e in estimates for w in e.warnings))


def bar(money: MoneyRange, scale: Decimal, width: int = BAR_WIDTH) -> str:
    """A low-high bar drawn to `scale` (the largest amount shown), `width` cells wide.

    '·' up to the low, '█' from low to high; an unpublished high runs on as '░'
    to the edge. Empty when nothing is published.
    """
    if money.low is None or scale <= 0:
        return ""
    start = min(width - 1, int(money.low / scale * width))
    if money.high is None:
        return "·" * start + "█" + "░" * (width - start - 1)
    end = max(start + 1, min(width, math.ceil(money.high * width / scale)))
    return "·" * start + "█" * (end - start) + " " * (width - end)


def bar_scale(ranges: list[MoneyRange]) -> Decimal:
    """The largest published amount among `ranges` (0 if none)."""
    amounts = [a for r in ranges for a in (r.low, r.high) if a is not None]
    return max(amounts, default=Decimal(0))


def total_text(money: MoneyRange) -> str:
    """The total as a person reads it, saying plainly which bound is not published."""
    if money.is_unknown:
        return "not published"
    text = f"{format_range(money, cents=True)} CAD"
    if money.high is None:
        return f"{text} (no upper price is published)"
    if money.low is None:
        return f"{text} (no lower price is published)"
    return text


def deposit_text(estimate: Estimate) -> str | None:
    """'Deposit: $300.00, non-refundable; the source does not say whether it counts
    toward the price: ask the clinic.' or None."""
    if estimate.deposit is None:
        return None
    return f"Deposit: {deposit_words(estimate.deposit.value)}"


def deposit_words(deposit) -> str:
    """A deposit, whether it comes back, and whether it is paid on top of the price."""
    kind = "refundable" if deposit.refundable else "non-refundable"
    if deposit.counts_toward_price is None:
        toward = (
            "the source does not say whether it counts toward the price: ask the clinic. "
            "Not in the total above."
        )
    elif deposit.counts_toward_price:
        toward = "it counts toward the price (the total above includes it)."
    else:
        toward = "it is paid on top of the price: add it to the total above."
    return f"{format_cad(deposit.amount, cents=True)}, {kind}; {toward}"


def compare_notes(estimates: list[Estimate]) -> list[str]:
    """Each note of a comparison once, prefixed by the treatments it is about unless
    it is about all of them; then where a treatment's price changes at a larger count
    than its row's."""
    from ketacost.estimate import later_prices

    about: dict[str, list[str]] = {}
    for e in estimates:
        for note in e.notes:
            about.setdefault(note, []).append(e.treatment.id)
    notes = [
        note if len(ids) == len(estimates) else f"{', '.join(ids)}: {note}"
        for note, ids in about.items()
    ]
    for e in estimates:
        for course, price in later_prices(e):
            notes.append(
                f"{e.treatment.id}: the price changes at {course.sessions} sessions: the "
                f"{course.label} costs {format_range(price)}, and this row's "
                f"{format_sessions(e.sessions)} are priced per session."
            )
    return notes


def paid_columns(comparison: Comparison) -> tuple[bool, bool]:
    """Whether a comparison shows what the person pays (a situation was given) and what
    is left after the tax credits (a net income was given)."""
    paid = any(e.coverage is not None and e.coverage.situation.given for e in comparison.estimates)
    return paid, any(e.tax is not None for e in comparison.estimates)


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


def likely_payer_text(estimate: Estimate) -> str:
    """'Private insurance (possible)', or 'none' when no program may pay."""
    payer = likely_payer(estimate)
    return "none" if payer is None else f"{payer.program.label} ({payer.verdict})"


def paid_text(estimate: Estimate) -> str:
    """What the person pays for one treatment of a comparison, in whole dollars where
    the amounts have no cents."""
    from ketacost.outofpocket import BEST_PART

    oop = estimate.out_of_pocket
    money = oop.range
    if money.low is None and money.high is not None:
        low = "more than $0" if oop.best == BEST_PART else "not published"
        return f"{low} to {format_cad(money.high)}"
    return format_range(money)


def compared_situation(comparison: Comparison) -> str:
    """The situation every row of a comparison is for, without the treatment."""
    from ketacost.words import describe_situation

    first = comparison.estimates[0].coverage
    facts = describe_situation(first.situation, first.words, ids=False)
    return " · ".join(facts) or "nothing stated"


def after_credits_text(estimate: Estimate) -> str:
    """What is left after the tax credits; 'not known' without the federal credit."""
    tax = estimate.tax
    if tax is None or tax.after_credits.is_unknown:
        return "not known"
    return format_range(tax.after_credits)


def situation_hint(names: Mapping[str, str] | None) -> str:
    """How to add a situation: its options where the reader types them."""
    facts = ("province", "conditions", "insurance", "work_injury", "veteran")
    said = f" ({', '.join(names.get(f, f) for f in facts)})" if names else ""
    return (
        f"Who may pay: add your situation{said} to see each program's verdict and what you "
        "would pay yourself."
    )


def situation_text(coverage: Coverage) -> str:
    """'Alberta (AB) · Treatment-resistant depression (trd) · treatment iv'."""
    return " · ".join(coverage.facts) if coverage.facts else "nothing stated"


def no_verdicts_text(coverage: Coverage) -> str:
    """What to say when no program has a rule in force on the day."""
    return (
        f"No coverage rule in the data holds on {coverage.as_of.isoformat()}: "
        "who may pay is not known."
    )


def ordered_verdicts(coverage: Coverage) -> list[Verdict]:
    """Programs that may pay first (likely, then possible), then the rest, in data order."""
    order = {name: rank for rank, name in enumerate(VERDICTS)}
    return sorted(coverage.verdicts, key=lambda v: order[v.verdict])


class Row:
    """One row of a verdict table: a program, or a group of programs shown as one."""

    __slots__ = ("label", "verdict", "reasons", "prerequisites")

    def __init__(self, label: str, verdict: str, reasons: tuple, prerequisites: tuple = ()):
        self.label, self.verdict = label, verdict
        self.reasons, self.prerequisites = reasons, prerequisites


def reasons(verdict: Verdict, names: Mapping[str, str] | None) -> tuple[str, ...]:
    """A verdict's reasons, led by what it depends on when facts not given decide."""
    if not verdict.depends_on:
        return verdict.reasons
    return (depends_text(verdict.depends_on, names), *verdict.reasons)


def verdict_rows(coverage: Coverage, names: Mapping[str, str] | None = None) -> list[Row]:
    """The verdict table's rows, in the order of ordered_verdicts: programs of a group
    that are all not-eligible for the same reason (the other provinces' boards) are one
    row, where the first of them would be."""
    from ketacost.coverage import collapsed

    groups = collapsed(coverage.verdicts)
    first = {id(members[0]): key for key, members in groups.items()}
    folded = {id(v) for members in groups.values() for v in members}
    rows = []
    for v in ordered_verdicts(coverage):
        if id(v) in first:
            key = first[id(v)]
            shown = v.program.group.collapse[key[1]]
            rows.append(Row(shown.label, v.verdict, (shown.reason,)))
        elif id(v) not in folded:
            rows.append(Row(v.program.label, v.verdict, reasons(v, names), v.prerequisites))
    return rows


def covers_text(verdict: Verdict) -> str | None:
    """'Pays: X, in full. Does not pay: Y.' for a program that may pay."""
    covers = verdict.covers
    if covers is None:
        return None
    if covers.share == ALL:
        text = f"Pays: {covers.pays}, in full. {covers.because}"
    elif covers.share == PART:
        text = f"Pays only part: {covers.pays}."
    else:
        text = f"Pays: {covers.pays}; how much of it is not published."
    if covers.does_not_pay:
        text += f" Does not pay: {'; '.join(covers.does_not_pay)}."
    if covers.assumption:
        text += f" Assumed: {covers.assumption}"
    return text


def changes(coverage: Coverage, names: Mapping[str, str] | None = None) -> list[str]:
    """Every program's 'what would change it', prefixed by the program. In plain words
    (no `names`), changing the treatment is not suggested: a document is about its own."""
    return [
        f"{v.program.label}: {suggestion_text(s, coverage.words, names)}"
        for v in coverage.verdicts
        for s in v.would_change
        if names is not None or "treatment" not in dict(s.changes)
    ]


def coverage_notes(coverage: Coverage) -> list[str]:
    """Every program's notes for this situation, prefixed by the program; then the notes
    about the situation as a whole."""
    notes = [f"{v.program.label}: {text}" for v in coverage.verdicts for text in v.notes]
    return notes + list(coverage.notes)


def out_of_pocket_text(oop: OutOfPocket) -> str:
    """'$0.00–$5,400.00 CAD'; 'more than $0 to $7,000.00 CAD' when programs pay part and
    how much is not published; 'not published to $7,000.00 CAD' when the best case is
    not known."""
    from ketacost.outofpocket import BEST_PART

    money = oop.range
    if money.low is None and money.high is not None:
        low = "more than $0" if oop.best == BEST_PART else "not published"
        return f"{low} to {format_cad(money.high, cents=True)} CAD"
    return total_text(money)


def best_case_text(oop: OutOfPocket, names: Mapping[str, str] | None = None) -> str:
    """The best case in words, with what it depends on when facts not given decide."""
    if not oop.depends_on:
        return oop.best_case
    return f"{oop.best_case} {depends_text(oop.depends_on, names)}"


def figure_lines(estimate: Estimate, cite: Callable[[str], str] | None = None) -> list[str]:
    """Each dated value the estimate used: its key, value, date and source; then each
    phase's arithmetic. With `cite` (source id -> how a document names it), no key path
    and no source id is shown."""
    lines = []
    for figure in estimate.figures:
        value = figure.value
        shown = format_range(value, cents=True) if isinstance(value, MoneyRange) else str(value)
        if cite is None:
            lines.append(
                f"{figure.key} = {shown} (holds from {figure.since.isoformat()}; {figure.source})"
            )
        else:
            lines.append(f"{shown} (holds from {figure.since.isoformat()}; {cite(figure.source)})")
    for phase in estimate.phases:
        lines.append(f"{phase.label}: {format_range(phase.cost, cents=True)} ({phase.basis})")
    tax = estimate.tax
    for credit in (tax.federal, tax.provincial) if tax is not None else ():
        for figure in credit.figures if credit is not None else ():
            # A threshold is an amount; a rate, a share or the abatement a fraction.
            shown = (
                format_cad(figure.value, cents=True) if figure.value >= 1 else percent(figure.value)
            )
            where = figure.source if cite is None else cite(figure.source)
            key = f"{figure.key} = " if cite is None else f"{credit.rule.label}: "
            lines.append(f"{key}{shown} (tax year {figure.since.year}; {where})")
    return lines


ANSWER_TITLE = "Your answer"


def _deposit_aside(estimate: Estimate) -> str:
    """What the answer says of a deposit that may not be in the total."""
    if estimate.deposit is None or estimate.deposit.value.counts_toward_price:
        return ""
    deposit = estimate.deposit.value
    amount = format_cad(deposit.amount, cents=True)
    if deposit.counts_toward_price is False:
        return f", plus a {amount} deposit paid on top"
    return f"; a {amount} deposit too: ask whether it counts toward the price"


def payer_line(verdicts, prefer: str | None = None) -> str:
    """'Most likely to pay: X (likely). First step: ...' from a situation's verdicts (of
    those equally likely, `prefer`, the program the best case rests on)."""
    payer = _first_payer(verdicts, prefer)
    if payer is None:
        return "Most likely to pay: none in your situation (see who may pay below)."
    step = payer.first_step or (payer.prerequisites[0] if payer.prerequisites else None)
    first = f" First step: {step.rstrip('.')}." if step else ""
    return f"Most likely to pay: {payer.program.label} ({payer.verdict}).{first}"


def answer_lines(estimate: Estimate) -> list[str]:
    """The answer in three lines, for a person who gave their situation: what the course
    costs, what they may pay themselves (best and worst case), and which program is most
    likely to pay with its first step. Plain words: no option, no id."""
    from ketacost.outofpocket import BEST_NOT_PUBLISHED, BEST_PART, BEST_ZERO

    what = heading(estimate)
    lines = [f"The course ({what}): {total_text(estimate.total)}{_deposit_aside(estimate)}."]
    oop = estimate.out_of_pocket
    high = format_cad(oop.range.high, cents=True) if oop.range.high is not None else None
    payer = likely_payer(estimate)
    worst = (
        f"at most {high}, if nothing is approved"
        if high
        else "the most you could pay is not published"
    )
    if oop.best == BEST_ZERO:
        # The program whose approval the $0 rests on: the one the best case names.
        who = oop.zero_by or (payer.program.label if payer is not None else "a program")
        lines.append(f"You may pay: nothing, if {who} approves it; {worst}.")
    elif oop.best == BEST_PART:
        part = "a program may pay part"
        if payer is not None and payer.covers is not None:
            part = f"{payer.program.label} may pay {payer.covers.pays}"
        lines.append(f"You may pay: more than $0, as {part}; {worst}.")
    elif oop.best == BEST_NOT_PUBLISHED:
        lines.append(
            f"You may pay: less if a program approves (how much is not published); {worst}."
        )
    else:
        lines.append(f"You pay: {total_text(oop.range)}; no program is likely or possible to pay.")
    lines.append(payer_line(ordered_verdicts(estimate.coverage), oop.zero_by))
    return lines


def answered(estimate: Estimate, explain: bool = False) -> bool:
    """Whether the output opens with the answer: a situation was given."""
    coverage = estimate.coverage
    return (
        coverage is not None and estimate.out_of_pocket is not None and (coverage.situation.given)
    )
