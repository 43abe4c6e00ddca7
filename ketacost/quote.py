"""A quote: one patient scenario's estimate as a document a clinic can send, with the
day it was made and the day it holds until.

A quote holds no patient identifiers: only the scenario (treatment, course and the
situation facts coverage depends on) and the estimate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import ClassVar

from ketacost.course import CourseRequest
from ketacost.errors import RequestError, field_name
from ketacost.estimate import Estimate, estimate
from ketacost.i18n import _
from ketacost.model.coverage import CoverageRules
from ketacost.model.plans import Plan
from ketacost.model.prices import PriceList
from ketacost.model.record import record
from ketacost.model.situation import SituationRequest

# How long a quote holds when neither the clinic's file (quote_valid_days) nor the
# coordinator says: ketacost's own choice, not a published figure.
DEFAULT_VALID_DAYS = 30
MAX_VALID_DAYS = 365


@record
class Quote:
    """An estimate made on `issued`, holding until `valid_until`."""

    kind: ClassVar[str] = "quote"  # what ketacost.render draws it as

    estimate: Estimate
    issued: dt.date
    valid_until: dt.date
    valid_basis: str  # how long the quote holds and why, in words


def quote(
    prices: PriceList,
    plans: Mapping[str, Plan],
    rules: CoverageRules,
    request: CourseRequest,
    situation: SituationRequest,
    issued: dt.date,
    as_of: dt.date | None = None,
    valid_days: int | None = None,
) -> Quote:
    """Estimate the scenario with the prices and rules in force on `as_of` (default:
    `issued`) and date the quote: it holds `valid_days` days, else as long as the
    clinic's file says, else DEFAULT_VALID_DAYS.

    Raises RequestError for a validity outside 1 to MAX_VALID_DAYS days, and as
    estimate() does.
    """
    if valid_days is not None and not 1 <= valid_days <= MAX_VALID_DAYS:
        raise RequestError(
            _("{field} must be between 1 and {top}, not {value}").format(
                field=field_name("valid_days"), top=MAX_VALID_DAYS, value=valid_days
            )
        )
    result = estimate(prices, plans, rules, request, as_of or issued, situation)
    clinic_days = result.clinic.quote_valid_days if result.clinic is not None else None
    if valid_days is not None:
        days, basis = valid_days, _("as set for this quote")
    elif clinic_days is not None:
        days, basis = clinic_days, _("the clinic's quote validity")
    else:
        days, basis = DEFAULT_VALID_DAYS, _("ketacost's default quote validity")
    if days == 1:
        length = _("{count} day").format(count=days)
    else:
        length = _("{count} days").format(count=days)
    return Quote(result, issued, issued + dt.timedelta(days=days), f"{length}, {basis}")
