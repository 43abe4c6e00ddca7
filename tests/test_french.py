"""French (fr-CA): the catalog is complete and kept with the code, every command writes
French with nothing of ketacost's own left in English, money and dates as Canadian French
writes them, JSON keys and ids unchanged, and English start-up pays nothing for it.

The expected money formats are Babel's for fr_CA (CLDR): "2 250,00 $", with no-break
spaces; dates "29 novembre 2026".
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ketacost import i18n
from ketacost.cli import app
from ketacost.load.catalog import DATA_FILES, SOURCES_FILE, bundled_data_dir
from ketacost.load.translate import untranslated

PO = i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / "ketacost.po"
PACKAGE = Path(i18n.__file__).parent
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def plain(text: str) -> str:
    """Text as compared: no-break spaces as spaces, lines joined (a table wraps)."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.fixture(scope="module")
def catalog():
    from babel.messages.pofile import read_po

    with PO.open("rb") as f:
        return read_po(f, locale="fr_CA")


def invoke(runner, *args, env=None):
    result = runner.invoke(app, ["--lang", "fr", *map(str, args)], env=env)
    assert "Traceback" not in result.output, result.output
    return result


# --- The catalog ------------------------------------------------------------------------


def test_every_message_has_its_french_translation(catalog):
    missing = [m.id for m in catalog if m.id and not m.string]
    assert missing == [], f"{len(missing)} messages without French: {missing[:5]}"


def test_every_message_the_code_marks_is_in_the_catalog(catalog):
    from babel.messages.extract import extract_from_file

    known = {m.id for m in catalog if m.id}
    marked = set()
    for path in PACKAGE.rglob("*.py"):
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords={"_": None, "N_": None}
        ):
            if message:
                marked.add(message)
    assert marked - known == set(), "run: python tools/i18n.py extract (then translate)"


def test_every_data_text_has_its_french_translation():
    files = tuple(name for name in DATA_FILES if name != SOURCES_FILE)
    missing = untranslated(bundled_data_dir(), files, i18n.lookup(i18n.FRENCH))
    assert missing == [], missing[:5]


def test_translations_keep_every_placeholder(catalog):
    changed = [
        m.id
        for m in catalog
        if m.id
        and m.string
        and sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string))
    ]
    assert changed == []


def test_the_compiled_catalog_is_the_po(catalog):
    import gettext

    with (PO.with_suffix(".mo")).open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    stale = [m.id for m in catalog if m.id and m.string and compiled.gettext(m.id) != m.string]
    assert stale == [], "run: python tools/i18n.py compile"


# --- Every command in French ----------------------------------------------------------


def english_phrases(catalog) -> list[str]:
    """ketacost's own English, as it would show if a message were left untranslated: each
    message's words between placeholders, 20 characters or more, where French differs."""
    phrases = set()
    for m in catalog:
        if not m.id or not m.string or m.id == m.string:
            continue
        for piece in PLACEHOLDER.split(m.id):
            piece = plain(piece).strip(" .,:;()")
            # Four words or more: not a name (Prince Edward Island, Veterans Affairs
            # Canada), which French keeps where it is a program's or a source's own.
            if len(piece.split()) >= 4 and piece not in plain(m.string):
                phrases.add(piece)
    return sorted(phrases, key=len, reverse=True)


