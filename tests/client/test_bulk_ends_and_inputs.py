"""Found by trying the client as a new user (session 10): how a bulk run ends and what it takes.

- A generator that yields one dict again and again, changed in between, gets each record sent
  as it was yielded (records were kept by reference and encoded later: every record of a
  request went out with the last values, and the outcomes said SUCCESS).
- After the consumer has gone (a ``break`` out of a streaming call, Ctrl-C), requests that were
  waiting for a slot of the adaptive limit are not sent.
- A 429 that says the day's credits are spent stops the run in the thread that got it: no
  request waiting for a slot goes out after it (they went out until the consumer had parsed it).
- A module Zoho does not know (``INVALID_MODULE``) stops the run like an authentication error
  (each of its calls was sent, and charged).
- Bad ``timeout`` / ``max_retries`` values and a closed client are refused with a clear
  ``TypeError`` / ``ValueError`` / ``ZohoError`` (they failed deep inside httpx)."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from zoho_emulator.testing import EmulatorServer
from zoho_records import (
    AsyncZohoClient,
    CreditsExhaustedError,
    RecordError,
    RetryPolicy,
    ZohoClient,
    ZohoError,
    outcomes_before,
)
from zoho_records.cli import main

from .conftest import (
    control,
    deal_ids,
    emulator_records,
    fast_retries,
    request_log,
    set_faults,
    success_answer,
    write_csv,
)

pytestmark = pytest.mark.timeout(120)


def mock_client(handler: Any, **options: Any) -> ZohoClient:
    """A client whose network is ``handler`` (``httpx.MockTransport``)."""
    transport = httpx.MockTransport(handler)
    return ZohoClient(base_url="https://x.test", access_token="t", transport=transport, **options)


def mock_async_client(handler: Any, **options: Any) -> AsyncZohoClient:
    transport = httpx.MockTransport(handler)
    return AsyncZohoClient(
        base_url="https://x.test", access_token="t", transport=transport, **options
    )


def reused(rows: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Yields one dict object, refilled with each row."""
    record: dict[str, Any] = {}
    for row in rows:
        record.clear()
        record.update(row)
        yield record


def test_a_generator_that_reuses_one_dict_has_every_record_sent_as_it_was_yielded(
    emulator: EmulatorServer,
) -> None:
    ids = deal_ids(300)
    rows = [{"id": rid, "Description": f"Row {i}"} for i, rid in enumerate(ids)]
    new = [{"Deal_Name": f"Reused {i}", "Stage": "Qualification"} for i in range(250)]
    with ZohoClient(base_url=emulator.base_url, access_token=emulator.token) as client:
        updated = client.crm.update_records("Deals", reused(rows))
        inserted = client.crm.insert("Deals", reused(new))
    assert updated.ok and [o.id for o in updated] == ids
    assert inserted.ok and len({o.id for o in inserted}) == 250
    records = emulator_records(emulator, "crm", "Deals")
    assert [records[rid]["Description"] for rid in ids] == [f"Row {i}" for i in range(300)]
    assert [records[o.id]["Deal_Name"] for o in inserted if o.id] == [
        f"Reused {i}" for i in range(250)
    ]


def test_the_async_client_reads_a_reused_dict_the_same_way(emulator: EmulatorServer) -> None:
    ids = deal_ids(150)
    rows = [{"id": rid, "Description": f"Async {i}"} for i, rid in enumerate(ids)]

    async def run() -> Any:
        async with AsyncZohoClient(base_url=emulator.base_url, access_token=emulator.token) as c:
            return await c.crm.update_records("Deals", reused(rows))

    assert asyncio.run(run()).ok
    records = emulator_records(emulator, "crm", "Deals")
    assert [records[rid]["Description"] for rid in ids] == [f"Async {i}" for i in range(150)]


