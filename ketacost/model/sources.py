"""Sources: where every figure and rule comes from."""

from __future__ import annotations

import datetime as dt

from ketacost.i18n import _
from ketacost.model.record import record

STATUSES = ("official", "secondary")


@record
class Source:
    """A document a figure or rule was taken from."""

    id: str
    title: str
    date: dt.date | None  # None: the source gives no date ("not given")
    status: str
    url: str | None = None
    publisher: str | None = None
    note: str | None = None

    def cited_as(self) -> str:
        """'Title (secondary; 2026-05-05; https://...)' for a list of sources."""
        from ketacost.words import format_day, status_word

        date = format_day(self.date) if self.date else _("date not given")
        url = self.url or _("URL not given")
        return f"{self.title} ({status_word(self.status)}; {date}; {url})"
