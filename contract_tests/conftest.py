"""Options shared by the contract suite (kept light: the client half runs without the server half).

Server-contract target (default: the emulator, started by the suite itself):
    --base-url URL        run against this server instead (env ZOHO_BASE_URL)
    --token TOKEN         its access token (env ZOHO_ACCESS_TOKEN; default "zoho-emulator-token")
    --allow-writes        needed for any server that is not on 127.0.0.1 (env ZOHO_CONTRACT_ALLOW_WRITES)
Sizes (see contract_tests/settings.py for profiles; env ZOHO_CONTRACT_PROFILE=ci|local|long):
    --contract-max-examples N, --contract-seed N
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

# The server contract's summaries (one line per run report, its cases), sent by each
# pytest-xdist worker (``contract_tests/server/conftest.py``) and printed once, here.
SUMMARIES_KEY = "zoho_contract_summaries"
_FROM_WORKERS: list[tuple[str, int]] = []


def write_contract_summary(terminalreporter: Any, summaries: Sequence[tuple[str, int]]) -> None:
    if not summaries:
        return
    terminalreporter.section("zoho server contract")
    for line, _ in summaries:
        terminalreporter.write_line(line)
    terminalreporter.write_line(f"total: {sum(cases for _, cases in summaries)} cases")


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """pytest-xdist (``make test`` runs the suite on every core): a worker is done."""
    output = getattr(node, "workeroutput", None) or {}
    _FROM_WORKERS.extend((line, cases) for line, cases in output.get(SUMMARIES_KEY, []))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    write_contract_summary(terminalreporter, sorted(_FROM_WORKERS))


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("zoho-contract", "zoho-records server contract")
    group.addoption(
        "--base-url",
        default=None,
        help="server to run the server contract against (env ZOHO_BASE_URL)",
    )
    group.addoption(
        "--token", default=None, help="access token for --base-url (env ZOHO_ACCESS_TOKEN)"
    )
    group.addoption(
        "--allow-writes",
        action="store_true",
        default=False,
        help="allow the server contract to write to a server that is not local (it writes only records it creates)",
    )
    group.addoption(
        "--contract-max-examples", type=int, default=None, help="examples per operation and phase"
    )
    group.addoption(
        "--contract-seed", type=int, default=None, help="seed of the server contract run"
    )
