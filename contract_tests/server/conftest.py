"""Fixtures of the server contract: the targets, the contract reports, and the network guard.

Nothing here reaches the network except 127.0.0.1, unless a remote target was given with
``--allow-writes`` (then its host, and only it, is reachable too).
"""

from __future__ import annotations

import importlib.util
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
if importlib.util.find_spec("zoho_emulator") is None:
    sys.path.insert(0, str(ROOT / "src"))

from contract_tests.conftest import SUMMARIES_KEY, write_contract_summary  # noqa: E402
from contract_tests.server.bundle import PRODUCTS, Product, bundle_available  # noqa: E402
from contract_tests.server.runner import ContractReport, run_contract  # noqa: E402
from contract_tests.server.target import (  # noqa: E402
    DEFAULT_TOKEN,
    Target,
    is_loopback_host,
    target_from_options,
)
from contract_tests.settings import RunSettings, resolve_settings  # noqa: E402

EMULATOR_TARGETS = ("emulator-asgi", "emulator-http")
_REPORTS: dict[tuple[str, str], ContractReport] = {}


def explicit_target(config: pytest.Config) -> Target | None:
    return target_from_options(
        config.getoption("--base-url"),
        config.getoption("--token"),
        config.getoption("--allow-writes"),
    )


def target_names(config: pytest.Config) -> tuple[str, ...]:
    return ("explicit",) if explicit_target(config) is not None else EMULATOR_TARGETS


# -- network guard ------------------------------------------------------------------------------


class NetworkGuard:
    """Refuses connections and name lookups beyond the loopback interface (and allowed hosts)."""

    def __init__(self, allowed_hosts: set[str]) -> None:
        self.allowed_hosts = allowed_hosts
        self.allowed_addresses: set[str] = set()

    def _check_host(self, host: Any) -> None:
        if host is None or is_loopback_host(str(host)) or host in self.allowed_hosts:
            return
        if str(host) in self.allowed_addresses:
            return
        raise ConnectionRefusedError(f"contract tests may reach only 127.0.0.1, not {host!r}")

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        original_connect = socket.socket.connect
        original_connect_ex = socket.socket.connect_ex
        original_getaddrinfo = socket.getaddrinfo
        guard = self

        def connect(sock: socket.socket, address: Any) -> Any:
            if sock.family in (socket.AF_INET, socket.AF_INET6):
                guard._check_host(address[0])
            return original_connect(sock, address)

        def connect_ex(sock: socket.socket, address: Any) -> Any:
            if sock.family in (socket.AF_INET, socket.AF_INET6):
                guard._check_host(address[0])
            return original_connect_ex(sock, address)

        def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
            guard._check_host(host.decode() if isinstance(host, bytes) else host)
            result = original_getaddrinfo(host, *args, **kwargs)
            if host in guard.allowed_hosts:
                guard.allowed_addresses.update(info[4][0] for info in result)
            return result

        monkeypatch.setattr(socket.socket, "connect", connect)
        monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture(scope="session", autouse=True)
def network_guard(pytestconfig: pytest.Config) -> Iterator[NetworkGuard]:
    allowed: set[str] = set()
    target = explicit_target(pytestconfig)
    if target is not None and target.allow_writes and target.base_url:
        allowed.add(urlsplit(target.base_url).hostname or "")
    guard = NetworkGuard(allowed)
    with pytest.MonkeyPatch.context() as monkeypatch:
        guard.install(monkeypatch)
        yield guard


# -- targets and reports ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def contract_settings(pytestconfig: pytest.Config) -> RunSettings:
    return resolve_settings(
        max_examples=pytestconfig.getoption("--contract-max-examples"),
        seed=pytestconfig.getoption("--contract-seed"),
    )


@pytest.fixture(scope="session")
def emulator_server(network_guard: NetworkGuard) -> Iterator[Any]:
    from zoho_emulator.testing import EmulatorServer

    with EmulatorServer() as server:
        yield server


def emulator_app() -> Any:
    from zoho_emulator import EmulatorConfig, create_app

    return create_app(EmulatorConfig())


@pytest.fixture(scope="session")
def contract_report(
    request: pytest.FixtureRequest, pytestconfig: pytest.Config, contract_settings: RunSettings
) -> Any:
    """``contract_report(target_name, product)``: the run's report, run once per session."""

    def get(target_name: str, product: Product) -> ContractReport:
        key = (target_name, product)
        if key not in _REPORTS:
            if not bundle_available(product):
                pytest.fail(f"openapi/dist/{product}.openapi.json missing: bundle the specs first")
            if target_name == "emulator-asgi":
                target = Target(name=target_name, token=DEFAULT_TOKEN, app=emulator_app())
            elif target_name == "emulator-http":
                server = request.getfixturevalue("emulator_server")
                server.reset()
                target = Target(name=target_name, token=server.token, base_url=server.base_url)
            else:
                target = explicit_target(pytestconfig)
                assert target is not None
            _REPORTS[key] = run_contract(product, target, contract_settings)
        return _REPORTS[key]

    return get


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "target_name" in metafunc.fixturenames:
        metafunc.parametrize("target_name", target_names(metafunc.config))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a pytest-xdist worker: hand the reports' summaries to the controller, which prints
    them (``contract_tests/conftest.py``); a worker prints no terminal summary."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output[SUMMARIES_KEY] = _summaries()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    write_contract_summary(terminalreporter, _summaries())


def _summaries() -> list[tuple[str, int]]:
    return [(report.summary(), report.cases) for report in _REPORTS.values()]


__all__ = ["PRODUCTS"]