class Spy(httpx.BaseTransport):
    """The default network, noting when each request went out."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport(limits=httpx.Limits(max_connections=40))
        self.sends: list[float] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sends.append(time.monotonic())
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def test_requests_waiting_for_a_slot_are_not_sent_once_the_consumer_has_gone(
    emulator: EmulatorServer,
) -> None:
    # the org's cap of 4 keeps the limit at 4 while 2 x 4 calls are taken: threads wait for a
    # slot with a call in hand; once the stream is closed none of them may send it
    control(
        emulator, "POST", "/_emulator/limits", {"max_concurrent_requests": 4, "latency": "150ms"}
    )
    spy = Spy()
    rows = [{"id": rid, "Description": "x"} for rid in deal_ids(3000)]
    with ZohoClient(
        base_url=emulator.base_url,
        access_token=emulator.token,
        transport=spy,
        retry_policy=fast_retries(),
    ) as client:
        stream = client.crm.iter_update_records("Deals", rows)
        for batch, _ in enumerate(stream):
            if batch == 8:
                break
        gone = time.monotonic()
        stream.close()  # (what a ``break`` does when nothing else holds the stream)
        time.sleep(0.4)
    # (a thread that passed the check just before the stream closed may send at once, later on
    # a loaded machine; one that waited for a slot would send when an answer frees it: 150 ms)
    late = [round(t - gone, 3) for t in spy.sends if t > gone + 0.08]
    assert late == [], f"requests sent after the consumer had gone: {late}"


class SpentAfterFirstWave:
    """The first ``wave`` requests are answered after a while; the next gets the 429 of spent
    credits at once, as would every later one."""

    def __init__(self, wave: int) -> None:
        self.wave = wave
        self.lock = threading.Lock()
        self.requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.requests += 1
            n = self.requests
        if n <= self.wave:
            time.sleep(0.3)
            return success_answer([r["id"] for r in json.loads(request.content)["data"]])
        body = {"code": "TOO_MANY_REQUESTS", "details": {}, "message": "too many"}
        headers = {"X-API-CREDITS-REMAINING": "3"}
        return httpx.Response(429, json={**body, "status": "error"}, headers=headers)


class AsyncSpentAfterFirstWave(SpentAfterFirstWave):
    """The same answers for the async client (waiting on the event loop, not blocking it)."""

    async def handle(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.requests += 1
            n = self.requests
        if n <= self.wave:
            await asyncio.sleep(0.3)
            return success_answer([r["id"] for r in json.loads(request.content)["data"]])
        body = {"code": "TOO_MANY_REQUESTS", "details": {}, "message": "too many"}
        headers = {"X-API-CREDITS-REMAINING": "3"}
        return httpx.Response(429, json={**body, "status": "error"}, headers=headers)


def spent_run_checks(outcomes: list[Any], requests: int, wave: int) -> None:
    # the wave's calls succeed, the one after it is refused (not retried), and the calls then
    # waiting for a slot are not sent: they say "not sent" (without the check they all went
    # out: 22 to 50 requests; on a loaded machine a thread may pass it just before the 429 is
    # read, or the ramp take one more step)
    assert wave + 1 <= requests <= wave + 6, f"{requests} requests: calls after the 429 went out"
    assert [o.ok for o in outcomes[: 100 * wave]] == [True] * 100 * wave
    assert all(o.code == "TOO_MANY_REQUESTS" for o in outcomes[100 * wave :])
    refused = [o for o in outcomes[100 * wave :] if not o.message.startswith("not sent: ")]
    assert len(refused) == 100 * (requests - wave)
    assert all(isinstance(o, RecordError) for o in refused)
    assert all(isinstance(o.error, CreditsExhaustedError) for o in refused)


def test_a_spent_credits_429_stops_the_requests_waiting_for_a_slot() -> None:
    # slow start sends 10 at once, then steps up without waiting for answers: the 11th request
    # gets the 429 while other threads wait for the next step with a call in hand
    server = SpentAfterFirstWave(10)
    rows = [{"id": str(10**17 + i), "Stage": "Won"} for i in range(5000)]
    with mock_client(server, retry_policy=fast_retries()) as client:
        result = client.crm.update_records("Deals", rows)
    spent_run_checks(list(result), server.requests, 10)


def test_the_async_client_stops_its_waiting_tasks_too() -> None:
    server = AsyncSpentAfterFirstWave(10)
    rows = [{"id": str(10**17 + i), "Stage": "Won"} for i in range(5000)]

    async def run() -> list[Any]:
        async with mock_async_client(server.handle, retry_policy=fast_retries()) as client:
            return list(await client.crm.update_records("Deals", rows))

    spent_run_checks(asyncio.run(run()), server.requests, 10)


def test_the_senders_stop_at_a_spent_429_while_the_consumer_is_busy() -> None:
    # the stream's consumer is in its own code (a slow write) when the spent 429 comes back:
    # nobody parses it, and the threads must not send the calls they have taken meanwhile
    server = SpentAfterFirstWave(10)
    rows = [{"id": str(10**17 + i), "Stage": "Won"} for i in range(3000)]
    outcomes = []
    with mock_client(server, concurrency=10, adaptive=False, retry_policy=fast_retries()) as client:
        for outcome in client.crm.iter_update_records("Deals", rows):
            if not outcomes:
                time.sleep(0.5)  # the first answer's row is written somewhere slow
            outcomes.append(outcome)
    spent_run_checks(sorted(outcomes, key=lambda o: o.index), server.requests, 10)


def test_a_module_zoho_does_not_know_stops_the_run(emulator: EmulatorServer) -> None:
    rows = [{"id": rid, "Stage": "Won"} for rid in deal_ids(3000)]
    with ZohoClient(
        base_url=emulator.base_url, access_token=emulator.token, concurrency=1
    ) as client:
        result = client.crm.update_records("Dealz", rows)
    assert [o.code for o in result] == ["INVALID_MODULE"] * 3000
    assert all(o.message.startswith("not sent: ") for o in list(result)[100:])
    stats = control(emulator, "GET", "/_emulator/stats")
    assert stats["requests"] == 1
    with ZohoClient(base_url=emulator.base_url, access_token=emulator.token) as client:
        client.crm.update_records("Dealz", rows)  # adaptive: the first wave only
    # (the first wave, and on a loaded machine a ramp step or two: not the 30 calls)
    assert control(emulator, "GET", "/_emulator/stats")["requests"] <= 1 + 20


@pytest.mark.parametrize(
    ("timeout", "error", "says"),
    [
        ("3", TypeError, "timeout must be a number of seconds"),
        (True, TypeError, "timeout must be a number of seconds"),
        (0, ValueError, "timeout must be a positive number of seconds"),
        (-1, ValueError, "not -1"),
        (float("nan"), ValueError, "positive"),
        (float("inf"), ValueError, "None: no timeout"),
    ],
)
def test_a_bad_timeout_is_refused_when_the_client_is_made(
    timeout: Any, error: type[Exception], says: str
) -> None:
    for cls in (ZohoClient, AsyncZohoClient):
        with pytest.raises(error, match=says.replace("(", r"\(").replace(")", r"\)")):
            cls(base_url="https://x.test", access_token="t", timeout=timeout)
    for good in (None, 5, 2.5, httpx.Timeout(3.0)):
        ZohoClient(base_url="https://x.test", access_token="t", timeout=good).close()


@pytest.mark.parametrize(
    ("value", "error"), [("3", TypeError), (None, TypeError), (1.5, TypeError), (-1, ValueError)]
)
def test_a_bad_max_retries_is_refused(value: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match="max_retries must be"):
        ZohoClient(base_url="https://x.test", access_token="t", max_retries=value)
    with pytest.raises(error, match="max_retries must be"):
        RetryPolicy(max_retries=value)


def test_a_closed_client_says_so(emulator: EmulatorServer) -> None:
    client = ZohoClient(base_url=emulator.base_url, access_token=emulator.token)
    client.close()
    rid = deal_ids(1)[0]
    with pytest.raises(ZohoError, match="this ZohoClient is closed") as caught:
        client.crm.get_record("Deals", rid)
    assert "create a new ZohoClient" in str(caught.value)
    with pytest.raises(ZohoError, match="this ZohoClient is closed"):
        client.crm.update_records("Deals", [{"id": rid, "Stage": "Won"}])

    async def run() -> None:
        aclient = AsyncZohoClient(base_url=emulator.base_url, access_token=emulator.token)
        await aclient.aclose()
        with pytest.raises(ZohoError, match="this AsyncZohoClient is closed"):
            await aclient.crm.get_record("Deals", rid)
        with pytest.raises(ZohoError, match="this AsyncZohoClient is closed"):
            await aclient.crm.update_records("Deals", [{"id": rid, "Stage": "Won"}])

    asyncio.run(run())
    assert control(emulator, "GET", "/_emulator/stats")["requests"] == 0


@pytest.mark.parametrize("records", [None, 5, 2.5])
def test_records_that_are_not_an_iterable_are_refused_clearly(records: Any) -> None:
    with ZohoClient(base_url="https://x.test", access_token="t") as client:
        with pytest.raises(TypeError, match="records must be an iterable of records"):
            client.crm.update_records("Deals", records)


def failing_after(n: int, error: BaseException) -> Iterator[dict[str, Any]]:
    """New Deals; the iterable raises ``error`` when asked for row ``n``."""
    for i in range(n):
        yield {"Deal_Name": f"Partial {i}", "Stage": "Qualification"}
    raise error


def partial_deals(emulator: EmulatorServer) -> dict[str, str]:
    """id -> name of the Deals the runs below wrote."""
    return {
        rid: r["Deal_Name"]
        for rid, r in emulator_records(emulator, "crm", "Deals").items()
        if str(r.get("Deal_Name", "")).startswith("Partial ")
    }


def check_account(exc: BaseException, emulator: EmulatorServer, complete: bool) -> None:
    got = outcomes_before(exc)
    assert [o.index for o in got] == sorted({o.index for o in got})  # input order, once each
    written = partial_deals(emulator)
    succeeded = {o.id: f"Partial {o.index}" for o in got if o.ok}
    assert all(written[rid] == name for rid, name in succeeded.items())
    if complete:  # everything sent was answered: the account is whole
        assert succeeded == written
    assert any("outcomes_before(exc) has them" in note for note in exc.__notes__)


def test_an_error_from_the_records_iterable_carries_what_was_written(
    emulator: EmulatorServer,
) -> None:
    with ZohoClient(base_url=emulator.base_url, access_token=emulator.token) as client:
        with pytest.raises(RuntimeError, match="the database went away") as caught:
            client.crm.insert("Deals", failing_after(2500, RuntimeError("the database went away")))
    check_account(caught.value, emulator, complete=True)
    # every record read has its outcome: sent and answered, or taken and not sent
    got = outcomes_before(caught.value)
    assert [o.index for o in got] == list(range(2500))
    assert {o.code for o in got if not o.ok} <= {"INTERRUPTED"}


def test_the_async_client_carries_it_too(emulator: EmulatorServer) -> None:
    async def run() -> None:
        async with AsyncZohoClient(base_url=emulator.base_url, access_token=emulator.token) as c:
            await c.crm.insert("Deals", failing_after(1500, ValueError("bad row 1500")))

    with pytest.raises(ValueError, match="bad row 1500") as caught:
        asyncio.run(run())
    check_account(caught.value, emulator, complete=True)
    # (the error came before any task ran: every call was taken and none sent)
    got = outcomes_before(caught.value)
    assert [o.index for o in got] == list(range(1500))
    assert {o.code for o in got} == {"INTERRUPTED"} and not partial_deals(emulator)


def test_ctrl_c_carries_the_outcomes_that_came(emulator: EmulatorServer) -> None:
    # (KeyboardInterrupt does not wait for the requests in flight: those records may have been
    # written without an outcome)
    with ZohoClient(base_url=emulator.base_url, access_token=emulator.token) as client:
        with pytest.raises(KeyboardInterrupt) as caught:
            client.crm.insert("Deals", failing_after(2500, KeyboardInterrupt()))
        time.sleep(0.3)  # the requests in flight end
    check_account(caught.value, emulator, complete=False)
    assert outcomes_before(ValueError("not from a bulk call")) == []


def test_a_cancelled_async_job_keeps_its_slots_until_its_requests_are_answered(
    emulator: EmulatorServer,
) -> None:
    # the default async transport sends from threads: a cancelled task's request goes on, and
    # the org counts it; a job started at once must not send past the cap meanwhile, and the
    # credits the abandoned requests cost are counted
    control(
        emulator, "POST", "/_emulator/limits", {"max_concurrent_requests": 10, "latency": "300ms"}
    )
    rows = [{"id": rid, "Description": "first"} for rid in deal_ids(3000)]
    again = [{"id": rid, "Description": "second"} for rid in deal_ids(1000)]

    async def run() -> tuple[Any, Any, Any]:
        async with AsyncZohoClient(
            base_url=emulator.base_url, access_token=emulator.token, concurrency=10
        ) as client:
            job = asyncio.ensure_future(client.crm.update_records("Deals", rows))
            for _ in range(50):  # until the first wave is in flight (at most 0.25 s of 0.3)
                await asyncio.sleep(0.005)
                if client.stats.in_flight == 10:
                    break
            job.cancel()
            with pytest.raises(asyncio.CancelledError):
                await job
            during = client.stats
            result = await client.crm.update_records("Deals", again)
            return during, result, client.stats

    during, result, after = asyncio.run(run())
    assert during.in_flight > 0  # still sent by their threads (it said 0)
    assert result.ok
    stats = control(emulator, "GET", "/_emulator/stats")
    assert stats["throttled_total"] == 0
    assert after.calls == stats["requests"] and after.in_flight == 0
    assert after.credits == 10 * stats["requests"]  # updates of 100 records: 10 credits each


@pytest.mark.parametrize(("max_retries", "says"), [(2, True), (0, False)])
def test_a_429_refused_on_every_try_says_so_and_what_to_change(
    max_retries: int, says: bool
) -> None:
    sent: list[httpx.Request] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        body = {"code": "TOO_MANY_REQUESTS", "details": {}, "message": "too many requests"}
        return httpx.Response(429, json={**body, "status": "error"})

    with mock_client(
        refuse, concurrency=50, adaptive=False, retry_policy=fast_retries(max_retries)
    ) as client:
        (outcome,) = client.crm.update_records("Deals", [{"id": "1", "Stage": "Won"}])
    assert len(sent) == max_retries + 1
    assert outcome.code == "TOO_MANY_REQUESTS"
    hint = f"refused with 429 each of the {max_retries + 1} times it was sent"
    assert (hint in outcome.message) is says
    if says:
        assert "adaptive=True" in outcome.message


class SlowAnswers:
    """Answers every update after 0.2 s (sync or async), counting the requests."""

    def __init__(self) -> None:
        self.requests = 0
        self.wave: asyncio.Future[None] | None = None

    def reply(self, request: httpx.Request) -> httpx.Response:
        return success_answer([r["id"] for r in json.loads(request.content)["data"]])

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        time.sleep(0.2)
        return self.reply(request)

    async def handle(self, request: httpx.Request) -> httpx.Response:
        # every request of a wave is answered in the same turn of the event loop (one timer,
        # one future): with a sleep each, a loaded machine could end them a turn apart, and
        # the engine then took the third call while the second was still out and sent it
        # (the records fail only when the fourth is cut); 1 run in many
        self.requests += 1
        if self.wave is None or self.wave.done():
            self.wave = asyncio.get_running_loop().create_future()
            asyncio.get_running_loop().call_later(0.2, self.wave.set_result, None)
        await self.wave
        return self.reply(request)


def updates_failing_at(n: int) -> Iterator[dict[str, Any]]:
    for i in range(n):
        yield {"id": str(10**17 + i), "Stage": "Won"}
    raise RuntimeError(f"row {n} cannot be read")


def check_taken_not_sent(exc: BaseException, requests: int) -> None:
    # row 300 fails while 3 calls are taken: what went out is answered, what did not go out
    # says INTERRUPTED (the third waits for a slot: never sent); the rows of the call being cut
    # have no outcome (never sent)
    got = outcomes_before(exc)
    assert [o.index for o in got] == list(range(300))
    sent = [o for o in got if o.code != "INTERRUPTED"]
    assert all(o.ok for o in sent) and len(sent) == 100 * requests
    assert requests <= 2


def test_calls_taken_but_not_sent_when_the_records_fail_are_not_sent() -> None:
    server = SlowAnswers()
    with mock_client(server, concurrency=2, adaptive=False) as client:
        with pytest.raises(RuntimeError, match="row 300") as caught:
            client.crm.update_records("Deals", updates_failing_at(300))
    check_taken_not_sent(caught.value, server.requests)


def test_the_async_client_does_not_send_them_either() -> None:
    server = SlowAnswers()

    async def run() -> None:
        async with mock_async_client(server.handle, concurrency=2, adaptive=False) as client:
            await client.crm.update_records("Deals", updates_failing_at(300))

    with pytest.raises(RuntimeError, match="row 300") as caught:
        asyncio.run(run())
    check_taken_not_sent(caught.value, server.requests)
    assert server.requests == 2  # (the async engine takes no more calls than the concurrency)


@pytest.mark.parametrize(
    ("status", "body", "stops"),
    [
        # Zoho's "none succeeded" 400: per-record results, the run goes on
        (
            400,
            {"data": [{"code": "INVALID_DATA", "details": {}, "message": "m", "status": "error"}]},
            False,
        ),
        # a whole-call error, also when a 2xx carries it
        (400, {"code": "INVALID_MODULE", "details": {}, "message": "m", "status": "error"}, True),
        (200, {"code": "INVALID_MODULE", "details": {}, "message": "m", "status": "error"}, True),
    ],
)
def test_which_answers_stop_a_run(status: int, body: dict[str, Any], stops: bool) -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        n = len(json.loads(request.content)["data"])
        if "data" in body:
            return httpx.Response(status, json={"data": body["data"] * n})
        return httpx.Response(status, json=body)

    rows = [{"id": str(10**17 + i), "Stage": "Won"} for i in range(500)]
    with mock_client(answer, concurrency=1, retry_policy=fast_retries()) as client:
        result = client.crm.update_records("Deals", rows)
    assert len(sent) == (1 if stops else 5)
    assert not any(o.ok for o in result)


def test_closing_the_async_client_ends_its_io_threads(emulator: EmulatorServer) -> None:
    # (aclose once became unreachable code: the pool and connections were never closed)
    def io_threads() -> set[threading.Thread]:
        return {t for t in threading.enumerate() if t.name.startswith("zoho-records-io")}

    before = io_threads()

    async def run() -> None:
        async with AsyncZohoClient(base_url=emulator.base_url, access_token=emulator.token) as c:
            assert await c.crm.get_record("Deals", deal_ids(1)[0])

    asyncio.run(run())
    ours = io_threads() - before
    deadline = time.monotonic() + 5
    while any(t.is_alive() for t in ours) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [t.name for t in ours if t.is_alive()]


def test_a_none_succeeded_400_whose_first_record_names_a_bad_module_does_not_stop_the_run() -> None:
    # per-record results (Zoho's "none succeeded" 400): INVALID_MODULE of one record (e.g. a
    # note's se_module) says nothing of the calls after it
    sent: list[int] = []

    def answer(request: httpx.Request) -> httpx.Response:
        data = json.loads(request.content)["data"]
        sent.append(len(data))
        if data[0].get("Stage") == "bad":
            item = {"code": "INVALID_MODULE", "details": {}, "message": "m", "status": "error"}
            return httpx.Response(400, json={"data": [item] * len(data)})
        return success_answer([r["id"] for r in data])

    rows = [{"id": str(10**17 + i), "Stage": "bad" if i < 100 else "Won"} for i in range(300)]
    with mock_client(answer, concurrency=1, retry_policy=fast_retries()) as client:
        result = client.crm.update_records("Deals", rows)
    assert sent == [100, 100, 100]
    assert [o.ok for o in result] == [False] * 100 + [True] * 200


def test_the_429_hint_is_only_for_a_request_refused_on_every_try() -> None:
    answers = [503, 429]

    def answer(request: httpx.Request) -> httpx.Response:
        status = answers.pop(0)
        body = {"code": "X", "details": {}, "message": "too many requests", "status": "error"}
        return httpx.Response(status, json=body)

    with mock_client(answer, adaptive=False, retry_policy=fast_retries(1)) as client:
        (outcome,) = client.crm.update_records("Deals", [{"id": "1", "Stage": "Won"}])
    assert outcome.status_code == 429 and "refused with 429" not in outcome.message


def test_upserts_are_ordered_by_the_system_duplicate_check_when_the_metadata_is_unreadable() -> (
    None
):
    # a token without the settings scope: the unique fields are unknown, but Zoho checks a
    # Lead's Email first (Kaizen #56): two rows for one new lead must not race into two leads
    spans: dict[str, tuple[float, float]] = {}

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            body = {"code": "NO_PERMISSION", "details": {}, "message": "no", "status": "error"}
            return httpx.Response(403, json=body)
        data = json.loads(request.content)["data"]
        start = time.monotonic()
        time.sleep(0.1)
        spans[data[0]["Last_Name"]] = (start, time.monotonic())
        return success_answer([str(10**17 + i) for i in range(len(data))])

    rows = [{"Last_Name": f"L{i}", "Email": f"l{i}@zylker.com"} for i in range(200)]
    rows[150]["Email"] = " L0@Zylker.com"  # the same lead as row 0, as Zoho compares it
    with mock_client(answer, retry_policy=fast_retries()) as client:
        assert client.crm.upsert("Leads", rows).ok
    first, second = spans["L0"], spans["L100"]
    assert second[0] >= first[1], "the second row of one lead was sent while the first was"


def test_the_dry_run_counts_upserts_cut_by_the_system_duplicate_check(
    env: EmulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the metadata cannot be read (403): the client orders a Lead's rows by Email (Zoho's
    # system check); row 10 names row 0's lead, so it starts a new call (3 calls, not 2), and
    # the dry run counts the calls as the run cuts them
    set_faults(env, {"kind": "error", "status": 403, "method": "GET", "path": "settings/fields"})
    rows = [[f"L{i}", f"l{i}@zylker.com"] for i in range(150)]
    rows[10][1] = "L0@zylker.com"
    src = write_csv(tmp_path / "leads.csv", ["Last_Name", "Email"], rows)
    argv = ["upsert", "--product", "crm", "--module", "Leads", "--file", str(src)]
    argv += ["--base-url", env.base_url, "--no-progress", "--no-metadata"]
    assert main([*argv, "--dry-run"]) == 0
    counted = re.search(r"would take (\d+) API call", capsys.readouterr().err)
    assert counted is not None and int(counted.group(1)) == 3
    before = len(request_log(env))
    assert main(argv) == 0
    upserts = [r for r in request_log(env)[before:] if r["op"] == "upsert"]
    assert len(upserts) == 3
