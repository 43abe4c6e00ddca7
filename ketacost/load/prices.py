"""Reading a price file: check every rule of the format and build a PriceList.

The format is described at the top of data/pricing.yaml. Every fault is
reported with its file, line and key path; one run reports a fault in every
treatment, clinic and program that has one.
"""

from __future__ import annotations

from collections.abc import Mapping
from difflib import get_close_matches

from ketacost.i18n import _
from ketacost.load import schema
from ketacost.load.dated import parse_series, source_ref
from ketacost.load.schema import Checker, Invalid
from ketacost.load.sources import merge_sources, parse_sources
from ketacost.load.yamldoc import Document, KeyPath
from ketacost.model.dated import DatedSeries
from ketacost.model.money import MAX_SESSIONS, MoneyRange
from ketacost.model.prices import (
    ASSUMED,
    FIRST_SESSIONS,
    WHOLE_COURSE,
    Clinic,
    CoursePrice,
    Deposit,
    Note,
    PriceList,
    Pricing,
    Program,
    Treatment,
)
from ketacost.model.sources import Source


def parse_price_list(
    doc: Document,
    bundled_sources: Mapping[str, Source],
    base: PriceList | None = None,
) -> PriceList:
    """Check and build a price list from a parsed file.

    `bundled_sources` are the sources the file may cite besides its own. With
    `base` (the bundled price list), the file is a clinic's file laid over it: its
    programs may give the base's treatments, and `currency` may be left out. The
    list returned holds the file's own treatments, clinics and notes only (see
    pricing.merge_price_lists). Raises DataFileError with every fault found, each
    with its line and key path.
    """
    checker = Checker(doc)
    top = _top_level(doc, checker, overlay=base is not None)
    origin = doc.path
    sources = dict(bundled_sources)
    with checker.item():
        own = parse_sources(top.get("sources", {}), ("sources",), checker)
        sources = merge_sources(sources, own, ("sources",))
    # A source with faults of its own may still be cited: one fault, one message.
    citable = {**dict.fromkeys(_keys(top, "sources")), **sources}
    treatments = {}
    for tid, raw in schema.mapping(top.get("treatments", {}), ("treatments",)).items():
        with checker.item():
            treatment = _treatment(tid, raw, ("treatments", tid), citable, origin)
            treatments[treatment.id] = treatment
    clinics = {}
    for cid, raw in schema.mapping(top.get("clinics", {}), ("clinics",)).items():
        with checker.item():
            clinic = _clinic(cid, raw, ("clinics", cid), citable, checker, origin)
            clinics[clinic.id] = clinic
    # Likewise a treatment with faults of its own still counts as defined, and a program
    # with faults of its own still has its treatment checked: read from the file as written.
    declared = list(dict.fromkeys([*(base.treatments if base else ()), *_keys(top, "treatments")]))
    for cid, pid, given in _program_treatments(top):
        if isinstance(given, str) and given not in declared:
            known = ", ".join(declared) or _("none")
            close = get_close_matches(given, declared, n=1, cutoff=0.5)
            if close:
                said = _(
                    "treatment '{treatment}' is not defined; did you mean '{close}'? "
                    "(defined: {known})"
                ).format(treatment=given, close=close[0], known=known)
            else:
                said = _("treatment '{treatment}' is not defined (defined: {known})").format(
                    treatment=given, known=known
                )
            checker.record(Invalid(("clinics", cid, "programs", pid, "treatment"), said))
    notes: tuple[Note, ...] = ()
    if "notes" in top:
        with checker.item():
            notes = _notes(top["notes"], ("notes",), citable, origin)
    if not treatments and not clinics and not checker.problems:
        checker.record(Invalid((), _("defines no treatments and no clinics")))
    checker.raise_if_any()
    return PriceList(doc.path, top.get("currency", "CAD"), treatments, clinics, sources, notes)


def _notes(value: object, path: KeyPath, sources, origin: str) -> tuple[Note, ...]:
    notes = []
    for index, raw in enumerate(schema.sequence(value, path)):
        item_path = (*path, str(index))
        entry = schema.mapping(raw, item_path)
        schema.keys(entry, item_path, required=("text", "source"))
        notes.append(
            Note(
                schema.text(entry["text"], (*item_path, "text")),
                source_ref(entry["source"], (*item_path, "source"), sources),
                origin,
            )
        )
    return tuple(notes)


