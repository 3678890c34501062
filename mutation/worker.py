"""A warm pytest worker: imports what every mutant run needs once, then forks per mutant.

    python -m mutation.worker     # in a private copy, with the copy first on PYTHONPATH

Starting pytest in a fresh interpreter costs about a second per mutant (pytest, its plugins,
httpx, hypothesis, the emulator's web stack, the package itself); most mutants are killed by a
test that takes a few milliseconds. The worker reads its setup from the first line of standard
input (JSON: ``module`` the dotted name of the mutated module, ``purge`` the package prefixes
that may import it, ``preload`` the modules to import), imports those once, then answers each
request (one JSON line: ``args`` for pytest, ``timeout``, ``mode``) by forking a child that runs
``pytest.main`` against the mutant the runner has written to disk:

- ``swap``: the child compiles the mutated source and gives each changed function of the live
  module its new code (``function.__code__``), so nothing is imported again. Only for changes
  inside function bodies; a change elsewhere (a module constant, a default argument, a class
  attribute) falls back to ``fresh``.
- ``fresh``: the child drops the ``purge`` packages from ``sys.modules``, so the tests import
  the mutant from source (as a new interpreter would). The runner asks for it when the
  mutated line runs at import time (the baseline saw it run outside any test): a swap would
  leave what the import computed unmutated.

A request may give ``limits``: seconds per test (node id); a test that runs longer ends the
child with exit code 124 (a mutant that makes a test hang is killed by a timeout at once).
The answer is one JSON line: the exit code (``null`` when the whole request ran out of time and
the child was killed with its process group), the first failing test, the seconds taken and
the mode used.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import signal
import sys
import threading
import time
import types
from collections.abc import Iterator
from typing import Any

import pytest

_FUNCTION = inspect.CO_OPTIMIZED | inspect.CO_NEWLOCALS
TIMEOUT = 124  # the exit code of a child ended by a test's time limit


class _StopAtFirstFailure:
    """Ends the child at the first failing test, before pytest formats the failure (about a
    quarter of a second) or cleans up; the runner only needs to know which test failed."""

    def __init__(self, answer_file: str, mode: str, limits: dict[str, float]) -> None:
        self.answer_file = answer_file
        self.mode = mode
        self.limits = limits  # node id -> seconds it may take (from the baseline)

    def _exit(self, code: int, failed: str | None) -> None:
        with open(self.answer_file, "w", encoding="utf-8") as out:
            json.dump({"failed": failed, "mode": self.mode}, out)
        os._exit(code)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Iterator[None]:
        # A test that runs far longer than it did unmutated hangs: the mutant is killed by a
        # timeout now, not when the whole request's time is up.
        timer = threading.Timer(
            self.limits.get(item.nodeid, 60.0), self._exit, (TIMEOUT, item.nodeid)
        )
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> None:
        excinfo = call.excinfo
        if excinfo is None or item.get_closest_marker("xfail") is not None:
            return
        if excinfo.errisinstance(pytest.skip.Exception):
            return
        self._exit(1, item.nodeid)

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self._exit(int(exitstatus), None)


def _changed_functions(
    old: types.CodeType, new: types.CodeType
) -> list[tuple[types.CodeType, types.CodeType]] | None:
    """The outermost function code objects that differ, paired; None when anything else does
    (module or class body code: constants, defaults, decorators, class attributes)."""

    def skeleton(code: types.CodeType) -> types.CodeType:
        consts = tuple(None if isinstance(c, types.CodeType) else c for c in code.co_consts)
        return code.replace(co_consts=consts)

    if skeleton(old) != skeleton(new):
        return None
    changed: list[tuple[types.CodeType, types.CodeType]] = []
    inner_old = [c for c in old.co_consts if isinstance(c, types.CodeType)]
    inner_new = [c for c in new.co_consts if isinstance(c, types.CodeType)]
    if len(inner_old) != len(inner_new):
        return None
    for a, b in zip(inner_old, inner_new, strict=True):
        if a.co_flags & _FUNCTION == _FUNCTION:
            if a != b:
                changed.append((a, b))
        else:  # a class body
            below = _changed_functions(a, b)
            if below is None:
                return None
            changed += below
    return changed


def _live_functions(module: types.ModuleType) -> list[types.FunctionType]:
    found: list[types.FunctionType] = []
    seen: set[int] = set()

    def visit(obj: object) -> None:
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if isinstance(obj, types.FunctionType):
            found.append(obj)
            wrapped = getattr(obj, "__wrapped__", None)
            if wrapped is not None:
                visit(wrapped)
        elif isinstance(obj, staticmethod | classmethod):
            visit(obj.__func__)
        elif isinstance(obj, property):
            for part in (obj.fget, obj.fset, obj.fdel):
                if part is not None:
                    visit(part)
        elif isinstance(obj, type) and obj.__module__ == module.__name__:
            for value in list(vars(obj).values()):
                visit(value)

    for value in list(vars(module).values()):
        visit(value)
    return found


def _swap(module: types.ModuleType, original: types.CodeType) -> bool:
    """Give the live module's changed functions the mutant's code; False when it cannot."""
    file = module.__file__
    assert file is not None
    with open(file, encoding="utf-8") as source:
        mutated = compile(source.read(), file, "exec")
    pairs = _changed_functions(original, mutated)
    if not pairs:
        return False
    live = _live_functions(module)
    for old, new in pairs:
        matches = [f for f in live if f.__code__ == old]
        if not matches:
            return False
        for function in matches:
            try:
                function.__code__ = new
            except ValueError:  # a different number of free variables
                return False
    return True


def _child(request: dict[str, Any], setup: dict[str, Any], answer_file: str) -> None:
    os.setpgid(0, 0)  # the worker kills the whole group on a timeout (test subprocesses too)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    sys.dont_write_bytecode = True  # never cache a mutant's bytecode
    code = 1
    try:
        mode = request["mode"]
        if mode == "swap" and not _swap(sys.modules[setup["module"]], setup["original"]):
            mode = "fresh"
        if mode == "fresh":
            purge = tuple(setup["purge"])
            for name in list(sys.modules):
                if name in purge or name.startswith(tuple(p + "." for p in purge)):
                    del sys.modules[name]
        # A fixed basetemp: pytest's default numbered directories cost ~0.7 s per run to clean.
        args = [f"--basetemp={setup['basetemp']}", *request["args"]]
        plugin = _StopAtFirstFailure(answer_file, mode, request.get("limits", {}))
        code = int(pytest.main(args, plugins=[plugin]))
    finally:
        os._exit(code)


def _wait(pid: int, timeout: float) -> int | None:
    deadline = time.monotonic() + timeout
    delay = 0.002
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done or time.monotonic() > deadline:
            try:
                os.killpg(pid, signal.SIGKILL)  # on a timeout, and what the tests left running
            except (ProcessLookupError, PermissionError):
                pass
            if not done:
                os.waitpid(pid, 0)
                return None
            return os.waitstatus_to_exitcode(status)
        time.sleep(delay)
        delay = min(delay * 2, 0.02)


def main() -> None:
    setup = json.loads(sys.stdin.readline())
    for name in setup["preload"]:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - a preload is only a speed-up
            continue
    module = importlib.import_module(setup["module"])  # unmutated: the runner writes later
    assert module.__file__ is not None
    with open(module.__file__, encoding="utf-8") as source:
        setup["original"] = compile(source.read(), module.__file__, "exec")
    print(json.dumps({"ready": True}), flush=True)
    answer_file = os.path.join(os.getcwd(), ".mutation-answer")
    setup["basetemp"] = os.path.join(os.getcwd(), ".mutation-tmp")
    for line in sys.stdin:
        request = json.loads(line)
        started = time.perf_counter()
        if os.path.exists(answer_file):
            os.unlink(answer_file)
        pid = os.fork()
        if pid == 0:
            _child(request, setup, answer_file)
        code = _wait(pid, float(request["timeout"]))
        answer = {"failed": None, "mode": request["mode"]}
        if os.path.exists(answer_file):
            with open(answer_file, encoding="utf-8") as written:
                answer = json.load(written)
        seconds = time.perf_counter() - started
        print(json.dumps({"code": code, "seconds": seconds, **answer}), flush=True)


if __name__ == "__main__":
    main()
