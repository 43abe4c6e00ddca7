"""A snapshot of the checked data, so a run need not read, parse and check the YAML files
again (about a third of a run's time): written after the data files were read and
found valid, read back on the next run only if it was made from exactly the same files
by exactly the same code.

What makes a stale snapshot impossible to use: it holds the bytes of every data file it
was made from, and is used only when each file on disk is byte for byte the same; and
it holds ketacost's version and the size and modification time of each source file of
the code that builds and reads the records (ketacost/model, ketacost/load), as Python
itself checks its own bytecode cache. Anything else (a missing, damaged, foreign or
stale file, an unreadable cache) means the YAML is read, as without a snapshot.

Format: `marshal` (which builds only plain values) of the check above and the records
of each file as a pickle, built when first needed. The first file's records (the
sources, by id) are shared: the other files' records name each one they hold by its id
rather than hold a copy (the price list holds them all: half its pickle). Pickle because
it builds the records in C: rebuilding them from plain values in Python took longer
than it saves. The pickle is ketacost's own and is read with an unpickler that builds
only ketacost's record classes, dates and decimals, so a snapshot cannot run code,
whoever wrote it.

Only a directory and a file that this user alone can write are used: a shared directory's
snapshot, which another user could have written, is neither read nor written.

Where: the directory KETACOST_CACHE names ("off" turns snapshots off), else the user's
cache directory: $XDG_CACHE_HOME/ketacost or ~/.cache/ketacost; ~/Library/Caches/ketacost
on macOS; %LOCALAPPDATA%\\ketacost\\Cache on Windows (written here rather than with
platformdirs, whose import costs more than the snapshot saves).
"""

from __future__ import annotations

import io
import marshal
import os
import sys
import zlib
from pathlib import Path

CACHE_ENV = "KETACOST_CACHE"
FORMAT = 2
# The snapshots kept in the cache directory (one per set of data files).
KEEP = 4
_PREFIX, _SUFFIX = "snapshot-", ".bin"
_CODE = Path(__file__).resolve().parent.parent  # the ketacost package
_ALLOWED = {("datetime", "date"), ("decimal", "Decimal")}


def cache_dir() -> Path | None:
    """Where snapshots live; None when turned off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        chosen = chosen.strip()
        return None if chosen.lower() in ("", "off", "0", "no") else Path(chosen)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "ketacost" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "ketacost"
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "ketacost"


class Snapshot:
    """The records saved from each data file, each part built when first asked for (a
    command that needs no tax credits never builds them)."""

    def __init__(self, parts: tuple[bytes, ...]) -> None:
        self._parts = parts
        self._built: dict[int, object] = {}

    def __len__(self) -> int:
        return len(self._parts)

    def part(self, index: int) -> object:
        """The records of the `index`th file. Raises ValueError for a snapshot that would
        build anything but ketacost's records (it never does, unless tampered with)."""
        if index not in self._built:
            shared = self.part(0) if index else {}
            if not isinstance(shared, dict):
                raise ValueError("a snapshot's first part is not records by id")
            self._built[index] = _Records(io.BytesIO(self._parts[index]), shared).load()
        return self._built[index]


def read(
    data_dir: Path, names: tuple[str, ...], extra: tuple[tuple[str, bytes], ...] = ()
) -> Snapshot | None:
    """The records saved from the files `names` of `data_dir` (and `extra`, other named
    contents they were made with: a language and its catalog), if a snapshot was made
    from these very contents by this very code; else None."""
    try:
        where = cache_dir()
        if where is None:
            return None
        files = _contents(data_dir, names) + extra
        path = where / _name(files)
        if not path.is_file() or not (_private(where) and _private(path)):
            return None
        saved = marshal.loads(path.read_bytes())
        if not (isinstance(saved, tuple) and len(saved) == 4 and saved[0] == FORMAT):
            return None
        _, code, saved_files, parts = saved
        if code != _code_stamp() or saved_files != files:
            return None
        if not (isinstance(parts, tuple) and len(parts) == len(names)):
            return None
        found = Snapshot(parts)
        found.part(0)  # a damaged or tampered pickle shows here, not in the middle of a run
        return found
    except Exception:  # noqa: BLE001 - any fault in a snapshot means: read the YAML
        return None


