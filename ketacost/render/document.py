"""A quote laid out once, as a document of sections, tables and lists, so that the
markdown and HTML renderers show the same content in the same order."""

from __future__ import annotations

from ketacost.i18n import _
from ketacost.model.record import record
from ketacost.model.sources import Source
from ketacost.quote import Quote
from ketacost.render.answer import (
    answer_lines,
    answered,
)
from ketacost.render.wording import (
    DISCLAIMER,
    best_case_text,
    changes,
    coverage_notes,
    covers_text,
    deposit_words,
    figure_lines,
    no_verdicts_text,
    ordered_verdicts,
    out_of_pocket_text,
    step_lines,
    total_text,
    verdict_rows,
)
from ketacost.words import describe_situation, format_cad, format_day, format_sessions, listed


@record
class Verdict:
    """A verdict in a table cell (drawn as a badge in HTML, bold in markdown). `word` is
    the verdict's id ('likely'): a renderer shows verdict_word(word)."""

    word: str


@record
class Table:
    """Rows under headers; `numeric` columns are right-aligned; `total` is a last,
    stronger row."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str | Verdict, ...], ...]
    numeric: tuple[int, ...] = ()
    total: tuple[str, ...] | None = None


@record
class Facts:
    """Labelled values: 'Valid until: 2026-12-22'."""

    pairs: tuple[tuple[str, str], ...]


@record
class Paragraph:
    text: str
    strong: bool = False


@record
class Bullets:
    items: tuple[str | Source, ...]
    title: str | None = None


@record
class Section:
    title: str
    blocks: tuple[Table | Facts | Paragraph | Bullets, ...]


@record
class Document:
    title: str
    header: Facts
    sections: tuple[Section, ...]
    footer: str
    # The answer in three lines, shown first (in HTML, in a box that prints).
    answer: tuple[str, ...] = ()


def quote_document(quote: Quote, explain: bool = False) -> Document:
    """The quote's content, in the order a patient reads it: who and when, the
    scenario, line items, deposit, coverage, out of pocket, notes, sources, disclaimer;
    with `explain`, how each figure and verdict was found."""
    e = quote.estimate
    coverage, oop = e.coverage, e.out_of_pocket
    header = [(_("Clinic"), e.clinic.name)] if e.clinic is not None else []
    if e.program is not None:
        header.append((_("Program"), e.program.label))
    header += [
        (_("Treatment"), e.treatment.label),
        (_("Quote date"), format_day(quote.issued)),
        (_("Valid until"), f"{format_day(quote.valid_until)} ({quote.valid_basis})"),
    ]
    if e.as_of != quote.issued:
        header.append((_("Prices and rules as of"), format_day(e.as_of)))
    if e.clinic is None:
        header.append((_("Prices"), _("market ranges from published sources; no clinic chosen")))

    sections = [_scenario(quote), _line_items(quote)]
    if e.deposit is not None:
        blocks = [Paragraph(deposit_words(e.deposit.value), strong=True)]
        if e.deposit.note:
            blocks.append(Paragraph(e.deposit.note))
        sections.append(Section(_("Deposit"), tuple(blocks)))
    sections.append(Section(_("Who may pay"), _coverage_blocks(quote, explain)))
    you_pay = _("You pay: {amount}").format(amount=out_of_pocket_text(oop))
    sections.append(
        Section(
            _("Out of pocket"),
            (
                Paragraph(you_pay, strong=True),
                Bullets((best_case_text(oop), oop.worst_case)),
            ),
        )
    )
    if e.hsa is not None:
        sections.append(_account_section(quote))
    if e.tax is not None:
        sections.append(_tax_section(quote))
    # The deposit's own note is shown with the deposit.
    deposit_note = e.deposit.note if e.deposit is not None else None
    notes = [n for n in e.notes if n != deposit_note] + coverage_notes(coverage)
    warnings = [*e.warnings, *coverage.warnings]
    if notes or warnings:
        blocks = []
        if notes:
            blocks.append(Bullets(tuple(notes)))
        if warnings:
            blocks.append(Bullets(tuple(warnings), _("Warnings")))
        sections.append(Section(_("Notes"), tuple(blocks)))
    if explain:
        # A document names its sources by title, never by id.
        known = {s.id: s for s in (*e.sources, *coverage.sources, *e.money_sources)}

        def cite(source: str) -> str:
            return known[source].title if source in known else _("a source")

        blocks = [Bullets(tuple(figure_lines(e, cite)), _("Prices"))]
        blocks += [
            Bullets(tuple(v.explain(cite)), _("{program} verdict").format(program=v.program.label))
            for v in ordered_verdicts(coverage)
        ]
        sections.append(Section(_("How each figure was found"), tuple(blocks)))
    cited = list(e.sources) + [s for s in coverage.shown_sources if s not in e.sources]
    cited += [s for s in e.money_sources if s not in cited]
    sections.append(Section(_("Sources"), (Bullets(tuple(cited)),)))
    what = f"{e.clinic.name}, {e.program.label}" if e.program is not None else e.treatment.label
    # The answer fits a phone's first screen: where a refusal goes is under "Who may pay".
    answer = tuple(answer_lines(e, refusals=False)) if answered(e) else ()
    title = _("Cost estimate: {what}").format(what=what)
    return Document(title, Facts(tuple(header)), tuple(sections), _(DISCLAIMER), answer)


def _account_section(quote: Quote) -> Section:
    """What the patient's health spending account pays, in plain words."""
    from ketacost.render import credits

    e = quote.estimate
    lines = credits.account_lines(e.hsa, e.out_of_pocket, credits_after=e.tax is not None)
    return Section(credits.account_heading(e.hsa), (Bullets(tuple(lines)),))


