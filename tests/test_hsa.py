"""A health spending account: what it pays of what the person would pay, for balances
below, equal to and above the out-of-pocket range; only the best case where qualifying
is uncertain; the tax credit on what is left; and the CLI, JSON, CSV and batch that
show it.

Expected values are worked by hand: the IV course of 6 is $2,250-$5,400 (seed 003) and,
with no program paying in Ontario, that is what the person pays. An HSA pays what
qualifies as a medical expense, up to the balance (CRA's private health services plan
page, `cra-phsp-page`); what it pays cannot also be claimed (`cra-metc-lines-33099`).
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contract import DAY
from ketacost.cli import app
from ketacost.hsa import spending_account
from ketacost.load.catalog import Catalog
from ketacost.model.money import MoneyRange
from ketacost.model.tax import DOES_NOT, UNCERTAIN, USUALLY, Qualifying, SpendingAccountRules
from ketacost.tax import TaxRequest, check_tax_request, tax_credits

D = Decimal
BUNDLED = Catalog()
IV_COURSE = MoneyRange(D(2250), D(5400))


def rules(qualifies: str) -> SpendingAccountRules:
    """An account whose every treatment's fees `qualifies`."""
    rule = Qualifying(qualifies, "Because.", ("s",))
    return SpendingAccountRules("Health spending account", "What qualifies.", ("s",), {}, rule)


def paid_by(qualifies: str, balance, paid=IV_COURSE):
    return spending_account(rules(qualifies), "iv", D(balance), paid)


# --- What it pays ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "balance, pays, left",
    [
        # Below the best case: both ends fall by the whole balance.
        (1000, (1000, 1000), (1250, 4400)),
        # Equal to the best case: the best case is $0, the worst falls by as much.
        (2250, (2250, 2250), (0, 3150)),
        # Between the two: the best case is $0, the worst falls by the balance.
        (4000, (2250, 4000), (0, 1400)),
        # Equal to the worst case, and above it: nothing is left, never below $0.
        (5400, (2250, 5400), (0, 0)),
        (9000, (2250, 5400), (0, 0)),
        (0, (0, 0), (2250, 5400)),
    ],
)
def test_fees_that_usually_qualify_lower_both_ends(balance, pays, left):
    account = paid_by(USUALLY, balance)
    assert (account.pays.low, account.pays.high) == tuple(D(x) for x in pays)
    assert (account.left.low, account.left.high) == tuple(D(x) for x in left)


def test_fees_that_may_not_qualify_lower_only_the_best_case():
    account = paid_by(UNCERTAIN, 1000)
    # Best case: it pays $1,000 of $2,250. Worst case: the fees do not qualify.
    assert (account.left.low, account.left.high) == (D(1250), D(5400))
    assert (account.pays.low, account.pays.high) == (D(0), D(1000))


def test_fees_that_do_not_qualify_are_not_paid():
    account = paid_by(DOES_NOT, 1000)
    assert account.left == IV_COURSE and account.pays == MoneyRange.zero()


def test_a_best_case_not_published_stays_so_unless_nothing_is_left():
    unknown_low = MoneyRange(None, D(5400))
    assert paid_by(USUALLY, 1000, unknown_low).left == MoneyRange(None, D(4400))
    # Nothing is left in the worst case, so nothing in the best case either.
    assert paid_by(USUALLY, 6000, unknown_low).left == MoneyRange(D(0), D(0))


def test_the_bundled_rules_say_which_fees_qualify_with_sources():
    account = BUNDLED.tax.spending_account
    sources = BUNDLED.bundled_sources
    # A physician's fee and a pharmacy-dispensed prescription usually qualify; the
    # psychotherapy part and a drug the clinic supplies itself may not.
    assert account.for_treatment("iv").qualifies == USUALLY
    assert account.for_treatment("spravato").qualifies == USUALLY
    assert account.for_treatment("kap").qualifies == UNCERTAIN
    assert account.for_treatment("sublingual").qualifies == UNCERTAIN
    assert account.for_treatment("a-clinic-own-treatment").qualifies == UNCERTAIN
    assert all(s in sources for s in account.cited_sources())


# --- Invariants ----------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=100000, places=2)


@settings(max_examples=200, deadline=None)
@given(
    low=amounts,
    spread=amounts,
    balance=amounts,
    qualifies=st.sampled_from([USUALLY, UNCERTAIN, DOES_NOT]),
    net=amounts,
)
def test_an_account_never_raises_what_you_pay_or_the_credit_base(
    low, spread, balance, qualifies, net
):
    paid = MoneyRange(low, low + spread)
    account = paid_by(qualifies, balance, paid)
    left = account.left
    assert D(0) <= left.low <= paid.low and D(0) <= left.high <= paid.high
    assert left.low <= left.high
    assert account.pays.low <= account.pays.high <= balance
    # The credit is on what is left: never more than on what was paid.
    request = check_tax_request(TaxRequest(net, 2025), DAY)
    before = tax_credits(BUNDLED.tax, request, "ON", paid)
    after = tax_credits(BUNDLED.tax, request, "ON", left)
    assert after.total.low <= before.total.low and after.total.high <= before.total.high


# --- The command line ------------------------------------------------------------------


def invoke(runner, *args):
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    return result


IV_ON = ("estimate", "-t", "iv", "-n", "6", "-p", "ON")


