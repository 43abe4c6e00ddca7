"""Renderers at every width: money is never cut off, and each format holds what it must."""

from __future__ import annotations

import pytest

from contract import DAY, estimate_bundled
from ketacost import listings
from ketacost.course import CourseRequest
from ketacost.estimate import compare
from ketacost.render import Options, render


@pytest.mark.parametrize("width", [40, 60, 79, 80, 100, 140])
def test_tables_never_cut_money_short(catalog, width):
    views = [
        estimate_bundled(catalog, CourseRequest("iv", 6)),
        compare(catalog.prices, catalog.plans, catalog.coverage, CourseRequest(sessions=6), DAY),
        listings.treatments(catalog.prices, DAY),
    ]
    for view in views:
        out = render(view, "table", Options(width=width))
        assert "…" not in out, out
        # Seed 003: IV $375–$1,000 per session, $2,250–$5,400 for 6 sessions.
        assert "$2,250" in out and "$5,400" in out, out
        assert max(len(line) for line in out.splitlines()) <= width, out


def test_colour_only_when_asked(catalog):
    view = estimate_bundled(catalog, CourseRequest("iv", 6))
    assert "\x1b[" not in render(view, "table", Options(color=False))
    assert "\x1b[" in render(view, "table", Options(color=True))


@pytest.mark.parametrize("width", [40, 60, 79, 80, 100, 140])
def test_coverage_reads_at_every_width(catalog, width):
    from ketacost.coverage import situation_coverage
    from ketacost.model.situation import SituationRequest

    situation = SituationRequest(province="AB", conditions=("trd",), work_injury=True, veteran=True)
    views = [
        situation_coverage(catalog.coverage, catalog.bundled_sources, situation, DAY),
        estimate_bundled(catalog, CourseRequest("iv", 6), DAY, situation),
    ]
    for view in views:
        out = render(view, "table", Options(width=width, explain=True))
        assert "…" not in out, out
        # Every line fits, but a URL's, which is whole on a line of its own.
        wide = [line for line in out.splitlines() if len(line) > width]
        assert all(line.strip().startswith("http") for line in wide), wide
        for source in view.shown_sources if hasattr(view, "shown_sources") else ():
            if source.url:
                assert f"  {source.url}\n" in out, source.url
        assert "WCB Alberta" in out and "likely" in out, out
