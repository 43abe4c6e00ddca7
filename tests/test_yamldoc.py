"""The safe YAML reader: plain data only, exact amounts, a line for every key."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ketacost.errors import DataFileError
from ketacost.load.yamldoc import parse


def test_amounts_with_a_fraction_are_exact_decimals_not_floats():
    doc = parse("low: 375.10\nhigh: 0.3\n")
    assert doc.data == {"low": Decimal("375.10"), "high": Decimal("0.3")}


def test_values_are_typed_but_keys_stay_as_written():
    doc = parse("2026-05-05: 6\nyes: no\n1.5: on\nsince: 2026-05-05\n")
    # YAML 1.1 would make `yes` a boolean key and `1.5` a number: an id stays text.
    assert doc.data == {"2026-05-05": 6, "yes": False, "1.5": True, "since": dt.date(2026, 5, 5)}


def test_every_key_path_keeps_its_line():
    doc = parse("a:\n  b:\n    - x\n    - c: 1\n")
    assert doc.lines[("a",)] == 1
    assert doc.lines[("a", "b")] == 2
    assert doc.lines[("a", "b", "1")] == 4
    assert doc.lines[("a", "b", "1", "c")] == 4
    # A path below a known key falls back to its nearest ancestor's line.
    assert doc.where(("a", "b", "1", "c", "d")) == "<string>:4: a.b.1.c.d"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: !!python/name:os.system\n", "YAML tag '!!python/name:os.system' is not allowed"),
        ("a: !!binary aGVsbG8=\n", "YAML tag '!!binary' is not allowed"),
        ("a: !custom 1\n", "YAML tag '!custom' is not allowed"),
        ("base: &b {x: 1}\nc:\n  <<: *b\n", "merge keys ('<<') are not supported"),
        ("? [a, b]\n: 1\n", "a mapping key must be a plain value"),
        ("a: 1\n---\nb: 2\n", "invalid YAML"),
        ("a: [" * 100 + "]" * 100 + "\n", "nested"),
        ("a: 1\nb: x\x00y\n", "t.yaml:2: the character U+0000 is not allowed"),
    ],
)
def test_anything_beyond_plain_data_is_refused(text, message):
    with pytest.raises(DataFileError) as raised:
        parse(text, "t.yaml")
    assert message in str(raised.value)
    assert str(raised.value).startswith("t.yaml")


def test_aliases_to_small_values_are_allowed():
    doc = parse("a: &x [1, 2]\nb: *x\n")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}
