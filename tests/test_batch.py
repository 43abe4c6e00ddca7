"""ketacost batch: one scenario per CSV row; bad rows reported with their spreadsheet
row number, good rows still written, the exit code saying rows were rejected."""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import signal
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract import DAY, PROGRAMS
from ketacost.batch import Batch, Blank
from ketacost.cli import app
from ketacost.load.catalog import Catalog

EXAMPLE = Path(__file__).parent.parent / "examples" / "scenarios.csv"


def run(runner, *args):
    result = runner.invoke(app, ["batch", *(str(a) for a in args)])
    assert "Traceback" not in result.output, result.output
    return result


def write(tmp_path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


TAX_COLUMNS = (
    "net_income",
    "tax_year",
    "family_income",
    "tax_credit_low_cad",
    "tax_credit_high_cad",
    "after_credits_low_cad",
    "after_credits_high_cad",
    "tax_credits_included",
)
HSA_COLUMNS = (
    "hsa",
    "hsa_pays_low_cad",
    "hsa_pays_high_cad",
    "after_hsa_low_cad",
    "after_hsa_high_cad",
)


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_example_file_is_estimated_row_by_row(runner):
    result = run(runner, EXAMPLE)
    assert result.exit_code == 0, result.output
    rows = rows_of(result.stdout)
    assert len(rows) == len(EXAMPLE.read_text().splitlines()) - 1
    # One verdict column per program, then what kind of best case, "assumed", warnings,
    # then the tax facts and credits (blank without a net income), the spending account
    # (blank without one), then the error.
    columns = list(rows[0])
    after = len(TAX_COLUMNS) + len(HSA_COLUMNS) + 1
    assert columns[-len(PROGRAMS) - 3 - after : -3 - after] == PROGRAMS
    assert columns[-3 - after : -after] == ["out_of_pocket_best", "assumed", "warnings"]
    assert columns[-after:] == [*TAX_COLUMNS, *HSA_COLUMNS, "error"]
    assert {r["error"] for r in rows} == {""}
    iv = rows[0]
    # Seed 003: IV, published 6-session course $2,250-$5,400. WCB Alberta, accepted
    # claim, treatment-resistant depression: likely (coverage-facts: WCB Alberta).
    assert (iv["row"], iv["total_low_cad"], iv["total_high_cad"]) == ("2", "2250.00", "5400.00")
    assert iv["wcb-alberta"] == "likely"
    # WCB Alberta, as first payer: "No part of the cost of any approved medical service
    # should be billed to the worker": the best case is $0.
    assert (iv["out_of_pocket_low_cad"], iv["out_of_pocket_high_cad"]) == ("0.00", "5400.00")
    spravato = rows[2]
    # Seed 003: induction (8 sessions) $5,000-$7,000 "all-in", then 4 weekly sessions at
    # $250-$800: $6,000-$10,200.
    assert (spravato["sessions_low"], spravato["total_low_cad"], spravato["total_high_cad"]) == (
        "12",
        "6000.00",
        "10200.00",
    )
    assert "8 rows estimated" in result.stderr


def test_json_lines(runner):
    result = run(runner, EXAMPLE, "-f", "jsonl")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0]["total"] == {"low": "2250.00", "high": "5400.00"}
    assert records[0]["coverage"]["wcb-alberta"] == "likely"
    assert records[0]["out_of_pocket"] == {"low": "0.00", "high": "5400.00"}
    assert [r["row"] for r in records] == list(range(2, 2 + len(records)))


def test_several_conditions_a_claims_province_and_a_federal_plan_in_columns(runner, tmp_path):
    path = write(
        tmp_path,
        "treatment,sessions,province,claim_province,condition,work_injury,veteran,federal_plan\n"
        "iv,6,ON,BC,ptsd; chronic-pain,yes,no,nihb\n",
    )
    result = run(runner, path, "-f", "jsonl")
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["situation"]["claim_province"] == "BC"
    assert record["situation"]["conditions"] == ["ptsd", "chronic-pain"]
    assert record["situation"]["condition"] == "ptsd"  # the first, as before lists
    assert record["situation"]["federal_plan"] == ["nihb"]
    # The claim is in BC: WorkSafeBC decides, case by case; it says approved care costs the
    # worker nothing ("You should not have to pay any fees").
    assert record["coverage"]["worksafebc"] == "possible"
    assert record["coverage"]["wsib-ontario"] == "not-eligible"
    assert record["out_of_pocket"] == {"low": "0.00", "high": "5400.00"}
    csv_out = rows_of(run(runner, path).stdout)
    assert (csv_out[0]["condition"], csv_out[0]["claim_province"]) == ("ptsd;chronic-pain", "BC")


