"""Shared fixtures: the bundled data, a fixed day for the CLI, a CLI runner. The values
the tests hold fixed are in contract.py."""

from __future__ import annotations

from pathlib import Path

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
    monkeypatch.delenv("COLUMNS", raising=False)  # tables are 100 columns unless a test says


@pytest.fixture(autouse=True)
def in_english_unless_a_test_says(monkeypatch):
    """Every test starts in English, whatever the machine's locale (LANG=fr_CA...); a test
    of French says so (--lang fr, or KETACOST_LANG for a process it starts)."""
    from ketacost import i18n

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(i18n.LANG_ENV, "en")
    i18n.set_language(i18n.ENGLISH)
    yield
    i18n.set_language(i18n.ENGLISH)


@pytest.fixture(autouse=True, scope="session")
def snapshots_in_a_directory_of_the_session(tmp_path_factory):
    """Snapshots of the data (ketacost.load.snapshot) go to a directory of the test
    session, never to the user's cache; each test that needs its own sets its own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KETACOST_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(autouse=True, scope="session")
def each_data_text_parsed_once():
    """Data files of other directories (KETACOST_DATA: damaged, fuzzed, edited copies)
    and clinics' price files are read from their YAML on every command line. In tests a
    file's text is parsed once and its Document given again for the same name and the
    same bytes (no loader changes a Document's data). A file that fails to parse fails
    every time."""
    from ketacost.load import yamldoc as module

    read = module.load
    parsed: dict[tuple[str, bytes], object] = {}

    def load(path):
        try:
            key = (str(path), Path(path).read_bytes())
        except OSError:
            return read(path)
        if key not in parsed:
            if len(parsed) >= 64:  # fuzzed texts never repeat: keep memory bounded
                parsed.clear()
            parsed[key] = read(path)
        return parsed[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "load", load)
        yield
