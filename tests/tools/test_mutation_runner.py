"""The mutation runner (``make mutation``): the mutants it makes and the names it gives them."""

from __future__ import annotations

from pathlib import Path

from mutation.runner import Mutant, Result, generate, load_targets, score

SAMPLE = '''"""Docstring: never mutated."""


def pick(retries: int, limit: int) -> int | None:
    """Also never mutated."""
    if retries >= limit and not False:
        raise ValueError("too many")
    for i in range(3):
        if i == 2:
            continue
    log(retries + 1)
    return retries  # pragma: no mutate


def log(n: int) -> None:
    total = n
    return None
'''


def _mutants(tmp_path: Path) -> list[Mutant]:
    module = tmp_path / "sample.py"
    module.write_text(SAMPLE, encoding="utf-8")
    return generate(module, root=tmp_path)


def test_the_kinds_the_issue_names(tmp_path: Path) -> None:
    found = {(m.operator, m.original, m.replacement) for m in _mutants(tmp_path)}
    assert ("compare", "retries >= limit", "retries > limit") in found
    assert ("compare", "i == 2", "i != 2") in found
    assert ("constant", "3", "4") in found
    assert ("delete", 'raise ValueError("too many")', "pass") in found
    assert ("delete", "continue", "pass") in found
    assert ("delete", "log(retries + 1)", "pass") in found
    assert ("arith", "retries + 1", "retries - 1") in found
    assert ("not", "not False", "False") in found
    assert ("boolop", "retries >= limit and not False", "retries >= limit or not False") in found
    assert ("delete", "total = n", "pass") in found


def test_docstrings_pragma_and_return_none_are_left_alone(tmp_path: Path) -> None:
    mutants = _mutants(tmp_path)
    assert not [m for m in mutants if "never mutated" in m.original]
    assert not [m for m in mutants if m.line == 12]  # the pragma line
    assert not [m for m in mutants if m.original == "return None"]


def test_each_mutant_changes_only_its_own_text_and_compiles(tmp_path: Path) -> None:
    for mutant in _mutants(tmp_path):
        changed = mutant.apply(SAMPLE)
        compile(changed, "sample.py", "exec")
        assert changed[: mutant.start] == SAMPLE[: mutant.start]
        assert changed.endswith(SAMPLE[mutant.end :])
        assert changed.count("\n") <= SAMPLE.count("\n")


def test_keys_are_unique_and_survive_edits_elsewhere(tmp_path: Path) -> None:
    before = {m.key for m in _mutants(tmp_path)}
    assert len(before) == len(_mutants(tmp_path))
    shifted = tmp_path / "shifted"
    shifted.mkdir()
    (shifted / "sample.py").write_text("import os\n\n\n" + SAMPLE.split("\n", 1)[1])
    after = {m.key for m in generate(shifted / "sample.py", root=shifted)}
    assert before == after
    assert all("sample.py::" in key for key in before)
    assert any("::pick:" in key for key in before)


def test_score_leaves_equivalents_out(tmp_path: Path) -> None:
    m = _mutants(tmp_path)[0]
    results = [
        Result(m, "killed", 0),
        Result(m, "timeout", 0),
        Result(m, "survived", 0),
        Result(m, "equivalent", 0),
    ]
    assert score(results) == (2, 1, 1, 2 / 3)


def test_every_target_names_an_existing_module_and_tests() -> None:
    root = Path(__file__).resolve().parents[2]
    for target in load_targets():
        assert (root / target.module).is_file(), target.module
        for test in target.tests:
            assert (root / test.split("::")[0]).exists(), test
