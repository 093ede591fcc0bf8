"""The engine's modules import downwards only: no cycles, and no stage reaching up.

The layers below are the module map of README's "How the pieces fit": a module may import
only modules of lower layers (imports inside functions and under TYPE_CHECKING count too).
A new module goes into the layer of the modules it needs; the test names any module it
does not know.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

PACKAGE = ROOT / "generator"

LAYERS: list[set[str]] = [
    # foundations: shared names, problems, atomic files, worker pools, plain data
    {"errors", "names", "files", "folders", "parallel", "workshop", "bundle"},
    {"paths", "history", "session"},
    # reading the content
    {"load"},
    # judging it and making the model
    {"schema", "model", "evidence_links", "lint", "verbatim"},
    {"validate", "audit", "citations", "search_words"},
    {"render"},
    {"notfound"},
    # the stages that make pages, printables and the site
    {"help_now", "pdf", "write", "build", "scaffold"},
    # the guide's own templates, checked as the page and print stages use them
    {"template_check"},
    # where the stages meet, and the commands around them
    {"pipeline", "clean", "starter_guide"},
    {"cli", "mkdocs_plugin"},
    {"__main__"},
]


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(part for part in parts if part != "__init__") or "__init__"
        if name != "__init__":
            found[name] = path
    return found


def _imports(path: Path, known: set[str]) -> set[str]:
    """The generator modules `path` imports, wherever in the file the import stands."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "generator":
                found |= {alias.name for alias in node.names}
            elif node.module.startswith("generator."):
                found.add(node.module.removeprefix("generator.").split(".")[0])
        elif isinstance(node, ast.Import):
            found |= {
                alias.name.removeprefix("generator.").split(".")[0]
                for alias in node.names
                if alias.name.startswith("generator.")
            }
    return found & known


def test_every_module_has_a_layer():
    placed = set().union(*LAYERS)
    unknown = sorted(set(_modules()) - placed)
    assert not unknown, f"add {', '.join(unknown)} to LAYERS in tests/test_architecture.py (and README's module map)"
    assert not sorted(placed - set(_modules())), "LAYERS names a module that no longer exists"


def test_modules_import_only_lower_layers():
    layer = {name: number for number, names in enumerate(LAYERS) for name in names}
    modules = _modules()
    upward = [
        f"generator.{name} (layer {layer[name]}) imports generator.{target} (layer {layer[target]})"
        for name, path in modules.items()
        if name in layer
        for target in sorted(_imports(path, set(modules)))
        if target in layer and layer[target] >= layer[name] and target != name
    ]
    assert not upward, "\n".join(upward)


def test_there_is_no_import_cycle():
    """Independent of the layers: a cycle found by walking the import graph."""
    modules = _modules()
    graph = {name: _imports(path, set(modules)) - {name} for name, path in modules.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycles.append(" -> ".join(trail[trail.index(target) :] + [name, target]))
            elif target not in state:
                visit(target, trail + [name])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


MODULES = [name for names in LAYERS for name in sorted(names) if name != "__main__"]


IMPORT_EACH_ALONE = """
import importlib, json, os, sys, traceback
for library in json.loads(sys.argv[1]):  # the libraries the engine imports, loaded once here
    try:
        importlib.import_module(library)
    except Exception:
        pass  # an optional one; the child that needs it reports it
results = {}
for name in json.loads(sys.argv[2]):
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # a copy of this process, none of the engine's modules loaded yet
        os.close(read)
        try:
            importlib.import_module("generator." + name)
            os.write(write, b"")
            os._exit(0)
        except BaseException:
            os.write(write, traceback.format_exc().encode())
            os._exit(1)
    os.close(write)
    with os.fdopen(read, "rb") as stream:
        message = stream.read().decode()
    _, status = os.waitpid(child, 0)
    results[name] = [os.waitstatus_to_exitcode(status), message]
print(json.dumps(results))
"""
"""One interpreter loads the engine's third-party libraries, then forks a child per module
that imports it: a fresh module table for the engine at the cost of a fork, not of an
interpreter starting and importing MkDocs, WeasyPrint and Jinja again (40 of them took 9 s)."""


def _libraries() -> list[str]:
    """The third-party and standard modules the engine imports at the top of its files."""
    found = set()
    for path in _modules().values():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
    return sorted(name for name in found if name.split(".")[0] not in ("generator", "__future__"))


@pytest.fixture(scope="module")
def imported_alone() -> dict[str, tuple[int, str]]:
    """Each module imported first in a process of its own: (exit code, traceback)."""
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH_ALONE, json.dumps(_libraries()), json.dumps(MODULES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return {name: (code, message) for name, (code, message) in json.loads(done.stdout).items()}


@pytest.mark.parametrize("name", MODULES)
def test_each_module_imports_alone_in_a_fresh_interpreter(name, imported_alone):
    """Imported first, with nothing else loaded: a cycle or a hidden order dependency fails here."""
    code, message = imported_alone[name]
    assert code == 0, message[-2000:]
