"""CSV output for spreadsheets: one row per phase, then a total row with the
out-of-pocket range; a row per program for coverage. Amounts in plain dollars and
cents, blank where not published."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import TYPE_CHECKING

from ketacost.coverage import Coverage
from ketacost.estimate import Comparison, Estimate
from ketacost.model.money import SessionRange, to_cents
from ketacost.render import Options
from ketacost.render.wording import (
    reasons,
)
from ketacost.words import suggestion_text

ESTIMATE_COLUMNS = (
    "treatment",
    "clinic",
    "program",
    "plan",
    "phase",
    "sessions_low",
    "sessions_high",
    "low_cad",
    "high_cad",
    "basis_kind",
    "basis",
    "out_of_pocket_low_cad",
    "out_of_pocket_high_cad",
    "may_pay",
    "assumed",
    "out_of_pocket_best",
    # With a net income: the tax credits on what the person pays, and what is left.
    "tax_year",
    "tax_credit_low_cad",
    "tax_credit_high_cad",
    "after_credits_low_cad",
    "after_credits_high_cad",
    # With a health spending account: what it pays, and what is left after it.
    "hsa_pays_low_cad",
    "hsa_pays_high_cad",
    "after_hsa_low_cad",
    "after_hsa_high_cad",
)
COVERAGE_COLUMNS = (
    "program",
    "verdict",
    "reasons",
    "prerequisites",
    "covers_share",
    "pays",
    "does_not_pay",
    "sources",
    "would_change",
)

if TYPE_CHECKING:
    from ketacost.listings import Listing


def estimate(view: Estimate, options: Options) -> str:
    """Phase rows and a total row."""
    return _write(ESTIMATE_COLUMNS, _estimate_rows(view))


def comparison(view: Comparison, options: Options) -> str:
    """The total row of every treatment."""
    rows = [_estimate_rows(e)[-1] for e in view.estimates]
    return _write(ESTIMATE_COLUMNS, rows)


def coverage(view: Coverage, options: Options) -> str:
    """One row per program; lists within a cell are separated by ' | '."""
    rows = []
    for v in view.verdicts:
        covers = v.covers
        rows.append(
            [
                v.program.id,
                v.verdict,
                " ".join(reasons(v, options.names)),
                " | ".join(v.prerequisites),
                covers.share if covers else "",
                covers.pays if covers else "",
                " | ".join(covers.does_not_pay) if covers else "",
                " ".join(v.sources),
                " | ".join(suggestion_text(w, view.words, options.names) for w in v.would_change),
            ]
        )
    return _write(COVERAGE_COLUMNS, rows)


def listing(view: Listing, options: Options) -> str:
    """The listing's rows under its column keys."""
    keys = tuple(key for key, _ in view.columns)
    return _write(keys, [[row[k] for k in keys] for row in view.rows])


def _estimate_rows(view: Estimate) -> list[list[str]]:
    subject = [
        view.treatment.id,
        view.clinic.id if view.clinic else "",
        view.program.id if view.program else "",
        view.plan.id if view.plan else "",
    ]
    rows = [
        [
            *subject,
            p.name,
            *_sessions(p.sessions),
            _money(p.cost.low),
            _money(p.cost.high),
            p.basis_kind,
            p.basis,
            "",
            "",
            "",
            "yes" if p.assumed else "no",
            "",
            *_NO_TAX,
            *_NO_HSA,
        ]
        for p in view.phases
    ]
    oop = view.out_of_pocket
    may_pay = []
    if view.coverage is not None:
        may_pay = [f"{v.program.id} ({v.verdict})" for v in view.coverage.verdicts if v.may_pay]
    rows.append(
        [
            *subject,
            "total",
            *_sessions(view.sessions),
            _money(view.total.low),
            _money(view.total.high),
            view.basis_kind,
            view.basis,
            _money(oop.range.low) if oop else "",
            _money(oop.range.high) if oop else "",
            "; ".join(may_pay),
            "yes" if any(p.assumed for p in view.phases) else "no",
            oop.best if oop else "",
            *_tax_cells(view),
            *_hsa_cells(view),
        ]
    )
    return rows


_NO_TAX = ("",) * 5
_NO_HSA = ("",) * 4


def _hsa_cells(view: Estimate) -> tuple[str, ...]:
    """What a health spending account pays, low and high, and what is left after it."""
    hsa = view.hsa
    if hsa is None:
        return _NO_HSA
    return (
        _money(hsa.pays.low),
        _money(hsa.pays.high),
        _money(hsa.left.low),
        _money(hsa.left.high),
    )


def _tax_cells(view: Estimate) -> tuple[str, ...]:
    """Tax year, credits low and high, after credits low and high (blank: not computed)."""
    tax = view.tax
    if tax is None:
        return _NO_TAX
    return (
        str(tax.year),
        _money(tax.total.low),
        _money(tax.total.high),
        _money(tax.after_credits.low),
        _money(tax.after_credits.high),
    )


def _sessions(sessions: SessionRange | None) -> list[str]:
    return ["", ""] if sessions is None else [str(sessions.low), str(sessions.high)]


def _money(amount: Decimal | None) -> str:
    return "" if amount is None else str(to_cents(amount))


def _write(header: tuple[str, ...], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[inert(cell) for cell in row] for row in rows])
    return out.getvalue()


def inert(cell: str) -> str:
    """A text cell a spreadsheet will not run as a formula (OWASP CSV injection advice)."""
    if cell and cell[0] in "=+-@\t\r" and not _is_number(cell):
        return "'" + cell
    return cell


def _is_number(cell: str) -> bool:
    try:
        Decimal(cell)
    except ArithmeticError:
        return False
    return True
