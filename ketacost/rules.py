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
from dataclasses import dataclass

from ketacost.situation import SWITCH_WORDS, Situation, listed

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
        return f"not {self.describe()}"

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
        return frozenset(f for f in self.facts() if getattr(situation, f) is None)

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


@dataclass(frozen=True)
class Among(Test):
    """A fact (province, condition, treatment) is one of `values`."""

    fact: str
    values: tuple[str, ...]

    def evaluate(self, situation: Situation) -> bool | None:
        value = getattr(situation, self.fact)
        return None if value is None else value in self.values

    def describe(self) -> str:
        return f"{self.fact} {_either(self.values)}"

    def met_by(self, situation: Situation) -> str:
        return f"{self.fact} {getattr(situation, self.fact)}"

    def failed_by(self, situation: Situation) -> str:
        return self.met_by(situation)

    def _fix(self) -> tuple[Change, ...]:
        return ((self.fact, self.values[0]),)


@dataclass(frozen=True)
class AtLeast(Test):
    """A count (failed antidepressant trials) is at least `count`."""

    fact: str
    count: int

    def evaluate(self, situation: Situation) -> bool | None:
        value = getattr(situation, self.fact)
        return None if value is None else value >= self.count

    def describe(self) -> str:
        return f"at least {self.count} failed antidepressant trials"

    def met_by(self, situation: Situation) -> str:
        return f"{getattr(situation, self.fact)} failed antidepressant trials"

    def failed_by(self, situation: Situation) -> str:
        return self.met_by(situation)

    def _fix(self) -> tuple[Change, ...]:
        return ((self.fact, self.count),)


@dataclass(frozen=True)
class Flag(Test):
    """A switch (work_injury, veteran) is on or off."""

    fact: str
    expected: bool

    def evaluate(self, situation: Situation) -> bool:
        return getattr(situation, self.fact) is self.expected

    def describe(self) -> str:
        yes, no = SWITCH_WORDS[self.fact]
        return yes if self.expected else no

    def failed_by(self, situation: Situation) -> str:
        yes, no = SWITCH_WORDS[self.fact]
        return no if self.expected else yes

    def _fix(self) -> tuple[Change, ...]:
        return ((self.fact, self.expected),)

    def _unfix(self) -> tuple[Change, ...]:
        return ((self.fact, not self.expected),)


@dataclass(frozen=True)
class Has(Test):
    """The person has one of these kinds of insurance."""

    values: tuple[str, ...]
    labels: tuple[str, ...]  # each value in words ("private health insurance")
    negated: bool = False

    def facts(self) -> frozenset[str]:
        return frozenset(("insurance",))

    def evaluate(self, situation: Situation) -> bool:
        has = any(v in situation.insurance for v in self.values)
        return has is not self.negated

    def describe(self) -> str:
        return f"{'no ' if self.negated else ''}{_either(self.labels)}"

    def failed_by(self, situation: Situation) -> str:
        return Has(self.values, self.labels, not self.negated).describe()

    def _fix(self) -> tuple[Change, ...] | None:
        return None if self.negated else (("insurance", self.values[0]),)

    def _unfix(self) -> tuple[Change, ...] | None:
        return (("insurance", self.values[0]),) if self.negated else None


@dataclass(frozen=True)
class Not(Test):
    """The opposite of a test (unknown stays unknown)."""

    test: Test

    def facts(self) -> frozenset[str]:
        return self.test.facts()

    def deciding_unknowns(self, situation: Situation) -> frozenset[str]:
        return self.test.deciding_unknowns(situation)

    def evaluate(self, situation: Situation) -> bool | None:
        answer = self.test.evaluate(situation)
        return None if answer is None else not answer

    def describe(self) -> str:
        return f"not {self.test.describe()}"

    def changes(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        return self.test.breaks(situation, allowed)

    def breaks(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        return self.test.changes(situation, allowed)

    def failed_by(self, situation: Situation) -> str:
        return self.test.met_by(situation)

    def met_by(self, situation: Situation) -> str:
        inner = self.test
        if isinstance(inner, Among):
            return f"{inner.fact} {getattr(situation, inner.fact)}, not {_either(inner.values)}"
        return self.describe()


@dataclass(frozen=True)
class AllOf(Test):
    """Every part holds."""

    parts: tuple[Test, ...]

    def facts(self) -> frozenset[str]:
        return frozenset().union(*(part.facts() for part in self.parts))

    def deciding_unknowns(self, situation: Situation) -> frozenset[str]:
        if self.evaluate(situation) is not None:
            return frozenset()
        return frozenset().union(*(part.deciding_unknowns(situation) for part in self.parts))

    def met_parts(self, situation: Situation) -> list[str]:
        return [text for part in self.parts for text in part.met_parts(situation)]

    def evaluate(self, situation: Situation) -> bool | None:
        answer: bool | None = True
        for part in self.parts:
            result = part.evaluate(situation)
            if result is False:
                return False
            if result is None:
                answer = None
        return answer

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
        found: list[Change] = []
        for part in self.parts:
            more = part.changes(situation, allowed)
            if more is None:
                return None
            found += more
        return tuple(found)

    def breaks(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        options = [part.breaks(situation, allowed) for part in self.parts]
        return min((found for found in options if found is not None), key=len, default=None)


@dataclass(frozen=True)
class AnyOf(Test):
    """At least one part holds."""

    parts: tuple[Test, ...]

    def facts(self) -> frozenset[str]:
        return frozenset().union(*(part.facts() for part in self.parts))

    def deciding_unknowns(self, situation: Situation) -> frozenset[str]:
        if self.evaluate(situation) is not None:
            return frozenset()
        return frozenset().union(*(part.deciding_unknowns(situation) for part in self.parts))

    def evaluate(self, situation: Situation) -> bool | None:
        answer: bool | None = False
        for part in self.parts:
            result = part.evaluate(situation)
            if result is True:
                return True
            if result is None:
                answer = None
        return answer

    def describe(self) -> str:
        return " or ".join(part.describe() for part in self.parts)

    def met_by(self, situation: Situation) -> str:
        for part in self.parts:
            if part.evaluate(situation) is True:
                return part.met_by(situation)
        return self.describe()

    def failed_by(self, situation: Situation) -> str:
        return "; ".join(dict.fromkeys(part.failed_by(situation) for part in self.parts))

    def changes(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        options = [part.changes(situation, allowed) for part in self.parts]
        return min((found for found in options if found is not None), key=len, default=None)

    def breaks(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        found: list[Change] = []
        for part in self.parts:
            more = part.breaks(situation, allowed)
            if more is None:
                return None
            found += more
        return tuple(found)


@dataclass(frozen=True)
class Named(Test):
    """A definition from the data (such as treatment-resistant depression), used by name."""

    name: str
    label: str
    test: Test

    def facts(self) -> frozenset[str]:
        return self.test.facts()

    def deciding_unknowns(self, situation: Situation) -> frozenset[str]:
        return self.test.deciding_unknowns(situation)

    def evaluate(self, situation: Situation) -> bool | None:
        return self.test.evaluate(situation)

    def describe(self) -> str:
        return self.label

    def met_by(self, situation: Situation) -> str:
        return f"{self.label} ({self.test.met_by(situation)})"

    def failed_by(self, situation: Situation) -> str:
        return f"not {self.label} ({self.test.failed_by(situation)})"

    def changes(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        return self.test.changes(situation, allowed)

    def breaks(self, situation: Situation, allowed: Allowed) -> tuple[Change, ...] | None:
        return self.test.breaks(situation, allowed)


ALWAYS = AllOf(())
