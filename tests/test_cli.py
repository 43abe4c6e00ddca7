"""The command line through typer's CliRunner: exit codes, output, files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contract import DATA
from ketacost import __version__
from ketacost.cli import app

DISCLAIMER = "Estimate only — not medical or insurance advice."


def plain(text: str) -> str:
    """Text with Rich's box drawing removed and whitespace collapsed."""
    return " ".join(text.translate({ord(c): " " for c in "│╭╮╰╯─"}).split())


def invoke(runner, *args):
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def test_estimate_table_gives_the_range_its_basis_date_sources_and_disclaimer(runner):
    result = invoke(runner, "estimate", "-t", "iv", "-n", "6")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "IV ketamine infusion, 6 sessions" in out
    assert "Total: $2,250.00–$5,400.00 CAD" in out
    assert "published 6-session course" in out
    assert "the figures used hold from 2026-05-05" in out
    assert "Untitled guide to ketamine therapy in Canada" in out
    assert DISCLAIMER in out
    assert result.stderr == ""


def test_estimate_json_keeps_the_contract(runner):
    result = invoke(runner, "estimate", "-t", "iv", "-n", "6", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert data["treatment"] == "iv"
    assert data["sessions"] == {"low": 6, "high": 6}
    assert data["currency"] == "CAD"
    assert data["total"] == {"low": "2250.00", "high": "5400.00"}
    assert "published 6-session course" in data["basis"]
    assert data["phases"] == [
        {
            "name": "course",
            "label": "Course",
            "sessions": {"low": 6, "high": 6},
            "total": {"low": "2250.00", "high": "5400.00"},
            "basis": data["basis"],
            "basis_kind": "published-course",
            "assumed": False,
        }
    ]
    # The price's source first, then those of the coverage rules applied.
    assert data["sources"][0]["id"] == "seed-003"
    assert data["sources"][0]["date"] == "2026-05-05"
    cited = {s for v in data["coverage"] for s in v["sources"]}
    assert cited <= {s["id"] for s in data["sources"]}
    # Nothing stated: no program may pay, so the person pays the total.
    assert data["out_of_pocket"] == data["total"]
    assert data["disclaimer"] == DISCLAIMER


def test_json_says_null_for_what_is_not_published(runner):
    result = invoke(
        runner, "estimate", "--clinic", "atma-cena", "--program", "customized", "-f", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["sessions"] == {"low": None, "high": None}
    assert data["total"] == {"low": "2325.00", "high": "6930.00"}
    assert data["deposit"]["amount"] == "300.00"
    assert data["deposit"]["refundable"] is False
    assert data["deposit"]["included_in_total"] is False
    # The source does not say the deposit counts toward the price: shown apart.
    table = invoke(runner, "estimate", "--clinic", "atma-cena", "--program", "customized")
    assert "Total: $2,325.00–$6,930.00 CAD" in table.stdout
    # Seed 003: "A non-refundable deposit of CAD $300 applies to all treatment programs",
    # nothing on whether it is part of the price: said so, with what to do.
    assert data["deposit"]["counts_toward_price"] is None
    assert (
        "Deposit: $300.00, non-refundable; the source does not say whether it counts toward "
        "the price: ask the clinic. Not in the total above."
    ) in " ".join(table.stdout.split())
    pathway = json.loads(
        invoke(
            runner,
            "estimate",
            "--clinic",
            "atma-cena",
            "--program",
            "psychedelic-pathway",
            "-n",
            "6",
            "-f",
            "json",
        ).stdout
    )
    assert pathway["total"] == {"low": "5560.00", "high": None}


def test_estimate_csv_has_a_row_per_phase_and_a_total(runner):
    result = invoke(runner, "estimate", "--plan", "spravato", "-f", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "treatment,clinic,program,plan,phase,sessions_low,sessions_high,low_cad,high_cad,"
        "basis_kind,basis,out_of_pocket_low_cad,out_of_pocket_high_cad,may_pay,assumed,"
        "out_of_pocket_best,tax_year,tax_credit_low_cad,tax_credit_high_cad,"
        "after_credits_low_cad,after_credits_high_cad,hsa_pays_low_cad,hsa_pays_high_cad,"
        "after_hsa_low_cad,after_hsa_high_cad"
    )
    assert lines[1].startswith("spravato,,,spravato,induction,8,8,5000.00,7000.00,")
    assert lines[1].endswith(",no,,,,,,,,,,")
    # No price is published for the weekly sessions after the induction: ketacost's
    # assumption (the per-session range), said in the row itself.
    assert lines[2].startswith("spravato,,,spravato,weekly,4,4,1000.00,3200.00,")
    assert "(assumed: no price is published for sessions after the first 8" in lines[2]
    assert lines[2].endswith(",yes,,,,,,,,,,")
    assert lines[3].startswith("spravato,,,spravato,total,12,12,6000.00,10200.00,")
    # Nothing stated, nobody may pay: out of pocket is the total.
    assert lines[3].endswith(",6000.00,10200.00,,yes,total,,,,,,,,,")
    assert len(lines) == 4


def test_estimate_markdown(runner):
    result = invoke(runner, "estimate", "-t", "im", "-n", "2", "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert "## IM ketamine injection (no integrated therapy), 2 sessions" in result.stdout
    assert "| Course | 2 | $550.00–$1,000.00 | 2 sessions × $275–$500 per session |" in (
        result.stdout
    )
    assert f"*{DISCLAIMER}*" in result.stdout


def test_compare_draws_every_bar_to_one_scale(runner):
    result = invoke(runner, "compare", "-n", "6", "-f", "markdown")
    assert result.exit_code == 0, result.output
    bars = {}
    for line in result.stdout.splitlines():
        if line.startswith("| ") and "`" in line:
            cells = [c.strip() for c in line.strip("|").split("|")]
            bars[cells[0]] = cells[3].strip("`")
    # KAP's $8,400 is the largest figure: its bar reaches the right edge (24 cells).
    kap = bars["Ketamine-assisted psychotherapy (with therapist)"]
    assert len(kap) == 24 and kap.endswith("█")
    # IM ($1,650-$3,000) starts at 1650/8400*24 = 4.7 cells, ends at 3000/8400*24 = 8.6.
    im = bars["IM ketamine injection (no integrated therapy)"]
    assert im == "····█████" + " " * 15
    assert "| Oral ketamine (compounded liquid or capsules) | 6 | not published |" in (
        result.stdout
    )
    assert "Bars share one scale, 0 to $8,400." in result.stdout


def test_compare_table_and_json(runner):
    table = invoke(runner, "compare", "-n", "6")
    assert table.exit_code == 0, table.output
    assert "$0 to $8,400" in table.stdout
    assert "not published" in table.stdout
    data = json.loads(invoke(runner, "compare", "--plan", "acute", "-f", "json").stdout)
    assert data["course"]["plan"] == "acute"
    assert [e["treatment"] for e in data["estimates"]] == [
        "iv",
        "im",
        "kap",
        "sublingual",
        "oral",
        "compounded-nasal",
    ]
    assert data["estimates"][0]["total"] == {"low": "1500.00", "high": "8000.00"}


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("treatments", ["$375–$1,000", "first 8 sessions: $5,000–$7,000", "atma-cena"]),
        ("plans", ["acute", "iv-standard", "spravato", "4–8"]),
        ("sources", ["seed-003", "2026-05-05", "not given"]),
    ],
)
def test_listings(runner, command, expected):
    result = invoke(runner, command, "-f", "markdown")
    assert result.exit_code == 0, result.output
    for text in expected:
        assert text in result.stdout, result.stdout


def test_listing_json(runner):
    data = json.loads(invoke(runner, "treatments", "-f", "json").stdout)
    iv = data["treatments"][0]
    assert iv["id"] == "iv"
    assert iv["per_session"] == {"low": "375.00", "high": "1000.00"}
    assert iv["courses"][0]["price"] == {"low": "2250.00", "high": "5400.00"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["estimate", "-t", "ivv", "-n", "6"], "unknown treatment 'ivv'. Did you mean 'iv'?"),
        (["estimate", "-t", "iv", "-n", "0"], "--sessions must be between 1 and 200, not 0"),
        (["estimate", "-t", "iv", "-n", "201"], "--sessions must be between 1 and 200, not 201"),
        (["estimate", "-t", "iv", "-n", "-3"], "--sessions must be between 1 and 200, not -3"),
        (["estimate", "-t", "iv", "-n", "6", "--maintenance", "-1"], "--maintenance must be"),
        (["estimate", "--plan", "spravato", "--months", "0"], "--months must be between 1"),
        # Typer's own wording varies by version: only the option must be named.
        (["estimate", "-t", "iv", "-n", "six"], "'--sessions' / '-n'"),
        (["estimate", "-t", "iv", "-n", "6", "-f", "pdf"], "'--format' / '-f'"),
        (["estimate", "-t", "iv"], "say how long the course is"),
        (["estimate", "--clinic", "nowhere", "-n", "6"], "unknown clinic 'nowhere'"),
        (
            ["estimate", "--clinic", "atma-cena", "--program", "x", "-n", "6"],
            "Valid programs: psychedelic-pathway, psycholytic-pathway, customized.",
        ),
        (["estimate", "-t", "iv", "-n", "6", "--pricing", "missing.yaml"], "no such file"),
        (["validate", "missing.yaml"], "no such file: missing.yaml"),
        (["compare", "--usual", "-n", "6"], "--usual compares each treatment's usual course"),
        (["compare", "--months", "3"], "need --sessions or --plan"),
        (["compare", "--plan", "weekly"], "unknown plan 'weekly'"),
    ],
)
def test_bad_command_line_values_exit_2_with_a_clear_message(runner, args, message):
    result = invoke(runner, *args)
    assert result.exit_code == 2, result.output
    assert message in plain(result.stderr), result.stderr
    assert result.stdout == ""


