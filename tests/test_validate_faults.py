"""validate names every fault of a file in one run, nested ones too, in the order of
their lines; an amount written as people write prices gets the number to write."""

from __future__ import annotations

import re

import pytest

from ketacost.cli import app

HEAD = """\
schema_version: 1
currency: CAD
sources:
  mine: {title: My list, url: not given, date: 2026-01-01, status: secondary}
"""


def validate(runner, tmp_path, body: str):
    path = tmp_path / "clinic.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return runner.invoke(app, ["validate", str(path)])


def iv_priced(per_session: str) -> str:
    """A price file's IV treatment with one dated per-session price."""
    return TREATMENT + f"      2026-01-01: {per_session}\n"


TREATMENT = """\
treatments:
  iv:
    label: IV
    description: x
    source: mine
    per_session:
"""


def test_every_fault_of_one_treatment_is_named_in_line_order(runner, tmp_path):
    result = validate(
        runner,
        tmp_path,
        """\
treatments:
  iv:
    label: IV
    description: x
    source: nowhere
    per_session:
      2026-01-01: {low: "$3,000", high: 375.505, source: mine}
      2026-02-01: {low: 300, high: 200, source: mine}
""",
    )
    assert result.exit_code == 3
    lines = [line.strip() for line in result.stderr.splitlines()[1:]]
    assert len(lines) == 4
    numbers = [int(re.match(r".*?clinic\.yaml:(\d+):", line)[1]) for line in lines]
    assert numbers == sorted(numbers) == [9, 11, 11, 12]
    assert "source 'nowhere' is not defined" in lines[0]
    assert "write the amount as a number: 3000 (not '$3,000')" in lines[1]
    assert "has more than two decimals: 375.505" in lines[2]
    assert "low (300) is above high (200)" in lines[3]


@pytest.mark.parametrize(
    ("written", "number"),
    [('"$3,000"', "3000"), ('"3 000"', "3000"), ('"3,000.50"', "3000.50"), ('"450 $"', "450")],
)
def test_an_amount_written_as_a_price_gets_the_number_to_write(runner, tmp_path, written, number):
    result = validate(runner, tmp_path, iv_priced(f"{{low: {written}, high: 5000, source: mine}}"))
    assert result.exit_code == 3
    assert f"write the amount as a number: {number}" in result.stderr


def test_cents_are_fine_and_trailing_zeros_too(runner, tmp_path):
    result = validate(runner, tmp_path, iv_priced("{low: 375.50, high: 1000.500, source: mine}"))
    assert result.exit_code == 0, result.output


def test_every_fault_of_a_clinic_and_its_program_is_named(runner, tmp_path):
    result = validate(
        runner,
        tmp_path,
        """\
clinics:
  calm:
    name: [not, text]
    source: mine
    quote_valid_days: 0
    programs:
      iv-series:
        label: IV series
        treatment: iv
        description: [not, text]
        per_session:
          2026-01-01: {low: "$300", high: 500, source: mine}
""",
    )
    assert result.exit_code == 3
    faults = result.stderr
    for path in (
        "clinics.calm.name",
        "clinics.calm.quote_valid_days",
        "clinics.calm.programs.iv-series.description",
        "clinics.calm.programs.iv-series.per_session.2026-01-01.low",
    ):
        assert path in faults, (path, faults)


def test_a_french_amount_gets_dollars_and_cents(runner, tmp_path):
    # "3 000,50 $" is three thousand dollars and fifty cents, not 300,050.
    result = validate(runner, tmp_path, iv_priced('{low: "3 000,50 $", high: 5000, source: mine}'))
    assert "write the amount as a number: 3000.50" in result.stderr


def test_a_url_with_a_control_character_is_refused(runner, tmp_path):
    path = tmp_path / "clinic.yaml"
    text = HEAD.replace("url: not given", 'url: "https://example.org/\\u001b[31mred"')
    path.write_text(text + iv_priced("{low: 300, high: 500, source: mine}"), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 3
    assert "a URL has no spaces, line breaks or control characters" in result.stderr


def test_a_bad_programs_block_hides_no_other_fault_of_the_clinic(runner, tmp_path):
    result = validate(
        runner,
        tmp_path,
        """\
clinics:
  calm:
    name: [not, text]
    source: nowhere
    programs: [not, a, mapping]
""",
    )
    assert result.exit_code == 3
    for path in ("clinics.calm.name", "clinics.calm.source", "clinics.calm.programs"):
        assert path in result.stderr, (path, result.stderr)
