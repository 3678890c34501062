"""The public streaming writes take ``stop=`` (the command line's Ctrl-C), sync and async:
once ``stop()`` is true nothing new is sent, what is in flight still gets its outcomes, and
records taken but never sent are answered ``INTERRUPTED``. ``client.crm.iter_mass_update``
streams a mass update by ids; ``client.bigin.get_fields`` feeds the unique-fields cache."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from zoho_records import AsyncZohoClient, ZohoClient


def _answer(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    ids = body.get("ids") or [r.get("id") for r in body["data"]]
    data = [
        {"code": "SUCCESS", "status": "success", "message": "ok", "details": {"id": i}} for i in ids
    ]
    return httpx.Response(200, json={"data": data})


class Server:
    """A slow mock server that records the ids it received and sets ``stop`` when request
    ``at`` arrives."""

    def __init__(self, at: int) -> None:
        self.at, self.requests, self.sent = at, 0, []  # type: list[str]
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.bodies: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        with self.lock:
            self.requests += 1
            self.bodies.append(body)
            self.sent.extend(body.get("ids") or [r["id"] for r in body["data"]])
            if self.requests == self.at:
                self.stop.set()
        time.sleep(0.01)
        return _answer(request)


def _client(server: Server, concurrency: int) -> ZohoClient:
    return ZohoClient(
        base_url="https://x.test",
        access_token="t",
        concurrency=concurrency,
        transport=httpx.MockTransport(server),
    )


RECORDS = [{"id": str(i), "Stage": "Won"} for i in range(3000)]
IDS = [str(i) for i in range(10_000)]

STREAMS: dict[str, Callable[[ZohoClient, Callable[[], bool]], Iterator[Any]]] = {
    "crm update": lambda c, stop: c.crm.iter_update_records("Deals", RECORDS, stop=stop),
    "crm mass update": lambda c, stop: c.crm.iter_mass_update(
        "Deals", {"Stage": "Won"}, ids=IDS, stop=stop
    ),
    "bigin update": lambda c, stop: c.bigin.iter_update_records("Pipelines", RECORDS, stop=stop),
    "bigin upsert": lambda c, stop: c.bigin.iter_upsert(
        "Contacts", RECORDS, duplicate_check_fields=["Email"], stop=stop
    ),
    "bigin related": lambda c, stop: c.bigin.iter_update_related(
        "Pipelines", "1", "Products", RECORDS, stop=stop
    ),
}


@pytest.mark.parametrize("concurrency", [1, 4])
@pytest.mark.parametrize("name", sorted(STREAMS))
def test_stop_sends_nothing_new_and_answers_every_record_taken(name: str, concurrency: int) -> None:
    server = Server(at=3)
    with _client(server, concurrency) as client:
        outcomes = list(STREAMS[name](client, server.stop.is_set))
    sent = set(server.sent)
    total = len(IDS) if "mass" in name else len(RECORDS)
    per_request = 500 if "mass" in name else 100
    # request 3 set stop: it and at most ``concurrency - 1`` others were in flight
    assert 3 <= server.requests <= 3 + concurrency - 1
    assert len(sent) < total
    ok = {o.id for o in outcomes if o.ok}
    assert ok == sent  # every record that went out has its outcome, exactly once
    interrupted = [o for o in outcomes if o.code == "INTERRUPTED"]
    assert not {o.id for o in interrupted} & sent
    assert len({o.index for o in outcomes}) == len(outcomes)  # one outcome per record taken
    assert len(outcomes) <= (3 + 2 * concurrency) * per_request


def test_no_stop_sends_everything_and_mass_update_chunks_by_500() -> None:
    server = Server(at=0)
    with _client(server, 4) as client:
        outcomes = list(client.crm.iter_mass_update("Deals", {"Stage": "Won"}, ids=IDS[:1200]))
    assert sorted(o.index for o in outcomes) == list(range(1200))
    assert all(outcomes[i].id == IDS[outcomes[i].index] for i in range(1200))
    assert sorted(len(b["ids"]) for b in server.bodies) == [200, 500, 500]
    assert all(b["data"] == [{"Stage": "Won"}] and "trigger" not in b for b in server.bodies)


def test_mass_update_stream_passes_over_write() -> None:
    server = Server(at=0)
    with _client(server, 1) as client:
        list(client.crm.iter_mass_update("Deals", {"Tag": ["a"]}, ids=["1"], over_write=True))
    assert server.bodies == [{"data": [{"Tag": ["a"]}], "ids": ["1"], "over_write": True}]


def test_a_keyboard_interrupt_thrown_into_the_stream_does_not_wait_for_requests_in_flight() -> None:
    """The command line's second Ctrl-C, when it comes while an outcome is being handled: the
    stream stops at once instead of waiting for the slow requests in flight."""
    release = threading.Event()

    def slow(request: httpx.Request) -> httpx.Response:
        if json.loads(request.content)["data"][0]["id"] != "0":
            release.wait(5)
        return _answer(request)

    client = ZohoClient(
        base_url="https://x.test", access_token="t", concurrency=4,
        transport=httpx.MockTransport(slow),
    )  # fmt: skip
    with client:
        stream = client.crm.iter_update_records("Deals", RECORDS)
        next(stream)
        start = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            stream.throw(KeyboardInterrupt)
        waited = time.monotonic() - start
        release.set()
    assert waited < 2.5


@pytest.mark.parametrize("kind", ["update", "mass update", "upsert", "related", "bigin update"])
def test_async_twins_take_stop(kind: str) -> None:
    server = Server(at=3)

    async def run() -> list[Any]:
        async with AsyncZohoClient(
            base_url="https://x.test",
            access_token="t",
            concurrency=2,
            transport=httpx.MockTransport(server),
        ) as client:
            stop = server.stop.is_set
            if kind == "update":
                stream = client.crm.iter_update_records("Deals", RECORDS, stop=stop)
            elif kind == "mass update":
                stream = client.crm.iter_mass_update("Deals", {"S": 1}, ids=IDS, stop=stop)
            elif kind == "upsert":
                stream = client.bigin.iter_upsert(
                    "Contacts", RECORDS, duplicate_check_fields=["Email"], stop=stop
                )
            elif kind == "related":
                stream = client.bigin.iter_update_related(
                    "Pipelines", "1", "Products", RECORDS, stop=stop
                )
            else:
                stream = client.bigin.iter_update_records("Pipelines", RECORDS, stop=stop)
            return [o async for o in stream]

    outcomes = asyncio.run(run())
    assert 3 <= server.requests <= 4
    assert {o.id for o in outcomes if o.ok} == set(server.sent)
    # records taken but never sent are answered INTERRUPTED, as in the sync twin
    assert {o.code for o in outcomes if not o.ok} <= {"INTERRUPTED"}


FIELDS = {
    "fields": [
        {"api_name": "Email", "data_type": "email", "unique": {"casesensitive": "false"}},
        {"api_name": "Last_Name", "data_type": "text"},
    ]
}


def test_bigin_get_fields_feeds_the_unique_fields_cache_sync_and_async() -> None:
    reads: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        reads.append(request.url.path)
        return httpx.Response(200, json=FIELDS)

    with ZohoClient(
        base_url="https://x.test", access_token="t", transport=httpx.MockTransport(handler)
    ) as client:
        assert [f["api_name"] for f in client.bigin.get_fields("Contacts")] == [
            "Email",
            "Last_Name",
        ]
        assert client.bigin.unique_fields("Contacts") == ["Email"]
    assert len(reads) == 1  # no second metadata read

    async def run() -> list[str] | None:
        async with AsyncZohoClient(
            base_url="https://x.test",
            access_token="t",
            transport=httpx.MockTransport(handler),
        ) as client:
            await client.bigin.get_fields("Contacts")
            return await client.bigin.unique_fields("Contacts")

    assert asyncio.run(run()) == ["Email"]
    assert len(reads) == 2
