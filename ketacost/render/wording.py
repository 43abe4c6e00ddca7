"""What the text renderers share: headings, totals, deposits, verdicts and their
reasons, the out-of-pocket range, how each figure was found, the disclaimer.

What only a comparison says is in ketacost.render.comparing; the answer a person reads
first, in ketacost.render.answer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from ketacost.i18n import N_, _
from ketacost.model.coverage import ALL, PART, VERDICTS
from ketacost.model.money import MoneyRange
from ketacost.words import (
    depends_text,
    format_cad,
    format_day,
    format_range,
    format_sessions,
    suggestion_text,
)

DISCLAIMER = N_("Estimate only — not medical or insurance advice.")

if TYPE_CHECKING:
    from ketacost.coverage import Coverage
    from ketacost.estimate import Estimate
    from ketacost.outofpocket import OutOfPocket
    from ketacost.verdict import Verdict


def heading(estimate: Estimate) -> str:
    """'IV ketamine infusion, 6 sessions' or 'ATMA CENA: Psychedelic Pathway, 6 sessions'."""
    if estimate.program is not None:
        what = _("{clinic}: {program}").format(
            clinic=estimate.clinic.name, program=estimate.program.label
        )
    else:
        what = estimate.treatment.label
    if estimate.sessions is None:
        return what
    count = format_sessions(estimate.sessions)
    if estimate.plan is None:
        template = _("{what}, {count} session") if count == "1" else _("{what}, {count} sessions")
        return template.format(what=what, count=count)
    if count == "1":
        template = _("{what}, {count} session (plan '{plan}')")
    else:
        template = _("{what}, {count} sessions (plan '{plan}')")
    return template.format(what=what, count=count, plan=estimate.plan.id)


def subheading(estimate: Estimate) -> str | None:
    """For a clinic's program: which treatment it is and what the program is."""
    if estimate.program is None:
        return None
    treatment = estimate.treatment.label
    if estimate.program.description:
        return _("Treatment: {treatment}. {description}").format(
            treatment=treatment, description=estimate.program.description
        )
    return _("Treatment: {treatment}.").format(treatment=treatment)


def as_of_line(estimates: list[Estimate], as_of) -> str:
    """'Prices as of 2026-11-22; the figures used hold from 2026-05-05.'"""
    dates = sorted({f.since for e in estimates for f in e.figures})
    day = format_day(as_of)
    if not dates:
        return _("Prices as of {day}.").format(day=day)
    since = format_day(dates[0])
    if len(dates) == 1:
        return _("Prices as of {day}; the figures used hold from {since}.").format(
            day=day, since=since
        )
    return _("Prices as of {day}; the figures used hold from {since} to {until}.").format(
        day=day, since=since, until=format_day(dates[-1])
    )


def total_text(money: MoneyRange) -> str:
    """The total as a person reads it, saying plainly which bound is not published."""
    if money.is_unknown:
        return _("not published")
    amount = format_range(money, cents=True)
    if money.high is None:
        return _("{amount} CAD (no upper price is published)").format(amount=amount)
    if money.low is None:
        return _("{amount} CAD (no lower price is published)").format(amount=amount)
    return _("{amount} CAD").format(amount=amount)


def deposit_text(estimate: Estimate) -> str | None:
    """'Deposit: $300.00, non-refundable; the source does not say whether it counts
    toward the price: ask the clinic.' or None."""
    if estimate.deposit is None:
        return None
    return _("Deposit: {deposit}").format(deposit=deposit_words(estimate.deposit.value))


def deposit_words(deposit) -> str:
    """A deposit, whether it comes back, and whether it is paid on top of the price."""
    kind = _("refundable") if deposit.refundable else _("non-refundable")
    if deposit.counts_toward_price is None:
        toward = _(
            "the source does not say whether it counts toward the price: ask the clinic. "
            "Not in the total above."
        )
    elif deposit.counts_toward_price:
        toward = _("it counts toward the price (the total above includes it).")
    else:
        toward = _("it is paid on top of the price: add it to the total above.")
    return _("{amount}, {kind}; {toward}").format(
        amount=format_cad(deposit.amount, cents=True), kind=kind, toward=toward
    )


def situation_hint(names: Mapping[str, str] | None) -> str:
    """How to add a situation: its options where the reader types them."""
    facts = ("province", "conditions", "insurance", "work_injury", "veteran")
    if not names:
        return _(
            "Who may pay: add your situation to see each program's verdict and what you "
            "would pay yourself."
        )
    return _(
        "Who may pay: add your situation ({options}) to see each program's verdict and what "
        "you would pay yourself."
    ).format(options=", ".join(names.get(f, f) for f in facts))


def situation_text(coverage: Coverage) -> str:
    """'Alberta (AB) · Treatment-resistant depression (trd) · treatment iv'."""
    return " · ".join(coverage.facts) if coverage.facts else _("nothing stated")


