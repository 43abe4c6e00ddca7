"""What a health spending account pays and the medical expense tax credits, in words,
shared by every text renderer (table, markdown, the quote): for the account, a heading
and what it pays and leaves; for the credits, a heading, a line per credit, the total
and what is left, the notes, and the refundable supplement where it may apply."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from ketacost.words import format_cad, format_range, listed

if TYPE_CHECKING:
    from ketacost.hsa import SpendingAccount
    from ketacost.tax import Credit, TaxCredits

# A credit's values, as a person reads them.
_VALUE_WORDS = {
    "rate": "rate",
    "income_share": "share of income",
    "threshold": "fixed threshold",
    "quebec_abatement": "Quebec abatement",
}


def account_heading(hsa: SpendingAccount) -> str:
    """'Health spending account ($1,500.00 left this year)'."""
    return f"{hsa.label} ({format_cad(hsa.balance, cents=True)} left this year)"


def account_lines(hsa: SpendingAccount, credits_after: bool = False) -> list[str]:
    """What the account pays, why, and what the person pays after it; with
    `credits_after`, that the credits are worked out on what is left."""
    qualifies = hsa.qualifies.qualifies
    why = hsa.qualifies.why.rstrip(".")
    left = format_range(hsa.left, cents=True)
    if qualifies == "no":
        lines = [f"It pays nothing for this treatment. {why}."]
    elif qualifies == "usually":
        lines = [
            f"It pays {format_range(hsa.pays, cents=True)}: what qualifies as a medical "
            f"expense, up to what is left in it. {why}.",
            f"After it you pay: {left}.",
        ]
    else:
        most = format_cad(hsa.pays.high, cents=True) if hsa.pays.high is not None else None
        upto = f"up to {most}" if most else "an amount not published"
        lines = [
            f"It may pay {upto}, but only if the fees qualify as a medical expense, which "
            f"is not certain here. {why}. So only the best case counts on it; the worst "
            "case is as before.",
            f"After it you pay: {left}.",
        ]
    if credits_after:
        lines.append(
            "The tax credits below are worked out on what is left after it: what the "
            "account pays cannot also be claimed."
        )
    return lines


def account_answer(hsa: SpendingAccount) -> str:
    """The account in the answer's lines: what it may pay and what is left."""
    label = f"Your {hsa.label[0].lower()}{hsa.label[1:]}"
    left = format_range(hsa.left, cents=True)
    if hsa.qualifies.qualifies == "no":
        return f"{label} pays nothing for this treatment (its fees do not qualify)."
    if hsa.qualifies.qualifies == "usually":
        return f"{label} pays {format_range(hsa.pays, cents=True)}: after it you pay {left}."
    most = format_cad(hsa.pays.high, cents=True) if hsa.pays.high is not None else "some"
    return (
        f"{label} may pay up to {most} if the fees qualify (not certain): after it you pay {left}."
    )


def heading(tax: TaxCredits) -> str:
    """'Tax credits for medical expenses, tax year 2025 (net income $60,000.00)'."""
    return (
        f"Tax credits for medical expenses, tax year {tax.year} "
        f"(net income {format_cad(tax.net_income, cents=True)})"
    )


def credit_lines(
    tax: TaxCredits, provinces: Mapping[str, str], names: Mapping[str, str] | None = None
) -> list[str]:
    """A line per credit (federal, then the province's or why there is none), then the
    total and what the course costs after it. `provinces`: code -> name; `names`: how
    to name a fact the reader could give (None: in plain words)."""
    lines = [credit_line(tax.federal, names)]
    if tax.provincial is not None:
        lines.append(credit_line(tax.provincial, names))
    elif tax.provincial_missing == "no-province":
        said = _said("province", names)
        lines.append(f"Provincial credit: not computed: your province is not given{said}.")
    else:
        name = provinces.get(tax.province or "", tax.province or "")
        lines.append(
            f"{name}'s credit: not in ketacost's data (no sourced rate and threshold was "
            "found), so it is not counted here."
        )
    lines.append(total_line(tax, provinces))
    return lines


def credit_line(credit: Credit, names: Mapping[str, str] | None = None) -> str:
    """'Federal medical expense tax credit: $65.25–$522.00 (14.5% of what you pay above
    $1,800.00: the lesser of 3% of your net income and $2,834.00; lines 33099 and 33199
    of the federal return).' or why it has no figure."""
    rule = credit.rule
    if credit.missing == "not-published":
        values = listed([_VALUE_WORDS.get(a, a) for a in credit.absent])
        verb = "is" if len(credit.absent) == 1 else "are"
        return (
            f"{rule.label}: not computed: its {values} for {credit.year} {verb} not published "
            "in the sources ketacost has."
        )
    if credit.missing == "needs-family-income":
        return (
            f"{rule.label}: not computed: it is worked out on your family income (yours and "
            f"your spouse's){_said('family_income', names)}."
        )
    assert credit.rate is not None and credit.income_share is not None
    share = percent(credit.income_share.value)
    if credit.threshold is not None:
        above = (
            f"the lesser of {share} of your net income and "
            f"{format_cad(credit.threshold.value, cents=True)}"
        )
    elif rule.income == "family-income":
        above = f"{share} of your family income"
    else:
        above = f"{share} of your net income"
    deducted = format_cad(credit.deducted, cents=True)
    how = f"{percent(credit.rate.value)} of what you pay above {deducted}: {above}"
    if credit.abatement is not None:
        how += f"; less the Quebec abatement of {percent(credit.abatement.value)}"
    return f"{rule.label}: {format_range(credit.amount, cents=True)} ({how}; {rule.where_claimed})."


def total_line(tax: TaxCredits, provinces: Mapping[str, str]) -> str:
    """The credits counted, added, and what the course costs after them."""
    if not tax.federal.computed:
        return (
            f"What the course costs after credits is not known: the federal credit for "
            f"{tax.year} cannot be computed."
        )
    if len(tax.includes) == 1:
        total = f"Credit counted: {format_range(tax.total, cents=True)} (the federal credit only)"
    else:
        total = f"Credits counted: {format_range(tax.total, cents=True)}"
    return (
        f"{total}. After them you pay: {format_range(tax.after_credits, cents=True)} "
        "(what you pay yourself, less the credits)."
    )


def supplement_line(tax: TaxCredits) -> str | None:
    """Where the refundable supplement may apply: its conditions for the year."""
    s = tax.supplement
    if s is None:
        return None
    return (
        f"You may also get the refundable medical expense supplement (line 45200) for "
        f"{s.year}: up to {format_cad(s.maximum.value, cents=True)} "
        f"({percent(s.share.value)} of your allowable medical expenses), less "
        f"{percent(s.reduction_rate.value)} of your family's net income above "
        f"{format_cad(s.reduction_start.value, cents=True)}, if you earned at least "
        f"{format_cad(s.minimum_earnings.value, cents=True)} from work. ketacost does not "
        "compute it: it depends on your family's income and your earnings."
    )


def notes(tax: TaxCredits) -> list[str]:
    """The notes every tax answer gives, then the supplement's where it may apply."""
    found = [note.text for note in tax.notes]
    supplement = supplement_line(tax)
    if supplement:
        found.append(supplement)
    return found


def percent(share: Decimal) -> str:
    """0.145 -> '14.5%'; 0.03 -> '3%'."""
    text = f"{share * 100:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def _said(fact: str, names: Mapping[str, str] | None) -> str:
    return f" ({names[fact]})" if names and fact in names else ""
