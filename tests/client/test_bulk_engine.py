"""The bulk engine with MockTransport: bounded concurrency, ordering, streaming input."""

from __future__ import annotations

import json
import random
import threading
import time

import httpx

from zoho_records import ZohoClient


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
                    for r in records
                ]
            },
        )

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
