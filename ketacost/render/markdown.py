"""Markdown output: tables and notes to paste into an e-mail, a ticket or a wiki."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ketacost.coverage import Coverage
from ketacost.estimate import Comparison, Estimate
from ketacost.i18n import _
from ketacost.model.sources import Source
from ketacost.quote import Quote
from ketacost.render import Options
from ketacost.render import document as doc
from ketacost.render.answer import (
    ANSWER_TITLE,
    answer_lines,
    answered,
)
from ketacost.render.comparing import (
    USUAL_EXPLAINED,
    account_text,
    after_credits_text,
    all_warnings,
    bar,
    bar_scale,
    compare_notes,
    course_heading,
    likely_payer_text,
    paid_columns,
    paid_text,
    sessions_cell,
    short_basis,
)
from ketacost.render.document import quote_document
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
    total_text,
    verdict_rows,
)
from ketacost.words import format_cad, format_day, format_range, format_sessions, verdict_word

if TYPE_CHECKING:
    from ketacost.listings import Listing


def estimate(view: Estimate, options: Options) -> str:
    """The answer (with a situation), heading, phase table, total, deposit, notes,
    warnings, sources, disclaimer."""
    lines = []
    if answered(view):
        lines += [f"**{_(ANSWER_TITLE)}**", ""]
        lines += [f"- {_cell(line)}" for line in answer_lines(view)] + [""]
    lines += [f"## {_cell(heading(view))}", ""]
    lines += _table(
        (_("Phase"), _("Sessions"), _("Cost (CAD)"), _("Basis")),
        [
            (p.label, format_sessions(p.sessions), format_range(p.cost, cents=True), p.basis)
            for p in view.phases
        ],
    )
    lines += ["", _strong(_("Total: {amount}").format(amount=total_text(view.total)))]
    if deposit_text(view):
        lines += ["", deposit_text(view)]
    warnings, sources = list(view.warnings), list(view.sources)
    coverage = view.coverage
    if coverage is not None and (coverage.situation.given or options.explain):
        oop = view.out_of_pocket
        out = _("Out of pocket: {amount}").format(amount=out_of_pocket_text(oop))
        lines += ["", _strong(out), ""]
        best = best_case_text(oop, options.names)
        lines += [f"- {_cell(best)}", f"- {_cell(oop.worst_case)}"]
        lines += _tax_lines(view, options)
        lines += _coverage_lines(coverage, options, "###")
        warnings += coverage.warnings
        sources += [s for s in coverage.shown_sources if s not in sources]
    elif coverage is not None:
        lines += _tax_lines(view, options)
        lines += ["", situation_hint(options.names)]
    sources += [s for s in view.money_sources if s not in sources]
    lines += _bullets(_("Notes"), view.notes)
    lines += _bullets(_("Warnings"), warnings)
    lines += _bullets(_("Sources"), [s.cited_as() for s in sources])
    if options.explain:
        lines += _bullets(_("How the cost was found"), figure_lines(view))
    lines += [
        "",
        as_of_line([view], view.as_of),
        "",
        f"*{_(DISCLAIMER)}*",
        "",
    ]
    return "\n".join(lines)


def _tax_lines(view: Estimate, options: Options) -> list[str]:
    """What a health spending account pays, then the tax credits and what is left, then
    the notes that go with them."""
    from ketacost.render import credits

    lines: list[str] = []
    if view.hsa is not None:
        lines += ["", f"**{credits.account_heading(view.hsa)}**", ""]
        said = credits.account_lines(
            view.hsa, view.out_of_pocket, credits_after=view.tax is not None
        )
        lines += [f"- {_cell(line)}" for line in said]
    if view.tax is None:
        return lines
    provinces = view.coverage.words.provinces if view.coverage else {}
    lines += ["", f"**{credits.heading(view.tax)}**", ""]
    lines += [
        f"- {_cell(line)}" for line in credits.credit_lines(view.tax, provinces, options.names)
    ]
    return lines + _bullets(_("About these credits"), credits.notes(view.tax))


def comparison(view: Comparison, options: Options) -> str:
    """One row per treatment with a low-high bar drawn to one scale."""
    scale = bar_scale([e.total for e in view.estimates])
    paid, after = paid_columns(view)
    rows = [
        (
            e.treatment.label,
            sessions_cell(view, index),
            format_range(e.total),
            f"`{bar(e.total, scale)}`" if bar(e.total, scale) else _("not published"),
            short_basis(e),
            *((paid_text(e), likely_payer_text(e)) if paid else ()),
            *((after_credits_text(e),) if after else ()),
        )
        for index, e in enumerate(view.estimates)
    ]
    headers = (_("Treatment"), _("Usual course") if view.usual else _("Sessions"))
    headers += (_("Total (CAD)"), _("Range"), _("Basis"))
    headers += (_("You pay (CAD)"), _("Most likely to pay")) * paid
    headers += (_("After tax credits"),) * after
    lines = [f"## {_cell(course_heading(view))}", ""]
    lines += _table(headers, rows)
    if view.usual:
        lines += ["", _(USUAL_EXPLAINED)]
    if paid and account_text(view):
        lines += ["", account_text(view)]
    lines += _bullets(_("Notes"), compare_notes(list(view.estimates)))
    lines += _bullets(_("Warnings"), all_warnings(list(view.estimates)))
    bars = _("Bars share one scale, 0 to {top}.").format(top=format_cad(scale))
    lines += [
        "",
        bars + " " + as_of_line(list(view.estimates), view.as_of),
        "",
        f"*{_(DISCLAIMER)}*",
        "",
    ]
    return "\n".join(lines)


def coverage(view: Coverage, options: Options) -> str:
    """The verdicts, what each program that may pay needs and pays, sources, disclaimer."""
    lines = ["## " + _("Who may pay"), *_coverage_lines(view, options, "###")]
    lines += _bullets(_("Warnings"), view.warnings)
    lines += _bullets(_("Sources"), [s.cited_as() for s in view.shown_sources])
    rules = _("Rules as of {day}.").format(day=format_day(view.as_of))
    lines += ["", rules, "", f"*{_(DISCLAIMER)}*", ""]
    return "\n".join(lines)


def _coverage_lines(view: Coverage, options: Options, level: str) -> list[str]:
    names = options.names
    verdicts = ordered_verdicts(view)
    situation = _("Your situation: {situation}").format(situation=_cell(situation_text(view)))
    lines = ["", situation, ""]
    if not verdicts:
        return [*lines, no_verdicts_text(view)]
    lines += _table(
        (_("Program"), _("Verdict"), _("Why")),
        [
            (row.label, f"**{verdict_word(row.verdict)}**", " ".join(row.reasons))
            for row in verdict_rows(view, names)
        ],
    )
    for v in verdicts:
        if v.may_pay:
            title = f"{level} {v.program.label} ({verdict_word(v.verdict)})"
            lines += ["", title, "", _cell(covers_text(v))]
            lines += _bullets(_("Before it pays"), v.prerequisites)
            lines += _bullets(_("Next"), step_lines(v))
    lines += _bullets(_("What would change a verdict"), changes(view, names))
    lines += _bullets(_("Also know"), coverage_notes(view))
    if options.explain:
        for v in verdicts:
            how = _("How the {program} verdict was reached").format(program=v.program.label)
            lines += _bullets(how, v.explain())
    return lines


def quote(view: Quote, options: Options) -> str:
    """The quote as a markdown document to send: the same content as the HTML page."""
    document = quote_document(view, options.explain)
    lines = [f"# {_cell(document.title)}", ""]
    if document.answer:
        lines += [f"**{_(ANSWER_TITLE)}**", ""]
        lines += [f"> {_cell(line)}  " for line in document.answer] + [""]
    lines += _facts(document.header)
    for section in document.sections:
        lines += ["", f"## {_cell(section.title)}"]
        for block in section.blocks:
            lines.append("")
            if isinstance(block, doc.Table):
                rows = [[_word(c) for c in row] for row in block.rows]
                if block.total is not None:
                    rows.append([f"**{c}**" if c else "" for c in block.total])
                lines += _table(block.headers, rows)
            elif isinstance(block, doc.Facts):
                lines += _facts(block)
            elif isinstance(block, doc.Paragraph):
                lines.append(f"**{_cell(block.text)}**" if block.strong else _cell(block.text))
            elif isinstance(block, doc.Bullets):
                if block.title:
                    lines += [f"**{block.title}**", ""]
                lines += [f"- {_cell(_item(item))}" for item in block.items]
    lines += ["", f"*{document.footer}*", ""]
    return "\n".join(lines)


def _facts(facts: doc.Facts) -> list[str]:
    # Two trailing spaces: a line break, so each fact keeps its own line.
    return [f"{_strong(_label(label))} {_cell(value)}  " for label, value in facts.pairs]


def _label(label: str) -> str:
    """'Valid until:' (in French, 'Valide jusqu'au :')."""
    return _("{label}:").format(label=label)


def _strong(text: str) -> str:
    return f"**{text}**"


def _word(value) -> str:
    return f"**{verdict_word(value.word)}**" if isinstance(value, doc.Verdict) else value


def _item(item) -> str:
    return item.cited_as() if isinstance(item, Source) else item


def listing(view: Listing, options: Options) -> str:
    """The listing as a table, then its notes."""
    keys = [key for key, _ in view.columns]
    lines = [f"## {view.title}", ""]
    lines += _table([h for _, h in view.columns], [[row[k] for k in keys] for row in view.rows])
    lines += _bullets(_("Notes"), view.notes)
    return "\n".join(lines) + "\n"


def _table(header, rows) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(_cell(str(c)) for c in row) + " |" for row in rows]
    return lines


def _bullets(title: str, items) -> list[str]:
    items = list(items)
    if not items:
        return []
    return ["", f"**{title}**", "", *[f"- {_cell(item)}" for item in items]]


def _cell(text: str) -> str:
    # "<" as an entity: markdown turned into HTML must not run a clinic file's markup.
    return text.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")
