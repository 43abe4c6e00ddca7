"""Work shared among worker processes, its results taken back in order (ketacost batch).

The workers are forked from this process once the data is loaded and the batch's header
read: they start with everything a row needs (the data, the header, the caches), so only
each chunk of rows goes out to one and only its answer, already written as text, comes
back. Forking is what makes that cheap: where Python should not fork (Windows, macOS,
whose system libraries forbid it) the work stays in this process (`can_fork`).

concurrent.futures rather than multiprocessing.Pool: a worker that dies (killed, out of
memory) breaks the pool with an error instead of leaving its chunk waited for forever. And
a worker's answer goes through a file of its own, only the file's name through the pool's
pipe: a worker killed while it wrote a long answer there would leave the pool's thread
waiting for the rest of it, forever (a name is written at once or not at all).
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator

# Workers started by default at most (more may be asked with --jobs): each holds its own
# caches (about 15 MB), and one process reads and writes the file for them all.
DEFAULT_MOST = 8


def usable_cores() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether work may go to forked processes here (before Python 3.10.5 a pool forked
    its workers one by one, after its own thread had started)."""
    return sys.platform.startswith("linux") and sys.version_info >= (3, 10, 5)


class HeldInterrupts:
    """While entered (a context manager, in the main thread), Ctrl-C raises
    KeyboardInterrupt at once, except between `hold()` and `release()`: there it is kept,
    and raised by `release()`, so that what is written and counted there is either all
    done or not begun; one still held when the context ends is dropped (the work it
    would have stopped is done). (Per row: two attribute sets, where swapping the handler
    each time cost 26 µs.)"""

    def __init__(self) -> None:
        self._holding = self._pending = False
        self._previous: object = None

    def __enter__(self) -> HeldInterrupts:
        self._previous = signal.signal(signal.SIGINT, self._caught)
        return self

    def __exit__(self, *exc: object) -> None:
        signal.signal(signal.SIGINT, self._previous)

    def _caught(self, number: int, frame: object) -> None:
        if self._holding:
            self._pending = True
        else:
            raise KeyboardInterrupt

    def hold(self) -> None:
        self._holding = True

    def release(self) -> None:
        self._holding = False
        if self._pending:
            self._pending = False
            raise KeyboardInterrupt


class WorkerLost(Exception):
    """A worker process ended before its work was done (killed; out of memory)."""


class Workers:
    """`work(chunk)` run in `jobs` forked processes; `results(chunks)` gives each chunk's
    result (plain values: what `marshal` writes) in the chunks' order, with at most
    `window` chunks given out and not yet taken back (memory stays bounded however long
    the input). A context manager: leaving it early (an error, Ctrl-C) stops the workers
    (`stop`); Ctrl-C is ignored while they stop."""

    def __init__(self, work: Callable[[list], object], jobs: int, window: int = 0) -> None:
        import multiprocessing
        import tempfile
        from concurrent.futures import ProcessPoolExecutor

        self._folder = tempfile.mkdtemp(prefix="ketacost-batch-")
        self._pool = ProcessPoolExecutor(
            jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start,
            initargs=(work, os.getpid(), self._folder),
        )
        self._window = window or 2 * jobs
        # Every worker forked now, before any thread of this process starts (the pool's
        # own, a progress bar), with nothing buffered that a worker would write again, and
        # born ignoring Ctrl-C (its parent stops it; a Ctrl-C in these few milliseconds
        # is lost).
        sys.stdout.flush()
        sys.stderr.flush()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            self._pool.submit(int).result()
        except BaseException:
            self.stop()
            raise
        finally:
            signal.signal(signal.SIGINT, previous)

    def results(self, chunks: Iterable[list]) -> Iterator[object]:
        """Each chunk's result, in order. Raises WorkerLost if a worker died."""
        from concurrent.futures.process import BrokenProcessPool

        waiting: deque = deque()
        try:
            for chunk in chunks:
                if len(waiting) >= self._window:
                    yield _taken(waiting.popleft().result())
                waiting.append(self._pool.submit(_run, chunk))
            while waiting:
                yield _taken(waiting.popleft().result())
        except BrokenProcessPool as e:
            raise WorkerLost(str(e)) from e

    def stop(self, finished: bool = False) -> None:
        """Stop the workers, Ctrl-C ignored meanwhile (a pool interrupted while it stops
        may never end): the chunks not begun are dropped, the few begun (at most two a
        worker, a tenth of a second each) let finish. `finished`: all taken back."""
        import shutil

        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            self._pool.shutdown(wait=True, cancel_futures=not finished)
        finally:
            signal.signal(signal.SIGINT, previous)
            shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind, error, trace) -> None:
        self.stop(finished=kind is None)


def _taken(path: str) -> object:
    """A worker's answer, read back from its file (then removed)."""
    import marshal

    with open(path, "rb") as answer:
        found = marshal.load(answer)
    os.unlink(path)
    return found


# A worker's work and where it writes its answers: set in each worker as it starts
# (inherited, never pickled).
_work: Callable[[list], object] | None = None
_folder = ""
_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends


def _start(work: Callable[[list], object], parent: int, folder: str) -> None:
    global _work, _folder
    # Ctrl-C reaches every process of the terminal: this one's parent stops it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # (born so; said again, to be sure)
    # A parent that ends any other way (killed) takes its workers with it, so none is left
    # waiting for work, holding the output open.
    import ctypes

    ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # it ended before that was asked
        os._exit(1)
    _work, _folder = work, folder


def _run(chunk: list) -> str:
    """The chunk's answer written to a file of its own: the file's name."""
    import marshal
    import tempfile

    assert _work is not None
    answer = _work(chunk)
    handle, path = tempfile.mkstemp(dir=_folder, suffix=".answer")
    with os.fdopen(handle, "wb") as out:
        marshal.dump(answer, out)
    return path
