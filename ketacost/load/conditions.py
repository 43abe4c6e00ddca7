"""Read a coverage rule's `when` (and a definition's, a note's, a contradiction's) into
a test of a situation, checking every value against the situation's vocabulary.

The keys of a `when`, all of which must hold:
    province: [AB, ...]            the person's province or territory is one of these
    claim_province: [AB, ...]      the claim is in one of these (default: the province)
    condition: [trd, ...]          the condition is one of these
    treatment: [iv, ...]           the treatment is one of these
    failed_antidepressants: {at_least: 2} or {below: 2}
    work_injury: true|false        an accepted workers' compensation claim
    veteran: true|false            a VAC client whose condition is service-related
    insurance: [private, ...]      the person has one of these insurances
    federal_plan: [nihb, ...]      the person is covered by one of these federal plans
    is: <definition>               a named definition holds
    any: [{...}, {...}]            at least one of these holds
    not: {...}                     this does not hold
    presume: {when: {...}, prerequisite: text}
                                   holds unless the facts given fail it; a fact not
                                   given is taken to pass, and the prerequisite is
                                   added to the verdict
"""

from __future__ import annotations

from ketacost.i18n import _
from ketacost.load import schema
from ketacost.load.dated import source_refs
from ketacost.load.schema import Invalid
from ketacost.load.yamldoc import KeyPath
from ketacost.model.conditions import (
    AllOf,
    Among,
    AnyOf,
    AtLeast,
    Below,
    Flag,
    Has,
    Named,
    Not,
    Presume,
    Test,
)
from ketacost.model.situation import MAX_FAILED_ANTIDEPRESSANTS, Vocabulary, switches

KEYS = (
    "province",
    "claim_province",
    "condition",
    "treatment",
    "failed_antidepressants",
    *switches(),  # work_injury, veteran: true or false
    "insurance",
    "federal_plan",
    "is",
    "any",
    "not",
    "presume",
)


class WhenReader:
    """Builds tests from `when` mappings; remembers the named definitions read so far."""

    def __init__(self, words: Vocabulary) -> None:
        self.words = words
        self.definitions: dict[str, Named] = {}

    def define(self, name: object, raw: object, path: KeyPath, sources) -> None:
        """Add a named definition (it may use the ones before it)."""
        did, entry = schema.named_entry(
            name, raw, path, required=("label", "when", "source"), optional=("note",)
        )
        source_refs(entry["source"], (*path, "source"), sources)
        label = schema.text(entry["label"], (*path, "label"), one_line=True)
        self.definitions[did] = Named(did, label, self.test(entry["when"], (*path, "when")))

    def test(self, value: object, path: KeyPath) -> Test:
        """A `when` mapping: every key is a test, and all must hold."""
        entry = schema.mapping(value, path)
        if not entry:
            raise Invalid(path, _("needs at least one test (leave `when` out to match always)"))
        schema.keys(entry, path, optional=KEYS)
        parts = tuple(self._one(key, entry[key], (*path, key)) for key in entry)
        return parts[0] if len(parts) == 1 else AllOf(parts)

    def _one(self, key: str, value: object, path: KeyPath) -> Test:
        words = self.words
        if key in ("province", "claim_province"):
            return Among(key, self._among(value, path, tuple(words.provinces)))
        if key == "condition":
            return Among("conditions", self._among(value, path, tuple(words.conditions)))
        if key == "treatment":
            return Among(key, self._among(value, path, words.treatments))
        if key == "insurance":
            values = self._among(value, path, tuple(words.insurance))
            return Has(values, tuple(words.insurance[v] for v in values))
        if key == "federal_plan":
            values = self._among(value, path, tuple(words.federal_plans))
            return Has(values, tuple(words.federal_plans[v] for v in values), fact="federal_plans")
        if key == "failed_antidepressants":
            return self._count(value, path)
        if key in switches():
            return Flag(key, schema.boolean(value, path))
        if key == "is":
            if value not in self.definitions:
                known = ", ".join(self.definitions) or _("none")
                raise Invalid(
                    path,
                    _("'{name}' is not defined (definitions: {known})").format(
                        name=value, known=known
                    ),
                )
            return self.definitions[value]
        if key == "any":
            items = schema.sequence(value, path)
            if len(items) < 2:
                raise Invalid(path, _("`any` needs at least two alternatives"))
            return AnyOf(tuple(self.test(item, (*path, str(i))) for i, item in enumerate(items)))
        if key == "presume":
            entry = schema.mapping(value, path)
            schema.keys(entry, path, required=("when", "prerequisite"))
            return Presume(
                self.test(entry["when"], (*path, "when")),
                schema.text(entry["prerequisite"], (*path, "prerequisite")),
            )
        inner = self.test(value, path)
        if isinstance(inner, Has):
            return Has(inner.values, inner.labels, negated=True, fact=inner.fact)
        return Not(inner)

    @staticmethod
    def _count(value: object, path: KeyPath) -> Test:
        entry = schema.mapping(value, path)
        if len(entry) != 1:
            raise Invalid(path, _("give one of `at_least` or `below`"))
        schema.keys(entry, path, optional=("at_least", "below"))
        ((kind, number),) = entry.items()
        if kind == "at_least":
            count = schema.count(number, (*path, kind), 0, MAX_FAILED_ANTIDEPRESSANTS)
            return AtLeast("failed_antidepressants", count)
        count = schema.count(number, (*path, kind), 1, MAX_FAILED_ANTIDEPRESSANTS)
        return Below("failed_antidepressants", count)

    @staticmethod
    def _among(value: object, path: KeyPath, valid: tuple[str, ...]) -> tuple[str, ...]:
        items = schema.sequence(value, path)
        for i, item in enumerate(items):
            if isinstance(item, bool):
                raise Invalid(
                    (*path, str(i)),
                    _(
                        "YAML reads ON, YES, NO, Y and N as true or false: put the code in "
                        'quotes ("ON")'
                    ),
                )
            if item not in valid:
                raise Invalid(
                    (*path, str(i)),
                    _("'{value}' is not defined under `situation` (valid: {valid})").format(
                        value=item, valid=", ".join(valid)
                    ),
                )
        return tuple(items)
