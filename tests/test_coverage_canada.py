"""Coverage across Canada: every province's board, facts that contradict each other,
several conditions, federal plans, and what a course costs the worker once a board
approves it. Expected values come from the boards' own pages as recorded in
data/sources.yaml (read 2026-11-29) and ../shared/research/coverage-facts.md."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from contract import BOARDS, CONDITIONS, DAY, PROVINCES
from ketacost.cli import app
from ketacost.cli.names import FLAGS
from ketacost.coverage import assess
from ketacost.load.catalog import Catalog
from ketacost.model.conditions import AllOf, AnyOf, Named, Not, Presume
from ketacost.model.situation import Situation
from ketacost.words import suggestion_text

BUNDLED = Catalog()
TREATMENTS = list(BUNDLED.coverage.words.treatments)
RANK = {"not-eligible": 0, "unlikely": 1, "possible": 2, "likely": 3}
# Boards that publish a position of their own that names what they do not usually pay
# for: WorkSafeNB ("generally does not recommend ketamine"), WSIB (its formulary
# listing), and no other.
PUBLISHED_LIMITS = {"worksafenb", "wsib-ontario"}


def verdicts(**facts) -> dict:
    situation = Situation(
        **{
            **facts,
            "insurance": frozenset(facts.get("insurance", ())),
            "federal_plans": frozenset(facts.get("federal_plans", ())),
        }
    )
    coverage = assess(BUNDLED.coverage, situation, DAY, BUNDLED.bundled_sources)
    return {v.program.id: v for v in coverage.verdicts}


def invoke(runner, *args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


# --- every board ------------------------------------------------------------------


def test_every_province_and_territory_has_its_board():
    boards = {p.id for p in BUNDLED.coverage.programs.values() if p.group is not None}
    assert boards == set(BOARDS.values())
    assert sorted(BOARDS) == sorted(PROVINCES)


@settings(max_examples=120, deadline=None)
@given(
    province=st.sampled_from(PROVINCES),
    treatment=st.none() | st.sampled_from(TREATMENTS),
    conditions=st.none() | st.lists(st.sampled_from(CONDITIONS), min_size=1, max_size=2).map(tuple),
)
def test_an_accepted_claim_never_gets_a_silent_you_pay_all(province, treatment, conditions):
    """With an accepted claim, the claim's board is likely or possible, or unlikely only
    where the board itself publishes what it does not pay for; never not-eligible."""
    got = verdicts(province=province, work_injury=True, treatment=treatment, conditions=conditions)
    board = got[BOARDS[province]]
    if board.program.id in PUBLISHED_LIMITS:
        assert board.verdict != "not-eligible", board.reasons
    else:
        assert board.may_pay, (board.verdict, board.reasons)


@given(province=st.sampled_from(PROVINCES))
def test_for_every_province_a_claim_makes_some_board_likely_or_possible(province):
    got = verdicts(province=province, work_injury=True)
    assert any(got[board].may_pay for board in set(BOARDS.values())), province


def test_the_board_is_the_one_of_the_claims_province():
    got = verdicts(province="ON", claim_province="BC", conditions=("ptsd",), work_injury=True)
    assert got["worksafebc"].verdict == "possible"
    assert got["wsib-ontario"].verdict == "not-eligible"
    assert got["wsib-ontario"].reasons[0] == (
        "WSIB is Ontario's workers' compensation board, and the claim is not in Ontario."
    )


def test_the_wscc_serves_both_territories():
    for territory in ("NT", "NU"):
        assert verdicts(province=territory, work_injury=True)["wscc"].verdict == "possible"


def test_a_board_with_no_published_rule_says_so_and_what_to_do():
    worksafebc = verdicts(province="BC", conditions=("chronic-pain",), work_injury=True)[
        "worksafebc"
    ]
    assert worksafebc.reasons[0] == (
        "Case by case: WorkSafeBC has published no rule on ketamine. Ask your case manager "
        "before treatment."
    )
    assert "pre-approve some treatments and services" in worksafebc.prerequisites[0]


# --- what a board's approval leaves the worker to pay ---------------------------------


def _out_of_pocket(runner, *args):
    result = invoke(runner, "estimate", "-t", "iv", "-n", "6", *args, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_board_that_says_approved_care_is_free_gives_a_zero_best_case(runner):
    # WorkSafeBC: "You should not have to pay any fees." Seed 003: IV, 6 sessions
    # $2,250-$5,400.
    data = _out_of_pocket(runner, "-p", "BC", "--condition", "chronic-pain", "--work-injury")
    assert data["out_of_pocket"] == {"low": "0.00", "high": "5400.00"}
    assert data["out_of_pocket_basis"]["paid_by"] == ["worksafebc"]
    assert "You should not have to pay any fees." in data["out_of_pocket_basis"]["best_case"]


def test_a_board_with_no_such_statement_leaves_the_best_case_not_published(runner):
    # WSCC: "reimbursement for prescriptions and out-of-pocket expenses", no statement
    # that approved care is free: null, which is not zero.
    data = _out_of_pocket(runner, "-p", "NU", "--condition", "ptsd", "--work-injury")
    assert data["out_of_pocket"] == {"low": None, "high": "5400.00"}
    assert data["out_of_pocket_basis"]["best"] == "not-published"


def test_every_board_paying_all_quotes_its_own_page():
    for program in BUNDLED.coverage.programs.values():
        for rule in program.rules:
            if rule.covers is not None and rule.covers.share == "all":
                assert rule.covers.because and rule.covers.sources, (program.id, rule.id)
                for source in rule.covers.sources:
                    assert BUNDLED.bundled_sources[source].status in ("official", "secondary")


def test_vac_gives_no_zero_best_case_for_a_route_its_note_does_not_name(runner):
    # VAC's 2021 note names infusion, nasal spray and compounded cream; IM is none.
    data = json.loads(
        invoke(
            runner, "estimate", "-t", "im", "-n", "6", "-p", "NS", "--condition", "trd",
            "--veteran", "-f", "json",
        ).stdout
    )  # fmt: skip
    vac = next(v for v in data["coverage"] if v["program"] == "vac")
    assert vac["verdict"] == "possible"
    assert vac["covers"]["share"] == "not-published"
    assert data["out_of_pocket"]["low"] is None


# --- contradictions ---------------------------------------------------------------------


def _uses_trd(test) -> bool:
    if isinstance(test, Named):
        return test.name == "treatment-resistant-depression" or _uses_trd(test.test)
    if isinstance(test, (AllOf, AnyOf)):
        return any(_uses_trd(part) for part in test.parts)
    if isinstance(test, Presume):
        return _uses_trd(test.test)
    return False


def _holds_through_trd(rule) -> bool:
    """Whether the rule asks for treatment-resistant depression (not its absence)."""
    test = rule.when
    return _uses_trd(test) and not isinstance(test, Not)


@settings(max_examples=150, deadline=None)
@given(
    province=st.none() | st.sampled_from(PROVINCES),
    failed=st.integers(0, 1),
    treatment=st.none() | st.sampled_from(TREATMENTS),
    work_injury=st.booleans(),
    veteran=st.booleans(),
    insurance=st.lists(st.sampled_from(["private", "alberta-blue-cross"]), unique=True),
)
def test_a_count_below_two_never_gives_a_likely_that_rests_on_trd(
    province, failed, treatment, work_injury, veteran, insurance
):
    facts = {
        "province": province,
        "failed_antidepressants": failed,
        "treatment": treatment,
        "work_injury": work_injury,
        "veteran": veteran,
        "insurance": insurance,
    }
    as_trd = verdicts(conditions=("trd",), **facts)
    as_mdd = verdicts(conditions=("mdd",), **facts)
    for program, v in as_trd.items():
        if v.verdict == "likely":
            assert not any(_holds_through_trd(rule) for rule in v.deciding), (program, v.reasons)
        # Decided as if TRD were not established: as depression that is not.
        assert v.verdict == as_mdd[program].verdict, program


def test_trd_with_no_failed_antidepressant_is_warned_and_not_likely(runner):
    # The second wrong answer: private insurance said likely while requiring two
    # failed antidepressants.
    args = ["coverage", "-t", "spravato", "-p", "ON", "--condition", "trd"]
    result = invoke(runner, *args, "--failed-antidepressants", "0", "--insurance", "private",
                    "-f", "json")  # fmt: skip
    data = json.loads(result.stdout)
    private = next(v for v in data["coverage"] if v["program"] == "private-insurance")
    assert private["verdict"] == "unlikely"
    assert any(
        w.startswith("Treatment-resistant depression means at least two antidepressants")
        for w in data["warnings"]
    ), data["warnings"]


def test_trd_with_no_count_makes_the_count_a_prerequisite():
    private = verdicts(
        province="ON", conditions=("trd",), insurance={"private"}, treatment="spravato"
    )["private-insurance"]
    assert private.verdict == "likely"
    assert private.prerequisites[0].startswith(
        "Treatment-resistant depression means at least two antidepressants"
    )
    # Given, the count is no longer asked for.
    counted = verdicts(
        province="ON",
        conditions=("trd",),
        failed_antidepressants=3,
        insurance={"private"},
        treatment="spravato",
    )["private-insurance"]
    assert not any(
        p.startswith("Treatment-resistant depression means") for p in counted.prerequisites
    )


def test_a_veteran_with_a_condition_vac_does_not_name_is_warned(runner):
    result = invoke(runner, "coverage", "--veteran", "--condition", "ptsd", "-f", "json")
    data = json.loads(result.stdout)
    assert any("Veterans Affairs Canada's published rule" in w for w in data["warnings"])
    with_trd = invoke(
        runner, "coverage", "--veteran", "--condition", "ptsd", "--condition", "trd", "-f", "json"
    )
    assert not any("Veterans Affairs Canada's published rule" in w for w in json.loads(
        with_trd.stdout)["warnings"])  # fmt: skip


def test_a_claim_province_without_an_accepted_claim_is_warned(runner):
    result = invoke(runner, "coverage", "-p", "ON", "--claim-province", "BC", "-f", "json")
    data = json.loads(result.stdout)
    assert any("not that the claim is accepted" in w for w in data["warnings"])
    assert data["situation"]["claim_province"] == "BC"


# --- several conditions ---------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(
    province=st.none() | st.sampled_from(PROVINCES),
    pair=st.lists(st.sampled_from(CONDITIONS), min_size=2, max_size=2, unique=True),
    treatment=st.none() | st.sampled_from(TREATMENTS),
    work_injury=st.booleans(),
    veteran=st.booleans(),
)
def test_several_conditions_get_each_programs_best(province, pair, treatment, work_injury, veteran):
    facts = {"province": province, "treatment": treatment, "work_injury": work_injury}
    facts["veteran"] = veteran
    both = verdicts(conditions=tuple(pair), **facts)
    alone = [verdicts(conditions=(c,), **facts) for c in pair]
    for program, v in both.items():
        assert RANK[v.verdict] == max(RANK[a[program].verdict] for a in alone), program


def test_several_conditions_are_all_kept_and_the_reason_names_the_one(runner):
    # The fourth wrong answer: --condition ptsd --condition trd kept only trd.
    result = invoke(
        runner, "coverage", "-p", "NS", "--veteran", "-t", "iv",
        "--condition", "ptsd", "--condition", "trd", "-f", "json",
    )  # fmt: skip
    data = json.loads(result.stdout)
    assert data["situation"]["conditions"] == ["ptsd", "trd"]
    vac = next(v for v in data["coverage"] if v["program"] == "vac")
    assert vac["verdict"] == "possible"
    assert vac["condition"] == "trd"
    assert vac["reasons"][0].startswith("For Treatment-resistant depression (trd): VAC covers")


# --- federal plans and public options ---------------------------------------------------


def test_a_federal_plan_gets_a_note_not_a_verdict(runner):
    result = invoke(runner, "coverage", "--federal-plan", "nihb", "-f", "json")
    data = json.loads(result.stdout)
    assert data["situation"]["federal_plans"] == ["nihb"]
    assert any("Exception Drugs Request Form" in note for note in data["notes"])
    assert "nihb-exception-drugs" in {s["id"] for s in data["sources"]}
    assert "nihb" not in {v["program"] for v in data["coverage"]}


def test_an_unknown_federal_plan_lists_the_valid_ones(runner):
    result = invoke(runner, "coverage", "--federal-plan", "oas")
    assert result.exit_code == 2
    assert "Valid federal plans: nihb, caf, rcmp, ifhp." in result.stderr


def test_public_options_are_shown_only_in_their_province():
    assert any("QEII" in n for n in verdicts(province="NS")["provincial-plan"].notes)
    assert not any("QEII" in n for n in verdicts(province="NB")["provincial-plan"].notes)
    edmonton = " ".join(verdicts(province="AB")["provincial-plan"].notes)
    # Covenant Health's article does not say the patient is not charged: nor does ketacost.
    assert "without charge" not in edmonton
    assert "more than 10,000 infusions since 2015" in edmonton


# --- Spravato's sessions after the induction ----------------------------------------------


def test_sessions_after_the_induction_are_labelled_assumed(runner):
    data = json.loads(invoke(runner, "estimate", "--plan", "spravato", "-f", "json").stdout)
    assert [(p["name"], p["assumed"]) for p in data["phases"]] == [
        ("induction", False),
        ("weekly", True),
    ]
    table = invoke(runner, "estimate", "-t", "spravato", "-n", "10").stdout
    assert "then 2 more sessions × $250–$800 per session (assumed:" in " ".join(table.split())
    # Within the induction nothing is assumed.
    short = json.loads(invoke(runner, "estimate", "-t", "spravato", "-n", "6", "-f", "json").stdout)
    assert [p["assumed"] for p in short["phases"]] == [False]


def test_with_several_conditions_what_would_change_counts_each():
    # WorkSafeNB: PTSD is "generally not recommended" (unlikely); TRD stated with one failed
    # antidepressant is not established (unlikely too). Two failed would make the TRD
    # claim "possible": said, for that condition.
    nb = verdicts(
        province="NB",
        conditions=("ptsd", "trd"),
        failed_antidepressants=1,
        work_injury=True,
        treatment="iv",
    )
    assert nb["worksafenb"].verdict == "unlikely"
    said = [
        suggestion_text(s, BUNDLED.coverage.words, FLAGS) for s in nb["worksafenb"].would_change
    ]
    assert (
        "For Treatment-resistant depression (trd): With 2 or more failed antidepressant trials "
        "(--failed-antidepressants 2): possible." in said
    )
    # A program that answers every condition alike names none.
    assert nb["alberta-blue-cross"].reasons[0] == "No Alberta Blue Cross plan was given."
    assert nb["private-insurance"].condition is None


# --- found by review ----------------------------------------------------------------------


def test_batch_keeps_a_count_of_zero(runner, tmp_path):
    # "0 failed antidepressants" is a fact, not a blank: with TRD it is a contradiction,
    # decided as not TRD (private insurance: unlikely, as estimate says).
    path = tmp_path / "in.csv"
    path.write_text(
        "treatment,sessions,province,condition,failed_antidepressants,insurance\n"
        "spravato,8,ON,trd,0,private\n"
    )
    result = invoke(runner, "batch", path, "-f", "jsonl")
    record = json.loads(result.stdout)
    assert record["situation"]["failed_antidepressants"] == 0
    assert record["coverage"]["private-insurance"] == "unlikely"
    assert any("Treatment-resistant depression means" in w for w in record["warnings"])
    # Nobody may pay: the best case is the whole course, said as such.
    assert record["out_of_pocket_best"] == "total"


def test_a_board_whose_last_rule_is_not_yet_in_force_is_left_out_not_guessed():
    # On 2026-06-01 WCB Saskatchewan's policy-based rules hold (POL 18/2016) but its
    # case-by-case rule (pages read 2026-11-29) does not: with the province not given, the
    # data cannot answer, so the board is left out rather than "the claim is not in SK".
    situation = Situation(conditions=("trd",), work_injury=True, treatment="iv")
    day = DAY.replace(month=6, day=1)
    coverage = assess(BUNDLED.coverage, situation, day, BUNDLED.bundled_sources)
    assert "wcb-saskatchewan" not in {v.program.id for v in coverage.verdicts}
    assert "WCB Saskatchewan" in coverage.undecided


def test_boards_left_out_do_not_hide_the_best_case_of_someone_with_no_claim(runner):
    data = _out_of_pocket(runner, "-p", "AB", "--condition", "trd", "--as-of", "2026-06-01")
    assert data["out_of_pocket"] == data["total"]
    assert data["out_of_pocket_basis"]["best"] == "total"
    assert any("left out" in w for w in data["warnings"])


def test_a_zero_best_case_that_hangs_on_the_province_says_so(runner):
    data = _out_of_pocket(runner, "--condition", "ptsd", "--work-injury")
    assert data["out_of_pocket"]["low"] == "0.00"
    assert (
        "It depends on what was not given: --province."
        in (data["out_of_pocket_basis"]["best_case"])
    )


def test_with_several_conditions_the_claim_must_be_for_the_one_that_pays():
    ab = verdicts(province="AB", conditions=("ptsd", "trd"), work_injury=True, treatment="iv")
    wcb = ab["wcb-alberta"]
    assert wcb.verdict == "likely"
    assert wcb.prerequisites[0] == (
        "Your accepted workers' compensation claim must be for Treatment-resistant "
        "depression (trd)."
    )


def test_a_claim_placed_without_a_province(runner):
    result = invoke(runner, "coverage", "--claim-province", "NU", "--work-injury", "-f", "json")
    data = json.loads(result.stdout)
    got = {v["program"]: v["verdict"] for v in data["coverage"]}
    assert got["wscc"] == "possible"
    assert got["wcb-alberta"] == "not-eligible"
    assert data["situation"]["province"] is None


def test_every_situation_option_reaches_every_command(runner, tmp_path):
    flags = [
        "-p", "AB", "--claim-province", "AB", "--condition", "trd", "--condition", "ptsd",
        "--failed-antidepressants", "3", "--work-injury", "--veteran",
        "--insurance", "private", "--federal-plan", "rcmp",
    ]  # fmt: skip
    for command in (
        ["estimate", "-t", "iv", "-n", "6", "-f", "json"],
        ["coverage", "-t", "iv", "-f", "json"],
        ["quote", "-t", "iv", "-n", "6", "-o", tmp_path / "q.md"],
    ):
        result = invoke(runner, *command, *flags)
        assert result.exit_code == 0, (command, result.output)
    data = json.loads(invoke(runner, "coverage", "-t", "iv", "-f", "json", *flags).stdout)
    assert data["situation"]["conditions"] == ["trd", "ptsd"]
    assert data["situation"]["federal_plans"] == ["rcmp"]


def test_assumed_sessions_show_in_compare_and_batch(runner, tmp_path):
    table = invoke(runner, "compare", "--plan", "spravato").stdout
    assert "mixed, assumed" in table
    path = tmp_path / "in.csv"
    path.write_text("treatment,plan\nspravato,spravato\n")
    record = json.loads(invoke(runner, "batch", path, "-f", "jsonl").stdout)
    assert record["assumed"] is True


@settings(max_examples=150, deadline=None)
@given(
    province=st.none() | st.sampled_from(PROVINCES),
    claim=st.none() | st.sampled_from(PROVINCES),
    conditions=st.none() | st.lists(st.sampled_from(CONDITIONS), min_size=1, max_size=3).map(tuple),
    failed=st.none() | st.integers(0, 3),
    work_injury=st.booleans(),
    veteran=st.booleans(),
    insurance=st.lists(st.sampled_from(["private", "alberta-blue-cross"]), unique=True),
    federal=st.lists(st.sampled_from(["nihb", "caf", "rcmp", "ifhp"]), unique=True),
    treatment=st.none() | st.sampled_from(TREATMENTS),
)
def test_what_is_remembered_never_changes_an_answer(
    province, claim, conditions, failed, work_injury, veteran, insurance, federal, treatment
):
    """assess remembers verdicts, contradictions and notes by the facts they ask about:
    answering again with nothing remembered gives the same coverage."""
    from ketacost import coverage as module

    situation = Situation(
        province=province,
        claim_province=claim,
        conditions=conditions,
        failed_antidepressants=failed,
        work_injury=work_injury,
        veteran=veteran,
        insurance=frozenset(insurance),
        federal_plans=frozenset(federal),
        treatment=treatment,
    )
    warm = assess(BUNDLED.coverage, situation, DAY, BUNDLED.bundled_sources)
    module._memo.cache_clear()
    cold = assess(BUNDLED.coverage, situation, DAY, BUNDLED.bundled_sources)
    assert warm.warnings == cold.warnings and warm.notes == cold.notes
    for a, b in zip(warm.verdicts, cold.verdicts, strict=True):
        assert (a.verdict, a.reasons, a.prerequisites, a.covers, a.sources) == (
            b.verdict,
            b.reasons,
            b.prerequisites,
            b.covers,
            b.sources,
        )
        assert a.would_change == b.would_change
