"""The layers of DESIGN.md, read from the source: numeric below symbolic below proofs, no import
circle anywhere, and no model module importing a renderer.

Every import is read with ``ast``: at the top of a module and inside functions, relative ones
resolved, ``from package import name`` counted as an import of the submodule when ``name`` is
one.  An import names one module; the packages on its path are not counted (their
``__init__`` only re-exports, and Python has imported them by then).  The one import allowed
to close a circle is the lazy import of :mod:`symbolic.render` inside
:mod:`symbolic.printable`, the way SymPy's ``Printable`` reaches its printers.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("numeric", "symbolic", "proofs")
MODEL = (
    "symbolic.algebra",
    "symbolic.perceptron",
    "symbolic.network",
    "symbolic.derivations",
    "symbolic.theorems",
)
MIXIN, RENDER = "symbolic.printable", "symbolic.render"


@dataclass(frozen=True)
class Import:
    """``importer`` imports ``imported`` (a module of ours) at ``line``, lazily or not."""

    importer: str
    imported: str
    line: int
    lazy: bool


def module_names() -> dict[str, Path]:
    """Every module of the three packages by dotted name (a package by its own name)."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


MODULES = module_names()


def _ours(name: str) -> str | None:
    """The module of ours that ``name`` refers to: itself, or the nearest package above it."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _targets(node: ast.Import | ast.ImportFrom, importer: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        is_package = MODULES[importer].name == "__init__.py"
        package = importer if is_package else importer.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}" if node.module else package
    return [
        f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
        for alias in node.names
    ]


def imports_of(importer: str, source: str | None = None) -> list[Import]:
    """The imports of our modules in one module (or in ``source`` read as that module), at any
    depth."""
    tree = ast.parse(MODULES[importer].read_text(encoding="utf-8") if source is None else source)
    found: list[Import] = []

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                for target in _targets(child, importer):
                    ours = _ours(target)
                    if ours is not None and ours != importer:
                        found.append(Import(importer, ours, child.lineno, lazy))
            inner = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            visit(child, lazy or inner)

    visit(tree, False)
    return found


IMPORTS = [edge for module in MODULES for edge in imports_of(module)]


def _is_render(name: str) -> bool:
    return name == RENDER or name.startswith(RENDER + ".")


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _the_lazy_import(edge: Import) -> bool:
    return edge.importer == MIXIN and _is_render(edge.imported) and edge.lazy


def find_cycle(edges: list[Import]) -> list[str] | None:
    """One import circle as a list of modules (the first repeated at the end), or None."""
    graph: dict[str, list[str]] = {name: [] for name in MODULES}
    for edge in edges:
        graph[edge.importer].append(edge.imported)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def dfs(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for following in graph[name]:
            if state.get(following) == 1:
                return [*path[path.index(following) :], following]
            if following not in state and (cycle := dfs(following)):
                return cycle
        state[name] = 2
        path.pop()
        return None

    for name in sorted(graph):
        if name not in state and (cycle := dfs(name)):
            return cycle
    return None


def test_the_import_reader_sees_top_level_local_and_relative_imports():
    source = (
        "import sympy\n"
        "from . import inference\n"
        "from .derivation import Derivation\n"
        "from symbolic import errors, phi\n"
        "def f():\n"
        "    from ..render import latex\n"
        "    g = lambda: __import__('os')\n"
    )
    found = [(e.imported, e.lazy) for e in imports_of("symbolic.derivations.document", source)]
    assert found == [
        ("symbolic.derivations.inference", False),
        ("symbolic.derivations.derivation", False),
        ("symbolic.errors", False),
        ("symbolic", False),  # phi is a name the package re-exports, not a module
        ("symbolic.render.latex", True),
    ]


def test_the_circle_finder_finds_a_circle_through_a_lazy_import():
    up = Import("numeric.rules", "numeric.inputs", 1, False)
    assert find_cycle([up]) is None
    down = Import("numeric.inputs", "numeric.rules", 9, True)
    assert find_cycle([up, down]) == ["numeric.inputs", "numeric.rules", "numeric.inputs"]


def test_no_module_imports_itself_round_a_circle():
    cycle = find_cycle([edge for edge in IMPORTS if not _the_lazy_import(edge)])
    assert cycle is None, " → ".join(cycle or [])


def test_the_model_reaches_the_printers_through_one_lazy_import_only():
    into_render = [
        edge
        for edge in IMPORTS
        if _is_render(edge.imported)
        and _within(edge.importer, "symbolic")
        and not _within(edge.importer, RENDER)
    ]
    assert len(into_render) == 1 and _the_lazy_import(into_render[0]), into_render
    # It is needed: the printers import the model, so it closes the one circle there is.
    assert find_cycle(IMPORTS) is not None


@pytest.mark.parametrize("package", MODEL)
def test_no_model_module_imports_a_renderer_even_inside_a_function(package):
    offending = [
        f"{edge.importer}:{edge.line} imports {edge.imported}"
        for edge in IMPORTS
        if _within(edge.importer, package) and _is_render(edge.imported)
    ]
    assert not offending, offending


@pytest.mark.parametrize(
    ("lower", "higher"),
    [("numeric", "symbolic"), ("numeric", "proofs"), ("symbolic", "proofs")],
)
def test_a_layer_never_imports_one_above_it(lower, higher):
    offending = [
        f"{edge.importer}:{edge.line} imports {edge.imported}"
        for edge in IMPORTS
        if _within(edge.importer, lower) and _within(edge.imported, higher)
    ]
    assert not offending, offending


#: The function-local imports of our modules that may stay, and why: the printers' lazy
#: import (they import the model), and check's --rule-file path, which alone needs SymPy
#: (check without a rule file stays a NumPy-only command).
LAZY_ALLOWED = {
    (MIXIN, RENDER): "the printers import the model: the one circle there is",
    ("proofs.commands.check", "proofs.commands.rule_file"): "SymPy only for --rule-file",
}


def test_at_most_two_function_local_imports_of_our_modules_each_with_its_reason():
    lazy = {(e.importer, _ours(e.imported)) for e in IMPORTS if e.lazy}
    lazy = {(a, RENDER if _is_render(b or "") else b) for a, b in lazy}
    assert lazy <= set(LAZY_ALLOWED), sorted(lazy - set(LAZY_ALLOWED))
    assert len(LAZY_ALLOWED) <= 2


COMMANDS = "proofs.commands"
SHARED = {
    COMMANDS,
    *(f"{COMMANDS}.{shared}" for shared in ("options", "data", "rule_file", "coq_project")),
}


def test_commands_never_import_each_other():
    """A command module imports the shared parsing modules, never another command (``main``
    assembles them all)."""
    crossing = [
        f"{e.importer} → {e.imported}"
        for e in IMPORTS
        if _within(e.importer, COMMANDS)
        and _within(e.imported, COMMANDS)
        and e.importer not in SHARED | {f"{COMMANDS}.main"}
        and e.imported not in SHARED
    ]
    assert crossing == []


def test_the_theorem_commands_read_the_registry_instead_of_listing_theorems():
    for command in ("derive", "build_proofs"):
        imported = {e.imported for e in IMPORTS if e.importer == f"{COMMANDS}.{command}"}
        assert "proofs.documents.registry" in imported
        source = MODULES[f"{COMMANDS}.{command}"].read_text(encoding="utf-8")
        assert "zero_init_document" not in source and '"hidden-symmetry"' not in source


def test_model_modules_reach_displays_only_through_the_printable_mixin():
    """No model module imports the HTML display (or any renderer): results get
    ``_repr_html_`` from :class:`symbolic.printable.Displayable`, one lazy import."""
    found = [
        f"{e.importer} → {e.imported}"
        for e in IMPORTS
        if any(_within(e.importer, package) for package in MODEL) and _is_render(e.imported)
    ]
    assert found == []
    assert "symbolic.display" not in MODULES  # the old display module is gone


#: The deep modules of symbolic that proofs/ may still import from, and why: each name it
#: takes there is in no facade.  ``symbolic.perceptron`` and ``symbolic.theorems`` have no
#: facade yet; the ``symbolic.network`` and ``symbolic.render`` facades leave these names out.
DEEP_ALLOWED = {
    "symbolic.network.notation": "NetworkNotation, T, at_point: not in symbolic.network",
    "symbolic.perceptron.notation": "Index, hold, previous: no symbolic.perceptron facade",
    "symbolic.perceptron.runner": "the exact run of a rule file: no symbolic.perceptron facade",
    "symbolic.render.rule_text": "rule_text: not in symbolic.render",
    "symbolic.theorems.counterexamples": "Arm, search_counterexample: no symbolic.theorems facade",
    "symbolic.theorems.homogeneity": "Condition: no symbolic.theorems facade",
    "symbolic.theorems.question_claims": "QUESTION: no symbolic.theorems facade",
    "symbolic.theorems.zero_init_chains": "the zero-init steps: no symbolic.theorems facade",
}


def test_proofs_import_symbolic_only_through_its_facades():
    """Every import of symbolic in proofs/ names a facade (a package ``__init__`` with
    ``__all__``) and takes only names in its ``__all__``; the imports from DEEP_ALLOWED take
    only names that no facade offers."""
    import importlib

    facades = {
        name: importlib.import_module(name)
        for name, path in MODULES.items()
        if _within(name, "symbolic") and path.name == "__init__.py"
    }
    facades = {name: module for name, module in facades.items() if hasattr(module, "__all__")}
    offered = {id(getattr(m, n)) for m in facades.values() for n in m.__all__}
    offending, used = [], set()
    for importer, path in MODULES.items():
        if not _within(importer, "proofs"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{importer}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Import):
                offending += [
                    f"{where} imports {alias.name}"
                    for alias in node.names
                    if _within(alias.name, "symbolic") and alias.name not in facades
                ]
            if not (isinstance(node, ast.ImportFrom) and _within(node.module or "", "symbolic")):
                continue
            module, names = node.module or "", [alias.name for alias in node.names]
            if module in DEEP_ALLOWED:
                used.add(module)
                deep = importlib.import_module(module)
                offending += [
                    f"{where} takes {name} from {module}, but a facade offers it"
                    for name in names
                    if id(getattr(deep, name)) in offered
                ]
                offending += [f"{where} takes the private {n}" for n in names if n.startswith("_")]
            elif module not in facades:
                offending.append(f"{where} imports {module}, not a facade")
            else:
                offending += [
                    f"{where} takes {name} from {module}, not in its __all__"
                    for name in names
                    if name not in facades[module].__all__
                ]
    assert offending == []
    assert used == set(DEEP_ALLOWED), sorted(set(DEEP_ALLOWED) - used)
