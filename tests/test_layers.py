"""The house's layers: each module imports only from its own layer or those below it.

    errors, i18n                  what can go wrong, raised anywhere; the language it is
                                  said in
    model/, words                 records (and the condition tree); the English they are
                                  said in, shared by every layer above
    load/                         YAML read into records
    the computations (ketacost/*) course, pricing, estimate, coverage, quote, batch...
    render/                       one module per output format
    cli/                          the commands: the only place that knows the terminal

Imports inside functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "ketacost"
LAYERS = {
    "errors": 0,
    "i18n": 0,
    "model": 1,
    "words": 1,
    "load": 2,
    "compute": 3,
    "render": 4,
    "cli": 5,
}
NO_TERMINAL = ("typer", "rich")


def _layer(module: str) -> str:
    """ketacost.model.money -> model; ketacost.estimate -> compute."""
    parts = module.split(".")
    if len(parts) == 1:
        return "top"
    head = parts[1]
    if head in ("model", "load", "render", "cli"):
        return head
    if head in ("errors", "words", "i18n"):
        return head
    if head in ("__main__",):
        return "cli"
    return "compute"


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(relative.parts).removesuffix(".__init__")
        found.append((name, path))
    return found


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


MODULES = _modules()


@pytest.mark.parametrize(("name", "path"), MODULES, ids=[name for name, _ in MODULES])
def test_no_module_imports_from_a_layer_above_its_own(name, path):
    own = _layer(name)
    if own == "top":
        return  # ketacost/__init__.py holds the version only
    for imported in _imports(path):
        if not imported.startswith("ketacost."):
            continue
        target = _layer(imported)
        if target == "top":
            continue
        assert LAYERS[target] <= LAYERS[own], f"{name} ({own}) imports {imported} ({target})"


@pytest.mark.parametrize(("name", "path"), MODULES, ids=[name for name, _ in MODULES])
def test_only_the_edges_know_the_terminal(name, path):
    if _layer(name) in ("cli", "render"):
        return
    for imported in _imports(path):
        assert imported.split(".")[0] not in NO_TERMINAL, f"{name} imports {imported}"


def test_every_module_is_in_a_layer():
    assert {_layer(name) for name, _ in MODULES} <= {*LAYERS, "top"}