def _program_treatments(top: dict):
    """(clinic id, program id, treatment as written) for every program in the file."""
    clinics = top.get("clinics")
    for cid, clinic in (clinics if isinstance(clinics, dict) else {}).items():
        programs = clinic.get("programs") if isinstance(clinic, dict) else None
        for pid, program in (programs if isinstance(programs, dict) else {}).items():
            if isinstance(program, dict) and "treatment" in program:
                yield str(cid), str(pid), program["treatment"]


def _keys(top: dict, block: str) -> list[str]:
    """The ids a top-level block declares, valid or not."""
    value = top.get(block)
    return list(value) if isinstance(value, dict) else []


def _top_level(doc: Document, checker: Checker, overlay: bool) -> dict:
    blocks = ("sources", "notes", "treatments", "clinics")
    try:
        if overlay:
            # A clinic's file laid over the bundled prices may leave the currency out.
            top = schema.document(doc.data, optional=("currency", *blocks))
        else:
            top = schema.document(doc.data, required=("currency",), optional=blocks)
        if "currency" in top:
            schema.one_of(top["currency"], ("currency",), ("CAD",))
        for block in ("treatments", "clinics"):
            if block in top:
                schema.mapping(top[block], (block,))
    except Invalid as fault:
        checker.record(fault)
        checker.raise_if_any()
    return top


def _treatment(tid: object, raw: object, path: KeyPath, sources, origin: str) -> Treatment:
    tid, entry = schema.named_entry(
        tid,
        raw,
        path,
        required=("label", "description", "source", "per_session"),
        optional=("courses",),
    )
    # Every part is checked, so one run names every fault of the treatment.
    collect = schema.Collector()
    per_session = collect(
        lambda: _price_series(entry["per_session"], (*path, "per_session"), sources)
    )
    courses = collect(lambda: _courses(entry.get("courses"), (*path, "courses"), sources), ())
    label = collect(lambda: schema.text(entry["label"], (*path, "label"), one_line=True))
    description = collect(lambda: schema.text(entry["description"], (*path, "description")))
    source = collect(lambda: source_ref(entry["source"], (*path, "source"), sources))
    collect.done()
    return Treatment(
        id=tid,
        label=label,
        description=description,
        source=source,
        pricing=Pricing.by_session(per_session, courses),
        origin=origin,
    )


def _clinic(
    cid: object, raw: object, path: KeyPath, sources, checker: Checker, origin: str
) -> Clinic:
    cid, entry = schema.named_entry(
        cid,
        raw,
        path,
        required=("name", "source", "programs"),
        optional=("description", "deposit", "quote_valid_days"),
    )
    # Every part is checked, so one run names every fault of the clinic.
    collect = schema.Collector()
    valid_days = None
    if "quote_valid_days" in entry:
        valid_days = collect(
            lambda: schema.count(
                entry["quote_valid_days"], (*path, "quote_valid_days"), 1, MAX_QUOTE_DAYS
            )
        )
    deposit = None
    if "deposit" in entry:
        deposit = collect(
            lambda: parse_series(
                entry["deposit"],
                (*path, "deposit"),
                _deposit,
                ("amount", "refundable"),
                sources,
                optional_keys=("counts_toward_price",),
            )
        )
    name = collect(lambda: schema.text(entry["name"], (*path, "name"), one_line=True))
    description = collect(lambda: schema.optional_text(entry, "description", path))
    source = collect(lambda: source_ref(entry["source"], (*path, "source"), sources))
    programs_path = (*path, "programs")
    programs = {}
    given = collect(lambda: schema.mapping(entry["programs"], programs_path), {})
    for pid, praw in given.items():
        with checker.item():
            program = _program(pid, praw, (*programs_path, str(pid)), sources)
            programs[program.id] = program
    if not entry["programs"]:
        collect.faults.append(Invalid(programs_path, _("a clinic needs at least one program")))
    collect.done()
    return Clinic(
        id=cid,
        name=name,
        description=description,
        source=source,
        deposit=deposit,
        programs=programs,
        origin=origin,
        quote_valid_days=valid_days,
    )


MAX_QUOTE_DAYS = 365

_PRICING_KEYS = ("per_session", "first_session", "additional_session", "whole_program")


