"""Records: immutable classes of named fields, as `@dataclass(frozen=True)` makes them,
built for a command-line tool that starts often.

The standard decorator compiles each method it writes (`__init__`, `__eq__`, `__hash__`,
`__repr__`, `__setattr__`, `__delattr__`) with a separate `exec`, and inspects every
annotation: about 2.5 ms a class on a 2-core machine, and ketacost defines fifty. `record`
compiles only `__init__` (so instances are built as fast), when the first instance is
made, and shares the rest, comparing and hashing through `operator.attrgetter`: about
0.05 ms a class, and 0.3 ms more for one that is built in the run. What ketacost uses of
dataclasses is here, with the same meaning: `field(default=, default_factory=, init=,
compare=, repr=)`, `__post_init__`, `eq=False` (compared by identity), `fields()` and
`replace()`.

A record is frozen: assigning a field raises FrozenRecordError (an AttributeError);
`object.__setattr__` in `__post_init__` sets a field computed at creation, as with
dataclasses. Instances keep a `__dict__`, so `functools.cached_property` works.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")
_MISSING: Any = type("_Missing", (), {"__repr__": lambda self: "MISSING"})()
MISSING = _MISSING


class FrozenRecordError(AttributeError):
    """A field of a record was assigned or deleted."""


class Field:
    """One field: its name, default (MISSING if none), default factory, and whether it is
    a parameter of `__init__`, compared, and shown by `repr`."""

    __slots__ = ("name", "default", "default_factory", "init", "compare", "repr")

    def __init__(
        self,
        default: object = _MISSING,
        default_factory: Callable[[], object] | None = None,
        init: bool = True,
        compare: bool = True,
        repr: bool = True,  # noqa: A002 - the name dataclasses gives it
    ) -> None:
        self.name = ""
        self.default, self.default_factory = default, default_factory
        self.init, self.compare, self.repr = init, compare, repr

    def __repr__(self) -> str:
        return f"Field({self.name!r})"


def field(
    *,
    default: object = _MISSING,
    default_factory: Callable[[], object] | None = None,
    init: bool = True,
    compare: bool = True,
    repr: bool = True,  # noqa: A002
) -> Any:
    """A field with a default, a default factory, or left out of `__init__`, comparison
    or `repr`."""
    return Field(default, default_factory, init, compare, repr)


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise FrozenRecordError(f"cannot assign to field {name!r} of a frozen record")


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenRecordError(f"cannot delete field {name!r} of a frozen record")


def _repr(self: object) -> str:
    shown = (f"{f.name}={getattr(self, f.name)!r}" for f in self.__record_fields__ if f.repr)
    return f"{type(self).__qualname__}({', '.join(shown)})"


def _rebuild(self: object) -> tuple:
    given = tuple(getattr(self, f.name) for f in self.__record_fields__ if f.init)
    return (type(self), given)


def _is_class_var(annotation: object) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


def record(cls: type[T] | None = None, *, eq: bool = True) -> Any:
    """Make `cls` a frozen record (`@record`, or `@record(eq=False)` to compare by
    identity)."""

    def build(cls: type[T]) -> type[T]:
        found: dict[str, Field] = {}
        for base in reversed(cls.__mro__[1:]):
            for f in getattr(base, "__record_fields__", ()):
                found[f.name] = f
        for name, annotation in cls.__dict__.get("__annotations__", {}).items():
            if _is_class_var(annotation):
                continue
            value = cls.__dict__.get(name, _MISSING)
            f = value if isinstance(value, Field) else Field(default=value)
            f.name = name
            found[name] = f
            if isinstance(value, Field):  # the class attribute is the default, or nothing
                if f.default is _MISSING:
                    delattr(cls, name)
                else:
                    setattr(cls, name, f.default)
        fields = tuple(found.values())
        _write_methods(cls, fields, eq)
        if any(not f.init for f in fields):
            # Fields set by __post_init__ (a function, say) are not stored: a copy (pickle,
            # copy) is built again from the others.
            cls.__reduce__ = _rebuild
        cls.__record_fields__ = fields
        cls.__setattr__ = _frozen_setattr
        cls.__delattr__ = _frozen_delattr
        cls.__repr__ = _repr
        return cls

    return build if cls is None else build(cls)


def _write_methods(cls: type, fields: tuple[Field, ...], eq: bool) -> None:
    """`__init__`, compiled from the fields when the first instance is made (a record
    only ever read from a snapshot, or not used in a run, never pays for it); with `eq`,
    `__eq__` and `__hash__`."""
    seen_default = False
    for f in fields:  # checked now, as dataclasses does
        if not f.init:
            continue
        if f.default is not _MISSING or f.default_factory is not None:
            seen_default = True
        elif seen_default:
            raise TypeError(f"{cls.__name__}: field {f.name!r} without a default follows one with")

    def __init__(self, *args, **kwargs):
        init = _compiled_init(cls, fields)
        cls.__init__ = init
        init(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = __init__
    if eq:
        cls.__eq__, cls.__hash__ = _comparison([f.name for f in fields if f.compare])


def init_source(cls: type, fields: tuple[Field, ...]) -> tuple[str, dict[str, object]]:
    """The source of `cls`'s `__init__` and the names it reads besides its parameters:
    `_set`, `_MISSING`, each default (`_d_name`) and default factory (`_f_name`)."""
    namespace: dict[str, object] = {"_set": object.__setattr__, "_MISSING": _MISSING}
    params, body = [], []
    for f in fields:
        if not f.init:
            continue
        if f.default_factory is not None:
            namespace[f"_f_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            body.append(
                f"  _set(self, {f.name!r}, _f_{f.name}() if {f.name} is _MISSING else {f.name})"
            )
            continue
        if f.default is not _MISSING:
            namespace[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
        else:
            params.append(f.name)
        body.append(f"  _set(self, {f.name!r}, {f.name})")
    if "__post_init__" in {n for c in cls.__mro__ for n in c.__dict__}:
        body.append("  self.__post_init__()")
    source = "\n".join([f"def __init__(self, {', '.join(params)}):", *(body or ["  pass"])])
    return source, namespace


def _compiled_init(cls: type, fields: tuple[Field, ...]) -> Callable:
    """`cls`'s `__init__`: made by the function ketacost.model._inits holds for its source
    (written by tools/records.py, compiled to bytecode with the package like any module),
    else compiled here (a record class that file does not know yet)."""
    source, namespace = init_source(cls, fields)
    factory = _factories().get(source)
    if factory is not None:
        init = factory(**namespace)
    else:
        exec(source, namespace)  # noqa: S102 - code written here, from field names
        init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _factories() -> dict[str, Callable]:
    global _FACTORIES
    if _FACTORIES is None:
        try:
            from ketacost.model._inits import FACTORIES
        except ImportError:  # pragma: no cover - the file is part of the package
            FACTORIES = {}
        _FACTORIES = FACTORIES
    return _FACTORIES


_FACTORIES: dict[str, Callable] | None = None


def _comparison(names: list[str]) -> tuple[Callable, Callable]:
    """`__eq__` and `__hash__` over the fields `names` (read in C by attrgetter: no code
    to compile)."""
    if not names:

        def values(item: object) -> tuple:
            return ()

    elif len(names) == 1:
        one = attrgetter(names[0])

        def values(item: object) -> tuple:
            return (one(item),)

    else:
        values = attrgetter(*names)

    def __eq__(self: object, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return values(self) == values(other)

    def __hash__(self: object) -> int:
        return hash(values(self))

    return __eq__, __hash__


def fields(item: object) -> tuple[Field, ...]:
    """The fields of a record class or instance, in order."""
    return item.__record_fields__  # type: ignore[attr-defined]


def replace(item: T, **changes: object) -> T:
    """A copy of the record `item` with some fields changed (through `__init__`, so its
    `__post_init__` runs again)."""
    for f in item.__record_fields__:  # type: ignore[attr-defined]
        if f.init and f.name not in changes:
            changes[f.name] = getattr(item, f.name)
    return type(item)(**changes)
