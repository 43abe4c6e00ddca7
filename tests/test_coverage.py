"""The coverage engine: verdicts, reasons, what would change them, the out-of-pocket
range, and the rules file's checks. Expected values are worked out by hand from
data/coverage.yaml and the seed price table, not copied from output."""

from __future__ import annotations

from decimal import Decimal

import pytest

from contract import CONDITIONS, DATA, DAY, INSURANCE, PROGRAMS, PROVINCES, estimate_bundled
from ketacost.cli.names import FLAGS
from ketacost.course import CourseRequest
from ketacost.coverage import assess
from ketacost.errors import DataFileError, RequestError, UnknownChoiceError
from ketacost.load import yamldoc
from ketacost.load.coverage import parse_coverage
from ketacost.model.situation import Situation, SituationRequest, check_situation
from ketacost.words import depends_text, suggestion_text


def verdicts(catalog, **facts):
    facts["insurance"] = frozenset(facts.get("insurance", ()))
    if "condition" in facts:
        facts["conditions"] = (facts.pop("condition"),)
    coverage = assess(catalog.coverage, Situation(**facts), DAY, catalog.bundled_sources)
    return {v.program.id: v for v in coverage.verdicts}


def priced(catalog, treatment, sessions, **situation):
    if "insurance" in situation:
        situation["insurance"] = tuple(situation["insurance"])
    if "condition" in situation:
        situation["conditions"] = (situation.pop("condition"),)
    request = CourseRequest(treatment=treatment, sessions=sessions)
    return estimate_bundled(catalog, request, DAY, SituationRequest(**situation))


def test_the_program_ids_are_the_contract(catalog):
    assert list(catalog.coverage.programs) == PROGRAMS


def test_the_situation_words_are_the_contract(catalog):
    words = catalog.coverage.words
    assert sorted(words.provinces) == sorted(PROVINCES)
    assert list(words.conditions) == CONDITIONS
    assert list(words.insurance) == INSURANCE


def test_the_rules_know_every_bundled_treatment(catalog):
    assert set(catalog.coverage.words.treatments) == set(catalog.prices.treatments)


def test_every_rule_carries_sources_and_a_date(catalog):
    for program in catalog.coverage.programs.values():
        for rule in program.rules:
            assert rule.sources and rule.since, (program.id, rule.id)
            for source in rule.sources:
                assert catalog.bundled_sources[source].status in ("official", "secondary")


# --- the situation as given ---------------------------------------------------


def test_codes_and_ids_are_read_in_any_case(catalog):
    request = SituationRequest(province=" on", conditions=("TRD",), insurance=("Private",))
    situation = check_situation(request, catalog.coverage.words)
    assert situation.province == "ON"
    assert situation.conditions == ("trd",)
    assert situation.insurance == frozenset({"private"})


@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [
        ("province", "ZZ", "province"),
        ("conditions", ("melancholy",), "condition"),
        ("treatment", "ketamine", "treatment"),
    ],
)
def test_an_unknown_value_lists_the_valid_ones(catalog, field, value, kind):
    with pytest.raises(UnknownChoiceError) as caught:
        check_situation(SituationRequest(**{field: value}), catalog.coverage.words)
    assert caught.value.kind == kind
    given = value[0] if isinstance(value, tuple) else value
    assert f"unknown {kind} '{given}'" in str(caught.value)


def test_an_insurance_that_is_no_name_lists_the_valid_ones(catalog):
    with pytest.raises(UnknownChoiceError, match="Valid insurances: private, alberta-blue-cross"):
        check_situation(SituationRequest(insurance=("12345",)), catalog.coverage.words)


def test_an_insurer_ketacost_does_not_know_is_a_private_plan(catalog):
    # Issue 17: any other name is "a private plan", said back, never an error.
    situation = check_situation(
        SituationRequest(insurance=("Acme Mutual",)), catalog.coverage.words
    )
    assert situation.insurance == {"private"} and situation.carriers == ()
    assert situation.read_as == (("Acme Mutual", "private"),)


@pytest.mark.parametrize("count", [-1, 51])
def test_a_count_out_of_range_is_refused(catalog, count):
    with pytest.raises(RequestError, match="between 0 and 50"):
        check_situation(SituationRequest(failed_antidepressants=count), catalog.coverage.words)


