"""Read data/tax.yaml into the medical expense credit rules, checked in full (every
fault, with its line and key path).

Each value is given per tax year, with its source:

    rate:
      2025: {value: 0.145, source: pbo-2025-rate, note: ...}
    threshold:
      2025: {amount: 2834, source: cra-indexation}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from decimal import Decimal

from ketacost.i18n import _
from ketacost.load import schema
from ketacost.load.dated import source_ref, source_refs
from ketacost.load.schema import Checker, Invalid
from ketacost.load.yamldoc import Document, KeyPath, dotted
from ketacost.model.dated import Dated
from ketacost.model.tax import (
    FAMILY_INCOME,
    FEDERAL,
    FIRST_YEAR,
    LAST_YEAR,
    NET_INCOME,
    QUALIFIES,
    CreditRule,
    Qualifying,
    SpendingAccountRules,
    Supplement,
    TaxNote,
    TaxRules,
)

_SUPPLEMENT = ("maximum", "share", "reduction_start", "reduction_rate", "minimum_earnings")
_SHARES = ("rate", "income_share", "share", "reduction_rate", "abatement")
_NOTE_WHEN = ("always", "quebec")


def parse_tax(
    doc: Document,
    sources: Mapping[str, object],
    provinces: Mapping[str, str],
    treatments: Collection[str] = (),
) -> TaxRules:
    """Check and build the credit rules of a parsed tax file. `provinces`: the codes
    a rule may be for (the coverage data's); `treatments`: the ids the spending account's
    rules may name. Raises DataFileError with every fault."""
    checker = Checker(doc)
    federal, rules, supplements, notes, abatement = None, {}, {}, [], {}
    account = None
    with checker.item():
        top = schema.document(
            doc.data,
            required=("credits", "notes", "spending_account"),
            optional=("supplement", "quebec_abatement"),
        )
        credits = schema.mapping(top["credits"], ("credits",))
        if FEDERAL not in credits:
            raise Invalid(("credits",), _("needs the federal credit (key 'federal')"))
        for key, raw in credits.items():
            with checker.item():
                path = ("credits", str(key))
                if key != FEDERAL and key not in provinces:
                    raise Invalid(
                        path,
                        _(
                            "'{key}' is neither 'federal' nor a province or territory code "
                            "({codes})"
                        ).format(key=key, codes=", ".join(provinces)),
                    )
                rule = _credit(str(key), raw, path, sources)
                if key == FEDERAL:
                    federal = rule
                else:
                    rules[rule.id] = rule
        for index, raw in enumerate(schema.sequence(top["notes"], ("notes",))):
            with checker.item():
                notes.append(_note(raw, ("notes", str(index)), sources))
        if "supplement" in top:
            by_year = schema.mapping(top["supplement"], ("supplement",))
            for year, raw in by_year.items():
                with checker.item():
                    supplement = _supplement(year, raw, ("supplement", str(year)), sources)
                    supplements[supplement.year] = supplement
        if "quebec_abatement" in top:
            with checker.item():
                abatement = _by_year(
                    top["quebec_abatement"], ("quebec_abatement",), "value", sources
                )
        with checker.item():
            account = _spending_account(
                top["spending_account"], ("spending_account",), sources, treatments, checker
            )
    checker.raise_if_any()
    assert federal is not None  # the checker raised otherwise
    assert account is not None
    return TaxRules(federal, rules, supplements, tuple(notes), abatement, account)


def _spending_account(
    raw: object, path: KeyPath, sources, treatments: Collection[str], checker: Checker
) -> SpendingAccountRules:
    """`spending_account: {label, pays, source, treatments: {id: {qualifies, why, source}},
    otherwise: {...}}`."""
    entry = schema.mapping(raw, path)
    schema.keys(entry, path, required=("label", "pays", "source", "treatments", "otherwise"))
    by_treatment = {}
    listed = schema.mapping(entry["treatments"], (*path, "treatments"))
    for key, value in listed.items():
        with checker.item():
            at = (*path, "treatments", str(key))
            if treatments and key not in treatments:
                raise Invalid(
                    at,
                    _("'{key}' is not a treatment the data knows ({ids})").format(
                        key=key, ids=", ".join(treatments)
                    ),
                )
            by_treatment[str(key)] = _qualifying(value, at, sources)
    return SpendingAccountRules(
        label=schema.text(entry["label"], (*path, "label"), one_line=True),
        pays=schema.text(entry["pays"], (*path, "pays")),
        sources=source_refs(entry["source"], (*path, "source"), sources),
        treatments=by_treatment,
        otherwise=_qualifying(entry["otherwise"], (*path, "otherwise"), sources),
    )


def _qualifying(raw: object, path: KeyPath, sources) -> Qualifying:
    entry = schema.mapping(raw, path)
    schema.keys(entry, path, required=("qualifies", "why", "source"))
    return Qualifying(
        qualifies=schema.one_of(entry["qualifies"], (*path, "qualifies"), QUALIFIES),
        why=schema.text(entry["why"], (*path, "why")),
        sources=source_refs(entry["source"], (*path, "source"), sources),
    )


def _credit(key: str, raw: object, path: KeyPath, sources) -> CreditRule:
    entry = schema.mapping(raw, path)
    schema.keys(
        entry,
        path,
        required=("label", "claimed_on", "income", "rate", "income_share"),
        optional=("threshold",),
    )
    income = schema.one_of(entry["income"], (*path, "income"), (NET_INCOME, FAMILY_INCOME))
    values = {
        "rate": _by_year(entry["rate"], (*path, "rate"), "value", sources),
        "income_share": _by_year(entry["income_share"], (*path, "income_share"), "value", sources),
    }
    capped = "threshold" in entry
    if capped:
        values["threshold"] = _by_year(entry["threshold"], (*path, "threshold"), "amount", sources)
    elif income == NET_INCOME:
        raise Invalid(
            path,
            _(
                "a credit on net income needs 'threshold' (the fixed amount: the lesser of it "
                "and the share of income is deducted)"
            ),
        )
    return CreditRule(
        id=key,
        label=schema.text(entry["label"], (*path, "label"), one_line=True),
        income=income,
        capped=capped,
        values=values,
        where_claimed=schema.text(entry["claimed_on"], (*path, "claimed_on"), one_line=True),
    )


def _by_year(value: object, path: KeyPath, kind: str, sources) -> dict[int, Dated[Decimal]]:
    """`{year: {value|amount: ..., source: id, note?: text}}`: one sourced value per tax
    year. `kind` 'value' is a share between 0 and 1; 'amount' a CAD amount."""
    series = schema.mapping(value, path, _("a mapping of tax years (e.g. 2025) to values"))
    if not series:
        raise Invalid(path, _("needs at least one tax year"))
    found = {}
    for year, raw in series.items():
        year_path = (*path, str(year))
        year = _year(year, year_path)
        if year in found:
            raise Invalid(year_path, _("tax year {year} is given twice").format(year=year))
        entry = schema.mapping(raw, year_path)
        schema.keys(entry, year_path, required=(kind, "source"), optional=("note",))
        number = _share(entry[kind], (*year_path, kind)) if kind == "value" else None
        if kind == "amount":
            number = schema.amount(entry[kind], (*year_path, kind))
            if number is None:
                raise Invalid(
                    (*year_path, kind),
                    _(
                        "leave out a year whose amount is not published (no value is carried "
                        "from another year)"
                    ),
                )
        found[year] = Dated(
            key=dotted((*path, str(year))),
            since=dt.date(year, 1, 1),
            value=number,
            source=source_ref(entry["source"], (*year_path, "source"), sources),
            note=schema.optional_text(entry, "note", year_path),
        )
    return found


def _year(value: object, path: KeyPath) -> int:
    if isinstance(value, str) and value.isascii() and value.isdigit():  # a mapping's key
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(
            path, _("a tax year must be a year such as 2025, not '{value}'").format(value=value)
        )
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise Invalid(
            path,
            _("a tax year must be between {first} and {last}, not {value}").format(
                first=FIRST_YEAR, last=LAST_YEAR, value=value
            ),
        )
    return value


def _share(value: object, path: KeyPath) -> Decimal:
    """A rate or share written as a decimal fraction: 0.145 for 14.5%."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise Invalid(
            path,
            _("must be a decimal fraction such as 0.145 (for 14.5%), not '{value}'").format(
                value=value
            ),
        )
    number = Decimal(value)
    if not number.is_finite() or not 0 < number < 1:
        raise Invalid(
            path,
            _("must be a fraction above 0 and below 1 (0.145 for 14.5%), not {value}").format(
                value=value
            ),
        )
    return number


