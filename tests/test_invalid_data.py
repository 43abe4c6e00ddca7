"""Bad data files: one fault per file in tests/data/invalid/, each with the message it
must produce (file, line, key path, fault) and exit code 3, never a traceback."""

from __future__ import annotations

import time

import pytest

from contract import DATA
from ketacost.cli import app

INVALID = DATA / "invalid"

# file name -> (line, what the message must say after "FILE:LINE: ").
EXPECTED = {
    "broken-yaml.yaml": (5, "invalid YAML: did not find expected ',' or '}'"),
    "empty.yaml": (None, "the file is empty"),
    "comments-only.yaml": (None, "the file is empty"),
    "missing-key.yaml": (4, "treatments.iv: missing key 'per_session'"),
    "unknown-key.yaml": (8, "treatments.iv.per_sesion: unknown key (expected one of: "),
    "negative-price.yaml": (10, "treatments.iv.per_session.2026-05-05.low: must be >= 0, not -375"),
    "low-above-high.yaml": (
        10,
        "treatments.iv.per_session.2026-05-05.low: low (1000) is above high (375)",
    ),
    "not-a-date.yaml": (
        9,
        "treatments.iv.per_session.2026-13-01: must be a date written YYYY-MM-DD",
    ),
    "undefined-source.yaml": (
        9,
        "treatments.iv.per_session.2026-05-05.source: source 'my-notes' is not defined",
    ),
    "undefined-treatment.yaml": (
        17,
        "clinics.example.programs.six.treatment: treatment 'ivv' is not defined; did you mean "
        "'iv'? (defined: iv, im, kap, sublingual, spravato, oral, compounded-nasal)",
    ),
    "python-object-tag.yaml": (
        3,
        "YAML tag '!!python/object/apply:os.system' is not allowed",
    ),
    "duplicate-key.yaml": (10, "treatments.iv: duplicate key (first at line 4)"),
    "not-a-number.yaml": (
        9,
        "treatments.iv.per_session.2026-05-05.low: must be an amount in CAD or 'not published'",
    ),
    "wrong-currency.yaml": (2, "currency: must be one of CAD, not 'USD'"),
    "wrong-schema-version.yaml": (1, "schema_version: ketacost reads schema_version 1, not '2'"),
    "top-level-list.yaml": (None, "must be a mapping of keys to values, not a list"),
    "two-ways-to-price.yaml": (
        15,
        "clinics.example.programs.both: price a program with exactly one of",
    ),
    "alias-bomb.yaml": (
        3,
        "the document expands to more than 200,000 values (an alias bomb?); refused",
    ),
    "no-treatments-or-clinics.yaml": (None, "defines no treatments and no clinics"),
    "tab-indent.yaml": (12, "invalid YAML: a tab character; YAML is indented with spaces only"),
    "control-char.yaml": (13, "the character U+0007 is not allowed in a YAML file"),
    "nul-byte.yaml": (6, "the character U+0000 is not allowed in a YAML file"),
    "truncated.yaml": (
        25,
        "clinics.example.programs.six-pack.per_session: must be a mapping of dates "
        "(YYYY-MM-DD) to values, not '2026-09'",
    ),
    "list-for-mapping.yaml": (
        15,
        "treatments.iv.per_session: must be a mapping of dates (YYYY-MM-DD) to values, not a list",
    ),
    "bool-for-number.yaml": (
        16,
        "treatments.iv.per_session.2026-09-01.low: must be an amount in CAD or "
        "'not published', not 'true'",
    ),
    "number-as-exponent.yaml": (
        16,
        "treatments.iv.per_session.2026-09-01.high: write '1e400' out in full "
        "(YAML reads it as text), e.g. 1000",
    ),
    "huge-amount.yaml": (
        16,
        "treatments.iv.per_session.2026-09-01.high: must be at most 100,000,000 (CAD), "
        "not 100000000000000000000000000",
    ),
}


