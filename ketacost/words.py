"""Words shared by the core and the edges, in English: money and session counts as a
person reads them, a situation's facts in a person's words, what would change a
verdict, and lists joined in prose.

Where a text names a fact or a request's field, the edge says how (`names`): the CLI
by its options (ketacost.cli.names), a batch by its columns (ketacost.batch); without
names, as a document for a patient does, in plain words, with no option and no id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from ketacost import i18n
from ketacost.i18n import N_, _
from ketacost.model.money import MoneyRange, SessionRange, to_cents
from ketacost.model.situation import FACTS, Situation, Vocabulary

# The two switches in words: (when on, when off). The one wording of these facts, in
# verdicts, in the situation shown and in what would change a verdict.
SWITCH_WORDS = {
    "work_injury": (
        N_("an accepted workers' compensation claim for this condition"),
        N_("no accepted workers' compensation claim"),
    ),
    "veteran": (
        N_("VAC client status for a service-related condition"),
        N_("no VAC client status for a service-related condition"),
    ),
}
# Each fact in plain words, for a document that names no option: "It depends on what
# was not given: your province or territory."
PLAIN_NAMES = {
    "province": N_("your province or territory"),
    "claim_province": N_("the province of your claim"),
    "conditions": N_("your condition"),
    "failed_antidepressants": N_("how many antidepressants have not worked"),
    "work_injury": N_("an accepted workers' compensation claim"),
    "veteran": N_("VAC client status"),
    "insurance": N_("your insurance"),
    "federal_plans": N_("a federal health plan"),
    "treatment": N_("the treatment"),
}


# A verdict as a person reads it (the id stays in JSON and CSV).
VERDICT_WORDS = {
    "likely": N_("likely"),
    "possible": N_("possible"),
    "unlikely": N_("unlikely"),
    "not-eligible": N_("not-eligible"),
}


# A source's weight as a person reads it (the id stays in JSON).
STATUS_WORDS = {"official": N_("official"), "secondary": N_("secondary")}


def status_word(status: str) -> str:
    """'secondary' in the language ketacost writes in ('secondaire' in French)."""
    return _(STATUS_WORDS.get(status, status))


def verdict_word(verdict: str) -> str:
    """'likely' in the language ketacost writes in ('probable' in French)."""
    return _(VERDICT_WORDS.get(verdict, verdict))


def format_cad(amount: Decimal | None, *, cents: bool = False) -> str:
    """`$1,234`, or `$1,234.56` with cents (or when the amount has cents); None: not
    published. In French, as Babel writes Canadian French: `1 234 $`, `1 234,56 $`."""
    if amount is None:
        return _("not published")
    rounded = to_cents(amount)
    whole = not cents and rounded == rounded.to_integral_value()
    if i18n.current() != i18n.ENGLISH:
        return _localized_cad(rounded, whole)
    if whole:
        return f"${rounded:,.0f}"
    return f"${rounded:,.2f}"


def _localized_cad(amount: Decimal, whole: bool) -> str:
    from babel.numbers import format_decimal

    number = format_decimal(
        amount, format="#,##0" if whole else "#,##0.00", locale=i18n.babel_locale()
    )
    return f"{number}\u00a0$"


def format_day(day: dt.date) -> str:
    """A day in prose: `2026-11-29` in English (as the data writes it); in French, as
    Babel writes it: `29 novembre 2026`."""
    if i18n.current() == i18n.ENGLISH:
        return day.isoformat()
    from babel.dates import format_date

    said = format_date(day, format="long", locale=i18n.babel_locale())
    # French writes the first of the month as an ordinal: "1er janvier 2027".
    if i18n.current() == i18n.FRENCH and day.day == 1 and said.startswith("1 "):
        said = "1er " + said[2:]
    return said


def format_number(number: Decimal | int, places: int | None = None) -> str:
    """A number in prose: `14.5`, `60,000` in English; `14,5`, `60 000` in French."""
    if i18n.current() == i18n.ENGLISH:
        return f"{number:,}" if places is None else f"{number:,.{places}f}"
    from babel.numbers import format_decimal

    pattern = "#,##0.###" if places is None else "#,##0." + "0" * places
    return format_decimal(number, format=pattern, locale=i18n.babel_locale())


def format_range(money: MoneyRange, *, cents: bool = False) -> str:
    """`$375–$1,000`; `from $1,585` when only the low is published, `up to $900` for the high."""
    if money.is_unknown:
        return _("not published")
    if money.high is None:
        return _("from {amount}").format(amount=format_cad(money.low, cents=cents))
    if money.low is None:
        return _("up to {amount}").format(amount=format_cad(money.high, cents=cents))
    if money.low == money.high:
        return format_cad(money.low, cents=cents)
    return f"{format_cad(money.low, cents=cents)}–{format_cad(money.high, cents=cents)}"


def format_sessions(sessions: SessionRange | None) -> str:
    """`6`, `4–8`, or `not published` for None."""
    if sessions is None:
        return _("not published")
    if sessions.is_single:
        return str(sessions.low)
    return f"{sessions.low}–{sessions.high}"


def describe_fact(fact: str, value: object, words: Vocabulary, ids: bool = True) -> str:
    """One fact in a person's words: 'Alberta (AB)', 'an accepted work-injury claim';
    without `ids`, no code or id in parentheses ('Alberta')."""
    if fact == "province":
        name = words.provinces.get(value, value)
        return f"{name} ({value})" if ids else name
    if fact == "claim_province":
        name = words.provinces.get(value, value)
        if ids:
            return _("a claim in {province} ({code})").format(province=name, code=value)
        return _("a claim in {province}").format(province=name)
    if fact == "conditions":
        name = words.conditions.get(value, value)
        return f"{name} ({value})" if ids else name
    if fact == "failed_antidepressants":
        return trials(value)
    if fact in SWITCH_WORDS:
        yes, no = SWITCH_WORDS[fact]
        return _(yes) if value else _(no)
    if fact == "insurance":
        return words.insurance.get(value, value)
    if fact == "federal_plans":
        return words.federal_plans.get(value, value)
    return _("treatment {treatment}").format(treatment=value)


def describe_situation(situation: Situation, words: Vocabulary, ids: bool = True) -> list[str]:
    """Every fact that was given, in a person's words; without `ids`, no code or id (and
    no treatment id: a document names the treatment by its label)."""
    shown = []
    for fact in FACTS:
        value = getattr(situation, fact)
        if fact in ("insurance", "federal_plans"):
            shown += [describe_fact(fact, v, words, ids) for v in sorted(value)]
        elif fact == "conditions":
            shown += [describe_fact(fact, v, words, ids) for v in value or ()]
        elif fact == "claim_province" and value == situation.province:
            continue
        elif fact == "treatment" and not ids:
            continue
        elif value is not None and value is not False:
            shown.append(describe_fact(fact, value, words, ids))
    return shown


def depends_text(facts, names: Mapping[str, str] | None = None) -> str:
    """'It depends on what was not given: --province.' (`names`: how the edge names the
    facts; None: in plain words)."""
    if names:
        said = [names.get(fact, fact) for fact in facts]
    else:
        said = [_(PLAIN_NAMES[fact]) if fact in PLAIN_NAMES else fact for fact in facts]
    return _("It depends on what was not given: {facts}.").format(facts=", ".join(said))


def suggestion_text(suggestion, words: Vocabulary, names: Mapping[str, str] | None = None) -> str:
    """'With an accepted workers' compensation claim for this condition (--work-injury):
    likely.' for a ketacost.wouldchange.Suggestion; with several conditions, 'For
    Treatment-resistant depression (trd): With ...'. Without `names`, no option and no id."""
    changes = listed([_change_text(f, v, words, names) for f, v in suggestion.changes])
    text = _("With {changes}: {verdict}.").format(
        changes=changes, verdict=verdict_word(suggestion.verdict)
    )
    if suggestion.condition is not None:
        condition = describe_fact("conditions", suggestion.condition, words, bool(names))
        return _("For {condition}: {text}").format(condition=condition, text=text)
    return text


