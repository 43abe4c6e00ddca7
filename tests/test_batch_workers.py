"""ketacost batch shared among processes (ketacost.cli.workers): a file of more than one
chunk gives the very bytes, messages and exit code one process gives, rows in the
file's order; --jobs is checked; Ctrl-C keeps the rows written and stops the workers.

Run as a user runs it, in a process of its own: workers are forked, which a test
process holding threads (pytest-xdist's) should not do."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ketacost.cli.batch import CHUNK_ROWS
from ketacost.cli.workers import can_fork
from ketacost.load.catalog import bundled_data_dir

pytestmark = pytest.mark.skipif(not can_fork(), reason="workers are forked on Linux only")

TREATMENTS = ("iv", "im", "kap", "spravato", "sublingual")
PROVINCES = ("ON", "AB", "QC", "BC", "NS", "")


def scenarios(path: Path, count: int) -> Path:
    """`count` rows after the header: every 97th rejected (an unknown treatment), every
    131st blank, the rest drawn in turn from a few treatments and provinces."""
    lines = ["treatment,sessions,province,work_injury,insurance"]
    for index in range(count):
        if index % 131 == 130:
            lines.append(",,,,")
        elif index % 97 == 96:
            lines.append(f"ivv,{index % 24 + 1},ON,no,")
        else:
            treatment = TREATMENTS[index % len(TREATMENTS)]
            province = PROVINCES[index % len(PROVINCES)]
            injured = "yes" if index % 3 == 0 else "no"
            insurance = "private" if index % 4 == 0 else ""
            lines.append(f"{treatment},{index % 24 + 1},{province},{injured},{insurance}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ketacost(*args: object, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ketacost", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


# `ketacost` run with a spy that notes in a file how many workers each batch started, and
# `change`, code run first (in this process: the workers, forked from it, have it too).
DRIVER = """
import os, signal, sys
spy, *argv = sys.argv[1:]
import ketacost.cli.workers as workers
started = workers.Workers.__init__
def noted(self, work, jobs, window=0):
    with open(spy, "a") as f:
        f.write(f"{jobs}\\n")
    started(self, work, jobs, window)
