"""Pricing one phase of a course from a treatment's or program's prices.

The first phase of a course may match a published course price: one for a
course of exactly that many sessions (WHOLE_COURSE), or one for the first
sessions of any longer course (FIRST_SESSIONS, an induction). Otherwise, and in
every later phase, sessions are priced one by one: the same range each, or a
first (initial) session and additional sessions. A phase of 4-8 sessions costs
the lowest low and the highest high over every count in it.
"""

from __future__ import annotations

import datetime as dt

from ketacost.i18n import N_, _
from ketacost.model.dated import Dated, DatedSeries
from ketacost.model.money import MoneyRange, SessionRange
from ketacost.model.prices import FIRST_SESSIONS, WHOLE_COURSE, Pricing
from ketacost.model.record import record
from ketacost.words import format_day, format_range, format_sessions

# How a cost was reached (the `basis_kind` of phases and estimates).
PUBLISHED_COURSE = "published-course"
PER_SESSION = "per-session"
FIRST_AND_ADDITIONAL = "first-and-additional"
WHOLE_PROGRAM = "whole-program"
NOT_PUBLISHED = "not-published"
MIXED = "mixed"


@record
class PhaseEstimate:
    """One phase's sessions, cost range and how the cost was reached."""

    name: str
    label: str
    sessions: SessionRange | None
    cost: MoneyRange
    basis_kind: str
    basis: str
    # Some sessions are priced by ketacost's assumption, no price being published for
    # them (Spravato's sessions after the induction); the basis says which.
    assumed: bool = False


class Figures:
    """The dated values in force on one day, and those an estimate used, in order of use."""

    def __init__(self, day: dt.date) -> None:
        self.day = day
        self.used: list[Dated] = []
        self.warnings: list[str] = []

    def peek(self, series: DatedSeries[MoneyRange]) -> MoneyRange:
        """The price in force, without counting it as used (unknown if none holds yet)."""
        entry = series.at(self.day)
        return MoneyRange.unknown() if entry is None else entry.value

    def price(self, series: DatedSeries[MoneyRange]) -> MoneyRange:
        """The price in force, counted as used."""
        entry = self.take(series)
        return MoneyRange.unknown() if entry is None else entry.value

    def take(self, series: DatedSeries) -> Dated | None:
        """The value in force, counted as used; None (with a warning) if none holds yet."""
        entry = series.at(self.day)
        if entry is None:
            warning = _(
                "{figure}: no value holds on {day} (the first holds from {first}); treated as "
                "not published"
            ).format(
                figure=series.key,
                day=format_day(self.day),
                first=format_day(series.entries[0].since),
            )
            if warning not in self.warnings:
                self.warnings.append(warning)
            return None
        if entry not in self.used:
            self.used.append(entry)
        return entry


def price_whole_program(pricing: Pricing, label: str, figures: Figures) -> PhaseEstimate:
    """A program priced as a whole: one phase with no session count."""
    cost = figures.price(pricing.whole_program)
    text = _("published price for the whole program: {price}").format(price=format_range(cost))
    return PhaseEstimate("program", label, None, cost, WHOLE_PROGRAM, text)


def price_phase(
    pricing: Pricing,
    name: str,
    label: str,
    sessions: SessionRange,
    first: bool,
    figures: Figures,
    before: int = 0,
) -> PhaseEstimate:
    """Price a phase; `first` is true for the course's first phase, where course
    prices and the first-session price apply. `before` is the most sessions the phases
    before it may hold."""
    if not first:
        return _later_phase(pricing, name, label, sessions, figures, before)
    counts = [_price_count(pricing, n, figures) for n in sessions.counts()]
    cost = counts[0].cost
    for count in counts[1:]:
        cost = cost.hull(count.cost)
    for count in counts:
        for series in count.used:
            figures.take(series)
    kinds = {count.kind for count in counts}
    basis = _plain_basis(pricing, [c.n for c in counts if c.text is None], figures)
    basis += _course_basis(pricing, [c for c in counts if c.text is not None], figures)
    kind = kinds.pop() if len(kinds) == 1 else MIXED
    assumed = any(c.rest and c.assumed for c in counts)
    return PhaseEstimate(name, label, sessions, cost, kind, "; ".join(basis), assumed)


@record
class _Count:
    """A first phase of exactly n sessions: its cost and kind, the published course
    price it used (text None when it is plain sessions x price), the sessions
    after that course (`rest`), and the price series it used."""

    n: int
    cost: MoneyRange
    kind: str
    text: str | None
    used: tuple[DatedSeries, ...]
    rest: int = 0
    assumed: bool = False  # the `rest` are priced by ketacost's assumption


