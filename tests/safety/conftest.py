"""Fixtures of the write-safety tests: an emulator with predictable records, and the loopback
fault proxy (``fault_proxy.FaultProxy``) in front of it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from zoho_emulator.dataset import default_dataset
from zoho_emulator.testing import EmulatorServer

from .fault_proxy import FaultProxy

FIRST_DEAL_ID = 7_100_000_000_000_000_000
DEALS = 250


def deal_ids(n: int = DEALS) -> list[str]:
    return [str(FIRST_DEAL_ID + i) for i in range(n)]


def _dataset() -> dict[str, Any]:
    data = default_dataset()
    deals = data["crm"]["records"]["Deals"]
    for rid in deal_ids():
        deals.append(
            {
                "id": rid,
                "Deal_Name": f"Deal {rid}",
                "Stage": "Qualification",
                "Created_Time": "2024-01-01T10:00:00+00:00",
                "Modified_Time": "2024-01-01T10:00:00+00:00",
            }
        )
    return data


@pytest.fixture(scope="session")
def safety_server() -> Iterator[EmulatorServer]:
    with EmulatorServer(data=_dataset()) as server:
        yield server


@pytest.fixture
def emulator(safety_server: EmulatorServer) -> EmulatorServer:
    safety_server.reset()
    safety_server.emulator.faults.clear()
    return safety_server


@pytest.fixture
def proxy(emulator: EmulatorServer) -> Iterator[FaultProxy]:
    with FaultProxy(emulator.port) as p:
        yield p


@pytest.fixture
def env(emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> EmulatorServer:
    """The emulator, with the environment of a user who set ZOHO_ACCESS_TOKEN only."""
    for name in ("ZOHO_DC", "ZOHO_BASE_URL", "ZOHO_ACCOUNTS_URL", "ZOHO_REFRESH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("ZOHO_CLIENT_ID", raising=False)
    monkeypatch.delenv("ZOHO_CLIENT_SECRET", raising=False)
    monkeypatch.setenv("ZOHO_ACCESS_TOKEN", emulator.token)
    return emulator


def records(server: EmulatorServer, product: str, module: str) -> list[dict[str, Any]]:
    response = httpx.get(f"{server.base_url}/_emulator/records/{product}/{module}", timeout=10)
    response.raise_for_status()
    data: list[dict[str, Any]] = response.json()["data"]
    return data
