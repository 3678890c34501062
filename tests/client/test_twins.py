"""The sync and async twins: generated from one source, the same interface, every method
documented, the same behaviour; and the public streaming methods' ``stop``."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import re
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from codegen import unasync
from zoho_records import AsyncZohoClient, ZohoClient
from zoho_records._async.resources import AsyncBigin, AsyncCrm
from zoho_records._bulk import iter_async
from zoho_records._logging import AsyncLoggingTransport, LoggingTransport
from zoho_records._retry import AsyncRetryTransport, RetryTransport
from zoho_records._sync.resources import Bigin, Crm

from .conftest import success_answer

PAIRS = [
    (Crm, AsyncCrm),
    (Bigin, AsyncBigin),
    (ZohoClient, AsyncZohoClient),
    (RetryTransport, AsyncRetryTransport),
    (LoggingTransport, AsyncLoggingTransport),
]


def _public(cls: type) -> dict[str, Any]:
    return {
        name: member
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") and (inspect.isfunction(member) or isinstance(member, property))
    }


def _params(func: Any) -> list[tuple[str, Any, Any]]:
    if isinstance(func, property):
        return [("<property>", None, None)]
    # a default that is a function is compared by name: asyncio.sleep is the twin of time.sleep
    return [
        (p.name, p.kind, p.default.__name__ if inspect.isroutine(p.default) else p.default)
        for p in inspect.signature(func).parameters.values()
    ]


@pytest.mark.parametrize("sync, async_", PAIRS, ids=lambda c: c.__name__)
def test_twins_have_the_same_methods_and_parameters(sync: type, async_: type) -> None:
    # a name that differs by design (httpx's: aclose/close, handle_async_request/handle_request)
    # is one the generator renames
    ours = _public(sync)
    theirs = {unasync.RENAMES.get(name, name): m for name, m in _public(async_).items()}
    assert set(ours) == set(theirs)
    for name in ours:
        assert _params(ours[name]) == _params(theirs[name]), name
        if inspect.isfunction(theirs[name]) and not isinstance(theirs[name], property):
            is_async = (
                inspect.iscoroutinefunction(theirs[name])
                or inspect.isasyncgenfunction(theirs[name])
                # a stream checks its arguments when called: a plain function returning one
                or str(inspect.signature(theirs[name]).return_annotation).startswith(
                    "AsyncIterator["
                )
            )
            assert is_async, f"{async_.__name__}.{name} is not async"
            assert not inspect.iscoroutinefunction(ours[name]), f"{sync.__name__}.{name}"
    assert _params(sync.__init__) == _params(async_.__init__)  # type: ignore[misc]


@pytest.mark.parametrize("cls", [c for pair in PAIRS for c in pair], ids=lambda c: c.__name__)
def test_every_public_method_has_a_docstring(cls: type) -> None:
    assert (cls.__doc__ or "").strip(), cls.__name__
    undocumented = [
        name for name, member in _public(cls).items() if not (member.__doc__ or "").strip()
    ]
    assert undocumented == [], f"{cls.__name__}: {undocumented} have no docstring"


def test_public_import_paths_are_kept() -> None:
    from zoho_records import _client, _resources, _retry

    assert _resources.Crm is Crm and _resources.AsyncBigin is AsyncBigin
    assert _client.ZohoClient is ZohoClient and _client.AsyncZohoClient is AsyncZohoClient
    assert _retry.RetryTransport.__module__ == "zoho_records._sync.retry"
    assert _retry.AsyncRetryTransport.__module__ == "zoho_records._async.retry"
    from zoho_records import _logging

    assert _logging.LoggingTransport.__module__ == "zoho_records._sync.logging"
    assert _logging.AsyncLoggingTransport.__module__ == "zoho_records._async.logging"
    assert {"LoggingTransport", "AsyncLoggingTransport"} <= set(_logging.__all__)


def test_the_auth_flows_are_the_twins_not_httpx_defaults() -> None:
    from zoho_records._async.auth import AsyncAuthFlow
    from zoho_records._auth import ZohoAuth
    from zoho_records._sync.auth import SyncAuthFlow

    assert ZohoAuth.sync_auth_flow is SyncAuthFlow.sync_auth_flow
    assert ZohoAuth.async_auth_flow is AsyncAuthFlow.async_auth_flow


# -- the logging transports ---------------------------------------------------------------------
def _exchanges(mode: str, transport_level: int) -> list[str]:
    """What the ``mode`` logging transport logs for: one write answered twice (the second send
    of the same request is its retry 1) and one read whose connection is refused; durations
    blanked."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/refused":
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(201, json={"data": [{"status": "success"}]})

    write = httpx.Request("PUT", "https://x.test/crm/v8/Deals?access_token=s3cret&a=1", json=[1])
    read = httpx.Request("GET", "https://x.test/refused")
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("zoho_records.http")
    saved = logger.level
    logger.addHandler(handler)
    logger.setLevel(transport_level)
    try:
        if mode == "sync":
            sync = LoggingTransport(httpx.MockTransport(answer))
            assert sync.handle_request(write).json()["data"][0]["status"] == "success"
            assert sync.handle_request(write).status_code == 201
            with pytest.raises(httpx.ConnectError):
                sync.handle_request(read)
            sync.close()
        else:

            async def go() -> None:
                async_ = AsyncLoggingTransport(httpx.MockTransport(answer))
                answered = await async_.handle_async_request(write)
                assert json.loads(await answered.aread())["data"][0]["status"] == "success"
                assert (await async_.handle_async_request(write)).status_code == 201
                with pytest.raises(httpx.ConnectError):
                    await async_.handle_async_request(read)
                await async_.aclose()

            asyncio.run(go())
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved)
    return [
        f"{r.levelname} " + re.sub(r" in [0-9.]+ ms", " in # ms", r.getMessage()) for r in records
    ]


