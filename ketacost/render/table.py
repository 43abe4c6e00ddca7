"""Tables for people at a terminal, drawn with Rich (imported here and nowhere else)."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from rich import _wrap, box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ketacost.coverage import Coverage
from ketacost.estimate import Comparison, Estimate
from ketacost.i18n import _
from ketacost.render import Options
from ketacost.render.answer import (
    ANSWER_TITLE,
    answer_lines,
    answered,
    payer_lines,
)
from ketacost.render.comparing import (
    USUAL_EXPLAINED,
    account_text,
    after_credits_text,
    all_warnings,
    bar,
    bar_scale,
    compare_notes,
    compared_situation,
    course_heading,
    likely_payer_text,
    paid_columns,
    paid_text,
    sessions_cell,
    short_basis,
    usual_text,
)
from ketacost.render.wording import (
    DISCLAIMER,
    as_of_line,
    best_case_text,
    changes,
    coverage_notes,
    covers_text,
    deposit_text,
    figure_lines,
    heading,
    no_verdicts_text,
    ordered_verdicts,
    out_of_pocket_text,
    situation_hint,
    situation_text,
    step_lines,
    subheading,
    total_text,
    verdict_rows,
)
from ketacost.words import (
    format_cad,
    format_day,
    format_range,
    format_sessions,
    status_word,
    verdict_word,
)

DEFAULT_WIDTH = 100
# Rich breaks a line at any space, no-break spaces too; French money has them
# ("2 250,00 $"): a word here runs through them, so an amount is never cut.
_wrap.re_word = re.compile(r"[^\S\u00a0\u202f]*[\S\u00a0\u202f]+[^\S\u00a0\u202f]*")

# Below this many columns a table cannot show its money whole: rows become blocks.
NARROW = 80
LISTING_NARROW = 100
PAID_NARROW = 110

if TYPE_CHECKING:
    from ketacost.listings import Listing


def estimate(view: Estimate, options: Options) -> str:
    """Phases with their low and high cost and basis, the total, then what the reader must know."""
    phases = _phase_blocks(view) if _narrow(options) else _phase_table(view)
    parts: list = []
    if answered(view):
        answer = answer_lines(view)
        parts += [Text(_(ANSWER_TITLE), style="bold"), _lines(answer, "  "), Text("")]
    parts.append(Text(heading(view), style="bold"))
    if subheading(view):
        parts.append(Text(subheading(view)))
    total = Text.assemble((_("Total:") + " ", "bold"), (total_text(view.total), "bold"))
    parts += [phases, total]
    if deposit_text(view):
        parts.append(Text(deposit_text(view)))
    coverage = view.coverage
    warnings = list(view.warnings)
    sources = list(view.sources)
    if coverage is not None and (coverage.situation.given or options.explain):
        oop = view.out_of_pocket
        out = (_("Out of pocket:") + " ", "bold"), (out_of_pocket_text(oop), "bold")
        parts.append(Text.assemble(*out))
        parts.append(_lines([best_case_text(oop, options.names), oop.worst_case], "  "))
        parts += _tax_parts(view, options)
        parts += ["", *_coverage_parts(coverage, options)]
        warnings += coverage.warnings
        sources += [s for s in coverage.shown_sources if s not in sources]
    elif coverage is not None:
        parts += _tax_parts(view, options)
        parts.append(Text("\n" + situation_hint(options.names), style="dim"))
    sources += [s for s in view.money_sources if s not in sources]
    parts += _section(_("Notes"), view.notes, "•")
    parts += _section(_("Warnings"), warnings, "!", style="yellow")
    parts += _sources(sources)
    if options.explain:
        parts += _section(_("How the cost was found"), figure_lines(view), "=")
    parts.append(Text("\n" + as_of_line([view], view.as_of)))
    parts.append(Text(_(DISCLAIMER), style="bold"))
    return _draw(Group(*parts), options)


def _tax_parts(view: Estimate, options: Options) -> list:
    """What a health spending account pays, then the tax credits on what is left: heading,
    a line per credit, the total; the notes that go with them."""
    if view.hsa is None and view.tax is None:
        return []
    from ketacost.render import credits

    parts: list = []
    if view.hsa is not None:
        lines = credits.account_lines(
            view.hsa, view.out_of_pocket, credits_after=view.tax is not None
        )
        parts += [Text("\n" + credits.account_heading(view.hsa), style="bold"), _lines(lines, "  ")]
    if view.tax is None:
        return parts
    provinces = view.coverage.words.provinces if view.coverage else {}
    lines = credits.credit_lines(view.tax, provinces, options.names)
    parts += [Text("\n" + credits.heading(view.tax), style="bold"), _lines(lines, "  ")]
    return parts + _section(_("About these credits"), credits.notes(view.tax), "  •")


def coverage(view: Coverage, options: Options) -> str:
    """The verdict table, then what each program that may pay needs and pays, what would
    change a verdict, notes, warnings and sources; with a situation, the answer first."""
    parts: list = []
    if view.situation.given:
        answer = payer_lines(ordered_verdicts(view))
        parts += [Text(_(ANSWER_TITLE), style="bold"), _lines(answer, "  "), Text("")]
    parts += _coverage_parts(view, options)
    parts += _section(_("Warnings"), view.warnings, "!", style="yellow")
    parts += _sources(view.shown_sources)
    parts.append(Text("\n" + _("Rules as of {day}.").format(day=format_day(view.as_of))))
    parts.append(Text(_(DISCLAIMER), style="bold"))
    return _draw(Group(*parts), options)


_VERDICT_STYLE = {
    "likely": "bold green",
    "possible": "yellow",
    "unlikely": "",
    "not-eligible": "dim",
}


def _coverage_parts(view: Coverage, options: Options) -> list:
    """Verdicts (a table, or blocks on a narrow terminal) and what goes with them."""
    title = _("Who may pay — your situation: {situation}").format(situation=situation_text(view))
    verdicts = ordered_verdicts(view)
    if not verdicts:
        return [Text(title, style="bold"), Text(no_verdicts_text(view))]
    rows = verdict_rows(view, options.names)
    if _narrow(options):
        blocks = [(_said(row.label, verdict_word(row.verdict)), list(_why(row))) for row in rows]
        parts: list = [Text(title, style="bold"), _blocks(blocks)]
    else:
        table = _table(title)
        table.add_column(_("Program"))
        table.add_column(_("Verdict"), no_wrap=True)
        table.add_column(_("Why"))
        for row in rows:
            table.add_row(
                row.label,
                Text(verdict_word(row.verdict), style=_VERDICT_STYLE[row.verdict]),
                "\n".join(_why(row)),
            )
        parts = [table]
    for v in verdicts:
        if not v.may_pay:
            continue
        parts.append(Text(f"\n{v.program.label} ({verdict_word(v.verdict)})", style="bold"))
        parts.append(_lines([covers_text(v)], "  "))
        parts += _section("  " + _("Before it pays"), v.prerequisites, "  •")
        parts += _section("  " + _("Next"), step_lines(v), "  •")
    parts += _section(_("What would change a verdict"), changes(view, options.names), "•")
    parts += _section(_("Also know"), coverage_notes(view), "•")
    if options.explain:
        for v in verdicts:
            how = _("How the {program} verdict was reached").format(program=v.program.label)
            parts += _section(how, v.explain(), " ")
    return parts


def _why(row) -> tuple[str, ...]:
    """A not-eligible row needs only its rule; the others also show the facts that decided."""
    return row.reasons[:1] if row.verdict == "not-eligible" else row.reasons


def _lines(lines: list[str], indent: str) -> _Hanging:
    return _Hanging(lines, indent)


def _phase_blocks(view: Estimate):
    blocks = []
    for phase in view.phases:
        cost = format_range(phase.cost, cents=True)
        title = _("{phase}: {count} sessions").format(
            phase=phase.label, count=format_sessions(phase.sessions)
        )
        blocks.append((title, [cost, phase.basis]))
    return _blocks(blocks)


def _phase_table(view: Estimate) -> Table:
    fixed = _fixed(view)
    table = _table(None)
    table.add_column(_("Phase"))
    table.add_column(_("Sessions"), justify="right")
    money = (_("Price (CAD)"),) if fixed else (_("Low (CAD)"), _("High (CAD)"))
    for header in money:
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column(_("Basis"))

    def amounts(cost) -> list[str]:
        shown = [format_cad(cost.low, cents=True), format_cad(cost.high, cents=True)]
        return shown[:1] if fixed else shown

    for index, phase in enumerate(view.phases):
        table.add_row(
            phase.label,
            format_sessions(phase.sessions),
            *amounts(phase.cost),
            phase.basis,
            end_section=index == len(view.phases) - 1,
        )
    if len(view.phases) > 1:
        table.add_row(
            *(
                Text(cell, style="bold")
                for cell in (
                    _("Total"),
                    format_sessions(view.sessions),
                    *amounts(view.total),
                    _("sum of the phases"),
                )
            )
        )
    return table


def _fixed(view: Estimate) -> bool:
    """Whether every price of the estimate is one figure, not a range (a clinic's own
    fixed price): shown as one price, not two equal columns."""
    costs = [p.cost for p in view.phases] + [view.total]
    return all(c.low is not None and c.low == c.high for c in costs)


def comparison(view: Comparison, options: Options) -> str:
    """One row per treatment, each with a low-high bar drawn to the same scale."""
    width = options.width or DEFAULT_WIDTH
    bar_width = max(10, min(30, width - 80))
    scale = bar_scale([e.total for e in view.estimates])
    # With what the person pays, a row holds more columns: blocks below PAID_NARROW.
    limit = PAID_NARROW if any(paid_columns(view)) else NARROW
    parts = [
        _comparison_blocks(view, scale, bar_width)
        if _narrow(options, limit)
        else _comparison_table(view, scale, bar_width)
    ]
    if view.usual:
        parts += [Text(""), _lines([_(USUAL_EXPLAINED)], "")]
    parts += _compared_situation(view)
    parts += _section(_("Notes"), compare_notes(list(view.estimates)), "•")
    parts += _section(_("Warnings"), all_warnings(list(view.estimates)), "!", style="yellow")
    more = _("For one treatment's basis, notes and sources: ketacost estimate -t ID -n N")
    parts += [
        Text("\n" + as_of_line(list(view.estimates), view.as_of) + " " + more),
        Text(_(DISCLAIMER), style="bold"),
    ]
    return _draw(Group(*parts), options)


def _compared_situation(view: Comparison) -> list:
    """Under a comparison with a situation: whose situation, and the tax year."""
    paid, after = paid_columns(view)
    first = view.estimates[0] if view.estimates else None
    if first is None or not (paid or after):
        return []
    lines = []
    if paid:
        lines.append(
            _(
                "You pay: in your situation ({situation}), best case to worst case. For each "
                "program's verdict: ketacost estimate -t ID with the same options."
            ).format(situation=compared_situation(view))
        )
    if paid and account_text(view):
        lines.append(account_text(view))
    if after and first.tax is not None:
        lines.append(
            _(
                "After tax credits: what you pay less the medical expense tax credits of "
                "{year} (net income {income})."
            ).format(year=first.tax.year, income=format_cad(first.tax.net_income, cents=True))
        )
    return [Text(""), _lines(lines, "")]


def _comparison_blocks(view: Comparison, scale, bar_width: int):
    blocks = []
    for e in view.estimates:
        cells = (format_range(e.total), bar(e.total, scale, bar_width), short_basis(e))
        lines = ["  ".join(cell for cell in cells if cell)]
        if view.usual:
            usual = usual_text(e, view.usual[view.estimates.index(e)])
            lines.append(_("Usual course: {course}").format(course=usual))
        paid, after = paid_columns(view)
        if paid:
            lines.append(_("You pay: {amount}").format(amount=paid_text(e)))
            lines.append(_("Most likely to pay: {payer}").format(payer=likely_payer_text(e)))
        if after:
            lines.append(_("After tax credits: {amount}").format(amount=after_credits_text(e)))
        blocks.append((f"{e.treatment.label} ({e.treatment.id})", lines))
    return Group(Text(course_heading(view), style="bold"), _blocks(blocks))


def _comparison_table(view: Comparison, scale, bar_width: int) -> Table:
    counts = {e.sessions for e in view.estimates}
    paid, after = paid_columns(view)
    if paid or after:
        return _paid_table(view, len(counts) > 1, paid, after)
    table = _table(course_heading(view))
    table.add_column(_("Treatment"), overflow="fold")
    if len(counts) > 1 or view.usual:
        table.add_column(_("Usual course") if view.usual else _("Sessions"), justify="right")
    table.add_column(_("Low (CAD)"), justify="right", no_wrap=True)
    table.add_column(_("High (CAD)"), justify="right", no_wrap=True)
    scale_header = _("{low} to {high}").format(low=format_cad(Decimal(0)), high=format_cad(scale))
    table.add_column(scale_header, no_wrap=True)
    table.add_column(_("Basis"), min_width=12)
    for index, e in enumerate(view.estimates):
        cells = [Text.assemble(e.treatment.label, (f" ({e.treatment.id})", "dim"))]
        if len(counts) > 1 or view.usual:
            cells.append(sessions_cell(view, index))
        drawn = bar(e.total, scale, bar_width)
        cells += [
            "—" if e.total.low is None else format_cad(e.total.low),
            "—" if e.total.high is None else format_cad(e.total.high),
            Text(drawn, style="cyan") if drawn else Text(_("not published"), style="dim"),
            short_basis(e),
        ]
        table.add_row(*cells)
    return table


def _paid_table(view: Comparison, sessions: bool, paid: bool, after: bool) -> Table:
    """With a situation: the total, what the person pays and what is left after the tax
    credits, without the bars (no room for them)."""
    table = _table(course_heading(view))
    table.add_column(_("Treatment"), overflow="fold")
    sessions = sessions or bool(view.usual)
    if sessions:
        table.add_column(_("Usual course") if view.usual else _("Sessions"), justify="right")
    # Money is never cut or folded: a range takes two lines, low and high, if it must.
    table.add_column(_("Total (CAD)"), justify="right", no_wrap=True)
    table.add_column(_("Basis"), overflow="fold")
    if paid:
        table.add_column(_("You pay"), justify="right", no_wrap=True)
        table.add_column(_("Most likely to pay"), overflow="fold")
    if after:
        table.add_column(_("After credits"), justify="right", no_wrap=True)
    for index, e in enumerate(view.estimates):
        cells = [Text.assemble(e.treatment.label, (f" ({e.treatment.id})", "dim"))]
        if sessions:
            cells.append(sessions_cell(view, index))
        cells += [_stacked(format_range(e.total)), short_basis(e)]
        if paid:
            cells += [_stacked(paid_text(e)), likely_payer_text(e)]
        if after:
            cells.append(_stacked(after_credits_text(e)))
        table.add_row(*cells)
    return table


def _stacked(money: str) -> str:
    """A range on two lines, low then high ('$2,250–' / '$5,400'; 'more than $0 to' /
    '$8,400'), so a narrow column never cuts an amount."""
    # Translators: the word between the two amounts of a range ('more than $0 to $8,400').
    to = _("to")
    return money.replace("–", "–\n").replace(f" {to} ", f" {to}\n")


def listing(view: Listing, options: Options) -> str:
    """The listing as a table (as blocks, one per row, on a narrow terminal, or when its
    rows have URLs, each then whole on a line of its own), then its notes."""
    keys = [key for key, _header in view.columns]
    if "url" in keys or _narrow(options, LISTING_NARROW):
        parts: list = [Text(view.title, style="bold")]
        others = [(k, h) for k, h in view.columns if k not in ("id", "label", "title", "url")]
        for row in view.rows:
            name = row.get("label") or row.get("title")
            parts.append(Text(_said(row["id"], name) if name else row["id"], style="bold"))
            parts.append(_Hanging([_said(header, row[key]) for key, header in others], "  "))
            if "url" in row:
                url = row["url"]
                # The listing says 'not given' (in the language written) for no URL.
                missing = url in ("not given", _("not given"))
                parts.append(_Whole("  " + (_("URL not given") if missing else url)))
        body = Group(*parts)
    else:
        body = _table(view.title)
        for key, header in view.columns:
            body.add_column(header, no_wrap=key == "id", overflow="fold")
        for row in view.rows:
            body.add_row(*(row[key] for key, _header in view.columns))
    return _draw(Group(body, *_section(_("Notes"), view.notes, "•")), options)


def _said(label: str, value: str) -> str:
    """'Alberta WCB: not-eligible', 'iv: IV ketamine infusion' (in French, a space before
    the colon)."""
    return _("{label}: {value}").format(label=label, value=value)


def _narrow(options: Options, limit: int = NARROW) -> bool:
    return (options.width or DEFAULT_WIDTH) < limit


def _blocks(blocks: list[tuple[str, list[str]]]) -> Group:
    """Each block: a bold title line, then its lines indented (wrapped under themselves)."""
    parts = []
    for title, lines in blocks:
        parts.append(Text(title, style="bold"))
        parts.append(_Hanging(lines, "  "))
    return Group(*parts)


def _table(title: str | None) -> Table:
    return Table(
        title=Text(title, style="bold") if title else None,
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )


def _section(title: str, items, mark: str, style: str | None = None) -> list:
    """A titled list with hanging indents."""
    items = list(items)
    if not items:
        return []
    return [Text(f"\n{title}", style="bold"), _Hanging(items, mark + " ", style or "")]


def _sources(sources) -> list:
    """The sources cited, each with its URL whole on a line of its own (never folded or
    cut, so it can be copied or clicked)."""
    if not sources:
        return []
    parts: list = [Text("\n" + _("Sources"), style="bold")]
    for source in sources:
        date = format_day(source.date) if source.date else _("date not given")
        parts.append(_Hanging([f"{source.title} ({status_word(source.status)}; {date})"], "- "))
        parts.append(_Whole("  " + (source.url or _("URL not given"))))
    return parts


class _Whole:
    """A line printed whole, however wide (a URL): the terminal may wrap it on screen,
    but it is never broken or cut."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options):
        from rich.segment import Segment

        yield Segment(self.text)
        yield Segment.line()


class _Hanging:
    """Lines each wrapped under itself after a mark or an indent: what a two-column grid
    draws, without a grid's measuring (a table holds dozens, ~10 ms a run)."""

    def __init__(self, lines: list[str], lead: str, style: str = "") -> None:
        self.lines, self.lead, self.style = lines, lead, style

    def __rich_console__(self, console: Console, options):
        from rich.segment import Segment

        indent = len(self.lead)
        width = max(1, options.max_width - indent)
        for line in self.lines:
            wrapped = Text(line, style=self.style).wrap(console, width, overflow="fold")
            for index, part in enumerate(wrapped):
                yield Segment(self.lead if index == 0 else " " * indent)
                yield from part.render(console)
                yield Segment.line()


def _draw(renderable, options: Options) -> str:
    out = io.StringIO()
    console = Console(
        file=out,
        width=options.width or DEFAULT_WIDTH,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="auto" if options.color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(renderable, crop=False)  # a URL line is longer than the width: kept whole
    text = out.getvalue()
    if options.color:
        return text
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
