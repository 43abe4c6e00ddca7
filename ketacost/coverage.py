"""Probable coverage: each program's verdict for a situation, and the out-of-pocket range.

A program's rules in force on the day are tried in order; the first that holds
decides. A rule that depends on a fact the person did not give is a candidate:
the verdict then spans every candidate up to the first rule that holds, and
says which missing fact decides. "What would change it" is found by changing
the situation as a better rule asks (an accepted claim, an insurance, a count,
a treatment, or a fact not given) and deciding again.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ketacost.catalog import Catalog
from ketacost.coveragefile import PAYING, VERDICTS, CoverageProgram, CoverageRules, Covers, Rule
from ketacost.money import MoneyRange
from ketacost.rules import ALWAYS
from ketacost.situation import (
    FLAGS,
    MAX_FAILED_ANTIDEPRESSANTS,
    SWITCH_WORDS,
    Situation,
    SituationRequest,
    Vocabulary,
    check_situation,
    describe_situation,
    listed,
    unknown_facts,
)
from ketacost.sources import Source

# Facts a person could add or change by choice; a fact not given may always change.
CHANGEABLE = ("work_injury", "veteran", "insurance", "failed_antidepressants", "treatment")
RANK = {verdict: rank for rank, verdict in enumerate(reversed(VERDICTS))}  # likely highest
MAX_CHANGES_SHOWN = 2
# A suggestion that needs more changed facts than this is not a near miss.
MAX_FACTS_CHANGED = 3
# Above this many combinations of facts not given, candidates are not pruned.
MAX_COMBINATIONS = 2000
# Verdicts remembered (a batch asks for the same few again and again).
VERDICTS_KEPT = 32768


@dataclass(frozen=True)
class Step:
    """One rule tried, and its answer: True, False, None (unknown) for this situation."""

    rule: Rule
    answer: bool | None


@dataclass(frozen=True)
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

    @functools.cached_property
    def would_change(self) -> tuple[str, ...]:
        """'With an accepted workers' compensation claim (--work-injury): likely.' for
        the changes that would make the program likelier to pay, fewest first."""
        return tuple(
            _would_change(
                self.program, self.situation, self.as_of, self.verdict, self.words, self.fixed
            )
        )

    def explain(self) -> list[str]:
        """How the verdict was reached: each rule in force tried, in order, with its date,
        its sources and its answer."""
        answers = {True: "holds", False: "does not hold", None: "unknown (a fact not given)"}
        lines = []
        for number, step in enumerate(self.steps, 1):
            rule = step.rule
            asks = rule.when.describe() or "always (the answer for everyone else)"
            line = (
                f"{number}. rule {rule.id} (from {rule.since.isoformat()}; "
                f"{', '.join(rule.sources)}): when {asks}: {answers[step.answer]}"
            )
            if step.answer is not False:
                line += f" -> {rule.verdict}"
            lines.append(line)
        return lines

    @property
    def may_pay(self) -> bool:
        """Whether the best case counts this program as paying (likely or possible)."""
        return self.verdict in PAYING


@dataclass(frozen=True)
class Coverage:
    """Every program's verdict for one situation on one day."""

    situation: Situation
    words: Vocabulary
    verdicts: tuple[Verdict, ...]
    sources: tuple[Source, ...]
    warnings: tuple[str, ...]
    as_of: dt.date
    left_out: tuple[str, ...] = ()  # programs with no rule in force on `as_of`

    @functools.cached_property
    def facts(self) -> tuple[str, ...]:
        """The situation in words."""
        return tuple(describe_situation(self.situation, self.words))


@dataclass(frozen=True)
class OutOfPocket:
    """What the person pays: low in the best case, high in the worst; and why."""

    range: MoneyRange
    best_case: str
    worst_case: str
    paid_by: tuple[str, ...]  # programs counted in the best case


def situation_coverage(catalog: Catalog, request: SituationRequest, as_of: dt.date) -> Coverage:
    """Check a situation as given and assess it with the bundled rules in force on `as_of`.

    Raises UnknownChoiceError or RequestError for a value the data does not
    define, DataFileError if a data file is invalid.
    """
    rules = catalog.coverage
    situation = check_situation(request, rules.words)
    return assess(rules, situation, as_of, catalog.bundled_sources)


