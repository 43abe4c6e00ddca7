"""The medical expense tax credits: worked examples with their arithmetic, the years and
provinces the data has no value for, the invariants any credit keeps, and the CLI,
JSON, CSV and batch that show them.

Expected values are worked by hand from the figures the sources give (data/sources.yaml;
research/tax-federal.md and research/tax-provincial.md): federal 2025 rate 14.5%
(Finance Canada, as reprinted) and threshold $2,834 (Jones O'Connell); Ontario 2025
5.05% and $2,885 (RCGT); Quebec 2025 20% of what is above 3% of family income (RCGT,
Revenu Québec); the Quebec abatement 16.5% (Finance Canada).
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
from ketacost.errors import DataFileError, RequestError
from ketacost.load.catalog import Catalog
from ketacost.load.tax import parse_tax
from ketacost.load.yamldoc import parse
from ketacost.model.money import MoneyRange
from ketacost.tax import (
    NEEDS_FAMILY_INCOME,
    NO_PROVINCE,
    NO_RULE,
    NOT_PUBLISHED,
    TaxRequest,
    check_tax_request,
    read_amount,
    tax_credits,
)

BUNDLED = Catalog()
RULES = BUNDLED.tax
IV_COURSE = MoneyRange(Decimal(2250), Decimal(5400))  # seed 003: IV, 6 sessions


def credits(province, paid=IV_COURSE, net=60000, year=2025, family=None):
    request = TaxRequest(Decimal(net), year, None if family is None else Decimal(family))
    return tax_credits(RULES, check_tax_request(request, DAY), province, paid)


def cents(amount):
    return None if amount is None else amount.quantize(Decimal("0.01"))


# --- Worked examples ----------------------------------------------------------------


def test_ontario_2025_net_income_60000_iv_course_no_program_paying():
    tax = credits("ON")
    # 3% of $60,000 = $1,800, less than the 2025 threshold $2,834: $1,800 is taken off.
    assert tax.federal.deducted == Decimal(1800)
    # Federal: low (2,250 - 1,800) x 0.145 = 65.25; high (5,400 - 1,800) x 0.145 = 522.00.
    assert tax.federal.amount == MoneyRange(Decimal("65.25"), Decimal("522.00"))
    # Ontario: 3% of $60,000 = $1,800 < $2,885. Low (2,250 - 1,800) x 0.0505 = 22.725;
    # high (5,400 - 1,800) x 0.0505 = 181.80.
    assert tax.provincial.amount == MoneyRange(Decimal("22.725"), Decimal("181.80"))
    # Both: 87.975 and 703.80; after them 2,162.025 and 4,696.20.
    assert tax.total == MoneyRange(Decimal("87.975"), Decimal("703.80"))
    assert tax.after_credits == MoneyRange(Decimal("2162.025"), Decimal("4696.20"))
    assert tax.includes == ("federal", "ON")


def test_a_high_income_is_held_to_the_fixed_threshold():
    tax = credits("ON", net=200000)
    # 3% of $200,000 = $6,000, more than $2,834: the threshold is taken off.
    assert tax.federal.deducted == Decimal(2834)
    # Low: 2,250 < 2,834, no credit. High: (5,400 - 2,834) x 0.145 = 372.07.
    assert tax.federal.amount == MoneyRange(Decimal(0), Decimal("372.070"))
    # Ontario: (5,400 - 2,885) x 0.0505 = 127.0075.
    assert tax.provincial.amount == MoneyRange(Decimal(0), Decimal("127.0075"))


def test_quebec_credit_is_on_family_income_and_the_federal_one_less_the_abatement():
    tax = credits("QC", family=90000)
    # Federal: 65.25 and 522.00 as in Ontario, kept at 83.5% (abatement 16.5%):
    # 65.25 x 0.835 = 54.48375; 522.00 x 0.835 = 435.87.
    assert tax.federal.amount == MoneyRange(Decimal("54.48375"), Decimal("435.87"))
    # Quebec: 3% of $90,000 = $2,700, no cap. Low: 2,250 < 2,700, nothing; high:
    # (5,400 - 2,700) x 0.20 = 540.00.
    assert tax.provincial.deducted == Decimal(2700)
    assert tax.provincial.amount == MoneyRange(Decimal(0), Decimal("540.00"))
    assert cents(tax.total.high) == Decimal("975.87")


def test_quebec_without_family_income_says_so():
    tax = credits("QC")
    assert tax.provincial.missing == NEEDS_FAMILY_INCOME
    assert tax.includes == ("federal",)


def test_a_year_with_no_sourced_threshold_gives_no_federal_figure():
    # 2026: the rate (14%) is sourced; the threshold is not (CRA's page could not be read).
    tax = credits("ON", year=2026)
    assert tax.federal.missing == NOT_PUBLISHED
    assert "threshold" in tax.federal.absent
    assert tax.federal.amount.is_unknown
    assert tax.after_credits.is_unknown


def test_a_province_without_a_sourced_rule_gives_the_federal_credit_alone():
    tax = credits("NS")
    assert tax.provincial is None and tax.provincial_missing == NO_RULE
    assert tax.total == tax.federal.amount and tax.includes == ("federal",)


def test_no_province_given():
    tax = credits(None)
    assert tax.provincial is None and tax.provincial_missing == NO_PROVINCE


def test_a_province_year_not_sourced_is_not_carried_from_another_year():
    # Ontario has 2024 and 2025 values only: 2023 is not published, never 2024's values.
    tax = credits("ON", year=2023)
    assert tax.federal.computed  # federal 2023: 15%, $2,635
    assert tax.provincial.missing == NOT_PUBLISHED


def test_an_unknown_best_case_gives_an_unknown_low_credit():
    tax = credits("ON", paid=MoneyRange(None, Decimal(5400)))
    assert tax.federal.amount.low is None and tax.federal.amount.high == Decimal("522.00")
    assert tax.after_credits.low is None


# --- Invariants -----------------------------------------------------------------------

AMOUNTS = st.decimals(min_value=0, max_value=200000, places=2)
PROVINCES = st.sampled_from([None, *BUNDLED.coverage.words.provinces])


@settings(max_examples=200, deadline=None)
@given(
    low=AMOUNTS,
    extra=AMOUNTS,
    net=AMOUNTS,
    family=AMOUNTS,
    province=PROVINCES,
    year=st.sampled_from([2023, 2024, 2025, 2026]),
)
def test_credits_are_never_negative_never_more_than_rate_times_paid_and_grow(
    low, extra, net, family, province, year
):
    paid = MoneyRange(low, low + extra)
    family = net + family  # a family's income holds the person's own
    tax = credits(province, paid=paid, net=net, year=year, family=family)
    for credit in (tax.federal, tax.provincial):
        if credit is None or not credit.computed:
            continue
        for bound, amount in ((paid.low, credit.amount.low), (paid.high, credit.amount.high)):
            assert Decimal(0) <= amount <= credit.rate.value * bound
        assert credit.amount.low <= credit.amount.high  # grows with what is paid
    if not tax.after_credits.is_unknown:
        assert Decimal(0) <= tax.after_credits.low <= paid.low
        assert tax.after_credits.low <= tax.after_credits.high <= paid.high


# --- Reading amounts and requests -----------------------------------------------------


@pytest.mark.parametrize(
    "text, amount",
    [
        ("60000", "60000"),
        ("60000.5", "60000.5"),
        ("60,000", "60000"),
        ("$60 000", "60000"),
        ("60\u00a0000.25", "60000.25"),
        (" 0 ", "0"),
    ],
)
def test_amounts_are_read_as_people_write_them(text, amount):
    assert read_amount(text, "net_income") == Decimal(amount)


@pytest.mark.parametrize("text", ["sixty", "60,5", "6,0000", "-100", "1e5", "60000.123"])
def test_what_is_not_an_amount_is_refused(text):
    with pytest.raises(RequestError):
        read_amount(text, "net_income")


def test_a_tax_fact_without_net_income_is_refused():
    with pytest.raises(RequestError, match="needs"):
        check_tax_request(TaxRequest(tax_year=2025), DAY)


def test_the_tax_year_defaults_to_the_year_of_the_day():
    assert check_tax_request(TaxRequest(Decimal(1)), DAY).tax_year == DAY.year
    assert check_tax_request(TaxRequest(), DAY) is None


# --- The data file --------------------------------------------------------------------

GOOD = """\
schema_version: 1
credits:
  federal:
    label: Federal
    claimed_on: line 1
    income: net-income
    rate: {2025: {value: 0.145, source: s}}
    income_share: {2025: {value: 0.03, source: s}}
    threshold: {2025: {amount: 2834, source: s}}
