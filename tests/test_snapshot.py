"""The snapshot of the checked data (ketacost.load.snapshot): used only when made from
the very same files by the very same code, never reading the YAML then, and never able
to run code or give another answer than the YAML would."""

from __future__ import annotations

import io
import json
import marshal
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ketacost.cli import app
from ketacost.load import snapshot
from ketacost.load.catalog import DATA_FILES, Catalog, bundled_data_dir

ESTIMATE = ["estimate", "-t", "iv", "-n", "6", "-f", "json"]


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("KETACOST_CACHE", str(where))
    return where


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """A copy of the bundled data the CLI reads (KETACOST_DATA)."""
    copy = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), copy)
    monkeypatch.setenv("KETACOST_DATA", str(copy))
    return copy


def total(runner) -> dict:
    result = runner.invoke(app, ESTIMATE)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["total"]


def test_a_run_with_a_fresh_snapshot_reads_no_yaml(cache, tmp_path):
    run = (
        "import sys; sys.argv = ['ketacost', *sys.argv[1:]]\n"
        "from ketacost.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sys.modules), file=sys.stderr)\n"
    )
    env = {"KETACOST_CACHE": str(cache), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", run, *ESTIMATE], env=env, capture_output=True)
    assert "yaml" in first.stderr.decode().split()  # no snapshot yet: the YAML is read
    assert len(list(cache.glob("snapshot-*.bin"))) == 1
    second = subprocess.run([sys.executable, "-c", run, *ESTIMATE], env=env, capture_output=True)
    loaded = second.stderr.decode().split()
    for module in ("yaml", "ketacost.load.yamldoc", "ketacost.load.coverage"):
        assert module not in loaded, module
    assert second.stdout == first.stdout


def test_an_edited_data_file_changes_the_answer(cache, data, runner):
    assert total(runner)["low"] == "2250.00"  # seed 003: IV, 6 sessions, $2,250-$5,400
    assert list(cache.glob("snapshot-*.bin"))
    assert total(runner)["low"] == "2250.00"  # from the snapshot
    pricing = data / "pricing.yaml"
    text = pricing.read_text(encoding="utf-8")
    assert text.count("low: 2250") == 1
    pricing.write_text(text.replace("low: 2250", "low: 2300"), encoding="utf-8")
    assert total(runner)["low"] == "2300.00"


def test_a_snapshot_of_other_code_is_not_used(cache, data, monkeypatch):
    records = Catalog(data_dir=data).coverage  # reads the YAML and writes a snapshot
    assert records is not None
    assert snapshot.read(data, DATA_FILES) is not None
    monkeypatch.setattr(snapshot, "_code_stamp", lambda: ("another version",))
    assert snapshot.read(data, DATA_FILES) is None


def test_a_damaged_snapshot_is_ignored(cache, data, runner):
    expected = total(runner)
    (made,) = cache.glob("snapshot-*.bin")
    made.write_bytes(made.read_bytes()[:1000])
    assert total(runner) == expected


class _Boom:
    def __reduce__(self):
        return (print, ("ran code from a snapshot",))


def test_a_snapshot_cannot_run_code(cache, data, capsys):
    assert Catalog(data_dir=data).coverage is not None
    (made,) = cache.glob("snapshot-*.bin")
    version, code, files, parts = marshal.loads(made.read_bytes())
    for index in range(len(parts)):
        bad = tuple(pickle.dumps(_Boom()) if i == index else p for i, p in enumerate(parts))
        made.write_bytes(marshal.dumps((version, code, files, bad)))
        found = snapshot.read(data, DATA_FILES)
        if found is not None:
            with pytest.raises(ValueError, match="may not build"):
                found.part(index)
    assert "ran code" not in capsys.readouterr().out
    # The CLI still answers, from the YAML.
    assert Catalog(data_dir=data).tax.years()


def test_the_other_parts_hold_the_sources_themselves_not_copies(cache, data):
    made = Catalog(data_dir=data)
    assert made.prices.sources  # reads the YAML and writes a snapshot
    found = snapshot.read(data, DATA_FILES)
    assert found is not None
    sources, prices = found.part(0), found.part(1)
    assert prices.sources.keys() == sources.keys()
    for key, source in prices.sources.items():
        assert source is sources[key], key
        assert source == made.prices.sources[key]  # the same values as read from the YAML
    # Named, not copied: the price list's part is smaller than the sources' alone.
    _version, _code, _files, parts = marshal.loads(next(cache.glob("snapshot-*.bin")).read_bytes())
    assert len(parts[1]) < len(parts[0])


def test_a_part_naming_a_source_the_first_part_lacks_is_refused(cache, data):
    assert Catalog(data_dir=data).prices is not None
    (made,) = cache.glob("snapshot-*.bin")
    version, code, files, parts = marshal.loads(made.read_bytes())

    class Naming(pickle.Pickler):
        def persistent_id(self, obj):
            return "no-such-source" if obj == "named" else None

    out = io.BytesIO()
    Naming(out, protocol=pickle.HIGHEST_PROTOCOL).dump(["named"])
    made.write_bytes(marshal.dumps((version, code, files, (parts[0], out.getvalue(), *parts[2:]))))
    found = snapshot.read(data, DATA_FILES)
    assert found is not None
    with pytest.raises(ValueError, match="does not hold"):
        found.part(1)
    # The CLI still answers, from the YAML.
    assert Catalog(data_dir=data).prices.treatments


def test_snapshots_can_be_turned_off(monkeypatch, tmp_path, data, runner):
    monkeypatch.setenv("KETACOST_CACHE", "off")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert total(runner)["low"] == "2250.00"
    assert not (tmp_path / "home").exists()


def test_an_unwritable_cache_changes_nothing(monkeypatch, tmp_path, data, runner):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("KETACOST_CACHE", str(blocked / "cache"))
    assert total(runner)["low"] == "2250.00"


def test_an_invalid_data_file_is_never_snapshotted(cache, data, runner):
    (data / "pricing.yaml").write_text("schema_version: 1\ntreatments: [", encoding="utf-8")
    result = runner.invoke(app, ESTIMATE)
    assert result.exit_code == 3
    assert not list(cache.glob("snapshot-*.bin"))
    # A command that does not need the bad file still answers from the others.
    assert runner.invoke(app, ["coverage", "-p", "ON"]).exit_code == 0


def test_the_user_cache_directory_by_platform(monkeypatch, tmp_path):
    monkeypatch.delenv("KETACOST_CACHE")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert snapshot.cache_dir() == tmp_path / "ketacost"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    assert snapshot.cache_dir() == Path.home() / ".cache" / "ketacost"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert snapshot.cache_dir() == Path.home() / "Library" / "Caches" / "ketacost"


def test_old_snapshots_are_pruned(cache, data):
    pricing = data / "pricing.yaml"
    original = pricing.read_text(encoding="utf-8")
    for n in range(snapshot.KEEP + 3):
        pricing.write_text(original + f"\n# edit {n}\n", encoding="utf-8")
        assert Catalog(data_dir=data).coverage is not None
    assert len(list(cache.glob("snapshot-*.bin"))) == snapshot.KEEP


def test_a_snapshot_others_can_write_is_never_used(cache, data, runner):
    assert total(runner)["low"] == "2250.00"
    (made,) = cache.glob("snapshot-*.bin")
    assert snapshot.read(data, DATA_FILES) is not None
    made.chmod(0o666)  # writable by anyone: not trusted
    assert snapshot.read(data, DATA_FILES) is None
    made.chmod(0o600)
    cache.chmod(0o777)  # a shared directory: not trusted either
    assert snapshot.read(data, DATA_FILES) is None
    cache.chmod(0o700)
    assert snapshot.read(data, DATA_FILES) is not None
