"""ketacost quote: one scenario as a document to send (markdown here; the HTML page is
checked in a real browser in test_quote_browser.py)."""

from __future__ import annotations

import pytest

from contract import assert_in_order
from ketacost.cli import app

# Seed 003, ATMA CENA: Psycholytic Pathway "from CAD $1,530 initial" + "$740 per
# additional session"; "A non-refundable deposit of CAD $300 applies to all treatment
# programs". 3 sessions: from $1,530 + 2 x $740 = $3,010, no upper price published.
ATMA = ["--clinic", "atma-cena", "--program", "psycholytic-pathway", "-n", "3"]
SITUATION = ["-p", "AB", "--condition", "trd", "--work-injury"]


def run(runner, *args, env=None):
    result = runner.invoke(app, [str(a) for a in args], env=env)
    assert "Traceback" not in result.output, result.output
    return result


def quote_text(runner, *args):
    result = run(runner, "quote", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_markdown_quote_has_every_part_in_order(runner):
    text = quote_text(runner, *ATMA, *SITUATION)
    order = [
        "# Cost estimate: ATMA CENA, Psycholytic Pathway",
        "**Clinic:** ATMA CENA",
        "**Program:** Psycholytic Pathway",
        "**Quote date:** 2026-11-29",
        "**Valid until:** 2026-12-29 (30 days, ketacost's default quote validity)",
        "## Scenario",
        "**Course:** 3 sessions",
        # A document for a patient shows no code or id: names only.
        "**Situation:** Alberta · Treatment-resistant depression",
        "## Line items",
        "| Course | 3 | $3,010.00 | not published |",
        "| **Total** |  | **$3,010.00** | **not published** |",
        "## Deposit",
        "**$300.00, non-refundable; the source does not say whether it counts toward the "
        "price: ask the clinic. Not in the total above.**",
        "## Who may pay",
        "| WCB Alberta | **likely** |",
        "Form C1520",  # WCB's prerequisite (coverage-facts: WCB Alberta)
        "## Out of pocket",
        "**You pay: from $0.00 CAD (no upper price is published)**",
        "## Sources",
        "*Estimate only — not medical or insurance advice.*",
    ]
    assert_in_order(text, order)


def test_a_quote_for_market_prices_says_no_clinic_was_chosen(runner):
    text = quote_text(runner, "-t", "iv", "-n", "6")
    assert "# Cost estimate: IV ketamine infusion" in text
    assert "**Prices:** market ranges from published sources; no clinic chosen" in text
    # Seed 003: the published 6-session IV course, $2,250-$5,400.
    assert "| **Total** |  | **$2,250.00** | **$5,400.00** |" in text
    assert "## Deposit" not in text


def test_the_format_follows_the_output_file_name(runner, tmp_path):
    page = tmp_path / "q.HTML"
    result = run(runner, "quote", "-t", "iv", "-n", "6", "-o", page)
    assert result.exit_code == 0, result.output
    assert page.read_text().startswith("<!DOCTYPE html>")
    assert f"Wrote the quote (html) to {page}" in result.stderr
    md = tmp_path / "q.md"
    run(runner, "quote", "-t", "iv", "-n", "6", "-o", md)
    assert md.read_text().startswith("# Cost estimate")
    forced = tmp_path / "q"  # no extension: -f decides
    run(runner, "quote", "-t", "iv", "-n", "6", "-f", "html", "-o", forced)
    assert forced.read_text().startswith("<!DOCTYPE html>")
    # An extension of another format is refused, not written over with the wrong one.
    result = run(runner, "quote", "-t", "iv", "-n", "6", "-f", "html", "-o", tmp_path / "q.txt")
    assert result.exit_code == 2 and not (tmp_path / "q.txt").exists()


def test_valid_days_and_the_clinics_own_validity(runner, tmp_path):
    text = quote_text(runner, "-t", "iv", "-n", "6", "--valid-days", "14")
    assert "**Valid until:** 2026-12-13 (14 days, as set for this quote)" in text
    clinic = tmp_path / "calm.yaml"
    run(runner, "init-clinic", clinic, "--name", "Calm")
    clinic.write_text(
        clinic.read_text().replace("# quote_valid_days: DAYS", "quote_valid_days: 10")
    )
    own = quote_text(
        runner, "--pricing", clinic, "--clinic", "calm", "--program", "iv-series", "-n", "2"
    )
    assert "**Valid until:** 2026-12-09 (10 days, the clinic's quote validity)" in own
    # The template's prices are not published: the quote says so, and invents nothing.
    assert "| **Total** |  | **not published** | **not published** |" in own


@pytest.mark.parametrize("days", ["0", "366", "-5"])
def test_a_validity_out_of_range_exits_2(runner, days):
    result = run(runner, "quote", "-t", "iv", "-n", "6", "--valid-days", days)
    assert result.exit_code == 2, result.output
    assert f"--valid-days must be between 1 and 365, not {days}" in result.stderr


def test_as_of_shows_the_day_the_prices_hold_for(runner):
    text = quote_text(runner, "-t", "iv", "-n", "6", "--as-of", "2026-06-01")
    assert "**Quote date:** 2026-11-29" in text
    assert "**Prices and rules as of:** 2026-06-01" in text


def test_a_quote_holds_no_patient_identifier_and_leaves_nothing_behind(
    runner, tmp_path, monkeypatch
):
    result = run(runner, "quote", "--help")
    for asked in ("--name", "--patient", "--email", "--phone", "--birth"):
        assert asked not in result.stdout
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.chdir(work)
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    assert run(runner, "quote", *ATMA, *SITUATION, env=env).exit_code == 0
    assert run(runner, "quote", *ATMA, "-o", "q.html", env=env).exit_code == 0
    assert list(home.iterdir()) == []
    written = [p.name for p in work.rglob("*") if p.is_file()]
    assert written == ["q.html"], written


def test_explain_adds_how_each_figure_was_found(runner):
    text = quote_text(runner, *ATMA, "--explain")
    assert "## How each figure was found" in text
    # Seed 003: ATMA CENA's Psycholytic Pathway "from CAD $1,530 initial". A document names
    # the source by its title, not by its id or the data's key path.
    assert "- from $1,530.00 (holds from 2026-05-05; Untitled guide to ketamine therapy" in text
    assert "seed-003" not in text and "clinics.atma-cena" not in text


def test_a_bad_format_exits_2(runner):
    result = run(runner, "quote", "-t", "iv", "-n", "6", "-f", "pdf")
    assert result.exit_code == 2
    assert "--format" in result.stderr


def test_markdown_never_carries_a_clinic_files_markup(runner, tmp_path):
    clinic = tmp_path / "c.yaml"
    run(runner, "init-clinic", clinic, "--name", "<script>alert(1)</script>", "--id", "c")
    text = quote_text(
        runner, "--pricing", clinic, "--clinic", "c", "--program", "iv-series", "-n", "1"
    )
    assert "<script>" not in text
    assert "&lt;script>alert(1)&lt;/script>" in text
    assert "(1 day, as set for this quote)" in quote_text(
        runner, "-t", "iv", "-n", "6", "--valid-days", "1"
    )
