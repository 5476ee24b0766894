"""The package is laid out by stage, and its imports run one way, downwards: builder ->
proof -> importer -> checks, pdf, deck -> design -> content -> the base modules (the importer
reuses the copy lint's rules, so it stands above checks; the layout proof reads what the
renderers make, and builder's `check --layout` calls it). No cycles, no module over 500 lines, and
every stage says what comes in and what goes out."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "briefing"
LAYERS = {"builder": 6, "proof": 5, "importer": 4, "checks": 3, "pdf": 3, "deck": 3, "design": 2,
          "content": 1, "caches": 0, "diagnostics": 0, "version": 0,
          "": 7}  # "" is briefing/__init__.py


def module_name(path: Path) -> str:
    """Return the dotted name of a module file under briefing/."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Return the briefing modules a module imports, at any depth of its code, except imports
    made for type checkers only."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            if target.startswith("briefing"):
                for alias in node.names:  # "from . import fitting" names a module
                    candidate = f"{target}.{alias.name}"
                    found.add(candidate if is_module(candidate) else target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("briefing"))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def is_module(name: str) -> bool:
    """Tell whether a dotted name is a module or package of briefing/."""
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def stage(name: str) -> str:
    """Return the stage a module belongs to: its subpackage, or a base module's own name."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: {i for i in imports_of(path) if i in MODULES and i != name}
         for name, path in MODULES.items()}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_run_downwards_between_stages(name):
    upward = [i for i in GRAPH[name] if stage(i) != stage(name)
              and LAYERS[stage(i)] >= LAYERS[stage(name)]]
    assert upward == []


def test_no_module_imports_itself_through_others():
    cycles = []

    def walk(node: str, path: list[str]) -> None:
        for nxt in sorted(GRAPH[node]):
            if nxt == path[0]:
                cycles.append(" -> ".join(path + [nxt]))
            elif nxt not in path and nxt > path[0]:
                walk(nxt, path + [nxt])

    for start in sorted(GRAPH):
        walk(start, [start])
    assert cycles == []


def test_every_stage_says_what_comes_in_and_what_goes_out():
    packages = [p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()]
    assert sorted(p.name for p in packages) == ["builder", "checks", "content", "deck", "design",
                                                "importer", "pdf", "proof"]
    assert all(ast.get_docstring(ast.parse((p / "__init__.py").read_text())) for p in packages)


def test_no_module_is_longer_than_500_lines():
    assert [name for name, path in MODULES.items()
            if len(path.read_text(encoding="utf-8").splitlines()) > 500] == []