def test_bad_rows_are_reported_with_their_spreadsheet_row_and_good_rows_still_come_out(
    runner, tmp_path
):
    path = write(
        tmp_path,
        "treatment,sessions,work_injury,province\n"  # row 1
        "iv,6,no,AB\n"  # row 2: good
        "ivv,6,no,AB\n"  # row 3: unknown treatment
        "\n"  # row 4: blank
        'iv,"6",maybe,AB\n'  # row 5: bad switch
        'kap,6,no,"A\nB"\n'  # row 6: a cell over two lines, one spreadsheet row
        "im,six,no,AB\n"  # row 7: not a number
        "im,0,no,AB\n"  # row 8: out of range
        "sublingual,6,yes,AB\n",  # row 9: good
    )
    result = run(runner, path)
    assert result.exit_code == 3, result.output
    # Every row that is not blank has an answer in the output: its estimate or its error.
    answered = {r["row"]: r for r in rows_of(result.stdout)}
    assert list(answered) == ["2", "3", "5", "6", "7", "8", "9"]
    assert [r for r, a in answered.items() if not a["error"]] == ["2", "9"]
    assert answered["3"]["error"] == "unknown treatment 'ivv'. Did you mean 'iv'? " + (
        "Valid treatments: iv, im, kap, sublingual, spravato, oral, compounded-nasal."
    )
    assert answered["7"]["error"] == "sessions: 'six' is not a whole number"
    assert answered["3"]["total_low_cad"] == "" and answered["3"]["treatment"] == ""
    errors = result.stderr
    assert f"{path}: row 3: unknown treatment 'ivv'. Did you mean 'iv'?" in errors
    assert (
        f"{path}: row 5: work_injury: 'maybe' is not yes, no, oui, non, true, false, 1, 0 or blank"
        in (errors)
    )
    assert f"{path}: row 6: unknown province 'A\nB'" in errors
    assert f"{path}: row 7: sessions: 'six' is not a whole number" in errors
    assert f"{path}: row 8: sessions must be between 1 and 200, not 0" in errors
    assert "2 rows estimated, 1 blank row skipped" in errors
    assert "ketacost: error: 5 rows rejected (rows 3, 5, 6, 7, 8)" in errors
    assert "--" not in errors  # a batch names its columns, never the CLI's options


def test_a_count_out_of_range_is_named_by_its_column(runner, tmp_path):
    path = write(tmp_path, "treatment,sessions,failed_antidepressants\nspravato,6,51\n")
    result = run(runner, path)
    assert result.exit_code == 3
    assert "row 2: failed_antidepressants must be between 0 and 50, not 51" in result.stderr
    assert "--" not in result.stderr


def test_switches_insurance_and_header_spellings(runner, tmp_path):
    path = write(
        tmp_path,
        "Treatment,Sessions,Province,Condition,Work-Injury,VETERAN,Insurance,"
        "Failed Antidepressants\n"
        "iv,6,ab,TRD,Yes,FALSE,,\n"
        "spravato,8,on,trd,0,no,private; alberta-blue-cross,3\n"
        "iv,6,ns,trd,,1,,\n",
    )
    result = run(runner, path)
    assert result.exit_code == 0, result.output
    rows = rows_of(result.stdout)
    assert (rows[0]["province"], rows[0]["work_injury"], rows[0]["veteran"]) == ("AB", "yes", "no")
    assert rows[1]["insurance"] == "alberta-blue-cross;private"
    assert rows[1]["failed_antidepressants"] == "3"
    assert rows[2]["veteran"] == "yes"
    # VAC, treatment-resistant depression, infusion: case by case (VAC QP note, 2021).
    assert rows[2]["vac"] == "possible"


def test_semicolons_and_a_byte_order_mark_as_a_french_spreadsheet_saves_them(runner, tmp_path):
    path = tmp_path / "fr.csv"
    path.write_bytes("\ufefftreatment;sessions;province\niv;6;QC\n".encode())
    result = run(runner, path)
    assert result.exit_code == 0, result.output
    assert rows_of(result.stdout)[0]["total_low_cad"] == "2250.00"


