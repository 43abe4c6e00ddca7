"""JSON output: a contract scripts read. Keys listed in the README stay; new ones may be added.

Money is a decimal string with two places ("2250.00"); null means not published,
which is not zero.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import TYPE_CHECKING

from ketacost.coverage import Coverage
from ketacost.estimate import Comparison, Estimate, later_prices
from ketacost.i18n import _, current
from ketacost.model.money import MoneyRange, SessionRange, to_cents
from ketacost.model.situation import facts_of
from ketacost.render import Options
from ketacost.render.wording import (
    DISCLAIMER,
    best_case_text,
    reasons,
)
from ketacost.verdict import Verdict
from ketacost.words import suggestion_text

SCHEMA_VERSION = 1
_UNKNOWN = {"low": None, "high": None}

if TYPE_CHECKING:
    from ketacost.listings import Listing


def estimate(view: Estimate, options: Options) -> str:
    """The estimate as one JSON object."""
    return _dump(
        {"schema_version": SCHEMA_VERSION, "lang": current(), **estimate_record(view, options)}
    )


def coverage(view: Coverage, options: Options) -> str:
    """Every program's verdict for the situation."""
    return _dump(
        {
            "schema_version": SCHEMA_VERSION,
            "lang": current(),
            "as_of": view.as_of,
            "situation": _situation(view),
            "coverage": [_verdict(v, options) for v in view.verdicts],
            "notes": list(view.notes),
            "sources": [_source(s) for s in view.sources],
            "warnings": list(view.warnings),
            "disclaimer": _(DISCLAIMER),
        }
    )


def comparison(view: Comparison, options: Options) -> str:
    """Every treatment's estimate for the same course."""
    request = view.request
    return _dump(
        {
            "schema_version": SCHEMA_VERSION,
            "lang": current(),
            "as_of": view.as_of,
            "currency": "CAD",
            "course": {
                "sessions": request.sessions,
                "plan": request.plan,
                "maintenance": request.maintenance,
                "months": request.months,
                "interval": request.interval,
            },
            "usual": bool(view.usual),
            "estimates": [
                {
                    **estimate_record(e, options),
                    "usual_course": view.usual[index] if view.usual else None,
                    "most_likely_to_pay": _payer(e),
                }
                for index, e in enumerate(view.estimates)
            ],
            "disclaimer": _(DISCLAIMER),
        }
    )


def listing(view: Listing, options: Options) -> str:
    """A listing's records."""
    key = view.key
    return _dump(
        {
            "schema_version": SCHEMA_VERSION,
            "lang": current(),
            key: list(view.records),
            "notes": view.notes,
        }
    )


def estimate_record(view: Estimate, options: Options) -> dict:
    """The estimate as plain JSON-ready data (without schema_version)."""
    deposit = None
    if view.deposit is not None:
        deposit = {
            "amount": view.deposit.value.amount,
            "refundable": view.deposit.value.refundable,
            "counts_toward_price": view.deposit.value.counts_toward_price,
            # The total is the price: a deposit that counts toward it is in it.
            "included_in_total": view.deposit.value.counts_toward_price is True,
            "holds_from": view.deposit.since,
            "source": view.deposit.source,
        }
    return {
        "as_of": view.as_of,
        "currency": "CAD",
        "treatment": view.treatment.id,
        "treatment_label": view.treatment.label,
        "clinic": view.clinic.id if view.clinic else None,
        "program": view.program.id if view.program else None,
        "plan": view.plan.id if view.plan else None,
        "sessions": view.sessions or _UNKNOWN,
        "total": view.total,
        "basis": view.basis,
        "basis_kind": view.basis_kind,
        "phases": [
            {
                "name": p.name,
                "label": p.label,
                "sessions": p.sessions or _UNKNOWN,
                "total": p.cost,
                "basis": p.basis,
                "basis_kind": p.basis_kind,
                "assumed": p.assumed,
            }
            for p in view.phases
        ],
        "deposit": deposit,
        "price_changes_at": [
            {"sessions": course.sessions, "label": course.label, "price": price}
            for course, price in later_prices(view)
        ],
        "figures": [
            {
                "key": f.key,
                "holds_from": f.since,
                "source": f.source,
                "value": f.value if isinstance(f.value, MoneyRange) else None,
            }
            for f in view.figures
        ],
        **_coverage_record(view, options),
        "hsa": _hsa(view.hsa),
        "out_of_pocket_after_hsa": view.hsa.left if view.hsa is not None else None,
        "tax": _tax(view.tax),
        "notes": list(view.notes) + list(view.coverage.notes if view.coverage else ()),
        "disclaimer": _(DISCLAIMER),
    }


def _coverage_record(view: Estimate, options: Options) -> dict:
    """Situation, verdicts, out-of-pocket range, sources (the estimate's and the rules'),
    warnings."""
    sources = list(view.sources)
    warnings = list(view.warnings)
    record: dict = {}
    if view.coverage is not None:
        sources += [s for s in view.coverage.sources if s not in sources]
        warnings += view.coverage.warnings
        oop = view.out_of_pocket
        record = {
            "situation": _situation(view.coverage),
            "coverage": [_verdict(v, options) for v in view.coverage.verdicts],
            "out_of_pocket": oop.range,
            "out_of_pocket_basis": {
                "best": oop.best,
                "best_case": best_case_text(oop, options.names),
                "worst_case": oop.worst_case,
                "paid_by": list(oop.paid_by),
            },
        }
    sources += [s for s in view.money_sources if s not in sources]
    return {**record, "sources": [_source(s) for s in sources], "warnings": warnings}


