"""Situations and the verdicts they must get, as data (tests/situations/*.yaml).

Each case states a situation, the verdict expected for some programs, the rule
that must decide it (or the candidate rules, when a fact not given decides), and
the source sentence that justifies the expected verdict. The sentence is checked
against the source text where ../shared is present, so an expected verdict
cannot drift from what the source says.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contract import DAY, SEEDS, TESTS
from ketacost.coverage import assess
from ketacost.load import yamldoc
from ketacost.model.situation import Situation

SITUATIONS = TESTS / "situations"
RESEARCH = SEEDS.parent / "research" / "coverage-facts.md"
OWN_RESEARCH = TESTS.parent / "research"


def _cases() -> list:
    cases = []
    for path in sorted(SITUATIONS.glob("*.yaml")):
        for case in yamldoc.load(path).data:
            cases.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return cases


CASES = _cases()


def _situation(given: dict) -> Situation:
    """A situation as the files write it: `condition` is one id or a list of them."""
    values = dict(given)
    values["insurance"] = frozenset(values.get("insurance", ()))
    values["federal_plans"] = frozenset(values.pop("federal_plan", ()))
    if "condition" in values:
        condition = values.pop("condition")
        values["conditions"] = tuple(condition) if isinstance(condition, list) else (condition,)
    return Situation(**values)


def _verdicts(catalog, case) -> dict:
    situation = _situation(case["situation"])
    coverage = assess(catalog.coverage, situation, DAY, catalog.bundled_sources)
    return {v.program.id: v for v in coverage.verdicts}


@pytest.mark.parametrize("case", CASES)
def test_situation_gets_its_verdict(catalog, case):
    verdicts = _verdicts(catalog, case)
    for program, expected in case["expect"].items():
        got = verdicts[program]
        assert got.verdict == expected, (program, got.reasons)
        rules = case.get("rule", {}).get(program)
        if rules is not None:
            expected_rules = rules if isinstance(rules, list) else [rules]
            assert [r.id for r in got.deciding] == expected_rules, program


@pytest.mark.parametrize("case", CASES)
def test_the_quoted_source_backs_the_first_verdict(catalog, case):
    """The quote justifies the first expected verdict: its rules cite that source."""
    source = case["because"]["source"]
    assert source in catalog.bundled_sources
    program = next(iter(case["expect"]))
    cited = _verdicts(catalog, case)[program].sources
    assert source in cited, (program, cited)


def _normal(text: str) -> str:
    text = text.replace("**", "").replace("’", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text)


def _source_text(source: str) -> str | None:
    """The text a source's facts were read from: its seed, or the shared research notes
    (None when ../shared is not beside the project)."""
    match = re.fullmatch(r"seed-(\d{3})", source)
    if match:
        found = sorted(SEEDS.glob(f"{match.group(1)}_*.txt"))
        return found[0].read_text(encoding="utf-8") if found else None
    return RESEARCH.read_text(encoding="utf-8") if RESEARCH.is_file() else None


def _own_research() -> str:
    """This project's own research notes (research/*.md), written as the pages were read."""
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(OWN_RESEARCH.glob("*.md")))


@pytest.mark.parametrize("case", CASES)
def test_the_quote_is_in_the_source(case):
    because = case["because"]
    quote = _normal(because["quote"])
    if not because["source"].startswith("seed-") and quote in _normal(_own_research()):
        return
    text = _source_text(because["source"])
    if text is None:
        pytest.skip("the source documents (../shared) are not beside the project")
    assert quote in _normal(text)


def test_every_rule_is_decided_by_some_case(catalog):
    """One case per rule path: every rule of every program decides at least one case
    on its own."""
    decided = set()
    for param in CASES:
        case = param.values[0]
        for program, verdict in _verdicts(catalog, case).items():
            if len(verdict.deciding) == 1:
                decided.add((program, verdict.deciding[0].id))
    every = {(p.id, r.id) for p in catalog.coverage.programs.values() for r in p.rules}
    assert every - decided == set()


def test_the_situation_files_are_where_the_tests_look():
    assert len(CASES) >= 30
    assert Path(SITUATIONS).is_dir()
