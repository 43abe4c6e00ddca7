"""Probable coverage: every program's verdict for a situation (each decided by
ketacost.verdict), remembered by the facts its rules ask about; for several conditions,
each program's verdict is the best over them; the warnings and notes a situation brings.
What would change a verdict is found by ketacost.wouldchange, the out-of-pocket range by
ketacost.outofpocket.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, ClassVar

from ketacost import i18n
from ketacost.candidates import RANK
from ketacost.i18n import N_, _
from ketacost.model.coverage import (
    CoverageProgram,
    CoverageRules,
)
from ketacost.model.record import field, record, replace
from ketacost.model.situation import (
    Situation,
    SituationRequest,
    Vocabulary,
    check_situation,
    reduced,
)
from ketacost.model.sources import Source
from ketacost.verdict import Verdict, decide
from ketacost.words import describe_fact, describe_situation, format_day, listed

if TYPE_CHECKING:
    pass

# Verdicts remembered per group of programs (a batch asks for the same few again and again);
# above the 9,800 combinations WSIB Ontario's rules ask about in the benchmark's 100,000 rows.
VERDICTS_KEPT = 32768


@record
class Coverage:
    """Every program's verdict for one situation on one day."""

    kind: ClassVar[str] = "coverage"  # what ketacost.render draws it as

    situation: Situation
    words: Vocabulary
    verdicts: tuple[Verdict, ...]
    warnings: tuple[str, ...]
    as_of: dt.date
    left_out: tuple[str, ...] = ()  # programs with no rule in force on `as_of`
    # Of those, the ones that might pay in this situation: what leaves the best case unknown.
    undecided: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # about the situation as a whole, not one program
    note_sources: tuple[str, ...] = ()  # the ids `notes` cite
    # Every source the data defines, by id: `sources` looks the cited ones up when asked
    # (a batch never asks).
    known_sources: Mapping[str, Source] = field(default_factory=dict, compare=False, repr=False)

    @functools.cached_property
    def sources(self) -> tuple[Source, ...]:
        """Every source the verdicts and notes cite, in order, each once."""
        cited = dict.fromkeys(itertools.chain.from_iterable(v.sources for v in self.verdicts))
        cited.update(dict.fromkeys(self.note_sources))
        # What to do next, and what the carriers named publish.
        for v in self.verdicts:
            if v.next_step is not None:
                cited.update(dict.fromkeys(v.next_step.sources))
            for carrier in v.carriers:
                cited.update(dict.fromkeys(carrier.sources))
        return tuple(self.known_sources[s] for s in cited if s in self.known_sources)

    @functools.cached_property
    def facts(self) -> tuple[str, ...]:
        """The situation in words."""
        return tuple(describe_situation(self.situation, self.words))

    @functools.cached_property
    def shown_sources(self) -> tuple[Source, ...]:
        """The sources of what a person is shown: those cited only by programs shown
        together as one row (ketacost.coverage.collapsed) are left out."""
        folded = {id(v) for group in collapsed(self.verdicts).values() for v in group}
        shown = {s for v in self.verdicts if id(v) not in folded for s in v.sources}
        only_folded = {s for v in self.verdicts if id(v) in folded for s in v.sources} - shown
        return tuple(s for s in self.sources if s.id not in only_folded)


def situation_coverage(
    rules: CoverageRules, sources: Mapping[str, Source], request: SituationRequest, as_of: dt.date
) -> Coverage:
    """Check a situation as given and assess it with the rules in force on `as_of`.

    Raises UnknownChoiceError or RequestError for a value the rules do not define.
    """
    situation = check_situation(request, rules.words)
    return assess(rules, situation, as_of, sources)


