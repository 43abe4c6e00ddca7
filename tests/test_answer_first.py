"""Outputs with a situation open with the answer in three lines: what the course costs,
what the person may pay (best and worst case), and who is most likely to pay with its
first step. Figures: seed 003 (IV, 6 sessions, $2,250-$5,400; Spravato's protocol
$6,000-$10,200); WCB Alberta's contract ("No part of the cost of any approved medical
service should be billed to the worker") and its ketamine procedure (prior
authorization)."""

from __future__ import annotations

from ketacost.cli import app

WCB_AB = ["-t", "iv", "-n", "6", "-p", "AB", "--condition", "trd", "--work-injury"]


def lines_of(runner, *args) -> list[str]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return [line.strip() for line in result.stdout.splitlines()]


def test_the_table_opens_with_the_answer(runner):
    lines = lines_of(runner, "estimate", *WCB_AB)
    assert lines[:4] == [
        "Your answer",
        "The course (IV ketamine infusion, 6 sessions): $2,250.00–$5,400.00 CAD.",
        "You may pay: nothing, if WCB Alberta approves it; at most $5,400.00, if nothing is "
        "approved.",
        "Most likely to pay: WCB Alberta (likely). First step: Prior authorization from WCB "
        "Alberta.",
    ]


def test_markdown_opens_with_the_answer(runner):
    lines = lines_of(runner, "estimate", *WCB_AB, "-f", "markdown")
    assert lines[0] == "**Your answer**"
    assert lines[2].startswith("- The course (IV ketamine infusion, 6 sessions)")


def test_the_quote_opens_with_the_answer_after_its_title(runner):
    lines = lines_of(runner, "quote", *WCB_AB)
    assert lines[0] == "# Cost estimate: IV ketamine infusion"
    assert lines[2] == "**Your answer**"
    assert lines[4].startswith("> The course")
    assert "--" not in "\n".join(lines[:8])


def test_a_plan_that_pays_part_and_no_program_at_all(runner):
    spravato = lines_of(
        runner, "estimate", "--plan", "spravato", "-p", "ON", "--condition", "trd",
        "--failed-antidepressants", "2", "--insurance", "private",
    )  # fmt: skip
    opening = " ".join(spravato[: spravato.index("")])
    # Private insurance pays the drug, not the clinic's fees (coverage-facts; seed 003).
    assert (
        "You may pay: more than $0, as Private insurance may pay Spravato (the drug); at most "
        "$10,200.00"
    ) in opening
    assert "Most likely to pay: Private insurance (likely)." in opening
    nobody = lines_of(runner, "estimate", "-t", "iv", "-n", "6", "-p", "ON")
    assert nobody[2] == (
        "You pay: $2,250.00–$5,400.00 CAD; no program is likely or possible to pay."
    )


def test_without_a_situation_there_is_no_answer_block(runner):
    lines = lines_of(runner, "estimate", "-t", "iv", "-n", "6")
    assert lines[0] == "IV ketamine infusion, 6 sessions"


FIXED = """\
schema_version: 1
currency: CAD
sources:
  calm-prices: {title: Calm Mind price list, url: not given, date: 2026-11-01, status: secondary}
clinics:
  calm:
    name: Calm Mind Clinic
    source: calm-prices
    deposit:
      2026-11-01: {amount: 200, refundable: true, counts_toward_price: DEPOSIT, source: calm-prices}
    programs:
      iv-series:
        label: IV series
        treatment: iv
        per_session:
          2026-11-01: {low: 450, high: 450, source: calm-prices}
"""


def test_a_fixed_clinic_price_reads_as_one_price(runner, tmp_path):
    prices = tmp_path / "calm.yaml"
    prices.write_text(FIXED.replace("DEPOSIT", "true"))
    args = ["--pricing", str(prices), "--clinic", "calm", "--program", "iv-series", "-n", "6"]
    lines = lines_of(runner, "estimate", *args)
    header = next(line for line in lines if line.startswith("Phase"))
    assert "Price (CAD)" in header and "Low (CAD)" not in header
    # 6 x $450, the clinic's one price.
    assert "Total: $2,700.00 CAD" in lines
    assert "Deposit: $200.00, refundable; it counts toward the price (the total above " in (
        " ".join(lines)
    )
    quote = " ".join(lines_of(runner, "quote", *args))
    assert "| Phase | Sessions | Price (CAD) | How it is priced |" in quote


def test_a_deposit_paid_on_top_says_so(runner, tmp_path):
    prices = tmp_path / "calm.yaml"
    prices.write_text(FIXED.replace("DEPOSIT", "false"))
    args = ["--pricing", str(prices), "--clinic", "calm", "--program", "iv-series", "-n", "6"]
    text = " ".join(lines_of(runner, "estimate", *args))
    assert "it is paid on top of the price: add it to the total above." in text


def test_a_quote_lists_only_what_can_apply_unless_explained(runner):
    quote = "\n".join(lines_of(runner, "quote", *WCB_AB))
    rows = [line for line in quote.splitlines() if line.startswith("| ")]
    assert any(line.startswith("| WCB Alberta | **likely**") for line in rows)
    assert not any("not-eligible" in line for line in rows)
    assert "Not listed, as they cannot apply in this situation: Private insurance" in quote
    explained = "\n".join(lines_of(runner, "quote", *WCB_AB, "--explain"))
    assert "| Private insurance | **not-eligible**" in explained
    assert "Not listed" not in explained


def test_coverage_with_a_situation_opens_with_who_is_most_likely_to_pay(runner):
    lines = lines_of(runner, "coverage", *WCB_AB[4:])
    assert lines[0] == "Your answer"
    assert lines[1] == (
        "Most likely to pay: WCB Alberta (likely). First step: Prior authorization from WCB "
        "Alberta."
    )
    assert lines_of(runner, "coverage")[0] != "Your answer"  # nothing stated, no answer


def test_the_answer_names_the_program_the_best_case_rests_on(catalog):
    # The reviewer's case: KAP in AB with an accepted claim and a private plan. The
    # private plan pays only the psychotherapy part; WCB Alberta's approved care costs
    # the worker nothing: the answer's $0 and its most likely payer are WCB Alberta's.
    import datetime as dt
    import itertools
    import re

    from ketacost.course import CourseRequest
    from ketacost.estimate import estimate
    from ketacost.model.situation import SituationRequest
    from ketacost.render.answer import answer_lines

    checked = 0
    for treatment, province, claim, insurance in itertools.product(
        ("iv", "kap", "spravato"), ("AB", "ON", "BC", None), (False, True),
        ((), ("private",), ("alberta-blue-cross",)),
    ):  # fmt: skip
        situation = SituationRequest(
            province=province, conditions=("trd",), work_injury=claim, insurance=insurance
        )
        result = estimate(
            catalog.prices, catalog.plans, catalog.coverage,
            CourseRequest(treatment=treatment, sessions=6), dt.date(2026, 12, 1), situation,
        )  # fmt: skip
        if result.out_of_pocket.best != "zero":
            continue
        checked += 1
        lines = answer_lines(result)
        named = re.search(r"nothing, if (.*?) approves", lines[1])[1]
        assert named == re.search(r"\$0, if (.*?) approves", result.out_of_pocket.best_case)[1]
        assert lines[2].startswith(f"Most likely to pay: {named} (") or "(likely)" in lines[2]
    assert checked > 10