# --- reasons, prerequisites, what would change it ---------------------------------


def test_a_verdict_says_which_facts_met_the_rule(catalog):
    wcb = verdicts(catalog, province="AB", condition="trd", work_injury=True)["wcb-alberta"]
    assert wcb.verdict == "likely"
    # Where the claim is defaults to where the person lives; TRD was stated with no count
    # of failed antidepressants, so the count is taken as given and becomes a prerequisite.
    assert wcb.reasons[-1] == (
        "Your situation: an accepted workers' compensation claim for this condition; "
        "claim in AB; treatment-resistant depression (condition trd; at least 2 failed "
        "antidepressant trials, taken as given (not stated))."
    )
    assert wcb.prerequisites[0].startswith(
        "Treatment-resistant depression means at least two antidepressants"
    )


def test_wcb_lists_its_form_and_who_must_ask(catalog):
    wcb = verdicts(catalog, province="AB", condition="chronic-pain", work_injury=True)[
        "wcb-alberta"
    ]
    needs = " ".join(wcb.prerequisites)
    assert "Form C1520" in needs
    assert "neurologist, psychiatrist, physiatrist or chronic pain specialist" in needs
    # The rule's sources, and the provider page that says approved care is not billed to
    # the worker (its best case).
    assert set(wcb.sources) == {"seed-003", "wcb-ab-ketamine", "wcb-ab-contract"}


def test_with_an_accepted_claim_it_would_be_likely(catalog):
    wcb = verdicts(catalog, province="AB", condition="trd", treatment="iv")["wcb-alberta"]
    assert wcb.verdict == "not-eligible"
    first = wcb.would_change[0]
    assert (first.changes, first.verdict) == ((("work_injury", True),), "likely")
    # The CLI says it with its option; a document for a patient names none.
    assert suggestion_text(first, catalog.coverage.words, FLAGS) == (
        "With an accepted workers' compensation claim for this condition (--work-injury): likely."
    )
    assert suggestion_text(first, catalog.coverage.words) == (
        "With an accepted workers' compensation claim for this condition: likely."
    )


def test_more_failed_antidepressants_would_make_spravato_likely(catalog):
    private = verdicts(
        catalog,
        condition="mdd",
        failed_antidepressants=1,
        insurance={"private"},
        treatment="spravato",
    )["private-insurance"]
    assert private.verdict == "unlikely"
    said = [suggestion_text(s, catalog.coverage.words, FLAGS) for s in private.would_change]
    assert (
        "With 2 or more failed antidepressant trials (--failed-antidepressants 2): likely." in said
    )


def test_a_given_condition_or_province_is_never_suggested_away(catalog):
    for v in verdicts(catalog, province="BC", condition="ptsd", treatment="iv").values():
        for suggestion in v.would_change:
            changed = {fact for fact, _ in suggestion.changes}
            assert not changed & {"conditions", "province", "claim_province"}, suggestion


def test_a_missing_fact_is_named_as_what_decides(catalog):
    wcb = verdicts(catalog, condition="trd", work_injury=True, treatment="iv")["wcb-alberta"]
    assert wcb.verdict == "possible"
    assert wcb.depends_on == ("province",)
    assert wcb.reasons[0].startswith("If claim not in AB: not-eligible.")
    assert wcb.reasons[1].startswith("Otherwise: likely.")
    assert depends_text(wcb.depends_on, FLAGS) == "It depends on what was not given: --province."
    assert depends_text(wcb.depends_on) == (
        "It depends on what was not given: your province or territory."
    )


def test_vac_pays_the_drug_not_the_psychotherapy(catalog):
    vac = verdicts(catalog, condition="trd", veteran=True, treatment="kap")["vac"]
    assert vac.verdict == "possible"
    assert vac.covers.share == "part"
    assert vac.covers.does_not_pay == (
        "psychotherapy delivered in a drug-induced psychedelic state",
    )


def test_alberta_blue_cross_limits_what_it_pays(catalog):
    abc = verdicts(catalog, insurance={"alberta-blue-cross"}, treatment="kap")["alberta-blue-cross"]
    assert abc.covers.share == "part"
    assert "drugs dispensed by the clinic" in abc.covers.does_not_pay
    assert any("per-visit maximum" in text for text in abc.covers.does_not_pay)
    assert any("licensed pharmacy" in text for text in abc.prerequisites)