def _program(pid: object, raw: object, path: KeyPath, sources) -> Program:
    pid, entry = schema.named_entry(
        pid,
        raw,
        path,
        required=("label", "treatment"),
        optional=(*_PRICING_KEYS, "courses", "description"),
    )
    given = tuple(k for k in _PRICING_KEYS if k in entry)
    if given not in (("per_session",), ("first_session", "additional_session"), ("whole_program",)):
        raise Invalid(
            path,
            _(
                "price a program with exactly one of: per_session; first_session and "
                "additional_session; whole_program (found: {found})"
            ).format(found=", ".join(given) or _("none")),
        )

    def series(key: str) -> DatedSeries[MoneyRange]:
        return _price_series(entry[key], (*path, key), sources)

    # Every part is checked, so one run names every fault of the program.
    collect = schema.Collector()
    courses = collect(lambda: _courses(entry.get("courses"), (*path, "courses"), sources), ())
    label = collect(lambda: schema.text(entry["label"], (*path, "label"), one_line=True))
    treatment = collect(lambda: schema.identifier(entry["treatment"], (*path, "treatment")))
    description = collect(lambda: schema.optional_text(entry, "description", path))
    pricing = None
    if given == ("per_session",):
        per_session = collect(lambda: series("per_session"))
        pricing = Pricing.by_session(per_session, courses)
    elif given == ("whole_program",):
        if courses:
            collect.faults.append(
                Invalid((*path, "courses"), _("a whole_program price has no course prices"))
            )
        pricing = Pricing(None, None, collect(lambda: series("whole_program")))
    else:
        first = collect(lambda: series("first_session"))
        additional = collect(lambda: series("additional_session"))
        pricing = Pricing(first, additional, None, courses)
    collect.done()
    return Program(
        id=pid,
        label=label,
        treatment=treatment,
        pricing=pricing,
        description=description,
    )


def _courses(value: object, path: KeyPath, sources) -> tuple[CoursePrice, ...]:
    if value is None:
        return ()
    courses = []
    seen: dict[tuple[int, str], int] = {}
    for index, raw in enumerate(schema.sequence(value, path)):
        item_path = (*path, str(index))
        entry = schema.mapping(raw, item_path)
        schema.keys(
            entry,
            item_path,
            required=("sessions", "applies", "label", "price"),
            optional=("after",),
        )
        sessions = schema.count(entry["sessions"], (*item_path, "sessions"), 1, MAX_SESSIONS)
        applies = schema.one_of(
            entry["applies"], (*item_path, "applies"), (WHOLE_COURSE, FIRST_SESSIONS)
        )
        after_assumed = False
        if "after" in entry:
            if applies != FIRST_SESSIONS:
                raise Invalid(
                    (*item_path, "after"), _("only a first-sessions price has sessions after it")
                )
            after_assumed = (
                schema.one_of(entry["after"], (*item_path, "after"), (ASSUMED,)) == ASSUMED
            )
        if (sessions, applies) in seen:
            raise Invalid(
                (*item_path, "sessions"),
                _(
                    "a {applies} price for {sessions} sessions is already given "
                    "(courses item {item})"
                ).format(applies=applies, sessions=sessions, item=seen[sessions, applies]),
            )
        seen[sessions, applies] = index
        courses.append(
            CoursePrice(
                sessions=sessions,
                applies=applies,
                label=schema.text(entry["label"], (*item_path, "label"), one_line=True),
                price=_price_series(entry["price"], (*item_path, "price"), sources),
                after_assumed=after_assumed,
            )
        )
    return tuple(courses)


def _price_series(value: object, path: KeyPath, sources) -> DatedSeries[MoneyRange]:
    return parse_series(value, path, _price_range, ("low", "high"), sources)


def _price_range(entry: dict, path: KeyPath) -> MoneyRange:
    collect = schema.Collector()
    low = collect(lambda: schema.amount(entry["low"], (*path, "low")))
    high = collect(lambda: schema.amount(entry["high"], (*path, "high")))
    collect.done()
    if low is not None and high is not None and low > high:
        raise Invalid(
            (*path, "low"), _("low ({low}) is above high ({high})").format(low=low, high=high)
        )
    try:
        return MoneyRange.create(low, high)
    except ValueError as e:
        raise Invalid((*path, "low"), str(e)) from e


def _deposit(entry: dict, path: KeyPath) -> Deposit:
    value = schema.amount(entry["amount"], (*path, "amount"))
    if value is None:
        raise Invalid((*path, "amount"), _("a deposit needs an amount"))
    counts = entry.get("counts_toward_price", schema.NOT_PUBLISHED)
    toward = None
    if counts != schema.NOT_PUBLISHED:
        toward = schema.boolean(counts, (*path, "counts_toward_price"))
    return Deposit(value, schema.boolean(entry["refundable"], (*path, "refundable")), toward)