def test_a_row_that_is_not_utf8_is_rejected_not_guessed(runner, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"treatment,sessions,province\niv,6,AB\nkap,6,Qu\xe9bec\n")
    result = run(runner, path)
    assert result.exit_code == 3
    assert "row 3: province: not UTF-8 text (save the file as CSV UTF-8)" in result.stderr
    rows = rows_of(result.stdout)
    assert [r["row"] for r in rows if not r["error"]] == ["2"]
    assert rows[1]["error"] == "province: not UTF-8 text (save the file as CSV UTF-8)"


def test_other_columns_are_ignored_and_never_copied(runner, tmp_path):
    path = write(tmp_path, "patient,treatment,sessions\nJane Doe,iv,6\n")
    result = run(runner, path, "-f", "jsonl")
    assert result.exit_code == 0, result.output
    assert "Jane" not in result.stdout
    assert "ignoring column 'patient': not a scenario column, and never copied" in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty; its first row must name the columns"),
        ("\n\n", ":1: row 1 is blank; it must name the columns"),
        ("name,notes\nx,y\n", ":1: the first row must name the columns; none is a scenario"),
        ("treatment,Treatment\niv,iv\n", ":1: column 'Treatment' is given twice (columns 1 and 2)"),
    ],
)
def test_a_bad_header_exits_3_and_writes_nothing(runner, tmp_path, text, message):
    path = write(tmp_path, text)
    result = run(runner, path)
    assert result.exit_code == 3, result.output
    assert message in result.stderr
    assert result.stdout == ""


def test_output_file_and_its_guards(runner, tmp_path):
    out = tmp_path / "answers.csv"
    out.write_text("old answers\n")
    result = run(runner, EXAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    assert rows_of(out.read_text())[0]["row"] == "2"
    assert f"wrote csv to {out}" in result.stderr
    same = run(runner, out, "-o", out)
    assert same.exit_code == 2
    assert "is the input file" in same.stderr
    missing = run(runner, tmp_path / "nope.csv")
    assert missing.exit_code == 2
    assert "batch: no such file" in missing.stderr


def test_a_bad_header_leaves_an_existing_output_file_as_it_was(runner, tmp_path):
    out = tmp_path / "answers.csv"
    out.write_text("old answers\n")
    result = run(runner, write(tmp_path, "name\nx\n"), "-o", out)
    assert result.exit_code == 3
    assert out.read_text() == "old answers\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ketacost-")] == []


def test_a_progress_bar_on_a_terminal(runner, monkeypatch):
    monkeypatch.setattr("ketacost.cli.batch._stderr_is_terminal", lambda: True)
    result = run(runner, EXAMPLE)
    assert result.exit_code == 0, result.output
    assert "Estimating" in result.stderr
    assert "Estimating" not in result.stdout


def test_as_of_and_pricing_apply_to_every_row(runner, tmp_path):
    result = run(runner, EXAMPLE, "--as-of", "2026-05-04")
    # Before seed 003's date no price holds: every total is not published, said in words
    # a spreadsheet will not add as 0.
    estimated = [r for r in rows_of(result.stdout) if not r["error"]]
    assert {r["total_low_cad"] for r in estimated} == {"not published"}
    bad = run(runner, EXAMPLE, "--as-of", "someday")
    assert bad.exit_code == 2


def _scenario_lines(count: int):
    body = EXAMPLE.read_text().splitlines(True)
    yield body[0]
    for index in range(count):
        yield body[1 + index % (len(body) - 1)]


def _peak(count: int) -> int:
    catalog = Catalog()
    Batch(
        catalog.prices, catalog.plans, catalog.coverage, _scenario_lines(10), DAY
    )  # load the data before measuring
    gc.collect()  # garbage left by earlier tests is not this batch's memory
    tracemalloc.start()
    for _ in Batch(
        catalog.prices, catalog.plans, catalog.coverage, _scenario_lines(count), DAY
    ).rows():
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


