"""How fast ketacost starts and how fast `ketacost batch` goes, measured by hand.

    python benchmarks/bench.py                  # both parts, with the Python running it
    python benchmarks/bench.py --part startup --runs 21
    python benchmarks/bench.py --part batch --rows 100000
    python benchmarks/bench.py --python /path/to/venv/bin/python

It measures the `ketacost` installed beside the interpreter given (--python, else
the one running this script): install the project there first, as a user would
(`pip install .`; an editable install adds an import hook and measures slower).

Start-up: the median wall time of each command over --runs runs (run in turns,
after one warm-up run each, output to /dev/null), as a ratio to a bare
`python -c "import typer"`. Targets: the table estimate within 1.75x, the JSON
estimate within 1.30x. The floors are what a command costs before any of ketacost's
own work (Typer and Rich for a table, Typer and json for JSON): each target command's
margin is its ratio less its floor's, ketacost's own share. The warm-up run writes the
data snapshot (in a temporary KETACOST_CACHE), as a user's first run does.

Batch: --rows generated scenarios (seeded, so every run reads the same file; all
valid, drawn from the bundled data's treatments, provinces, conditions and
insurance) run through `ketacost batch -o` as a user runs it (one process per
processor: --jobs's default). Rows per second (target: 20,000) and the peak resident
memory of the process and its workers, at a tenth of the rows and at all of them:
flat means the two peaks are about the same. Then all of them again with --jobs 1:
one process's rate, the guard against a slower row whatever the machine's processors.

This is not a test: timings depend on the machine and what else it is doing.
The README records the figures of one run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ESTIMATE = ["estimate", "-t", "iv", "-n", "6"]
TABLE_FLOOR = "floor: import typer, rich.console, rich.table"
JSON_FLOOR = "floor: import typer, json"
# (label, what to run, target ratio or None, its floor or None); "ketacost" is the
# script's own command.
STARTUP = [
    ("python -c 'import typer'", ["-c", "import typer"], None, None),
    ("ketacost estimate -t iv -n 6", ["ketacost", *ESTIMATE], 1.75, TABLE_FLOOR),
    (
        "ketacost estimate -t iv -n 6 -f json",
        ["ketacost", *ESTIMATE, "-f", "json"],
        1.30,
        JSON_FLOOR,
    ),
    ("ketacost --help", ["ketacost", "--help"], None, TABLE_FLOOR),
    # French: Babel and the catalog are loaded only here (no target of its own).
    (
        "ketacost --lang fr estimate -t iv -n 6",
        ["ketacost", "--lang", "fr", *ESTIMATE],
        None,
        TABLE_FLOOR,
    ),
    ("floor: python -c 'pass'", ["-c", "pass"], None, None),
    (TABLE_FLOOR, ["-c", "import typer, rich.console, rich.table"], None, None),
    (JSON_FLOOR, ["-c", "import typer, json"], None, None),
]
ROWS_TARGET = 20_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable, help="the interpreter to measure")
    parser.add_argument("--part", choices=["startup", "batch", "all"], default="all")
    parser.add_argument("--runs", type=int, default=15, help="runs per command (at least 10)")
    parser.add_argument("--rows", type=int, default=100_000, help="scenarios in the batch")
    args = parser.parse_args()
    if args.runs < 10:
        parser.error("--runs: at least 10")
    if args.rows < 10:
        parser.error("--rows: at least 10")
    python = Path(args.python)
    script = python.parent / "ketacost"
    if not script.exists():
        parser.error(f"no ketacost script beside {python}: install the project there first")
    print(machine(python))
    failed = False
    if args.part in ("startup", "all"):
        failed |= startup(python, script, args.runs)
    if args.part in ("batch", "all"):
        failed |= batch(python, script, args.rows)
    return 1 if failed else 0


def machine(python: Path) -> str:
    version = subprocess.run(
        [
            str(python),
            "-c",
            "import sys, typer, yaml; print(sys.version.split()[0], "
            "typer.__version__, yaml.__version__, yaml.__with_libyaml__)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {version[0]}, "
        f"typer {version[1]}, PyYAML {version[2]} (libyaml: {version[3]}); "
        f"load average {os.getloadavg()[0]:.2f}"
    )


def startup(python: Path, script: Path, runs: int) -> bool:
    commands = [
        (label, [str(script), *rest[1:]] if rest[0] == "ketacost" else [str(python), *rest])
        for label, rest, _, _ in STARTUP
    ]
    cache = tempfile.mkdtemp(prefix="ketacost-bench-cache-")
    env = {**os.environ, "KETACOST_PRICING": "", "KETACOST_CACHE": cache}
    times: dict[str, list[float]] = {label: [] for label, _ in commands}
    for _ in range(runs + 1):  # in turns, so a busy moment hits every command alike
        for label, command in commands:
            started = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, env=env, check=True)
            times[label].append(time.perf_counter() - started)
    base = statistics.median(times[STARTUP[0][0]][1:])
    ratios = {label: statistics.median(times[label][1:]) / base for label in times}
    print(f"\nStart-up, median of {runs} runs (after a warm-up run)")
    print(f"  {'command':48} {'median':>9} {'min':>9} {'ratio':>6} {'margin':>7}  target")
    failed = False
    for label, _, target, floor in STARTUP:
        kept = times[label][1:]
        median = statistics.median(kept)
        margin = f"{ratios[label] - ratios[floor]:+.2f}x" if floor else ""
        verdict = ""
        if target is not None:
            met = ratios[label] <= target
            failed |= not met
            verdict = f"<= {target}x {'met' if met else 'NOT MET'}"
        print(
            f"  {label:48} {median * 1000:7.1f}ms {min(kept) * 1000:7.1f}ms "
            f"{ratios[label]:5.2f}x {margin:>7}  {verdict}"
        )
    print("  margin: the ratio less its floor's (ketacost's own share of the run)")
    return failed


def batch(python: Path, script: Path, rows: int) -> bool:
    vocabulary = json.loads(
        subprocess.run(
            [str(python), "-c", VOCABULARY], capture_output=True, text=True, check=True
        ).stdout
    )
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"\nBatch: {rows:,} generated scenarios (`ketacost batch FILE -o OUT.csv`; "
        f"{cores} processors)"
    )
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        peaks = []
        for count in (rows // 10, rows):
            source = Path(folder) / f"scenarios-{count}.csv"
            distinct = write_scenarios(source, count, vocabulary)
            out = Path(folder) / "out.csv"
            seconds, peak = run_measured([str(script), "batch", str(source), "-o", str(out)])
            with out.open(encoding="utf-8") as answered:
                written = sum(1 for _ in answered) - 1
            if written != count:
                raise SystemExit(f"batch wrote {written} rows of {count}")
            rate = count / seconds
            peaks.append(peak)
            print(
                f"  {count:>9,} rows ({distinct:,} distinct): {seconds:6.2f}s, "
                f"{rate:9,.0f} rows/s, peak memory {peak / 2**20:6.1f} MiB"
            )
        met = rate >= ROWS_TARGET
        failed |= not met
        print(f"  rows/s at {rows:,}: target >= {ROWS_TARGET:,} {'met' if met else 'NOT MET'}")
        alone, _ = run_measured([str(script), "batch", str(source), "-o", str(out), "-j", "1"])
        print(
            f"  {rows:>9,} rows, --jobs 1: {alone:6.2f}s, {rows / alone:9,.0f} rows/s (one process)"
        )
        print(
            f"  peak memory, {rows:,} rows vs {rows // 10:,}: {peaks[1] / peaks[0]:.2f}x "
            "(flat: about 1)"
        )
    return failed


VOCABULARY = """
import json
from ketacost.load.catalog import Catalog
c = Catalog()
w = c.coverage.words
print(json.dumps({"treatments": sorted(c.prices.treatments), "provinces": sorted(w.provinces),
                  "conditions": sorted(w.conditions), "insurance": sorted(w.insurance)}))
