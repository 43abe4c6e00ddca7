"""Where the data lives, and loading it once, on first use."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from ketacost.coveragefile import CoverageRules, parse_coverage
from ketacost.errors import DataFileError
from ketacost.plans import Plan, parse_plans
from ketacost.pricefile import parse_price_list
from ketacost.pricing import PriceList
from ketacost.sources import Source, parse_sources_file
from ketacost.yamldoc import load

SOURCES_FILE = "sources.yaml"
PRICING_FILE = "pricing.yaml"
PLANS_FILE = "plans.yaml"
COVERAGE_FILE = "coverage.yaml"


def bundled_data_dir() -> Path:
    """The directory of the bundled data files.

    Inside an installed wheel it is ketacost/data; in a source checkout, data/
    beside the package. Raises DataFileError if neither holds the files.
    """
    package = Path(__file__).resolve().parent
    for candidate in (package / "data", package.parent / "data"):
        if (candidate / PRICING_FILE).is_file():
            return candidate
    raise DataFileError(f"the bundled data files are missing (looked in {package / 'data'})")


class Catalog:
    """The data one command works from: sources, prices, plans and coverage rules, each
    read on first use.

    `pricing` replaces the bundled price file when given.
    """

    def __init__(self, pricing: Path | None = None, data_dir: Path | None = None) -> None:
        self._pricing = pricing
        self._data_dir = data_dir

    @cached_property
    def data_dir(self) -> Path:
        """The directory the bundled files are read from."""
        return self._data_dir or bundled_data_dir()

    @cached_property
    def bundled_sources(self) -> dict[str, Source]:
        """The sources in the bundled sources file."""
        return parse_sources_file(load(self.data_dir / SOURCES_FILE))

    @cached_property
    def prices(self) -> PriceList:
        """The price list: the bundled one, or the file given as `pricing`."""
        path = self._pricing or self.data_dir / PRICING_FILE
        return parse_price_list(load(path), self.bundled_sources)

    @cached_property
    def plans(self) -> dict[str, Plan]:
        """Every course plan."""
        return parse_plans(load(self.data_dir / PLANS_FILE), self.bundled_sources)

    @cached_property
    def coverage(self) -> CoverageRules:
        """The coverage rules: programs, their rules and the words of a situation."""
        return parse_coverage(load(self.data_dir / COVERAGE_FILE), self.bundled_sources)

    @property
    def sources(self) -> dict[str, Source]:
        """Every source the loaded data may cite: bundled plus the price file's own."""
        return dict(self.prices.sources)
