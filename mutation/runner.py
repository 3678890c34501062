"""A small mutation-testing runner for the modules where a missed bug costs users data.

    python -m mutation                      # every target of mutation/targets.toml
    python -m mutation --module _retry      # one target (name or a part of its path)
    python -m mutation --list --module _bulk  # the mutants, without running anything

Why our own and not mutmut: mutmut 3 rewrites every function into a trampoline inside a copy of
the project and runs pytest there; our tests start emulators in subprocesses and run the
installed console scripts, which would import the unmutated package. This runner instead makes
one mutant at a time by replacing the source text of a single AST node (so line numbers and
everything else in the file stay as they are), writes it into a private copy of the project,
and runs the target's tests there with that copy first on ``PYTHONPATH`` (subprocesses,
console scripts included, inherit it). The working tree is never written to.

What keeps a whole run short (all targets in about 15 minutes on 2 cores):

- One baseline run of every target's tests, unmutated, split over the workers, records which
  test runs which line (``coverage_plugin``) and how long each test takes. A mutant runs only
  the tests that run its line, those that killed it last time first (``results/killers.json``),
  then the fastest; a line no selected test runs is *uncovered* (a survivor, listed) and costs
  nothing. A line that runs only at import time is run against every test of the target.
- Each copy has a warm worker (``worker``): pytest, the plugins, httpx, the emulator and the
  package are imported once; each mutant runs in a forked child, with the mutated functions'
  code swapped into the live modules (or, for a change outside function bodies or on a line
  the import runs, the package imported afresh).
- The child stops at the first failing test, before pytest formats it; a test that runs more
  than four times its baseline time (and 3 s) ends the child as a *timeout*. Tests that fail
  unmutated (flaky under load) are listed and left out. ``--workers`` copies run at once.

A mutant is *killed* when its tests fail or time out, *survives* when they pass. Mutants listed
in ``mutation/equivalent.toml`` (no observable change, with the reason) are left out of the
score. Results go to ``mutation/results/`` (git-ignored) and a table to standard output.
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .worker import TIMEOUT

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
# What a private copy needs to run the tests: code, tests, specs, data, project metadata.
COPIED = [
    "src",
    "generated",
    "tests",
    "contract_tests",
    "openapi",
    "examples",
    "codegen",
    "mutation",
    "pyproject.toml",
    "README.md",
    "ARCHITECTURE.md",
]
NO_MUTATE = "pragma: no mutate"

_COMPARE_SWAP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_BINOP_SWAP: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult,
    ast.Mod: ast.Mult,
}


@dataclasses.dataclass(frozen=True)
class Mutant:
    """One change to one module: the text at ``start..end`` (offsets) becomes ``replacement``."""

    path: str  # relative to the project root
    line: int
    scope: str  # qualified name of the enclosing function or class ("" at module level)
    operator: str
    original: str
    replacement: str
    start: int
    end: int

    occurrence: int = 0  # how many identical changes come before it in the same scope

    @property
    def key(self) -> str:
        """A name for the equivalents file that survives edits elsewhere in the module (no line
        number): ``path::scope:operator:original -> replacement`` and ``#n`` from the second
        identical change in one scope."""
        suffix = f"#{self.occurrence}" if self.occurrence else ""
        return f"{self.path}::{self.scope}:{self.operator}:{self.original} -> {self.replacement}{suffix}"

    def apply(self, source: str) -> str:
        return source[: self.start] + self.replacement + source[self.end :]


def _offsets(source: str) -> list[int]:
    """Offset of the first character of each line (1-based line numbers index into it)."""
    starts = [0, 0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _segment(source: str, starts: list[int], node: ast.AST) -> tuple[int, int]:
    # ast offsets are in UTF-8 bytes; convert through the line's text.
    def offset(lineno: int, col: int) -> int:
        line_start = starts[lineno]
        line_text = source[line_start : starts[lineno + 1] if lineno + 1 < len(starts) else None]
        return line_start + len(line_text.encode("utf-8")[:col].decode("utf-8", "replace"))

    return (
        offset(node.lineno, node.col_offset),  # type: ignore[attr-defined]
        offset(node.end_lineno, node.end_col_offset),  # type: ignore[attr-defined]
    )


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                ids.add(id(body[0]))
    return ids


def _type_only_lines(tree: ast.AST) -> set[int]:
    """Lines inside ``if TYPE_CHECKING:`` blocks and ``@overload`` stubs: no behaviour."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in ast.walk(node):
                if hasattr(child, "lineno"):
                    lines.add(child.lineno)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
            "overload" in ast.unparse(d) for d in node.decorator_list
        ):
            for child in ast.walk(node):
                if hasattr(child, "lineno"):
                    lines.add(child.lineno)
    return lines