def test_every_invalid_file_has_an_expected_message():
    assert sorted(p.name for p in INVALID.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_names_the_file_the_line_and_the_key_path(runner, name):
    line, message = EXPECTED[name]
    path = INVALID / name
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 3, result.output
    where = f"{path}:{line}: " if line else f"{path}: "
    assert f"{where}{message}" in result.stderr, result.stderr
    assert "valid price file" not in result.stdout
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", ["negative-price.yaml", "python-object-tag.yaml"])
def test_estimate_with_an_invalid_price_file_exits_3(runner, name):
    path = INVALID / name
    result = runner.invoke(app, ["estimate", "-t", "iv", "-n", "6", "--pricing", str(path)])
    assert result.exit_code == 3, result.output
    assert str(path) in result.stderr
    assert result.stdout == ""


def test_a_python_tag_is_never_run(runner, tmp_path, monkeypatch):
    marker = tmp_path / "ran"
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        f"schema_version: 1\ncurrency: CAD\n"
        f"treatments: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 3
    assert not marker.exists()


def test_every_fault_in_a_file_is_reported_in_one_run(runner, tmp_path):
    bad = tmp_path / "two-faults.yaml"
    bad.write_text(
        "schema_version: 1\n"
        "currency: CAD\n"
        "treatments:\n"
        "  iv:\n"
        "    label: IV\n"
        "    description: x\n"
        "    source: seed-003\n"
        "    per_session:\n"
        "      2026-05-05: {low: -1, high: 5, source: seed-003}\n"
        "  im:\n"
        "    label: IM\n"
        "    description: x\n"
        "    source: nowhere\n"
        "    per_session:\n"
        "      2026-05-05: {low: 1, high: 5, source: seed-003}\n"
    )
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 3
    assert f"{bad}:9: treatments.iv.per_session.2026-05-05.low: must be >= 0" in result.stderr
    assert f"{bad}:13: treatments.im.source: source 'nowhere' is not defined" in result.stderr


def test_a_file_that_is_not_utf8_is_refused(runner, tmp_path):
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("schema_version: 1\ncurrency: CAD\n# caf\xe9\n".encode("latin-1"))
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 3
    assert "not UTF-8 text" in result.stderr


def test_the_alias_bomb_is_refused_quickly(runner):
    started = time.perf_counter()
    result = runner.invoke(app, ["validate", str(INVALID / "alias-bomb.yaml")])
    assert result.exit_code == 3
    # Generous bound: expanding it would take minutes and gigabytes.
    assert time.perf_counter() - started < 5


def test_a_very_large_file_is_refused_quickly_before_it_is_parsed(runner, tmp_path):
    from ketacost.load.yamldoc import MAX_FILE_BYTES

    big = tmp_path / "big.yaml"
    minimal = (DATA / "valid-minimal.yaml").read_text()
    big.write_text(minimal + "# padding\n" * (MAX_FILE_BYTES // 10))
    started = time.perf_counter()
    result = runner.invoke(app, ["estimate", "-t", "iv", "-n", "6", "--pricing", str(big)])
    assert result.exit_code == 3, result.output
    assert f"{big}: file is {big.stat().st_size:,} bytes; ketacost reads data files of at " in (
        result.stderr
    )
    assert time.perf_counter() - started < 2
    assert "Traceback" not in result.output


def test_the_minimal_valid_file_validates(runner):
    path = DATA / "valid-minimal.yaml"
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{path}: valid price file.\n"
        "  Defines 1 clinic (example) with 1 program and 1 treatment (iv).\n"
        "  Over the bundled prices it replaces the treatment 'iv'.\n"
        f"  Try: ketacost estimate --pricing {path} --clinic example --program six-pack -n 6\n"
    )


def test_the_bundled_price_file_validates(runner, catalog):
    path = catalog.data_dir / "pricing.yaml"
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "Defines 1 clinic (atma-cena) with 3 programs and 7 treatments" in result.stdout
