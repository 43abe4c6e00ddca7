"""The runner the CLI tests use (the `runner` fixture; test_fuzz holds one of its own)."""

from __future__ import annotations

from typer.testing import CliRunner

from ketacost.cli import app, app_for


class ScriptRunner(CliRunner):
    """Typer's CliRunner, running ketacost's app as the `ketacost` script does: built
    with only the command the line names (ketacost.cli.app_for; the whole app for help,
    a typo or no command). Typer builds every command an app holds on each invoke:
    building all ten for each of ~600 command lines took a quarter of the default run.
    Any other app runs as given."""

    def invoke(self, cli, args=None, **kwargs):
        if cli is app and args is not None and not isinstance(args, str):
            cli = app_for(list(args)[:1])
        return super().invoke(cli, args, **kwargs)
