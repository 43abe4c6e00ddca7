"""Where the data lives, and loading it once, on first use: from a snapshot of the
checked records when one was made from these very files (ketacost.load.snapshot), else
from the YAML, each file read and checked when first needed."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from pathlib import Path

from ketacost import i18n
from ketacost.errors import DataFileError
from ketacost.i18n import _
from ketacost.model.coverage import CoverageRules
from ketacost.model.plans import Plan
from ketacost.model.prices import PriceList, cited_sources, merge_price_lists
from ketacost.model.sources import Source
from ketacost.model.tax import TaxRules

SOURCES_FILE = "sources.yaml"
PRICING_FILE = "pricing.yaml"
PLANS_FILE = "plans.yaml"
COVERAGE_FILE = "coverage.yaml"
TAX_FILE = "tax.yaml"
# The files a snapshot is made from, in the order of its records.
DATA_FILES = (SOURCES_FILE, PRICING_FILE, PLANS_FILE, COVERAGE_FILE, TAX_FILE)


class _Built:
    """The records just read from the files, as a snapshot gives them."""

    def __init__(self, records: tuple) -> None:
        self._records = records

    def part(self, index: int) -> object:
        return self._records[index]


def bundled_data_dir() -> Path:
    """The directory of the bundled data files.

    Inside an installed wheel it is ketacost/data; in a source checkout, data/
    beside the package. Raises DataFileError if neither holds the files.
    """
    package = Path(__file__).resolve().parent.parent  # ketacost/, above ketacost/load/
    for candidate in (package / "data", package.parent / "data"):
        if (candidate / PRICING_FILE).is_file():
            return candidate
    raise DataFileError(
        _("the bundled data files are missing (looked in {path})").format(path=package / "data")
    )


class Catalog:
    """The data one command works from: sources, prices, plans, coverage rules and tax
    credit rules, each read on first use.

    `pricing`, a clinic's price file, is laid over the bundled prices when given:
    its treatments and clinics are added, replacing bundled ones of the same id.
    """

    def __init__(
        self,
        pricing: Path | None = None,
        data_dir: Path | None = None,
        language: str | None = None,
    ) -> None:
        self._pricing = pricing
        self._data_dir = data_dir
        # The language the bundled data's texts are said in (default: ketacost's now).
        self.language = language or i18n.current()

    @property
    def pricing_path(self) -> Path | None:
        """The clinic's price file laid over the bundled prices, if any."""
        return self._pricing

    @cached_property
    def data_dir(self) -> Path:
        """The directory the bundled files are read from."""
        return self._data_dir or bundled_data_dir()

    @cached_property
    def _snapshot(self):
        """Every bundled file's records, from a snapshot of these very files, or read from
        them all and saved as one; None if one of them is invalid (each property then
        reads its own file, so only a command that needs the bad file fails)."""
        from ketacost.load import snapshot

        extra = self._made_with()
        found = snapshot.read(self.data_dir, DATA_FILES, extra)
        if found is not None:
            return found
        try:
            sources = self._read_sources()
            coverage = self._read_coverage(sources)
            records = (
                sources,
                self._read_prices(sources),
                self._read_plans(sources),
                coverage,
                self._read_tax(sources, coverage),
            )
        except (DataFileError, OSError):
            return None
        snapshot.write(self.data_dir, DATA_FILES, records, extra)
        return _Built(records)

    def _made_with(self) -> tuple[tuple[str, bytes], ...]:
        """Besides the files, what the records are made with: the language, and its
        catalog (an edited translation makes a new snapshot)."""
        if self.language == i18n.ENGLISH:
            return ()
        return (
            ("language", self.language.encode()),
            ("catalog", i18n.catalog_bytes(self.language)),
        )

    def _load(self, name: str):
        """A bundled data file read, its texts in the catalog's language."""
        from ketacost.load.yamldoc import Document, load

        doc = load(self.data_dir / name)
        if self.language == i18n.ENGLISH:
            return doc
        from ketacost.load.translate import translated

        data, _missing = translated(doc.data, name, i18n.lookup(self.language))
        return Document(doc.path, data, doc.lines)

    def _part(self, index: int, read):
        """The `index`th records of the snapshot, else `read()` from the file."""
        if self._snapshot is not None:
            try:
                return self._snapshot.part(index)
            except Exception:  # noqa: BLE001 - a damaged part: read the file instead
                pass
        return read()

    @cached_property
    def bundled_sources(self) -> dict[str, Source]:
        """The sources in the bundled sources file."""
        return self._part(0, self._read_sources)

    @cached_property
    def bundled_prices(self) -> PriceList:
        """The bundled market prices and clinics."""
        return self._part(1, lambda: self._read_prices(self.bundled_sources))

    @cached_property
    def clinic_prices(self) -> PriceList | None:
        """What the clinic's file (`pricing`) itself defines; None without one."""
        if self._pricing is None:
            return None
        from ketacost.load.prices import parse_price_list
        from ketacost.load.yamldoc import load

        return parse_price_list(load(self._pricing), self.bundled_sources, self.bundled_prices)

    @cached_property
    def prices(self) -> PriceList:
        """The prices in use: the bundled ones, with the clinic's file laid over them."""
        if self.clinic_prices is None:
            return self.bundled_prices
        return merge_price_lists(self.bundled_prices, self.clinic_prices)

    @cached_property
    def plans(self) -> dict[str, Plan]:
        """Every course plan."""
        return self._part(2, lambda: self._read_plans(self.bundled_sources))

    @cached_property
    def coverage(self) -> CoverageRules:
        """The coverage rules: programs, their rules and the words of a situation."""
        return self._part(3, lambda: self._read_coverage(self.bundled_sources))

    @cached_property
    def tax(self) -> TaxRules:
        """The medical expense tax credit rules, for the provinces the coverage data names."""
        return self._part(4, lambda: self._read_tax(self.bundled_sources, self.coverage))

    # Each file read from its YAML and checked (the loaders are imported only here).

    def _read_sources(self) -> dict[str, Source]:
        from ketacost.load.sources import parse_sources_file

        return parse_sources_file(self._load(SOURCES_FILE))

    def _read_prices(self, sources: Mapping[str, Source]) -> PriceList:
        from ketacost.load.prices import parse_price_list

        return parse_price_list(self._load(PRICING_FILE), sources)

    def _read_plans(self, sources: Mapping[str, Source]) -> dict[str, Plan]:
        from ketacost.load.plans import parse_plans

        return parse_plans(self._load(PLANS_FILE), sources)

    def _read_coverage(self, sources: Mapping[str, Source]) -> CoverageRules:
        from ketacost.load.coverage import parse_coverage

        return parse_coverage(self._load(COVERAGE_FILE), sources)

    def _read_tax(self, sources: Mapping[str, Source], coverage: CoverageRules) -> TaxRules:
        from ketacost.load.tax import parse_tax

        words = coverage.words
        return parse_tax(self._load(TAX_FILE), sources, words.provinces, words.treatments)

    @property
    def sources(self) -> Mapping[str, Source]:
        """Every source the loaded data may cite: bundled plus the price file's own."""
        return self.prices.sources

    def cited_sources(self) -> list[Source]:
        """The sources the clinic's price file (else the bundled prices), the plans, the
        coverage rules and the tax credit rules cite, in that order, each once."""
        prices = self.clinic_prices or self.prices
        ids = cited_sources(prices) + [plan.source for plan in self.plans.values()]
        ids += self.coverage.cited_sources() + self.tax.cited_sources()
        return [self.sources[i] for i in dict.fromkeys(ids) if i in self.sources]
