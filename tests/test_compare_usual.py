"""compare: each treatment's usual course by default, what each row rests on, where a
price changes at a larger count, and, with a situation, what the person pays and who
is most likely to pay. Expected figures: seed 003's table (IV, IM, KAP, sublingual
published 6-session courses; Spravato $250-$800 a session and a published 8-session
induction of $5,000-$7,000) and data/plans.yaml (IV's 6 infusions; Spravato 8 + 4)."""

from __future__ import annotations

import csv
import io
import json

from ketacost.cli import app

USUAL_ARGS = ["-p", "ON", "--condition", "trd", "--failed-antidepressants", "2"]


def compared(runner, *args) -> dict:
    result = runner.invoke(app, ["compare", *args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return {e["treatment"]: e for e in json.loads(result.stdout)["estimates"]}


def test_without_a_course_each_treatment_gets_its_usual_one(runner):
    rows = compared(runner)
    # IV: its own plan, 6 infusions, priced by the published 6-session course.
    assert (rows["iv"]["plan"], rows["iv"]["usual_course"]) == ("iv-standard", "own-plan")
    assert rows["iv"]["total"] == {"low": "2250.00", "high": "5400.00"}
    # KAP: the 6-session course its source publishes, $4,100-$8,400.
    assert rows["kap"]["usual_course"] == "published-course"
    assert rows["kap"]["total"] == {"low": "4100.00", "high": "8400.00"}
    # Spravato: its protocol, 8 induction sessions ($5,000-$7,000) + 4 weekly at
    # $250-$800 ($1,000-$3,200): $6,000-$10,200, not 6 x $250-$800.
    assert rows["spravato"]["usual_course"] == "own-plan"
    assert rows["spravato"]["total"] == {"low": "6000.00", "high": "10200.00"}
    # Oral: no plan of its own and no published course: the general acute plan (4-8).
    assert rows["oral"]["usual_course"] == "general-plan"
    assert rows["oral"]["sessions"] == {"low": 4, "high": 8}


def test_usual_is_the_default_and_can_be_asked_for(runner):
    assert compared(runner) == compared(runner, "--usual")


def test_one_course_for_all_says_where_a_price_changes(runner):
    rows = compared(runner, "-n", "6")
    assert rows["spravato"]["usual_course"] is None
    assert rows["spravato"]["total"] == {"low": "1500.00", "high": "4800.00"}
    (change,) = rows["spravato"]["price_changes_at"]
    assert change["sessions"] == 8 and change["price"] == {"low": "5000.00", "high": "7000.00"}
    table = runner.invoke(app, ["compare", "-n", "6"]).stdout
    flat = " ".join(table.split())
    assert "price changes at 8 sessions" in flat
    assert "the price changes at 8 sessions: the published 4-week induction" in flat


def test_with_a_situation_each_row_has_what_you_pay_and_who_may_pay(runner):
    rows = compared(runner, *USUAL_ARGS, "--insurance", "private", "--usual")
    for row in rows.values():
        assert "out_of_pocket" in row and set(row["out_of_pocket"]) == {"low", "high"}
    # Private insurance and Spravato for TRD with two failed antidepressants: likely
    # (Health Canada's indication; coverage-facts: carriers cover Spravato with prior
    # authorization); it pays the drug, not the clinic's fees: more than $0.
    payer = rows["spravato"]["most_likely_to_pay"]
    assert (payer["program"], payer["verdict"]) == ("private-insurance", "likely")
    assert payer["first_step"]
    assert rows["spravato"]["out_of_pocket"] == {"low": None, "high": "10200.00"}
    assert rows["iv"]["most_likely_to_pay"] is None
    table = " ".join(runner.invoke(app, ["compare", *USUAL_ARGS]).stdout.split())
    assert "Most likely" in table and "Each treatment's usual course" in table


def test_csv_of_a_comparison_keeps_its_columns(runner):
    result = runner.invoke(app, ["compare", "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["treatment"] for r in rows][:2] == ["iv", "im"]


import pytest  # noqa: E402


@pytest.mark.parametrize("width", ["60", "80", "99", "100", "120", "160"])
def test_a_comparison_with_what_you_pay_never_cuts_money(runner, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", width)
    args = ["compare", "-p", "QC", "--net-income", "50000", "--tax-year", "2025"]
    result = runner.invoke(app, [*args, "--family-income", "80000", "--insurance", "private"])
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    flat = " ".join(result.stdout.replace("–\n", "–").split())
    # IV's course, seed 003: $2,250-$5,400, whole in every layout.
    assert "$2,250–" in flat and "$5,400" in flat


def test_the_usual_course_on_a_day_before_the_plans(runner):
    # The plans and course prices hold from 2026-05-05 (seed 003): on 2025-06-01 no
    # treatment has a usual course; the person is told what to give instead.
    result = runner.invoke(app, ["compare", "--as-of", "2025-06-01"])
    assert result.exit_code == 2, result.output
    assert "no treatment has a usual course on 2025-06-01" in result.stderr
    assert "give --sessions" in result.stderr
    # A day on which they hold: IV's own plan, 6 infusions.
    later = runner.invoke(app, ["compare", "--as-of", "2026-06-01", "-f", "json"])
    rows = {e["treatment"]: e for e in json.loads(later.stdout)["estimates"]}
    assert rows["iv"]["usual_course"] == "own-plan"
