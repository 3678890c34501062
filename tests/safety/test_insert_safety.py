"""Inserts and deletes through a proxy that loses requests. An insert whose answer is lost
after the server acted on it is never sent again (no record is inserted twice) and its
records are reported UNKNOWN; so is one lost before the server saw it (the client cannot
tell the two apart), and it is not sent twice either. (A connection that could not be opened,
or a 429, is retried: tests/client/test_records_api.py.)"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from zoho_emulator.config import EmulatorConfig
from zoho_emulator.testing import EmulatorServer
from zoho_records import RetryPolicy, ZohoClient

from .conftest import records
from .fault_proxy import FaultProxy, first_attempt_dropped

FAST = RetryPolicy(max_retries=3, initial_delay=0.01, max_delay=0.02, max_retry_after=0.02)
# insert is served by default once issue 13's emulator work is in; before, behind a flag
_EXTRA = (
    {"extra_operations": True}
    if "extra_operations" in {f.name for f in dataclasses.fields(EmulatorConfig)}
    else {}
)


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(**_EXTRA) as s:
        yield s


@pytest.fixture
def proxy(server: EmulatorServer) -> Iterator[FaultProxy]:
    server.reset()
    with FaultProxy(server.port) as p:
        yield p


def names(server: EmulatorServer, prefix: str) -> Counter[str]:
    return Counter(
        str(r.get("Deal_Name"))
        for r in records(server, "crm", "Deals")
        if str(r.get("Deal_Name", "")).startswith(prefix)
    )


def test_an_insert_that_loses_its_answer_is_unknown_and_not_resent(
    server: EmulatorServer, proxy: FaultProxy
) -> None:
    posts: list[bytes] = []
    lose = first_attempt_dropped(lambda body: "drop_after" if b"lost-" in body else None)

    def plan(method: str, path: str, body: bytes) -> str:
        if method == "POST":
            posts.append(body)
        return lose(method, path, body)

    proxy.plan = plan
    batch = [{"Deal_Name": f"lost-{i}", "Stage": "Qualification"} for i in range(100)]
    batch += [{"Deal_Name": f"kept-{i}", "Stage": "Qualification"} for i in range(50)]
    with ZohoClient(
        base_url=proxy.base_url, access_token=server.token, retry_policy=FAST
    ) as client:
        result = client.crm.insert("Deals", batch)
    assert [o.index for o in result] == list(range(150))
    assert {o.code for o in result[:100]} == {"UNKNOWN"}
    assert all(o.ok and o.id for o in result[100:])
    assert proxy.actions["drop_after"] == 1
    assert len(posts) == 2  # the lost request was not sent again
    # the server did act on it: each record exactly once, nothing twice
    assert names(server, "lost-") == Counter({f"lost-{i}": 1 for i in range(100)})
    assert names(server, "kept-") == Counter({f"kept-{i}": 1 for i in range(50)})


def test_drop_before_an_insert_is_also_unknown_the_client_cannot_tell(
    server: EmulatorServer, proxy: FaultProxy
) -> None:
    proxy.plan = first_attempt_dropped(lambda body: "drop_before")
    with ZohoClient(
        base_url=proxy.base_url, access_token=server.token, retry_policy=FAST
    ) as client:
        result = client.crm.insert("Deals", [{"Deal_Name": "maybe-1", "Stage": "Qualification"}])
    outcome: Any = result[0]
    assert outcome.code == "UNKNOWN" and "check" in outcome.message
    assert names(server, "maybe-") == Counter()  # never written, and not sent twice
