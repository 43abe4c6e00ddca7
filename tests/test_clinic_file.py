"""A clinic's own price file: laid over the bundled prices (--pricing, KETACOST_PRICING),
written from a template (init-clinic) and checked (validate)."""

from __future__ import annotations

import json

import pytest

from contract import DATA
from ketacost.cli import app
from ketacost.load.catalog import Catalog

MINIMAL = DATA / "valid-minimal.yaml"

# A clinic file with only its clinic: no currency, no treatments, a note of its own.
CLINIC_ONLY = """\
schema_version: 1
sources:
  calm-prices:
    title: Calm Mind Clinic fee schedule
    url: not given
    date: 2026-10-01
    status: official
notes:
  - text: Our fees include the integration session.
    source: calm-prices
clinics:
  calm-mind:
    name: Calm Mind Clinic
    source: calm-prices
    programs:
      im-series:
        label: IM series
        treatment: im
        per_session:
          2026-10-01: {low: 300, high: 300, source: calm-prices}
"""


def run(runner, *args, env=None):
    result = runner.invoke(app, [str(a) for a in args], env=env)
    assert "Traceback" not in result.output, result.output
    return result


def estimate_json(runner, *args, env=None):
    result = run(runner, "estimate", *args, "-f", "json", env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def clinic_file(tmp_path):
    path = tmp_path / "calm.yaml"
    path.write_text(CLINIC_ONLY)
    return path


# The file's own program, four sessions at $300.
OWN_SERIES = ("--clinic", "calm-mind", "--program", "im-series", "-n", "4")


def test_a_clinic_file_needs_only_its_clinic(runner, clinic_file):
    own = estimate_json(runner, "--pricing", clinic_file, *OWN_SERIES)
    assert own["total"] == {"low": "1200.00", "high": "1200.00"}  # 4 x $300, the file's price
    # The bundled market prices are still there (seed 003: IV course of 6, $2,250-$5,400).
    market = estimate_json(runner, "--pricing", clinic_file, "-t", "iv", "-n", "6")
    assert market["total"] == {"low": "2250.00", "high": "5400.00"}


def test_a_price_files_notes_go_only_with_its_own_prices(runner, clinic_file):
    own = estimate_json(runner, "--pricing", clinic_file, *OWN_SERIES)
    assert own["notes"] == ["Our fees include the integration session."], own["notes"]
    market = estimate_json(runner, "--pricing", clinic_file, "-t", "iv", "-n", "6")
    assert "Our fees include the integration session." not in market["notes"]
    assert any("Preparation" in note for note in market["notes"]), market["notes"]


def test_the_environment_variable_names_the_clinic_file(runner, clinic_file, tmp_path):
    env = {"KETACOST_PRICING": str(clinic_file)}
    args = ("--clinic", "calm-mind", "--program", "im-series", "-n", "2")
    assert estimate_json(runner, *args, env=env)["total"]["low"] == "600.00"
    # --pricing wins over the environment.
    other = estimate_json(
        runner, "--pricing", MINIMAL, "-t", "iv", "-n", "3", env={"KETACOST_PRICING": "nope"}
    )
    assert other["total"] == {"low": "1500.00", "high": "1500.00"}  # 3 x $500 (the file's)
    missing = run(runner, "estimate", "-t", "iv", "-n", "2", env={"KETACOST_PRICING": "nope.yaml"})
    assert missing.exit_code == 2, missing.output
    assert "KETACOST_PRICING: no such file: nope.yaml" in missing.stderr
    # Set but empty: as if not set.
    empty = estimate_json(runner, "-t", "iv", "-n", "6", env={"KETACOST_PRICING": ""})
    assert empty["total"] == {"low": "2250.00", "high": "5400.00"}


def test_a_directory_is_not_a_price_file(runner, tmp_path):
    result = run(runner, "estimate", "-t", "iv", "-n", "2", "--pricing", tmp_path)
    assert result.exit_code == 2, result.output
    assert "directory" in result.stderr
    named = run(runner, "estimate", "-t", "iv", "-n", "2", env={"KETACOST_PRICING": str(tmp_path)})
    assert named.exit_code == 2, named.output
    assert f"KETACOST_PRICING: {tmp_path} is a directory, not a file" in named.stderr


def test_a_clinic_of_the_same_id_replaces_the_bundled_one(runner, tmp_path):
    own = tmp_path / "atma.yaml"
    own.write_text(CLINIC_ONLY.replace("calm-mind:", "atma-cena:"))
    result = run(runner, "estimate", "--pricing", own, "--clinic", "atma-cena", "--program", "x")
    assert result.exit_code == 2
    assert "Valid programs: im-series." in result.stderr, result.stderr
    validated = run(runner, "validate", own)
    assert "Over the bundled prices it replaces the clinic 'atma-cena'." in validated.stdout


def test_validate_a_clinic_file(runner, clinic_file):
    result = run(runner, "validate", clinic_file)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{clinic_file}: valid price file.\n"
        "  Defines 1 clinic (calm-mind) with 1 program.\n"
        f"  Try: ketacost estimate --pricing {clinic_file} --clinic calm-mind "
        "--program im-series -n 6\n"
    )


