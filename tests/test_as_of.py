"""--as-of: the prices, plans and coverage rules in force on a given day."""

from __future__ import annotations

import json

import pytest

from ketacost.cli import app

# A clinic's price that changed on 2026-10-01 (this file's own figures).
CHANGED = """\
schema_version: 1
sources:
  list:
    title: Fee schedule
    url: not given
    date: 2026-06-01
    status: official
clinics:
  calm:
    name: Calm
    source: list
    programs:
      im:
        label: IM
        treatment: im
        per_session:
          2026-06-01: {low: 300, high: 300, source: list}
          2026-10-01: {low: 350, high: 350, source: list}
"""


def run(runner, *args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


@pytest.mark.parametrize(
    "command",
    [
        ["estimate", "-t", "iv", "-n", "6"],
        ["compare", "-n", "6"],
        ["coverage", "-p", "AB"],
        ["treatments"],
        ["quote", "-t", "iv", "-n", "6"],
    ],
)
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-13-01", "--as-of: '2026-13-01' is not a date: there is no month 13"),
        ("2026-02-30", "--as-of: '2026-02-30' is not a date: month 2 of 2026 has no day 30"),
        ("20261122", "--as-of: '20261122' is not a date written YYYY-MM-DD"),
        ("2026-W47-1", "--as-of: '2026-W47-1' is not a date written YYYY-MM-DD"),
        ("yesterday", "--as-of: 'yesterday' is not a date written YYYY-MM-DD"),
        ("", "--as-of: '' is not a date written YYYY-MM-DD"),
    ],
)
def test_a_bad_date_exits_2(runner, command, value, message):
    result = run(runner, *command, "--as-of", value)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("day", "low"),
    [("2026-09-30", "1200.00"), ("2026-10-01", "1400.00"), (None, "1400.00")],
)
def test_the_price_in_force_on_the_day_is_used(runner, tmp_path, day, low):
    path = tmp_path / "calm.yaml"
    path.write_text(CHANGED)
    args = ["estimate", "--pricing", path, "--clinic", "calm", "--program", "im", "-n", "4"]
    result = run(runner, *args, *(["--as-of", day] if day else []), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["total"]["low"] == low  # 4 x $300 before 1 October, 4 x $350 from it
    assert data["as_of"] == (day or "2026-11-29")


def test_before_any_price_holds_the_price_is_not_published(runner, tmp_path):
    path = tmp_path / "calm.yaml"
    path.write_text(CHANGED)
    args = ["--pricing", path, "--clinic", "calm", "--program", "im", "-n", "4"]
    result = run(runner, "estimate", *args, "--as-of", "2026-05-31", "-f", "json")
    data = json.loads(result.stdout)
    assert data["total"] == {"low": None, "high": None}
    assert any("no value holds on 2026-05-31" in w for w in data["warnings"]), data["warnings"]


def test_only_the_coverage_rules_in_force_give_verdicts(runner):
    # Alberta Blue Cross's rules hold from March 2024, VAC's from 2021-12-10 and WCB
    # Saskatchewan's from its policy of 2016-09-01 (with no claim, its first rule decides);
    # the seed's from 2026-05-05 and the other boards' pages were read on 2026-11-29.
    result = run(runner, "coverage", "-p", "AB", "--as-of", "2025-01-01", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    got = [v["program"] for v in data["coverage"]]
    assert got == ["alberta-blue-cross", "vac", "wcb-saskatchewan"]
    (left_out,) = [w for w in data["warnings"] if "left out" in w]
    assert left_out.startswith(
        "No rule in the data holds on 2025-01-01 for Provincial health plan, Private "
        "insurance, WCB Alberta, WSIB Ontario, WorkSafeBC,"
    ), left_out


def test_with_programs_left_out_the_best_case_is_not_known(runner):
    result = run(
        runner, "estimate", "-t", "iv", "-n", "6", "-p", "AB", "--as-of", "2025-01-01", "-f", "json"
    )
    data = json.loads(result.stdout)
    assert data["out_of_pocket"]["low"] is None
    assert "Best case not known" in data["out_of_pocket_basis"]["best_case"]


def test_a_plan_before_its_date_is_refused(runner):
    result = run(runner, "estimate", "--plan", "spravato", "--as-of", "2026-05-04")
    assert result.exit_code == 2, result.output
    assert "plan 'spravato' holds from 2026-05-05" in result.stderr


def test_figures_are_flagged_old_against_the_as_of_day(runner):
    # Seed 003's prices hold from 2026-05-05: more than 18 months before 2027-12-01.
    result = run(runner, "estimate", "-t", "iv", "-n", "6", "--as-of", "2027-12-01", "-f", "json")
    warnings = json.loads(result.stdout)["warnings"]
    assert any("more than 18 months before 2027-12-01" in w for w in warnings), warnings


@pytest.mark.parametrize("command", [["compare", "-n", "6"], ["estimate", "-t", "iv", "-n", "6"]])
def test_the_earliest_dates_give_not_published_not_a_crash(runner, command):
    result = run(runner, *command, "--as-of", "0001-06-01")
    assert result.exit_code == 0, result.output
    assert "not published" in result.stdout