workers.Workers.__init__ = noted
CHANGE
sys.argv = ["ketacost", *argv]
from ketacost.cli import main
main()
"""


def spied(tmp_path, *args: object, change: str = "") -> tuple[subprocess.CompletedProcess, list]:
    """`ketacost *args` and the workers each of its batches started (none: [])."""
    spy = tmp_path / f"spy-{len(list(tmp_path.glob('spy-*')))}"
    run = DRIVER.replace("CHANGE", change)
    done = subprocess.run(
        [sys.executable, "-c", run, str(spy), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done, spy.read_text().split() if spy.exists() else []


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_workers_give_what_one_process_gives(tmp_path, fmt):
    source = scenarios(tmp_path / "in.csv", 3 * CHUNK_ROWS + 17)  # 4 chunks, the last short
    alone, none = spied(tmp_path, "batch", source, "-f", fmt, "--jobs", "1")
    shared, two = spied(tmp_path, "batch", source, "-f", fmt, "--jobs", "2")
    assert none == [] and two == ["2"]  # the second did share the rows
    assert alone.returncode == shared.returncode == 3, shared.stderr  # rows were rejected
    assert shared.stdout == alone.stdout
    assert shared.stderr == alone.stderr
    # 1,517 rows: 11 blank (the 131st, 262nd...), 15 rejected (the 97th, 194th...).
    assert CHUNK_ROWS == 500
    rows = alone.stdout.splitlines()[1 if fmt == "csv" else 0 :]
    assert len(rows) == 1517 - 11  # every row but the blank ones, rejected ones too
    assert "1491 rows estimated, 11 blank rows skipped" in alone.stderr
    assert "15 rows rejected (rows 98, 195," in alone.stderr
    assert "row 98: unknown treatment 'ivv'" in shared.stderr  # the 97th row after the header


def test_workers_write_an_output_file_in_the_file_order(tmp_path):
    source = scenarios(tmp_path / "in.csv", 2 * CHUNK_ROWS + 1)
    out = tmp_path / "answers.csv"
    done = ketacost("batch", source, "-o", out, "--jobs", "2", "--excel")
    assert done.returncode == 3, done.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeffrow,treatment")  # the header and its mark written once
    assert text.count("\ufeff") == 1 and text.count("row,treatment") == 1
    numbers = [int(line.split(",", 1)[0]) for line in text.splitlines()[1:]]
    assert numbers == sorted(numbers) and numbers[0] == 2


def test_results_come_back_in_order_however_long_each_chunk_takes():
    run = textwrap.dedent(
        """
        import time
        from ketacost.cli.workers import Workers

        def work(chunk):  # the first chunks take longest
            time.sleep(0.02 * (8 - chunk[0]))
            return [n * 10 for n in chunk]

        with Workers(work, 2, window=3) as workers:
            print(list(workers.results([n, n] for n in range(8))))
        """
    )
    done = subprocess.run([sys.executable, "-c", run], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == str([[n * 10, n * 10] for n in range(8)])


@pytest.mark.parametrize(("rows", "started"), [(CHUNK_ROWS, []), (CHUNK_ROWS + 1, ["2"])])
def test_workers_start_only_for_more_rows_than_a_chunk(tmp_path, rows, started):
    source = scenarios(tmp_path / "in.csv", rows)
    done, workers = spied(tmp_path, "batch", source, "--jobs", "2")
    assert done.returncode == 3, done.stderr  # (the 97th row is rejected)
    assert workers == started


def test_a_fault_of_the_data_in_a_worker_keeps_the_rows_before_it(tmp_path):
    # The tax rules are read on the first row with a net income (row 802): broken, they
    # stop the batch there, the rows before it written, as in one process.
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    tax = data / "tax.yaml"
    text = tax.read_text(encoding="utf-8")
    assert "schema_version: 1" in text
    tax.write_text(text.replace("schema_version: 1", "schema_version: 99", 1), encoding="utf-8")
    source = scenarios(tmp_path / "in.csv", 3 * CHUNK_ROWS)
    lines = source.read_text(encoding="utf-8").splitlines()
    lines[0] += ",net_income"
    lines[1:] = [line + ("," if n != 800 else ",60000") for n, line in enumerate(lines[1:])]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "KETACOST_DATA": str(data), "KETACOST_CACHE": "off"}
    alone = ketacost("batch", source, "--jobs", "1", env=env)
    shared = ketacost("batch", source, "--jobs", "2", env=env)
    assert alone.returncode == shared.returncode == 3, shared.stderr
    assert "schema_version" in shared.stderr
    assert shared.stdout == alone.stdout
    assert shared.stdout.splitlines()[-1].startswith("801,")  # the row before the fault


WHILE_ESTIMATING = """
import ketacost.batch as b
parent, answer = os.getpid(), b.Batch.answer
def dying(self, row, cells):
    if row == 1200 and os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer does
    return answer(self, row, cells)
b.Batch.answer = dying
"""
# Killed with half its answer written (the third chunk's: rows 1002-1501).
WHILE_ANSWERING = """
import marshal
parent, dump = os.getpid(), marshal.dump
def dying(value, out):
    if os.getpid() != parent and "\\n1200," in value[0]:
        out.write(marshal.dumps(value)[:50_000])
        out.flush()
        os.kill(os.getpid(), signal.SIGKILL)
    return dump(value, out)
