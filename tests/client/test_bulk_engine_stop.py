"""The sync bulk engine's worker threads and its endings, through the public streaming call:
never more sending threads than the concurrency, nothing queued sent once the consumer has
gone, nothing in flight and no worker thread left when the call returns, no row taken after
``stop()`` turned true, and a fatal error that keeps the calls after it from being sent."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from zoho_records import ZohoClient

from .conftest import success_answer


class Rows:
    """Update rows that count how many were taken."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.taken = 0

    def __iter__(self) -> Iterator[dict[str, str]]:
        for i in range(self.n):
            self.taken += 1
            yield {"id": str(i), "Stage": "Won"}


class Server:
    """Answers every update; counts requests in flight and the threads that sent them."""

    def __init__(self, delay: float = 0.0, first_delay: float | None = None) -> None:
        self.lock = threading.Lock()
        self.delay = delay
        self.first_delay = delay if first_delay is None else first_delay
        self.requests = 0
        self.in_flight = 0
        self.senders: set[int] = set()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.requests += 1
            first = self.requests == 1
            self.in_flight += 1
            self.senders.add(threading.get_ident())
        time.sleep(self.first_delay if first else self.delay)
        with self.lock:
            self.in_flight -= 1
        return success_answer([r["id"] for r in json.loads(request.content)["data"]])


def client(server: Server, concurrency: int = 4) -> ZohoClient:
    return ZohoClient(
        base_url="https://x.test",
        access_token="t",
        concurrency=concurrency,
        adaptive=False,
        transport=httpx.MockTransport(server),
    )


def engine_threads(before: set[threading.Thread] | None = None) -> list[threading.Thread]:
    """The bulk engine's sending threads alive now, but those alive ``before`` (an earlier
    test's Ctrl-C leaves its daemon threads to end on their own)."""
    return [
        t
        for t in threading.enumerate()
        if t.name.startswith("zoho-records_") and t not in (before or set())
    ]


def test_at_most_concurrency_threads_send_and_none_is_left_after_the_call() -> None:
    server = Server(delay=0.002)
    before = set(engine_threads())
    with client(server, 4) as c:
        outcomes = list(c.crm.iter_update_records("Deals", Rows(3000)))
    assert len(outcomes) == 3000 and all(o.ok for o in outcomes)
    assert server.requests == 30
    assert 1 < len(server.senders) <= 4
    assert engine_threads(before) == []  # stopped and joined before the call returned


def test_a_consumer_that_leaves_early_sends_nothing_queued_and_waits_for_what_is_in_flight() -> (
    None
):
    # the first request is answered at once, the others after 0.3 s: when the consumer
    # leaves after the first outcome, 4 calls are in flight (3 old, maybe 1 new) and up to 4
    # more are queued; the queued ones must not go out
    server = Server(delay=0.3, first_delay=0.0)
    before = set(engine_threads())
    with client(server, 4) as c:
        stream = c.crm.iter_update_records("Deals", Rows(5000))
        next(stream)
        stream.close()
        assert server.in_flight == 0  # the requests in flight were waited for
        assert engine_threads(before) == []
    assert server.requests <= 5


def test_no_row_is_taken_after_stop_turned_true() -> None:
    server = Server(delay=0.01)
    rows = Rows(5000)
    stop = threading.Event()
    interrupted = 0
    with client(server, 4) as c:
        for outcome in c.crm.iter_update_records("Deals", rows, stop=stop.is_set):
            stop.set()
            interrupted += outcome.code == "INTERRUPTED"
    # at most the two windows taken ahead (8 calls) and the one being taken: not all 5000
    assert rows.taken <= 9 * 100
    assert interrupted <= 8 * 100


def test_a_fatal_error_keeps_the_later_calls_from_being_sent() -> None:
    # the token cannot be refreshed: the first call fails with TokenRefreshError while it
    # is being sent, and the calls after it are not sent (no further refresh attempt either)
    token_requests = 0
    api_requests = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal token_requests, api_requests
        if request.url.host == "accounts.test":
            token_requests += 1
            return httpx.Response(400, json={"error": "invalid_client"})
        api_requests += 1
        return success_answer([r["id"] for r in json.loads(request.content)["data"]])

    with ZohoClient(
        base_url="https://x.test",
        accounts_url="https://accounts.test",
        refresh_token="r",
        client_id="c",
        client_secret="s",
        concurrency=1,
        transport=httpx.MockTransport(handler),
    ) as c:
        outcomes = list(c.crm.iter_update_records("Deals", Rows(300)))
    assert (token_requests, api_requests) == (1, 0)
    assert len(outcomes) == 300 and not any(o.ok for o in outcomes)
    later = [o for o in outcomes if o.index >= 100]
    assert later and all("not sent" in o.message for o in later)


def test_an_exception_in_a_sending_thread_reaches_the_caller() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise RuntimeError("a bug below the client")

    before = set(engine_threads())
    with ZohoClient(
        base_url="https://x.test",
        access_token="t",
        concurrency=4,
        transport=httpx.MockTransport(handler),
    ) as c:
        with pytest.raises(RuntimeError, match="a bug below the client"):
            c.crm.update_records("Deals", Rows(1000))
    assert engine_threads(before) == []
