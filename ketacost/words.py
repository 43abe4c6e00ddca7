"""Words shared by the core and the edges, in English: money and session counts as a
person reads them, a situation's facts in a person's words, and lists joined in prose.

(The CLI names facts by their flags, batch by its columns: see ketacost.cli.names and
ketacost.batch; a document for a patient names them in plain words.)
"""

from __future__ import annotations

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
# The command-line flag that states each fact.
FLAGS = {
    "province": "--province",
    "claim_province": "--claim-province",
    "conditions": "--condition",
    "failed_antidepressants": "--failed-antidepressants",
    "work_injury": "--work-injury",
    "veteran": "--veteran",
    "insurance": "--insurance",
    "federal_plans": "--federal-plan",
    "treatment": "--treatment",
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


def describe_fact(fact: str, value: object, words: Vocabulary) -> str:
    """One fact in a person's words: 'Alberta (AB)', 'an accepted work-injury claim'."""
    if fact == "province":
        return f"{words.provinces.get(value, value)} ({value})"
    if fact == "claim_province":
        return f"a claim in {words.provinces.get(value, value)} ({value})"
    if fact == "conditions":
        return f"{words.conditions.get(value, value)} ({value})"
    if fact == "failed_antidepressants":
        return f"{value} failed antidepressant trial{'' if value == 1 else 's'}"
    if fact in SWITCH_WORDS:
        yes, no = SWITCH_WORDS[fact]
        return yes if value else no
    if fact == "insurance":
        return words.insurance.get(value, value)
    if fact == "federal_plans":
        return words.federal_plans.get(value, value)
    return f"treatment {value}"


def describe_situation(situation: Situation, words: Vocabulary) -> list[str]:
    """Every fact that was given, in a person's words."""
    shown = []
    for fact in FACTS:
        value = getattr(situation, fact)
        if fact in ("insurance", "federal_plans"):
            shown += [describe_fact(fact, v, words) for v in sorted(value)]
        elif fact == "conditions":
            shown += [describe_fact(fact, v, words) for v in value or ()]
        elif fact == "claim_province" and value == situation.province:
            continue
        elif value is not None and value is not False:
            shown.append(describe_fact(fact, value, words))
    return shown


def listed(items, last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (or with `last` = "or")."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]
