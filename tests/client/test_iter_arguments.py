"""The streaming methods (``iter_…``) check their arguments when they are called, as the other
methods do, not at the first ``next()``: a stream built in one place and read in another
fails where the mistake is. Nothing is read or sent before the stream is read."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from zoho_records import AsyncZohoClient, ZohoClient, ZohoError

pytestmark = pytest.mark.timeout(60)

Call = Callable[[Any], Any]

BAD_CALLS: list[tuple[str, Call, type[Exception], str]] = [
    (
        "trigger",
        lambda c: c.crm.iter_update_records("Deals", [{"id": "1"}], trigger="workflow"),
        TypeError,
        "trigger must be a list",
    ),
    (
        "version",
        lambda c: c.crm.iter_insert("Deals", [{"Deal_Name": "x"}], version="v1"),
        ValueError,
        "v1",
    ),
    (
        "records",
        lambda c: c.crm.iter_insert("Deals", {"Deal_Name": "x"}),
        TypeError,
        "not a single dict",
    ),
    (
        "upsert check",
        lambda c: c.crm.iter_upsert("Leads", [{"Email": "a@b.c"}], duplicate_check_fields="Email"),
        TypeError,
        "duplicate_check_fields must be a list",
    ),
    ("delete ids", lambda c: c.crm.iter_delete("Deals", "123"), TypeError, "ids must be a list"),
    (
        "mass update ids",
        lambda c: c.crm.iter_mass_update("Deals", {"Stage": "Won"}, ids=7),
        TypeError,
        "ids",
    ),
    (
        "mass update fields",
        lambda c: c.crm.iter_mass_update("Deals", ["Stage"], ids=["1"]),
        TypeError,
        "fields must be a mapping",
    ),
    (
        "fields",
        lambda c: c.crm.iter_records("Deals", fields=None),
        ValueError,
        "fields is required",
    ),
    (
        "per_page",
        lambda c: c.crm.iter_records("Deals", fields=["Stage"], per_page=500),
        ValueError,
        "per_page must be 1 to 200",
    ),
    ("search", lambda c: c.crm.iter_search("Deals"), ValueError, "criteria"),
    (
        "bigin upsert",
        lambda c: c.bigin.iter_upsert("Contacts", "Email"),
        TypeError,
        "not a single str",
    ),
    (
        "bigin per_page",
        lambda c: c.bigin.iter_search("Contacts", word="x", per_page=0),
        ValueError,
        "per_page",
    ),
    (
        "bigin records",
        lambda c: c.bigin.iter_update_related("Pipelines", "1", "Products", 5),
        TypeError,
        "not int",
    ),
]


class Refuse:
    requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        return httpx.Response(500)


def options(server: Refuse) -> dict[str, Any]:
    return {
        "base_url": "https://x.test",
        "access_token": "t",
        "transport": httpx.MockTransport(server),
    }


@pytest.mark.parametrize(
    ("what", "call", "error", "says"), BAD_CALLS, ids=[b[0] for b in BAD_CALLS]
)
def test_the_sync_streams_check_their_arguments_when_called(
    what: str, call: Call, error: type[Exception], says: str
) -> None:
    server = Refuse()
    with ZohoClient(**options(server)) as client:
        with pytest.raises(error, match=says):
            call(client)  # (not iterated)
    assert server.requests == 0


@pytest.mark.parametrize(
    ("what", "call", "error", "says"), BAD_CALLS, ids=[b[0] for b in BAD_CALLS]
)
def test_the_async_streams_check_them_when_called_too(
    what: str, call: Call, error: type[Exception], says: str
) -> None:
    server = Refuse()

    async def run() -> None:
        async with AsyncZohoClient(**options(server)) as client:
            with pytest.raises(error, match=says):
                call(client)  # (not iterated, not awaited)

    asyncio.run(run())
    assert server.requests == 0


def test_a_stream_of_a_closed_client_fails_when_made() -> None:
    client = ZohoClient(**options(Refuse()))
    client.close()
    with pytest.raises(ZohoError, match="closed"):
        client.crm.iter_update_records("Deals", [{"id": "1"}])


def test_a_stream_reads_nothing_until_it_is_read() -> None:
    read: list[int] = []

    def records() -> Any:
        for i in range(3):
            read.append(i)
            yield {"id": str(i + 1), "Stage": "Won"}

    server = Refuse()
    with ZohoClient(**options(server), max_retries=0) as client:
        stream = client.crm.iter_update_records("Deals", records())
        assert read == [] and server.requests == 0
        outcomes = list(stream)
    assert read == [0, 1, 2] and [o.ok for o in outcomes] == [False] * 3


CLOSED_CALLS: list[tuple[str, Call]] = [
    ("crm records", lambda c: c.crm.iter_records("Deals", fields=["Stage"])),
    ("crm search", lambda c: c.crm.iter_search("Deals", word="x")),
    ("crm upsert", lambda c: c.crm.iter_upsert("Leads", [{"Email": "a@b.c"}])),
    ("bigin records", lambda c: c.bigin.iter_records("Contacts", fields=["Email"])),
    ("bigin search", lambda c: c.bigin.iter_search("Contacts", word="x")),
    (
        "bigin upsert",
        lambda c: c.bigin.iter_upsert(
            "Contacts", [{"Email": "a"}], duplicate_check_fields=["Email"]
        ),
    ),
    ("crm insert", lambda c: c.crm.iter_insert("Leads", [{"Last_Name": "a"}])),
]


@pytest.mark.parametrize(("what", "call"), CLOSED_CALLS, ids=[c[0] for c in CLOSED_CALLS])
def test_every_stream_of_a_closed_client_fails_when_made(what: str, call: Call) -> None:
    # (the reads' and upserts' streams failed at their first next() only)
    client = ZohoClient(**options(Refuse()))
    client.close()
    with pytest.raises(ZohoError, match="closed"):
        call(client)

    async def run() -> None:
        async_client = AsyncZohoClient(**options(Refuse()))
        await async_client.aclose()
        with pytest.raises(ZohoError, match="closed"):
            call(async_client)

    asyncio.run(run())