notes:
  - {id: n, text: A note., source: s}
spending_account:
  label: Health spending account
  pays: What qualifies.
  source: s
  treatments:
    iv: {qualifies: usually, why: A physician's service., source: s}
  otherwise: {qualifies: uncertain, why: Not known., source: s}
"""


def parsed(text):
    return parse_tax(parse(text, "tax.yaml"), {"s": object()}, {"ON": "Ontario"})


def test_a_minimal_tax_file_is_read():
    rules = parsed(GOOD)
    assert rules.years() == (2025,)
    assert rules.federal.value("threshold", 2025).value == Decimal(2834)


@pytest.mark.parametrize(
    "change, message",
    [
        (("0.145, source: s}}", "1.45, source: s}}"), "fraction above 0 and below 1"),
        (("2834", "not published"), "leave out a year"),
        (("2834, source: s", "2834, source: nowhere"), "not defined"),
        (("{2025: {value: 0.03", "{twenty: {value: 0.03"), "tax year must be a year"),
        (("  federal:", "  XX:"), "needs the federal credit"),
        (
            (
                "{2025: {amount: 2834, source: s}}",
                "{2025: {amount: 2834, source: s}, 02025: {amount: 1, source: s}}",
            ),
            "tax year 2025 is given twice",
        ),
        (("    threshold: {2025: {amount: 2834, source: s}}\n", ""), "needs 'threshold'"),
    ],
)
def test_a_faulty_tax_file_is_refused_with_its_line(change, message):
    with pytest.raises(DataFileError) as fault:
        parsed(GOOD.replace(*change))
    assert message in str(fault.value)
    assert "tax.yaml:" in str(fault.value)


def test_every_bundled_value_is_for_a_year_and_has_a_source():
    sources = BUNDLED.bundled_sources
    for rule in (RULES.federal, *RULES.provinces.values()):
        for by_year in rule.values.values():
            for year, value in by_year.items():
                assert value.since.year == year and value.source in sources
    # No threshold for 2026 is sourced: none may appear until one is.
    assert RULES.federal.value("threshold", 2026) is None


# --- The command line -----------------------------------------------------------------


def invoke(runner, *args):
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    return result


IV_6 = ("-t", "iv", "-n", "6")
TAX_2025 = ("--net-income", "60000", "--tax-year", "2025")


def credited(runner, command, province, *more):
    """`command` for an IV course of 6 in `province` with a net income of $60,000."""
    return invoke(runner, command, *IV_6, "-p", province, "--net-income", "60000", *more)


def test_json_carries_the_tax_contract(runner):
    result = credited(runner, "estimate", "ON", "--tax-year", "2025", "-f", "json")
    assert result.exit_code == 0, result.output
    tax = json.loads(result.stdout)["tax"]
    assert tax["tax_year"] == 2025 and tax["net_income"] == "60000.00"
    federal = tax["federal"]
    assert (federal["rate"], federal["threshold"]) == ("0.145", "2834.00")
    assert federal["credit"] == {"low": "65.25", "high": "522.00"}
    assert federal["sources"] and tax["provincial"]["jurisdiction"] == "ON"
    # 87.975 rounds half up to 87.98 for display.
    assert tax["credit"] == {"low": "87.98", "high": "703.80"}
    assert tax["after_credits"] == {"low": "2162.03", "high": "4696.20"}


def test_json_without_net_income_has_tax_null(runner):
    result = invoke(runner, "estimate", *IV_6, "-f", "json")
    assert json.loads(result.stdout)["tax"] is None


def test_json_says_why_a_figure_is_missing(runner):
    result = credited(runner, "estimate", "NS", "--tax-year", "2026", "-f", "json")
    tax = json.loads(result.stdout)["tax"]
    assert tax["federal"]["credit"] == {"low": None, "high": None}
    assert tax["federal"]["reason"] == "not-published"
    assert tax["provincial"] is None and tax["provincial_reason"] == "no-rule"
    assert tax["after_credits"] == {"low": None, "high": None}


def test_the_table_says_what_the_credit_is_and_what_is_left(runner):
    result = credited(runner, "estimate", "QC", "--tax-year", "2025")
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "Tax credits for medical expenses, tax year 2025" in out
    assert "$54.48–$435.87" in out  # the federal credit less the Quebec abatement
    assert "(--family-income)" in out  # what to give for Quebec's credit
    assert "non-refundable" in out and "Usually eligible; keep your receipts" in out
    assert "After them you pay: $2,195.52–$4,964.13" in out  # federal only: 5,400 - 435.87


def test_a_year_without_values_is_said_in_words(runner):
    result = credited(runner, "estimate", "ON")  # the year of the day: 2026
    out = " ".join(result.stdout.split())
    assert "tax year 2026" in out
    assert "fixed threshold for 2026 are not published" in out
    assert "after credits is not known" in out


def test_the_quote_names_no_option(runner):
    result = credited(runner, "quote", "QC", "--tax-year", "2025")
    assert result.exit_code == 0, result.output
    section = result.stdout.split("## After tax credits")[1].split("## Notes")[0]
    assert "--" not in section and "family income" in section


@pytest.mark.parametrize(
    "args, message",
    [
        (["--tax-year", "2025"], "--tax-year needs --net-income"),
        (["--net-income", "lots"], "--net-income: 'lots' is not an amount"),
        (["--net-income", "1", "--tax-year", "1850"], "--tax-year must be a year"),
        (["--net-income", "60000", "--family-income", "50000"], "cannot be less than --net-income"),
    ],
)
def test_bad_tax_values_exit_2_with_a_message(runner, args, message):
    result = invoke(runner, "estimate", *IV_6, *args)
    assert result.exit_code == 2
    assert message in result.output


def test_compare_shows_what_each_treatment_leaves_after_credits(runner):
    result = invoke(runner, "compare", "-n", "6", "-p", "ON", *TAX_2025, "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = {r["treatment"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert (rows["iv"]["after_credits_low_cad"], rows["iv"]["after_credits_high_cad"]) == (
        "2162.03",
        "4696.20",
    )


def test_batch_rows_take_tax_columns(runner, tmp_path):
    scenarios = tmp_path / "s.csv"
    scenarios.write_text(
        "treatment,sessions,province,net_income,tax_year\niv,6,ON,60000,2025\niv,6,ON,,\n"
    )
    result = invoke(runner, "batch", str(scenarios))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert (rows[0]["tax_credit_low_cad"], rows[0]["after_credits_high_cad"]) == (
        "87.98",
        "4696.20",
    )
    assert rows[1]["tax_credit_low_cad"] == ""


def test_validate_without_a_file_checks_the_bundled_data(runner):
    result = invoke(runner, "validate")
    assert result.exit_code == 0, result.output
    assert "tax credits: federal for 2023, 2024 and 2025" in result.stdout
