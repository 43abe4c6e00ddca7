"""Read data/plans.yaml into course plans, checked in full (every fault, with its line
and key path)."""

from __future__ import annotations

from collections.abc import Mapping

from ketacost.i18n import _
from ketacost.load import schema
from ketacost.load.dated import source_ref
from ketacost.load.schema import Checker, Invalid
from ketacost.load.yamldoc import Document, KeyPath
from ketacost.model.money import MAX_SESSIONS, SessionRange
from ketacost.model.plans import Maintenance, Phase, Plan


def parse_plans(doc: Document, sources: Mapping[str, object]) -> dict[str, Plan]:
    """Check and build every plan in a parsed plans file.

    Raises DataFileError with every fault found.
    """
    checker = Checker(doc)
    plans: dict[str, Plan] = {}
    with checker.item():
        top = schema.document(doc.data, required=("plans",))
        for pid, raw in schema.mapping(top["plans"], ("plans",)).items():
            with checker.item():
                plan = _plan(pid, raw, ("plans", str(pid)), sources)
                plans[plan.id] = plan
    checker.raise_if_any()
    return plans


def _plan(pid: object, raw: object, path: KeyPath, sources) -> Plan:
    pid, entry = schema.named_entry(
        pid,
        raw,
        path,
        required=("label", "description", "treatments", "phases", "source", "date"),
        optional=("except", "maintenance"),
    )
    treatments_value = entry["treatments"]
    if treatments_value == "any":
        treatments = None
    else:
        treatments = _ids(treatments_value, (*path, "treatments"))
    excluded = _ids(entry["except"], (*path, "except")) if "except" in entry else ()
    phases = tuple(
        _phase(raw_phase, (*path, "phases", str(i)))
        for i, raw_phase in enumerate(schema.sequence(entry["phases"], (*path, "phases")))
    )
    maintenance = None
    if "maintenance" in entry:
        maintenance = _maintenance(entry["maintenance"], (*path, "maintenance"))
    return Plan(
        id=pid,
        label=schema.text(entry["label"], (*path, "label"), one_line=True),
        description=schema.text(entry["description"], (*path, "description")),
        treatments=treatments,
        excluded=excluded,
        phases=phases,
        maintenance=maintenance,
        source=source_ref(entry["source"], (*path, "source"), sources),
        since=schema.date(entry["date"], (*path, "date")),
    )


def _ids(value: object, path: KeyPath) -> tuple[str, ...]:
    items = schema.sequence(value, path)
    return tuple(schema.identifier(item, (*path, str(i))) for i, item in enumerate(items))


def _phase(raw: object, path: KeyPath) -> Phase:
    entry = schema.mapping(raw, path)
    schema.keys(entry, path, required=("name", "label", "sessions"), optional=("weeks",))
    weeks = _count_range(entry["weeks"], (*path, "weeks")) if "weeks" in entry else None
    return Phase(
        name=schema.identifier(entry["name"], (*path, "name")),
        label=schema.text(entry["label"], (*path, "label"), one_line=True),
        sessions=_count_range(entry["sessions"], (*path, "sessions")),
        weeks=weeks,
    )


def _count_range(value: object, path: KeyPath) -> SessionRange:
    """A count (6) or a range ({low: 4, high: 8}) of whole numbers from 1 to 200."""
    if isinstance(value, dict):
        schema.keys(value, path, required=("low", "high"))
        low = schema.count(value["low"], (*path, "low"), 1, MAX_SESSIONS)
        high = schema.count(value["high"], (*path, "high"), 1, MAX_SESSIONS)
        if low > high:
            raise Invalid(
                (*path, "low"),
                _("low ({low}) is above high ({high})").format(low=low, high=high),
            )
        return SessionRange(low, high)
    single = schema.count(value, path, 1, MAX_SESSIONS)
    return SessionRange(single, single)


def _maintenance(raw: object, path: KeyPath) -> Maintenance:
    entry = schema.mapping(raw, path)
    schema.keys(entry, path, required=("label", "intervals"))
    intervals_path = (*path, "intervals")
    intervals = {}
    for name, weeks in schema.mapping(entry["intervals"], intervals_path).items():
        key_path = (*intervals_path, str(name))
        intervals[schema.identifier(name, key_path)] = schema.count(weeks, key_path, 1, 52)
    if not intervals:
        raise Invalid(intervals_path, _("needs at least one interval"))
    return Maintenance(schema.text(entry["label"], (*path, "label"), one_line=True), intervals)
