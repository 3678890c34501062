"""``make test`` runs the suite on pytest-xdist workers: the server contract's summary, built in
the workers, is printed once by the controller (``contract_tests/conftest.py``)."""

from __future__ import annotations

from types import SimpleNamespace

from contract_tests import conftest


class Reporter:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def section(self, title: str) -> None:
        self.lines.append(f"== {title}")

    def write_line(self, line: str) -> None:
        self.lines.append(line)


def test_the_workers_summaries_are_printed_once_with_their_total(monkeypatch):
    monkeypatch.setattr(conftest, "_FROM_WORKERS", [])
    key = conftest.SUMMARIES_KEY
    conftest.pytest_testnodedown(SimpleNamespace(workeroutput={key: [["crm: 5 cases", 5]]}), None)
    conftest.pytest_testnodedown(SimpleNamespace(workeroutput={}), None)  # ran no contract
    conftest.pytest_testnodedown(SimpleNamespace(), None)  # died before it could say
    conftest.pytest_testnodedown(SimpleNamespace(workeroutput={key: [["bigin: 7 cases", 7]]}), None)
    reporter = Reporter()
    conftest.pytest_terminal_summary(reporter)
    assert reporter.lines == [
        "== zoho server contract",
        "bigin: 7 cases",
        "crm: 5 cases",
        "total: 12 cases",
    ]


def test_nothing_is_printed_when_no_worker_ran_the_contract(monkeypatch):
    monkeypatch.setattr(conftest, "_FROM_WORKERS", [])
    reporter = Reporter()
    conftest.pytest_terminal_summary(reporter)
    assert reporter.lines == []