def _no_cover_lines(tree: ast.AST, marked: set[int]) -> set[int]:
    """Lines coverage leaves out (``pragma: no cover``: code that runs only if this module has
    a bug): the marked lines and the whole block a marked line opens."""
    lines = set(marked)
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt | ast.ExceptHandler) and node.lineno in marked:
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def generate(path: Path, root: Path = ROOT) -> list[Mutant]:
    """Every mutant of one module, in source order."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    starts = _offsets(source)
    lines = source.splitlines()
    skip_lines = {i + 1 for i, text in enumerate(lines) if NO_MUTATE in text}
    skip_lines |= _type_only_lines(tree)
    skip_lines |= _no_cover_lines(
        tree, skip_lines | {i + 1 for i, text in enumerate(lines) if "pragma: no cover" in text}
    )
    docstrings = _docstring_nodes(tree)
    class_names = {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
    rel = str(path.resolve().relative_to(root))
    scopes = _scopes(tree)
    found: list[Mutant] = []

    def add(node: ast.AST, operator: str, replacement: str) -> None:
        start, end = _segment(source, starts, node)
        original = source[start:end]
        if original == replacement:
            return
        scope = scopes.get(id(node), "")
        found.append(
            Mutant(rel, node.lineno, scope, operator, original, replacement, start, end)  # type: ignore[attr-defined]
        )

    def swapped(node: ast.AST, **changes: object) -> str:
        clone = ast.parse(ast.unparse(node), mode="eval").body
        for name, value in changes.items():
            setattr(clone, name, value)
        return ast.unparse(clone)

    for node in ast.walk(tree):
        line = getattr(node, "lineno", None)
        if line is None or line in skip_lines:
            continue
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            new_op = _COMPARE_SWAP.get(type(node.ops[0]))
            if new_op is not None:
                add(node, "compare", swapped(node, ops=[new_op()]))
        elif isinstance(node, ast.BoolOp):
            other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            add(node, "boolop", swapped(node, op=other))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            add(node, "not", ast.unparse(node.operand))
        elif isinstance(node, ast.BinOp) and type(node.op) in _BINOP_SWAP:
            add(node, "arith", swapped(node, op=_BINOP_SWAP[type(node.op)]()))
        elif isinstance(node, ast.Constant) and id(node) not in docstrings:
            value = node.value
            if isinstance(value, bool):
                add(node, "constant", repr(not value))
            elif isinstance(value, int):
                add(node, "constant", repr(value + 1))
            elif isinstance(value, float):
                add(node, "constant", repr(value * 2 if value else 1.0))
        if isinstance(node, ast.Return) and node.value is not None:
            if not (isinstance(node.value, ast.Constant) and node.value.value is None):
                add(node, "return", "return None")
        if isinstance(node, ast.Continue | ast.Break | ast.Raise) or (
            isinstance(node, ast.Expr)
            and id(node) not in docstrings
            and isinstance(node.value, ast.Call | ast.Await)
        ):
            add(node, "delete", "pass")
        elif (
            isinstance(node, ast.Assign | ast.AugAssign)
            and scopes.get(id(node), "")
            and (scopes.get(id(node), "").split(".")[-1] not in class_names)
        ):
            add(node, "delete", "pass")
    found.sort(key=lambda m: (m.start, m.operator))
    counted: dict[tuple[str, str, str, str], int] = {}
    numbered = []
    for mutant in _compiling(found, source):
        ident = (mutant.scope, mutant.operator, mutant.original, mutant.replacement)
        numbered.append(dataclasses.replace(mutant, occurrence=counted.get(ident, 0)))
        counted[ident] = counted.get(ident, 0) + 1
    return numbered


def _scopes(tree: ast.AST) -> dict[int, str]:
    """``id(node) -> qualified name`` of the innermost function or class around each node."""
    names: dict[int, str] = {}

    def visit(node: ast.AST, scope: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = scope
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = f"{scope}.{child.name}" if scope else child.name
            names[id(child)] = (
                inner
                if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                else scope
            )
            visit(child, inner)

    visit(tree, "")
    return names


def _compiling(mutants: list[Mutant], source: str) -> list[Mutant]:
    """Drop mutants whose text does not compile (e.g. ``pass`` where an expression was)."""
    kept = []
    for mutant in mutants:
        try:
            compile(mutant.apply(source), mutant.path, "exec")
        except SyntaxError:
            continue
        kept.append(mutant)
    return kept


# -- configuration ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Target:
    name: str
    module: str  # path relative to the root
    tests: tuple[str, ...]  # pytest arguments: files, node ids, -k expressions
    timeout: float
    plugins: tuple[str, ...]  # pytest plugins to load (autoloading the rest is off: faster)


def load_targets(path: Path = HERE / "targets.toml") -> list[Target]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Target(
            name=name,
            module=spec["module"],
            tests=tuple(spec["tests"]),
            timeout=float(spec.get("timeout", 120)),
            plugins=tuple(spec.get("plugins", data.get("plugins", []))),
        )
        for name, spec in data["target"].items()
    ]


def load_equivalents(path: Path = HERE / "equivalent.toml") -> dict[str, str]:
    """``key -> reason`` of the mutants marked equivalent (no observable change)."""
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {entry["mutant"]: entry["reason"] for entry in data.get("equivalent", [])}


# -- running ----------------------------------------------------------------------------------


@dataclasses.dataclass
class Result:
    mutant: Mutant
    status: str  # killed | survived | timeout | equivalent | uncovered
    seconds: float
    killer: str | None = None  # the first test that failed


@dataclasses.dataclass
class Baseline:
    """What one unmutated run of the tests tells: who runs each line, and how long each takes."""

    by_line: dict[str, dict[int, set[str]]]  # module path -> line -> node ids
    seconds: dict[str, float]  # node id -> seconds (setup + call + teardown)
    modules: dict[str, str]  # module name -> its file, as imported by the run
    failed: set[str]  # tests that failed unmutated (flaky under load?): left out of the runs


class Workspace:
    """A private copy of the project in which one mutant at a time is written."""

    def __init__(self, root: Path = ROOT) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="zoho-mutation-"))
        for name in COPIED:
            src = root / name
            if src.is_dir():
                shutil.copytree(
                    src, self.dir / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
                )
            elif src.exists():
                shutil.copy2(src, self.dir / name)
        self.env = dict(os.environ)
        path = [str(self.dir / "src"), str(self.dir / "generated"), str(self.dir)]
        if self.env.get("PYTHONPATH"):
            path.append(self.env["PYTHONPATH"])
        self.env["PYTHONPATH"] = os.pathsep.join(path)
        self.env.setdefault("HYPOTHESIS_PROFILE", "mutation")
        self.env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        self.worker: subprocess.Popen[str] | None = None

    def pytest_args(
        self, plugins: tuple[str, ...], args: list[str], first_failure: bool = True
    ) -> list[str]:
        loaded = [arg for name in plugins for arg in ("-p", name)]
        return [
            *(["-x"] if first_failure else []),
            "-q",
            "-p",
            "no:cacheprovider",
            "--no-header",
            "-o",
            "addopts=",
            *loaded,
            *args,
        ]

    def baseline(self, plugins: tuple[str, ...], tests: list[str], modules: list[str]) -> Baseline:
        """Run the tests once, unmutated, recording coverage per test. Bytecode is written
        (later runs read it) except for the mutated modules, whose cached bytecode is removed."""
        data_file = self.dir / ".mutation-coverage"
        env = {
            **self.env,
            "MUTATION_COVERAGE_FILE": str(data_file),
            "MUTATION_COVERAGE_INCLUDE": os.pathsep.join(str(self.dir / m) for m in modules),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                *self.pytest_args(
                    plugins, ["-p", "mutation.coverage_plugin", *tests], first_failure=False
                ),
            ],
            cwd=self.dir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        for module in modules:
            module_path = self.dir / module
            for cached in (module_path.parent / "__pycache__").glob(f"{module_path.stem}.*.pyc"):
                cached.unlink()
        side_file = Path(f"{data_file}.json")
        if proc.returncode not in (0, 1) or not side_file.exists():
            raise SystemExit(
                f"the tests could not run without any mutant (exit {proc.returncode}):\n"
                f"pytest {' '.join(tests)}\n{proc.stdout[-3000:]}"
            )
        import coverage  # the dev extra has it; only the runner needs it

        data = coverage.CoverageData(basename=str(data_file))
        data.read()
        by_line: dict[str, dict[int, set[str]]] = {}
        for measured in data.measured_files():
            rel = str(Path(measured).relative_to(self.dir))
            lines = by_line.setdefault(rel, {})
            for line, contexts in data.contexts_by_lineno(measured).items():
                # "" (no test): the line ran at import time, outside any test
                lines.setdefault(line, set()).update(contexts)
        side = json.loads(side_file.read_text(encoding="utf-8"))
        return Baseline(by_line, side["seconds"], side["modules"], set(side["failed"]))

    def start_worker(self, module: str, purge: list[str], preload: list[str]) -> None:
        """A warm worker (mutation/worker.py) that forks one pytest per mutant."""
        self.stop_worker()
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "mutation.worker"],
            cwd=self.dir,
            env={**self.env, "PYTHONDONTWRITEBYTECODE": "1"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.worker.stdin is not None and self.worker.stdout is not None
        setup = {"module": module, "purge": purge, "preload": preload}
        self.worker.stdin.write(json.dumps(setup) + "\n")
        self.worker.stdin.flush()
        hello = self.worker.stdout.readline()
        if "ready" not in hello:
            raise SystemExit(f"mutation worker for {module} did not start: {hello!r}")

    def stop_worker(self) -> None:
        if self.worker is not None:
            assert self.worker.stdin is not None
            self.worker.stdin.close()
            self.worker.wait()
            self.worker = None

    def _ask(
        self,
        target: Target,
        tests: list[str],
        timeout: float,
        mode: str,
        limits: dict[str, float] | None = None,
    ) -> dict[str, Any]:
        assert self.worker is not None and self.worker.stdin and self.worker.stdout
        request = {
            "args": self.pytest_args(target.plugins, tests),
            "timeout": timeout,
            "mode": mode,
            "limits": limits or {},
        }
        self.worker.stdin.write(json.dumps(request) + "\n")
        self.worker.stdin.flush()
        answer: dict[str, Any] = json.loads(self.worker.stdout.readline())
        return answer

    def run(
        self,
        target: Target,
        mutant: Mutant,
        tests: list[str],
        limits: dict[str, float],
        fresh: bool,
    ) -> tuple[str, float, str | None]:
        """Test one mutant: its functions' code swapped into the warm worker's modules, or,
        with ``fresh`` (the mutated lines also run when the module is imported), the package
        imported afresh in the child."""
        file = self.dir / target.module
        original = file.read_text(encoding="utf-8")
        file.write_text(mutant.apply(original), encoding="utf-8")
        try:
            # the whole request's bound: the tests' limits, and collecting them
            timeout = min(target.timeout, sum(limits.values()) + 30)
            answer = self._ask(target, tests, timeout, "fresh" if fresh else "swap", limits)
        finally:
            file.write_text(original, encoding="utf-8")
        code = answer["code"]
        # 1 a test failed; 2 a test raised KeyboardInterrupt (nobody else signals the child's
        # process group) or collection failed; 3 internal error, 4 usage error (a conftest
        # that no longer imports): the tests were the baseline's, so the mutant did it
        status = "timeout" if code in (None, TIMEOUT) else "survived" if code == 0 else "killed"
        return status, answer["seconds"], answer["failed"]

    def close(self) -> None:
        self.stop_worker()
        shutil.rmtree(self.dir, ignore_errors=True)


def _module_name(module: str) -> str:
    """``src/zoho_records/_retry.py`` -> ``zoho_records._retry``."""
    parts = Path(module).with_suffix("").parts
    return ".".join(parts[1:] if parts[0] in ("src", "generated") else parts)


def _purged(target: Target) -> list[str]:
    """The packages a fresh run imports again: the target's, and zoho_records for an emulator
    target (its CLI starts the embedded emulator; the emulator never imports zoho_records)."""
    package = _module_name(target.module).split(".")[0]
    return [package] if package == "zoho_records" else [package, "zoho_records"]


def _preload(baseline: Baseline, space: Workspace) -> list[str]:
    """Modules the worker imports before forking: everything the baseline run imported but the
    tests and conftest modules (pytest imports those itself, in each child)."""
    outside = [space.dir / "tests", space.dir / "mutation", space.dir / "contract_tests"]
    names = []
    for name, file in baseline.modules.items():
        if not file or name == "__main__" or name.startswith("mutation"):
            continue
        if any(Path(file).is_relative_to(p) for p in outside) or name.endswith("conftest"):
            continue
        names.append(name)
    return sorted(names, key=lambda n: n.count("."))


def _is_selected(nodeid: str, target: Target) -> bool:
    file = nodeid.split("::")[0]
    return any(file == t or nodeid.startswith(t) for t in target.tests)


def run_target(
    target: Target,
    equivalents: dict[str, str],
    spaces: list[Workspace],
    baseline: Baseline,
    killers: dict[str, str],
    limit: int | None,
) -> list[Result]:
    mutants = generate(ROOT / target.module)
    if limit is not None:
        mutants = mutants[:limit]
    by_line = baseline.by_line.get(target.module, {})
    # Tests that killed mutants before go first (results/killers.json), then the fastest.
    kills: dict[str, int] = {}
    for nodeid in killers.values():
        kills[nodeid] = kills.get(nodeid, 0) + 1

    def contexts_of(mutant: Mutant) -> set[str]:
        end_line = mutant.line + mutant.original.count("\n")
        return set().union(*(by_line.get(n, set()) for n in range(mutant.line, end_line + 1)))

    everything = sorted(
        (t for t in baseline.seconds if _is_selected(t, target) and t not in baseline.failed),
        key=lambda t: baseline.seconds[t],
    )

    def tests_of(mutant: Mutant) -> list[str]:
        ids = contexts_of(mutant)
        if ids == {""}:  # run only when the module is imported: every test may see it
            return everything
        ids = {i for i in ids if _is_selected(i, target) and i not in baseline.failed}
        previous = killers.get(mutant.key)
        return sorted(
            ids,
            key=lambda i: (i != previous, -kills.get(i, 0), baseline.seconds.get(i, 1.0), i),
        )

    def limits_of(tests: list[str]) -> dict[str, float]:
        # A mutant that makes a test hang is killed by its time limit: four times what the
        # test took unmutated, and 3 s (the machine is shared; a slow run is no kill)
        return {t: baseline.seconds.get(t, 15.0) * 4 + 3 for t in tests}

    results: list[Result] = []
    todo = []
    for m in mutants:
        if m.key in equivalents:
            results.append(Result(m, "equivalent", 0.0))
        elif not tests_of(m):
            results.append(Result(m, "uncovered", 0.0))  # no selected test runs the line
        else:
            todo.append(m)
    preload = _preload(baseline, spaces[0])  # baseline files are seen from spaces[0]
    for space in spaces:
        space.start_worker(_module_name(target.module), _purged(target), preload)
    free = list(spaces)
    with concurrent.futures.ThreadPoolExecutor(len(spaces)) as pool:
        pending: dict[
            concurrent.futures.Future[tuple[str, float, str | None]], tuple[Mutant, Workspace]
        ] = {}
        queue = iter(todo)
        while True:
            while free:
                mutant = next(queue, None)
                if mutant is None:
                    break
                space = free.pop()
                tests = tests_of(mutant)
                fresh = "" in contexts_of(mutant)  # the line runs at import time too
                future = pool.submit(space.run, target, mutant, tests, limits_of(tests), fresh)
                pending[future] = (mutant, space)
            if not pending:
                break
            done, _ = concurrent.futures.wait(
                pending, return_when=concurrent.futures.FIRST_COMPLETED
            )
            for future in done:
                mutant, space = pending.pop(future)
                free.append(space)
                status, took, killer = future.result()
                results.append(Result(mutant, status, took, killer))
                mark = {"killed": ".", "timeout": "T", "survived": "S", "error": "E"}[status]
                print(mark, end="", flush=True)
    for space in spaces:
        space.stop_worker()
    print()
    results.sort(key=lambda r: r.mutant.start)
    return results


def score(results: list[Result]) -> tuple[int, int, int, float]:
    """(killed incl. timeouts, survived incl. uncovered and errors, equivalent, killed share
    of the non-equivalent)."""
    killed = sum(r.status in ("killed", "timeout") for r in results)
    survived = sum(r.status in ("survived", "uncovered", "error") for r in results)
    equivalent = sum(r.status == "equivalent" for r in results)
    total = killed + survived
    return killed, survived, equivalent, (killed / total if total else 1.0)


def _baselines(targets: list[Target], spaces: list[Workspace]) -> Baseline:
    """One unmutated run of every selected target's tests, split over the workspaces (each
    keeps the bytecode its run wrote; the mutant runs read it)."""
    tests = sorted({t for target in targets for t in target.tests})
    plugins = tuple(dict.fromkeys(p for target in targets for p in target.plugins))
    modules = sorted({target.module for target in targets})
    runs = [(tests[i :: len(spaces)], space) for i, space in enumerate(spaces)]
    runs = [(group, space) for group, space in runs if group]
    with concurrent.futures.ThreadPoolExecutor(len(runs)) as pool:
        parts = list(pool.map(lambda run: run[1].baseline(plugins, run[0], modules), runs))
    first = spaces[0]
    merged = Baseline({}, {}, {}, set())
    for part, (_, space) in zip(parts, runs, strict=True):
        for module, lines in part.by_line.items():
            into = merged.by_line.setdefault(module, {})
            for line, ids in lines.items():
                into.setdefault(line, set()).update(ids)
        merged.seconds.update(part.seconds)
        merged.failed |= part.failed
        for name, file in part.modules.items():  # files as seen from ``first``
            merged.modules[name] = file.replace(str(space.dir), str(first.dir), 1)
    return merged


def _iter_selected(targets: list[Target], wanted: list[str]) -> Iterator[Target]:
    for target in targets:
        if not wanted or any(w == target.name or w in target.module for w in wanted):
            yield target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mutation",
        description="Mutation testing of the modules listed in mutation/targets.toml.",
    )
    parser.add_argument(
        "--module",
        action="append",
        default=[],
        help="a target name or part of its module path (repeatable; default: every target)",
    )
    parser.add_argument("--list", action="store_true", help="list the mutants and run nothing")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="mutants tested at once, each in its own copy of the project (default: CPU count)",
    )
    parser.add_argument("--limit", type=int, help="test only the first N mutants of each target")
    parser.add_argument(
        "--min-score",
        type=float,
        default=0.0,
        help="exit 1 when a target kills less than this share of its non-equivalent mutants",
    )
    args = parser.parse_args(argv)
    targets = list(_iter_selected(load_targets(), args.module))
    if not targets:
        parser.error(f"no target matches {args.module}; see mutation/targets.toml")
    equivalents = load_equivalents()
    if args.list:
        for target in targets:
            for mutant in generate(ROOT / target.module):
                mark = " (equivalent)" if mutant.key in equivalents else ""
                print(f"{mutant.key}{mark}")
        return 0
    stale = set(equivalents)
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    killers_file = out / "killers.json"
    killers: dict[str, str] = (
        json.loads(killers_file.read_text(encoding="utf-8")) if killers_file.exists() else {}
    )
    rows = []
    failing = []
    started = time.perf_counter()
    spaces = [Workspace() for _ in range(max(1, args.workers))]
    try:
        baseline = _baselines(targets, spaces)
        print(f"baseline: {time.perf_counter() - started:.0f} s")
        if baseline.failed:
            print("these tests fail unmutated (flaky?); they are left out of every mutant's run:")
            for nodeid in sorted(baseline.failed):
                print(f"  {nodeid}")
        for target in targets:
            print(f"{target.name} ({target.module}): ", end="", flush=True)
            target_started = time.perf_counter()
            results = run_target(target, equivalents, spaces, baseline, killers, args.limit)
            took = time.perf_counter() - target_started
            stale -= {r.mutant.key for r in results}
            killers.update({r.mutant.key: r.killer for r in results if r.killer})
            killed, survived, equivalent, share = score(results)
            rows.append((target.name, len(results), killed, survived, equivalent, share, took))
            if share < args.min_score:
                failing.append(target.name)
            (out / f"{target.name}.json").write_text(
                json.dumps(
                    [
                        dataclasses.asdict(r.mutant)
                        | {"status": r.status, "seconds": round(r.seconds, 2), "killer": r.killer}
                        for r in results
                    ],
                    indent=1,
                ),
                encoding="utf-8",
            )
            for r in results:
                if r.status in ("survived", "uncovered", "error"):
                    m = r.mutant
                    print(
                        f"  {r.status:<9} {m.path}:{m.line}  {m.operator}: "
                        f"{m.original!r} -> {m.replacement!r}"
                    )
    finally:
        for space in spaces:
            space.close()
        killers_file.write_text(json.dumps(killers, indent=1, sort_keys=True), encoding="utf-8")
    print()
    print(
        f"{'target':<21} {'mutants':>7} {'killed':>7} {'survived':>8} {'equiv.':>6} "
        f"{'score':>6} {'time':>6}"
    )
    for name, total, killed, survived, equivalent, share, took in rows:
        print(
            f"{name:<21} {total:>7} {killed:>7} {survived:>8} {equivalent:>6} "
            f"{share:>6.0%} {took:>5.0f}s"
        )
    print(f"({time.perf_counter() - started:.0f} s)")
    if stale and not args.limit and len(targets) == len(load_targets()):
        print("equivalent.toml names mutants that no longer exist (the code moved?):")
        for key in sorted(stale):
            print(f"  {key}")
    digest = hashlib.sha256("".join(sorted(equivalents)).encode()).hexdigest()[:8]
    print(f"equivalents file digest {digest}; results in {out.relative_to(ROOT)}/")
    return 1 if failing else 0


if __name__ == "__main__":
    raise SystemExit(main())
