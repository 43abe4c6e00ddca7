"""Private plans by name, and what to do next for each program that may pay.

Expected values come from the carriers' and boards' own pages as recorded in
data/sources.yaml (read 2026-12-01; research/carriers.md and
research/hsa-and-next-steps.md): no carrier page read names Spravato, so every carrier's
Spravato criteria are "not published"; the boards' review and appeal routes are those
their pages give.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from contract import BOARDS, PROVINCES
from ketacost.cli import app
from ketacost.coverage import assess
from ketacost.errors import DataFileError
from ketacost.load.catalog import Catalog
from ketacost.model.situation import SituationRequest, check_situation
from ketacost.render.wording import step_lines

# The carriers' and appeal bodies' pages show no date: they hold from the day they were
# read, 2026-12-01 (the day every test here runs on).
DAY = dt.date(2026, 12, 1)
BUNDLED = Catalog()
RULES = BUNDLED.coverage
SOURCES = BUNDLED.bundled_sources
TRD = {"conditions": ("trd",), "failed_antidepressants": 2}
# What each carrier's own pages publish about asking it for coverage (None: nothing
# found), as research/carriers.md records.
PUBLISHES_HOW_TO_ASK = {
    "canada-life": "Drug Prior Authorization Form",
    "sun-life": "prior authorization program",
    "manulife": "pharmacist can confirm",
    "green-shield": None,
    "desjardins": "Prior Authorization Request",
    "beneva": "exception drugs",
    "ia": "covered with prior authorization",
    "equitable": None,
    "empire": None,
    "rbc": "does not publish its prior authorization drug list",
    "pacific-blue-cross": "PBC Prior Authorization form",
    "saskatchewan-blue-cross": None,
    "manitoba-blue-cross": None,
    "medavie-blue-cross": "Prior Authorization Request",
    "canassurance": None,
}


def coverage(insurance, treatment="spravato", **facts):
    request = SituationRequest(insurance=tuple(insurance), treatment=treatment, **facts)
    situation = check_situation(request, RULES.words)
    return assess(RULES, situation, DAY, SOURCES)


def by_program(found):
    return {v.program.id: v for v in found.verdicts}


def invoke(runner, *args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


# --- Carriers by name --------------------------------------------------------------


def test_every_carrier_the_issue_names_is_known():
    assert set(RULES.carriers) == set(PUBLISHES_HOW_TO_ASK)


@pytest.mark.parametrize("carrier_id", sorted(PUBLISHES_HOW_TO_ASK))
def test_each_carrier_is_a_private_plan_with_what_it_publishes(carrier_id):
    carrier = RULES.carriers[carrier_id]
    found = coverage([carrier.name], **TRD)
    private = by_program(found)["private-insurance"]
    # A carrier's name never makes a verdict better than the general private rule.
    general = by_program(coverage(["private"], **TRD))["private-insurance"]
    assert (private.verdict, private.reasons) == (general.verdict, general.reasons)
    assert private.carriers == (carrier,)
    # No carrier's page read names Spravato: its criteria are not published, said so.
    assert carrier.criteria == {"spravato": None}
    lines = " ".join(step_lines(private))
    assert f"{carrier.name} publishes no criteria for this treatment" in lines
    said = PUBLISHES_HOW_TO_ASK[carrier_id]
    if said is None:
        assert carrier.ask is None and f"How to ask {carrier.name} is not published" in lines
    else:
        assert said in carrier.ask and said in lines
        assert carrier.sources and all(s in SOURCES for s in carrier.sources)
    # Its sources are cited with the coverage.
    assert set(carrier.sources) <= {s.id for s in found.sources}


@pytest.mark.parametrize(
    "written, carrier_id",
    [
        ("Great-West Life", "canada-life"),
        ("green shield canada", "green-shield"),
        ("SSQ", "beneva"),
        ("Croix Bleue du Québec", "canassurance"),
        ("iA Groupe financier", "ia"),
    ],
)
def test_a_carrier_is_read_by_its_other_names(written, carrier_id):
    situation = check_situation(SituationRequest(insurance=(written,)), RULES.words)
    assert situation.insurance == {"private"} and situation.carriers == (carrier_id,)


@pytest.mark.parametrize("treatment", ["iv", "im", "kap", "sublingual", "spravato", None])
def test_a_carrier_never_changes_any_verdict(treatment):
    general = by_program(coverage(["private"], treatment=treatment, province="ON", **TRD))
    for carrier in RULES.carriers.values():
        named = by_program(coverage([carrier.name], treatment=treatment, province="ON", **TRD))
        assert {p: v.verdict for p, v in named.items()} == {
            p: v.verdict for p, v in general.items()
        }


def test_a_carrier_is_said_only_where_private_insurance_may_pay():
    # IV ketamine: private insurers "generally do not cover off-label IV/IM ketamine".
    private = by_program(coverage(["Sun Life"], treatment="iv", **TRD))["private-insurance"]
    assert private.verdict == "unlikely" and private.carriers == () and step_lines(private) == []


def test_an_unknown_insurer_is_a_private_plan_and_said_back(runner):
    result = invoke(
        runner, "coverage", "--insurance", "Acme Mutual", "-t", "kap", "--as-of", DAY, "-f", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["situation"]["insurance"] == ["private"]
    assert data["situation"]["carriers"] == []
    assert any("'Acme Mutual' is read as private health insurance" in w for w in data["warnings"])


def test_json_names_the_carrier_and_what_it_publishes(runner):
    result = invoke(
        runner, "coverage", "-p", "ON", "--insurance", "Canada Life", "-t", "spravato",
        "--condition", "trd", "--failed-antidepressants", "2", "--as-of", DAY, "-f", "json",
    )  # fmt: skip
    data = json.loads(result.stdout)
    assert data["situation"]["carriers"] == ["canada-life"]
    private = next(v for v in data["coverage"] if v["program"] == "private-insurance")
    step = private["next_step"]
    carrier = step["carriers"][0]
    assert (carrier["id"], carrier["criteria"]) == ("canada-life", {"spravato": None})
    assert "1-844-222-2264" in carrier["refused"]  # Canada Life's Complaints Office
    assert "OmbudService for Life & Health Insurance" in step["appeal"]
    assert "olhi-complaints" in step["sources"]


# --- What to do next ------------------------------------------------------------------


def test_every_board_says_what_to_do_and_where_to_appeal_with_sources():
    for province in PROVINCES:
        got = by_program(coverage([], treatment="iv", province=province, work_injury=True, **TRD))
        board = got[BOARDS[province]]
        if not board.may_pay:
            continue
        step = board.next_step
        assert step is not None, province
        assert step.file and step.appeal and step.sources, province
        assert all(s in SOURCES for s in step.sources)


def test_wcb_alberta_names_its_form_and_its_two_levels_of_appeal():
    step = by_program(coverage([], treatment="iv", province="AB", work_injury=True, **TRD))[
        "wcb-alberta"
    ].next_step
    # wcb-ab-ketamine: Form C1520 from a treating specialist; wcb-ab-review-workers: a
    # review within one year; ab-appeals-commission-before: the Appeals Commission.
    assert "Form C1520" in step.file and "treating specialist" in step.file
    assert "Dispute Resolution and Decision Review Body within one year" in step.appeal
    assert "Appeals Commission" in step.appeal


def test_wsib_names_the_forms_and_the_tribunal():
    step = by_program(coverage([], treatment="iv", province="ON", work_injury=True, **TRD))[
        "wsib-ontario"
    ].next_step
    assert "Form 8" in step.file
    assert "within six months" in step.appeal and "WSIAT" in step.appeal


def test_vac_never_sends_a_refused_treatment_to_the_appeal_board():
    step = by_program(coverage([], treatment="iv", veteran=True, **TRD))["vac"].next_step
    # The Board hears disability benefit decisions (vrab-faq), not treatment ones.
    assert "pre-authorization" in step.file
    assert "not published" in step.appeal and "disability benefit decisions" in step.appeal


def test_the_answer_says_what_to_do_for_each_program_that_may_pay(runner):
    text = invoke(
        runner, "estimate", "-t", "iv", "--plan", "iv-standard", "-p", "AB", "--condition",
        "trd", "--work-injury", "--veteran", "--as-of", DAY,
    ).stdout  # fmt: skip
    answer = " ".join(text.split("Phase ")[0].split())
    assert (
        "Most likely to pay: WCB Alberta (likely). First step: Prior authorization from WCB "
        "Alberta. What to do: Your treating specialist" in answer
    )
    assert "If it is refused: Call the decision-maker first" in answer
    assert "Also may pay: Veterans Affairs Canada (possible). First step:" in answer
    assert "What to do: Your provider asks Veterans Affairs Canada" in answer


# --- The data file's faults ----------------------------------------------------------


def _with(text: str, old: str, new: str):
    from ketacost.load.coverage import parse_coverage
    from ketacost.load.yamldoc import parse

    assert old in text
    return parse_coverage(parse(text.replace(old, new, 1), "coverage.yaml"), SOURCES)


COVERAGE_TEXT = (BUNDLED.data_dir / "coverage.yaml").read_text(encoding="utf-8")


def test_a_next_step_asking_about_a_fact_no_rule_asks_about_is_refused():
    old = "    next_steps:\n      - file: >-\n          Your treating specialist"
    new = (
        "    next_steps:\n      - when: {veteran: true}\n        file: x\n        appeal: y\n"
        "        source: wcb-ab-ketamine\n        since: 2026-12-01\n"
        "      - file: >-\n          Your treating specialist"
    )
    with pytest.raises(DataFileError, match="asks about veteran"):
        _with(COVERAGE_TEXT, old, new)


def test_a_carrier_that_publishes_something_needs_its_source():
    old = "    source: [rbc-pa-popup]\n"
    with pytest.raises(DataFileError, match="needs the `source`"):
        _with(COVERAGE_TEXT, old, "")


@pytest.mark.parametrize(
    "written, said",
    [
        ("none", "says you have no insurance: leave --insurance out"),
        ("aucune", "says you have no insurance"),
        ("Trillium", "names a provincial health plan"),
        ("OHIP+", "names a provincial health plan"),
        ("WSIB", "names a workers' compensation board"),
        ("Croix Bleue", "could be more than one insurance"),
        ("Acme", "unknown insurance 'Acme'"),
    ],
)
def test_words_that_are_not_an_insurers_name_are_asked_about(runner, written, said):
    # Never read as a private plan: that would make Spravato "likely" for someone with none.
    result = invoke(runner, "coverage", "-t", "spravato", "--insurance", written)
    assert result.exit_code == 2
    assert said in " ".join(result.stderr.split())


def test_another_insurers_name_is_a_private_plan():
    situation = check_situation(SituationRequest(insurance=("Acme Mutual Life",)), RULES.words)
    assert situation.insurance == {"private"}
