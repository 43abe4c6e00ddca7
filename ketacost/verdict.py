"""One program's verdict for a situation: the record, and how it is decided.

A program's rules in force on the day are tried in order; the first that holds
decides. A rule that depends on a fact the person did not give is a candidate:
the verdict then spans every candidate up to the first rule that holds, and
says which missing fact decides (ketacost.candidates).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from ketacost.candidates import RANK, Step, combine, reachable, walk
from ketacost.i18n import _
from ketacost.model.conditions import ALWAYS
from ketacost.model.coverage import PAYING, Carrier, CoverageProgram, Covers, NextStep, Rule
from ketacost.model.record import field, record, replace
from ketacost.model.situation import Situation, Vocabulary, independent, unknown_facts
from ketacost.words import describe_fact, format_day, verdict_word

if TYPE_CHECKING:
    from ketacost.wouldchange import Suggestion


@record
class Verdict:
    """One program's probable coverage for a situation, with everything behind it."""

    program: CoverageProgram
    verdict: str
    deciding: tuple[Rule, ...]  # one rule, or the candidates when a missing fact decides
    reasons: tuple[str, ...]
    prerequisites: tuple[str, ...]
    covers: Covers | None
    sources: tuple[str, ...]
    notes: tuple[str, ...]
    steps: tuple[Step, ...]
    # What `would_change` starts from: found only when asked (a batch never asks).
    situation: Situation
    as_of: dt.date
    words: Vocabulary = field(compare=False, repr=False)
    fixed: frozenset[str] = frozenset()
    # The facts not given that decide between the candidates (the reasons then give each
    # outcome); each edge names them in its own words.
    depends_on: tuple[str, ...] = ()
    # Of several conditions given, the one this verdict is for (None: one or none given,
    # or all give the same answer), and the other conditions' verdicts.
    condition: str | None = None
    others: tuple[tuple[str, Verdict], ...] = ()
    # The program's own first requirement (its approval, say), not a fact taken as given.
    first_step: str | None = None
    # The carriers the person named that this program speaks for (Sun Life, for private
    # insurance), with what each publishes: set for the situation, never decided on.
    carriers: tuple[Carrier, ...] = ()

    @functools.cached_property
    def next_step(self) -> NextStep | None:
        """What to do to have the program pay (likely or possible), in force on the day:
        the first of its next steps whose `when` holds; None if it may not pay or the
        data says nothing."""
        if not self.may_pay:
            return None
        for step in self.program.next_steps:
            if step.since <= self.as_of and step.when.evaluate(self.situation) is True:
                return step
        return None

    @functools.cached_property
    def would_change(self) -> tuple[Suggestion, ...]:
        """The changes that would make the program likelier to pay, fewest first; with
        several conditions, also those for another condition."""
        from ketacost.wouldchange import would_change

        found = would_change(
            self.program, self.situation, self.as_of, self.verdict, self.words, self.fixed
        )
        for condition, other in self.others:
            found += [
                replace(s, condition=condition)
                for s in would_change(
                    other.program, other.situation, self.as_of, other.verdict, self.words,
                    self.fixed,
                )
                if RANK[s.verdict] > RANK[self.verdict]
                and (s.changes, s.verdict) not in {(f.changes, f.verdict) for f in found}
            ]  # fmt: skip
        return tuple(found)

    def explain(self, cite: Callable[[str], str] | None = None) -> list[str]:
        """How the verdict was reached: each rule in force tried, in order, with its date,
        its sources and its answer. With `cite` (source id -> how a document names it),
        no rule or source id is shown."""
        answers = {
            True: _("holds"),
            False: _("does not hold"),
            None: _("unknown (a fact not given)"),
        }
        lines = []
        if self.condition is not None:
            named = describe_fact("conditions", self.condition, self.words, ids=cite is None)
            lines.append(_("For {condition}:").format(condition=named))
        for number, step in enumerate(self.steps, 1):
            rule = step.rule
            asks = rule.when.describe() or _("always (the answer for everyone else)")
            since = format_day(rule.since)
            if cite is None:
                said = _("rule {rule} (from {day}; {sources})").format(
                    rule=rule.id, day=since, sources=", ".join(rule.sources)
                )
            else:
                titles = "; ".join(cite(source) for source in rule.sources)
                said = _("rule {rule} (from {day}; {sources})").format(
                    rule=number, day=since, sources=titles
                )
                number = None
            line = f"{number}. {said}" if number is not None else said
            line = _("{rule}: when {test}: {answer}").format(
                rule=line, test=asks, answer=answers[step.answer]
            )
            if step.answer is not False:
                line += f" -> {verdict_word(rule.verdict)}"
            lines.append(line)
        return lines

    @property
    def may_pay(self) -> bool:
        """Whether the best case counts this program as paying (likely or possible)."""
        return self.verdict in PAYING