SITUATION = ["-p", "QC", "--condition", "trd", "--failed-antidepressants", "2"]
COMMANDS = [
    ["estimate", "-t", "iv", "-n", "6", "-p", "QC", "--condition", "trd"],
    ["estimate", "-t", "spravato", "--plan", "spravato", *SITUATION, "--insurance", "Sun Life",
     "--hsa", "1500", "--net-income", "60000", "--tax-year", "2025", "--explain"],
    ["estimate", "-t", "iv", "-n", "6", "-p", "AB", "--condition", "chronic-pain",
     "--work-injury", "--veteran", "-f", "markdown", "--as-of", "2026-12-01"],
    ["compare", *SITUATION, "--insurance", "private", "--net-income", "60000"],
    ["compare", "-n", "6", "-f", "markdown"],
    ["coverage", *SITUATION, "--insurance", "Canada Life", "-t", "spravato"],
    ["coverage", "-p", "ON", "--work-injury", "-f", "markdown"],
    ["quote", "-t", "kap", "-n", "6", *SITUATION, "--hsa", "500"],
    ["quote", "--clinic", "atma-cena", "--program", "psycholytic-pathway", "-n", "3", "-p",
     "AB", "--condition", "trd", "--work-injury", "-f", "html"],
    ["treatments"],
    ["plans"],
    ["estimate", "--help"],
    ["compare", "--help"],
    ["coverage", "--help"],
    ["quote", "--help"],
    ["batch", "--help"],
    ["guide", "--help"],
    ["validate", "--help"],
    ["--help"],
]  # fmt: skip


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:3]))
def test_every_command_says_nothing_of_its_own_in_english(runner, catalog, args):
    result = invoke(runner, *args)
    assert result.exit_code == 0, result.output
    shown = plain(html.unescape(re.sub(r"<[^>]+>", " ", result.stdout)))
    # Quotations of sources stay in their language, marked by quotation marks.
    shown = re.sub(r'"[^"]*"', " ", shown)
    left = [phrase for phrase in english_phrases(catalog) if phrase in shown]
    assert left == [], left[:5]


def test_the_issue_example_reads_in_french_with_french_money(runner):
    result = invoke(runner, "estimate", "-t", "iv", "-n", "6", "-p", "QC", "--condition", "trd")
    assert result.exit_code == 0, result.output
    shown = plain(result.stdout)
    # Seed 003: IV, published 6-session course $2,250-$5,400.
    assert "2 250,00 $" in shown and "5 400,00 $" in shown
    assert "Votre réponse" in shown and "Your answer" not in shown
    assert "Perfusion de kétamine IV" in shown
    assert "Québec" in shown


def test_dates_are_written_the_french_way(runner):
    result = invoke(runner, "quote", "-t", "iv", "-n", "6")
    assert "29 novembre 2026" in plain(result.stdout)  # DAY, the day the tests run on


def test_errors_are_in_french(runner):
    result = invoke(runner, "estimate", "-t", "iv", "-n", "6", "-p", "XX")
    assert result.exit_code == 2
    assert "ketacost : erreur" in plain(result.stderr) or "erreur" in plain(result.stderr)
    assert "Valid provinces" not in result.stderr


def test_json_keys_and_ids_do_not_change_with_the_language(runner):
    args = ["estimate", "-t", "iv", "-n", "6", *SITUATION, "--work-injury", "-f", "json"]
    english = json.loads(runner.invoke(app, ["--lang", "en", *args]).stdout)
    french = json.loads(invoke(runner, *args).stdout)
    assert (english["lang"], french["lang"]) == ("en", "fr")

    def keys(value):
        if isinstance(value, dict):
            return {k: keys(v) for k, v in value.items()}
        if isinstance(value, list):
            return [keys(v) for v in value]
        return None

    assert keys(english) == keys(french)
    for field in ("treatment", "total", "out_of_pocket", "situation"):
        assert english[field] == french[field]
    assert [v["verdict"] for v in english["coverage"]] == [v["verdict"] for v in french["coverage"]]
    # Text fields are in French.
    assert english["disclaimer"] != french["disclaimer"]


def test_lang_after_the_command_and_from_the_environment(runner):
    args = ["estimate", "-t", "iv", "-n", "6", "-f", "json"]
    after = runner.invoke(app, [*args, "--lang", "fr"])
    assert json.loads(after.stdout)["lang"] == "fr"
    for env in ({"KETACOST_LANG": "fr"}, {"KETACOST_LANG": "", "LANG": "fr_CA.UTF-8"}):
        got = runner.invoke(app, args, env=env)
        assert json.loads(got.stdout)["lang"] == "fr", env
    # The first locale variable set decides, as for gettext: LC_ALL=C is English.
    both = {"KETACOST_LANG": "", "LC_ALL": "C.UTF-8", "LANG": "fr_CA.UTF-8"}
    assert json.loads(runner.invoke(app, args, env=both).stdout)["lang"] == "en"
    # --lang wins over the environment.
    forced = runner.invoke(app, ["--lang", "en", *args], env={"KETACOST_LANG": "fr"})
    assert json.loads(forced.stdout)["lang"] == "en"


