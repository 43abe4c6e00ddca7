"""Batch output, one line per scenario as it is estimated: CSV for spreadsheets, or
JSON lines. Amounts in dollars and cents; blank (CSV) or null (JSON) where not
published."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from typing import TextIO

from ketacost.batch import SITUATION_COLUMNS
from ketacost.estimate import Estimate
from ketacost.i18n import N_, _
from ketacost.model.money import MoneyRange, to_cents
from ketacost.model.situation import SINGULAR, facts_of
from ketacost.render.csv import inert

_COLUMNS = (
    "row",
    "treatment",
    "clinic",
    "program",
    "plan",
    "sessions_low",
    "sessions_high",
    *SITUATION_COLUMNS,
    "total_low_cad",
    "total_high_cad",
    "out_of_pocket_low_cad",
    "out_of_pocket_high_cad",
)
# After the verdicts, so that the columns before them keep their places.
_LAST_COLUMNS = (
    "out_of_pocket_best",
    "assumed",
    "warnings",
    # With a net income: the tax facts given, the credits and what is left.
    "net_income",
    "tax_year",
    "family_income",
    "tax_credit_low_cad",
    "tax_credit_high_cad",
    "after_credits_low_cad",
    "after_credits_high_cad",
    "tax_credits_included",  # which credits are counted: federal; ON...
    # With a health spending account: its balance, what it pays, what is left after it
    # (the credits are worked out on that).
    "hsa",
    "hsa_pays_low_cad",
    "hsa_pays_high_cad",
    "after_hsa_low_cad",
    "after_hsa_high_cad",
    # Why a row could not be estimated (its other answer cells are blank).
    "error",
)
# An amount no source gives, in a CSV cell: words a spreadsheet will not add as 0.
NOT_PUBLISHED = N_("not published")
_NO_SESSIONS = {"low": "", "high": ""}


class BatchWriter:
    """Writes each estimated row to `stream` as soon as it comes."""

    def __init__(
        self,
        stream: TextIO,
        fmt: str,
        programs: list[str],
        excel: bool = False,
        header: bool = True,
    ) -> None:
        """`excel`: begin the CSV with a byte-order mark, so that Excel reads it as UTF-8
        (accents, '–'); `header`: False for rows that follow another writer's."""
        self.stream, self.fmt, self.programs = stream, fmt, programs
        self.written = 0
        if fmt == "csv":
            self.csv = csv.writer(stream, lineterminator="\n")
            # One verdict column per program, named after it.
            self.header = [*_COLUMNS, *programs, *_LAST_COLUMNS]
            if header:
                if excel:
                    stream.write("\ufeff")
                self.csv.writerow(self.header)

    def write_error(self, row: int, error: str) -> None:
        """A row that could not be estimated: its number and why, so that a program reading
        the output finds an answer for every row of the input."""
        self.written += 1
        if self.fmt == "jsonl":
            self.stream.write(json.dumps({"row": row, "error": error}, ensure_ascii=False) + "\n")
            return
        self.csv.writerow([row, *[""] * (len(self.header) - 2), inert(error)])

    def write(self, row: int, estimate: Estimate) -> None:
        """Write one row's scenario, total, out-of-pocket range and verdicts."""
        self.written += 1
        record = _record(row, estimate)
        if self.fmt == "jsonl":
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            return
        situation, sessions = record["situation"], record["sessions"] or _NO_SESSIONS
        situation = {**situation, "condition": situation["conditions"]}
        total, paid, verdicts = record["total"], record["out_of_pocket"], record["coverage"]
        unpublished = _(NOT_PUBLISHED)
        self.csv.writerow(
            [
                row,
                record["treatment"] or "",
                record["clinic"] or "",
                record["program"] or "",
                record["plan"] or "",
                sessions["low"],
                sessions["high"],
                *[_cell(situation[fact]) for fact in SITUATION_COLUMNS],
                total["low"] or unpublished,
                total["high"] or unpublished,
                paid["low"] or unpublished,
                paid["high"] or unpublished,
                *[verdicts.get(p, "") for p in self.programs],
                record["out_of_pocket_best"],
                "yes" if record["assumed"] else "no",
                " | ".join(record["warnings"]),
                *_tax_cells(record["tax"]),
                *_hsa_cells(record["hsa"], record["out_of_pocket_after_hsa"]),
                "",
            ]
        )


