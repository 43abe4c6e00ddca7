"""Values read as people write them: a province by its name in English or French, any
case, with or without accents, dots or hyphens, or a usual short form; a condition or an
insurance by its label; a group insurer's name read as a private plan, and said so; a word
that could mean several values answered with what tells them apart, never guessed."""

from __future__ import annotations

import json

import pytest

from ketacost.cli import app
from ketacost.errors import RequestError, UnknownChoiceError
from ketacost.model.situation import SituationRequest, check_situation


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("Ontario", "ON"),
        ("ontario", "ON"),
        ("ONT", "ON"),
        ("on", "ON"),
        ("Ont.", "ON"),
        ("Québec", "QC"),
        ("quebec", "QC"),
        ("QUÉBEC", "QC"),
        ("qc", "QC"),
        ("Que", "QC"),
        ("Nova Scotia", "NS"),
        ("nova-scotia", "NS"),
        ("Nouvelle-Écosse", "NS"),
        ("B.C.", "BC"),
        ("British Columbia", "BC"),
        ("Colombie-Britannique", "BC"),
        ("Prince Edward Island", "PE"),
        ("P.E.I.", "PE"),
        ("Île-du-Prince-Édouard", "PE"),
        ("Newfoundland and Labrador", "NL"),
        ("Nfld", "NL"),
        ("Terre-Neuve-et-Labrador", "NL"),
        ("Northwest Territories", "NT"),
        ("N.W.T.", "NT"),
        ("Territoires du Nord-Ouest", "NT"),
        ("Nunavut", "NU"),
        ("Yukon", "YT"),
        ("Alta", "AB"),
        ("Sask.", "SK"),
        ("Man", "MB"),
        ("New Brunswick", "NB"),
        ("Nouveau-Brunswick", "NB"),
    ],
)
def test_a_province_by_any_of_its_names(catalog, given, code):
    words = catalog.coverage.words
    assert check_situation(SituationRequest(province=given), words).province == code
    assert check_situation(SituationRequest(claim_province=given), words).claim_province == code


@pytest.mark.parametrize("given", ["A\nB", "Atlantis", "Ontari0", "O\tN"])
def test_what_is_no_province_is_refused(catalog, given):
    with pytest.raises(UnknownChoiceError):
        check_situation(SituationRequest(province=given), catalog.coverage.words)


@pytest.mark.parametrize(
    ("given", "condition"),
    [
        ("PTSD", "ptsd"),
        ("Chronic pain", "chronic-pain"),
        ("chronic_pain", "chronic-pain"),
        ("Treatment-resistant depression", "trd"),
        ("Major depressive disorder", "mdd"),
    ],
)
def test_a_condition_by_its_label(catalog, given, condition):
    situation = check_situation(SituationRequest(conditions=(given,)), catalog.coverage.words)
    assert situation.conditions == (condition,)


def test_depression_is_answered_with_what_tells_mdd_and_trd_apart(runner):
    result = runner.invoke(app, ["coverage", "--condition", "depression"])
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert "'depression' could be more than one condition" in message
    assert "mdd is major depressive disorder" in message
    assert "at least two antidepressants" in message
    assert "Give --condition mdd or --condition trd." in message
    assert "bipolar-depression?" not in message  # no longer the closest guess


@pytest.mark.parametrize(
    "insurer",
    [
        "Sun Life",
        "sunlife",
        "Canada Life",
        "Manulife",
        "Green Shield",
        "Desjardins",
        "Beneva",
        "Pacific Blue Cross",
    ],
)
def test_a_group_insurer_is_read_as_a_private_plan_and_said_so(runner, insurer):
    result = runner.invoke(app, ["coverage", "--insurance", insurer, "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["situation"]["insurance"] == ["private"]
    assert any(f"'{insurer}' is read as private health insurance" in w for w in data["warnings"])


def test_blue_cross_alone_is_asked_about(catalog):
    with pytest.raises(RequestError, match="Alberta Blue Cross has rules of its own"):
        check_situation(SituationRequest(insurance=("Blue Cross",)), catalog.coverage.words)
    words = catalog.coverage.words
    plan = check_situation(SituationRequest(insurance=("Alberta Blue Cross",)), words)
    assert plan.insurance == frozenset({"alberta-blue-cross"}) and plan.read_as == ()


def test_a_batch_reads_names_too(runner, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("treatment,sessions,province,insurance\niv,6,Québec,Sun Life\n")
    result = runner.invoke(app, ["batch", str(path), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["situation"]["province"] == "QC"
    assert record["situation"]["insurance"] == ["private"]
    assert any("read as private" in w for w in record["warnings"])


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("Î.-P.-É.", "PE"),
        ("C.-B.", "BC"),
        ("N.-É.", "NS"),
        ("TNO", "NT"),
        ("PQ", "QC"),
        ("Newfoundland", "NL"),
        ("T.-N.-L.", "NL"),
        ("N.-B.", "NB"),
    ],
)
def test_french_short_forms(catalog, given, code):
    assert (
        check_situation(SituationRequest(province=given), catalog.coverage.words).province == code
    )


def test_a_label_is_not_said_back_as_an_insurer(catalog):
    words = catalog.coverage.words
    plan = check_situation(SituationRequest(insurance=("Alberta Blue Cross plan",)), words)
    assert plan.insurance == frozenset({"alberta-blue-cross"}) and plan.read_as == ()
    with pytest.raises(UnknownChoiceError):  # could be a provincial plan: not guessed
        check_situation(SituationRequest(insurance=("health insurance",)), words)


def test_a_mistyped_province_name_gets_a_suggestion(runner):
    result = runner.invoke(app, ["estimate", "-t", "iv", "-n", "6", "-p", "Ontrio"])
    assert result.exit_code == 2
    assert "Did you mean ON (Ontario)?" in result.stderr