def test_json_carries_the_account_and_what_is_left(runner):
    result = invoke(runner, *IV_ON, "--hsa", "1,000", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["out_of_pocket"] == {"low": "2250.00", "high": "5400.00"}
    hsa = data["hsa"]
    assert hsa["balance"] == "1000.00" and hsa["qualifies"] == "usually"
    assert hsa["pays"] == {"low": "1000.00", "high": "1000.00"}
    assert data["out_of_pocket_after_hsa"] == {"low": "1250.00", "high": "4400.00"}
    assert "cra-phsp-page" in hsa["sources"]
    assert "cra-phsp-page" in {s["id"] for s in data["sources"]}
    # No tax fact given: no credit, and no net income asked for.
    assert data["tax"] is None


def test_the_credit_is_worked_out_on_what_the_account_leaves(runner):
    result = invoke(
        runner, *IV_ON, "--hsa", "1000", "--net-income", "60000", "--tax-year", "2025",
        "-f", "json",
    )  # fmt: skip
    tax = json.loads(result.stdout)["tax"]
    assert tax["computed_on"] == {"low": "1250.00", "high": "4400.00"}
    # Federal 2025: 14.5% of what is above $1,800 (3% of $60,000, under $2,834):
    # low (1,250 - 1,800) < 0 -> 0; high (4,400 - 1,800) x 0.145 = 377.00.
    assert tax["federal"]["credit"] == {"low": "0.00", "high": "377.00"}
    # Ontario 2025: 5.05% of the same: (4,400 - 1,800) x 0.0505 = 131.30.
    assert tax["provincial"]["credit"] == {"low": "0.00", "high": "131.30"}
    assert tax["after_credits"] == {"low": "1250.00", "high": "3891.70"}


def test_the_table_answers_first_and_says_the_credit_follows_the_account(runner):
    result = invoke(runner, *IV_ON, "--hsa", "1000", "--net-income", "60000", "--tax-year", "2025")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    answer = text[: text.index("IV ketamine infusion, 6 sessions Phase")]
    assert "Your health spending account pays $1,000.00: after it you pay" in answer
    assert "$1,250.00–$4,400.00" in answer
    assert "Health spending account ($1,000.00 left this year)" in text
    assert "worked out on what is left after it" in text


def test_kap_says_why_only_the_best_case_counts_on_it(runner):
    result = invoke(runner, "estimate", "-t", "kap", "-n", "6", "-p", "ON", "--hsa", "500")
    text = " ".join(result.stdout.split())
    assert "only if the fees qualify" in text and "only the best case counts on it" in text
    assert "psychotherapy counts only when" in text


def test_csv_has_what_the_account_pays(runner):
    result = invoke(runner, *IV_ON, "--hsa", "9000", "-f", "csv")
    total = list(csv.DictReader(io.StringIO(result.stdout)))[-1]
    assert (total["hsa_pays_low_cad"], total["hsa_pays_high_cad"]) == ("2250.00", "5400.00")
    assert (total["after_hsa_low_cad"], total["after_hsa_high_cad"]) == ("0.00", "0.00")


@pytest.mark.parametrize("value", ["-5", "lots", "1e9"])
def test_a_bad_balance_exits_2(runner, value):
    result = invoke(runner, *IV_ON, "--hsa", value)
    assert result.exit_code == 2
    assert "--hsa" in result.output


def test_batch_has_hsa_columns(runner, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("treatment,sessions,province,hsa\niv,6,ON,1000\niv,6,ON,\n")
    result = invoke(runner, "batch", str(rows))
    assert result.exit_code == 0, result.output
    first, second = csv.DictReader(io.StringIO(result.stdout))
    assert (first["hsa"], first["after_hsa_low_cad"], first["after_hsa_high_cad"]) == (
        "1000.00",
        "1250.00",
        "4400.00",
    )
    assert second["hsa"] == "" and second["after_hsa_low_cad"] == ""


def test_compare_shows_what_is_left_after_the_account(runner):
    result = invoke(runner, "compare", "-p", "ON", "--hsa", "1000", "-f", "json")
    estimates = {e["treatment"]: e for e in json.loads(result.stdout)["estimates"]}
    assert estimates["iv"]["out_of_pocket_after_hsa"] == {"low": "1250.00", "high": "4400.00"}
    text = invoke(runner, "compare", "-p", "ON", "--hsa", "1000").stdout
    assert "after your health spending account ($1,000.00 left)" in " ".join(text.split())


def test_an_account_that_pays_nothing_leaves_the_best_case_as_it_was(runner):
    # Private insurance pays only part of Spravato's and KAP's courses: "more than $0".
    args = ["compare", "-n", "6", "-p", "QC", "--condition", "trd", "--insurance", "private"]
    text = " ".join(invoke(runner, *args, "--hsa", "0").stdout.split())
    assert "You pay: more than $0 to $8,400" in text
    assert "up to $8,400" not in text


def test_compare_with_an_account_and_no_situation_shows_what_is_left(runner):
    text = " ".join(invoke(runner, "compare", "-n", "6", "--hsa", "1000").stdout.split())
    # IV: $2,250-$5,400 less $1,000 (a physician's fees usually qualify).
    assert "You pay: $1,250–$4,400" in text


def test_where_fees_may_not_count_the_worst_case_after_credits_counts_none(runner):
    result = invoke(
        runner, "estimate", "-t", "kap", "-n", "6", "-p", "ON", "--net-income", "60000",
        "--tax-year", "2025", "-f", "json",
    )  # fmt: skip
    tax = json.loads(result.stdout)["tax"]
    # KAP, 6 sessions: $4,100-$8,400 (seed 003); the psychotherapy part may not count.
    assert tax["after_credits"]["high"] == "8400.00"
    # The best case still counts the credits: 14.5% and 5.05% of (4,100 - 1,800) =
    # 333.50 + 116.15 = 449.65.
    assert tax["after_credits"]["low"] == "3650.35"
    assert tax["notes"][0].startswith("Whether these fees count as medical expenses is not certain")
