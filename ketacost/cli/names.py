"""The command line's words for the facts and fields the core names: its options.

The core names a fact (`province`) or a request's field (`sessions`); the CLI says
them as the options a person types, in its messages and in what would change a
verdict ("With an accepted workers' compensation claim (--work-injury): likely.").
"""

from __future__ import annotations

from ketacost.course import CourseRequest
from ketacost.model.record import fields
from ketacost.model.situation import FACTS, SINGULAR
from ketacost.model.tax import TaxRequest

# Every field of a course request, and every fact of a situation, by its option:
# `--sessions`, `--work-injury`; a fact that holds several is given once per value
# (`--condition`).
FLAGS = {
    name: "--" + SINGULAR.get(name, name).replace("_", "-")
    for name in (
        *(f.name for f in fields(CourseRequest)),
        "valid_days",
        *FACTS,
        *(f.name for f in fields(TaxRequest)),
    )
}
