"""ARCHITECTURE.md's "Layers and what may import what" table, enforced: one test per row.

The table is parsed from the document itself and each layer's imports from its source (AST,
every ``import`` wherever it is, so an import inside a function counts too), so the document
and the code cannot drift apart: a new dependency needs a new name in the table.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEADING = "## Layers and what may import what"
TICKED = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Row:
    """One row: the layer's directories, the names it may import, those it never may."""

    layer: str
    dirs: tuple[Path, ...]
    allowed: frozenset[str]
    lazy_only: frozenset[str]  # allowed only inside a function ("only lazily")
    never: frozenset[str]
    public_faces_only: bool  # no other package's private (``_name``) modules


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def read_table(text: str) -> list[Row]:
    section = text.split(HEADING, 1)[1].split("\n## ", 1)[0]
    lines = [ln for ln in section.splitlines() if ln.startswith("|")]
    assert _cells(lines[0]) == ["layer", "may import", "never"], lines[0]
    rows = []
    for line in lines[2:]:
        layer, may, never = _cells(line)
        # "`name` only lazily": that name only inside a function
        lazy = {name for name in TICKED.findall(may) if f"`{name}` only lazily" in may}
        rows.append(
            Row(
                layer=layer,
                dirs=tuple(ROOT / d.rstrip("/") for d in TICKED.findall(layer)),
                allowed=frozenset(TICKED.findall(may)),
                lazy_only=frozenset(lazy),
                never=frozenset(TICKED.findall(never)),
                public_faces_only="public faces only" in may,
            )
        )
    return rows


ROWS = read_table((ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    name: str  # the full dotted name
    in_function: bool


def imports_of(directory: Path) -> list[Import]:
    found = []
    for path in sorted(directory.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [
            n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
        ]
        nested = {id(n) for f in functions for n in ast.walk(f) if n is not f}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue  # relative imports stay inside the package
            for name in names:
                found.append(Import(path, node.lineno, name, id(node) in nested))
    return found


def violations(row: Row) -> list[str]:
    out = []
    for directory in row.dirs:
        own = directory.name
        for imp in imports_of(directory):
            top = imp.name.split(".")[0]
            where = f"{imp.path.relative_to(ROOT)}:{imp.line} imports {imp.name}"
            if top == own or top == "__future__":
                continue
            if top in row.never:
                out.append(f"{where} (the table says never)")
            elif top in sys.stdlib_module_names:
                continue
            elif top not in row.allowed:
                out.append(f"{where} (not in the table's row {row.layer})")
            elif top in row.lazy_only and not imp.in_function:
                out.append(f"{where} (the table allows it only lazily, inside a function)")
            elif row.public_faces_only and any(p.startswith("_") for p in imp.name.split(".")[1:]):
                out.append(f"{where} (a private module: contract tests use public faces only)")
    return out


@pytest.mark.parametrize("row", ROWS, ids=[r.layer.replace("`", "") for r in ROWS])
def test_layer_imports_only_what_its_row_allows(row: Row) -> None:
    assert row.dirs, f"row {row.layer!r} names no directory"
    for directory in row.dirs:
        assert directory.is_dir(), f"ARCHITECTURE.md names {directory}, which does not exist"
    problems = violations(row)
    assert not problems, "\n".join(problems)


def test_openapi_row_holds_no_code() -> None:
    (row,) = [r for r in ROWS if r.layer == "`openapi/`"]
    assert not row.allowed
    assert not [p for d in row.dirs for p in d.rglob("*.py")]


def test_every_package_has_a_row() -> None:
    covered = {d for r in ROWS for d in r.dirs}
    packages = {
        p.parent for base in (ROOT / "src", ROOT / "generated") for p in base.glob("*/__init__.py")
    } | {ROOT / "codegen", ROOT / "contract_tests"}
    assert packages <= covered, f"packages without a row: {sorted(map(str, packages - covered))}"


def test_the_checker_catches_what_a_row_refuses(tmp_path: Path) -> None:
    """The rules bite: a module-level lazy-only import, a refused name, an unlisted name and a
    private module each are reported (so the per-row tests cannot pass vacuously)."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text(
        "import json\nimport zoho_emulator\nimport forbidden\nimport unlisted\n"
        "from allowed._private import x\n\ndef f():\n    import zoho_emulator\n"
    )
    row = Row(
        layer="`pkg`",
        dirs=(package,),
        allowed=frozenset({"zoho_emulator", "forbidden", "allowed"}),
        lazy_only=frozenset({"zoho_emulator"}),
        never=frozenset({"forbidden"}),
        public_faces_only=True,
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        problems = violations(row)
    finally:
        ROOT = saved
    assert len(problems) == 4, problems
    assert "only lazily" in problems[0] and ":2 " in problems[0]
    assert "never" in problems[1]
    assert "not in the table" in problems[2]
    assert "private module" in problems[3]
