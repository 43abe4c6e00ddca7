"""Probable coverage: each program's verdict for a situation.

A program's rules in force on the day are tried in order; the first that holds
decides. A rule that depends on a fact the person did not give is a candidate:
the verdict then spans every candidate up to the first rule that holds, and
says which missing fact decides (ketacost.candidates). For several conditions,
each program's verdict is the best over them. What would change a verdict is
found by ketacost.wouldchange, the out-of-pocket range by ketacost.outofpocket.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, ClassVar

from ketacost import i18n
from ketacost.candidates import RANK, Step, combine, reachable, walk
from ketacost.i18n import N_, _
from ketacost.model.conditions import ALWAYS
from ketacost.model.coverage import (
    PAYING,
    Carrier,
    CoverageProgram,
    CoverageRules,
    Covers,
    NextStep,
    Rule,
)
from ketacost.model.record import field, record, replace
from ketacost.model.situation import (
    Situation,
    SituationRequest,
    Vocabulary,
    check_situation,
    independent,
    reduced,
    unknown_facts,
)
from ketacost.model.sources import Source
from ketacost.words import describe_fact, describe_situation, format_day, listed, verdict_word

if TYPE_CHECKING:
    from ketacost.wouldchange import Suggestion

# Verdicts remembered per group of programs (a batch asks for the same few again and again);
# above the 9,800 combinations WSIB Ontario's rules ask about in the benchmark's 100,000 rows.
VERDICTS_KEPT = 32768


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
