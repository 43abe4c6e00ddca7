"""What the text renderers share: headings, totals, deposits, verdicts and their
reasons, the out-of-pocket range, how each figure was found, the disclaimer.

What only a comparison says is in ketacost.render.comparing; the answer a person reads
first, in ketacost.render.answer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from ketacost.model.coverage import ALL, PART, VERDICTS
from ketacost.model.money import MoneyRange
from ketacost.render.credits import percent
from ketacost.words import depends_text, format_cad, format_range, format_sessions, suggestion_text

DISCLAIMER = "Estimate only — not medical or insurance advice."

if TYPE_CHECKING:
    from ketacost.coverage import Coverage, Verdict
    from ketacost.estimate import Estimate
    from ketacost.outofpocket import OutOfPocket


def heading(estimate: Estimate) -> str:
    """'IV ketamine infusion, 6 sessions' or 'ATMA CENA: Psychedelic Pathway, 6 sessions'."""
    if estimate.program is not None:
        what = f"{estimate.clinic.name}: {estimate.program.label}"
    else:
        what = estimate.treatment.label
    if estimate.sessions is None:
        return what
    count = format_sessions(estimate.sessions)
    plan = f" (plan '{estimate.plan.id}')" if estimate.plan is not None else ""
    return f"{what}, {count} session{'' if count == '1' else 's'}{plan}"


def subheading(estimate: Estimate) -> str | None:
    """For a clinic's program: which treatment it is and what the program is."""
    if estimate.program is None:
        return None
    about = f" {estimate.program.description}" if estimate.program.description else ""
    return f"Treatment: {estimate.treatment.label}.{about}"


def as_of_line(estimates: list[Estimate], as_of) -> str:
    """'Prices as of 2026-11-22; the figures used hold from 2026-05-05.'"""
    dates = sorted({f.since for e in estimates for f in e.figures})
    line = f"Prices as of {as_of.isoformat()}"
    if not dates:
        return line + "."
    span = dates[0].isoformat()
    if len(dates) > 1:
        span += f" to {dates[-1].isoformat()}"
    return f"{line}; the figures used hold from {span}."


def total_text(money: MoneyRange) -> str:
    """The total as a person reads it, saying plainly which bound is not published."""
    if money.is_unknown:
        return "not published"
    text = f"{format_range(money, cents=True)} CAD"
    if money.high is None:
        return f"{text} (no upper price is published)"
    if money.low is None:
        return f"{text} (no lower price is published)"
    return text


def deposit_text(estimate: Estimate) -> str | None:
    """'Deposit: $300.00, non-refundable; the source does not say whether it counts
    toward the price: ask the clinic.' or None."""
    if estimate.deposit is None:
        return None
    return f"Deposit: {deposit_words(estimate.deposit.value)}"


def deposit_words(deposit) -> str:
    """A deposit, whether it comes back, and whether it is paid on top of the price."""
    kind = "refundable" if deposit.refundable else "non-refundable"
    if deposit.counts_toward_price is None:
        toward = (
            "the source does not say whether it counts toward the price: ask the clinic. "
            "Not in the total above."
        )
    elif deposit.counts_toward_price:
        toward = "it counts toward the price (the total above includes it)."
    else:
        toward = "it is paid on top of the price: add it to the total above."
    return f"{format_cad(deposit.amount, cents=True)}, {kind}; {toward}"


def situation_hint(names: Mapping[str, str] | None) -> str:
    """How to add a situation: its options where the reader types them."""
    facts = ("province", "conditions", "insurance", "work_injury", "veteran")
    said = f" ({', '.join(names.get(f, f) for f in facts)})" if names else ""
    return (
        f"Who may pay: add your situation{said} to see each program's verdict and what you "
        "would pay yourself."
    )


def situation_text(coverage: Coverage) -> str:
    """'Alberta (AB) · Treatment-resistant depression (trd) · treatment iv'."""
    return " · ".join(coverage.facts) if coverage.facts else "nothing stated"


def no_verdicts_text(coverage: Coverage) -> str:
    """What to say when no program has a rule in force on the day."""
    return (
        f"No coverage rule in the data holds on {coverage.as_of.isoformat()}: "
        "who may pay is not known."
    )


def ordered_verdicts(coverage: Coverage) -> list[Verdict]:
    """Programs that may pay first (likely, then possible), then the rest, in data order."""
    order = {name: rank for rank, name in enumerate(VERDICTS)}
    return sorted(coverage.verdicts, key=lambda v: order[v.verdict])


class Row:
    """One row of a verdict table: a program, or a group of programs shown as one."""

    __slots__ = ("label", "verdict", "reasons", "prerequisites")

    def __init__(self, label: str, verdict: str, reasons: tuple, prerequisites: tuple = ()):
        self.label, self.verdict = label, verdict
        self.reasons, self.prerequisites = reasons, prerequisites


def reasons(verdict: Verdict, names: Mapping[str, str] | None) -> tuple[str, ...]:
    """A verdict's reasons, led by what it depends on when facts not given decide."""
    if not verdict.depends_on:
        return verdict.reasons
    return (depends_text(verdict.depends_on, names), *verdict.reasons)


def verdict_rows(coverage: Coverage, names: Mapping[str, str] | None = None) -> list[Row]:
    """The verdict table's rows, in the order of ordered_verdicts: programs of a group
    that are all not-eligible for the same reason (the other provinces' boards) are one
    row, where the first of them would be."""
    from ketacost.coverage import collapsed

    groups = collapsed(coverage.verdicts)
    first = {id(members[0]): key for key, members in groups.items()}
    folded = {id(v) for members in groups.values() for v in members}
    rows = []
    for v in ordered_verdicts(coverage):
        if id(v) in first:
            key = first[id(v)]
            shown = v.program.group.collapse[key[1]]
            rows.append(Row(shown.label, v.verdict, (shown.reason,)))
        elif id(v) not in folded:
            rows.append(Row(v.program.label, v.verdict, reasons(v, names), v.prerequisites))
    return rows