def assess(
    rules: CoverageRules,
    situation: Situation,
    as_of: dt.date,
    sources: Mapping[str, Source],
    fixed: frozenset[str] = frozenset(),
) -> Coverage:
    """Every program's verdict for `situation`, with the rules in force on `as_of`: for
    several conditions, the best verdict over them.

    `fixed` names facts that what-would-change-it must not change (the treatment of a
    plan or a clinic's program)."""
    memo = _memo(rules, as_of, fixed, i18n.current())
    programs = memo.programs
    several = situation.conditions is not None and len(situation.conditions) > 1
    if several:
        # Per program, in data order: its verdict for each condition, with the condition.
        found: list[list[tuple[Verdict, str]]] = [[] for _ in programs]
        for one in situation.each_condition():
            for group in memo.groups:
                decided = _decided(group, one, memo, rules, as_of, fixed)
                for index, verdict in zip(group.indexes, decided, strict=True):
                    if verdict is not None:
                        found[index].append((verdict, one.conditions[0]))
        chosen = [_best(answers, rules.words) if answers else None for answers in found]
    else:
        chosen = [None] * len(programs)
        for group in memo.groups:
            decided = _decided(group, situation, memo, rules, as_of, fixed)
            for index, verdict in zip(group.indexes, decided, strict=True):
                chosen[index] = verdict
    verdicts, warnings, left_out, undecided = [], [], [], []
    for program, verdict in zip(programs, chosen, strict=True):
        if verdict is not None:
            verdicts.append(verdict)
            continue
        left_out.append(program.label)
        group = program.group
        if (
            group is None
            or group.pays_only_when is None
            or (group.pays_only_when.evaluate(situation) is not False)
        ):
            undecided.append(program.label)
    if left_out:
        if len(left_out) == 1:
            said = _("No rule in the data holds on {day} for {programs}: it is left out")
        else:
            said = _("No rule in the data holds on {day} for {programs}: they are left out")
        warnings.append(said.format(day=format_day(as_of), programs=listed(left_out)))
    key = rules.read(situation)
    said = memo.said.get(key)
    if said is None:
        if len(memo.said) >= VERDICTS_KEPT:
            memo.said.clear()
        shown = [note for note in rules.notes if note.shown(situation, as_of)]
        said = memo.said[key] = (
            tuple(_contradictions(rules, situation)),
            tuple(note.text for note in shown),
            tuple(note.source for note in shown),
        )
    contradictions, notes, note_sources = said
    warnings += contradictions
    carriers = rules.words.carrier_readings
    for given, value in situation.read_as:
        label = rules.words.insurance.get(value, value)
        if reduced(given) in carriers:
            name = rules.carriers[carriers[reduced(given)]].name
            warnings.append(
                _(
                    "'{given}' is read as {label}: its rules decide, and what {carrier} "
                    "publishes is said with them"
                ).format(given=given.strip(), label=label, carrier=name)
            )
        else:
            warnings.append(
                _(
                    "'{given}' is read as {label}: ketacost has no rule of that insurer's "
                    "own, so the rules for {label} apply"
                ).format(given=given.strip(), label=label)
            )
    if situation.carriers:
        verdicts = [_with_carriers(v, situation, rules, as_of) for v in verdicts]
    if situation.treatment is not None and situation.treatment not in rules.words.treatments:
        warnings.append(
            _(
                "The coverage rules do not name treatment '{treatment}': only their "
                "general rules apply to it"
            ).format(treatment=situation.treatment)
        )
    return Coverage(
        situation=situation,
        words=rules.words,
        verdicts=tuple(verdicts),
        warnings=tuple(warnings),
        as_of=as_of,
        left_out=tuple(left_out),
        undecided=tuple(undecided),
        notes=notes,
        note_sources=note_sources,
        known_sources=sources,
    )


def _with_carriers(
    verdict: Verdict, situation: Situation, rules: CoverageRules, as_of: dt.date
) -> Verdict:
    """The verdict with the carriers named that its program speaks for, in force on the
    day (a paying verdict only: what a carrier publishes is how to ask it to pay)."""
    kinds = verdict.program.carriers_of
    if not kinds or not verdict.may_pay:
        return verdict
    named = tuple(
        carrier
        for carrier in (rules.carriers[c] for c in situation.carriers)
        if carrier.insurance in kinds and carrier.since <= as_of
    )
    return replace(verdict, carriers=named) if named else verdict


def _decided(
    group: _Group,
    situation: Situation,
    memo: _Memo,
    rules: CoverageRules,
    as_of: dt.date,
    fixed: frozenset[str],
) -> tuple[Verdict | None, ...]:
    """The verdicts of a group's programs for `situation`, remembered by the values of
    the facts their rules ask about."""
    known = group.read(situation)
    decided = group.verdicts.get(known)
    if decided is None:
        if len(group.verdicts) >= VERDICTS_KEPT:
            group.verdicts.clear()  # bounded: memory stays flat however many rows
        # Decided on those facts alone, as the verdicts depend on no other.
        only = Situation(**dict(zip(group.facts, known, strict=True)))
        programs = memo.programs
        decided = group.verdicts[known] = tuple(
            decide(programs[i], only, as_of, rules.words, fixed) for i in group.indexes
        )
    return decided


