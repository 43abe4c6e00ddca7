"""What a health spending account pays and the medical expense tax credits, in words,
shared by every text renderer (table, markdown, the quote): for the account, a heading
and what it pays and leaves; for the credits, a heading, a line per credit, the total
and what is left, the notes, and the refundable supplement where it may apply."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from ketacost import i18n
from ketacost.i18n import N_, _
from ketacost.model.tax import DOES_NOT, USUALLY
from ketacost.words import format_cad, format_number, format_range, listed

if TYPE_CHECKING:
    from ketacost.hsa import SpendingAccount
    from ketacost.outofpocket import OutOfPocket
    from ketacost.tax import Credit, TaxCredits

# A credit's values, as a person reads them.
_VALUE_WORDS = {
    "rate": N_("rate"),
    "income_share": N_("share of income"),
    "threshold": N_("fixed threshold"),
    "quebec_abatement": N_("Quebec abatement"),
}


def account_heading(hsa: SpendingAccount) -> str:
    """'Health spending account ($1,500.00 left this year)'."""
    return _("{account} ({balance} left this year)").format(
        account=hsa.label, balance=format_cad(hsa.balance, cents=True)
    )


def left_text(hsa: SpendingAccount, paid: OutOfPocket, short: bool = False) -> str:
    """What the person pays after the account: as the out-of-pocket range says it where the
    account pays nothing ('more than $0 to $8,400.00 CAD' stays so), else the range left."""
    if not hsa.pays.high and hsa.left == paid.range:
        from ketacost.render.wording import out_of_pocket_text

        return out_of_pocket_text(paid, short=short)
    return format_range(hsa.left, cents=not short)


def account_lines(
    hsa: SpendingAccount, paid: OutOfPocket, credits_after: bool = False
) -> list[str]:
    """What the account pays, why, and what the person pays after it (`paid`: the
    out-of-pocket range it pays from); with `credits_after`, that the credits are worked
    out on what is left."""
    qualifies = hsa.qualifies.qualifies
    why = hsa.qualifies.why.rstrip(".")
    left = left_text(hsa, paid)
    after = _("After it you pay: {amount}.").format(amount=left)
    if qualifies == DOES_NOT:
        lines = [_("It pays nothing for this treatment. {why}.").format(why=why)]
    elif qualifies == USUALLY:
        lines = [
            _(
                "It pays {amount}: what qualifies as a medical expense, up to what is left in "
                "it. {why}."
            ).format(amount=format_range(hsa.pays, cents=True), why=why),
            after,
        ]
    else:
        most = format_cad(hsa.pays.high, cents=True) if hsa.pays.high is not None else None
        upto = _("up to {amount}").format(amount=most) if most else _("an amount not published")
        lines = [
            _(
                "It may pay {upto}, but only if the fees qualify as a medical expense, which "
                "is not certain here. {why}. So only the best case counts on it; the worst "
                "case is as before."
            ).format(upto=upto, why=why),
            after,
        ]
    if credits_after:
        lines.append(
            _(
                "The tax credits below are worked out on what is left after it: what the "
                "account pays cannot also be claimed."
            )
        )
    return lines


def account_name(hsa: SpendingAccount) -> str:
    """The account's label inside a sentence: 'your health spending account'."""
    return f"{hsa.label[0].lower()}{hsa.label[1:]}"


def account_answer(hsa: SpendingAccount, paid: OutOfPocket) -> str:
    """The account in the answer's lines: what it may pay and what is left."""
    account = account_name(hsa)
    left = left_text(hsa, paid)
    if hsa.qualifies.qualifies == DOES_NOT:
        return _(
            "Your {account} pays nothing for this treatment (its fees do not qualify)."
        ).format(account=account)
    if hsa.qualifies.qualifies == USUALLY:
        return _("Your {account} pays {amount}: after it you pay {left}.").format(
            account=account, amount=format_range(hsa.pays, cents=True), left=left
        )
    most = format_cad(hsa.pays.high, cents=True) if hsa.pays.high is not None else _("some")
    return _(
        "Your {account} may pay up to {amount} if the fees qualify (not certain): after it you "
        "pay {left}."
    ).format(account=account, amount=most, left=left)