def write(
    data_dir: Path,
    names: tuple[str, ...],
    records: tuple,
    extra: tuple[tuple[str, bytes], ...] = (),
) -> None:
    """Save `records`, built from the files `names` of `data_dir` (and `extra`), for the
    next runs. Silent when it cannot (no cache directory, a read-only disk)."""
    try:
        where = cache_dir()
        if where is None:
            return
        import tempfile

        files = _contents(data_dir, names) + extra
        first, *others = records
        shared = {id(r): key for key, r in first.items()} if isinstance(first, dict) else {}
        parts = (_dumps(first, {}), *(_dumps(r, shared) for r in others))
        data = marshal.dumps((FORMAT, _code_stamp(), files, parts))
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(where):
            return
        target = where / _name(files)
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".tmp-", suffix=_SUFFIX)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(where, keep=target)
    except Exception:  # noqa: BLE001, S110 - a snapshot is only ever a shortcut
        pass


def _private(path: Path) -> bool:
    """Whether only this user can write `path` (its owner, not writable by group or
    others): a snapshot anyone else could write is never read, nor written there."""
    if not hasattr(os, "getuid"):  # Windows: the user's own profile directory
        return True
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _contents(data_dir: Path, names: tuple[str, ...]) -> tuple[tuple[str, bytes], ...]:
    return tuple((name, (data_dir / name).read_bytes()) for name in names)


def _name(files: tuple[tuple[str, bytes], ...]) -> str:
    """A file name for these contents: which snapshot to look at (the contents inside
    decide whether it is used)."""
    check = 0
    for name, data in files:
        check = zlib.crc32(data, zlib.crc32(name.encode(), check))
    return f"{_PREFIX}{check:08x}{_SUFFIX}"


def _code_stamp() -> tuple:
    """ketacost's version, the Python version, and the size and modification time of each
    source file of the records and their readers."""
    import ketacost

    stamps = []
    for package in ("model", "load"):
        with os.scandir(_CODE / package) as entries:  # (Path.glob costs twice as much)
            for entry in entries:
                if entry.name.endswith(".py") and entry.is_file():
                    stat = entry.stat()
                    stamps.append((f"{package}/{entry.name}", stat.st_size, stat.st_mtime_ns))
    return (ketacost.__version__, tuple(sys.version_info[:2]), tuple(sorted(stamps)))


def _prune(where: Path, keep: Path) -> None:
    """Keep the KEEP most recent snapshots (one per set of data files used)."""
    found = sorted(
        (p for p in where.glob(f"{_PREFIX}*{_SUFFIX}") if p != keep),
        key=lambda p: p.stat().st_mtime_ns,
        reverse=True,
    )
    for old in found[KEEP - 1 :]:
        old.unlink(missing_ok=True)


try:
    from _pickle import Unpickler as _Unpickler
except ImportError:  # pragma: no cover - CPython has _pickle
    from pickle import Unpickler as _Unpickler


def _dumps(records: object, shared: dict[int, str]) -> bytes:
    """`records` pickled, each of the first part's records among them (`shared`: their
    ids by object) named by its id."""
    import pickle

    class Referring(pickle.Pickler):
        def persistent_id(self, obj: object) -> str | None:
            return shared.get(id(obj))

    out = io.BytesIO()
    Referring(out, protocol=pickle.HIGHEST_PROTOCOL).dump(records)
    return out.getvalue()


class _Records(_Unpickler):
    """An unpickler that builds ketacost's records, dates and decimals, and nothing else;
    a record named by its id is the first part's (`shared`)."""

    def __init__(self, file: io.BytesIO, shared: dict) -> None:
        super().__init__(file)
        self._shared = shared

    def persistent_load(self, pid: object) -> object:
        if isinstance(pid, str) and pid in self._shared:
            return self._shared[pid]
        raise ValueError(f"a snapshot names a record the first part does not hold: {pid!r}")

    def find_class(self, module: str, name: str) -> type:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        if module.startswith("ketacost.model.") and "." not in name:
            found = super().find_class(module, name)
            if isinstance(found, type) and hasattr(found, "__record_fields__"):
                return found
        raise ValueError(f"a snapshot may not build {module}.{name}")