def collapsed(verdicts) -> dict[tuple[str, str], list[Verdict]]:
    """The verdicts shown as one row: programs of a group (the boards) that are all
    not-eligible by the same rule, where the group says how to show them together
    and at least two do; keyed by (group id, rule id), in the order they come."""
    found: dict[tuple[str, str], list[Verdict]] = {}
    for v in verdicts:
        group = v.program.group
        if group is None or v.verdict != "not-eligible" or len(v.deciding) != 1:
            continue
        rule = v.deciding[0].id
        if rule in group.collapse:
            found.setdefault((group.id, rule), []).append(v)
    return {key: group for key, group in found.items() if len(group) > 1}


# Said when a claim's province is given but not that the claim is accepted.
CLAIM_WITHOUT_CLAIM = N_(
    "A province for a workers' compensation claim was given, but not that the claim is "
    "accepted: every board is judged as for no accepted claim."
)


def _contradictions(rules: CoverageRules, situation: Situation) -> list[str]:
    """Warnings, in plain words, for facts given that contradict each other."""
    found = [c.text for c in rules.contradictions if c.when.evaluate(situation) is True]
    if situation.claim_province is not None and not situation.work_injury:
        found.append(_(CLAIM_WITHOUT_CLAIM))
    return found


# With several conditions, a switch is taken to hold for each: said as a prerequisite.
SWITCH_FOR_CONDITION = {
    "work_injury": N_("Your accepted workers' compensation claim must be for {condition}."),
    "veteran": N_("Veterans Affairs Canada must accept {condition} as service-related."),
}


def _best(answers: list[tuple[Verdict, str]], words: Vocabulary) -> Verdict:
    """Of a program's verdicts for several conditions, the best (the first of equals). Its
    reasons say which condition made it where the conditions' answers differ (another
    rule, or another verdict), and what would change it counts the other conditions."""
    best, condition = max(answers, key=lambda answer: RANK[answer[0].verdict])
    others = tuple((c, v) for v, c in answers if v is not best)
    if all(_answer(v) == _answer(best) for v, _ in answers):
        return replace(best, others=others) if others else best
    named = describe_fact("conditions", condition, words)
    first = _("For {condition}: {reason}").format(condition=named, reason=best.reasons[0])
    reasons = (first, *best.reasons[1:])
    prerequisites = best.prerequisites
    if best.may_pay:
        said = [
            _(text).format(condition=named)
            for fact, text in SWITCH_FOR_CONDITION.items()
            if fact in best.program.facts and getattr(best.situation, fact)
        ]
        prerequisites = (*said, *prerequisites)
    return replace(
        best, reasons=reasons, prerequisites=prerequisites, condition=condition, others=others
    )


def _answer(verdict: Verdict) -> tuple:
    """What a verdict answers: its verdict and the rules that decided it."""
    return verdict.verdict, tuple(rule.id for rule in verdict.deciding)


class _Group:
    """Programs whose rules ask about the same facts (by their index in data order), and
    their verdicts remembered by the values of those facts: one look-up serves them
    all."""

    __slots__ = ("facts", "read", "indexes", "verdicts")

    def __init__(self, facts: tuple[str, ...], read: Callable, indexes: tuple[int, ...]):
        self.facts, self.read, self.indexes = facts, read, indexes
        self.verdicts: dict[tuple, tuple[Verdict | None, ...]] = {}


class _Memo:
    """What assess remembers for one rule set, day and fixed facts: the programs'
    verdicts by the values of the facts their rules ask about (a verdict depends on no
    other fact, and few combinations recur: a batch asks for the same few again and
    again), and the contradictions and notes by the facts they ask about. Each table
    holds at most VERDICTS_KEPT entries. (Plain classes: a record costs start-up.)"""

    __slots__ = ("programs", "groups", "said")

    def __init__(self, programs: tuple[CoverageProgram, ...], groups: tuple[_Group, ...]):
        self.programs, self.groups = programs, groups
        self.said: dict[tuple, tuple] = {}


@functools.lru_cache(maxsize=4)
def _memo(rules: CoverageRules, as_of: dt.date, fixed: frozenset[str], language: str) -> _Memo:
    # `language`: the verdicts remembered are said in the language ketacost writes in.
    programs = tuple(rules.programs.values())
    by_facts: dict[tuple[str, ...], list[int]] = {}
    for index, program in enumerate(programs):
        by_facts.setdefault(program.facts, []).append(index)
    groups = tuple(
        _Group(facts, programs[indexes[0]].read, tuple(indexes))
        for facts, indexes in by_facts.items()
    )
    return _Memo(programs, groups)