def test_unknown_treatment_lists_the_valid_ones(runner):
    result = invoke(runner, "estimate", "-t", "laser", "-n", "6")
    assert result.exit_code == 2
    assert "Valid treatments: iv, im, kap, sublingual, spravato, oral, compounded-nasal." in (
        result.stderr
    )


def test_output_file(runner, tmp_path):
    target = tmp_path / "estimate.json"
    result = invoke(runner, "estimate", "-t", "iv", "-n", "6", "-f", "json", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert json.loads(target.read_text())["total"] == {"low": "2250.00", "high": "5400.00"}
    assert f"Wrote json to {target}" in result.stderr


def test_output_to_an_unwritable_place_exits_2_and_leaves_nothing(runner, tmp_path):
    target = tmp_path / "no-such-dir" / "out.md"
    result = invoke(runner, "estimate", "-t", "iv", "-n", "6", "-o", str(target))
    assert result.exit_code == 2, result.output
    assert "cannot write" in result.stderr
    assert not target.parent.exists()


def test_a_clinic_price_file_is_laid_over_the_bundled_prices(runner):
    path = str(DATA / "valid-minimal.yaml")
    own = json.loads(
        invoke(runner, "estimate", "-t", "iv", "-n", "3", "--pricing", path, "-f", "json").stdout
    )
    assert own["total"] == {"low": "1500.00", "high": "1500.00"}  # 3 x $500
    package = json.loads(
        invoke(
            runner,
            "estimate",
            "--clinic",
            "example",
            "--program",
            "six-pack",
            "-n",
            "6",
            "--pricing",
            path,
            "-f",
            "json",
        ).stdout
    )
    assert package["total"] == {"low": "2500.00", "high": "2500.00"}
    assert package["sources"][0]["url"] == "https://example.org/prices"
    # What the file leaves out still comes from the bundled data (seed 003: KAP course
    # $4,100-$8,400; ATMA CENA's customized program $2,325-$6,930).
    kept = json.loads(
        invoke(runner, "estimate", "-t", "kap", "-n", "6", "--pricing", path, "-f", "json").stdout
    )
    assert kept["total"] == {"low": "4100.00", "high": "8400.00"}
    atma = json.loads(
        invoke(
            runner,
            "estimate",
            "--clinic",
            "atma-cena",
            "--program",
            "customized",
            "--pricing",
            path,
            "-f",
            "json",
        ).stdout
    )
    assert atma["total"] == {"low": "2325.00", "high": "6930.00"}


def test_a_figure_over_18_months_old_is_flagged(runner, tmp_path):
    old = tmp_path / "old.yaml"
    old.write_text((DATA / "valid-minimal.yaml").read_text().replace("2026-09-01", "2020-01-01"))
    result = invoke(runner, "estimate", "-t", "iv", "-n", "2", "--pricing", str(old))
    assert result.exit_code == 0, result.output
    assert "Warnings" in result.stdout
    assert "treatments.iv.per_session holds from 2020-01-01, more than 18 months before" in (
        " ".join(result.stdout.split())
    )


def test_an_unexpected_error_is_a_bug_exit_1_without_traceback(runner, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("ketacost.estimate.estimate", broken)
    result = invoke(runner, "estimate", "-t", "iv", "-n", "6")
    assert result.exit_code == 1
    assert "internal error: RuntimeError: boom" in result.stderr
    assert "KETACOST_DEBUG=1" in result.stderr


def test_version(runner):
    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout == f"ketacost {__version__}\n"


@pytest.mark.parametrize(
    "command", ["estimate", "compare", "coverage", "treatments", "plans", "sources", "validate"]
)
def test_every_command_help_ends_with_an_example(runner, command):
    result = invoke(runner, command, "--help")
    assert result.exit_code == 0, result.output
    assert f"Example: ketacost {command}" in result.stdout


def test_python_dash_m_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "ketacost", "estimate", "-t", "sublingual", "-n", "6", "-f", "csv"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "sublingual,,,,total,6,6,1500.00,3600.00,published-course," in result.stdout


def test_compare_shows_the_warnings_of_its_estimates(runner, tmp_path):
    old = tmp_path / "old.yaml"
    old.write_text((DATA / "valid-minimal.yaml").read_text().replace("2026-09-01", "2020-01-01"))
    result = invoke(runner, "compare", "-n", "2", "--pricing", str(old))
    assert result.exit_code == 0, result.output
    assert "Warnings" in result.stdout
    assert "holds from 2020-01-01, more than 18 months before 2026-11-29" in (
        " ".join(result.stdout.split())
    )
    assert "the figures used hold from 2020-01-01" in " ".join(result.stdout.split())


def test_an_absurd_amount_is_refused_as_a_data_error(runner, tmp_path):
    huge = tmp_path / "huge.yaml"
    huge.write_text(
        (DATA / "valid-minimal.yaml")
        .read_text()
        .replace("low: 500, high: 500", "low: 1, high: 1.0e+30")
    )
    result = invoke(runner, "validate", str(huge))
    assert result.exit_code == 3, result.output
    assert "treatments.iv.per_session.2026-09-01.high: must be at most 100,000,000" in (
        result.stderr
    )
    assert "is not defined" not in result.stderr  # no second message for the same fault


def test_output_never_overwrites_the_price_file_being_read(runner, tmp_path):
    # Named without an extension, so that no format is refused before the file is.
    prices = tmp_path / "mine"
    prices.write_text((DATA / "valid-minimal.yaml").read_text())
    before = prices.read_text()
    result = invoke(runner, "treatments", "--pricing", str(prices), "-o", str(prices))
    assert result.exit_code == 2, result.output
    assert "is the input file" in result.stderr
    assert prices.read_text() == before
    # A .yaml output is refused as a format ketacost does not write.
    named = tmp_path / "mine.yaml"
    named.write_text(before)
    result = invoke(runner, "treatments", "--pricing", str(named), "-o", str(named))
    assert result.exit_code == 2 and "cannot write a .yaml file" in result.stderr
    assert named.read_text() == before


@pytest.mark.parametrize(
    ("command", "name", "written"),
    [
        (["estimate", "-t", "iv", "-n", "6"], "out.json", '"schema_version": 1'),
        (["estimate", "-t", "iv", "-n", "6"], "out.csv", "treatment,clinic,program"),
        (["estimate", "-t", "iv", "-n", "6"], "out.md", "## IV ketamine infusion"),
        (["estimate", "-t", "iv", "-n", "6"], "out.txt", "IV ketamine infusion, 6 sessions"),
        (["compare", "-n", "6"], "out.JSON", '"estimates": ['),
        (["coverage", "-p", "ON"], "out.csv", "program,verdict"),
        (["sources"], "out.md", "## Sources"),
        (["quote", "-t", "iv", "-n", "6"], "q.html", "<!DOCTYPE html>"),
        (["quote", "-t", "iv", "-n", "6"], "q.md", "# Cost estimate"),
    ],
)
def test_the_output_file_s_extension_picks_the_format(runner, tmp_path, command, name, written):
    target = tmp_path / name
    result = invoke(runner, *command, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert written in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("command", "args", "message"),
    [
        ("estimate", ["-o", "quote.pdf"], "cannot write a .pdf file here; it writes .csv, .json"),
        ("estimate", ["-f", "json", "-o", "out.csv"], "is a csv file, but -f asks for json"),
        ("quote", ["-o", "quote.pdf"], "it writes .htm, .html, .markdown, .md"),
        ("quote", ["-o", "quote.json"], "cannot write a .json file here"),
        ("quote", ["-f", "markdown", "-o", "q.html"], "is a html file, but -f asks for markdown"),
    ],
)
def test_an_output_file_of_another_format_is_refused(runner, tmp_path, command, args, message):
    args = [str(tmp_path / a) if "." in a else a for a in args]
    result = invoke(runner, command, "-t", "iv", "-n", "6", *args)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.stderr.split())
    assert not list(tmp_path.iterdir())


def test_output_keeps_permissions_and_follows_symlinks(runner, tmp_path):
    target = tmp_path / "quote.md"
    target.write_text("old")
    target.chmod(0o600)
    link = tmp_path / "latest.md"
    link.symlink_to(target)
    result = invoke(runner, "estimate", "-t", "iv", "-n", "6", "-f", "markdown", "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert target.read_text().startswith("## IV ketamine infusion, 6 sessions")
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_importing_the_cli_loads_no_data_code_and_no_rich():
    # Start-up: the core, YAML and Rich load only when a command needs them.
    import subprocess
    import sys

    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, ketacost.cli; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for module in (
        "yaml",
        "rich.table",
        "ketacost.load.catalog",
        "ketacost.batch",
        "ketacost.estimate",
    ):
        assert module not in loaded, module


COMMANDS = [
    "guide",
    "estimate",
    "compare",
    "coverage",
    "treatments",
    "plans",
    "sources",
    "quote",
    "init-clinic",
    "validate",
    "batch",
]


def test_every_command_is_listed():
    from typer.main import get_command_name

    names = [i.name or get_command_name(i.callback.__name__) for i in app.registered_commands]
    assert names == COMMANDS


@pytest.mark.parametrize("name", COMMANDS)
def test_the_script_runs_a_command_as_the_whole_app_does(name):
    """`ketacost NAME ...` builds only that command; its help, and its answer to a bad
    option, are the whole app's."""
    from ketacost.cli import app_for

    one = app_for([name])
    assert len(one.registered_commands) == 1
    plain = CliRunner()  # the runner fixture would run the whole app as the script does
    for args in (["--help"], ["--no-such-option"]):
        whole = plain.invoke(app, [name, *args], prog_name="ketacost")
        alone = plain.invoke(one, [name, *args], prog_name="ketacost")
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)
    assert whole.exit_code == 2


def test_a_line_naming_no_command_gets_the_whole_app():
    from ketacost.cli import app_for

    assert app_for([]) is app
    assert app_for(["--help"]) is app
    assert app_for(["estimat"]) is app


def test_the_bundled_data_can_be_read_from_another_directory(runner, tmp_path):
    # KETACOST_DATA: try an edit to data/ before it ships.
    data = Path(__file__).parent.parent / "data"
    for name in ("sources.yaml", "pricing.yaml", "plans.yaml", "coverage.yaml"):
        text = (data / name).read_text(encoding="utf-8")
        if name == "pricing.yaml":
            text = text.replace(
                "{low: 375, high: 1000, source: seed-003}",
                "{low: 400, high: 1000, source: seed-003}",
            )
        (tmp_path / name).write_text(text, encoding="utf-8")
    edited = runner.invoke(
        app, ["estimate", "-t", "iv", "-n", "7", "-f", "json"], env={"KETACOST_DATA": str(tmp_path)}
    )
    assert edited.exit_code == 0, edited.output
    assert json.loads(edited.stdout)["total"] == {
        "low": "2800.00",
        "high": "7000.00",
    }  # 7 x $400-$1,000
    missing = runner.invoke(
        app, ["estimate", "-t", "iv", "-n", "7"], env={"KETACOST_DATA": str(tmp_path / "nope")}
    )
    assert missing.exit_code == 2
    assert "KETACOST_DATA: no such directory" in missing.stderr


def test_each_command_is_registered_by_the_module_the_script_imports_for_it():
    # `ketacost estimate` imports ketacost.cli.commands alone (start-up): the table the
    # script goes by must name, for every command, the module that registers it.
    from ketacost.cli import COMMAND_MODULES, _name, whole_app

    registered = {
        _name(info): info.callback.__module__.rsplit(".", 1)[1]
        for info in whole_app().registered_commands
    }
    assert registered == COMMAND_MODULES
    assert list(registered) == list(COMMAND_MODULES)  # the order --help lists them in


def test_running_one_command_imports_only_its_module():
    import subprocess
    import sys

    run = (
        "import sys; sys.argv = ['ketacost', 'plans', '-f', 'json']\n"
        "from ketacost.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sys.modules), file=sys.stderr)\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", run], capture_output=True, text=True, check=True
    ).stderr.split()
    assert "ketacost.cli.commands" in loaded
    assert "ketacost.cli.clinic" not in loaded and "ketacost.cli.batch" not in loaded


