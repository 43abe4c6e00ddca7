"""Shared fixtures: the bundled data, a fixed day, a CLI runner, test data paths."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ketacost.load.catalog import Catalog

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


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """The CLI's 'today' is DAY in every test, so results do not change with the calendar."""
    monkeypatch.setattr("ketacost.cli.shared.today", lambda: DAY)


@pytest.fixture(autouse=True)
def no_clinic_file_from_the_environment(monkeypatch):
    """A KETACOST_PRICING set in the developer's shell must not change any test."""
    monkeypatch.delenv("KETACOST_PRICING", raising=False)


def price_list_catalog(text: str):
    """A catalog-like object holding the price list in `text` and the bundled plans
    and sources, for tests that need prices of their own."""
    import types

    from ketacost.load import yamldoc
    from ketacost.load.prices import parse_price_list

    bundled = Catalog()
    prices = parse_price_list(yamldoc.parse(text, "test.yaml"), bundled.bundled_sources)
    return types.SimpleNamespace(
        prices=prices, plans=bundled.plans, sources=prices.sources, coverage=bundled.coverage
    )


def assert_in_order(text: str, parts: list[str]) -> None:
    """Every part is in `text`, each after the one before."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} missing or out of order in:\n{text}"
        at = found + len(part)