def _hsa(hsa) -> dict | None:
    """What a health spending account pays of the out-of-pocket range (null without a
    balance): whether the treatment's fees qualify, why, the least and most it pays."""
    if hsa is None:
        return None
    return {
        "balance": hsa.balance,
        "qualifies": hsa.qualifies.qualifies,
        "why": hsa.qualifies.why,
        "pays": hsa.pays,
        "sources": list(hsa.sources),
    }


def _tax(tax) -> dict | None:
    """The credits on the out-of-pocket range (null without a net income): each with its
    rate, threshold and sources, or null values and why; the total and what is left."""
    if tax is None:
        return None
    from ketacost.render.credits import notes

    provincial = _credit(tax.provincial) if tax.provincial is not None else None
    return {
        "tax_year": tax.year,
        "net_income": tax.net_income,
        "family_income": tax.family_income,
        "province": tax.province,
        "computed_on": tax.paid,
        "federal": _credit(tax.federal),
        "provincial": provincial,
        "provincial_reason": tax.provincial_missing,
        "credit": tax.total,
        "includes": list(tax.includes),
        "after_credits": tax.after_credits,
        "notes": notes(tax),
        "sources": list(tax.sources),
    }


def _credit(credit) -> dict:
    return {
        "jurisdiction": credit.rule.id,
        "label": credit.rule.label,
        "rate": _share(credit.rate),
        "income_share": _share(credit.income_share),
        "income": credit.rule.income,
        "threshold": credit.threshold.value if credit.threshold else None,
        "deducted": credit.deducted,
        "quebec_abatement": _share(credit.abatement),
        "credit": credit.amount,
        "reason": credit.missing,
        "not_published": list(credit.absent),
        "claimed_on": credit.rule.where_claimed,
        "sources": list(dict.fromkeys(f.source for f in credit.figures)),
    }


def _share(value) -> str | None:
    """A rate as a decimal string ("0.145"), null where not published."""
    return None if value is None else str(value.value)


def _payer(estimate: Estimate) -> dict | None:
    """The program most likely to pay, with its verdict and its first step."""
    from ketacost.render.answer import first_step, likely_payer

    payer = likely_payer(estimate)
    if payer is None:
        return None
    first = first_step(payer)
    return {
        "program": payer.program.id,
        "verdict": payer.verdict,
        "first_step": first,
        "next_step": _next_step(payer),
    }


def _next_step(v: Verdict) -> dict | None:
    """What to do to have a program that may pay pay, and where a refusal goes (null
    where it may not pay, or the data says nothing); with each carrier named."""
    step = v.next_step
    if step is None and not v.carriers:
        return None
    return {
        "file": step.file if step else None,
        "appeal": step.appeal if step else None,
        "sources": list(step.sources) if step else [],
        "carriers": [
            {
                "id": c.id,
                "name": c.name,
                "criteria": dict(c.criteria),
                "ask": c.ask,
                "refused": c.refused,
                "sources": list(c.sources),
            }
            for c in v.carriers
        ],
    }


def _situation(view: Coverage) -> dict:
    """The facts given. `condition` (the first condition, for scripts written when only
    one could be given) comes before `conditions`; `claim_province` is as given (the
    board is that of the claim's province, else of `province`)."""
    data: dict = {}
    for fact, value in facts_of(view.situation).items():
        if fact == "conditions":
            data["condition"] = value[0] if value else None
        data[fact] = value
    # The carriers named ("Sun Life" -> sun-life), by id: read as a kind of insurance above.
    data["carriers"] = list(view.situation.carriers)
    return data


def _verdict(v: Verdict, options: Options) -> dict:
    names = options.names
    covers = None
    if v.covers is not None:
        covers = {
            "share": v.covers.share,
            "pays": v.covers.pays,
            "does_not_pay": list(v.covers.does_not_pay),
            "because": v.covers.because,
            "assumption": v.covers.assumption,
        }
    record = {
        "program": v.program.id,
        "label": v.program.label,
        "group": v.program.group.id if v.program.group else None,
        "verdict": v.verdict,
        "condition": v.condition,
        "reasons": list(reasons(v, names)),
        "prerequisites": list(v.prerequisites),
        "covers": covers,
        "next_step": _next_step(v),
        "sources": list(v.sources),
        "would_change": [suggestion_text(w, v.words, names) for w in v.would_change],
        "notes": list(v.notes),
        "rules": [
            {"id": rule.id, "verdict": rule.verdict, "holds_from": rule.since}
            for rule in v.deciding
        ],
    }
    if options.explain:
        record["trace"] = v.explain()
    return record


def _source(s) -> dict:
    return {
        "id": s.id,
        "title": s.title,
        "publisher": s.publisher,
        "url": s.url,
        "date": s.date,
        "status": s.status,
    }


def _plain(value: object) -> object:
    if isinstance(value, MoneyRange):
        return {"low": _plain(value.low), "high": _plain(value.high)}
    if isinstance(value, SessionRange):
        return {"low": value.low, "high": value.high}
    if isinstance(value, Decimal):
        return str(to_cents(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _dump(data: dict) -> str:
    return json.dumps(_plain(data), indent=2, ensure_ascii=False) + "\n"
