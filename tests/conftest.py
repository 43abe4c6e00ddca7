"""Shared fixtures: the bundled data, a fixed day for the CLI, a CLI runner. The values
the tests hold fixed are in contract.py."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from contract import DAY
from ketacost.load.catalog import Catalog
from runner import ScriptRunner


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog()


@pytest.fixture
def runner() -> CliRunner:
    return ScriptRunner()


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """The CLI's 'today' is DAY in every test, so results do not change with the calendar."""
    monkeypatch.setattr("ketacost.cli.shared.today", lambda: DAY)


@pytest.fixture(autouse=True)
def no_clinic_file_from_the_environment(monkeypatch):
    """A KETACOST_PRICING set in the developer's shell must not change any test."""
    monkeypatch.delenv("KETACOST_PRICING", raising=False)
    monkeypatch.delenv("KETACOST_DATA", raising=False)
