"""Fixtures of the client tests: an emulator over real HTTP, and import paths.

Makes ``src/`` and ``generated/`` importable when the project is not installed.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
for sub, probe in (("src", "zoho_records"), ("generated", "zoho_crm_client")):
    if importlib.util.find_spec(probe) is None:
        sys.path.insert(0, str(ROOT / sub))

from zoho_emulator.dataset import default_dataset  # noqa: E402
from zoho_emulator.testing import EmulatorServer  # noqa: E402
from zoho_records import ZohoClient  # noqa: E402

FIRST_DEAL_ID = 7_000_000_000_000_000_000


def deal_ids(n: int) -> list[str]:
    return [str(FIRST_DEAL_ID + i) for i in range(n)]


def dataset_with_deals(n: int) -> dict[str, Any]:
    """The default dataset plus ``n`` Deals with predictable ids."""
    data = default_dataset()
    deals = data["crm"]["records"]["Deals"]
    for rid in deal_ids(n):
        deals.append(
            {
                "id": rid,
                "Deal_Name": f"Deal {rid}",
                "Stage": "Qualification",
                "Amount": 100,
                "Created_Time": "2024-01-01T10:00:00+00:00",
                "Modified_Time": "2024-01-01T10:00:00+00:00",
            }
        )
    return data


@pytest.fixture(scope="session")
def big_dataset() -> dict[str, Any]:
    return dataset_with_deals(3000)


@pytest.fixture(scope="session")
def emulator_server(big_dataset: dict[str, Any]) -> Iterator[EmulatorServer]:
    with EmulatorServer(data=big_dataset) as server:
        yield server


@pytest.fixture
def emulator(emulator_server: EmulatorServer) -> Iterator[EmulatorServer]:
    """The shared emulator, reset (data, tokens, faults) before each test."""
    emulator_server.reset()
    control(emulator_server, "DELETE", "/_emulator/faults")
    yield emulator_server


def control(server: EmulatorServer, method: str, path: str, json: Any = None) -> Any:
    response = httpx.request(method, server.base_url + path, json=json, timeout=10)
    response.raise_for_status()
    return response.json()


def set_faults(server: EmulatorServer, *faults: dict[str, Any]) -> None:
    control(server, "POST", "/_emulator/faults", {"faults": list(faults)})


def emulator_records(
    server: EmulatorServer, product: str, module: str
) -> dict[str, dict[str, Any]]:
    data = control(server, "GET", f"/_emulator/records/{product}/{module}")["data"]
    return {r["id"]: r for r in data}


def request_log(server: EmulatorServer) -> list[dict[str, Any]]:
    return control(server, "GET", "/_emulator/requests")["requests"]


@pytest.fixture
def client(emulator: EmulatorServer) -> Iterator[ZohoClient]:
    with ZohoClient(
        base_url=emulator.base_url, access_token=emulator.token, retry_policy=fast_retries()
    ) as c:
        yield c


def fast_retries(max_retries: int = 3) -> Any:
    from zoho_records import RetryPolicy

    return RetryPolicy(
        max_retries=max_retries, initial_delay=0.01, max_delay=0.05, max_retry_after=0.05
    )


@pytest.fixture
def env(emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> EmulatorServer:
    """The emulator, with the environment of a user who set ZOHO_ACCESS_TOKEN only."""
    for name in (
        "ZOHO_DC",
        "ZOHO_BASE_URL",
        "ZOHO_ACCOUNTS_URL",
        "ZOHO_REFRESH_TOKEN",
        "ZOHO_CLIENT_ID",
        "ZOHO_CLIENT_SECRET",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ZOHO_ACCESS_TOKEN", emulator.token)
    return emulator


def write_csv(path: Path, header: list[str], rows: Iterable[Sequence[Any]]) -> Path:
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def success_answer(ids: list[Any], message: str = "ok") -> httpx.Response:
    """Zoho's 200 answer for records that all succeeded, one item per id."""
    return httpx.Response(
        200,
        json={
            "data": [
                {"code": "SUCCESS", "status": "success", "message": message, "details": {"id": i}}
                for i in ids
            ]
        },
    )
