"""Work shared among worker processes, its results taken back in order (ketacost batch).

The workers are forked from this process once the data is loaded and the batch's header
read: they start with everything a row needs (the data, the header, the caches), so only
each chunk of rows goes out to one and only its answer, already written as text, comes
back. Forking is what makes that cheap: where Python should not fork (Windows, macOS,
whose system libraries forbid it) the work stays in this process (`can_fork`).
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator


def usable_cores() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether work may go to forked processes here."""
    return sys.platform.startswith("linux")


class Workers:
    """`work(chunk)` run in `jobs` forked processes; `results(chunks)` gives each chunk's
    result in the chunks' order, with at most `window` chunks given out and not yet taken
    back (memory stays bounded however long the input). A context manager: leaving it
    early (an error, Ctrl-C) stops the workers at once."""

    def __init__(self, work: Callable[[list], object], jobs: int, window: int = 0) -> None:
        import multiprocessing

        # What this process has buffered is written by this process alone (a forked
        # worker flushes its copy of the standard streams when it ends).
        sys.stdout.flush()
        sys.stderr.flush()
        context = multiprocessing.get_context("fork")
        self._pool = context.Pool(jobs, initializer=_start, initargs=(work,))
        self._window = window or 2 * jobs

    def results(self, chunks: Iterable[list]) -> Iterator[object]:
        """Each chunk's result, in order."""
        waiting: deque = deque()
        for chunk in chunks:
            if len(waiting) >= self._window:
                yield waiting.popleft().get()
            waiting.append(self._pool.apply_async(_run, (chunk,)))
        while waiting:
            yield waiting.popleft().get()

    def stop(self) -> None:
        """Stop the workers now, their chunks unfinished (Ctrl-C)."""
        self._pool.terminate()
        self._pool.join()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            self._pool.close()
            self._pool.join()
        else:
            self.stop()


# A worker's work: set in each worker as it starts (inherited, never pickled).
_work: Callable[[list], object] | None = None


def _start(work: Callable[[list], object]) -> None:
    global _work
    # Ctrl-C reaches every process of the terminal: this one's parent stops it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _work = work


def _run(chunk: list) -> object:
    assert _work is not None
    return _work(chunk)