def no_verdicts_text(coverage: Coverage) -> str:
    """What to say when no program has a rule in force on the day."""
    return _("No coverage rule in the data holds on {day}: who may pay is not known.").format(
        day=format_day(coverage.as_of)
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
    treatment = verdict.situation.treatment
    for carrier in verdict.carriers:
        if treatment in carrier.criteria:
            criteria = carrier.criteria[treatment]
            ask.append(
                _("{carrier}'s criteria for this treatment: {criteria}").format(
                    carrier=carrier.name, criteria=criteria
                )
                if criteria
                else _(
                    "{carrier} publishes no criteria for this treatment in what ketacost read"
                ).format(carrier=carrier.name)
            )
        ask.append(
            _named(carrier.name, carrier.ask)
            if carrier.ask
            else _("How to ask {carrier} is not published in the sources ketacost has").format(
                carrier=carrier.name
            )
        )
        if carrier.refused:
            refused.append(_named(carrier.name, carrier.refused))
    lines = []
    if step is not None or ask:
        said = [step.file] if step is not None else []
        steps = " ".join(_sentence(t) for t in (*said, *ask))
        lines.append(_("What to do: {steps}").format(steps=steps))
    if step is not None or refused:
        said = [step.appeal] if step is not None else []
        steps = " ".join(_sentence(t) for t in (*refused, *said))
        lines.append(_("If it is refused: {steps}").format(steps=steps))
    return lines


def step_sources(verdict: Verdict) -> tuple[str, ...]:
    """The ids of the sources of `step_lines`: the next step's, then the carriers'."""
    ids = list(verdict.next_step.sources) if verdict.next_step is not None else []
    ids += [s for carrier in verdict.carriers for s in carrier.sources]
    return tuple(dict.fromkeys(ids))


def _named(name: str, text: str) -> str:
    """A carrier's text, led by its name unless it already names it."""
    return text if name in text else _("{name}: {text}").format(name=name, text=text)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def covers_text(verdict: Verdict) -> str | None:
    """'Pays: X, in full. Does not pay: Y.' for a program that may pay."""
    covers = verdict.covers
    if covers is None:
        return None
    if covers.share == ALL:
        text = _("Pays: {pays}, in full. {because}").format(
            pays=covers.pays, because=covers.because
        )
    elif covers.share == PART:
        text = _("Pays only part: {pays}.").format(pays=covers.pays)
    else:
        text = _("Pays: {pays}; how much of it is not published.").format(pays=covers.pays)
    if covers.does_not_pay:
        text += " " + _("Does not pay: {items}.").format(items="; ".join(covers.does_not_pay))
    if covers.assumption:
        text += " " + _("Assumed: {assumption}").format(assumption=covers.assumption)
    return text


def changes(coverage: Coverage, names: Mapping[str, str] | None = None) -> list[str]:
    """Every program's 'what would change it', prefixed by the program. In plain words
    (no `names`), changing the treatment is not suggested: a document is about its own."""
    return [
        _("{name}: {text}").format(
            name=v.program.label, text=suggestion_text(s, coverage.words, names)
        )
        for v in coverage.verdicts
        for s in v.would_change
        if names is not None or "treatment" not in dict(s.changes)
    ]


def coverage_notes(coverage: Coverage) -> list[str]:
    """Every program's notes for this situation, prefixed by the program; then the notes
    about the situation as a whole."""
    notes = [
        _("{name}: {text}").format(name=v.program.label, text=text)
        for v in coverage.verdicts
        for text in v.notes
    ]
    return notes + list(coverage.notes)


def out_of_pocket_text(oop: OutOfPocket, short: bool = False) -> str:
    """'$0.00–$5,400.00 CAD'; 'more than $0 to $7,000.00 CAD' when programs pay part and
    how much is not published; 'not published to $7,000.00 CAD' when the best case is
    not known. `short`: whole dollars where there are no cents, no 'CAD' (a table cell)."""
    from ketacost.outofpocket import BEST_PART

    money = oop.range
    if money.low is None and money.high is not None:
        low = _("more than $0") if oop.best == BEST_PART else _("not published")
        high = format_cad(money.high, cents=not short)
        template = _("{low} to {high}") if short else _("{low} to {high} CAD")
        return template.format(low=low, high=high)
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
        since = format_day(figure.since)
        if cite is None:
            lines.append(
                _("{key} = {value} (holds from {since}; {source})").format(
                    key=figure.key, value=shown, since=since, source=figure.source
                )
            )
        else:
            lines.append(
                _("{value} (holds from {since}; {source})").format(
                    value=shown, since=since, source=cite(figure.source)
                )
            )
    for phase in estimate.phases:
        lines.append(
            _("{phase}: {cost} ({basis})").format(
                phase=phase.label, cost=format_range(phase.cost, cents=True), basis=phase.basis
            )
        )
    tax = estimate.tax
    if tax is not None:
        from ketacost.render.credits import percent
    for credit in (tax.federal, tax.provincial) if tax is not None else ():
        for figure in credit.figures if credit is not None else ():
            # A threshold is an amount; a rate, a share or the abatement a fraction.
            shown = (
                format_cad(figure.value, cents=True) if figure.value >= 1 else percent(figure.value)
            )
            year = str(figure.since.year)
            if cite is None:
                line = _("{key} = {value} (tax year {year}; {source})").format(
                    key=figure.key, value=shown, year=year, source=figure.source
                )
            else:
                line = _("{credit}: {value} (tax year {year}; {source})").format(
                    credit=credit.rule.label, value=shown, year=year, source=cite(figure.source)
                )
            lines.append(line)
    return lines