def step_lines(verdict: Verdict) -> list[str]:
    """For a program that may pay: what to do to have it pay (with what each carrier
    named publishes) and where a refusal goes, each a line; none where the data says
    nothing."""
    step = verdict.next_step
    ask: list[str] = []
    refused: list[str] = []
    spravato = verdict.situation.treatment == "spravato"
    for carrier in verdict.carriers:
        if spravato:
            ask.append(
                f"{carrier.name}'s criteria for Spravato: {carrier.spravato}"
                if carrier.spravato
                else f"{carrier.name} publishes no criteria for Spravato in what ketacost read"
            )
        ask.append(
            _named(carrier.name, carrier.ask)
            if carrier.ask
            else f"How to ask {carrier.name} is not published in the sources ketacost has"
        )
        if carrier.refused:
            refused.append(_named(carrier.name, carrier.refused))
    lines = []
    if step is not None or ask:
        said = [step.file] if step is not None else []
        lines.append("What to do: " + " ".join(_sentence(t) for t in (*said, *ask)))
    if step is not None or refused:
        said = [step.appeal] if step is not None else []
        lines.append("If it is refused: " + " ".join(_sentence(t) for t in (*refused, *said)))
    return lines


def step_sources(verdict: Verdict) -> tuple[str, ...]:
    """The ids of the sources of `step_lines`: the next step's, then the carriers'."""
    ids = list(verdict.next_step.sources) if verdict.next_step is not None else []
    ids += [s for carrier in verdict.carriers for s in carrier.sources]
    return tuple(dict.fromkeys(ids))


def _named(name: str, text: str) -> str:
    """A carrier's text, led by its name unless it already names it."""
    return text if name in text[: len(name) + 20] else f"{name}: {text}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def covers_text(verdict: Verdict) -> str | None:
    """'Pays: X, in full. Does not pay: Y.' for a program that may pay."""
    covers = verdict.covers
    if covers is None:
        return None
    if covers.share == ALL:
        text = f"Pays: {covers.pays}, in full. {covers.because}"
    elif covers.share == PART:
        text = f"Pays only part: {covers.pays}."
    else:
        text = f"Pays: {covers.pays}; how much of it is not published."
    if covers.does_not_pay:
        text += f" Does not pay: {'; '.join(covers.does_not_pay)}."
    if covers.assumption:
        text += f" Assumed: {covers.assumption}"
    return text


def changes(coverage: Coverage, names: Mapping[str, str] | None = None) -> list[str]:
    """Every program's 'what would change it', prefixed by the program. In plain words
    (no `names`), changing the treatment is not suggested: a document is about its own."""
    return [
        f"{v.program.label}: {suggestion_text(s, coverage.words, names)}"
        for v in coverage.verdicts
        for s in v.would_change
        if names is not None or "treatment" not in dict(s.changes)
    ]


def coverage_notes(coverage: Coverage) -> list[str]:
    """Every program's notes for this situation, prefixed by the program; then the notes
    about the situation as a whole."""
    notes = [f"{v.program.label}: {text}" for v in coverage.verdicts for text in v.notes]
    return notes + list(coverage.notes)


def out_of_pocket_text(oop: OutOfPocket, short: bool = False) -> str:
    """'$0.00–$5,400.00 CAD'; 'more than $0 to $7,000.00 CAD' when programs pay part and
    how much is not published; 'not published to $7,000.00 CAD' when the best case is
    not known. `short`: whole dollars where there are no cents, no 'CAD' (a table cell)."""
    from ketacost.outofpocket import BEST_PART

    money = oop.range
    if money.low is None and money.high is not None:
        low = "more than $0" if oop.best == BEST_PART else "not published"
        high = format_cad(money.high, cents=not short)
        return f"{low} to {high}" if short else f"{low} to {high} CAD"
    return format_range(money) if short else total_text(money)


def best_case_text(oop: OutOfPocket, names: Mapping[str, str] | None = None) -> str:
    """The best case in words, with what it depends on when facts not given decide."""
    if not oop.depends_on:
        return oop.best_case
    return f"{oop.best_case} {depends_text(oop.depends_on, names)}"


def figure_lines(estimate: Estimate, cite: Callable[[str], str] | None = None) -> list[str]:
    """Each dated value the estimate used: its key, value, date and source; then each
    phase's arithmetic. With `cite` (source id -> how a document names it), no key path
    and no source id is shown."""
    lines = []
    for figure in estimate.figures:
        value = figure.value
        shown = format_range(value, cents=True) if isinstance(value, MoneyRange) else str(value)
        if cite is None:
            lines.append(
                f"{figure.key} = {shown} (holds from {figure.since.isoformat()}; {figure.source})"
            )
        else:
            lines.append(f"{shown} (holds from {figure.since.isoformat()}; {cite(figure.source)})")
    for phase in estimate.phases:
        lines.append(f"{phase.label}: {format_range(phase.cost, cents=True)} ({phase.basis})")
    tax = estimate.tax
    for credit in (tax.federal, tax.provincial) if tax is not None else ():
        for figure in credit.figures if credit is not None else ():
            # A threshold is an amount; a rate, a share or the abatement a fraction.
            shown = (
                format_cad(figure.value, cents=True) if figure.value >= 1 else percent(figure.value)
            )
            where = figure.source if cite is None else cite(figure.source)
            key = f"{figure.key} = " if cite is None else f"{credit.rule.label}: "
            lines.append(f"{key}{shown} (tax year {figure.since.year}; {where})")
    return lines