def _tax_cells(tax: dict | None) -> list[object]:
    if tax is None:
        return [""] * 8
    credit, after = tax["credit"], tax["after_credits"]
    unpublished = _(NOT_PUBLISHED)
    return [
        tax["net_income"],
        tax["tax_year"],
        tax["family_income"] or "",
        credit["low"] or unpublished,
        credit["high"] or unpublished,
        after["low"] or unpublished,
        after["high"] or unpublished,
        ";".join(tax["includes"]),
    ]


def _hsa_cells(hsa: dict | None, left: dict | None) -> list[object]:
    if hsa is None or left is None:
        return [""] * 5
    pays = hsa["pays"]
    unpublished = _(NOT_PUBLISHED)
    return [
        hsa["balance"],
        pays["low"] or unpublished,
        pays["high"] or unpublished,
        left["low"] or unpublished,
        left["high"] or unpublished,
    ]


def _record(row: int, estimate: Estimate) -> dict:
    """The row's answer as JSON lines gives it; CSV flattens the same record."""
    situation = estimate.coverage.situation
    sessions, oop = estimate.sessions, estimate.out_of_pocket.range
    # Each fact under its column's name; `condition` is the first condition (as before
    # several could be given), `conditions` all of them.
    facts = {}
    for fact, value in facts_of(situation).items():
        if fact == "treatment":
            continue
        if fact == "conditions":
            facts["condition"] = value[0] if value else None
            facts["conditions"] = value
        else:
            facts[SINGULAR.get(fact, fact)] = value
    return {
        "row": row,
        "treatment": estimate.treatment.id,
        "clinic": estimate.clinic.id if estimate.clinic else None,
        "program": estimate.program.id if estimate.program else None,
        "plan": estimate.plan.id if estimate.plan else None,
        "sessions": {"low": sessions.low, "high": sessions.high} if sessions else None,
        "situation": facts,
        "total": _range(estimate.total),
        "out_of_pocket": _range(oop),
        "coverage": {v.program.id: v.verdict for v in estimate.coverage.verdicts},
        "out_of_pocket_best": estimate.out_of_pocket.best,
        "assumed": any(p.assumed for p in estimate.phases),
        "warnings": [*estimate.warnings, *estimate.coverage.warnings],
        "tax": _tax(estimate),
        "hsa": _hsa(estimate),
        "out_of_pocket_after_hsa": (
            _range(estimate.hsa.left) if estimate.hsa is not None else None
        ),
    }


def _hsa(estimate: Estimate) -> dict | None:
    """What the row's health spending account pays and what is left; None without one."""
    hsa = estimate.hsa
    if hsa is None:
        return None
    return {
        "balance": _amount(hsa.balance),
        "qualifies": hsa.qualifies.qualifies,
        "pays": _range(hsa.pays),
    }


def _tax(estimate: Estimate) -> dict | None:
    """The row's tax facts, credits and what is left; None without a net income."""
    tax = estimate.tax
    if tax is None:
        return None
    return {
        "net_income": _amount(tax.net_income),
        "tax_year": tax.year,
        "family_income": _amount(tax.family_income),
        "credit": _range(tax.total),
        "includes": list(tax.includes),
        "after_credits": _range(tax.after_credits),
    }


def _cell(value: object) -> object:
    """A situation fact in a CSV cell: yes/no for a switch, ';' between insurances."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ";".join(value)
    return "" if value is None else value


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(to_cents(value))


def _range(money: MoneyRange) -> dict[str, str | None]:
    return {"low": _amount(money.low), "high": _amount(money.high)}
