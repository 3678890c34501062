"""``zoho_records.while_waiting``: a stream of outcomes calls back before it waits for answers
with none ready, so its consumer makes what it did durable once per answered call (the command
line flushes its report there, not once per row); and the report is on disk while the client
waits for the next answer.

Each test holds an answer back until the callback has seen the answers before it taken; an
engine that never calls back lets the hold run out (seconds), and the test says so."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from zoho_records import AsyncZohoClient, ZohoClient, while_waiting
from zoho_records.cli import main

from .conftest import deal_ids, set_faults, success_answer
from .test_cli import deals_csv, target

HOLD = 10.0  # seconds an answer is held at most


def answer(request: httpx.Request) -> httpx.Response:
    return success_answer([r["id"] for r in json.loads(request.content)["data"]])


def rows(n: int) -> list[dict[str, str]]:
    return [{"id": str(i), "Stage": "Won"} for i in range(n)]


def test_a_stream_calls_back_before_it_waits_once_the_answers_so_far_were_taken() -> None:
    # 3 calls in flight at once: the first answered at once, the others held until the
    # callback has run with the first call's 100 outcomes taken
    taken = 0
    seen: list[int] = []
    first_taken = threading.Event()
    answered = 0
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal answered
        with lock:
            answered += 1
            first = answered == 1
        if not first:
            assert first_taken.wait(HOLD), "the stream never called back before waiting"
        return answer(request)

    def idle() -> None:
        seen.append(taken)
        if taken == 100:
            first_taken.set()

    with (
        ZohoClient(
            base_url="https://x.test",
            access_token="t",
            concurrency=3,
            adaptive=False,
            max_retries=0,
            transport=httpx.MockTransport(handler),
        ) as client,
        while_waiting(idle),
    ):
        for outcome in client.crm.iter_update_records("Deals", rows(300)):
            assert outcome.ok, outcome
            taken += 1
    assert taken == 300
    assert 100 in seen
    # called back when waiting only: never between two outcomes of one answer
    assert all(n % 100 == 0 for n in seen), seen


def test_one_call_at_a_time_calls_back_before_each_call() -> None:
    taken = 0
    seen: list[int] = []

    def idle() -> None:
        seen.append(taken)

    with (
        ZohoClient(
            base_url="https://x.test",
            access_token="t",
            concurrency=1,
            transport=httpx.MockTransport(answer),
        ) as client,
        while_waiting(idle),
    ):
        for _ in client.crm.iter_update_records("Deals", rows(300)):
            taken += 1
    assert seen == [0, 100, 200]


def test_outside_the_block_nothing_is_called() -> None:
    calls: list[int] = []
    with ZohoClient(
        base_url="https://x.test", access_token="t", transport=httpx.MockTransport(answer)
    ) as client:
        with while_waiting(lambda: calls.append(1)):
            pass
        result = client.crm.update_records("Deals", rows(300))
    assert result.ok and calls == []


async def take_all(
    handler: Callable[[httpx.Request], Awaitable[httpx.Response]],
    n: int,
    concurrency: int,
    idle: Callable[[int], None],
) -> int:
    """Stream the updates of ``n`` rows through an async client (``concurrency`` fixed, no
    retries) inside ``while_waiting``, which calls ``idle(outcomes taken so far)``; the
    outcomes taken (each a success)."""
    taken = 0
    async with AsyncZohoClient(
        base_url="https://x.test",
        access_token="t",
        concurrency=concurrency,
        adaptive=False,
        max_retries=0,
        transport=httpx.MockTransport(handler),
    ) as client:
        with while_waiting(lambda: idle(taken)):
            async for outcome in client.crm.iter_update_records("Deals", rows(n)):
                assert outcome.ok, outcome
                taken += 1
    return taken


def test_the_async_stream_calls_back_before_it_waits() -> None:
    async def main_() -> tuple[int, list[int]]:
        seen: list[int] = []
        first_taken = asyncio.Event()
        answered = 0

        async def handler(request: httpx.Request) -> httpx.Response:
            nonlocal answered
            answered += 1
            if answered > 1:
                await asyncio.wait_for(first_taken.wait(), HOLD)
            return answer(request)

        def idle(taken: int) -> None:
            seen.append(taken)
            if taken == 100:
                first_taken.set()

        return await take_all(handler, 300, 3, idle), seen

    taken, seen = asyncio.run(main_())
    assert taken == 300 and 100 in seen
    assert all(n % 100 == 0 for n in seen), seen


def during_run(argv: list[str], report: Path, expected: int) -> tuple[int, list[int], int]:
    """Run the command in a thread; the data lines of ``report`` on disk once ``expected`` of
    them are there (3 s at most, before a held answer comes), the exit codes, the lines in
    the end."""
    codes: list[int] = []
    thread = threading.Thread(target=lambda: codes.append(main(argv)))
    thread.start()
    lines_on_disk = 0
    try:
        for _ in range(300):
            if report.exists():
                lines_on_disk = len(report.read_text().splitlines()) - 1
            if lines_on_disk >= expected or not thread.is_alive():
                break
            threading.Event().wait(0.01)
        alive = thread.is_alive()
    finally:
        thread.join(30)
    assert alive, "the run ended before the held answer: the test proves nothing"
    return lines_on_disk, codes, len(report.read_text().splitlines())


def test_the_report_is_on_disk_while_the_next_answer_is_awaited(env, tmp_path: Path) -> None:
    # 3 calls of 100 rows go out together; the second is answered 4 s late: meanwhile the
    # report file (not a buffer) holds the rows of the first and third
    set_faults(
        env, {"kind": "latency", "method": "PUT", "latency_ms": 4000, "after": 1, "count": 1}
    )
    report = tmp_path / "report.csv"
    src = deals_csv(tmp_path, 300)
    args = ["update", "--module", "Deals", "--file", str(src), "--report", str(report)]
    assert during_run([*args, *target(env)], report, 200) == (200, [0], 301)


def test_group_identical_reports_reach_the_disk_while_a_mass_update_is_awaited(
    env, tmp_path: Path
) -> None:
    # 1,000 rows setting one Stage: two mass updates of 500 ids; the second answered 4 s late
    set_faults(
        env,
        {
            "kind": "latency",
            "method": "POST",
            "path": "mass_update",
            "latency_ms": 4000,
            "after": 1,
            "count": 1,
        },
    )
    src = tmp_path / "d.csv"
    src.write_text("id,Stage\n" + "".join(f"{i},Closed Won\n" for i in deal_ids(1000)))
    report = tmp_path / "report.csv"
    args = ["update", "--module", "Deals", "--file", str(src), "--report", str(report)]
    assert during_run([*args, "--group-identical", *target(env)], report, 500) == (500, [0], 1001)


def test_the_async_stream_calls_back_when_its_take_ahead_is_full() -> None:
    # 500 rows, 2 requests at most in flight (and taken ahead): taking the 3rd call waits for
    # an answer, and the stream calls back before each such wait with the answers so far taken.
    # The 3rd call on take 0.5 s: once the first two answers are taken, the wait that follows
    # finds none done even on a loaded machine (20 ms each: a run under load saw the 3rd
    # answered before the stream came to wait, and no call back at 200)
    async def handler(request: httpx.Request) -> httpx.Response:
        first = int(json.loads(request.content)["data"][0]["id"])
        await asyncio.sleep(0.02 if first < 200 else 0.5)
        return answer(request)

    async def main_() -> list[int]:
        seen: list[int] = []
        assert await take_all(handler, 500, 2, seen.append) == 500
        return seen

    seen = asyncio.run(main_())
    assert {0, 200} <= set(seen), seen  # (at 100 the second answer is often in already)
