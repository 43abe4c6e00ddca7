"""Read data/coverage.yaml into coverage rules (ketacost.model.coverage), checked in
full: every fault, with its line and key path.

A program's rules are tried in order and the first that holds decides; the last
rule has no `when`, so every situation gets a verdict. Each rule carries its
source and the date it holds from (and, optionally, the date it ends).
"""

from __future__ import annotations

from collections.abc import Mapping

from ketacost.i18n import _
from ketacost.load import schema
from ketacost.load.conditions import WhenReader
from ketacost.load.dated import source_ref, source_refs
from ketacost.load.schema import Checker, Invalid
from ketacost.load.vocabulary import read_carrier, vocabulary, with_carriers
from ketacost.load.yamldoc import Document, KeyPath
from ketacost.model.conditions import ALWAYS
from ketacost.model.coverage import (
    ALL,
    PART,
    PAYING,
    SHARES,
    VERDICTS,
    Collapsed,
    Contradiction,
    CoverageProgram,
    CoverageRules,
    Covers,
    Group,
    NextStep,
    Note,
    Rule,
)
from ketacost.model.sources import Source


def parse_coverage(doc: Document, sources: Mapping[str, Source]) -> CoverageRules:
    """Check and build the coverage rules. Raises DataFileError with every fault."""
    checker = Checker(doc)
    rules = None
    with checker.item():
        top = schema.document(
            doc.data,
            required=("situation", "programs"),
            optional=("definitions", "groups", "contradictions", "notes", "carriers"),
        )
        words = vocabulary(top["situation"], ("situation",))
        carriers = {}
        for name, raw in schema.mapping(top.get("carriers", {}), ("carriers",)).items():
            with checker.item():
                carrier = read_carrier(name, raw, ("carriers", str(name)), sources, words)
                carriers[carrier.id] = carrier
        words = with_carriers(words, carriers)
        reader = WhenReader(words)
        for name, raw in schema.mapping(top.get("definitions", {}), ("definitions",)).items():
            with checker.item():
                reader.define(name, raw, ("definitions", str(name)), sources)
        groups = {}
        for name, raw in schema.mapping(top.get("groups", {}), ("groups",)).items():
            with checker.item():
                group = _group(name, raw, ("groups", str(name)), reader, sources)
                groups[group.id] = group
        programs = {}
        for program_id, raw in schema.mapping(top["programs"], ("programs",)).items():
            with checker.item():
                path = ("programs", str(program_id))
                program = _program(program_id, raw, path, reader, sources, groups, checker)
                if program is not None:
                    programs[program.id] = program
        contradictions = []
        path = ("contradictions",)
        listed = schema.sequence(top["contradictions"], path) if path[0] in top else []
        for i, raw in enumerate(listed):
            with checker.item():
                contradictions.append(_contradiction(raw, (*path, str(i)), reader, sources))
        notes = _notes(top.get("notes", []), ("notes",), reader, sources, checker)
        rules = CoverageRules(
            words, reader.definitions, programs, groups, tuple(contradictions), notes, carriers
        )
    checker.raise_if_any()
    return rules


def _group(name: object, raw: object, path: KeyPath, reader: WhenReader, sources) -> Group:
    gid, entry = schema.named_entry(
        name, raw, path, required=("label",), optional=("collapse", "pays_only_when", "source")
    )
    pays_only_when = None
    if "pays_only_when" in entry:
        if "source" not in entry:
            raise Invalid(path, _("`pays_only_when` needs the `source` that says so"))
        source_ref(entry["source"], (*path, "source"), sources)
        pays_only_when = reader.test(entry["pays_only_when"], (*path, "pays_only_when"))
    collapse = {}
    where = (*path, "collapse")
    for rule_id, shown in schema.mapping(entry.get("collapse", {}), where).items():
        at = (*where, str(rule_id))
        block = schema.mapping(shown, at)
        schema.keys(block, at, required=("label", "reason"))
        collapse[schema.identifier(rule_id, at)] = Collapsed(
            label=schema.text(block["label"], (*at, "label"), one_line=True),
            reason=schema.text(block["reason"], (*at, "reason")),
        )
    label = schema.text(entry["label"], (*path, "label"), one_line=True)
    return Group(gid, label, collapse, pays_only_when)


