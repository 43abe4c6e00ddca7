"""Which of a program's rules may decide a situation: the rules in force tried in
order, the candidates when facts not given leave the answer open, and one verdict
for several candidates."""

from __future__ import annotations

import datetime as dt
import itertools
import math

from ketacost.model.coverage import PAYING, VERDICTS, CoverageProgram, Rule
from ketacost.model.record import record
from ketacost.model.situation import (
    MAX_FAILED_ANTIDEPRESSANTS,
    Situation,
    Vocabulary,
    independent,
)

RANK = {verdict: rank for rank, verdict in enumerate(reversed(VERDICTS))}  # likely highest
# Above this many combinations of facts not given, candidates are not pruned.
MAX_COMBINATIONS = 2000


@record
class Step:
    """One rule tried, and its answer: True, False, None (unknown) for this situation."""

    rule: Rule
    answer: bool | None


def walk(
    program: CoverageProgram, situation: Situation, as_of: dt.date
) -> tuple[list[Step], list[Rule]]:
    """Try the rules in force in order: every rule tried, and the candidates (rules that
    may hold, up to and including the first that does)."""
    steps, candidates = [], []
    for rule in program.rules:
        if not rule.holds_on(as_of):
            continue
        answer = rule.when.evaluate(situation)
        steps.append(Step(rule, answer))
        if answer is False:
            continue
        candidates.append(rule)
        if answer is True:
            break
    return steps, candidates


def reachable(candidates: list[Rule], situation: Situation, words: Vocabulary) -> list[Rule]:
    """The candidates that can decide for some value of the facts not given: a rule
    whose every way of holding also makes an earlier candidate hold never decides.
    (Left as they are when the facts not given have too many combinations to try.)"""
    if len(candidates) < 2:
        return candidates
    counts = frozenset().union(*(rule.when.thresholds() for rule in candidates))
    kept = []
    for index, rule in enumerate(candidates):
        earlier = candidates[:index]
        unknown = frozenset().union(*(r.when.deciding_unknowns(situation) for r in earlier))
        unknown |= rule.when.deciding_unknowns(situation)
        facts = sorted(independent(unknown))
        domains = [domain(fact, words, counts) for fact in facts]
        if math.prod(len(d) for d in domains) > MAX_COMBINATIONS or any(
            rule.when.evaluate(completed) is True
            and not any(r.when.evaluate(completed) is True for r in earlier)
            for completed in (
                situation.completed(dict(zip(facts, values, strict=True)))
                for values in itertools.product(*domains)
            )
        ):
            kept.append(rule)
    return kept


def domain(fact: str, words: Vocabulary, counts: frozenset[int] = frozenset()) -> tuple:
    """Every value a fact not given could take that a test can tell apart: for a count,
    0 and each threshold the tests compare it with (`counts`)."""
    if fact == "failed_antidepressants":
        return tuple(sorted({0, *(c for c in counts if c <= MAX_FAILED_ANTIDEPRESSANTS)}))
    if fact in ("province", "claim_province"):
        return tuple(words.provinces)
    if fact == "conditions":
        return tuple((condition,) for condition in words.conditions)
    return words.treatments


def combine(verdicts: list[str]) -> str:
    """One verdict for several candidates: theirs if they agree; 'possible' if any may
    pay; otherwise 'unlikely'."""
    if len(set(verdicts)) == 1:
        return verdicts[0]
    if any(v in PAYING for v in verdicts):
        return "possible"
    return "unlikely"
