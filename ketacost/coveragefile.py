"""Read data/coverage.yaml: the words a situation is stated in, named definitions,
and each program's rules, checked in full (every fault, with its line and key path).

A program's rules are tried in order and the first that holds decides; the last
rule has no `when`, so every situation gets a verdict. Each rule carries its
source and the date it holds from (and, optionally, the date it ends).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from ketacost import schema
from ketacost.dated import source_ref
from ketacost.rules import ALWAYS, AllOf, Among, AnyOf, AtLeast, Flag, Has, Named, Not, Test
from ketacost.schema import Checker, Invalid
from ketacost.situation import Vocabulary
from ketacost.sources import Source
from ketacost.yamldoc import Document, KeyPath

VERDICTS = ("likely", "possible", "unlikely", "not-eligible")
# Verdicts under which a program may pay: they must say what it covers.
PAYING = ("likely", "possible")
SHARES = ("all", "part")
_PROVINCE = re.compile(r"[A-Z]{2}\Z")


@dataclass(frozen=True)
class Covers:
    """Which part of the cost a program pays, where the sources limit it."""

    share: str  # "all": the whole session as priced; "part": only `pays`
    pays: str
    does_not_pay: tuple[str, ...] = ()
    assumption: str | None = None


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class ProgramNote:
    """Something a person in this situation should know that is not a verdict
    (a public hospital program, a regulator's opinion)."""

    when: Test
    text: str
    source: str


# Programs and rule sets are loaded once and compared by identity (eq=False), so they
# can key the memo of verdicts (ketacost.coverage).
@dataclass(frozen=True, eq=False)
class CoverageProgram:
    """A program that may pay: its rules in the order they are tried."""

    id: str
    label: str
    description: str | None
    rules: tuple[Rule, ...]
    notes: tuple[ProgramNote, ...]

    @cached_property
    def facts(self) -> tuple[str, ...]:
        """The facts its rules and notes ask about: its verdict depends on no other."""
        tests = [rule.when for rule in self.rules] + [note.when for note in self.notes]
        return tuple(sorted(frozenset().union(*(test.facts() for test in tests))))


@dataclass(frozen=True, eq=False)
class CoverageRules:
    """Everything data/coverage.yaml holds."""

    words: Vocabulary
    definitions: dict[str, Named]
    programs: dict[str, CoverageProgram]

    def cited_sources(self) -> list[str]:
        """Every source id the rules and notes cite, in order, each once."""
        ids = [s for p in self.programs.values() for r in p.rules for s in r.sources]
        ids += [n.source for p in self.programs.values() for n in p.notes]
        return list(dict.fromkeys(ids))


def parse_coverage(doc: Document, sources: Mapping[str, Source]) -> CoverageRules:
    """Check and build the coverage rules. Raises DataFileError with every fault."""
    checker = Checker(doc)
    rules = None
    with checker.item():
        top = schema.document(
            doc.data, required=("situation", "programs"), optional=("definitions",)
        )
        words = _vocabulary(top["situation"], ("situation",))
        reader = _TestReader(words, {})
        for name, raw in schema.mapping(top.get("definitions", {}), ("definitions",)).items():
            with checker.item():
                reader.define(name, raw, ("definitions", str(name)), sources)
        programs = {}
        for program_id, raw in schema.mapping(top["programs"], ("programs",)).items():
            with checker.item():
                path = ("programs", str(program_id))
                program = _program(program_id, raw, path, reader, sources, checker)
                if program is not None:
                    programs[program.id] = program
        rules = CoverageRules(words, reader.definitions, programs)
    checker.raise_if_any()
    return rules


def _vocabulary(value: object, path: KeyPath) -> Vocabulary:
    block = schema.mapping(value, path)
    schema.keys(block, path, required=("provinces", "conditions", "insurance", "treatments"))
    provinces = {}
    for code, name in schema.mapping(block["provinces"], (*path, "provinces")).items():
        where = (*path, "provinces", str(code))
        if not isinstance(code, str) or not _PROVINCE.match(code):
            raise Invalid(where, "a province or territory code is two capital letters (AB)")
        provinces[code] = schema.text(name, where, one_line=True)
    return Vocabulary(
        provinces=provinces,
        conditions=_labels(block["conditions"], (*path, "conditions")),
        insurance=_labels(block["insurance"], (*path, "insurance")),
        treatments=tuple(
            schema.identifier(t, (*path, "treatments", str(i)))
            for i, t in enumerate(schema.sequence(block["treatments"], (*path, "treatments")))
        ),
    )


def _labels(value: object, path: KeyPath) -> dict[str, str]:
    labels = {}
    for key, label in schema.mapping(value, path).items():
        labels[schema.identifier(key, (*path, str(key)))] = schema.text(
            label, (*path, str(key)), one_line=True
        )
    if not labels:
        raise Invalid(path, "needs at least one entry")
    return labels


def _program(
    program_id: object, raw: object, path: KeyPath, reader: _TestReader, sources, checker: Checker
) -> CoverageProgram | None:
    """The program, or None when one of its rules has a fault (recorded in `checker`)."""
    pid, entry = schema.named_entry(
        program_id, raw, path, required=("label", "rules"), optional=("description", "notes")
    )
    rules_path = (*path, "rules")
    items = schema.sequence(entry["rules"], rules_path)
    rules = []
    for i, item in enumerate(items):
        with checker.item():
            rules.append(_rule(pid, item, (*rules_path, str(i)), reader, sources))
    if len(rules) < len(items):
        return None
    seen: set[str] = set()
    for i, rule in enumerate(rules):
        if rule.id in seen:
            raise Invalid((*rules_path, str(i), "id"), f"rule id '{rule.id}' is used twice")
        seen.add(rule.id)
    if rules[-1].when is not ALWAYS:
        raise Invalid(
            (*rules_path, str(len(rules) - 1)),
            "the last rule must have no `when`, so that every situation gets a verdict",
        )
    notes = []
    if "notes" in entry:
        notes_path = (*path, "notes")
        for i, item in enumerate(schema.sequence(entry["notes"], notes_path)):
            where = (*notes_path, str(i))
            note = schema.mapping(item, where)
            schema.keys(note, where, required=("when", "text", "source"))
            notes.append(
                ProgramNote(
                    when=reader.test(note["when"], (*where, "when")),
                    text=schema.text(note["text"], (*where, "text")),
                    source=source_ref(note["source"], (*where, "source"), sources),
                )
            )
    return CoverageProgram(
        id=pid,
        label=schema.text(entry["label"], (*path, "label"), one_line=True),
        description=schema.optional_text(entry, "description", path),
        rules=tuple(rules),
        notes=tuple(notes),
    )


def _rule(program: str, value: object, path: KeyPath, reader: _TestReader, sources) -> Rule:
    entry = schema.mapping(value, path)
    schema.keys(
        entry,
        path,
        required=("id", "verdict", "reason", "source", "since"),
        optional=("when", "prerequisites", "covers", "until", "note"),
    )
    verdict = schema.one_of(entry["verdict"], (*path, "verdict"), VERDICTS)
    if verdict in PAYING and "covers" not in entry:
        raise Invalid(path, f"a rule with verdict '{verdict}' must say what the program `covers`")
    if verdict not in PAYING and "covers" in entry:
        raise Invalid(
            (*path, "covers"), f"a rule with verdict '{verdict}' pays nothing: remove `covers`"
        )
    since = schema.date(entry["since"], (*path, "since"))
    until = schema.date(entry["until"], (*path, "until")) if "until" in entry else None
    if until is not None and until <= since:
        raise Invalid((*path, "until"), "must be after `since`")
    return Rule(
        program=program,
        id=schema.identifier(entry["id"], (*path, "id")),
        when=reader.test(entry["when"], (*path, "when")) if "when" in entry else ALWAYS,
        verdict=verdict,
        reason=schema.text(entry["reason"], (*path, "reason")),
        prerequisites=_texts(entry.get("prerequisites", []), (*path, "prerequisites")),
        covers=_covers(entry["covers"], (*path, "covers")) if "covers" in entry else None,
        sources=_sources(entry["source"], (*path, "source"), sources),
        since=since,
        until=until,
        note=schema.optional_text(entry, "note", path),
    )


def _sources(value: object, path: KeyPath, sources) -> tuple[str, ...]:
    """`source: id` or `source: [id, id]`."""
    if not isinstance(value, list):
        return (source_ref(value, path, sources),)
    items = schema.sequence(value, path)
    return tuple(source_ref(item, (*path, str(i)), sources) for i, item in enumerate(items))


def _covers(value: object, path: KeyPath) -> Covers:
    entry = schema.mapping(value, path)
    schema.keys(entry, path, required=("share", "pays"), optional=("does_not_pay", "assumption"))
    share = schema.one_of(entry["share"], (*path, "share"), SHARES)
    if share == "part" and "does_not_pay" not in entry:
        raise Invalid(path, "a program that pays part must say what it does not pay")
    return Covers(
        share=share,
        pays=schema.text(entry["pays"], (*path, "pays")),
        does_not_pay=_texts(entry.get("does_not_pay", []), (*path, "does_not_pay")),
        assumption=schema.optional_text(entry, "assumption", path),
    )


def _texts(value: object, path: KeyPath) -> tuple[str, ...]:
    if value == []:
        return ()
    return tuple(
        schema.text(item, (*path, str(i))) for i, item in enumerate(schema.sequence(value, path))
    )


class _TestReader:
    """Builds tests from a rule's `when`, checking every value against the vocabulary."""

    KEYS = (
        "province",
        "condition",
        "treatment",
        "failed_antidepressants",
        "work_injury",
        "veteran",
        "insurance",
        "is",
        "any",
        "not",
    )

    def __init__(self, words: Vocabulary, definitions: dict[str, Named]) -> None:
        self.words, self.definitions = words, definitions

    def define(self, name: object, raw: object, path: KeyPath, sources) -> None:
        """Add a named definition (it may use the ones before it)."""
        did, entry = schema.named_entry(
            name, raw, path, required=("label", "when", "source"), optional=("note",)
        )
        source_ref(entry["source"], (*path, "source"), sources)
        label = schema.text(entry["label"], (*path, "label"), one_line=True)
        self.definitions[did] = Named(did, label, self.test(entry["when"], (*path, "when")))

    def test(self, value: object, path: KeyPath) -> Test:
        """A `when` mapping: every key is a test, and all must hold."""
        entry = schema.mapping(value, path)
        if not entry:
            raise Invalid(path, "needs at least one test (leave `when` out to match always)")
        schema.keys(entry, path, optional=self.KEYS)
        parts = tuple(self._one(key, entry[key], (*path, key)) for key in entry)
        return parts[0] if len(parts) == 1 else AllOf(parts)

    def _one(self, key: str, value: object, path: KeyPath) -> Test:
        words = self.words
        if key == "province":
            return Among(key, self._among(value, path, tuple(words.provinces)))
        if key == "condition":
            return Among(key, self._among(value, path, tuple(words.conditions)))
        if key == "treatment":
            return Among(key, self._among(value, path, words.treatments))
        if key == "insurance":
            values = self._among(value, path, tuple(words.insurance))
            return Has(values, tuple(words.insurance[v] for v in values))
        if key == "failed_antidepressants":
            entry = schema.mapping(value, path)
            schema.keys(entry, path, required=("at_least",))
            return AtLeast(key, schema.count(entry["at_least"], (*path, "at_least"), 0, 50))
        if key in ("work_injury", "veteran"):
            return Flag(key, schema.boolean(value, path))
        if key == "is":
            if value not in self.definitions:
                known = ", ".join(self.definitions) or "none"
                raise Invalid(path, f"'{value}' is not defined (definitions: {known})")
            return self.definitions[value]
        if key == "any":
            items = schema.sequence(value, path)
            if len(items) < 2:
                raise Invalid(path, "`any` needs at least two alternatives")
            return AnyOf(tuple(self.test(item, (*path, str(i))) for i, item in enumerate(items)))
        inner = self.test(value, path)
        if isinstance(inner, Has):
            return Has(inner.values, inner.labels, negated=True)
        return Not(inner)

    @staticmethod
    def _among(value: object, path: KeyPath, valid: tuple[str, ...]) -> tuple[str, ...]:
        items = schema.sequence(value, path)
        for i, item in enumerate(items):
            if isinstance(item, bool):
                raise Invalid(
                    (*path, str(i)),
                    "YAML reads ON, YES, NO, Y and N as true or false: put the code in "
                    'quotes ("ON")',
                )
            if item not in valid:
                raise Invalid(
                    (*path, str(i)),
                    f"'{item}' is not defined under `situation` (valid: {', '.join(valid)})",
                )
        return tuple(items)
