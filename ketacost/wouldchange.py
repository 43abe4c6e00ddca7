"""What would change a verdict: the changes to a situation (an accepted claim, an
insurance, a count, a treatment, a fact not given) that a rule under which the
program may pay asks for, when they make the program likelier to pay."""

from __future__ import annotations

import datetime as dt

from ketacost.candidates import RANK, combine, reachable, walk
from ketacost.model.coverage import PAYING, CoverageProgram, Rule
from ketacost.model.record import record
from ketacost.model.situation import FACTS, Situation, Vocabulary


@record
class Suggestion:
    """A change to the situation that would make a program likelier to pay: the facts
    changed (each with its new value; an insurance or a federal plan is added), the
    verdict it would give, and, with several conditions, the condition it is for. Each
    edge says it in its own words (ketacost.words.suggestion)."""

    changes: tuple[tuple[str, object], ...]
    verdict: str
    condition: str | None = None


# Facts a person could add or change by choice; a fact not given may always change.
CHANGEABLE = ("work_injury", "veteran", "insurance", "failed_antidepressants", "treatment")
MAX_CHANGES_SHOWN = 2
# A suggestion that needs more changed facts than this is not a near miss.
MAX_FACTS_CHANGED = 3


def would_change(
    program: CoverageProgram,
    situation: Situation,
    as_of: dt.date,
    verdict: str,
    words: Vocabulary,
    fixed: frozenset[str],
) -> list[Suggestion]:
    """The changes to `situation` that a rule under which the program may pay asks for
    (with the changes that stop earlier rules pre-empting it), when they do make the
    program likelier to pay; each with the verdict they would give. Fewest changes
    first."""
    in_force = [rule for rule in program.rules if rule.holds_on(as_of)]
    found: dict[frozenset, str] = {}  # the changes -> the verdict they give
    for index, rule in enumerate(in_force):
        if rule.verdict not in PAYING or RANK[rule.verdict] <= RANK[verdict]:
            continue
        changes = _changes_for(rule, in_force[:index], situation, fixed)
        if not changes:
            continue
        changes = dict(changes)
        if len(changes) > MAX_FACTS_CHANGED:
            continue
        changed = _apply(situation, changes.items())
        _, candidates = walk(program, changed, as_of)
        candidates = reachable(candidates, changed, words)
        better = combine([r.verdict for r in candidates]) if candidates else verdict
        if better not in PAYING or RANK[better] <= RANK[verdict]:
            continue
        found.setdefault(frozenset(changes.items()), better)
    # A suggestion that adds to another's changes without a better verdict says nothing new.
    kept = [
        (changes, better)
        for changes, better in found.items()
        if not any(other < changes and RANK[found[other]] >= RANK[better] for other in found)
    ]
    kept.sort(key=lambda item: (len(item[0]), -RANK[item[1]]))
    return [Suggestion(_in_order(changes), better) for changes, better in kept[:MAX_CHANGES_SHOWN]]


def _in_order(changes: frozenset) -> tuple[tuple[str, object], ...]:
    """The changes in the order the facts are shown."""
    return tuple(sorted(changes, key=lambda change: FACTS.index(change[0])))


def _changes_for(
    rule: Rule, earlier: list[Rule], situation: Situation, fixed: frozenset[str]
) -> tuple | None:
    """Changes that make `rule` hold and every earlier rule fail, or None."""

    def allowed(fact: str) -> bool:
        if fact in fixed:
            return False
        return fact in CHANGEABLE or situation.read(fact) is None

    changes = rule.when.changes(situation, allowed)
    if changes is None:
        return None
    changed = _apply(situation, changes)
    for other in earlier:
        more = other.when.breaks(changed, allowed)
        if more is None:
            return None
        changes += more
        changed = _apply(changed, more)
    return changes


def _apply(situation: Situation, changes) -> Situation:
    for fact, value in changes:
        situation = situation.with_change(fact, value)
    return situation