@pytest.mark.parametrize(
    ("args", "collecting"),
    [
        (["estimate", "-t", "iv", "-n", "6", "-f", "json"], False),
        (["--lang", "fr", "plans", "-f", "json"], False),
        (["batch", "-"], True),  # a batch's memory stays flat: the collector stays on
    ],
)
def test_a_short_command_runs_without_the_garbage_collector(tmp_path, args, collecting):
    import subprocess
    import sys

    # What the command's own code sees (the collector's state in its run), and after.
    run = (
        "import gc, sys; sys.argv = ['ketacost', *sys.argv[1:]]\n"
        "import ketacost.render\n"
        "draw = ketacost.render.render\n"
        "def seen(*a, **k):\n"
        "    print('collecting', gc.isenabled(), file=sys.stderr)\n"
        "    return draw(*a, **k)\n"
        "ketacost.render.render = seen\n"
        "import ketacost.cli.batch\n"
        "from ketacost.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('after', gc.isenabled(), file=sys.stderr)\n"
    )
    rows = "treatment,sessions\niv,6\n"
    done = subprocess.run(
        [sys.executable, "-c", run, *args], input=rows, capture_output=True, text=True
    )
    said = done.stderr.split("\n")
    assert f"after {collecting}" in said, done.stderr
    if args[0] != "batch":  # (a batch draws its rows with its own writer)
        assert f"collecting {collecting}" in said, done.stderr


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (
            ["estimate", "-t", "iv", "-n", "six"],
            "ketacost: error: Invalid value for '--sessions' / '-n': 'six' is not a whole "
            "number (write it in digits, e.g. 6)",
            "Try 'ketacost estimate --help'.",
        ),
        (["estimate", "--bogus"], "ketacost: error: No such option: --bogus", "estimate --help"),
        (
            ["estmate"],
            "ketacost: error: No such command 'estmate'. Did you mean 'estimate'?",
            "Try 'ketacost --help'.",
        ),
        (["estimate", "-t", "ivv", "-n", "6"], "ketacost: error: unknown treatment 'ivv'.", ""),
    ],
)
def test_every_error_is_said_one_way_without_a_box(runner, args, message, hint):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and hint in result.stderr
    assert not set("╭╮╰╯│─") & set(result.stderr)
    assert result.stdout == ""


