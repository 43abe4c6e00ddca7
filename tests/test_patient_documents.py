"""A quote is a document for a patient: it names no command-line option and no source
id, whatever the verdicts in it. Every situation of tests/situations (one per rule of
every program) is written up as a quote, in markdown and in HTML, with --explain (all a
quote can hold), and read as a person would."""

from __future__ import annotations

import functools
import html
import re

import pytest
from test_coverage_situations import SITUATIONS

from contract import DAY
from ketacost.course import CourseRequest
from ketacost.load import yamldoc
from ketacost.model.situation import SituationRequest
from ketacost.quote import quote
from ketacost.render import Options, render

OPTION = re.compile(r"(?<![\w-])--[a-z]")


def _requests():
    found = []
    for path in sorted(SITUATIONS.glob("*.yaml")):
        for case in yamldoc.load(path).data:
            given = dict(case["situation"])
            condition = given.pop("condition", [])
            request = SituationRequest(
                province=given.get("province"),
                claim_province=given.get("claim_province"),
                conditions=tuple(condition) if isinstance(condition, list) else (condition,),
                failed_antidepressants=given.get("failed_antidepressants"),
                work_injury=given.get("work_injury", False),
                veteran=given.get("veteran", False),
                insurance=tuple(given.get("insurance", ())),
                federal_plans=tuple(given.get("federal_plan", ())),
            )
            treatment = given.get("treatment") or "iv"
            found.append(pytest.param(treatment, request, id=f"{path.stem}: {case['name']}"))
    return found


@functools.cache
def _ids_pattern(ids: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def _source_ids(catalog) -> re.Pattern:
    """Any source id of the data, as a word of its own (one pattern: one pass per text)."""
    return _ids_pattern(tuple(catalog.sources))


def _read_as_a_person(text: str, fmt: str) -> str:
    """What a reader sees: for HTML, the text without its style sheet and tags."""
    if fmt == "markdown":
        return text
    text = re.sub(r"<style>.*?</style>", "", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


@pytest.mark.parametrize(("treatment", "situation"), _requests())
def test_a_quote_names_no_option_and_no_source_id(catalog, treatment, situation):
    request = CourseRequest(treatment=treatment, sessions=6)
    written = quote(catalog.prices, catalog.plans, catalog.coverage, request, situation, DAY)
    ids = _source_ids(catalog)
    for fmt in ("markdown", "html"):
        # No `names`: as the CLI draws a quote (a document names no option). With
        # --explain a quote holds everything it holds without, and how each figure was
        # found (render/document.py adds that section and changes no other).
        shown = _read_as_a_person(render(written, fmt, Options(explain=True)), fmt)
        assert not OPTION.search(shown), (fmt, OPTION.findall(shown))
        assert not ids.search(shown), (fmt, ids.findall(shown))


def test_the_cli_draws_a_quote_in_plain_words(runner):
    args = ["quote", "-t", "iv", "-n", "6", "-p", "AB", "--condition", "trd", "--explain"]
    result = runner.invoke(__import__("ketacost.cli").cli.app, args)
    assert result.exit_code == 0, result.output
    assert not OPTION.search(result.stdout), OPTION.findall(result.stdout)
    assert "seed-003" not in result.stdout


@pytest.mark.parametrize("province", [None, "ON", "QC", "NS", "BC"])
@pytest.mark.parametrize("year", [2025, 2026])
def test_a_quote_with_tax_credits_names_no_option_and_no_source_id(catalog, province, year):
    from decimal import Decimal

    from ketacost.estimate import with_tax
    from ketacost.model.record import replace
    from ketacost.tax import TaxRequest, check_tax_request

    request = CourseRequest(treatment="iv", sessions=6)
    situation = SituationRequest(province=province)
    written = quote(catalog.prices, catalog.plans, catalog.coverage, request, situation, DAY)
    tax = check_tax_request(TaxRequest(Decimal(60000), year), DAY)
    priced = with_tax(written.estimate, catalog.tax, tax, catalog.sources)
    written = replace(written, estimate=priced)
    ids = _source_ids(catalog)
    for fmt in ("markdown", "html"):
        for explain in (False, True):
            shown = _read_as_a_person(render(written, fmt, Options(explain=explain)), fmt)
            assert "After tax credits" in shown
            assert not OPTION.search(shown), (fmt, explain, OPTION.findall(shown))
            assert not ids.search(shown), (fmt, explain, ids.findall(shown))
