"""`ketacost coverage` and the situation flags of `ketacost estimate`, through CliRunner."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from test_cli import DISCLAIMER, invoke, plain

from contract import PROGRAMS
from ketacost.cli import app


def test_coverage_table_shows_each_verdict_with_why_needs_and_sources(runner):
    result = invoke(
        runner, "coverage", "-p", "ab", "--condition", "trd", "--work-injury", "-t", "iv"
    )
    assert result.exit_code == 0, result.output
    out = plain(result.stdout)
    assert "Who may pay — your situation: Alberta (AB) · Treatment-resistant depression" in out
    assert "WCB Alberta likely WCB Alberta covers ketamine and esketamine" in out
    assert "Veterans Affairs Canada not-eligible" in out
    assert "Before it pays" in out and "Form C1520" in out
    assert "With VAC client status for a service-related condition (--veteran): possible." in out
    assert "Misericordia and Grey Nuns" in out
    assert "Procedures manual: Pharmaceutical - ketamine and esketamine (official;" in out
    assert DISCLAIMER in out


def test_coverage_json_keeps_the_contract(runner):
    result = invoke(
        runner,
        "coverage",
        "-p",
        "ON",
        "--condition",
        "trd",
        "--insurance",
        "private",
        "-t",
        "spravato",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert data["situation"]["province"] == "ON"
    assert data["situation"]["insurance"] == ["private"]
    programs = [entry["program"] for entry in data["coverage"]]
    assert programs == PROGRAMS
    private = data["coverage"][1]
    assert set(private) >= {"program", "verdict", "reasons", "prerequisites", "covers", "sources"}
    assert private["verdict"] == "likely"
    assert private["covers"]["share"] == "part"
    assert private["covers"]["pays"] == "Spravato (the drug)"
    # TRD was given with no count of failed antidepressants: the count is a prerequisite.
    assert private["prerequisites"][0].startswith(
        "Treatment-resistant depression means at least two antidepressants"
    )
    assert private["prerequisites"][1].startswith("Prior authorization from your insurer")
    assert "hc-spravato-noc" in private["sources"]
    assert data["coverage"][0]["covers"] is None  # unlikely: pays nothing


def test_estimate_with_a_situation_adds_coverage_and_out_of_pocket(runner):
    args = ["-t", "iv", "-n", "6", "-p", "NS", "--condition", "trd", "--veteran"]
    result = invoke(runner, "estimate", *args, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # Seed 003: a 6-infusion IV course is $2,250-$5,400; VAC may pay it all.
    assert data["total"] == {"low": "2250.00", "high": "5400.00"}
    assert data["out_of_pocket"] == {"low": "0.00", "high": "5400.00"}
    assert data["out_of_pocket_basis"]["paid_by"] == ["vac"]
    assert {"vac-qp-2021", "seed-003", "seed-000"} <= {s["id"] for s in data["sources"]}


def test_estimate_table_shows_out_of_pocket_and_the_part_paid(runner):
    result = invoke(
        runner,
        "estimate",
        "--plan",
        "spravato",
        "-p",
        "ON",
        "--condition",
        "mdd",
        "--failed-antidepressants",
        "2",
        "--insurance",
        "private",
    )
    assert result.exit_code == 0, result.output
    out = plain(result.stdout)
    # Spravato plan: 8 induction sessions $5,000-$7,000 + 4 weekly x $250-$800.
    assert "Total: $6,000.00–$10,200.00 CAD" in out
    # Private insurance pays the drug, not the clinic's fees: the best case is more than
    # $0, and how much more is not published.
    assert "Out of pocket: more than $0 to $10,200.00 CAD" in out
    assert (
        "Private insurance pays at least part of the course: Spravato (the drug), not the "
        "clinic's fees" in out
    )


def test_estimate_without_a_situation_says_how_to_add_one(runner):
    result = invoke(runner, "estimate", "-t", "iv", "-n", "6")
    assert result.exit_code == 0, result.output
    assert "Who may pay: add your situation" in plain(result.stdout)
    assert "Out of pocket" not in result.stdout


def test_explain_shows_the_rules_and_the_dated_values(runner):
    result = invoke(
        runner, "estimate", "-t", "iv", "-n", "6", "--veteran", "--condition", "trd", "--explain"
    )
    assert result.exit_code == 0, result.output
    out = plain(result.stdout)
    assert "How the Veterans Affairs Canada verdict was reached" in out
    # VAC's note is dated 2021-12-10 ("Date received: Dec 10, 2021").
    assert "rule drug-treatment (from 2021-12-10; vac-qp-2021, vac-poc10c, seed-003)" in out
    assert "How the cost was found" in out
    assert "treatments.iv.courses.0.price = $2,250.00–$5,400.00 (holds from 2026-05-05" in out


def test_explain_in_json_adds_a_trace(runner):
    result = invoke(runner, "coverage", "--veteran", "--explain", "-f", "json")
    data = json.loads(result.stdout)
    vac = next(entry for entry in data["coverage"] if entry["program"] == "vac")
    assert vac["trace"][0].startswith("1. rule not-a-client")


def test_coverage_csv_and_markdown(runner):
    result = invoke(
        runner,
        "coverage",
        "-p",
        "AB",
        "--insurance",
        "alberta-blue-cross",
        "-t",
        "kap",
        "-f",
        "csv",
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    abc = next(row for row in rows if row["program"] == "alberta-blue-cross")
    assert abc["verdict"] == "possible"
    assert abc["covers_share"] == "part"
    assert "drugs dispensed by the clinic" in abc["does_not_pay"]
    result = invoke(runner, "coverage", "-p", "AB", "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert "| Provincial health plan | **unlikely** |" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "XX"], "unknown province 'XX'. Valid provinces: AB, BC, MB, NB, NL, NS, NT, NU"),
        (["--condition", "bipolar"], "unknown condition 'bipolar'."),
        (
            ["--insurance", "123"],
            "Valid insurances: private, alberta-blue-cross. An employer's group plan or any "
            "other private plan, whoever the insurer, is --insurance private.",
        ),
        (["--insurance", "privat"], "Did you mean 'private'?"),
        (["--insurance", "WSIB"], "names a workers' compensation board, not an insurance"),
        (["--insurance", "OHIP"], "your province's plan is judged from --province"),
        (["-t", "ketamine"], "unknown treatment 'ketamine'."),
        (["--failed-antidepressants", "-2"], "between 0 and 50"),
        (["--failed-antidepressants", "two"], "Invalid value for '--failed-antidepressants'"),
    ],
)
def test_a_bad_situation_value_exits_2(runner, args, message):
    result = invoke(runner, "coverage", *args)
    assert result.exit_code == 2, result.output
    assert message in plain(result.stderr)


def test_estimate_refuses_a_bad_situation_value_too(runner):
    result = invoke(runner, "estimate", "-t", "iv", "-n", "6", "-p", "Albertaa")
    assert result.exit_code == 2, result.output
    assert "Did you mean" in result.stderr or "Valid provinces" in result.stderr


def test_insurance_can_be_given_twice(runner):
    result = invoke(
        runner,
        "coverage",
        "--insurance",
        "private",
        "--insurance",
        "alberta-blue-cross",
        "-f",
        "json",
    )
    data = json.loads(result.stdout)
    assert data["situation"]["insurance"] == ["alberta-blue-cross", "private"]


def test_coverage_help_teaches_the_flags(runner):
    result = runner.invoke(app, ["coverage", "--help"])
    out = plain(result.stdout)
    for flag in (
        "--province",
        "--condition",
        "--failed-antidepressants",
        "--work-injury",
        "--veteran",
        "--insurance",
        "--explain",
    ):
        assert flag in out
    for code in ("AB", "YT", "trd", "substance-use", "alberta-blue-cross"):
        assert code in out


def test_a_plan_or_program_that_fixes_the_treatment_gets_no_other_treatment_suggested(runner):
    for course in (["--plan", "spravato"], ["--clinic", "atma-cena", "--program", "customized"]):
        result = invoke(
            runner,
            "estimate",
            *course,
            "--veteran",
            "--condition",
            "trd",
            "--insurance",
            "alberta-blue-cross",
            "-f",
            "json",
        )
        assert result.exit_code == 0, result.output
        changes = [c for v in json.loads(result.stdout)["coverage"] for c in v["would_change"]]
        assert not any("--treatment" in c for c in changes), changes


def test_narrow_terminals_fold_urls_instead_of_cutting_them(catalog):
    from ketacost import listings
    from ketacost.render import Options, render

    for width in (50, 70, 80):
        out = render(listings.sources(catalog.sources.values()), "table", Options(width=width))
        assert "…" not in out, out


def test_help_lists_what_the_data_defines_and_does_not_copy_it(runner, catalog):
    words = catalog.coverage.words
    for command in ("estimate", "coverage", "quote"):
        out = plain(runner.invoke(app, [command, "--help"]).stdout)
        for value in [*words.provinces, *words.conditions, *words.insurance, *words.federal_plans]:
            assert value in out, (command, value)
        assert "{" not in out, command  # every placeholder filled in
    options = (Path(__file__).parent.parent / "ketacost" / "cli" / "options.py").read_text()
    assert "NL, NS" not in options and "alberta-blue-cross" not in options
