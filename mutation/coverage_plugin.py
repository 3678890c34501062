"""A pytest plugin (``-p mutation.coverage_plugin``) that records which test runs which line.

The runner uses it once, before any mutant: a mutant is then tested only by the tests that run
one of its lines, fastest first. Contexts are pytest node ids, so they can be passed back to
pytest as they are. Beside the coverage data it writes ``<data file>.json``: each test's
seconds (setup, call and teardown) and the modules the run imported with their files (what a
warm worker may import before it forks) and the tests that failed.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator

import coverage
import pytest

_seconds: dict[str, float] = {}
_failed: set[str] = set()

# Started when pytest imports this plugin (``-p``), before it loads the conftest modules: the
# modules they import run their top-level code (class bodies, defaults, constants) under the
# empty context, which tells the runner that the line runs at import time.
_cov = coverage.Coverage(
    data_file=os.environ["MUTATION_COVERAGE_FILE"],
    include=os.environ["MUTATION_COVERAGE_INCLUDE"].split(os.pathsep),
)
_cov.start()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    _cov.switch_context(item.nodeid)
    yield
    _cov.switch_context("")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _seconds[report.nodeid] = _seconds.get(report.nodeid, 0.0) + report.duration
    if report.failed:
        _failed.add(report.nodeid)


def pytest_unconfigure(config: pytest.Config) -> None:
    _cov.stop()
    _cov.save()
    modules = {
        name: getattr(module, "__file__", None) or ""
        for name, module in list(sys.modules.items())
        if module is not None
    }
    with open(os.environ["MUTATION_COVERAGE_FILE"] + ".json", "w", encoding="utf-8") as out:
        json.dump({"seconds": _seconds, "modules": modules, "failed": sorted(_failed)}, out)
