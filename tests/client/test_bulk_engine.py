"""The bulk engine with MockTransport: bounded concurrency, ordering, streaming input."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import signal
import threading
import time

import httpx
import pytest

from zoho_records import ZohoClient
from zoho_records import _generated as gen
from zoho_records import _operations as ops

from .conftest import success_answer


def echo_handler(state: dict, delay: float = 0.005):
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        with lock:
            state["in_flight"] += 1
            state["max"] = max(state["max"], state["in_flight"])
            state["requests"] += 1
        time.sleep(delay * random.random())  # finish out of order
        records = json.loads(request.content)["data"]
        with lock:
            state["in_flight"] -= 1
        return success_answer([r["id"] for r in records])

    return handler


def test_concurrency_is_bounded_and_order_kept() -> None:
    state = {"in_flight": 0, "max": 0, "requests": 0}
    client = ZohoClient(
        base_url="https://x.test",
        access_token="t",
        concurrency=4,
        transport=httpx.MockTransport(echo_handler(state, 0.02)),
    )
    result = client.crm.update_records(
        "Deals", ({"id": str(i)} for i in range(3000))
    )  # a generator
    assert [o.id for o in result] == [str(i) for i in range(3000)]
    assert state["requests"] == 30
    assert 1 < state["max"] <= 4


def test_concurrency_one_is_sequential() -> None:
    state = {"in_flight": 0, "max": 0, "requests": 0}
    client = ZohoClient(
        base_url="https://x.test",
        access_token="t",
        concurrency=1,
        transport=httpx.MockTransport(echo_handler(state)),
    )
    assert client.bigin.update_records("Contacts", [{"id": str(i)} for i in range(201)]).ok
    assert state == {"in_flight": 0, "max": 1, "requests": 3}


def test_missing_results_are_errors_not_gaps() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        records = json.loads(request.content)["data"]
        return httpx.Response(
            200,
            json={
                "data": [
                    {
                        "code": "SUCCESS",
                        "status": "success",
                        "message": "ok",
                        "details": {"id": r["id"]},
                    }
                    for r in records[:-1]
                ]
            },
        )

    client = ZohoClient(
        base_url="https://x.test", access_token="t", transport=httpx.MockTransport(handler)
    )
    result = client.crm.update_records("Deals", [{"id": str(i)} for i in range(150)])
    assert len(result) == 150
    assert [o.index for o in result.failed] == [99, 149]
    assert {o.code for o in result.failed} == {"MISSING_RESULT"}


def test_non_json_answer_is_a_per_record_error() -> None:
    client = ZohoClient(
        base_url="https://x.test",
        access_token="t",
        max_retries=0,
        transport=httpx.MockTransport(lambda r: httpx.Response(200, text="<html>")),
    )
    result = client.crm.update_records("Deals", [{"id": "1"}, {"id": "2"}])
    assert [o.code for o in result] == ["UNEXPECTED_RESPONSE"] * 2


class _Opaque:
    """A value JSON cannot carry."""


@pytest.mark.parametrize("concurrency", [1, 4])
def test_records_that_cannot_be_sent_are_reported_and_the_rest_sent(concurrency: int) -> None:
    """A non-mapping record or an unencodable value mid-job: that record gets INVALID_INPUT
    ("not sent"), everything else is sent and answered; nothing is raised or lost."""
    state = {"in_flight": 0, "max": 0, "requests": 0, "sent": []}
    handler = echo_handler(state)

    def recording(request: httpx.Request) -> httpx.Response:
        state["sent"].extend(r["id"] for r in json.loads(request.content)["data"])
        return handler(request)

    records: list = [{"id": str(i), "Stage": "Won"} for i in range(350)]
    records[150] = "not a record"
    records[250] = {"id": "250", "Amount": _Opaque()}
    records[251] = None
    with ZohoClient(
        base_url="https://x.test",
        access_token="t",
        concurrency=concurrency,
        transport=httpx.MockTransport(recording),
    ) as client:
        result = client.crm.update_records("Deals", records)
    assert len(result) == 350
    bad = {o.index: o for o in result.failed}
    assert set(bad) == {150, 250, 251}
    assert all(
        o.code == "INVALID_INPUT" and o.message.startswith("not sent:") for o in bad.values()
    )
    assert "record 150 is a str" in bad[150].message
    assert "field 'Amount'" in bad[250].message and bad[250].id == "250"
    assert "record 251 is a NoneType" in bad[251].message
    assert [o.id for o in result.succeeded] == [str(i) for i in range(350) if i not in bad]
    assert sorted(state["sent"], key=int) == [str(i) for i in range(350) if i not in bad]
    assert state["requests"] == 4  # chunks 2 and 3 still went out without their bad records


def recording_client(calls: list[httpx.Request]) -> ZohoClient:
    """A client whose every request is recorded in ``calls`` and answered 500."""
    return ZohoClient(
        base_url="https://x.test",
        access_token="t",
        transport=httpx.MockTransport(lambda r: calls.append(r) or httpx.Response(500)),
    )


def test_unencodable_options_fail_the_chunk_not_the_job() -> None:
    """A bad value outside the records (here in the options) reaches every record of the call,
    each with an INVALID_INPUT outcome; nothing is sent and nothing raised."""
    calls: list[httpx.Request] = []
    with recording_client(calls) as client:
        result = client.crm.update_records(
            "Deals", [{"id": "1"}, {"id": "2"}], skip_feature_execution=[{"name": _Opaque()}]
        )
    assert [o.code for o in result] == ["INVALID_INPUT", "INVALID_INPUT"]
    assert calls == []


def test_async_client_reports_records_that_cannot_be_sent() -> None:
    import asyncio

    from zoho_records import AsyncZohoClient

    state = {"in_flight": 0, "max": 0, "requests": 0}

    async def run():
        async with AsyncZohoClient(
            base_url="https://x.test",
            access_token="t",
            transport=httpx.MockTransport(echo_handler(state)),
        ) as client:
            records = [{"id": str(i)} for i in range(120)]
            records[3] = {"id": "3", "X": [_Opaque()]}
            records[110] = 42
            return await client.bigin.update_records("Contacts", records)

    result = asyncio.run(run())
    assert [o.index for o in result.failed] == [3, 110]
    assert {o.code for o in result.failed} == {"INVALID_INPUT"}
    assert len(result.succeeded) == 118


@pytest.mark.parametrize(
    "since",
    ["yesterday", "2024-01-15T15:26:49", "2024-02-30T10:00:00+05:30", dt.datetime(2024, 1, 15)],
)
def test_if_unmodified_since_is_checked_before_sending(since) -> None:
    calls: list[httpx.Request] = []
    with recording_client(calls) as client:
        with pytest.raises(ValueError, match="if_unmodified_since"):
            client.crm.update_records("Deals", [{"id": "1"}], if_unmodified_since=since)
    assert calls == []


def test_if_unmodified_since_goes_out_as_iso_8601() -> None:
    seen = []
    state = {"in_flight": 0, "max": 0, "requests": 0}
    handler = echo_handler(state)

    def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("If-Unmodified-Since"))
        return handler(request)

    tz = dt.timezone(dt.timedelta(hours=5, minutes=30))
    with ZohoClient(
        base_url="https://x.test", access_token="t", transport=httpx.MockTransport(recording)
    ) as client:
        for since in ("2024-01-15T15:26:49Z", dt.datetime(2024, 1, 15, 15, 26, 49, tzinfo=tz)):
            assert client.crm.update_records("Deals", [{"id": "1"}], if_unmodified_since=since).ok
    assert seen == ["2024-01-15T15:26:49Z", "2024-01-15T15:26:49+05:30"]


def _slow_client(sent: list[str], at_request: int, act, concurrency: int = 4) -> ZohoClient:
    """A client whose mock server is slow, records the ids it received and calls ``act()``
    when request ``at_request`` arrives."""
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        records = json.loads(request.content)["data"]
        with lock:
            sent.extend(r["id"] for r in records)
            count = len(sent) // 100
        if count == at_request:
            act()
        time.sleep(0.02)
        return success_answer([r["id"] for r in records])

    return ZohoClient(
        base_url="https://x.test",
        access_token="t",
        concurrency=concurrency,
        transport=httpx.MockTransport(handler),
    )


def _update_calls(records: list[dict]):
    return ops.record_calls(
        lambda body: gen.crm_update_records_req("v8", "Deals", body, None), records
    )


@pytest.mark.parametrize("concurrency", [1, 4])
def test_stop_takes_no_more_calls_and_reports_every_record_sent(concurrency: int) -> None:
    """The command line's Ctrl-C: once ``stop()`` is true no new call is taken, and every
    record that was sent still gets its outcome."""
    sent: list[str] = []
    got: list[str] = []
    stop = threading.Event()
    records = [{"id": str(i)} for i in range(5000)]
    interrupted: list[str] = []
    with _slow_client(sent, 6, stop.set, concurrency) as client:
        for batch in client._iter_bulk(_update_calls(records), stop=stop.is_set):
            got.extend(o.id for o in batch if o.ok)
            interrupted.extend(o.id for o in batch if o.code == "INTERRUPTED")
    # what was in flight when stop() turned true went out (request 6 and at most
    # ``concurrency - 1`` others); nothing after it
    assert 600 <= len(sent) <= 100 * (6 + concurrency - 1)
    assert sorted(got, key=int) == sorted(sent, key=int)
    assert not set(interrupted) & set(sent)  # taken but not sent: told so, one outcome each


def test_ctrl_c_in_a_library_call_propagates() -> None:
    """A Ctrl-C (SIGINT to the main thread) while ``update_records`` waits for its workers.

    Deterministic: the worker that sends it waits until the main thread's handler has run, so
    the call cannot finish first; a real signal (not ``_thread.interrupt_main``, which only
    sets a flag) wakes the main thread from its blocking wait."""
    sent: list[str] = []
    delivered = threading.Event()
    records = [{"id": str(i)} for i in range(5000)]
    main = threading.main_thread().ident
    assert main is not None

    def on_sigint(signum: int, frame: object) -> None:
        delivered.set()
        raise KeyboardInterrupt

    def ctrl_c() -> None:
        signal.pthread_kill(main, signal.SIGINT)
        assert delivered.wait(30), "the main thread never got the Ctrl-C"

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        with _slow_client(sent, 3, ctrl_c) as client:
            with pytest.raises(KeyboardInterrupt):
                client.crm.update_records("Deals", records)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert delivered.is_set()
    assert len(sent) < 5000


def test_concurrency_two_sends_two_at_once() -> None:
    # the first request is answered once a second is in the server's hands (2 s at most)
    second = threading.Event()
    first_saw_second: list[bool] = []
    echo = echo_handler({"in_flight": 0, "max": 0, "requests": 0}, 0)
    arrivals = itertools.count()

    def handler(request: httpx.Request) -> httpx.Response:
        if next(arrivals) == 0:
            first_saw_second.append(second.wait(2))
        else:
            second.set()
        return echo(request)

    with ZohoClient(
        base_url="https://x.test",
        access_token="t",
        concurrency=2,
        transport=httpx.MockTransport(handler),
    ) as client:
        assert client.crm.update_records("Deals", [{"id": str(i)} for i in range(400)]).ok
    assert first_saw_second == [True]
