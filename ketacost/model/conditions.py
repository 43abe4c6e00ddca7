"""The conditions of coverage rules: tests of a situation, answered yes, no or unknown.

A test answers True or False from the facts given, and None ("unknown") when it
asks about a fact the person did not give. `all` and `any` combine answers as
Kleene's three-valued logic does: `all` is False if any part is False, else
unknown if any part is unknown; `any` is True if any part is True, else unknown
if any part is unknown.

Each test can say what it asks in words, and which changes to the situation
would make it hold (for "with an accepted claim this would be likely").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from ketacost.i18n import N_, _
from ketacost.model.record import record
from ketacost.model.situation import Situation
from ketacost.words import SWITCH_WORDS, alternatives, listed, trials

# A change to a situation: (fact, value); for insurance the value is added.
Change = tuple[str, object]
# Whether a fact may be changed when looking for what would change a verdict.
Allowed = Callable[[str], bool]


class Test:
    """A condition on a situation."""

    def evaluate(self, situation: Situation) -> bool | None:
        """True, False, or None when it depends on a fact not given."""
        raise NotImplementedError

    def describe(self) -> str:
        """What the test asks, in words."""
        raise NotImplementedError

    def facts(self) -> frozenset[str]:
        """The facts the test asks about."""
        return frozenset((self.fact,))  # type: ignore[attr-defined]

    def met_by(self, situation: Situation) -> str:
        """What in the situation meets the test (call only when it is met)."""
        return self.describe()

    def failed_by(self, situation: Situation) -> str:
        """What in the situation fails the test (call only when it fails)."""
        return _("not {test}").format(test=self.describe())

    def met_parts(self, situation: Situation) -> list[str]:
        """`met_by`, one entry per part of an `all` test."""
        return [self.met_by(situation)]

    def unknown_parts(self, situation: Situation) -> list[str]:
        """The parts of the test that depend on facts not given."""
        return [self.describe()] if self.evaluate(situation) is None else []

    def deciding_unknowns(self, situation: Situation) -> frozenset[str]:
        """The facts not given that the test's answer depends on."""
        if self.evaluate(situation) is not None:
            return frozenset()
        return frozenset(f for f in self.facts() if situation.read(f) is None)

    def presumed(self, situation: Situation) -> list[str]:
        """The prerequisites of the presumptions this test made to hold (facts not given
        that it took to be as a rule needs: see Presume)."""
        return []

    def thresholds(self) -> frozenset[int]:
        """The counts the test compares a count with (at least 2, below 2): between two
        of them, every count gets the same answer."""
        return frozenset()

    def changes(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        """Changes to `situation`, of facts `allowed` to change, that make the test hold
        (none if it holds already); None when no such change does."""
        if self.evaluate(situation) is True:
            return ()
        return _only(self._fix(), allowed)

    def breaks(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        """Changes to `situation`, of facts `allowed` to change, that make the test fail
        (none if it fails already); None when no such change does."""
        if self.evaluate(situation) is False:
            return ()
        return _only(self._unfix(), allowed)

    def _fix(self) -> tuple[Change, ...] | None:
        return None

    def _unfix(self) -> tuple[Change, ...] | None:
        return None


def _only(changes: tuple[Change, ...] | None, allowed: Allowed) -> tuple[Change, ...] | None:
    if changes is None or not all(allowed(fact) for fact, _ in changes):
        return None
    return changes


def _either(values: tuple[str, ...]) -> str:
    return listed(values, "or")


# How a fact is named in a verdict's reasons ("province AB", "claim in AB"), and when
# it is not one of the values ("province not AB", "claim not in AB").
_NAMES = {
    "province": N_("province {values}"),
    "claim_province": N_("claim in {values}"),
    "conditions": N_("condition {values}"),
    "treatment": N_("treatment {values}"),
}
_NOT_NAMES = {
    "province": N_("province not {values}"),
    "claim_province": N_("claim not in {values}"),
    "conditions": N_("condition not {values}"),
    "treatment": N_("treatment not {values}"),
}


def _named(fact: str, values: str, negated: bool = False) -> str:
    """A fact and its values in words ('province AB or BC', 'claim not in ON')."""
    names = _NOT_NAMES if negated else _NAMES
    if fact not in names:  # a fact the data does not test by its values
        return f"{fact} not {values}" if negated else f"{fact} {values}"
    return _(names[fact]).format(values=values)


@record
class Among(Test):
    """A fact (province, claim province, condition, treatment) is one of `values`; for
    several conditions, one of them is."""

    fact: str
    values: tuple[str, ...]

    def facts(self) -> frozenset[str]:
        # Where a claim is defaults to where the person lives.
        if self.fact == "claim_province":
            return frozenset((self.fact, "province"))
        return frozenset((self.fact,))

    def evaluate(self, situation: Situation) -> bool | None:
        value = situation.read(self.fact)
        if value is None:
            return None
        if isinstance(value, tuple):
            return any(v in self.values for v in value)
        return value in self.values

    def describe(self) -> str:
        return _named(self.fact, _either(self.values))

    def met_by(self, situation: Situation) -> str:
        value = situation.read(self.fact)
        if isinstance(value, tuple):
            value = _either(value)
        return _named(self.fact, value)

    def failed_by(self, situation: Situation) -> str:
        return self.met_by(situation)

    def _fix(self) -> tuple[Change, ...]:
        return ((self.fact, self.values[0]),)


@record
class _Count(Test):
    """A count (failed antidepressant trials) compared with `count`."""

    fact: str
    count: int

    def thresholds(self) -> frozenset[int]:
        return frozenset((self.count,))

    def met_by(self, situation: Situation) -> str:
        return trials(situation.read(self.fact))

    def failed_by(self, situation: Situation) -> str:
        return self.met_by(situation)


@record
class AtLeast(_Count):
    """The count is at least `count`."""

    def evaluate(self, situation: Situation) -> bool | None:
        value = situation.read(self.fact)
        return None if value is None else value >= self.count

    def describe(self) -> str:
        return _("at least {count} failed antidepressant trials").format(count=self.count)

    def _fix(self) -> tuple[Change, ...]:
        return ((self.fact, self.count),)


@record
class Below(_Count):
    """The count is below `count`."""

    def evaluate(self, situation: Situation) -> bool | None:
        value = situation.read(self.fact)
        return None if value is None else value < self.count

    def describe(self) -> str:
        return _("fewer than {count} failed antidepressant trials").format(count=self.count)

    def _fix(self) -> tuple[Change, ...]:
        return ((self.fact, self.count - 1),)

    def _unfix(self) -> tuple[Change, ...]:
        return ((self.fact, self.count),)


class _Wraps(Test):
    """A test about another, `test`: it asks about the same facts and counts. (Not a
    record: each subclass declares `test` among its fields, in its own order.)"""

    test: Test

    def thresholds(self) -> frozenset[int]:
        return self.test.thresholds()

    def facts(self) -> frozenset[str]:
        return self.test.facts()

    def deciding_unknowns(self, situation: Situation) -> frozenset[str]:
        return self.test.deciding_unknowns(situation)


@record
class Presume(_Wraps):
    """A test that a fact not given is taken to pass, as the person's other facts imply
    (a diagnosis of treatment-resistant depression implies at least two failed
    antidepressants); what it takes for granted becomes a prerequisite of the verdict.
    A fact that is given and fails it fails it."""

    test: Test
    prerequisite: str

    def evaluate(self, situation: Situation) -> bool:
        return self.test.evaluate(situation) is not False

    def deciding_unknowns(self, situation: Situation) -> frozenset[str]:
        return frozenset()

    def unknown_parts(self, situation: Situation) -> list[str]:
        return []

    def presumed(self, situation: Situation) -> list[str]:
        return [self.prerequisite] if self.test.evaluate(situation) is None else []

    def describe(self) -> str:
        return self.test.describe()

    def met_by(self, situation: Situation) -> str:
        if self.test.evaluate(situation) is None:
            return _("{test}, taken as given (not stated)").format(test=self.test.describe())
        return self.test.met_by(situation)

    def met_parts(self, situation: Situation) -> list[str]:
        return [self.met_by(situation)]

    def failed_by(self, situation: Situation) -> str:
        return self.test.failed_by(situation)

    def changes(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        if self.evaluate(situation):
            return ()
        return self.test.changes(situation, allowed)

    def breaks(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        return self.test.breaks(situation, allowed)


@record
class Flag(Test):
    """A switch (work_injury, veteran) is on or off."""

    fact: str
    expected: bool

    def evaluate(self, situation: Situation) -> bool:
        return getattr(situation, self.fact) is self.expected

    def describe(self) -> str:
        yes, no = SWITCH_WORDS[self.fact]
        return _(yes) if self.expected else _(no)

    def failed_by(self, situation: Situation) -> str:
        yes, no = SWITCH_WORDS[self.fact]
        return _(no) if self.expected else _(yes)

    def _fix(self) -> tuple[Change, ...]:
        return ((self.fact, self.expected),)

    def _unfix(self) -> tuple[Change, ...]:
        return ((self.fact, not self.expected),)


@record
class Has(Test):
    """The person has one of these (kinds of insurance, federal plans): a list they
    give, where leaving a value out means they do not have it."""

    values: tuple[str, ...]
    labels: tuple[str, ...]  # each value in words ("private health insurance")
    negated: bool = False
    fact: str = "insurance"

    def facts(self) -> frozenset[str]:
        return frozenset((self.fact,))

    def evaluate(self, situation: Situation) -> bool:
        has = any(v in getattr(situation, self.fact) for v in self.values)
        return has is not self.negated

    def describe(self) -> str:
        if self.negated:
            return _("no {labels}").format(labels=_either(self.labels))
        return _either(self.labels)

    def failed_by(self, situation: Situation) -> str:
        if self.negated:  # the person has one of them: name the ones they have
            held = getattr(situation, self.fact)
            pairs = zip(self.values, self.labels, strict=True)
            return listed([label for value, label in pairs if value in held])
        return Has(self.values, self.labels, True, self.fact).describe()

    def _fix(self) -> tuple[Change, ...] | None:
        return None if self.negated else ((self.fact, self.values[0]),)

    def _unfix(self) -> tuple[Change, ...] | None:
        return ((self.fact, self.values[0]),) if self.negated else None


@record
class Not(_Wraps):
    """The opposite of a test (unknown stays unknown)."""

    test: Test

    def evaluate(self, situation: Situation) -> bool | None:
        answer = self.test.evaluate(situation)
        return None if answer is None else not answer

    def describe(self) -> str:
        inner = self.test
        if isinstance(inner, Among):
            return _named(inner.fact, _either(inner.values), negated=True)
        return _("not {test}").format(test=inner.describe())

    def changes(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        return self.test.breaks(situation, allowed)

    def breaks(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        return self.test.changes(situation, allowed)

    def failed_by(self, situation: Situation) -> str:
        return self.test.met_by(situation)

    def met_by(self, situation: Situation) -> str:
        inner = self.test
        if isinstance(inner, Among):
            return _("{given}, not {values}").format(
                given=inner.met_by(situation), values=_either(inner.values)
            )
        return self.describe()


_PartChanges = Callable[[Test], "tuple[Change, ...] | None"]


@record
class _Parts(Test):
    """A test made of parts: what AllOf and AnyOf share."""

    parts: tuple[Test, ...]
    # The answer of one part that decides the whole: False for AllOf, True for AnyOf.
    DECISIVE: ClassVar[bool]

    def evaluate(self, situation: Situation) -> bool | None:
        answer: bool | None = not self.DECISIVE
        for part in self.parts:
            result = part.evaluate(situation)
            if result is self.DECISIVE:
                return result
            if result is None:
                answer = None
        return answer

    def thresholds(self) -> frozenset[int]:
        return frozenset().union(*(part.thresholds() for part in self.parts))

    def facts(self) -> frozenset[str]:
        return frozenset().union(*(part.facts() for part in self.parts))

    def deciding_unknowns(self, situation: Situation) -> frozenset[str]:
        if self.evaluate(situation) is not None:
            return frozenset()
        return frozenset().union(*(part.deciding_unknowns(situation) for part in self.parts))

    def _every(self, each: _PartChanges) -> tuple[Change, ...] | None:
        """The changes that make every part go the way asked, or None when one cannot."""
        found: list[Change] = []
        for part in self.parts:
            more = each(part)
            if more is None:
                return None
            found += more
        return tuple(found)

    def _cheapest(self, each: _PartChanges) -> tuple[Change, ...] | None:
        """The fewest changes that make one part go the way asked, or None."""
        options = [each(part) for part in self.parts]
        return min((found for found in options if found is not None), key=len, default=None)


@record
class AllOf(_Parts):
    """Every part holds."""

    DECISIVE = False

    def met_parts(self, situation: Situation) -> list[str]:
        return [text for part in self.parts for text in part.met_parts(situation)]

    def presumed(self, situation: Situation) -> list[str]:
        return [text for part in self.parts for text in part.presumed(situation)]

    def holds_partly(self, situation: Situation) -> bool:
        """Whether some part holds for certain."""
        return any(part.evaluate(situation) is True for part in self.parts)

    def describe(self) -> str:
        return "; ".join(part.describe() for part in self.parts)

    def met_by(self, situation: Situation) -> str:
        return "; ".join(part.met_by(situation) for part in self.parts)

    def failed_by(self, situation: Situation) -> str:
        failing = [part for part in self.parts if part.evaluate(situation) is False]
        return failing[0].failed_by(situation)

    def unknown_parts(self, situation: Situation) -> list[str]:
        return [text for part in self.parts for text in part.unknown_parts(situation)]

    def changes(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        return self._every(lambda part: part.changes(situation, allowed))

    def breaks(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        return self._cheapest(lambda part: part.breaks(situation, allowed))


@record
class AnyOf(_Parts):
    """At least one part holds."""

    DECISIVE = True

    def describe(self) -> str:
        return alternatives(part.describe() for part in self.parts)

    def met_by(self, situation: Situation) -> str:
        for part in self.parts:
            if part.evaluate(situation) is True:
                return part.met_by(situation)
        return self.describe()

    def presumed(self, situation: Situation) -> list[str]:
        # Only the way it holds counts: the first part that does.
        for part in self.parts:
            if part.evaluate(situation) is True:
                return part.presumed(situation)
        return []

    def failed_by(self, situation: Situation) -> str:
        # Name what failed the ways that came closest (part of them held): "0 failed
        # antidepressant trials", not also "condition trd" for the way that needs mdd.
        close = [p for p in self.parts if isinstance(p, AllOf) and p.holds_partly(situation)]
        parts = close or self.parts
        return "; ".join(dict.fromkeys(part.failed_by(situation) for part in parts))

    def changes(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        return self._cheapest(lambda part: part.changes(situation, allowed))

    def breaks(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        return self._every(lambda part: part.breaks(situation, allowed))


@record
class Named(_Wraps):
    """A definition from the data (such as treatment-resistant depression), used by name."""

    name: str
    label: str
    test: Test

    def evaluate(self, situation: Situation) -> bool | None:
        return self.test.evaluate(situation)

    def describe(self) -> str:
        return self.label

    def met_by(self, situation: Situation) -> str:
        return f"{self.label} ({self.test.met_by(situation)})"

    def presumed(self, situation: Situation) -> list[str]:
        return self.test.presumed(situation)

    def failed_by(self, situation: Situation) -> str:
        return _("not {label} ({why})").format(label=self.label, why=self.test.failed_by(situation))

    def changes(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        return self.test.changes(situation, allowed)

    def breaks(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        return self.test.breaks(situation, allowed)


ALWAYS = AllOf(())
