"""A pytest plugin (``-p mutation.coverage_plugin``) that records which test runs which line.

The runner uses it once per target, before any mutant: a mutant is then tested only by the
tests that run one of its lines (the whole selection when none does, e.g. code run only in a
subprocess). Contexts are pytest node ids, so they can be passed back to pytest as they are.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import coverage
import pytest

_cov: coverage.Coverage | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _cov
    _cov = coverage.Coverage(
        data_file=os.environ["MUTATION_COVERAGE_FILE"],
        include=[os.environ["MUTATION_COVERAGE_INCLUDE"]],
    )
    _cov.start()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    assert _cov is not None
    _cov.switch_context(item.nodeid)
    yield
    _cov.switch_context("")


def pytest_unconfigure(config: pytest.Config) -> None:
    if _cov is not None:
        _cov.stop()
        _cov.save()
