"""Writing a result to a file without losing what was there."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from ketacost.errors import OutputError
from ketacost.i18n import _


def write_output(path: Path, text: str, inputs: tuple[Path, ...] = ()) -> None:
    """Write `text` (UTF-8) to `path`, as open_output does."""
    with open_output(path, inputs) as stream:
        stream.write(text)


@contextlib.contextmanager
def open_output(path: Path, inputs: tuple[Path, ...] = ()) -> Iterator[TextIO]:
    """A stream that writes `path` (UTF-8) once the block ends without an error.

    A regular file, or a new one, is replaced whole through a temporary file
    beside it, keeping the old file's permissions, so a failed or interrupted
    write leaves the old content. A symlink is followed; a device or a pipe is
    written through. Raises OutputError if the file cannot be written or is one
    of `inputs` (a file being read).
    """
    for source in inputs:
        with contextlib.suppress(OSError):
            if path.exists() and os.path.samefile(path, source):
                raise OutputError(
                    _("{path} is the input file {source}; write somewhere else").format(
                        path=path, source=source
                    )
                )
    target = Path(os.path.realpath(path))
    try:
        try:
            mode = os.stat(target).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode):
            stream = open(target, "w", encoding="utf-8")  # noqa: SIM115
            temporary = None
        else:
            handle, temporary = tempfile.mkstemp(
                dir=target.parent, prefix=".ketacost-", suffix=".tmp"
            )
            stream = os.fdopen(handle, "w", encoding="utf-8")
    except OSError as e:
        raise OutputError(
            _("cannot write {path}: {reason}").format(path=path, reason=e.strerror or e)
        ) from e
    try:
        with stream:
            yield stream
        if temporary is not None:
            os.chmod(temporary, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
            os.replace(temporary, target)
    except OSError as e:
        raise OutputError(
            _("cannot write {path}: {reason}").format(path=path, reason=e.strerror or e)
        ) from e
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
