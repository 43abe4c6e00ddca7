"""Words shared by the core and the edges, in English: money and session counts as a
person reads them, a situation's facts in a person's words, what would change a
verdict, and lists joined in prose.

Where a text names a fact or a request's field, the edge says how (`names`): the CLI
by its options (ketacost.cli.names), a batch by its columns (ketacost.batch); without
names, as a document for a patient does, in plain words, with no option and no id.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from ketacost.model.money import MoneyRange, SessionRange, to_cents
from ketacost.model.situation import FACTS, Situation, Vocabulary

# The two switches in words: (when on, when off). The one wording of these facts, in
# verdicts, in the situation shown and in what would change a verdict.
SWITCH_WORDS = {
    "work_injury": (
        "an accepted workers' compensation claim for this condition",
        "no accepted workers' compensation claim",
    ),
    "veteran": (
        "VAC client status for a service-related condition",
        "no VAC client status for a service-related condition",
    ),
}
# Each fact in plain words, for a document that names no option: "It depends on what
# was not given: your province or territory."
PLAIN_NAMES = {
    "province": "your province or territory",
    "claim_province": "the province of your claim",
    "conditions": "your condition",
    "failed_antidepressants": "how many antidepressants have not worked",
    "work_injury": "an accepted workers' compensation claim",
    "veteran": "VAC client status",
    "insurance": "your insurance",
    "federal_plans": "a federal health plan",
    "treatment": "the treatment",
}


def format_cad(amount: Decimal | None, *, cents: bool = False) -> str:
    """`$1,234`, or `$1,234.56` with cents (or when the amount has cents); None: not published."""
    if amount is None:
        return "not published"
    rounded = to_cents(amount)
    if not cents and rounded == rounded.to_integral_value():
        return f"${rounded:,.0f}"
    return f"${rounded:,.2f}"


def format_range(money: MoneyRange, *, cents: bool = False) -> str:
    """`$375–$1,000`; `from $1,585` when only the low is published, `up to $900` for the high."""
    if money.is_unknown:
        return "not published"
    if money.high is None:
        return f"from {format_cad(money.low, cents=cents)}"
    if money.low is None:
        return f"up to {format_cad(money.high, cents=cents)}"
    if money.low == money.high:
        return format_cad(money.low, cents=cents)
    return f"{format_cad(money.low, cents=cents)}–{format_cad(money.high, cents=cents)}"


def format_sessions(sessions: SessionRange | None) -> str:
    """`6`, `4–8`, or `not published` for None."""
    if sessions is None:
        return "not published"
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
        return f"a claim in {name} ({value})" if ids else f"a claim in {name}"
    if fact == "conditions":
        name = words.conditions.get(value, value)
        return f"{name} ({value})" if ids else name
    if fact == "failed_antidepressants":
        return trials(value)
    if fact in SWITCH_WORDS:
        yes, no = SWITCH_WORDS[fact]
        return yes if value else no
    if fact == "insurance":
        return words.insurance.get(value, value)
    if fact == "federal_plans":
        return words.federal_plans.get(value, value)
    return f"treatment {value}"


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
    said = [(names or PLAIN_NAMES).get(fact, fact) for fact in facts]
    return f"It depends on what was not given: {', '.join(said)}."


def suggestion_text(suggestion, words: Vocabulary, names: Mapping[str, str] | None = None) -> str:
    """'With an accepted workers' compensation claim for this condition (--work-injury):
    likely.' for a ketacost.wouldchange.Suggestion; with several conditions, 'For
    Treatment-resistant depression (trd): With ...'. Without `names`, no option and no id."""
    changes = listed([_change_text(f, v, words, names) for f, v in suggestion.changes])
    text = f"With {changes}: {suggestion.verdict}."
    if suggestion.condition is not None:
        return (
            f"For {describe_fact('conditions', suggestion.condition, words, bool(names))}: {text}"
        )
    return text


def _change_text(fact: str, value: object, words: Vocabulary, names) -> str:
    if names is None:  # plain words: the fact as it would then be
        return (
            describe_fact(fact, value, words, ids=False)
            if fact != "failed_antidepressants"
            else (f"{value} or more failed antidepressant trials")
        )
    flag = names.get(fact, fact)
    if fact in SWITCH_WORDS:
        return f"{SWITCH_WORDS[fact][0]} ({flag})"
    if fact == "failed_antidepressants":
        return f"{value} or more failed antidepressant trials ({flag} {value})"
    if fact in ("insurance", "federal_plans"):
        return f"{describe_fact(fact, value, words)} ({flag} {value})"
    if fact == "conditions":
        return f"{flag} {value[0] if isinstance(value, tuple) else value}"
    return f"{flag} {value}"


def trials(count: int) -> str:
    """'1 failed antidepressant trial', '2 failed antidepressant trials'."""
    return f"{count} failed antidepressant trial{'' if count == 1 else 's'}"


def listed(items, last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (or with `last` = "or")."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]
