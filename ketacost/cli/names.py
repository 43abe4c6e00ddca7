"""The command line's words for the facts and fields the core names: its options.

The core names a fact (`province`) or a request's field (`sessions`); the CLI says
them as the options a person types, in its messages and in what would change a
verdict ("With an accepted workers' compensation claim (--work-injury): likely.").
"""

from __future__ import annotations

FLAGS = {
    # The course.
    "treatment": "--treatment",
    "sessions": "--sessions",
    "plan": "--plan",
    "maintenance": "--maintenance",
    "months": "--months",
    "interval": "--interval",
    "clinic": "--clinic",
    "program": "--program",
    "valid_days": "--valid-days",
    # The situation.
    "province": "--province",
    "claim_province": "--claim-province",
    "conditions": "--condition",
    "failed_antidepressants": "--failed-antidepressants",
    "work_injury": "--work-injury",
    "veteran": "--veteran",
    "insurance": "--insurance",
    "federal_plans": "--federal-plan",
}
