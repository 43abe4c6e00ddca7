"""The HTML quote in a real browser: headless Chromium (Debian's `chromium`, which
.ci/run installs) shows every part, fetches nothing, and fits a phone, a desktop and
a printed page without sideways scrolling.

Skipped where Chromium or Playwright is missing, unless KETACOST_REQUIRE_BROWSER=1
(set by .ci/run), where that is a failure.
"""

from __future__ import annotations

import os
import shutil

import pytest

from contract import assert_in_order
from ketacost.cli import app
from runner import ScriptRunner

REQUIRED = os.environ.get("KETACOST_REQUIRE_BROWSER") == "1"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Seed 003, ATMA CENA: 3 sessions of the Psycholytic Pathway from $1,530 + 2 x $740.
ARGS = [
    "--clinic", "atma-cena", "--program", "psycholytic-pathway", "-n", "3",
    "-p", "AB", "--condition", "trd", "--work-injury",
]  # fmt: skip


def _unavailable(reason: str):
    if REQUIRED:
        pytest.fail(f"{reason} (KETACOST_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    executable = os.environ.get("KETACOST_CHROMIUM") or shutil.which("chromium")
    if executable is None:
        _unavailable("Chromium is not installed (Debian: apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def quote_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("quote") / "quote.html"
    result = ScriptRunner().invoke(app, ["quote", *ARGS, "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def open_page(browser, path, width, media="screen"):
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.emulate_media(media=media)
    page.goto(path.as_uri())
    return page, requests


def test_the_page_shows_every_part_of_the_quote_in_order(browser, quote_page):
    page, requests = open_page(browser, quote_page, 1280)
    assert page.title() == "Cost estimate: ATMA CENA, Psycholytic Pathway"
    shown = page.inner_text("body")
    order = [
        "Cost estimate: ATMA CENA, Psycholytic Pathway",
        "Clinic\nATMA CENA",
        "Quote date\n2026-",
        "Valid until\n",
        "Scenario",
        "3 sessions",
        "Line items",
        "$3,010.00",
        "Deposit",
        "$300.00, non-refundable; the source does not say whether it counts toward the price",
        "Who may pay",
        "WCB Alberta\tlikely",
        "Form C1520",
        "Out of pocket",
        "You pay: from $0.00 CAD (no upper price is published)",
        "Sources",
        "Estimate only — not medical or insurance advice.",
    ]
    assert_in_order(shown, order)
    # Standalone: the page fetched nothing but itself.
    assert [url for url in requests if not url.startswith("file:")] == []
    page.close()


@pytest.mark.parametrize(
    ("width", "media"), [(360, "screen"), (768, "screen"), (1280, "screen"), (794, "print")]
)
def test_the_page_never_scrolls_sideways(browser, quote_page, width, media):
    page, _ = open_page(browser, quote_page, width, media)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{scroll}px wide in a {width}px {media} window"
    # Nothing drawn past the right edge either.
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('body *')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= width, widest
    page.close()


def test_program_names_are_not_broken_mid_word_on_a_desktop(browser, quote_page):
    page, _ = open_page(browser, quote_page, 1024)
    lines = page.evaluate(
        """[...document.querySelectorAll('table.wide tbody tr td:first-child')].map(td => {
            const range = document.createRange();
            range.selectNodeContents(td);
            const style = getComputedStyle(td);
            return Math.round(range.getBoundingClientRect().height
                              / parseFloat(style.lineHeight));
        })"""
    )
    assert lines and max(lines) <= 3, lines
    page.close()


def test_verdicts_stand_out_and_differ_by_colour(browser, quote_page):
    page, _ = open_page(browser, quote_page, 1024)
    likely = page.locator(".verdict.likely").first
    assert likely.is_visible()
    assert likely.inner_text() == "likely"
    colours = page.evaluate(
        "[...document.querySelectorAll('.verdict')].map(e => getComputedStyle(e).color)"
    )
    assert len(set(colours)) >= 2, colours
    page.close()


def test_on_a_phone_each_line_item_keeps_its_labels(browser, quote_page):
    # The table folds into blocks; each value is drawn after its column's name.
    page, _ = open_page(browser, quote_page, 360)
    assert not page.locator("table.wide thead").first.is_visible()
    cells = page.evaluate(
        """[...document.querySelector('table.wide').querySelectorAll('tbody td')]
          .filter(td => td.offsetParent !== null)
          .map(td => [td.dataset.label, getComputedStyle(td, '::before').content,
                      td.innerText])"""
    )
    low = [content for label, content, text in cells if label == "Low (CAD)"]
    assert low and all(content not in ("none", "normal") for content in low), cells
    assert ["Low (CAD)", "$3,010.00"] in [[label, text] for label, _, text in cells], cells
    page.close()


def test_it_prints_to_pdf(browser, quote_page):
    page, _ = open_page(browser, quote_page, 794, "print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.close()


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_the_answer_box_is_in_the_first_screen(browser, quote_page, tmp_path, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(quote_page.as_uri())
    box = page.locator("section.answer").bounding_box()
    assert box is not None
    # All of it visible without scrolling, on a phone and on a desktop.
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, box
    text = page.inner_text("section.answer")
    assert "You may pay" in text and "Most likely to pay" in text
    page.screenshot(path=str(tmp_path / f"answer-{width}.png"))
    # The box is drawn with a border, which prints (backgrounds may not).
    page.emulate_media(media="print")
    border = page.eval_on_selector(
        "section.answer",
        "e => getComputedStyle(e).borderTopStyle + getComputedStyle(e).borderTopWidth",
    )
    assert border.startswith("solid") and border != "solid0px"
    page.close()


# The day the next steps (what to do, where a refusal goes) hold from: read 2026-12-01.
NEXT_STEPS_DAY = "2026-12-01"
ANSWER_WORDS = {
    "en": ("Your answer", "You may pay", "What to do"),
    "fr": ("Votre réponse", "Vous pourriez payer", "Que faire"),
}


@pytest.fixture(scope="module")
def quotes_by_language(tmp_path_factory):
    """The quote in English and in French, with what to do next (its longest answer)."""
    found = {}
    for lang in ANSWER_WORDS:
        path = tmp_path_factory.mktemp(f"quote-{lang}") / "quote.html"
        args = ["--lang", lang, "quote", *ARGS, "--as-of", NEXT_STEPS_DAY, "-o", str(path)]
        result = ScriptRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        found[lang] = path
    return found


@pytest.mark.parametrize("lang", sorted(ANSWER_WORDS))
@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_in_each_language_the_answer_is_in_the_first_screen(
    browser, quotes_by_language, tmp_path, lang, width, height
):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(quotes_by_language[lang].as_uri())
    assert page.eval_on_selector("html", "e => e.lang") == lang
    box = page.locator("section.answer").bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, box
    text = page.inner_text("section.answer")
    assert all(words in text for words in ANSWER_WORDS[lang]), text
    page.screenshot(path=str(tmp_path / f"answer-{lang}-{width}.png"))
    page.close()
