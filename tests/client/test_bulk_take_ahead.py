"""How far the bulk engine reads ahead of the answers, sync and async: a stream of rows is
taken only as fast as the client's current concurrency limit needs (twice the limit: the sync
engine's queue, and the async tasks, those over the limit waiting for a slot so that slow
start's ramp has them), so that a run stopped early has taken no more rows than its pace
needed; and as the limit grows with no answer back (slow start's ramp: 10 to the bound of 25
within about 80 ms), the engine takes more: twice the grown limit.

The first answer is held back until the engine has had time to take whatever it would take;
the correct engine stops on its own (it waits for an answer), so the hold-back only gives a
wrong one the chance to show."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Iterator

import httpx

from zoho_records import AsyncZohoClient, ZohoClient

from .conftest import success_answer

HOLD = 0.3  # seconds the first answers are held back (after the ramp, where one is awaited)
PATIENCE = 10.0  # seconds the ramp may take on a loaded machine before the answers go anyway


def release_after_ramp(ready: Callable[[], bool], release: Callable[[], object]) -> None:
    """Release the held answers ``HOLD`` seconds after ``ready()`` (the ramp reached the bound
    and the engine took what a correct one takes before any answer), or after ``PATIENCE``:
    a wrong engine gets its chance to take too much, a loaded machine its time to ramp (a fixed
    0.3 s once saw only 12 in flight under the load of the whole suite)."""

    def watch() -> None:
        deadline = time.monotonic() + PATIENCE
        while not ready() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(HOLD)
        release()

    threading.Thread(target=watch, daemon=True).start()


class Rows:
    """A stream of update rows that counts how many were taken."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.taken = 0

    def __iter__(self) -> Iterator[dict[str, str]]:
        for i in range(self.n):
            self.taken += 1
            yield {"id": str(i), "Stage": "Won"}


def answer(request: httpx.Request) -> httpx.Response:
    return success_answer([r["id"] for r in json.loads(request.content)["data"]])


def test_sync_engine_takes_two_windows_of_the_current_limit_ahead() -> None:
    # bound 25, adaptive limit 10 to start with; the answers held back, slow start's ramp takes
    # it to 25 meanwhile: 2 x 25 calls of 100 rows before any answer (2 x 10 if the engine
    # sized its take-ahead only when it began to wait)
    released = threading.Event()

    def handler(request: httpx.Request) -> httpx.Response:
        released.wait(30)
        return answer(request)

    rows = Rows(6000)
    with ZohoClient(
        base_url="https://x.test",
        access_token="t",
        concurrency=25,
        transport=httpx.MockTransport(handler),
    ) as client:
        assert client.stats.concurrency == 10
        release_after_ramp(
            lambda: client.stats.peak_in_flight == 25 and rows.taken >= 2 * 25 * 100, released.set
        )
        stream = client.crm.iter_update_records("Deals", rows)
        first = next(stream)
        taken_at_first = rows.taken
        peak_at_first = client.stats.peak_in_flight
        outcomes = [first, *stream]
    assert peak_at_first == 25  # the ramp grew the limit to the bound while answers were held
    assert taken_at_first == 2 * 25 * 100
    assert sorted(o.index for o in outcomes) == list(range(6000))
    assert all(o.ok for o in outcomes)


def test_async_engine_takes_two_windows_of_the_current_limit_ahead() -> None:
    async def main() -> tuple[int, list[int]]:
        released = asyncio.Event()
        loop = asyncio.get_running_loop()

        async def handler(request: httpx.Request) -> httpx.Response:
            await released.wait()
            return answer(request)

        rows = Rows(6000)
        async with AsyncZohoClient(
            base_url="https://x.test",
            access_token="t",
            concurrency=25,
            transport=httpx.MockTransport(handler),
        ) as client:
            assert client.stats.concurrency == 10
            release_after_ramp(
                lambda: client.stats.peak_in_flight == 25 and rows.taken >= 25 * 100,
                lambda: loop.call_soon_threadsafe(released.set),
            )
            stream = client.crm.iter_update_records("Deals", rows)
            first = await stream.__anext__()
            taken_at_first = rows.taken
            assert client.stats.peak_in_flight == 25  # the ramp grew it while answers were held
            indices = [first.index] + [o.index async for o in stream]
        return taken_at_first, indices

    taken_at_first, indices = asyncio.run(main())
    # twice the limit, up to the bound (a task per call, each holding its call's rows): 25
    # calls; 20 if the engine sized its tasks only when it began to wait
    assert taken_at_first == 25 * 100
    assert sorted(indices) == list(range(6000))


def test_async_engine_at_concurrency_one_takes_one_call_ahead() -> None:
    async def main() -> int:
        released = asyncio.Event()
        asyncio.get_running_loop().call_later(HOLD, released.set)

        async def handler(request: httpx.Request) -> httpx.Response:
            await released.wait()
            return answer(request)

        rows = Rows(500)
        async with AsyncZohoClient(
            base_url="https://x.test",
            access_token="t",
            concurrency=1,
            transport=httpx.MockTransport(handler),
        ) as client:
            stream = client.crm.iter_update_records("Deals", rows)
            await stream.__anext__()
            taken_at_first = rows.taken
            async for _ in stream:
                pass
        return taken_at_first

    assert asyncio.run(main()) == 100
