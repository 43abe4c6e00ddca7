"""The words of a situation in data/coverage.yaml (provinces, conditions, kinds of
insurance, federal plans; their other names, the words that could mean several, the
words that are not an insurance) and the group-benefits carriers people name, read and
checked for ketacost.load.coverage.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ketacost.i18n import _
from ketacost.load import schema
from ketacost.load.dated import source_refs
from ketacost.load.schema import Invalid
from ketacost.load.yamldoc import KeyPath
from ketacost.model.coverage import Carrier
from ketacost.model.record import replace
from ketacost.model.situation import Vocabulary

_PROVINCE = re.compile(r"[A-Z]{2}\Z")


def vocabulary(value: object, path: KeyPath) -> Vocabulary:
    """The words of a situation (`situation:` in coverage.yaml), checked."""
    block = schema.mapping(value, path)
    schema.keys(
        block,
        path,
        required=("provinces", "conditions", "insurance", "treatments"),
        optional=("federal_plans", "also_called", "ambiguous", "not_insurance", "insurer_words"),
    )
    provinces = {}
    for code, name in schema.mapping(block["provinces"], (*path, "provinces")).items():
        where = (*path, "provinces", str(code))
        if not isinstance(code, str) or not _PROVINCE.match(code):
            raise Invalid(where, _("a province or territory code is two capital letters (AB)"))
        provinces[code] = schema.text(name, where, one_line=True)
    federal = {}
    if "federal_plans" in block:
        federal = _labels(block["federal_plans"], (*path, "federal_plans"))
    named = {
        "provinces": provinces,
        "conditions": _labels(block["conditions"], (*path, "conditions")),
        "insurance": _labels(block["insurance"], (*path, "insurance")),
        "federal_plans": federal,
    }
    return Vocabulary(
        provinces=provinces,
        conditions=named["conditions"],
        insurance=named["insurance"],
        treatments=tuple(
            schema.identifier(t, (*path, "treatments", str(i)))
            for i, t in enumerate(schema.sequence(block["treatments"], (*path, "treatments")))
        ),
        federal_plans=federal,
        also_called=_also_called(block.get("also_called", {}), (*path, "also_called"), named),
        ambiguous=_ambiguous(block.get("ambiguous", {}), (*path, "ambiguous"), named),
        not_insurance=_not_insurance(block.get("not_insurance", {}), (*path, "not_insurance")),
        insurer_words=tuple(
            schema.text(word, (*path, "insurer_words", str(i)), one_line=True)
            for i, word in enumerate(
                schema.sequence(block["insurer_words"], (*path, "insurer_words"))
                if "insurer_words" in block
                else []
            )
        ),
    )


# The facts a word that is not an insurance may stand for (the edge says each in words).
_INSTEAD_OF_INSURANCE = ("work_injury", "veteran", "province", "federal_plans", "none")


def _not_insurance(value: object, path: KeyPath) -> dict[str, str]:
    """`{word: fact}`: words that name a program or a plan, with the fact that gives it."""
    found = {}
    for word, fact in schema.mapping(value, path).items():
        at = (*path, str(word))
        found[schema.text(word, at, one_line=True)] = schema.one_of(fact, at, _INSTEAD_OF_INSURANCE)
    return found


# What a carrier says where nothing is published.
NOT_PUBLISHED_TEXT = "not published"


def read_carrier(name: object, raw: object, path: KeyPath, sources, words: Vocabulary) -> Carrier:
    """`{name, also_called?, insurance?, criteria: {treatment: text}, ask, refused, source?,
    since, note?}`: each text, or "not published"; a source is needed where anything is
    published."""
    cid, entry = schema.named_entry(
        name,
        raw,
        path,
        required=("name", "criteria", "ask", "refused", "since"),
        optional=("also_called", "insurance", "source", "note"),
    )
    insurance = schema.one_of(
        entry.get("insurance", "private"), (*path, "insurance"), tuple(words.insurance)
    )

    def text(value: object, at: KeyPath) -> str | None:
        said = schema.text(value, at)
        return None if said.strip().lower() == NOT_PUBLISHED_TEXT else said

    published = {key: text(entry[key], (*path, key)) for key in ("ask", "refused")}
    criteria = {}
    for treatment, said in schema.mapping(entry["criteria"], (*path, "criteria")).items():
        at = (*path, "criteria", str(treatment))
        if str(treatment) not in words.treatments:
            raise Invalid(
                at,
                _("'{treatment}' is not a treatment the data knows ({known})").format(
                    treatment=treatment, known=", ".join(words.treatments)
                ),
            )
        criteria[str(treatment)] = text(said, at)
    if (any(published.values()) or any(criteria.values())) and "source" not in entry:
        raise Invalid(path, _("a carrier with anything published needs the `source` that says it"))
    others = []
    if "also_called" in entry:
        others = schema.sequence(entry["also_called"], (*path, "also_called"))
    return Carrier(
        id=cid,
        name=schema.text(entry["name"], (*path, "name"), one_line=True),
        also_called=tuple(
            schema.text(n, (*path, "also_called", str(i)), one_line=True)
            for i, n in enumerate(others)
        ),
        insurance=insurance,
        sources=(
            source_refs(entry["source"], (*path, "source"), sources) if "source" in entry else ()
        ),
        since=schema.date(entry["since"], (*path, "since")),
        criteria=criteria,
        **published,
    )


def with_carriers(words: Vocabulary, carriers: Mapping[str, Carrier]) -> Vocabulary:
    """The vocabulary with every carrier's names read as its kind of insurance."""
    if not carriers:
        return words
    also_called = {kind: dict(names) for kind, names in words.also_called.items()}
    insurance = also_called.setdefault("insurance", {})
    named = {}
    for carrier in carriers.values():
        for name in (carrier.name, *carrier.also_called):
            insurance[name] = carrier.insurance
            named[name] = carrier.id
    return replace(words, also_called=also_called, carriers=named)


def _also_called(value: object, path: KeyPath, named: dict) -> dict[str, dict[str, str]]:
    """`{kind: {other name: value}}`: each value one the kind defines."""
    found = {}
    for kind, names in schema.mapping(value, path).items():
        where = (*path, str(kind))
        kind = schema.one_of(kind, where, tuple(named))
        found[kind] = {}
        for name, meant in schema.mapping(names, where).items():
            at = (*where, str(name))
            found[kind][schema.text(name, at, one_line=True)] = schema.one_of(
                meant, at, tuple(named[kind])
            )
    return found


def _ambiguous(value: object, path: KeyPath, named: dict) -> dict:
    """`{kind: {word: {could_be: [values], explain: text}}}`."""
    found: dict = {}
    for kind, words in schema.mapping(value, path).items():
        where = (*path, str(kind))
        kind = schema.one_of(kind, where, tuple(named))
        found[kind] = {}
        for word, raw in schema.mapping(words, where).items():
            at = (*where, str(word))
            entry = schema.mapping(raw, at)
            schema.keys(entry, at, required=("could_be", "explain"))
            values = tuple(
                schema.one_of(v, (*at, "could_be", str(i)), tuple(named[kind]))
                for i, v in enumerate(schema.sequence(entry["could_be"], (*at, "could_be")))
            )
            found[kind][str(word)] = (values, schema.text(entry["explain"], (*at, "explain")))
    return found


def _labels(value: object, path: KeyPath) -> dict[str, str]:
    labels = {}
    for key, label in schema.mapping(value, path).items():
        labels[schema.identifier(key, (*path, str(key)))] = schema.text(
            label, (*path, str(key)), one_line=True
        )
    if not labels:
        raise Invalid(path, _("needs at least one entry"))
    return labels
