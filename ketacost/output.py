"""Writing a result to a file without losing what was there."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from ketacost.errors import OutputError


def write_output(path: Path, text: str, inputs: tuple[Path, ...] = ()) -> None:
    """Write `text` (UTF-8) to `path`.

    A regular file, or a new one, is replaced whole through a temporary file
    beside it, keeping the old file's permissions, so a failed write leaves
    the old content. A symlink is followed; a device or a pipe is written
    through. Raises OutputError if the file cannot be written or is one of
    `inputs` (a file being read).
    """
    for source in inputs:
        with contextlib.suppress(OSError):
            if path.exists() and os.path.samefile(path, source):
                raise OutputError(f"{path} is the input file {source}; write somewhere else")
    target = Path(os.path.realpath(path))
    try:
        try:
            mode = os.stat(target).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode):
            with open(target, "w", encoding="utf-8") as stream:
                stream.write(text)
            return
        _replace(target, text, None if mode is None else stat.S_IMODE(mode))
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from e


def _replace(target: Path, text: str, mode: int | None) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".ketacost-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, mode if mode is not None else 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
