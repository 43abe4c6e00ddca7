"""The texts of a data file a person reads, and the same file in another language.

Data files are written in English. The texts a person reads (labels, descriptions,
reasons, prerequisites, notes...) are looked up, sentence by sentence, in the same
gettext catalog as ketacost's own messages (ketacost.i18n); ids, codes, amounts, dates,
sources and the words the data uses as values ("not published") are never translated.
A text with no translation stays English, and `ketacost validate` says which.

The names a situation's values are shown by (provinces, conditions, kinds of insurance,
federal plans) are translated too, and their English names stay readable as input.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ketacost.load.yamldoc import KeyPath

# Keys whose text (or list of texts) a person reads.
TEXT_KEYS = frozenset(
    {
        "label",
        "description",
        "reason",
        "prerequisites",
        "prerequisite",
        "pays",
        "does_not_pay",
        "because",
        "assumption",
        "text",
        "explain",
        "file",
        "appeal",
        "ask",
        "refused",
        "claimed_on",
        "why",
        "note",
        "criteria",
    }
)
# Keys whose text is a maintainer's note, not shown: in these files, `note` is one.
UNSHOWN_NOTES = frozenset({"coverage.yaml", "sources.yaml"})
# Mappings of a situation's values to the names they are shown by.
NAMED_VALUES = ("provinces", "conditions", "insurance", "federal_plans")
# Words the data uses as values, never translated.
KEYWORDS = frozenset({"not published"})


# French typography a line must not break at: a space inside an amount ("2 250 $"),
# before a currency sign, a percent sign or a colon.
_NO_BREAK = (
    (re.compile(r"(?<=\d) (?=\d{3}\b)"), "\u00a0"),
    (re.compile(r" (?=[$%:])"), "\u00a0"),
)


def no_break(text: str) -> str:
    """A translated text with no-break spaces where its typography needs them."""
    for pattern, space in _NO_BREAK:
        text = pattern.sub(space, text)
    return text


def texts(data: object, file: str) -> list[tuple[KeyPath, str]]:
    """Each text a person reads in a data file's plain data, with its key path."""
    return translated(data, file, lambda text: None)[1]


def _shown(key: str, path: KeyPath, file: str, within: bool) -> bool:
    """Whether the value under `key` (at `path`) is text a person reads: it is, within
    such text (a list of prerequisites, criteria by treatment), under a key of
    TEXT_KEYS, or a name of a situation's values."""
    named = file == "coverage.yaml" and len(path) == 2 and path[0] == "situation"
    return (
        within
        or (named and path[1] in NAMED_VALUES)
        or (key in TEXT_KEYS and not (key == "note" and file in UNSHOWN_NOTES))
    )


def translated(
    data: object, file: str, translate: Callable[[str], str | None]
) -> tuple[object, list[tuple[KeyPath, str]]]:
    """A copy of a data file's plain data with each text a person reads translated, and
    the texts that have no translation (key path, English text; `translate` gives None
    for them). English names of a situation's values stay readable as other names of
    them (`also_called`)."""
    missing: list[tuple[KeyPath, str]] = []

    def copy(value: object, path: KeyPath, shown: bool) -> object:
        if isinstance(value, dict):
            return {
                key: copy(item, (*path, str(key)), _shown(str(key), path, file, shown))
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [copy(item, (*path, str(i)), shown) for i, item in enumerate(value)]
        if shown and isinstance(value, str) and value.strip() and value not in KEYWORDS:
            said = translate(value)
            if said is None:  # no translation: said in English
                missing.append((path, value))
                return value
            return no_break(said)
        return value

    result = copy(data, (), False)
    if file == "coverage.yaml" and isinstance(data, dict) and isinstance(result, dict):
        _keep_english_names(data, result)
    return result, missing


def _keep_english_names(english: dict, result: dict) -> None:
    """The English names of a situation's values, as other names of them."""
    situation, said = english.get("situation"), result.get("situation")
    if not isinstance(situation, dict) or not isinstance(said, dict):
        return
    also = said.setdefault("also_called", {})
    if not isinstance(also, dict):
        return
    for kind in NAMED_VALUES:
        names = situation.get(kind)
        if not isinstance(names, dict):
            continue
        kept = also.setdefault(kind, {})
        if not isinstance(kept, dict):
            continue
        for value, name in names.items():
            if isinstance(name, str) and name != said[kind].get(value):
                kept.setdefault(name, value)


def untranslated(
    data_dir, files, translate: Callable[[str], str | None]
) -> list[tuple[str, int, str]]:
    """Each text a person reads in the data files `files` of `data_dir` that `translate`
    has no translation for: (file, line, English text), in file order."""
    from ketacost.load.yamldoc import load

    found = []
    for name in files:
        doc = load(data_dir / name)
        _data, missing = translated(doc.data, name, translate)
        found += [(name, doc.line(path) or 0, text) for path, text in missing]
    return found