def test_wsib_lists_esketamine_on_two_formularies_only(catalog):
    wsib = verdicts(
        catalog, province="ON", condition="trd", work_injury=True, treatment="spravato"
    )["wsib-ontario"]
    assert wsib.verdict == "possible"
    assert "22WS (psychotraumatic) or 27WS (serious injury)" in " ".join(wsib.prerequisites)


def test_a_province_brings_its_public_option_note(catalog):
    plan = verdicts(catalog, province="AB", condition="trd")["provincial-plan"]
    assert any("Misericordia and Grey Nuns" in note for note in plan.notes)
    assert "covenant-health-ketamine" in plan.sources
    assert verdicts(catalog, province="MB")["provincial-plan"].notes == ()


def test_explain_lists_every_rule_tried_with_its_date_and_sources(catalog):
    wcb = verdicts(catalog, province="AB", condition="trd", work_injury=True)["wcb-alberta"]
    lines = wcb.explain()
    assert len(lines) == 3
    assert lines[0].startswith("1. rule no-claim (from 2026-05-05; seed-003): when no accepted")
    assert lines[0].endswith(": does not hold")
    assert lines[2].endswith(": holds -> likely")


def test_a_rule_not_yet_in_force_is_skipped(catalog):
    # Alberta Blue Cross's rules hold from March 2024 (the month's last day).
    before = assess(
        catalog.coverage,
        Situation(),
        DAY.replace(year=2024, month=3, day=30),
        catalog.bundled_sources,
    )
    assert "alberta-blue-cross" not in [v.program.id for v in before.verdicts]
    assert "Alberta Blue Cross" in before.left_out
    (left_out,) = [w for w in before.warnings if "left out" in w]
    assert left_out.startswith("No rule in the data holds on 2024-03-30 for ")
    assert "Alberta Blue Cross" in left_out


# --- out of pocket --------------------------------------------------------------


def test_with_nobody_to_pay_out_of_pocket_is_the_total(catalog):
    # Seed 003: IV, 6-session course $2,250-$5,400.
    result = priced(catalog, "iv", 6)
    assert result.out_of_pocket.range == result.total
    assert result.out_of_pocket.paid_by == ()


def test_a_program_paying_whole_sessions_makes_the_best_case_zero(catalog):
    # VAC pays ketamine infusions for service-related TRD; two clinics report it paid in
    # full (seed 000, Braxia), VAC itself publishes no rates. Seed 003: IV, 6-session
    # course $2,250-$5,400.
    result = priced(catalog, "iv", 6, province="NS", condition="trd", veteran=True)
    assert result.out_of_pocket.range.low == Decimal(0)
    assert result.out_of_pocket.range.high == Decimal(5400)
    assert result.out_of_pocket.paid_by == ("vac",)
    assert "rests on two clinics' statements, not on VAC's" in result.out_of_pocket.best_case


def test_approved_board_care_costs_the_worker_nothing(catalog):
    # WCB Alberta, "Contract information": "No part of the cost of any approved medical
    # service should be billed to the worker or employer." The open question is approval.
    result = priced(catalog, "iv", 6, province="AB", condition="trd", work_injury=True)
    assert result.out_of_pocket.range.low == Decimal(0)
    assert result.out_of_pocket.range.high == Decimal(5400)
    assert result.out_of_pocket.paid_by == ("wcb-alberta",)
    assert "No part of the cost of any approved medical service" in (result.out_of_pocket.best_case)
    assert "Whether it approves is the open question" in result.out_of_pocket.best_case


def test_a_board_with_no_no_charge_statement_leaves_the_best_case_not_published(catalog):
    # WCB Manitoba publishes that it "covers many healthcare costs", not that approved
    # care costs the worker nothing: the best case is not published, not $0.
    result = priced(catalog, "iv", 6, province="MB", condition="trd", work_injury=True)
    assert result.out_of_pocket.range.low is None
    assert result.out_of_pocket.best == "not-published"
    assert result.out_of_pocket.best_case.startswith("Best case not published.")


