"""Batch output, one line per scenario as it is estimated: CSV for spreadsheets, or
JSON lines. Amounts in dollars and cents; blank (CSV) or null (JSON) where not
published."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from typing import TextIO

from ketacost.estimate import Estimate
from ketacost.money import to_cents

BATCH_FORMATS = ("csv", "jsonl")

_COLUMNS = (
    "row",
    "treatment",
    "clinic",
    "program",
    "plan",
    "sessions_low",
    "sessions_high",
    "province",
    "condition",
    "failed_antidepressants",
    "work_injury",
    "veteran",
    "insurance",
    "total_low_cad",
    "total_high_cad",
    "out_of_pocket_low_cad",
    "out_of_pocket_high_cad",
)


class BatchWriter:
    """Writes each estimated row to `stream` as soon as it comes."""

    def __init__(self, stream: TextIO, fmt: str, programs: list[str]) -> None:
        self.stream, self.fmt, self.programs = stream, fmt, programs
        if fmt == "csv":
            self.csv = csv.writer(stream, lineterminator="\n")
            # One verdict column per program, named after it.
            self.csv.writerow([*_COLUMNS, *programs])

    def write(self, row: int, estimate: Estimate) -> None:
        """Write one row's scenario, total, out-of-pocket range and verdicts."""
        situation = estimate.coverage.situation
        oop = estimate.out_of_pocket.range
        verdicts = {v.program.id: v.verdict for v in estimate.coverage.verdicts}
        sessions = estimate.sessions
        if self.fmt == "csv":
            self.csv.writerow(
                [
                    row,
                    estimate.treatment.id,
                    estimate.clinic.id if estimate.clinic else "",
                    estimate.program.id if estimate.program else "",
                    estimate.plan.id if estimate.plan else "",
                    sessions.low if sessions else "",
                    sessions.high if sessions else "",
                    situation.province or "",
                    situation.condition or "",
                    ""
                    if situation.failed_antidepressants is None
                    else situation.failed_antidepressants,
                    "yes" if situation.work_injury else "no",
                    "yes" if situation.veteran else "no",
                    ";".join(sorted(situation.insurance)),
                    _cents(estimate.total.low),
                    _cents(estimate.total.high),
                    _cents(oop.low),
                    _cents(oop.high),
                    *(verdicts.get(p, "") for p in self.programs),
                ]
            )
            return
        record = {
            "row": row,
            "treatment": estimate.treatment.id,
            "clinic": estimate.clinic.id if estimate.clinic else None,
            "program": estimate.program.id if estimate.program else None,
            "plan": estimate.plan.id if estimate.plan else None,
            "sessions": {"low": sessions.low, "high": sessions.high} if sessions else None,
            "situation": {
                "province": situation.province,
                "condition": situation.condition,
                "failed_antidepressants": situation.failed_antidepressants,
                "work_injury": situation.work_injury,
                "veteran": situation.veteran,
                "insurance": sorted(situation.insurance),
            },
            "total": {"low": _amount(estimate.total.low), "high": _amount(estimate.total.high)},
            "out_of_pocket": {"low": _amount(oop.low), "high": _amount(oop.high)},
            "coverage": verdicts,
        }
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(to_cents(value))


def _cents(value: Decimal | None) -> str:
    return "" if value is None else str(to_cents(value))