def assess(
    rules: CoverageRules,
    situation: Situation,
    as_of: dt.date,
    sources: Mapping[str, Source],
    fixed: frozenset[str] = frozenset(),
) -> Coverage:
    """Every program's verdict for `situation`, with the rules in force on `as_of`.

    `fixed` names facts that what-would-change-it must not change (the treatment of a
    plan or a clinic's program)."""
    verdicts, warnings, left_out = [], [], []
    for program in rules.programs.values():
        known = tuple(map(situation.__getattribute__, program.facts))
        found = _decided(rules, program, known, as_of, fixed)
        if found is None:
            left_out.append(program.label)
            warnings.append(
                f"{program.label}: no rule in the data holds on {as_of.isoformat()}; it is left out"
            )
        else:
            verdicts.append(found)
    if situation.treatment is not None and situation.treatment not in rules.words.treatments:
        warnings.append(
            f"The coverage rules do not name treatment '{situation.treatment}': only their "
            "general rules apply to it"
        )
    cited = dict.fromkeys(itertools.chain.from_iterable(v.sources for v in verdicts))
    return Coverage(
        situation=situation,
        words=rules.words,
        verdicts=tuple(verdicts),
        sources=tuple(sources[s] for s in cited if s in sources),
        warnings=tuple(warnings),
        as_of=as_of,
        left_out=tuple(left_out),
    )


@functools.lru_cache(maxsize=VERDICTS_KEPT)
def _decided(
    rules: CoverageRules,
    program: CoverageProgram,
    known: tuple,
    as_of: dt.date,
    fixed: frozenset[str],
) -> Verdict | None:
    """`decide`, remembered: a program's verdict depends only on the facts its rules ask
    about (`known`: their values, in the order of `program.facts`), and few
    combinations of them recur."""
    situation = Situation(**dict(zip(program.facts, known, strict=True)))
    return decide(program, situation, as_of, rules.words, fixed)


def decide(
    program: CoverageProgram,
    situation: Situation,
    as_of: dt.date,
    words: Vocabulary,
    fixed: frozenset[str] = frozenset(),
) -> Verdict | None:
    """The program's verdict for `situation` on `as_of`, or None if no rule is in force.

    `words` names the facts in what would change the verdict."""
    steps, candidates = _walk(program, situation, as_of)
    if not candidates:
        return None
    candidates = _reachable(candidates, situation, words)
    verdict = _combine([rule.verdict for rule in candidates])
    best = max(candidates, key=lambda rule: RANK[rule.verdict])
    sources = dict.fromkeys(s for rule in candidates for s in rule.sources)
    notes = [note for note in program.notes if note.when.evaluate(situation) is True]
    sources.update(dict.fromkeys(note.source for note in notes))
    return Verdict(
        program=program,
        verdict=verdict,
        deciding=tuple(candidates),
        reasons=tuple(_reasons(candidates, steps, situation)),
        prerequisites=best.prerequisites if verdict in PAYING else (),
        covers=best.covers if verdict in PAYING else None,
        sources=tuple(sources),
        notes=tuple(note.text for note in notes),
        steps=tuple(steps),
        situation=situation,
        as_of=as_of,
        words=words,
        fixed=fixed,
    )