def test_both_logging_transports_log_the_same_lines() -> None:
    expected = [
        "INFO PUT /crm/v8/Deals?access_token=[redacted]&a=1 -> 201 Created in # ms",
        "DEBUG PUT /crm/v8/Deals?access_token=[redacted]&a=1: sent 3 bytes, received 31 bytes",
        "INFO PUT /crm/v8/Deals?access_token=[redacted]&a=1 -> 201 Created in # ms (retry 1)",
        "DEBUG PUT /crm/v8/Deals?access_token=[redacted]&a=1: sent 3 bytes, received 31 bytes",
        "INFO GET /refused -> ConnectError in # ms",
    ]
    assert _exchanges("sync", logging.DEBUG) == expected
    assert _exchanges("async", logging.DEBUG) == expected
    info = [line for line in expected if line.startswith("INFO")]
    assert _exchanges("sync", logging.INFO) == _exchanges("async", logging.INFO) == info
    assert _exchanges("sync", logging.WARNING) == _exchanges("async", logging.WARNING) == []


# -- the generator ------------------------------------------------------------------------------
def test_the_sync_twins_are_what_the_async_source_generates() -> None:
    assert unasync.main(["--check"]) == 0


def test_the_check_names_a_sync_file_that_differs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "src" / "zoho_records" / "_sync"
    shutil.copytree(unasync.TARGET_DIR, copy)
    hand_edits: dict[str, Callable[[str], str]] = {
        "resources.py": lambda text: text + "\n# edited by hand\n",
        "logging.py": lambda text: text.replace("            response.read()\n", ""),
    }
    for name, edit in hand_edits.items():
        edited = copy / name
        text = edited.read_text()
        assert edit(text) != text, name
        edited.write_text(edit(text))
    (copy / "orphan.py").write_text("x = 1\n")
    monkeypatch.setattr(unasync, "ROOT", tmp_path)
    monkeypatch.setattr(unasync, "TARGET_DIR", copy)
    monkeypatch.setattr(unasync, "SOURCE_DIR", _copy_sources(tmp_path))
    assert unasync.main(["--check"]) == 1
    err = capsys.readouterr().err
    for name in ("resources", "logging"):
        assert f"_sync/{name}.py differs from what src/zoho_records/_async/{name}.py" in err
    assert "_sync/orphan.py has no async source" in err
    assert "client.py" not in err
    assert unasync.main([]) == 0  # regenerates, removes the orphan
    assert unasync.main(["--check"]) == 0 and not (copy / "orphan.py").exists()