def test_a_program_paying_part_leaves_the_best_case_not_published(catalog):
    # Spravato induction, 8 sessions, $5,000-$7,000 all-in (seed 003); private
    # insurance pays the drug, and no source gives the drug's share.
    result = priced(catalog, "spravato", 8, province="ON", condition="trd", insurance=["private"])
    assert result.out_of_pocket.range.low is None
    assert result.out_of_pocket.range.high == Decimal(7000)
    assert result.out_of_pocket.best == "part"
    assert result.out_of_pocket.best_case.startswith(
        "Best case: more than $0 but less than the whole course; how much is not published."
    )
    assert "at least part of the course: Spravato (the drug), not" in result.out_of_pocket.best_case
    assert "clinic's fees for supervision" in result.out_of_pocket.best_case


def test_an_unlikely_program_does_not_lower_the_best_case(catalog):
    result = priced(catalog, "iv", 6, province="ON", condition="trd", insurance=["private"])
    assert result.coverage and result.out_of_pocket.range == result.total


# --- the rules file ---------------------------------------------------------------

INVALID = DATA / "invalid-coverage"
EXPECTED = {
    "all-without-because.yaml": (
        15,
        "programs.example.rules.0.covers: a program that pays all must say `because` (what "
        "its source says about paying in full) and `source`",
    ),
    "bad-verdict.yaml": (
        13,
        "programs.example.rules.0.verdict: must be one of likely, possible, unlikely, "
        "not-eligible, not 'probable'",
    ),
    "covers-on-unlikely.yaml": (
        19,
        "programs.example.rules.1.covers: a rule with verdict 'unlikely' pays nothing",
    ),
    "duplicate-rule-id.yaml": (18, "programs.example.rules.1.id: rule id 'claim' is used twice"),
    "last-rule-has-when.yaml": (
        18,
        "programs.example.rules.1: the last rule must have no `when`, so that every "
        "situation gets a verdict",
    ),
    "part-without-does-not-pay.yaml": (
        15,
        "programs.example.rules.0.covers: a program that pays part must say what it does not pay",
    ),
    "paying-without-covers.yaml": (
        11,
        "programs.example.rules.0: a rule with verdict 'likely' must say what the program `covers`",
    ),
    "undefined-definition.yaml": (
        12,
        "programs.example.rules.0.when.is: 'trd-ish' is not defined (definitions: none)",
    ),
    "undefined-source.yaml": (
        16,
        "programs.example.rules.0.source: source 'my-notes' is not defined",
    ),
    "undefined-value.yaml": (
        12,
        "programs.example.rules.0.when.condition.0: 'ptsd' is not defined under `situation` "
        "(valid: trd)",
    ),
    "unknown-test.yaml": (12, "programs.example.rules.0.when.age: unknown key (expected one of:"),
    "unquoted-on.yaml": (
        12,
        "programs.example.rules.0.when.province.0: YAML reads ON, YES, NO, Y and N as true "
        'or false: put the code in quotes ("ON")',
    ),
    "until-before-since.yaml": (18, "programs.example.rules.0.until: must be after `since`"),
}


def test_every_invalid_rules_file_has_an_expected_message():
    assert sorted(p.name for p in INVALID.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_invalid_rules_file_says_where_and_what(catalog, name):
    line, message = EXPECTED[name]
    with pytest.raises(DataFileError) as caught:
        parse_coverage(yamldoc.load(INVALID / name), catalog.bundled_sources)
    first = caught.value.problems[0]
    assert first.startswith(f"{INVALID / name}:{line}: {message}"), first


def test_the_valid_base_of_those_files_is_valid(catalog):
    rules = parse_coverage(yamldoc.load(DATA / "valid-coverage.yaml"), catalog.bundled_sources)
    assert list(rules.programs) == ["example"]


def test_every_faulty_rule_is_reported_in_one_run(catalog):
    with pytest.raises(DataFileError) as caught:
        parse_coverage(yamldoc.load(INVALID / "undefined-source.yaml"), catalog.bundled_sources)
    assert len(caught.value.problems) == 2


def test_a_rule_an_earlier_one_always_pre_empts_is_not_offered_as_an_outcome(catalog):
    # IV for a veteran, condition not given: VAC's "other route" rule could only hold for
    # TRD or chronic pain, and then the infusion rule decides first.
    vac = verdicts(catalog, province="NS", veteran=True, treatment="iv")["vac"]
    assert [rule.id for rule in vac.deciding] == ["drug-treatment", "otherwise"]
    assert not any("not this route" in reason for reason in vac.reasons)