def _change_text(fact: str, value: object, words: Vocabulary, names) -> str:
    if names is None:  # plain words: the fact as it would then be
        return (
            describe_fact(fact, value, words, ids=False)
            if fact != "failed_antidepressants"
            else _("{count} or more failed antidepressant trials").format(count=value)
        )
    flag = names.get(fact, fact)
    if fact in SWITCH_WORDS:
        return f"{_(SWITCH_WORDS[fact][0])} ({flag})"
    if fact == "failed_antidepressants":
        return _("{count} or more failed antidepressant trials ({option} {count})").format(
            count=value, option=flag
        )
    if fact in ("insurance", "federal_plans"):
        return f"{describe_fact(fact, value, words)} ({flag} {value})"
    if fact == "conditions":
        return f"{flag} {value[0] if isinstance(value, tuple) else value}"
    return f"{flag} {value}"


def trials(count: int) -> str:
    """'1 failed antidepressant trial', '2 failed antidepressant trials'."""
    if count == 1:
        return _("{count} failed antidepressant trial").format(count=count)
    return _("{count} failed antidepressant trials").format(count=count)


# The last two items of a list, joined by "and" or by "or" (`listed`'s `last`).
_LAST_TWO = {"and": N_("{items} and {last}"), "or": N_("{items} or {last}")}


def listed(items, last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (or with `last` = "or")."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    head = ", ".join(items[:-1])
    if last not in _LAST_TWO:
        return head + f" {last} " + items[-1]
    return _(_LAST_TWO[last]).format(items=head, last=items[-1])


def alternatives(items) -> str:
    """'a', 'a or b', 'a or b or c': every item joined by "or"."""
    items = list(items)
    said = "".join(items[:1])
    for item in items[1:]:
        said = _(_LAST_TWO["or"]).format(items=said, last=item)
    return said