def _program(
    program_id: object,
    raw: object,
    path: KeyPath,
    reader: WhenReader,
    sources,
    groups: dict[str, Group],
    checker: Checker,
) -> CoverageProgram | None:
    """The program, or None when one of its rules has a fault (recorded in `checker`)."""
    pid, entry = schema.named_entry(
        program_id,
        raw,
        path,
        required=("label", "rules"),
        optional=("description", "notes", "group", "next_steps", "carriers"),
    )
    group = None
    if "group" in entry:
        group = groups.get(entry["group"])
        if group is None:
            known = ", ".join(groups) or _("none")
            raise Invalid(
                (*path, "group"),
                _("group '{group}' is not defined ({known})").format(
                    group=entry["group"], known=known
                ),
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
            raise Invalid(
                (*rules_path, str(i), "id"), _("rule id '{id}' is used twice").format(id=rule.id)
            )
        seen.add(rule.id)
    if rules[-1].when is not ALWAYS:
        raise Invalid(
            (*rules_path, str(len(rules) - 1)),
            _("the last rule must have no `when`, so that every situation gets a verdict"),
        )
    notes = _notes(entry.get("notes", []), (*path, "notes"), reader, sources, checker)
    steps = _next_steps(entry.get("next_steps", []), (*path, "next_steps"), reader, sources)
    # A step is chosen for a verdict decided on the facts the rules ask about alone.
    asked = frozenset().union(*(r.when.facts() for r in rules), *(n.when.facts() for n in notes))
    for i, step in enumerate(steps):
        beyond = step.when.facts() - asked
        if beyond:
            raise Invalid(
                (*path, "next_steps", str(i), "when"),
                _("asks about {facts}, which none of the program's rules asks about").format(
                    facts=", ".join(sorted(beyond))
                ),
            )
    carriers_of = ()
    if "carriers" in entry:
        at = (*path, "carriers")
        carriers_of = tuple(
            schema.one_of(kind, (*at, str(i)), tuple(reader.words.insurance))
            for i, kind in enumerate(schema.sequence(entry["carriers"], at))
        )
    return CoverageProgram(
        id=pid,
        label=schema.text(entry["label"], (*path, "label"), one_line=True),
        description=schema.optional_text(entry, "description", path),
        rules=tuple(rules),
        notes=notes,
        group=group,
        next_steps=steps,
        carriers_of=carriers_of,
    )


def _next_steps(value: object, path: KeyPath, reader: WhenReader, sources) -> tuple[NextStep, ...]:
    """`[{when?, file, appeal, source, since, note?}]`: the first whose `when` holds is
    said; the last has no `when`, so every situation a program may pay in gets one."""
    if value == []:
        return ()
    steps = []
    items = schema.sequence(value, path)
    for i, item in enumerate(items):
        where = (*path, str(i))
        entry = schema.mapping(item, where)
        schema.keys(
            entry, where, required=("file", "appeal", "source", "since"), optional=("when", "note")
        )
        steps.append(
            NextStep(
                when=reader.test(entry["when"], (*where, "when")) if "when" in entry else ALWAYS,
                file=schema.text(entry["file"], (*where, "file")),
                appeal=schema.text(entry["appeal"], (*where, "appeal")),
                sources=source_refs(entry["source"], (*where, "source"), sources),
                since=schema.date(entry["since"], (*where, "since")),
            )
        )
    if steps[-1].when is not ALWAYS:
        raise Invalid(
            (*path, str(len(steps) - 1)),
            _("the last next step must have no `when`, so that every situation gets one"),
        )
    return tuple(steps)


def _notes(value: object, path: KeyPath, reader: WhenReader, sources, checker) -> tuple[Note, ...]:
    if value == []:
        return ()
    notes = []
    for i, item in enumerate(schema.sequence(value, path)):
        with checker.item():
            where = (*path, str(i))
            note = schema.mapping(item, where)
            schema.keys(
                note, where, required=("when", "text", "source", "since"), optional=("note",)
            )
            notes.append(
                Note(
                    when=reader.test(note["when"], (*where, "when")),
                    text=schema.text(note["text"], (*where, "text")),
                    source=source_ref(note["source"], (*where, "source"), sources),
                    since=schema.date(note["since"], (*where, "since")),
                )
            )
    return tuple(notes)


def _contradiction(raw: object, path: KeyPath, reader: WhenReader, sources) -> Contradiction:
    entry = schema.mapping(raw, path)
    schema.keys(entry, path, required=("id", "when", "text", "source"))
    return Contradiction(
        id=schema.identifier(entry["id"], (*path, "id")),
        when=reader.test(entry["when"], (*path, "when")),
        text=schema.text(entry["text"], (*path, "text")),
        sources=source_refs(entry["source"], (*path, "source"), sources),
    )


def _rule(program: str, value: object, path: KeyPath, reader: WhenReader, sources) -> Rule:
    entry = schema.mapping(value, path)
    schema.keys(
        entry,
        path,
        required=("id", "verdict", "reason", "source", "since"),
        optional=("when", "prerequisites", "covers", "until", "note"),
    )
    verdict = schema.one_of(entry["verdict"], (*path, "verdict"), VERDICTS)
    if verdict in PAYING and "covers" not in entry:
        raise Invalid(
            path,
            _("a rule with verdict '{verdict}' must say what the program `covers`").format(
                verdict=verdict
            ),
        )
    if verdict not in PAYING and "covers" in entry:
        raise Invalid(
            (*path, "covers"),
            _("a rule with verdict '{verdict}' pays nothing: remove `covers`").format(
                verdict=verdict
            ),
        )
    since = schema.date(entry["since"], (*path, "since"))
    until = schema.date(entry["until"], (*path, "until")) if "until" in entry else None
    if until is not None and until <= since:
        raise Invalid((*path, "until"), _("must be after `since`"))
    covers = None
    if "covers" in entry:
        covers = _covers(entry["covers"], (*path, "covers"), sources)
    return Rule(
        program=program,
        id=schema.identifier(entry["id"], (*path, "id")),
        when=reader.test(entry["when"], (*path, "when")) if "when" in entry else ALWAYS,
        verdict=verdict,
        reason=schema.text(entry["reason"], (*path, "reason")),
        prerequisites=_texts(entry.get("prerequisites", []), (*path, "prerequisites")),
        covers=covers,
        sources=source_refs(entry["source"], (*path, "source"), sources),
        since=since,
        until=until,
        note=schema.optional_text(entry, "note", path),
    )


def _covers(value: object, path: KeyPath, sources) -> Covers:
    entry = schema.mapping(value, path)
    schema.keys(
        entry,
        path,
        required=("share", "pays"),
        optional=("does_not_pay", "assumption", "because", "source"),
    )
    share = schema.one_of(entry["share"], (*path, "share"), SHARES)
    if share == PART and "does_not_pay" not in entry:
        raise Invalid(path, _("a program that pays part must say what it does not pay"))
    if share == ALL and not ("because" in entry and "source" in entry):
        raise Invalid(
            path,
            _(
                "a program that pays all must say `because` (what its source says about paying "
                "in full) and `source`"
            ),
        )
    return Covers(
        share=share,
        pays=schema.text(entry["pays"], (*path, "pays")),
        does_not_pay=_texts(entry.get("does_not_pay", []), (*path, "does_not_pay")),
        because=schema.optional_text(entry, "because", path),
        sources=(
            source_refs(entry["source"], (*path, "source"), sources) if "source" in entry else ()
        ),
        assumption=schema.optional_text(entry, "assumption", path),
    )


def _texts(value: object, path: KeyPath) -> tuple[str, ...]:
    if value == []:
        return ()
    return tuple(
        schema.text(item, (*path, str(i))) for i, item in enumerate(schema.sequence(value, path))
    )