def _copy_sources(root: Path) -> Path:
    target = root / "src" / "zoho_records" / "_async"
    shutil.copytree(unasync.SOURCE_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_unasync_rewrites_keywords_and_names_but_not_parts_of_words() -> None:
    source = (
        "async def f(x: AsyncIterator[int]) -> Awaitable[int]:\n"
        "    async with a:\n"
        "        await asyncio.sleep(1)\n"
        "    async for b in AsyncCrm(x).aread():\n"
        "        yield b\n"
        "    MyAsyncCrm, aclosed = 1, 2\n"
    )
    assert unasync.unasync_text(source) == (
        "def f(x: Iterator[int]) -> int:\n"
        "    with a:\n"
        "        time.sleep(1)\n"
        "    yield from Crm(x).read()\n"
        "    MyAsyncCrm, aclosed = 1, 2\n"
    )


# -- streaming with a stop signal ---------------------------------------------------------------
class _Server:
    """A mock Zoho that answers every write with success, records the ids it received, and
    turns ``stopped`` on when request number ``stop_at`` arrives."""

    def __init__(self, stop_at: int) -> None:
        self.stop_at = stop_at
        self.requests: list[tuple[str, str]] = []
        self.sent: list[str] = []
        self.stopped = threading.Event()
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        ids = body.get("ids") or [str(r.get("id") or r.get("Email")) for r in body["data"]]
        with self.lock:
            self.requests.append((request.method, request.url.path))
            self.sent.extend(ids)
            if len(self.requests) == self.stop_at:
                self.stopped.set()
        return success_answer(ids)


def _run(
    mode: str, server: _Server, call: Callable[[Any, Callable[[], bool]], Any], concurrency: int
) -> list[Any]:
    kwargs = {"base_url": "https://x.test", "access_token": "t", "concurrency": concurrency}
    if mode == "sync":
        with ZohoClient(transport=httpx.MockTransport(server), **kwargs) as client:
            return list(call(client, server.stopped.is_set))

    async def go() -> list[Any]:
        async with AsyncZohoClient(transport=httpx.MockTransport(server), **kwargs) as client:
            return [o async for o in call(client, server.stopped.is_set)]

    return asyncio.run(go())


STREAMS: dict[str, tuple[int, Callable[[Any, list[Any], Callable[[], bool]], Any]]] = {
    # name: (records per request, the call)
    "crm.iter_update_records": (
        100,
        lambda c, rows, stop: c.crm.iter_update_records("Deals", rows, stop=stop),
    ),
    "crm.iter_mass_update": (
        500,
        lambda c, rows, stop: c.crm.iter_mass_update(
            "Deals", {"Stage": "Won"}, ids=[r["id"] for r in rows], stop=stop
        ),
    ),
    "bigin.iter_update_records": (
        100,
        lambda c, rows, stop: c.bigin.iter_update_records("Pipelines", rows, stop=stop),
    ),
    "bigin.iter_upsert": (
        100,
        lambda c, rows, stop: c.bigin.iter_upsert(
            "Contacts", rows, duplicate_check_fields=["Email"], stop=stop
        ),
    ),
    "bigin.iter_update_related": (
        100,
        lambda c, rows, stop: c.bigin.iter_update_related(
            "Pipelines", "1", "Contacts", rows, stop=stop
        ),
    ),
}


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("concurrency", [1, 3])
@pytest.mark.parametrize("name", sorted(STREAMS))
def test_stop_sends_nothing_new_and_answers_every_record_taken(
    name: str, concurrency: int, mode: str
) -> None:
    size, stream = STREAMS[name]
    rows = [{"id": str(10_000 + i), "Email": str(10_000 + i)} for i in range(size * 40)]
    server = _Server(stop_at=3)
    outcomes = _run(mode, server, lambda c, stop: stream(c, rows, stop), concurrency)
    # request 3 turned stop on: what was in flight then went out, nothing after it
    assert 3 <= len(server.requests) <= 3 + concurrency
    indices = [o.index for o in outcomes]
    assert len(indices) == len(set(indices))  # one outcome per record at most
    sent = {o.index for o in outcomes if o.ok}
    assert {rows[i]["id"] for i in sent} == set(server.sent)  # every record sent is answered
    interrupted = [o for o in outcomes if o.code == "INTERRUPTED"]
    assert all(not o.ok and o.message.startswith("not sent") for o in interrupted)
    assert not {o.index for o in interrupted} & sent
    assert len(outcomes) < len(rows)  # the rest of the input was not read


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_without_stop_every_record_is_answered(mode: str) -> None:
    rows = [{"id": str(i)} for i in range(1234)]
    server = _Server(stop_at=10**9)

    def mass(client: Any, stop: Callable[[], bool]) -> Any:
        return client.crm.iter_mass_update("Deals", {"Stage": "Won"}, ids=[r["id"] for r in rows])

    outcomes = _run(mode, server, mass, 4)
    assert sorted(o.index for o in outcomes) == list(range(1234)) and all(o.ok for o in outcomes)
    assert len(server.requests) == 3  # 500 ids per request
    assert {o.id for o in outcomes} == {r["id"] for r in rows}


def test_iter_async_stop_is_polled_before_each_send() -> None:
    from zoho_records import _generated as gen
    from zoho_records import _operations as ops

    sent: list[int] = []

    async def send(req: Any) -> httpx.Response:
        sent.append(len(sent))
        await asyncio.sleep(0)
        ids = [r["id"] for r in req.body["data"]]
        return success_answer(ids)

    calls = ops.record_calls(
        lambda body: gen.crm_update_records_req("v8", "Deals", body, None),
        [{"id": str(i)} for i in range(1000)],
    )

    async def go() -> list[Any]:
        return [
            o
            for batch in [b async for b in iter_async(calls, send, 4, stop=lambda: True)]
            for o in batch
        ]

    outcomes = asyncio.run(go())
    # stop was already true: the one call taken is not sent, the rest is not read
    assert sent == [] and [o.code for o in outcomes] == ["INTERRUPTED"] * 100


# -- the unique-fields cache ---------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_reading_the_metadata_feeds_the_upsert_retry_rule(mode: str) -> None:
    reads: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            reads.append(request.url.path)
            fields = [
                {"api_name": "Email", "unique": {"casesensitive": False}},
                {"api_name": "Last_Name"},
            ]
            return httpx.Response(200, json={"fields": fields})
        body = json.loads(request.content)
        return success_answer([str(i) for i, _ in enumerate(body["data"])])

    rows = [{"Last_Name": "A", "Email": "a@x.test"}]
    kwargs = {"base_url": "https://x.test", "access_token": "t"}
    if mode == "sync":
        with ZohoClient(transport=httpx.MockTransport(handler), **kwargs) as client:
            client.bigin.get_fields("Contacts")
            assert client.bigin.unique_fields("Contacts") == ["Email"]
            assert client.bigin.upsert("Contacts", rows).ok
            assert list(client.bigin.iter_upsert("Contacts", rows))[0].ok
    else:

        async def go() -> None:
            async with AsyncZohoClient(transport=httpx.MockTransport(handler), **kwargs) as c:
                await c.bigin.get_fields("Contacts")
                assert await c.bigin.unique_fields("Contacts") == ["Email"]
                assert (await c.bigin.upsert("Contacts", rows)).ok
                assert [o async for o in c.bigin.iter_upsert("Contacts", rows)][0].ok

        asyncio.run(go())
    assert len(reads) == 1  # the caller's read; the upserts read nothing again


def test_ctrl_c_thrown_into_a_stream_does_not_wait_for_the_requests_in_flight() -> None:
    """The command line's second Ctrl-C, thrown into a public stream, reaches the engine:
    it gives up the requests in flight instead of waiting for them."""
    release = threading.Event()
    answered: list[int] = []
    finished: list[int] = []
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        ids = [r["id"] for r in json.loads(request.content)["data"]]
        with lock:
            first = not answered
            answered.append(0)
        if not first:
            release.wait(5)  # every request but the first hangs until the test ends
        finished.append(0)
        return success_answer(ids)

    rows = [{"id": str(i)} for i in range(1000)]
    client = ZohoClient(
        base_url="https://x.test",
        access_token="t",
        concurrency=3,
        transport=httpx.MockTransport(handler),
    )
    try:
        stream = client.crm.iter_update_records("Deals", rows)
        assert next(stream).ok  # the first request is answered; others are in flight
        with pytest.raises(KeyboardInterrupt):
            stream.throw(KeyboardInterrupt)
        assert len(finished) == 1  # returned at once: the hanging requests were not waited for
    finally:
        release.set()
        client.close()