"""


def write_scenarios(path: Path, count: int, vocabulary: dict) -> int:
    """Write `count` valid scenarios drawn with a fixed seed; return how many differ."""
    pick = random.Random(20261122)
    seen = set()
    with path.open("w", newline="", encoding="utf-8") as f:
        out = None
        for _ in range(count):
            insurance = pick.sample(vocabulary["insurance"], pick.randint(0, 2))
            row = {
                "treatment": pick.choice(vocabulary["treatments"]),
                "sessions": pick.randint(1, 24),
                "province": pick.choice(["", *vocabulary["provinces"]]),
                "condition": pick.choice(["", *vocabulary["conditions"]]),
                "failed_antidepressants": pick.choice(["", "0", "1", "2", "3"]),
                "work_injury": pick.choice(["yes", "no"]),
                "veteran": pick.choice(["yes", "no"]),
                "insurance": ";".join(insurance),
            }
            if out is None:  # the columns are the first row's keys
                out = csv.DictWriter(f, fieldnames=list(row))
                out.writeheader()
            seen.add(tuple(map(str, row.values())))
            out.writerow(row)
    return len(seen)


def run_measured(command: list[str]) -> tuple[float, int]:
    """Run `command`; return its wall time in seconds and its peak resident memory in
    bytes (Linux reports ru_maxrss in KiB)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = code = os.waitstatus_to_exitcode(status)
        if code != 0:
            errors.seek(0)
            said = errors.read().decode(errors="replace")
            raise SystemExit(f"{' '.join(command)} exited {code}:\n{said}")
    return seconds, usage.ru_maxrss * 1024


if __name__ == "__main__":
    sys.exit(main())
