"""ketacost batch shared among processes (ketacost.cli.workers): a file of more than one
chunk gives the very bytes, messages and exit code one process gives, rows in the
file's order; --jobs is checked; Ctrl-C keeps the rows written and stops the workers.

Run as a user runs it, in a process of its own: workers are forked, which a test
process holding threads (pytest-xdist's) should not do."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ketacost.cli.batch import CHUNK_ROWS
from ketacost.cli.workers import can_fork

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
        **kwargs,
    )


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_workers_give_what_one_process_gives(tmp_path, fmt):
    source = scenarios(tmp_path / "in.csv", 3 * CHUNK_ROWS + 17)  # 4 chunks, the last short
    alone = ketacost("batch", source, "-f", fmt, "--jobs", "1")
    shared = ketacost("batch", source, "-f", fmt, "--jobs", "2")
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


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_count_of_one_or_more(tmp_path, jobs):
    source = scenarios(tmp_path / "in.csv", 3)
    done = ketacost("batch", source, "--jobs", jobs)
    assert done.returncode == 2, done.stderr
    assert "--jobs" in done.stderr and "Traceback" not in done.stderr


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
    # A rejected row is said when its chunk is written: wait for the third chunk's.
    said = ""
    while "row 1165:" not in said:
        line = process.stderr.readline()
        assert line, said
        said += line
    os.kill(process.pid, signal.SIGINT)
    _, rest = process.communicate(timeout=60)
    said += rest
    assert process.returncode == 130, said
    lines = out.read_text(encoding="utf-8").splitlines()
    stopped = " ".join(said.split())
    assert f"{len(lines) - 1} rows written to {out}" in stopped, stopped
    # The workers are gone with it (no process is left with the parent as its parent).
    children = subprocess.run(
        ["pgrep", "-P", str(process.pid)], capture_output=True, text=True
    ).stdout
    assert children == ""
