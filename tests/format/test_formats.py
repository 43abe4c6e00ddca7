"""Each renderer on a view built by hand (format/fixtures.py), its whole output written
out: 2 sessions at $100-$250 each cost $200-$500."""

from __future__ import annotations

import json

from format.fixtures import sources_listing, two_sessions
from ketacost.render import DRAWS, Options, formats_for, render

EXPECTED_MARKDOWN = """\
## Example infusion, 2 sessions

| Phase | Sessions | Cost (CAD) | Basis |
|---|---|---|---|
| Course | 2 | $200.00–$500.00 | 2 sessions × $100–$250 per session |

**Total: $200.00–$500.00 CAD**

**Notes**

- A note about the price.

**Sources**

- A guide to infusions (secondary; 2026-05-05; https://example.org/g)

Prices as of 2026-11-29; the figures used hold from 2026-05-05.

*Estimate only — not medical or insurance advice.*
"""

EXPECTED_TABLE = """\
Example infusion, 2 sessions

  Phase    Sessions   Low (CAD)   High (CAD)   Basis
 ──────────────────────────────────────────────────────────────────────────────
  Course          2     $200.00      $500.00   2 sessions × $100–$250 per
                                               session

Total: $200.00–$500.00 CAD

Notes
• A note about the price.

Sources
- A guide to infusions (secondary; 2026-05-05)
  https://example.org/g

Prices as of 2026-11-29; the figures used hold from 2026-05-05.
Estimate only — not medical or insurance advice.
"""

EXPECTED_CSV = """\
treatment,clinic,program,plan,phase,sessions_low,sessions_high,low_cad,high_cad,basis_kind,\
basis,out_of_pocket_low_cad,out_of_pocket_high_cad,may_pay,assumed,out_of_pocket_best,\
tax_year,tax_credit_low_cad,tax_credit_high_cad,after_credits_low_cad,after_credits_high_cad,\
hsa_pays_low_cad,hsa_pays_high_cad,after_hsa_low_cad,after_hsa_high_cad
example,,,,course,2,2,200.00,500.00,per-session,2 sessions × $100–$250 per session,,,,no,,,,,,,,,,
example,,,,total,2,2,200.00,500.00,per-session,2 sessions × $100–$250 per session,,,,no,,,,,,,,,,
"""

TWO = {"low": "200.00", "high": "500.00"}
EXPECTED_JSON = {
    "schema_version": 1,
    "lang": "en",
    "as_of": "2026-11-29",
    "currency": "CAD",
    "treatment": "example",
    "treatment_label": "Example infusion",
    "clinic": None,
    "program": None,
    "plan": None,
    "sessions": {"low": 2, "high": 2},
    "total": TWO,
    "basis": "2 sessions × $100–$250 per session",
    "basis_kind": "per-session",
    "phases": [
        {
            "name": "course",
            "label": "Course",
            "sessions": {"low": 2, "high": 2},
            "total": TWO,
            "basis": "2 sessions × $100–$250 per session",
            "basis_kind": "per-session",
            "assumed": False,
        }
    ],
    "deposit": None,
    "price_changes_at": [],
    "figures": [
        {
            "key": "treatments.example.per_session",
            "holds_from": "2026-05-05",
            "source": "guide",
            "value": {"low": "100.00", "high": "250.00"},
        }
    ],
    "sources": [
        {
            "id": "guide",
            "title": "A guide to infusions",
            "publisher": None,
            "url": "https://example.org/g",
            "date": "2026-05-05",
            "status": "secondary",
        }
    ],
    "warnings": [],
    "hsa": None,
    "out_of_pocket_after_hsa": None,
    "tax": None,
    "notes": ["A note about the price."],
    "disclaimer": "Estimate only — not medical or insurance advice.",
}

EXPECTED_LISTING = """\
## Sources

| Id | Title | Date | Status | URL |
|---|---|---|---|---|
| guide | A guide to infusions | 2026-05-05 | secondary | https://example.org/g |

**Notes**

- One note.
"""


def test_markdown():
    assert render(two_sessions(), "markdown") == EXPECTED_MARKDOWN


def test_table_at_80_columns():
    assert render(two_sessions(), "table", Options(width=80)) == EXPECTED_TABLE


def test_csv():
    assert render(two_sessions(), "csv") == EXPECTED_CSV


def test_json():
    text = render(two_sessions(), "json")
    assert json.loads(text) == EXPECTED_JSON
    assert text.endswith("}\n") and text.startswith('{\n  "schema_version": 1,')


def test_listing_in_markdown():
    assert render(sources_listing(), "markdown") == EXPECTED_LISTING


def test_the_table_of_formats():
    assert formats_for("estimate") == ("table", "json", "csv", "markdown")
    assert formats_for("quote") == ("markdown", "html")
    # Every module the table names draws the kind it is named for.
    import importlib

    for (fmt, kind), module in DRAWS.items():
        assert hasattr(importlib.import_module(f"ketacost.render.{module}"), kind), (fmt, kind)