def _tax_section(quote: Quote) -> Section:
    """The tax credits on what the patient pays, in plain words (no option named)."""
    from ketacost.render import credits

    e = quote.estimate
    tax = e.tax
    lines = credits.credit_lines(tax, e.coverage.words.provinces)
    return Section(
        _("After tax credits (tax year {year})").format(year=tax.year),
        (
            Paragraph(lines[-1], strong=True),
            Bullets(tuple(lines[:-1])),
            Bullets(tuple(credits.notes(tax)), _("About these credits")),
        ),
    )


def _scenario(quote: Quote) -> Section:
    e = quote.estimate
    if e.sessions is None:
        course = _("the whole program (the price does not depend on a session count)")
    else:
        count = format_sessions(e.sessions)
        if count == "1":
            course = _("{count} session").format(count=count)
        else:
            course = _("{count} sessions").format(count=count)
        if e.plan is not None:
            course = _("{sessions}, plan: {plan}").format(sessions=course, plan=e.plan.label)
    situation = " · ".join(
        describe_situation(e.coverage.situation, e.coverage.words, ids=False)
    ) or _("nothing stated")
    return Section(
        _("Scenario"),
        (
            Facts(((_("Course"), course), (_("Situation"), situation))),
            Paragraph(_("This quote records no name or other patient identifier.")),
        ),
    )


def _line_items(quote: Quote) -> Section:
    e = quote.estimate
    costs = [p.cost for p in e.phases] + [e.total]
    # A clinic's fixed price reads as one price, not two equal columns.
    fixed = all(c.low is not None and c.low == c.high for c in costs)

    def amounts(cost) -> tuple[str, ...]:
        low, high = format_cad(cost.low, cents=True), format_cad(cost.high, cents=True)
        return (low,) if fixed else (low, high)

    rows = tuple(
        (
            p.label,
            format_sessions(p.sessions) if p.sessions is not None else "—",
            *amounts(p.cost),
            p.basis,
        )
        for p in e.phases
    )
    money = (_("Price (CAD)"),) if fixed else (_("Low (CAD)"), _("High (CAD)"))
    table = Table(
        (_("Phase"), _("Sessions"), *money, _("How it is priced")),
        rows,
        numeric=(1, 2) if fixed else (1, 2, 3),
        total=(_("Total"), "", *amounts(e.total), total_text(e.total)),
    )
    return Section(_("Line items"), (table,))


def _coverage_blocks(quote: Quote, explain: bool = False) -> tuple:
    """The verdicts that can apply to the patient (with `explain`, every one), what each
    may pay, and what would change a verdict."""
    coverage = quote.estimate.coverage
    verdicts = ordered_verdicts(coverage)
    if not verdicts:
        return (Paragraph(no_verdicts_text(coverage)),)
    every = verdict_rows(coverage)
    shown = [row for row in every if explain or row.verdict != "not-eligible"]
    left_out = [row.label for row in every if not (explain or row.verdict != "not-eligible")]
    rows = tuple(
        (
            row.label,
            Verdict(row.verdict),
            " ".join(row.reasons),
            " ".join(p if p.endswith(".") else f"{p}." for p in row.prerequisites) or "—",
        )
        for row in shown
    )
    blocks: list = []
    if rows:
        headers = (_("Program"), _("Verdict"), _("Why"), _("Required first"))
        blocks.append(Table(headers, rows))
    if left_out:
        blocks.append(
            Paragraph(
                _("Not listed, as they cannot apply in this situation: {programs}.").format(
                    programs=listed(left_out)
                )
            )
        )
    pays = [
        _("{program}: {pays}").format(program=v.program.label, pays=covers_text(v))
        for v in verdicts
        if v.may_pay
    ]
    if pays:
        blocks.append(Bullets(tuple(pays), _("What each program may pay")))
    for v in verdicts:
        steps = step_lines(v) if v.may_pay else []
        if steps:
            title = _("{program}: what to do next").format(program=v.program.label)
            blocks.append(Bullets(tuple(steps), title))
    if changes(coverage):
        blocks.append(Bullets(tuple(changes(coverage)), _("What would change a verdict")))
    return tuple(blocks)