def _supplement(year: object, raw: object, path: KeyPath, sources) -> Supplement:
    year = _year(year, path)
    entry = schema.mapping(raw, path)
    schema.keys(entry, path, required=(*_SUPPLEMENT, "source"), optional=("note",))
    source = source_ref(entry["source"], (*path, "source"), sources)
    note = schema.optional_text(entry, "note", path)
    values = {}
    for name in _SUPPLEMENT:
        at = (*path, name)
        if name in _SHARES:
            number = _share(entry[name], at)
        else:
            number = schema.amount(entry[name], at)
            if number is None:
                raise Invalid(at, _("leave out a year whose figures are not all published"))
        values[name] = Dated(dotted(at), dt.date(year, 1, 1), number, source, note)
    return Supplement(year=year, **values)


def _note(raw: object, path: KeyPath, sources) -> TaxNote:
    entry = schema.mapping(raw, path)
    schema.keys(entry, path, required=("id", "text", "source"), optional=("when",))
    when = entry.get("when", "always")
    return TaxNote(
        id=schema.identifier(entry["id"], (*path, "id")),
        text=schema.text(entry["text"], (*path, "text")),
        sources=source_refs(entry["source"], (*path, "source"), sources),
        when=schema.one_of(when, (*path, "when"), _NOTE_WHEN),
    )
