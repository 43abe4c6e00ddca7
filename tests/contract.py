"""What the tests hold fixed: the contract's ids and values, the day every test runs on,
where the test data lives, and small helpers. (conftest.py holds the fixtures.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

TESTS = Path(__file__).parent
DATA = TESTS / "data"
SEEDS = TESTS.parent.parent / "shared" / "seeds"

# The contract (issue 3): program ids and the values a situation is given in, in order.
PROGRAMS = [
    "provincial-plan",
    "private-insurance",
    "alberta-blue-cross",
    "wcb-alberta",
    "wsib-ontario",
    "vac",
    "worksafebc",
    "wcb-saskatchewan",
    "wcb-manitoba",
    "cnesst",
    "worksafenb",
    "wcb-nova-scotia",
    "wcb-pei",
    "workplacenl",
    "wcb-yukon",
    "wscc",
]
# Each province's and territory's workers' compensation board.
BOARDS = {
    "AB": "wcb-alberta",
    "BC": "worksafebc",
    "SK": "wcb-saskatchewan",
    "MB": "wcb-manitoba",
    "ON": "wsib-ontario",
    "QC": "cnesst",
    "NB": "worksafenb",
    "NS": "wcb-nova-scotia",
    "PE": "wcb-pei",
    "NL": "workplacenl",
    "YT": "wcb-yukon",
    "NT": "wscc",
    "NU": "wscc",
}
PROVINCES = "AB BC MB NB NL NS NT NU ON PE QC SK YT".split()
CONDITIONS = [
    "trd",
    "mdd",
    "bipolar-depression",
    "suicidal-ideation",
    "ptsd",
    "anxiety",
    "ocd",
    "chronic-pain",
    "substance-use",
]
INSURANCE = ["private", "alberta-blue-cross"]

# A day on which every bundled figure (dated 2026-05-05) is less than 18 months old and
# every coverage rule is in force (the latest hold from 2026-11-29, the day the boards'
# undated pages were read).
DAY = dt.date(2026, 11, 29)


def parsed_prices(text: str):
    """The price list written in `text`, read as a clinic's file is (its sources may be the
    bundled ones): a real PriceList for tests that need prices of their own."""
    from ketacost.load import yamldoc
    from ketacost.load.catalog import Catalog
    from ketacost.load.prices import parse_price_list

    return parse_price_list(yamldoc.parse(text, "test.yaml"), Catalog().bundled_sources)


def assert_in_order(text: str, parts: list[str]) -> None:
    """Every part is in `text`, each after the one before."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} missing or out of order in:\n{text}"
        at = found + len(part)


def estimate_bundled(data, request, day: dt.date = DAY, situation=None):
    """`estimate` with a catalog's prices, plans and coverage rules, on `day`."""
    from ketacost.estimate import estimate

    return estimate(data.prices, data.plans, data.coverage, request, day, situation)
