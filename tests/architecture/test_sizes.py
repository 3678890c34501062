"""No hand-written module over 600 lines and no function over 80 in the parts already in shape
(issue 12): the emulator and codegen here; the client, contract_tests and bench in
``tests/tools/test_code_shape.py``. A newcomer reads a module in one sitting and a function
on one screen."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ["src/zoho_emulator", "codegen"]
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _too_long(base: Path) -> list[str]:
    out = []
    for path in sorted(base.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT)
        if text.count("\n") > MAX_MODULE_LINES:
            out.append(f"{where}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    out.append(f"{where}:{node.lineno} {node.name}: {length} lines")
    return out


@pytest.mark.parametrize("part", CHECKED)
def test_modules_and_functions_stay_small(part: str) -> None:
    assert list((ROOT / part).rglob("*.py")), f"{part} holds no module: fix its line in CHECKED"
    assert not _too_long(ROOT / part)


def test_the_check_bites(tmp_path: Path) -> None:
    long_function = "def f():\n" + "    x = 1\n" * 90
    (tmp_path / "m.py").write_text(long_function + "\n" * 600)
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        problems = _too_long(tmp_path)
    finally:
        ROOT = saved
    assert len(problems) == 2, problems