def _price_count(pricing: Pricing, n: int, figures: Figures) -> _Count:
    day = figures.day
    for course in pricing.courses:
        if course.applies == WHOLE_COURSE and course.sessions == n and course.price.at(day):
            price = figures.peek(course.price)
            text = _("{count} sessions: {course}, {price}").format(
                count=n, course=course.label, price=format_range(price)
            )
            return _Count(n, price, PUBLISHED_COURSE, text, (course.price,))
    leading = [
        c
        for c in pricing.courses
        if c.applies == FIRST_SESSIONS and c.sessions <= n and c.price.at(day)
    ]
    if leading:
        course = max(leading, key=lambda c: c.sessions)
        price = figures.peek(course.price)
        text = f"{course.label}, {format_range(price)}"
        rest = n - course.sessions
        if rest == 0:
            return _Count(n, price, PUBLISHED_COURSE, text, (course.price,))
        additional = figures.peek(pricing.additional_session)
        used = (course.price, pricing.additional_session)
        cost = price + additional.times(rest)
        return _Count(n, cost, MIXED, text, used, rest, course.after_assumed)
    cost = figures.peek(pricing.first_session)
    used: tuple[DatedSeries, ...] = (pricing.first_session,)
    if n > 1:
        cost = cost + figures.peek(pricing.additional_session).times(n - 1)
        used += (pricing.additional_session,)
    if cost.is_unknown:
        kind = NOT_PUBLISHED
    else:
        kind = PER_SESSION if pricing.per_session else FIRST_AND_ADDITIONAL
    return _Count(n, cost, kind, None, used)


def _plain_basis(pricing: Pricing, counts: list[int], figures: Figures) -> list[str]:
    """How counts priced session by session were priced, in words."""
    if not counts:
        return []
    first = figures.peek(pricing.first_session)
    if pricing.per_session:
        if first.is_unknown:
            return [_("the price per session is not published")]
        return [
            _("{sessions} × {price} per session").format(
                sessions=_sessions(_runs(counts)), price=format_range(first)
            )
        ]
    parts = []
    if 1 in counts:
        parts.append(_("1 session: first session {price}").format(price=format_range(first)))
    more = [n - 1 for n in counts if n > 1]
    if more:
        additional = figures.peek(pricing.additional_session)
        parts.append(
            _("first session {first} + {sessions} × {unit}").format(
                first=format_range(first),
                sessions=_sessions(_runs(more), ADDITIONAL),
                unit=_unit(additional, each=True),
            )
        )
    return parts


def _course_basis(pricing: Pricing, counts: list[_Count], figures: Figures) -> list[str]:
    """How counts priced from a published course were priced, in words, one line per course."""
    rests: dict[str, list[int]] = {}
    for count in counts:
        rests.setdefault(count.text, []).append(count.rest)
    parts = []
    for text, more in rests.items():
        if max(more) == 0:
            parts.append(text)
            continue
        unit = _unit(figures.peek(pricing.additional_session))
        then = _("{course}, then {sessions} × {unit}").format(
            course=text, sessions=_sessions(_runs(more), MORE), unit=unit
        )
        parts.append(then + _assumption(pricing))
    return parts


def _assumption(pricing: Pricing) -> str:
    """' (assumed: ...)' after sessions whose price is ketacost's assumption, else ''."""
    after = pricing.assumed_after
    if after is None:
        return ""
    return " " + _(
        "(assumed: no price is published for sessions after the first {count}, so ketacost "
        "uses the per-session range)"
    ).format(count=after)


def _later_phase(
    pricing: Pricing,
    name: str,
    label: str,
    sessions: SessionRange,
    figures: Figures,
    before: int,
) -> PhaseEstimate:
    additional = figures.price(pricing.additional_session)
    cost = MoneyRange(additional.times(sessions.low).low, additional.times(sessions.high).high)
    if additional.is_unknown:
        if pricing.per_session:
            said = _("the price per session is not published")
        else:
            said = _("the price per additional session is not published")
        return PhaseEstimate(name, label, sessions, cost, NOT_PUBLISHED, said)
    kind = PER_SESSION if pricing.per_session else FIRST_AND_ADDITIONAL
    if pricing.per_session:
        text = _("{sessions} × {price} per session")
    else:
        text = _("{sessions} × {price} per additional session")
    text = text.format(
        sessions=_sessions(format_sessions(sessions)), price=format_range(additional)
    )
    after = pricing.assumed_after
    assumed = after is not None and before + sessions.high > after
    if assumed:
        text += _assumption(pricing)
    return PhaseEstimate(name, label, sessions, cost, kind, text, assumed)


def _unit(price: MoneyRange, each: bool = False) -> str:
    """'$250–$800 per session' ('$250–$800 each' with `each`), or 'a price not
    published'."""
    if price.is_unknown:
        return _("a price not published")
    if each:
        return _("{price} each").format(price=format_range(price))
    return _("{price} per session").format(price=format_range(price))


# Sessions counted in a basis: (one, several), by what they are.
SESSION, ADDITIONAL, MORE = "session", "additional", "more"
_SESSION_WORDS = {
    SESSION: (N_("{count} session"), N_("{count} sessions")),
    ADDITIONAL: (N_("{count} additional session"), N_("{count} additional sessions")),
    MORE: (N_("{count} more session"), N_("{count} more sessions")),
}


def _sessions(count: str, kind: str = SESSION) -> str:
    """'1 session', '4–8 sessions' ('4–8 additional sessions' for ADDITIONAL)."""
    one, several = _SESSION_WORDS[kind]
    return _(one).format(count=count) if count == "1" else _(several).format(count=count)


def _runs(counts: list[int]) -> str:
    """[4, 5, 7, 8] -> '4–5, 7–8'."""
    runs: list[list[int]] = []
    for n in sorted(counts):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)