marshal.dump = dying
"""


@pytest.mark.parametrize("dies", [WHILE_ESTIMATING, WHILE_ANSWERING])
def test_a_worker_that_dies_stops_the_batch_with_a_message(tmp_path, dies):
    source = scenarios(tmp_path / "in.csv", 4 * CHUNK_ROWS)
    done, workers = spied(tmp_path, "batch", source, "--jobs", "2", change=dies)
    assert workers == ["2"]
    assert done.returncode == 1, done.stderr
    said = " ".join(done.stderr.split())
    assert "a worker process ended before its rows were done" in said, said
    assert "try again with --jobs 1" in said and "Traceback" not in said
    written = done.stdout.splitlines()[1:]
    assert f"{len(written)} rows written to standard output" in said
    # Only whole chunks before the lost one, in order (how many depends on the timing).
    numbers = [int(line.split(",")[0]) for line in written]
    assert numbers == sorted(numbers) and all(number < 1200 for number in numbers)


def test_a_bug_in_a_worker_is_said_as_one(tmp_path):
    source = scenarios(tmp_path / "in.csv", 2 * CHUNK_ROWS)
    odd = (
        "import ketacost.batch as b\n"
        "class Odd(Exception):\n"
        "    def __init__(self, a, b):\n"  # cannot be rebuilt from its args by pickle
        "        super().__init__(f'{a}/{b}')\n"
        "answer = b.Batch.answer\n"
        "def buggy(self, row, cells):\n"
        "    if row == 700:\n"
        "        raise Odd(1, 2)\n"
        "    return answer(self, row, cells)\n"
        "b.Batch.answer = buggy\n"
    )
    done, workers = spied(tmp_path, "batch", source, "--jobs", "2", change=odd)
    assert workers == ["2"]
    assert done.returncode == 1, done.stderr
    assert "internal error: RuntimeError: in a worker process: Odd: 1/2" in done.stderr
    assert done.stdout.splitlines()[-1].startswith("699,")  # every row before it written


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_count_of_one_or_more(tmp_path, jobs):
    source = scenarios(tmp_path / "in.csv", 3)
    done = ketacost("batch", source, "--jobs", jobs)
    assert done.returncode == 2, done.stderr
    assert "--jobs" in done.stderr and "Traceback" not in done.stderr


def at_work(process: subprocess.Popen) -> tuple[str, list[str]]:
    """What a batch of `--jobs 2` has said once its third chunk is written (a rejected row
    is said then: row 1165), and its two workers' process ids."""
    said = ""
    while "row 1165:" not in said:
        line = process.stderr.readline()
        assert line, said
        said += line
    workers = subprocess.run(
        ["pgrep", "-P", str(process.pid)], capture_output=True, text=True
    ).stdout.split()
    assert len(workers) == 2, workers
    return said, workers


@pytest.mark.slow
def test_ctrl_c_stops_the_workers_and_keeps_the_rows_written(tmp_path):
    source = scenarios(tmp_path / "in.csv", 40 * CHUNK_ROWS)
    out = tmp_path / "answers.csv"
    process = subprocess.Popen(
        [sys.executable, "-m", "ketacost", "batch", str(source), "-o", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    said, workers = at_work(process)
    os.kill(process.pid, signal.SIGINT)
    _, rest = process.communicate(timeout=60)
    said += rest
    assert process.returncode == 130, said
    lines = out.read_text(encoding="utf-8").splitlines()
    stopped = " ".join(said.split())
    assert f"{len(lines) - 1} rows written to {out}" in stopped, stopped
    # The workers are gone with it (none left running, an orphan of no one).
    for pid in workers:
        status = Path(f"/proc/{pid}/status")
        assert not status.exists() or "zombie" in status.read_text(), pid


def test_a_file_read_from_a_pipe(tmp_path):
    # (It used to fail: the progress bar asked a pipe where it was.)
    source = scenarios(tmp_path / "in.csv", CHUNK_ROWS + 3)
    text = source.read_text(encoding="utf-8")
    spy = tmp_path / "spy"
    run = DRIVER.replace("CHANGE", "")
    piped = subprocess.run(
        [sys.executable, "-c", run, str(spy), "batch", "/dev/stdin", "--jobs", "2"],
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert spy.read_text().split() == ["2"]
    from_file = ketacost("batch", source, "--jobs", "1")
    assert piped.returncode == from_file.returncode == 3, piped.stderr
    assert piped.stdout == from_file.stdout


@pytest.mark.slow
def test_workers_end_with_their_parent_however_it_ends(tmp_path):
    source = scenarios(tmp_path / "in.csv", 40 * CHUNK_ROWS)
    process = subprocess.Popen(
        [sys.executable, "-m", "ketacost", "batch", str(source), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, workers = at_work(process)
    process.kill()  # no chance to stop them itself
    process.wait(timeout=60)
    process.stderr.close()
    for _ in range(100):
        running = [
            pid
            for pid in workers
            if Path(f"/proc/{pid}/status").exists()
            and "zombie" not in Path(f"/proc/{pid}/status").read_text()
        ]
        if not running:
            break
        time.sleep(0.05)
    assert not running, running
