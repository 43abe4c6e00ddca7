"""Fuzzing: random command lines, and the bundled data files damaged at random, end in
an answer (exit 0), a bad value (2) or an invalid file (3): never a bug (1), never a
traceback. A damaged file that is still accepted never yields a negative or inverted
range."""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.main import get_command

from contract import DATA, INSURANCE, PROVINCES
from ketacost.cli import app
from ketacost.load.catalog import bundled_data_dir
from runner import ScriptRunner

EXAMPLES = Path(__file__).parent.parent / "examples"
# One runner for every generated example (hypothesis reruns the test body, not fixtures).
RUNNER = ScriptRunner()
BUNDLED = bundled_data_dir()
# Options that would change the machine (install shell completion) are never drawn.
NEVER = ("--install-completion", "--show-completion")


def _options() -> tuple[list[str], list[str]]:
    group = get_command(app)
    names = sorted(group.commands)
    options = sorted(
        {
            opt
            for command in group.commands.values()
            for param in command.params
            for opt in (*param.opts, *param.secondary_opts)
            if opt.startswith("-") and opt not in NEVER
        }
    )
    return names, options


COMMANDS, OPTIONS = _options()
VALUES = [
    *("iv", "IV", "im", "kap", "spravato", "sublingual", "oral", "ivv"),
    *("atma-cena", "psychedelic-pathway", "spravato-induction", "six"),
    *(PROVINCES[:4] + ["qc", "Québec"]),
    *("trd", "mdd", "ptsd", "chronic-pain", *INSURANCE, "private;alberta-blue-cross"),
    *("0", "1", "6", "-1", "+6", "1_0", "99999999", "1e3", "six", "3.5"),
    *("2026-11-22", "2026-02-30", "0001-01-01", "9999-12-31", "20261122", "2026-W47-1"),
    *("table", "json", "csv", "markdown", "html", "jsonl", "yaml"),
    str(DATA / "valid-minimal.yaml"),
    str(DATA / "invalid" / "alias-bomb.yaml"),
    str(DATA / "invalid" / "negative-price.yaml"),
    str(EXAMPLES / "scenarios.csv"),
    *("/nonexistent/file.yaml", ".", "-", "out.csv", "out.html", "out.md", "", " "),
]
# Real command lines hold no NUL (the OS cannot pass one).
TEXT = st.text(
    st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=12
)
VALUE = st.one_of(st.sampled_from(VALUES), TEXT, st.integers(-(10**12), 10**12).map(str))
# Mostly an option and a value, as people type them; sometimes a stray word or option.
PIECE = st.one_of(
    st.tuples(st.sampled_from(OPTIONS), VALUE).map(list),
    st.tuples(st.sampled_from(OPTIONS), VALUE).map(list),
    st.one_of(st.sampled_from(OPTIONS), VALUE).map(lambda token: [token]),
)
TOKENS = st.lists(PIECE, max_size=6).map(lambda pieces: [t for piece in pieces for t in piece])


@contextlib.contextmanager
def _in_empty_directory():
    """Files a command line writes (-o, init-clinic) land in a directory thrown away."""
    before = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            yield Path(folder)
        finally:
            os.chdir(before)


