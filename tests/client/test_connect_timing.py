"""The default transports time each new connection's TCP handshake (one network round trip)
for slow start's ramp (``Limiter.note_connect``); a transport of the user's is left alone."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from zoho_emulator.testing import EmulatorServer
from zoho_records import AsyncZohoClient, ZohoClient
from zoho_records._transports import default_async_transport, default_sync_transport

LIMITS = httpx.Limits(max_connections=4, max_keepalive_connections=4)


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer() as s:
        yield s


def test_each_new_connection_is_timed_and_a_callers_trace_still_runs(server) -> None:
    handshakes: list[float] = []
    theirs: list[str] = []
    transport = default_sync_transport(LIMITS, 4, handshakes.append)
    with httpx.Client(base_url=server.base_url, transport=transport) as http:
        for _ in range(3):  # one connection, kept alive
            r = http.get("/_emulator/health", extensions={"trace": lambda n, i: theirs.append(n)})
            assert r.status_code == 200
    assert len(handshakes) == 1 and 0 < handshakes[0] < 5
    assert theirs.count("connection.connect_tcp.complete") == 1
    assert theirs.count("http11.receive_response_headers.complete") == 3


def test_without_a_callback_the_transport_is_httpxs_own() -> None:
    assert type(default_sync_transport(LIMITS, 4)) is httpx.HTTPTransport


def test_the_async_default_transport_times_them_too(server) -> None:
    handshakes: list[float] = []

    async def main() -> None:
        transport = default_async_transport(LIMITS, 4, handshakes.append)
        async with httpx.AsyncClient(base_url=server.base_url, transport=transport) as http:
            await asyncio.gather(*(http.get("/_emulator/health") for _ in range(3)))

    asyncio.run(main())
    assert 1 <= len(handshakes) <= 3 and all(h > 0 for h in handshakes)


def test_the_clients_feed_their_limiter(server) -> None:
    with ZohoClient(base_url=server.base_url, access_token=server.token) as client:
        assert client._limiter._rtt is None  # nothing measured yet
        client.crm.get_records("Deals", fields=["Deal_Name"])
        assert 0 < client._limiter._rtt < 5  # type: ignore[operator]
        assert client._limiter.ramp_interval() == 0.02  # loopback: the floor

    async def main() -> float | None:
        async with AsyncZohoClient(base_url=server.base_url, access_token=server.token) as c:
            await c.crm.get_records("Deals", fields=["Deal_Name"])
            return c._limiter._rtt

    rtt = asyncio.run(main())
    assert rtt is not None and 0 < rtt < 5


def test_an_async_transport_of_the_users_is_not_given_a_sync_trace(server) -> None:
    # httpcore's async connections await the trace callback: a sync one there would fail
    async def main() -> float | None:
        async with AsyncZohoClient(
            base_url=server.base_url,
            access_token=server.token,
            transport=httpx.AsyncHTTPTransport(),
        ) as c:
            page = await c.crm.get_records("Deals", fields=["Deal_Name"])
            assert page.records
            return c._limiter._rtt

    assert asyncio.run(main()) is None  # nothing measured: the interval without a measure