def test_validate_reports_faults_in_every_clinic_and_program_in_one_run(runner, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        # The first program has two faults: both are reported.
        CLINIC_ONLY.replace("treatment: im", "treatment: imm").replace("low: 300", "low: -300")
        + "  second:\n"
        "    name: Second\n"
        "    source: nowhere\n"
        "    programs:\n"
        "      one:\n"
        "        label: One\n"
        "        treatment: kap\n"
        "        per_session:\n"
        "          2026-10-01: {low: 500, high: 400, source: calm-prices}\n"
    )
    result = run(runner, "validate", bad)
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    assert (
        f"{bad}:20: clinics.calm-mind.programs.im-series.per_session.2026-10-01.low: must be"
        in (result.stderr)
    )
    assert f"{bad}:23: clinics.second.source: source 'nowhere' is not defined" in result.stderr
    assert (
        f"{bad}:29: clinics.second.programs.one.per_session.2026-10-01.low: "
        "low (500) is above high (400)" in result.stderr
    ), result.stderr
    assert (
        f"{bad}:18: clinics.calm-mind.programs.im-series.treatment: treatment 'imm' is not "
        "defined; did you mean 'im'?" in result.stderr
    ), result.stderr


def test_init_clinic_writes_a_template_that_validates_and_estimates(runner, tmp_path):
    path = tmp_path / "mine.yaml"
    result = run(runner, "init-clinic", path, "--name", "Calm Mind Clinic")
    assert result.exit_code == 0, result.output
    assert f"Wrote a price file for Calm Mind Clinic to {path}." in result.stderr
    assert run(runner, "validate", path).exit_code == 0
    made = estimate_json(
        runner,
        "--pricing",
        path,
        "--clinic",
        "calm-mind-clinic",
        "--program",
        "iv-series",
        "-n",
        "6",
    )
    assert made["clinic"] == "calm-mind-clinic"
    # The template invents no price: every figure says "not published" until filled in.
    assert made["total"] == {"low": None, "high": None}, made["total"]


def test_the_template_prices_nothing(tmp_path):
    from ketacost.cli.template import template

    text = template("Any", "any", "any.yaml", __import__("datetime").date(2026, 11, 22), ["iv"])
    live = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert "not published" in "\n".join(live)
    for line in live:
        if "low:" in line:
            assert "low: not published, high: not published" in line, line
    path = tmp_path / "any.yaml"
    path.write_text(text)
    prices = Catalog(pricing=path).clinic_prices
    program = prices.clinics["any"].programs["iv-series"]
    entry = program.pricing.first_session.entries[0]
    assert (entry.value.low, entry.value.high) == (None, None)


@pytest.mark.parametrize("name", ['Clinique "Esprit" Santé', "O'Brien: Mind & Body #1", "a"])
def test_any_clinic_name_reads_back_as_written(runner, tmp_path, name):
    path = tmp_path / "c.yaml"
    result = run(runner, "init-clinic", path, "--name", name, "--id", "c")
    assert result.exit_code == 0, result.output
    assert Catalog(pricing=path).clinic_prices.clinics["c"].name == name


def test_init_clinic_never_overwrites_without_force(runner, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("my precious prices\n")
    refused = run(runner, "init-clinic", path)
    assert refused.exit_code == 2, refused.output
    assert "already exists; ketacost will not overwrite it" in refused.stderr
    assert path.read_text() == "my precious prices\n"
    forced = run(runner, "init-clinic", path, "--force")
    assert forced.exit_code == 0, forced.output
    assert "schema_version: 1" in path.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "!!!"], "cannot make a clinic id from the name '!!!'; give --id"),
        (["--id", "Bad Id"], "--id 'Bad Id' is not an id"),
        (["--name", "two\nlines"], "--name must be one line of printable text"),
    ],
)
def test_init_clinic_bad_values_exit_2(runner, tmp_path, args, message):
    path = tmp_path / "x.yaml"
    result = run(runner, "init-clinic", path, *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not path.exists()


def test_init_clinic_into_a_missing_directory_exits_2(runner, tmp_path):
    result = run(runner, "init-clinic", tmp_path / "nowhere" / "x.yaml")
    assert result.exit_code == 2, result.output
    assert "cannot write" in result.stderr


def test_output_never_replaces_the_price_file_the_environment_names(runner, clinic_file):
    # Named without an extension, so that no format is refused before the file is.
    plain = clinic_file.with_suffix("")
    plain.write_text(clinic_file.read_text())
    before = plain.read_text()
    env = {"KETACOST_PRICING": str(plain)}
    result = run(runner, "quote", "-t", "iv", "-n", "6", "-o", plain, env=env)
    assert result.exit_code == 2, result.output
    assert "is the input file" in result.stderr
    assert plain.read_text() == before


@pytest.mark.parametrize("name", ["Calm\u2028foo: bar", "Calm\u0085x", "tab\there", "x" * 201])
def test_a_name_that_would_break_the_template_is_refused(runner, tmp_path, name):
    path = tmp_path / "x.yaml"
    result = run(runner, "init-clinic", path, "--name", name, "--id", "x")
    assert result.exit_code == 2, result.output
    assert "--name" in result.stderr
    assert not path.exists()


def test_an_accented_name_keeps_its_letters_in_the_id():
    from ketacost.cli.template import clinic_id

    assert clinic_id("Clinique Étoile") == "clinique-etoile"
    assert clinic_id("Calm Mind Clinic") == "calm-mind-clinic"


def test_the_environment_and_the_option_name_the_same_file_to_every_command(runner, clinic_file):
    # `sources` lists only what the data in use cites, however the file was named.
    given = run(runner, "sources", "--pricing", clinic_file, "-f", "json")
    named = run(runner, "sources", "-f", "json", env={"KETACOST_PRICING": str(clinic_file)})
    assert given.exit_code == named.exit_code == 0, named.output
    assert named.stdout == given.stdout
    assert "calm-prices" in given.stdout