@pytest.mark.slow
def test_memory_stays_flat_however_many_rows():
    small, large = _peak(2_000), _peak(40_000)
    assert large < small * 1.5 + 200_000, (small, large)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cells=st.lists(
        st.lists(
            st.one_of(
                st.sampled_from(["iv", "kap", "6", "0", "AB", "yes", "maybe", "", "trd", "-1"]),
                st.text(max_size=8),
            ),
            min_size=0,
            max_size=6,
        ),
        max_size=6,
    )
)
def test_any_rows_give_an_answer_or_a_reason_never_a_crash(cells):
    out = io.StringIO()
    csv.writer(out).writerows([["treatment", "sessions", "province", "work_injury"], *cells])
    data = Catalog()
    lines = io.StringIO(out.getvalue())
    results = list(Batch(data.prices, data.plans, data.coverage, lines, DAY).rows())
    for result in results:
        if isinstance(result, Blank):
            continue
        assert (result.estimate is None) != (result.error is None)
        if result.estimate is not None:
            total, oop = result.estimate.total, result.estimate.out_of_pocket.range
            if total.low is not None and total.high is not None:
                assert 0 <= total.low <= total.high
            if oop.low is not None and oop.high is not None:
                assert 0 <= oop.low <= oop.high


def test_any_line_ending_a_quote_left_open_and_long_cells(runner, tmp_path):
    old_mac = tmp_path / "cr.csv"
    old_mac.write_bytes(b"treatment,sessions\riv,6\rim,3\r")
    result = run(runner, old_mac)
    assert result.exit_code == 0, result.output
    assert [r["treatment"] for r in rows_of(result.stdout)] == ["iv", "im"]
    open_quote = write(tmp_path, 'treatment,sessions\niv,6\n"im,3\nkap,3\n')
    result = run(runner, open_quote)
    assert result.exit_code == 3
    assert 'row 3: not readable as CSV: a quote (") opened in this row is never closed' in (
        result.stderr
    )
    long_cell = write(tmp_path, 'treatment,sessions,notes\niv,6,"' + "a\n" * 70_000 + '"\nim,3,x\n')
    result = run(runner, long_cell)
    assert result.exit_code == 0, result.stderr
    assert [r["row"] for r in rows_of(result.stdout)] == ["2", "3"]


def test_a_blank_first_row_is_named(runner, tmp_path):
    result = run(runner, write(tmp_path, "\n\ntreatment,sessions\niv,6\n"))
    assert result.exit_code == 3
    assert ":1: row 1 is blank; it must name the columns" in result.stderr


def test_the_output_format_follows_the_file_name_and_never_replaces_the_price_file(
    runner, tmp_path
):
    out = tmp_path / "answers.jsonl"
    assert run(runner, EXAMPLE, "-o", out).exit_code == 0
    assert json.loads(out.read_text().splitlines()[0])["row"] == 2
    prices = tmp_path / "prices.yaml"
    assert runner.invoke(app, ["init-clinic", str(prices)]).exit_code == 0
    before = prices.read_text()
    result = run(runner, EXAMPLE, "--pricing", prices, "-o", prices)
    assert result.exit_code == 2
    assert prices.read_text() == before


def test_json_lines_give_an_error_record_for_a_rejected_row(runner, tmp_path):
    path = write(tmp_path, "treatment,sessions\niv,6\nivv,6\n")
    result = run(runner, path, "-f", "jsonl")
    assert result.exit_code == 3
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0]["row"] == 2 and "error" not in records[0]
    assert records[1] == {
        "row": 3,
        "error": "unknown treatment 'ivv'. Did you mean 'iv'? Valid treatments: iv, im, kap, "
        "sublingual, spravato, oral, compounded-nasal.",
    }


def test_excel_gets_a_byte_order_mark(runner, tmp_path):
    path = write(tmp_path, "treatment,sessions,province\niv,6,Québec\n")
    out = tmp_path / "answers.csv"
    result = run(runner, path, "--excel", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith("\ufeff".encode()) and b"2250.00" in data
    assert run(runner, path, "--excel", "-f", "jsonl").exit_code == 2


def test_ctrl_c_keeps_the_rows_done_and_says_where(runner, tmp_path, monkeypatch):
    path = write(tmp_path, "treatment,sessions\niv,6\nkap,6\nim,6\n")
    out = tmp_path / "answers.csv"
    from ketacost.render import batch as written

    real = written.BatchWriter.write

    def write_then_stop(self, row, estimate):
        real(self, row, estimate)
        if row == 3:  # Ctrl-C as it comes, while the row is written: held until it is counted
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(written.BatchWriter, "write", write_then_stop)
    result = run(runner, path, "-o", str(out))
    assert result.exit_code == 130
    assert (
        f"stopped at row 3 (Ctrl-C): 2 rows written to {out}; the rows after 3 were not "
        "estimated" in " ".join(result.stderr.split())
    )
    assert [r["row"] for r in rows_of(out.read_text())] == ["2", "3"]
