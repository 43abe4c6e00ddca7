"""ketacost's records (ketacost.model.record): frozen, compared by their fields, with
the parts of dataclasses the code uses, meaning what they mean there."""

from __future__ import annotations

import functools
from typing import ClassVar

import pytest

from ketacost.model.record import FrozenRecordError, field, fields, record, replace


@record
class Point:
    kind: ClassVar[str] = "point"
    x: int
    y: int = 0
    tags: frozenset = field(default_factory=frozenset)
    note: str = field(default="", compare=False, repr=False)


@record
class Labelled(Point):
    label: str = "p"
    length: int = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "length", len(self.label))

    @functools.cached_property
    def shout(self) -> str:
        return self.label.upper()


@record(eq=False)
class Handle:
    name: str


def test_fields_are_set_in_order_with_defaults_and_factories():
    p = Point(1)
    assert (p.x, p.y, p.tags, p.note) == (1, 0, frozenset(), "")
    assert [f.name for f in fields(Point)] == ["x", "y", "tags", "note"]
    assert [f.name for f in fields(Labelled(1))] == ["x", "y", "tags", "note", "label", "length"]
    assert Point.kind == "point" and "kind" not in [f.name for f in fields(Point)]


def test_equal_fields_make_equal_records_with_equal_hashes():
    assert Point(1, 2) == Point(1, 2) and hash(Point(1, 2)) == hash(Point(1, 2))
    assert Point(1, 2) != Point(2, 1)
    # A field left out of comparison changes neither equality nor hash.
    assert Point(1, note="a") == Point(1, note="b")
    assert hash(Point(1, note="a")) == hash(Point(1, note="b"))
    # A record of another class is never equal, even with the same fields.
    assert Labelled(1) != Point(1)
    assert len({Point(1), Point(1), Point(2)}) == 2


def test_records_are_frozen():
    p = Point(1)
    with pytest.raises(FrozenRecordError):
        p.x = 2
    with pytest.raises(AttributeError):
        del p.x


def test_post_init_sets_what_is_not_given_and_cached_properties_work():
    q = Labelled(1, label="abc")
    assert q.length == 3 and q.shout == "ABC"
    with pytest.raises(TypeError):
        Labelled(1, length=5)  # init=False: not a parameter


def test_replace_changes_a_field_and_runs_post_init_again():
    q = replace(Labelled(1, label="ab"), label="abcd", y=7)
    assert (q.x, q.y, q.label, q.length) == (1, 7, "abcd", 4)


def test_eq_false_compares_by_identity():
    a, b = Handle("h"), Handle("h")
    assert a != b and a == a and len({a, b}) == 2


def test_repr_names_the_fields_shown():
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=frozenset())"


def test_a_field_without_default_after_one_with_is_refused():
    with pytest.raises(TypeError, match="without a default"):

        @record
        class Bad:
            a: int = 0
            b: int


def test_the_generated_inits_are_up_to_date():
    """ketacost/model/_inits.py holds every record's __init__ (tools/records.py writes it);
    a stale file is slower, never wrong, but kept up to date."""
    import subprocess
    import sys
    from pathlib import Path

    tool = Path(__file__).resolve().parent.parent / "tools" / "records.py"
    done = subprocess.run([sys.executable, str(tool), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_record_the_generated_file_knows_is_built_without_exec(monkeypatch):
    import builtins

    from ketacost.model import record as module
    from ketacost.model.money import MoneyRange

    calls = []
    monkeypatch.setattr(builtins, "exec", lambda *a, **k: calls.append(a))
    init = module._compiled_init(MoneyRange, module.fields(MoneyRange))
    assert calls == []
    built = MoneyRange.__new__(MoneyRange)
    init(built, 1, 2)
    assert (built.low, built.high) == (1, 2)