def _ends_cleanly(result) -> None:
    assert result.exit_code in (0, 2, 3), (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output


LINES = {"command": st.sampled_from([*COMMANDS, "estimat", ""]), "tokens": TOKENS}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(**LINES)
def test_any_command_line_ends_in_an_answer_or_a_clear_error(command, tokens):
    _runs_cleanly(command, tokens)


@pytest.mark.slow
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(**LINES)
def test_many_command_lines_end_in_an_answer_or_a_clear_error(command, tokens):
    _runs_cleanly(command, tokens)


def _runs_cleanly(command: str, tokens: list[str]) -> None:
    args = [command, *tokens] if command else tokens
    if any(token.startswith(NEVER) for token in args):
        return
    with _in_empty_directory():
        result = RUNNER.invoke(app, args)
    _ends_cleanly(result)


# --- the bundled data, damaged ---------------------------------------------------

FILES = ["pricing.yaml", "coverage.yaml", "plans.yaml", "sources.yaml"]
ORIGINAL = {name: (BUNDLED / name).read_text(encoding="utf-8") for name in FILES}
BAD_VALUES = [
    "-5",
    "-0.01",
    "0",
    "1e400",
    "99999999999999999999999",
    "abc",
    "[1, 2]",
    "{}",
    "~",
    "yes",
    "2026-13-45",
    "'",
    '"open',
    "*nowhere",
    "&anchor",
    "!!python/object:os.system",
]
# A number given as a value (`low: 375`, `{high: 1000,`), not one inside a sentence.
NUMBER = re.compile(r"(?<=: )\d+(?:\.\d+)?(?=[,}\s])")
BAD_NUMBERS = ["-1", "-375", "-0.01", "-0", "0", "0.001", "100000001", "1e400", "9" * 30]
CONTROL = ["\x01", "\x07", "\x1b", "\x7f", "\ufeff", "\u2028", "\t"]


@st.composite
def damaged(draw) -> tuple[str, str]:
    """One bundled file with one random fault: (its name, its new text)."""
    # Prices are where an accepted fault would cost people money: damaged most often.
    name = draw(st.sampled_from(["pricing.yaml"] * 3 + FILES))
    text = ORIGINAL[name]
    lines = text.splitlines(keepends=True)
    at = draw(st.integers(0, len(lines) - 1))
    line = lines[at]
    fault = draw(
        st.sampled_from(
            [
                *("delete", "duplicate", "value", "truncate", "tab", "control", "swap"),
                *["number"] * 7,  # the fault most likely to be accepted
            ]
        )
    )
    if fault == "delete":
        lines[at] = ""
    elif fault == "duplicate":
        lines.insert(at, line)
    elif fault == "value" and ":" in line:
        key = line.split(":", 1)[0]
        lines[at] = f"{key}: {draw(st.sampled_from(BAD_VALUES))}\n"
    elif fault == "truncate":
        return name, text[: draw(st.integers(0, len(text)))]
    elif fault == "tab":
        lines[at] = "\t" + line.lstrip(" ")
    elif fault == "control":
        where = draw(st.integers(0, len(line)))
        lines[at] = line[:where] + draw(st.sampled_from(CONTROL)) + line[where:]
    elif fault == "number":  # one number, anywhere in the file, made bad
        numbers = list(NUMBER.finditer(text)) or [re.match("", text)]
        found = numbers[draw(st.integers(0, len(numbers) - 1))]
        bad = draw(st.sampled_from(BAD_NUMBERS))
        return name, text[: found.start()] + bad + text[found.end() :]
    elif fault == "swap" and at + 1 < len(lines):
        lines[at], lines[at + 1] = lines[at + 1], lines[at]
    return name, "".join(lines)


def _ranges(value, path="") -> list[tuple[str, object, object]]:
    """Every {low, high} pair in a JSON answer, with where it is."""
    found = []
    if isinstance(value, dict):
        if "low" in value and "high" in value:
            found.append((path, value["low"], value["high"]))
        for key, inner in value.items():
            found += _ranges(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _ranges(inner, f"{path}[{index}]")
    return found


def _number(value) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise AssertionError(f"not a number: {value!r}") from None


# Between them, every bundled treatment, program, plan and coverage program.
COMMAND_LINES = [
    ["compare", "-n", "5"],
    ["compare", "--plan", "acute"],
    ["estimate", "-t", "iv", "-n", "4", "-p", "AB", "--condition", "trd", "--work-injury"],
    ["estimate", "-t", "spravato", "-n", "40", "--insurance", "private", "--condition", "trd"],
    ["estimate", "--clinic", "atma-cena", "--program", "psychedelic-pathway", "-n", "4"],
    ["estimate", "--clinic", "atma-cena", "--program", "psycholytic-pathway", "-n", "3"],
    ["estimate", "--clinic", "atma-cena", "--program", "customized"],
    [
        "coverage",
        "-p",
        "ON",
        "--condition",
        "ptsd",
        "--veteran",
        "--insurance",
        "alberta-blue-cross",
    ],
]


def test_every_fuzzed_command_line_answers_with_the_undamaged_data():
    for command in COMMAND_LINES:
        result = RUNNER.invoke(app, [*command, "-f", "json"])
        assert result.exit_code == 0, (command, result.output)
        _check_ranges(json.loads(result.stdout))


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=damaged())
def test_damaged_data_is_refused_or_still_gives_ordered_ranges(file):
    name, text = file
    with tempfile.TemporaryDirectory() as folder:
        for other in FILES:
            (Path(folder) / other).write_text(ORIGINAL[other], encoding="utf-8")
        (Path(folder) / name).write_text(text, encoding="utf-8")
        for command in COMMAND_LINES:
            result = RUNNER.invoke(app, [*command, "-f", "json"], env={"KETACOST_DATA": folder})
            _ends_cleanly(result)
            if result.exit_code == 3:
                assert "invalid data file" in result.stderr
            if result.exit_code == 0:
                _check_ranges(json.loads(result.stdout))


def _check_ranges(answer) -> None:
    for where, low, high in _ranges(answer):
        low, high = _number(low), _number(high)
        assert low is None or low >= 0, (where, low)
        assert high is None or high >= 0, (where, high)
        assert low is None or high is None or low <= high, (where, low, high)
