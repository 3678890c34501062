"""The code's shape (issue 12): no hand-written module over 600 lines and no function over 80
lines, except where ARCHITECTURE.md says why (``ALLOWED`` names each such exception).

Each package root is checked on its own; to check another package, add its line to
``PACKAGES``. Generated code is left out by folder, and a test checks that every file there
really says it is generated, so the exclusion cannot hide hand-written code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80

# package root (relative to the repository) -> its folders of generated code, not checked
PACKAGES: dict[str, tuple[str, ...]] = {
    "src/zoho_records": ("_sync",),  # the sync twins, generated from _async by codegen/unasync
    "contract_tests": (),
    "bench": (),
}

# Exceptions to the limits, each with the reason ARCHITECTURE.md gives for it:
# "src/pkg/module.py" (a module over 600 lines) or "src/pkg/module.py::Class.function" (a
# function over 80 lines). Empty: nothing hand-written is over the limits.
ALLOWED: dict[str, str] = {}

GENERATED_MARK = "# GENERATED"


def _functions(tree: ast.AST, prefix: str = "") -> list[tuple[str, int, int]]:
    """``(qualified name, first line, length in lines)`` of every function and method in
    ``tree``, nested ones included (a nested function counts in its parent's length too)."""
    found = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = prefix + node.name
            if not isinstance(node, ast.ClassDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                found.append((name, node.lineno, length))
            found.extend(_functions(node, name + "."))
        else:
            found.extend(_functions(node, prefix))
    return found


def _hand_written(root: Path, generated: tuple[str, ...]) -> list[Path]:
    return [
        path
        for path in sorted(root.rglob("*.py"))
        if path.relative_to(root).parts[0] not in generated
    ]


def shape_offenders(root: Path, generated: tuple[str, ...] = (), base: Path = ROOT) -> list[str]:
    """Every hand-written module under ``root`` over ``MAX_MODULE_LINES`` lines and every
    function over ``MAX_FUNCTION_LINES``, as ``path`` / ``path::name`` keys (relative to
    ``base``) followed by what is too long."""
    offenders = []
    for path in _hand_written(root, generated):
        source = path.read_text(encoding="utf-8")
        key = path.relative_to(base).as_posix()
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            offenders.append(f"{key}: {lines} lines (at most {MAX_MODULE_LINES})")
        for name, first, length in _functions(ast.parse(source)):
            if length > MAX_FUNCTION_LINES:
                offenders.append(
                    f"{key}::{name}: {length} lines from line {first} "
                    f"(at most {MAX_FUNCTION_LINES})"
                )
    return offenders


def _key(offender: str) -> str:
    return offender.split(": ", 1)[0]


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_over_600_lines_nor_function_over_80(package: str) -> None:
    checked = _hand_written(ROOT / package, PACKAGES[package])
    assert checked, f"{package} holds no hand-written module: fix its line in PACKAGES"
    offenders = shape_offenders(ROOT / package, PACKAGES[package])
    unexplained = [o for o in offenders if _key(o) not in ALLOWED]
    assert not unexplained, (
        "too long (split by concern into well-named parts, or say why in ARCHITECTURE.md and "
        "add it to ALLOWED):\n" + "\n".join(unexplained)
    )


def test_every_exception_is_still_needed_and_explained() -> None:
    offending = {
        _key(o) for package in PACKAGES for o in shape_offenders(ROOT / package, PACKAGES[package])
    }
    architecture = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for key, reason in ALLOWED.items():
        assert key in offending, f"{key} is within the limits now: remove it from ALLOWED"
        assert reason.strip(), f"{key}: say why in ALLOWED"
        module, _, name = key.partition("::")
        named = name.rsplit(".", 1)[-1] if name else Path(module).name
        assert named in architecture, f"{key}: ARCHITECTURE.md does not say why"


@pytest.mark.parametrize("package", PACKAGES)
def test_the_left_out_folders_hold_only_generated_code(package: str) -> None:
    for folder in PACKAGES[package]:
        files = sorted((ROOT / package / folder).rglob("*.py"))
        assert files, f"{package}/{folder} holds no code: remove it from PACKAGES"
        for path in files:
            first = path.read_text(encoding="utf-8").partition("\n")[0]
            assert first.startswith(GENERATED_MARK), f"{path} is not marked as generated"


def _module(*functions: tuple[str, int], padding: int = 0) -> str:
    """A module of ``padding`` comment lines and functions ``(name, length in lines)``."""
    parts = ["# filler\n" * padding]
    for name, length in functions:
        parts.append(f"def {name}() -> None:\n" + "    pass\n" * (length - 1))
    return "".join(parts)


def test_the_check_finds_what_is_too_long_and_only_that(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "_gen").mkdir()
    (pkg / "fits.py").write_text(_module(("f", 80), padding=520))  # 600 lines
    (pkg / "long.py").write_text(_module(("g", 20), padding=581))  # 601 lines
    (pkg / "sub" / "deep.py").write_text(
        "class C:\n    def m(self) -> None:\n"
        + "        pass\n" * 80  # 81 lines
        + _module(("ok", 80), ("big", 81))
    )
    (pkg / "_gen" / "made.py").write_text(_module(("huge", 200), padding=700))
    found = shape_offenders(pkg, ("_gen",), base=tmp_path)
    assert found == [
        "pkg/long.py: 601 lines (at most 600)",
        "pkg/sub/deep.py::C.m: 81 lines from line 2 (at most 80)",
        "pkg/sub/deep.py::big: 81 lines from line 163 (at most 80)",
    ]
    assert shape_offenders(pkg, (), base=tmp_path)[:2] == [
        "pkg/_gen/made.py: 900 lines (at most 600)",
        "pkg/_gen/made.py::huge: 200 lines from line 701 (at most 80)",
    ]


def test_a_nested_function_counts_on_its_own_and_in_its_parent(tmp_path: Path) -> None:
    body = "    def inner() -> None:\n" + "        pass\n" * 81
    (tmp_path / "m.py").write_text("def outer() -> None:\n" + body)
    assert [_key(o) for o in shape_offenders(tmp_path, base=tmp_path)] == [
        "m.py::outer",
        "m.py::outer.inner",
    ]
