"""Coverage rules as records: programs that may pay, their rules in the order they are
tried, what each pays, and the notes and contradictions a situation can bring.

Read by ketacost.load.coverage from data/coverage.yaml; decided by ketacost.coverage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from operator import attrgetter

from ketacost.model.conditions import Named, Test
from ketacost.model.record import field, record
from ketacost.model.situation import Vocabulary

VERDICTS = ("likely", "possible", "unlikely", "not-eligible")
# Verdicts under which a program may pay: they must say what it covers.
PAYING = ("likely", "possible")
# What share of the cost a paying program covers once it approves:
#   all            the whole of what it approves (a source says so): the best case is $0
#   part           only some of it (a drug, a benefit maximum): more than $0, amount not
#                  published
#   not-published  no source says how much: the best case is not published
ALL, PART, NOT_PUBLISHED = "all", "part", "not-published"
SHARES = (ALL, PART, NOT_PUBLISHED)


@record
class Covers:
    """Which part of the cost a program pays once it approves, and what says so."""

    share: str  # one of SHARES
    pays: str
    does_not_pay: tuple[str, ...] = ()
    because: str | None = None  # for ALL: what the source says about paying in full
    sources: tuple[str, ...] = ()  # the sources of `because`
    assumption: str | None = None  # what ketacost takes for granted, and why


@record
class Rule:
    """One rule of a program: when it holds, the verdict and everything behind it."""

    program: str
    id: str
    when: Test
    verdict: str
    reason: str
    prerequisites: tuple[str, ...]
    covers: Covers | None
    sources: tuple[str, ...]
    since: dt.date
    until: dt.date | None = None
    note: str | None = None

    def holds_on(self, day: dt.date) -> bool:
        """Whether the rule is in force on `day`."""
        return self.since <= day and (self.until is None or day < self.until)


@record
class NextStep:
    """What to do to have a program pay, where its `when` holds (ALWAYS: for everyone):
    the request to make and who makes it (`file`), and where a refusal goes (`appeal`),
    each in plain words, with the sources that say so."""

    when: Test
    file: str
    appeal: str
    sources: tuple[str, ...]
    since: dt.date


@record
class Carrier:
    """A group-benefits carrier a person may name: a kind of insurance (`insurance`, a
    private plan) whose rules decide; and what the carrier itself publishes about its
    criteria for a treatment, asking for coverage, and a refusal (None: not published)."""

    id: str
    name: str
    also_called: tuple[str, ...]
    insurance: str
    # By treatment, the criteria it publishes for covering it (None: not published).
    criteria: dict[str, str | None]
    ask: str | None
    refused: str | None
    sources: tuple[str, ...]
    since: dt.date


@record
class Note:
    """Something a person in this situation should know that is not a verdict (a public
    hospital program, a regulator's opinion, a federal plan ketacost has no rule for)."""

    when: Test
    text: str
    source: str
    since: dt.date  # the date of its source, or the day an undated source was read

    def shown(self, situation, day: dt.date) -> bool:
        """Whether the note speaks to `situation` on `day`."""
        return self.since <= day and self.when.evaluate(situation) is True


@record
class Contradiction:
    """Facts that cannot all be true as given (treatment-resistant depression with fewer
    than two failed antidepressants): a warning in plain words. The rules themselves
    decide such a situation as the facts imply (ketacost.coverage)."""

    id: str
    when: Test
    text: str
    sources: tuple[str, ...]


@record
class Collapsed:
    """How the programs of a group that are all not-eligible for the same reason are
    shown as one row."""

    label: str
    reason: str


@record
class Group:
    """Programs of one kind (the workers' compensation boards), shown together where
    they answer alike."""

    id: str
    label: str
    collapse: dict[str, Collapsed] = field(default_factory=dict)  # by rule id
    # Its programs pay only when this holds (an accepted claim), whatever their rules.
    pays_only_when: Test | None = None


# Programs and rule sets are loaded once and compared by identity (eq=False), so they
# can key the memo of verdicts (ketacost.coverage).
@record(eq=False)
class CoverageProgram:
    """A program that may pay: its rules in the order they are tried."""

    id: str
    label: str
    description: str | None
    rules: tuple[Rule, ...]
    notes: tuple[Note, ...]
    group: Group | None = None
    # What to do to have it pay, the first whose `when` holds (not a fact its verdict
    # depends on: chosen after the verdict).
    next_steps: tuple[NextStep, ...] = ()
    # The kinds of insurance whose carriers it speaks for (private): a carrier named is
    # said beside its verdict.
    carriers_of: tuple[str, ...] = ()

    # The facts its rules and notes ask about (its verdict depends on no other), and a
    # reader of their values from a situation, as a tuple: set once, as they are read for
    # every program of every batch row (a cached_property costs a lock each time).
    facts: tuple[str, ...] = field(init=False, compare=False, repr=False)
    read: Callable[[object], tuple] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        tests = [rule.when for rule in self.rules] + [note.when for note in self.notes]
        facts = tuple(sorted(frozenset().union(*(test.facts() for test in tests))))
        object.__setattr__(self, "facts", facts)
        object.__setattr__(self, "read", facts_reader(facts))


def facts_reader(facts: tuple[str, ...]) -> Callable[[object], tuple]:
    """A function reading the values of `facts` from a situation, as a tuple."""
    if not facts:
        return lambda situation: ()
    getter = attrgetter(*facts)
    if len(facts) == 1:
        return lambda situation: (getter(situation),)
    return getter


@record(eq=False)
class CoverageRules:
    """Everything data/coverage.yaml holds."""

    words: Vocabulary
    definitions: dict[str, Named]
    programs: dict[str, CoverageProgram]
    groups: dict[str, Group] = field(default_factory=dict)
    contradictions: tuple[Contradiction, ...] = ()
    notes: tuple[Note, ...] = ()  # about the situation, not about one program
    carriers: dict[str, Carrier] = field(default_factory=dict)  # by id
    # The facts the contradictions and notes ask about, with where a claim is and whether
    # it is accepted (a claim's province without a claim is a contradiction too), and a
    # reader of their values.
    facts: tuple[str, ...] = field(init=False, compare=False, repr=False)
    read: Callable[[object], tuple] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        tests = [c.when for c in self.contradictions] + [n.when for n in self.notes]
        asked = frozenset().union(*(test.facts() for test in tests))
        facts = tuple(sorted(asked | {"claim_province", "work_injury"}))
        object.__setattr__(self, "facts", facts)
        object.__setattr__(self, "read", facts_reader(facts))

    def cited_sources(self) -> list[str]:
        """Every source id the rules, notes and contradictions cite, in order, each once."""
        programs = self.programs.values()
        ids = [s for p in programs for r in p.rules for s in r.sources]
        ids += [s for p in programs for r in p.rules if r.covers for s in r.covers.sources]
        ids += [n.source for p in programs for n in p.notes]
        ids += [n.source for n in self.notes]
        ids += [s for c in self.contradictions for s in c.sources]
        ids += [s for p in programs for step in p.next_steps for s in step.sources]
        ids += [s for carrier in self.carriers.values() for s in carrier.sources]
        return list(dict.fromkeys(ids))