def decide(
    program: CoverageProgram,
    situation: Situation,
    as_of: dt.date,
    words: Vocabulary,
    fixed: frozenset[str] = frozenset(),
) -> Verdict | None:
    """The program's verdict for `situation` on `as_of`, or None if the rules in force
    that day do not answer it for every value of the facts not given.

    `words` names the facts in what would change the verdict."""
    steps, candidates = walk(program, situation, as_of)
    # No rule in force holds for certain (the program's last rule, which holds always, is
    # not yet in force on the day): some values of the facts not given have no answer.
    if not any(step.answer is True for step in steps):
        return None
    candidates = reachable(candidates, situation, words)
    verdict = combine([rule.verdict for rule in candidates])
    best = max(candidates, key=lambda rule: RANK[rule.verdict])
    sources = dict.fromkeys(s for rule in candidates for s in rule.sources)
    notes = [note for note in program.notes if note.shown(situation, as_of)]
    sources.update(dict.fromkeys(note.source for note in notes))
    prerequisites: tuple[str, ...] = ()
    if verdict in PAYING:
        sources.update(dict.fromkeys(best.covers.sources))
        presumed = tuple(p for p in best.when.presumed(situation) if p not in best.prerequisites)
        prerequisites = presumed + best.prerequisites
    return Verdict(
        program=program,
        verdict=verdict,
        deciding=tuple(candidates),
        reasons=tuple(_reasons(candidates, steps, situation)),
        depends_on=_depends_on(candidates, situation),
        prerequisites=prerequisites,
        first_step=best.prerequisites[0] if verdict in PAYING and best.prerequisites else None,
        covers=best.covers if verdict in PAYING else None,
        sources=tuple(sources),
        notes=tuple(note.text for note in notes),
        steps=tuple(steps),
        situation=situation,
        as_of=as_of,
        words=words,
        fixed=fixed,
    )


def _reasons(candidates: list[Rule], steps: list[Step], situation: Situation) -> list[str]:
    """The deciding rule's reason and what in the situation met it; or, when facts not
    given decide (_depends_on), each outcome with the condition it depends on."""
    last = candidates[-1]
    if len({rule.verdict for rule in candidates}) == 1:
        facts = [step.rule.when.failed_by(situation) for step in steps if step.answer is False]
        if last.when is not ALWAYS and last.when.evaluate(situation) is True:
            facts += last.when.met_parts(situation)
        reasons = [last.reason]
        if facts:
            said = "; ".join(dict.fromkeys(facts))
            reasons.append(_("Your situation: {facts}.").format(facts=said))
        return reasons
    reasons = []
    for rule in candidates:
        if rule is last and rule.when.evaluate(situation) is True:
            reasons.append(
                _("Otherwise: {verdict}. {reason}").format(
                    verdict=verdict_word(rule.verdict), reason=rule.reason
                )
            )
        elif rule is last or rule.verdict != last.verdict:
            condition = "; ".join(rule.when.unknown_parts(situation))
            reasons.append(
                _("If {condition}: {verdict}. {reason}").format(
                    condition=condition, verdict=verdict_word(rule.verdict), reason=rule.reason
                )
            )
    return reasons


def _depends_on(candidates: list[Rule], situation: Situation) -> tuple[str, ...]:
    """The facts not given that decide between candidates of different verdicts."""
    if len({rule.verdict for rule in candidates}) == 1:
        return ()
    deciding = independent(
        frozenset().union(*(rule.when.deciding_unknowns(situation) for rule in candidates))
    )
    return tuple(fact for fact in unknown_facts(situation) if fact in deciding)