def test_an_unknown_language_exits_2(runner):
    result = runner.invoke(app, ["--lang", "de", "treatments"])
    assert result.exit_code == 2
    assert "fr or en" in result.stderr


def test_batch_reads_oui_and_non(runner, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "treatment,sessions,province,condition,work_injury,veteran\n"
        "iv,6,Québec,trd,oui,non\niv,6,quebec,trd,o,n\n",
        encoding="utf-8",
    )
    result = invoke(runner, "batch", rows)
    assert result.exit_code == 0, result.output
    import csv
    import io

    first, second = csv.DictReader(io.StringIO(result.stdout))
    assert first["province"] == second["province"] == "QC"
    assert first["work_injury"] == second["work_injury"] == "yes"
    assert first["cnesst"] == second["cnesst"] != "not-eligible"


# --- English pays nothing -------------------------------------------------------------


def test_english_imports_no_babel_and_reads_no_catalog(tmp_path):
    # (Click itself imports gettext for its own words; ketacost's catalog is not read.)
    code = (
        "import sys; from ketacost.cli import main; from ketacost import i18n\n"
        "sys.argv = ['ketacost', 'estimate', '-t', 'iv', '-n', '6', '-f', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('BABEL', sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))\n"
        "print('CATALOGS', sorted(i18n._catalogs))"
    )
    env = {**os.environ, "KETACOST_LANG": "en", "KETACOST_CACHE": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "BABEL []" in done.stdout and "CATALOGS []" in done.stdout, done.stderr[-300:]


def test_french_and_english_snapshots_are_kept_apart(tmp_path):
    from ketacost.load.catalog import Catalog

    env_before = os.environ.get("KETACOST_CACHE")
    os.environ["KETACOST_CACHE"] = str(tmp_path)
    try:
        english = Catalog(language="en").coverage.programs["private-insurance"].label
        french = Catalog(language="fr").coverage.programs["private-insurance"].label
        again = Catalog(language="en").coverage.programs["private-insurance"].label
    finally:
        if env_before is None:
            del os.environ["KETACOST_CACHE"]
        else:
            os.environ["KETACOST_CACHE"] = env_before
    assert (english, french, again) == (
        "Private insurance",
        "Assurance privée",
        "Private insurance",
    )


def test_the_language_of_one_run_never_carries_to_the_next(runner):
    assert invoke(runner, "treatments").exit_code == 0
    result = runner.invoke(app, ["estimate", "--bogus"])
    assert result.exit_code == 2
    assert "No such option" in result.stderr or "no such option" in result.stderr.lower()
    assert i18n.current() == i18n.ENGLISH


def test_french_reads_an_amount_the_french_way(runner):
    args = ["estimate", "-t", "iv", "-n", "6", "-p", "ON", "--tax-year", "2025", "-f", "json"]
    french = invoke(runner, *args, "--net-income", "60 000,50")
    assert json.loads(french.stdout)["tax"]["net_income"] == "60000.50"
    # In English a decimal comma is refused: 60,5 is more likely 60,500 mistyped.
    english = runner.invoke(app, [*args, "--net-income", "60,5"])
    assert english.exit_code == 2


def test_the_first_of_the_month_is_an_ordinal_in_french():
    import datetime as dt

    from ketacost.words import format_day

    i18n.set_language(i18n.FRENCH)
    assert format_day(dt.date(2027, 1, 1)) == "1er janvier 2027"
    assert format_day(dt.date(2026, 11, 29)) == "29 novembre 2026"