def test_output_to_a_program_honours_columns(runner, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    result = runner.invoke(app, ["sources"])
    assert result.exit_code == 0, result.output
    # Every line fits in 60 columns, but the URLs: each whole on a line of its own.
    wide = [line for line in result.stdout.splitlines() if len(line) > 60]
    assert wide and all(line.strip().startswith("http") for line in wide), wide
    assert (
        "  https://laws-lois.justice.gc.ca/eng/acts/I-3.3/section-118.2-20130626.html\n"
        in result.stdout
    )
    monkeypatch.setenv("COLUMNS", "not a number")
    wide = runner.invoke(app, ["estimate", "-t", "iv", "-n", "6"]).stdout
    assert max(len(line) for line in wide.splitlines()) <= 100


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("ketacost estimate -t sp", ['"spravato":"Spravato (esketamine nasal spray)"']),
        ("ketacost estimate -p Q", ['"QC":"Quebec"']),
        ("ketacost compare --condition chr", ['"chronic-pain":"Chronic pain"']),
        ("ketacost estimate --plan sp", ['"spravato":"Spravato protocol"']),
        (
            "ketacost quote --clinic atma-cena --program psyche",
            ['"psychedelic-pathway":"Psychedelic Pathway"'],
        ),
        ("ketacost coverage --insurance al", ['"alberta-blue-cross":"Alberta Blue Cross plan"']),
    ],
)
def test_shell_completion_offers_the_data_s_values(runner, typed, offered):
    env = {"_KETACOST_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": typed}
    result = runner.invoke(app, [], env=env, prog_name="ketacost")
    for value in offered:
        assert value in result.stdout, result.output
