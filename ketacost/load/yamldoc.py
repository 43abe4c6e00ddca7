"""Read a YAML file safely into plain data, keeping the line of every key.

Only YAML's safe loader is used (libyaml's CSafeLoader where present): the file
is composed into nodes, never constructed into Python objects, and every node
is turned into plain data here. Numbers with a fraction become `Decimal`, never
float; dates become `datetime.date`. Any tag beyond plain YAML's (such as
`!!python/object`) is refused, as are duplicate keys, merge keys and documents
that expand into too many nodes through aliases.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from ketacost.errors import DataFileError
from ketacost.i18n import _
from ketacost.model.record import field, record

# Limits that keep a hostile or broken file from eating memory or time.
MAX_FILE_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
KeyPath = tuple[str, ...]


def dotted(path: KeyPath) -> str:
    """`('treatments', 'iv', 'per_session')` -> `treatments.iv.per_session`."""
    return ".".join(path) if path else _("(top level)")


@record
class Document:
    """A YAML file read into plain data, with the line (1-based) of each key path."""

    path: str
    data: object
    lines: dict[KeyPath, int] = field(default_factory=dict, repr=False)

    def line(self, path: KeyPath) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.lines.get(path[:end])
            if found is not None:
                return found
        return None

    def where(self, path: KeyPath) -> str:
        """`file:line: key.path` for a message (just `file` for the whole document)."""
        line = self.line(path)
        place = f"{self.path}:{line}" if line else self.path
        return f"{place}: {dotted(path)}" if path else place


def load(path: Path | str) -> Document:
    """Read and parse the YAML file at `path`.

    Raises DataFileError for a missing, unreadable, oversized, empty or broken
    file, and for anything beyond plain data.
    """
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataFileError(_("{file}: file not found").format(file=name)) from None
    except OSError as e:
        raise DataFileError(
            _("{file}: cannot read: {reason}").format(file=name, reason=e.strerror or e)
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        from ketacost.words import format_number

        raise DataFileError(
            _(
                "{file}: file is {size} bytes; ketacost reads data files of at most {most} bytes"
            ).format(file=name, size=format_number(len(raw)), most=format_number(MAX_FILE_BYTES))
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DataFileError(
            _("{file}: not UTF-8 text (byte {byte})").format(file=name, byte=e.start)
        ) from None
    return parse(text, name)


def parse(text: str, name: str = "<string>") -> Document:
    """Parse YAML text; `name` is used in messages. Raises DataFileError."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, e.position) + 1
        code = e.character if isinstance(e.character, int) else ord(e.character)
        raise DataFileError(
            _("{where}: the character U+{code} is not allowed in a YAML file").format(
                where=f"{name}:{line}", code=f"{code:04X}"
            )
        ) from e
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f"{name}:{mark.line + 1}" if mark else name
        problem = e.problem or e.context or _("invalid YAML")
        if mark and "\t" in _line(text, mark.line) and "cannot start any token" in problem:
            problem = _("a tab character; YAML is indented with spaces only")
        raise DataFileError(
            _("{where}: invalid YAML: {problem}").format(where=where, problem=problem)
        ) from e
    except yaml.YAMLError as e:
        raise DataFileError(
            _("{where}: invalid YAML: {problem}").format(where=name, problem=e)
        ) from e
    except RecursionError as e:
        raise DataFileError(
            _("{where}: invalid YAML: {problem}").format(where=name, problem=_("nested too deeply"))
        ) from e
    if root is None or _is_null(root):
        raise DataFileError(_("{file}: the file is empty").format(file=name))
    builder = _Builder(name)
    data = builder.build(root, (), 0)
    return Document(name, data, builder.lines)


def _line(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _is_null(node) -> bool:
    return node.tag == _TAG + "null"


class _Builder:
    """Turns a composed node tree into plain data, recording the line of each key."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: dict[KeyPath, int] = {}
        self.nodes = 0

    def fail(self, node, message: str) -> DataFileError:
        return DataFileError(f"{self.name}:{node.start_mark.line + 1}: {message}")

    def build(self, node, path: KeyPath, depth: int) -> object:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            from ketacost.words import format_number

            raise self.fail(
                node,
                _(
                    "the document expands to more than {most} values (an alias bomb?); refused"
                ).format(most=format_number(MAX_NODES)),
            )
        if depth > MAX_DEPTH:
            raise self.fail(
                node, _("nested more than {most} levels deep; refused").format(most=MAX_DEPTH)
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag not in (_TAG + "seq",):
                raise self._bad_tag(node)
            items = []
            for index, item in enumerate(node.value):
                item_path = (*path, str(index))
                self.lines.setdefault(item_path, item.start_mark.line + 1)
                items.append(self.build(item, item_path, depth + 1))
            return items
        return self._scalar(node)

    def _mapping(self, node, path: KeyPath, depth: int) -> dict[str, object]:
        if node.tag != _TAG + "map":
            raise self._bad_tag(node)
        result: dict[str, object] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                raise self.fail(
                    key_node,
                    _("{path}: merge keys ('<<') are not supported; write keys out").format(
                        path=dotted(path)
                    ),
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(
                    key_node,
                    _("{path}: a mapping key must be a plain value").format(path=dotted(path)),
                )
            # Keys stay as written: `yes:` is the id "yes", `2026-05-05:` a date the
            # schema reads, never a boolean or a number guessed by YAML 1.1.
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in result:
                raise self.fail(
                    key_node,
                    _("{path}: duplicate key (first at line {line})").format(
                        path=dotted((*path, key)), line=first_line[key]
                    ),
                )
            first_line[key] = line
            key_path = (*path, key)
            self.lines[key_path] = line
            result[key] = self.build(value_node, key_path, depth + 1)
        return result

    def _scalar(self, node) -> object:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, _("expected a plain value"))
        tag, value = node.tag, node.value
        if tag == _TAG + "str":
            return value
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return value.lower() in ("yes", "true", "on", "y")
        if tag == _TAG + "int":
            return _to_int(value)
        if tag == _TAG + "float":
            return _to_decimal(value)
        if tag == _TAG + "timestamp":
            return _to_date(value)
        raise self._bad_tag(node)

    def _bad_tag(self, node) -> DataFileError:
        tag = node.tag.replace(_TAG, "!!")
        return self.fail(
            node,
            _("YAML tag '{tag}' is not allowed: ketacost reads plain data only").format(tag=tag),
        )


def _to_int(text: str) -> int | str:
    cleaned = text.replace("_", "")
    try:
        if cleaned.lower().startswith(("0x", "+0x", "-0x")):
            return int(cleaned, 16)
        if cleaned.lower().startswith(("0o", "+0o", "-0o")):
            return int(cleaned, 8)
        if cleaned.lower().startswith(("0b", "+0b", "-0b")):
            return int(cleaned, 2)
        return int(cleaned, 10)
    except ValueError:
        # Forms such as YAML 1.1's sexagesimal 1:30 are left as text for the
        # schema to refuse with its path, rather than guessed at here.
        return text


def _to_decimal(text: str) -> Decimal | str:
    lowered = text.lower()
    if lowered in (".inf", "+.inf"):
        return Decimal("Infinity")
    if lowered == "-.inf":
        return Decimal("-Infinity")
    if lowered == ".nan":
        return Decimal("NaN")
    try:
        return Decimal(text.replace("_", ""))
    except InvalidOperation:
        return text


def _to_date(text: str) -> dt.date | str:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        # A timestamp with a time, or an impossible date such as 2026-13-01:
        # left as text so that the schema says "not a date" with its path.
        return text
