"""What a comparison of every treatment says: its heading, each row's basis and kind of
course, the range bars, what the person pays and what is left after credits, its notes."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import TYPE_CHECKING

from ketacost.estimate import later_prices
from ketacost.i18n import N_, _
from ketacost.model.money import MoneyRange
from ketacost.render.answer import likely_payer
from ketacost.render.wording import out_of_pocket_text
from ketacost.words import (
    describe_situation,
    format_cad,
    format_range,
    format_sessions,
    verdict_word,
)

if TYPE_CHECKING:
    from ketacost.estimate import Comparison, Estimate

BAR_WIDTH = 24


SHORT_BASIS = {
    "published-course": N_("course price"),
    "per-session": N_("per session"),
    "first-and-additional": N_("first + additional"),
    "whole-program": N_("program price"),
    "mixed": N_("mixed"),
    "not-published": "",
}


def short_basis(estimate: Estimate) -> str:
    """'course price', 'per session'...; with ', assumed' where some sessions are priced by
    ketacost's assumption (no price is published for them); with where the price changes
    at a larger count ('per session; price changes at 8 sessions')."""
    text = _(SHORT_BASIS[estimate.basis_kind])
    if any(phase.assumed for phase in estimate.phases):
        text = _("{basis}, assumed").format(basis=text) if text else _("assumed")
    changes = [course.sessions for course, _price in later_prices(estimate)]
    if changes:
        text += _("; price changes at {count} sessions").format(count=changes[0])
    return text


# What kind of course a row of `compare --usual` prices.
USUAL_WORDS = {
    "own-plan": N_("its own plan"),
    "published-course": N_("the course its price source publishes"),
    "general-plan": N_("the general plan for any treatment"),
}
USUAL_EXPLAINED = N_(
    "Each treatment's usual course: a plan made for it (IV's, Spravato's), else the course its "
    "price source publishes, else the general acute course. To price one course for all, give a "
    "number of sessions or a plan."
)


USUAL_SHORT = {
    "own-plan": N_("its plan"),
    "published-course": N_("published"),
    "general-plan": N_("general"),
}


def sessions_cell(comparison: Comparison, index: int) -> str:
    """A row's session count; for `compare --usual`, with the kind of course ('6, its
    plan')."""
    estimate = comparison.estimates[index]
    count = format_sessions(estimate.sessions)
    if not comparison.usual:
        return count
    return f"{count}, {_(USUAL_SHORT[comparison.usual[index]])}"


def usual_text(estimate: Estimate, kind: str) -> str:
    """'6 sessions: its own plan (Standard IV course)' for a row of `compare --usual`."""
    count = format_sessions(estimate.sessions)
    template = _("{count} session: {course}") if count == "1" else _("{count} sessions: {course}")
    what = template.format(count=count, course=_(USUAL_WORDS[kind]))
    if estimate.plan is not None:
        what += f" ({estimate.plan.label})"
    return what


def course_heading(comparison: Comparison) -> str:
    """What every row of a comparison prices."""
    if comparison.usual:
        return _("Every treatment for its usual course")
    request = comparison.request
    if comparison.plan is not None:
        course = _("plan '{plan}' ({label})").format(
            plan=comparison.plan.id, label=comparison.plan.label
        )
    elif request.sessions == 1:
        course = _("{count} session").format(count=request.sessions)
    else:
        course = _("{count} sessions").format(count=request.sessions)
    parts = [course]
    if request.maintenance:
        parts.append(_("{count} maintenance").format(count=request.maintenance))
    if request.months:
        parts.append(_("{count} months of maintenance").format(count=request.months))
    return _("Every treatment for {course}").format(course=" + ".join(parts))


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


def compare_notes(estimates: list[Estimate]) -> list[str]:
    """Each note of a comparison once, prefixed by the treatments it is about unless
    it is about all of them; then where a treatment's price changes at a larger count
    than its row's."""
    about: dict[str, list[str]] = {}
    for e in estimates:
        for note in e.notes:
            about.setdefault(note, []).append(e.treatment.id)
    notes = [
        note
        if len(ids) == len(estimates)
        else _("{name}: {text}").format(name=", ".join(ids), text=note)
        for note, ids in about.items()
    ]
    for e in estimates:
        for course, price in later_prices(e):
            notes.append(
                _(
                    "{treatment}: the price changes at {count} sessions: the {course} costs "
                    "{price}, and this row's {sessions} are priced per session."
                ).format(
                    treatment=e.treatment.id,
                    count=course.sessions,
                    course=course.label,
                    price=format_range(price),
                    sessions=format_sessions(e.sessions),
                )
            )
    return notes


def paid_columns(comparison: Comparison) -> tuple[bool, bool]:
    """Whether a comparison shows what the person pays (a situation or a health spending
    account was given) and what is left after the tax credits (a net income was given)."""
    paid = any(
        e.hsa is not None or (e.coverage is not None and e.coverage.situation.given)
        for e in comparison.estimates
    )
    return paid, any(e.tax is not None for e in comparison.estimates)


def likely_payer_text(estimate: Estimate) -> str:
    """'Private insurance (possible)', or 'none' when no program may pay."""
    payer = likely_payer(estimate)
    if payer is None:
        return _("none")
    return f"{payer.program.label} ({verdict_word(payer.verdict)})"


def paid_text(estimate: Estimate) -> str:
    """What the person pays for one treatment of a comparison (after their health
    spending account, with one), in whole dollars where the amounts have no cents."""
    if estimate.hsa is not None:
        from ketacost.render.credits import left_text

        return left_text(estimate.hsa, estimate.out_of_pocket, short=True)
    return out_of_pocket_text(estimate.out_of_pocket, short=True)


def account_text(comparison: Comparison) -> str | None:
    """Under a comparison with a health spending account: that 'You pay' is after it."""
    hsa = next((e.hsa for e in comparison.estimates if e.hsa is not None), None)
    if hsa is None:
        return None
    from ketacost.render.credits import account_name

    return _(
        "You pay is after your {account} ({balance} left) pays what qualifies as a medical "
        "expense; where a treatment's fees may not qualify, only its best case counts on it."
    ).format(
        account=account_name(hsa),
        balance=format_cad(hsa.balance, cents=True),
    )


def compared_situation(comparison: Comparison) -> str:
    """The situation every row of a comparison is for, without the treatment."""
    first = comparison.estimates[0].coverage
    facts = describe_situation(first.situation, first.words, ids=False)
    return " · ".join(facts) or _("nothing stated")


def after_credits_text(estimate: Estimate) -> str:
    """What is left after the tax credits; 'not known' without the federal credit."""
    tax = estimate.tax
    if tax is None or tax.after_credits.is_unknown:
        return _("not known")
    return format_range(tax.after_credits)