def _walk(
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


def _reachable(candidates: list[Rule], situation: Situation, words: Vocabulary) -> list[Rule]:
    """The candidates that can decide for some value of the facts not given: a rule
    whose every way of holding also makes an earlier candidate hold never decides.
    (Left as they are when the facts not given have too many combinations to try.)"""
    if len(candidates) < 2:
        return candidates
    kept = []
    for index, rule in enumerate(candidates):
        earlier = candidates[:index]
        facts = sorted(
            frozenset().union(*(r.when.deciding_unknowns(situation) for r in (*earlier, rule)))
        )
        domains = [_domain(fact, words) for fact in facts]
        if math.prod(len(d) for d in domains) > MAX_COMBINATIONS or any(
            rule.when.evaluate(completed) is True
            and not any(r.when.evaluate(completed) is True for r in earlier)
            for completed in (
                replace(situation, **dict(zip(facts, values, strict=True)))
                for values in itertools.product(*domains)
            )
        ):
            kept.append(rule)
    return kept


def _domain(fact: str, words: Vocabulary) -> tuple:
    if fact == "failed_antidepressants":
        return tuple(range(MAX_FAILED_ANTIDEPRESSANTS + 1))
    if fact == "province":
        return tuple(words.provinces)
    if fact == "condition":
        return tuple(words.conditions)
    return words.treatments


def _combine(verdicts: list[str]) -> str:
    """One verdict for several candidates: theirs if they agree; 'possible' if any may
    pay; otherwise 'unlikely'."""
    if len(set(verdicts)) == 1:
        return verdicts[0]
    if any(v in PAYING for v in verdicts):
        return "possible"
    return "unlikely"


def _reasons(candidates: list[Rule], steps: list[Step], situation: Situation) -> list[str]:
    """The deciding rule's reason and what in the situation met it; or, when facts not
    given decide, each outcome with the condition it depends on."""
    last = candidates[-1]
    if len({rule.verdict for rule in candidates}) == 1:
        facts = [step.rule.when.failed_by(situation) for step in steps if step.answer is False]
        if last.when is not ALWAYS and last.when.evaluate(situation) is True:
            facts += last.when.met_parts(situation)
        reasons = [last.reason]
        if facts:
            reasons.append(f"Your situation: {'; '.join(dict.fromkeys(facts))}.")
        return reasons
    deciding = frozenset().union(*(rule.when.deciding_unknowns(situation) for rule in candidates))
    missing = [FLAGS[fact] for fact in unknown_facts(situation) if fact in deciding]
    reasons = [f"It depends on what was not given: {', '.join(missing)}."]
    for rule in candidates:
        if rule is last and rule.when.evaluate(situation) is True:
            reasons.append(f"Otherwise: {rule.verdict}. {rule.reason}")
        elif rule is last or rule.verdict != last.verdict:
            condition = "; ".join(rule.when.unknown_parts(situation))
            reasons.append(f"If {condition}: {rule.verdict}. {rule.reason}")
    return reasons


def _would_change(
    program: CoverageProgram,
    situation: Situation,
    as_of: dt.date,
    verdict: str,
    words: Vocabulary,
    fixed: frozenset[str],
) -> list[str]:
    """'With an accepted workers' compensation claim (--work-injury): likely.' for each
    change that a rule under which the program may pay asks for (with the changes that
    stop earlier rules pre-empting it), when it does make the program likelier to pay.
    Fewest changes first."""
    in_force = [rule for rule in program.rules if rule.holds_on(as_of)]
    found: dict[str, tuple[int, int]] = {}
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
        _, candidates = _walk(program, changed, as_of)
        candidates = _reachable(candidates, changed, words)
        better = _combine([r.verdict for r in candidates]) if candidates else verdict
        if better not in PAYING or RANK[better] <= RANK[verdict]:
            continue
        text = listed([_change_words(fact, value, words) for fact, value in changes.items()])
        found.setdefault(f"With {text}: {better}.", (len(changes), -RANK[better]))
    return sorted(found, key=found.__getitem__)[:MAX_CHANGES_SHOWN]


def _changes_for(
    rule: Rule, earlier: list[Rule], situation: Situation, fixed: frozenset[str]
) -> tuple | None:
    """Changes that make `rule` hold and every earlier rule fail, or None."""

    def allowed(fact: str) -> bool:
        if fact in fixed:
            return False
        return fact in CHANGEABLE or getattr(situation, fact) is None

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


def _change_words(fact: str, value: object, words: Vocabulary) -> str:
    flag = FLAGS[fact]
    if fact in SWITCH_WORDS:
        return f"{SWITCH_WORDS[fact][0]} ({flag})"
    if fact == "failed_antidepressants":
        return f"{value} or more failed antidepressant trials ({flag} {value})"
    if fact == "insurance":
        return f"{words.insurance.get(value, value)} ({flag} {value})"
    return f"{flag} {value}"


def out_of_pocket(total: MoneyRange, coverage: Coverage) -> OutOfPocket:
    """The range the person pays for a course costing `total`.

    High: the worst case, nothing approved: the total's high. Low: the best
    case, every likely or possible program approving what it covers: 0 if one
    pays the whole session; not published if they pay only a part whose price
    no source gives, or if a program has no rule in force on the day; the
    total's low if none may pay.
    """
    paying = [v for v in coverage.verdicts if v.may_pay and v.covers is not None]
    worst = "Worst case: nothing is approved and you pay the whole course."
    whole = [v for v in paying if v.covers.share == "all"]
    if whole:
        v = whole[0]
        assumption = f" {v.covers.assumption}" if v.covers.assumption else ""
        best = f"Best case: {v.program.label} approves and pays for {v.covers.pays}.{assumption}"
        paid_by = tuple(p.program.id for p in whole)
        return OutOfPocket(MoneyRange(Decimal(0), total.high), best, worst, paid_by)
    if paying:
        parts = [
            f"{v.program.label} pays {v.covers.pays} but not {'; '.join(v.covers.does_not_pay)}"
            for v in paying
        ]
        best = (
            f"Best case not published: {'. '.join(parts)}. No source gives what each part of "
            "a session costs, so what is left for you to pay is not published."
        )
        paid_by = tuple(v.program.id for v in paying)
        return OutOfPocket(MoneyRange(None, total.high), best, worst, paid_by)
    if coverage.left_out:
        best = (
            f"Best case not known: the data has no coverage rule in force on "
            f"{coverage.as_of.isoformat()} for {listed(list(coverage.left_out))}."
        )
        return OutOfPocket(MoneyRange(None, total.high), best, worst, ())
    best = "No program is likely or possible to pay: you pay the whole course."
    return OutOfPocket(MoneyRange(total.low, total.high), best, worst, ())
