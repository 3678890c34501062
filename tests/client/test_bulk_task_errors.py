"""An exception that is not a Zoho answer (a bug in a transport of the user's, a mock's
assertion) ends a bulk call in either client; the outcomes of the other requests, answered
and so written, travel with it (``outcomes_before``): none is dropped."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import httpx
import pytest

from zoho_records import AsyncZohoClient, ZohoClient, outcomes_before

pytestmark = pytest.mark.timeout(60)

BAD = str(10**17 + 250)  # in the third request of 100


def answer(request: httpx.Request) -> httpx.Response:
    ids = [r["id"] for r in json.loads(request.content)["data"]]
    if BAD in ids:
        raise ValueError("a bug in the transport")
    data = [
        {"code": "SUCCESS", "status": "success", "message": "updated", "details": {"id": i}}
        for i in ids
    ]
    return httpx.Response(200, json={"data": data})


RECORDS = [{"id": str(10**17 + i), "Stage": "Won"} for i in range(1000)]
OPTIONS: dict[str, Any] = {
    "base_url": "https://x.test",
    "access_token": "t",
    "concurrency": 10,
    "adaptive": False,
}


def check(exc: BaseException) -> None:
    got = outcomes_before(exc)
    # every request but the one that raised was answered: its 100 records have no outcome
    assert [o.index for o in got] == [i for i in range(1000) if not 200 <= i < 300]
    assert all(o.ok for o in got)


def test_the_sync_client_carries_the_answered_requests() -> None:
    with ZohoClient(transport=httpx.MockTransport(answer), **OPTIONS) as client:
        with pytest.raises(ValueError, match="a bug in the transport") as caught:
            client.crm.update_records("Deals", RECORDS)
    check(caught.value)


def test_the_async_client_carries_those_answered_beside_the_failed_one() -> None:
    # the tasks answered together with the failing one were dropped: 300 of 900 carried
    async def run() -> None:
        async with AsyncZohoClient(transport=httpx.MockTransport(answer), **OPTIONS) as client:
            await client.crm.update_records("Deals", RECORDS)

    with pytest.raises(ValueError, match="a bug in the transport") as caught:
        asyncio.run(run())
    check(caught.value)


def test_the_async_stream_carries_what_it_had_not_yielded() -> None:
    seen: list[int] = []

    async def run() -> None:
        async with AsyncZohoClient(transport=httpx.MockTransport(answer), **OPTIONS) as client:
            async for outcome in client.crm.iter_update_records("Deals", RECORDS):
                seen.append(outcome.index)

    with pytest.raises(ValueError) as caught:
        asyncio.run(run())
    carried = [o.index for o in outcomes_before(caught.value)]
    assert not set(seen) & set(carried)
    assert sorted(seen + carried) == [i for i in range(1000) if not 200 <= i < 300]


# Two requests of one call fail together (the 3rd and the 6th, both in flight at once): one
# error is raised and the other is said on it. The second one was dropped without a word.
TWO_BAD = (str(10**17 + 250), str(10**17 + 550))


def failing_pair_sync() -> httpx.MockTransport:
    both_in = threading.Barrier(2, timeout=10)

    def handler(request: httpx.Request) -> httpx.Response:
        ids = [r["id"] for r in json.loads(request.content)["data"]]
        for bad in TWO_BAD:
            if bad in ids:
                both_in.wait()  # both are sent before either fails
                raise ValueError(f"a bug at {bad}")
        return answer(request)

    return httpx.MockTransport(handler)


def failing_pair_async(together: bool) -> httpx.MockTransport:
    """``together``: both fail in one turn of the event loop (one wait finds both done);
    else the first to arrive fails 50 ms after the other (found while the run ends)."""
    arrived: list[str] = []
    both_in = asyncio.Event()  # (an Event binds to the loop that first uses it)

    async def handler(request: httpx.Request) -> httpx.Response:
        ids = [r["id"] for r in json.loads(request.content)["data"]]
        for bad in TWO_BAD:
            if bad in ids:
                arrived.append(bad)
                if len(arrived) == len(TWO_BAD):
                    both_in.set()
                else:
                    await both_in.wait()
                    if not together:
                        await asyncio.sleep(0.05)
                raise ValueError(f"a bug at {bad}")
        return answer(request)

    return httpx.MockTransport(handler)


def says_both(exc: BaseException) -> None:
    said = [str(exc), *getattr(exc, "__notes__", [])]
    raised = next(bad for bad in TWO_BAD if bad in str(exc))
    other = next(bad for bad in TWO_BAD if bad != raised)
    also = [n for n in said if "another request of this bulk call failed" in n]
    assert len(also) == 1 and f"ValueError: a bug at {other}" in also[0]
    got = [o.index for o in outcomes_before(exc)]
    assert not {*range(200, 300), *range(500, 600)} & set(got)


def test_the_sync_client_says_the_other_request_that_failed() -> None:
    records = RECORDS  # (10 requests in flight: both failing ones are sent)
    with ZohoClient(transport=failing_pair_sync(), **OPTIONS) as client:
        with pytest.raises(ValueError, match="a bug at") as caught:
            client.crm.update_records("Deals", records)
    says_both(caught.value)


@pytest.mark.parametrize("together", [True, False], ids=["together", "apart"])
@pytest.mark.parametrize("streaming", [False, True], ids=["list", "stream"])
def test_the_async_client_says_the_other_request_that_failed(
    streaming: bool, together: bool
) -> None:
    async def run() -> None:
        async with AsyncZohoClient(transport=failing_pair_async(together), **OPTIONS) as client:
            if streaming:
                async for _ in client.crm.iter_update_records("Deals", RECORDS):
                    pass
            else:
                await client.crm.update_records("Deals", RECORDS)

    with pytest.raises(ValueError, match="a bug at") as caught:
        asyncio.run(run())
    says_both(caught.value)
