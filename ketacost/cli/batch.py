"""ketacost batch: a CSV file of scenarios in, one answer per row out, rejected rows
reported on stderr with their spreadsheet row number."""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ketacost.cli.help import HelpInLanguage
from ketacost.cli.options import AsOfOption, LangOption, OutputOption, PricingOption
from ketacost.cli.shared import (
    COORDINATORS,
    EXIT_BUG,
    EXIT_DATA,
    app,
    catalog,
    check_input,
    day,
    fail,
    handles_errors,
    output_format,
    to_stdout,
)
from ketacost.cli.workers import HeldInterrupts, WorkerLost
from ketacost.errors import DataFileError, RequestError
from ketacost.i18n import _

# Only the formats' names here: the core and the writer load when a batch runs.
from ketacost.render import BATCH_FORMATS

BatchFormat = Enum("BatchFormat", {name: name for name in BATCH_FORMATS}, type=str)

# Rejected rows named in the closing summary; each was also reported as it came.
SUMMARY_ROWS = 10
# How often (in rows) the progress bar is moved on.
PROGRESS_EVERY = 500


@app.command(cls=HelpInLanguage, rich_help_panel=COORDINATORS)
@handles_errors(long_running=True)
def batch(
    file: Annotated[Path, typer.Argument(help="A CSV file, one scenario per row.", dir_okay=False)],
    fmt: Annotated[
        BatchFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv or jsonl (JSON lines). Default: jsonl when --output ends in .jsonl, "
            "else csv.",
            case_sensitive=False,
        ),
    ] = None,
    output: OutputOption = None,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="Begin the CSV with a byte-order mark, so that Excel shows accents and "
            "dashes as written.",
        ),
    ] = False,
    pricing: PricingOption = None,
    as_of: AsOfOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            help="How many processes estimate the rows, on Linux (elsewhere: one). Default: "
            "one per processor (at most 8), for a file of more than 500 rows. The rows come "
            "out in the file's order either way.",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Estimate many scenarios at once: one per row of a CSV file.

    The first row names the columns, after the estimate options: treatment,
    sessions, plan, maintenance, months, interval, clinic, program, province,
    claim_province, condition, failed_antidepressants, work_injury, veteran,
    insurance, federal_plan, hsa (what is left in a health spending account), and
    for the tax credits net_income, tax_year, family_income. Switches take
    yes/no/oui/non/true/false/1/0 or blank (no);
    several conditions, insurances or federal plans are separated by ';'. Other
    columns are ignored and never copied to the output.

    Each row gives its total, out-of-pocket range and each program's verdict,
    written as it is estimated (a file of more than 500 rows: by 500, shared among
    the processors, in the file's order); an amount no source gives is "not
    published". A row that cannot be estimated is written with its row number as a
    spreadsheet shows it (the header is row 1) and why, in the error column (a
    record with "error" in JSON lines), and said on stderr; the other rows still
    come out, and the exit code is 3. Ctrl-C stops and keeps the rows written.

    Example: ketacost batch examples/scenarios.csv -o answers.csv
    """
    from ketacost.batch import Batch
    from ketacost.render.batch import BatchWriter

    check_input(file, "batch")
    kind = output_format(fmt, output, BATCH_FORMATS, default="csv")
    if excel and kind != "csv":
        raise RequestError(_("--excel is for CSV: leave it out for JSON lines"))
    if jobs is not None and jobs < 1:
        raise RequestError(_("--jobs must be 1 or more (1: this process alone)"))
    data = catalog(pricing)
    when = day(as_of)
    programs = list(data.coverage.programs)
    tally = _Tally()
    interrupted = 0
    with (
        # Ctrl-C: raised at once while rows are estimated; held while one is written and
        # counted, and from the last row on (what is written is then kept whole).
        HeldInterrupts() as interrupts,
        # Any line ending, as csv wants (newline=""); a bad byte becomes U+FFFD and the
        # row that holds it is rejected, not guessed at.
        open(file, encoding="utf-8-sig", errors="replace", newline="") as text,
        _destination(output, (file, data.pricing_path)) as stream,
        _Progress(os.fstat(text.fileno()).st_size) as progress,
        contextlib.ExitStack() as stack,
    ):
        scenarios = Batch(
            data.prices,
            data.plans,
            data.coverage,
            _lines(text, progress),
            when,
            str(file),
            tax_rules=lambda: data.tax,
        )
        ignored = scenarios.header.ignored
        if ignored:
            columns = ", ".join(f"'{c if len(c) <= 40 else c[:37] + '...'}'" for c in ignored)
            if len(ignored) > 1:
                ignoring = _(
                    "ketacost: {file}: ignoring columns {columns}: not a scenario column, "
                    "and never copied to the output"
                )
            else:
                ignoring = _(
                    "ketacost: {file}: ignoring column {columns}: not a scenario column, "
                    "and never copied to the output"
                )
            progress.say(ignoring.format(file=file, columns=columns))
        workers = None

        def say(outcome: tuple[str, int, str | None]) -> None:
            what, row, error = outcome
            if what == _REJECTED:
                progress.say(
                    _("ketacost: {file}: row {row}: {error}").format(
                        file=file, row=row, error=error
                    )
                )

        try:
            records = scenarios.records()
            sharing = _sharing(jobs)
            # One row more than a chunk: workers start only for a file of more than one
            # (with one process, no row is read ahead: each is written as it comes).
            first = list(itertools.islice(records, CHUNK_ROWS + 1)) if sharing else []
            if len(first) > CHUNK_ROWS:  # forked before any thread or any output
                workers = stack.enter_context(_workers(scenarios, kind, programs, sharing))
            progress.start()
            writer = BatchWriter(stream, kind, programs, excel)
            if workers is None:  # each row written as it is estimated
                for record in itertools.chain(first, records):
                    outcome, result = _answer(scenarios, record)
                    interrupts.hold()  # written and counted, or neither
                    _write(writer, outcome, result)
                    tally.add(outcome)
                    say(outcome)
                    interrupts.release()
            else:  # each chunk of rows written as it comes back, in order
                chunks = _chunks(itertools.chain(first, records))
                for written, outcomes, fault in workers.results(chunks):
                    interrupts.hold()
                    stream.write(written)
                    for outcome in outcomes:
                        tally.add(outcome)
                        say(outcome)
                    interrupts.release()
                    if fault is not None:
                        _raise(fault)
        except KeyboardInterrupt:
            interrupts.hold()  # one Ctrl-C is enough: the rest of the way is kept whole
            interrupted = tally.last or 1
            if workers is not None:
                workers.stop()
        except WorkerLost:
            interrupts.hold()
            where = _("standard output") if to_stdout(output) else str(output)
            fail(
                EXIT_BUG,
                _(
                    "a worker process ended before its rows were done (out of memory?): "
                    "{count} rows written to {where}, to row {row}; try again with --jobs 1"
                ).format(count=tally.written, where=where, row=tally.last),
            )
        finally:
            interrupts.hold()  # from the last row on, the rest of the way is kept whole
    if interrupted:
        where = _("standard output") if to_stdout(output) else str(output)
        if tally.written == 1:
            stopped = _(
                "stopped at row {row} (Ctrl-C): {count} row written to {where}; the rows "
                "after {row} were not estimated"
            )
        else:
            stopped = _(
                "stopped at row {row} (Ctrl-C): {count} rows written to {where}; the rows "
                "after {row} were not estimated"
            )
        fail(130, stopped.format(row=interrupted, count=tally.written, where=where))
    done, blank, rejected = tally.done, tally.blank, tally.rejected
    if done == 1:
        summary = _("ketacost: {count} row estimated").format(count=done)
    else:
        summary = _("ketacost: {count} rows estimated").format(count=done)
    if blank:
        skipped = _("{count} blank row skipped") if blank == 1 else _("{count} blank rows skipped")
        summary += ", " + skipped.format(count=blank)
    if not to_stdout(output):
        summary += "; " + _("wrote {format} to {path}").format(format=kind, path=output)
    typer.echo(summary, err=True)
    if rejected:
        rows = ", ".join(map(str, tally.first_rejected)) + (
            ", ..." if rejected > SUMMARY_ROWS else ""
        )
        if rejected == 1:
            said = _("{count} row rejected (rows {rows})")
        else:
            said = _("{count} rows rejected (rows {rows})")
        fail(EXIT_DATA, said.format(count=rejected, rows=rows))


# Rows given to a worker at once (about a tenth of a second of work), and the fewest rows
# a file must have for workers to start (fewer: the forks cost more than they save).
CHUNK_ROWS = 500
_DONE, _BLANK, _REJECTED = "done", "blank", "rejected"


class _Tally:
    """The rows answered so far: how many of each kind, the first rejected, the last."""

    def __init__(self) -> None:
        self.done = self.blank = self.rejected = self.last = 0
        self.first_rejected: list[int] = []

    @property
    def written(self) -> int:
        """The rows written out (a blank row is skipped)."""
        return self.done + self.rejected

    def add(self, outcome: tuple[str, int, str | None]) -> None:
        what, row, _error = outcome
        self.last = row
        if what == _BLANK:
            self.blank += 1
        elif what == _REJECTED:
            self.rejected += 1
            if len(self.first_rejected) < SUMMARY_ROWS:
                self.first_rejected.append(row)
        else:
            self.done += 1


def _answer(scenarios, record) -> tuple[tuple[str, int, str | None], object]:
    """One of `scenarios.records()` answered: what it is (its kind, its row, why it was
    rejected), and the result to write. Raises DataFileError for a fault of the data."""
    from ketacost.batch import Blank, RowResult

    result = record if isinstance(record, RowResult) else scenarios.answer(*record)
    if isinstance(result, Blank):
        return (_BLANK, result.row, None), result
    if result.error is not None:
        return (_REJECTED, result.row, result.error), result
    return (_DONE, result.row, None), result


def _write(writer, outcome: tuple[str, int, str | None], result) -> None:
    if outcome[0] == _REJECTED:
        writer.write_error(result.row, result.error)
    elif outcome[0] == _DONE:
        writer.write(result.row, result.estimate)


def _raise(fault: tuple[str, object]) -> None:
    """Raise again what stopped a worker, its rows before it written."""
    what, said = fault
    if what == "data":
        raise DataFileError(said)
    raise RuntimeError(_("in a worker process: {error}").format(error=said))


def _chunks(records: Iterator) -> Iterator[list]:
    while chunk := list(itertools.islice(records, CHUNK_ROWS)):
        yield chunk


def _sharing(jobs: int | None) -> int:
    """How many worker processes may share a long file: `jobs`, else one per processor (at
    most DEFAULT_MOST); 0 for one, or where processes are not forked."""
    from ketacost.cli.workers import DEFAULT_MOST, can_fork, usable_cores

    jobs = jobs or min(usable_cores(), DEFAULT_MOST)
    return jobs if jobs > 1 and can_fork() else 0


def _workers(scenarios, kind: str, programs: list[str], jobs: int):
    """`jobs` worker processes answering chunks of rows: each chunk's rows written as
    text, and what each was."""
    from ketacost.cli.workers import Workers
    from ketacost.render.batch import BatchWriter

    def work(chunk: list) -> tuple[str, list, tuple | None]:
        """The chunk's rows written as text, what each was, and what stopped it (a fault of
        the data, or a bug: said again by the parent after the rows before it)."""
        out = io.StringIO()
        writer = BatchWriter(out, kind, programs, header=False)
        outcomes, fault = [], None
        try:
            for record in chunk:
                outcome, result = _answer(scenarios, record)
                _write(writer, outcome, result)
                outcomes.append(outcome)
        except DataFileError as e:
            fault = ("data", e.problems)
        except Exception as e:  # noqa: BLE001 - a bug: said by the parent, as in one process
            fault = ("bug", f"{type(e).__name__}: {e}")
        return out.getvalue(), outcomes, fault

    return Workers(work, jobs)


def _lines(text, progress: _Progress) -> Iterator[str]:
    """The file's lines, the progress bar following the bytes read (a pipe's are not
    counted: its size is not known either)."""
    follows = text.seekable()
    for number, line in enumerate(text):
        if follows and number % PROGRESS_EVERY == 0:
            progress.read = text.buffer.tell()
            progress.update()
        yield line


@contextlib.contextmanager
def _destination(output: Path | None, reading: tuple[Path | None, ...]):
    if to_stdout(output):
        yield sys.stdout
        sys.stdout.flush()
        return
    from ketacost.cli.output import open_output

    with open_output(output, tuple(p for p in reading if p is not None)) as stream:
        yield stream


class _Progress:
    """A progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, total: int) -> None:
        self.total, self.read = total, 0
        self.bar = None

    def __enter__(self) -> _Progress:
        return self

    def start(self) -> None:
        """Draw the bar (a thread moves it on: started after any worker is forked)."""
        if _stderr_is_terminal():
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

            self.bar = Progress(
                TextColumn(_("Estimating")),
                BarColumn(),
                TaskProgressColumn(),
                console=Console(file=sys.stderr, force_terminal=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("batch", total=self.total or None)

    def update(self) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=self.read)

    def say(self, message: str) -> None:
        """A message on stderr that does not break the bar."""
        if self.bar is not None:
            self.bar.console.print(message, markup=False, highlight=False, soft_wrap=True)
        else:
            typer.echo(message, err=True)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()
