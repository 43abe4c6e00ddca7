"""Shared fixtures: the bundled data, a fixed day, a CLI runner, test data paths."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ketacost.catalog import Catalog

TESTS = Path(__file__).parent
DATA = TESTS / "data"
SEEDS = TESTS.parent.parent / "shared" / "seeds"

# A day on which every bundled figure (dated 2026-05-05) is less than 18 months old.
DAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