def heading(tax: TaxCredits) -> str:
    """'Tax credits for medical expenses, tax year 2025 (net income $60,000.00)'."""
    return _("Tax credits for medical expenses, tax year {year} (net income {income})").format(
        year=tax.year, income=format_cad(tax.net_income, cents=True)
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
        lines.append(
            _("Provincial credit: not computed: your province is not given{option}.").format(
                option=said
            )
        )
    else:
        name = provinces.get(tax.province or "", tax.province or "")
        lines.append(
            _(
                "{province}'s credit: not in ketacost's data (no sourced rate and threshold was "
                "found), so it is not counted here."
            ).format(province=name)
        )
    lines.append(total_line(tax, provinces))
    return lines


def credit_line(credit: Credit, names: Mapping[str, str] | None = None) -> str:
    """'Federal medical expense tax credit: $65.25–$522.00 (14.5% of what you pay above
    $1,800.00: the lesser of 3% of your net income and $2,834.00; lines 33099 and 33199
    of the federal return).' or why it has no figure."""
    rule = credit.rule
    if credit.missing == "not-published":
        values = listed([_(_VALUE_WORDS[a]) if a in _VALUE_WORDS else a for a in credit.absent])
        if len(credit.absent) == 1:
            template = _(
                "{credit}: not computed: its {values} for {year} is not published in the "
                "sources ketacost has."
            )
        else:
            template = _(
                "{credit}: not computed: its {values} for {year} are not published in the "
                "sources ketacost has."
            )
        return template.format(credit=rule.label, values=values, year=credit.year)
    if credit.missing == "needs-family-income":
        return _(
            "{credit}: not computed: it is worked out on your family income (yours and your "
            "spouse's){option}."
        ).format(credit=rule.label, option=_said("family_income", names))
    assert credit.rate is not None and credit.income_share is not None
    share = percent(credit.income_share.value)
    if credit.threshold is not None:
        above = _("the lesser of {share} of your net income and {amount}").format(
            share=share, amount=format_cad(credit.threshold.value, cents=True)
        )
    elif rule.income == "family-income":
        above = _("{share} of your family income").format(share=share)
    else:
        above = _("{share} of your net income").format(share=share)
    deducted = format_cad(credit.deducted, cents=True)
    rate = percent(credit.rate.value)
    if credit.abatement is None:
        how = _("{rate} of what you pay above {amount}: {above}").format(
            rate=rate, amount=deducted, above=above
        )
    else:
        how = _(
            "{rate} of what you pay above {amount}: {above}; less the Quebec abatement of "
            "{abatement}"
        ).format(rate=rate, amount=deducted, above=above, abatement=percent(credit.abatement.value))
    return _("{credit}: {amount} ({how}; {claimed}).").format(
        credit=rule.label,
        amount=format_range(credit.amount, cents=True),
        how=how,
        claimed=rule.where_claimed,
    )


def total_line(tax: TaxCredits, provinces: Mapping[str, str]) -> str:
    """The credits counted, added, and what the course costs after them."""
    if not tax.federal.computed:
        return _(
            "What the course costs after credits is not known: the federal credit for {year} "
            "cannot be computed."
        ).format(year=tax.year)
    if len(tax.includes) == 1:
        template = _(
            "Credit counted: {total} (the federal credit only). After them you pay: {after} "
            "(what you pay yourself, less the credits)."
        )
    else:
        template = _(
            "Credits counted: {total}. After them you pay: {after} (what you pay yourself, "
            "less the credits)."
        )
    return template.format(
        total=format_range(tax.total, cents=True),
        after=format_range(tax.after_credits, cents=True),
    )


def supplement_line(tax: TaxCredits) -> str | None:
    """Where the refundable supplement may apply: its conditions for the year."""
    s = tax.supplement
    if s is None:
        return None
    return _(
        "You may also get the refundable medical expense supplement (line 45200) for {year}: "
        "up to {maximum} ({share} of your allowable medical expenses), less {reduction} of "
        "your family's net income above {start}, if you earned at least {earnings} from work. "
        "ketacost does not compute it: it depends on your family's income and your earnings."
    ).format(
        year=s.year,
        maximum=format_cad(s.maximum.value, cents=True),
        share=percent(s.share.value),
        reduction=percent(s.reduction_rate.value),
        start=format_cad(s.reduction_start.value, cents=True),
        earnings=format_cad(s.minimum_earnings.value, cents=True),
    )


def notes(tax: TaxCredits) -> list[str]:
    """Where the fees may not count, why; the notes every tax answer gives; then the
    supplement's where it may apply."""
    found = []
    if tax.uncertain is not None:
        found.append(
            _(
                "Whether these fees count as medical expenses is not certain: {why} The credits "
                "above are what they would be if they count; the worst case after credits "
                "counts none."
            ).format(why=_sentence_end(tax.uncertain.why))
        )
    found += [note.text for note in tax.notes]
    supplement = supplement_line(tax)
    if supplement:
        found.append(supplement)
    return found


def _sentence_end(text: str) -> str:
    text = text.strip()
    return text if text.endswith(".") else text + "."


def percent(share: Decimal) -> str:
    """0.145 -> '14.5%'; 0.03 -> '3%'. In French: '14,5 %' (a no-break space before %)."""
    text = f"{share * 100:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if i18n.current() == i18n.ENGLISH:
        return f"{text}%"
    places = len(text.partition(".")[2])
    return format_number(Decimal(text), places) + "\u00a0%"


def _said(fact: str, names: Mapping[str, str] | None) -> str:
    return f" ({names[fact]})" if names and fact in names else ""
