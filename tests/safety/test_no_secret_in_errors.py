"""No secret in anything an error reaches: every failure path the client has (connection
refused, timeout, 401, a refresh refused, the accounts server unreachable or failing, 5xx),
sync and async, raised and as ``outcome.error`` of a bulk call. Each exception is walked
through every reference it holds (cause, context, args, attributes, notes, the requests and
responses it keeps), formatted as a traceback (also with the frames' local variables) and
pickled; none may show the access token, the refresh token or the client secret."""

from __future__ import annotations

import asyncio
import gc
import pickle
import socket
import traceback
import types
from collections.abc import Iterator
from typing import Any

import pytest

from zoho_emulator.faults import FaultRule
from zoho_emulator.testing import EmulatorServer
from zoho_records import AsyncZohoClient, RetryPolicy, ZohoClient, ZohoError

ACCESS = "1000.ACCESSSECRETaaaa"
REFRESH = "1000.REFRESHSECRETbbbb"
CLIENT_ID = "1000.CLIENTIDcccc"
SECRET = "CLIENTSECRETdddd"
WRONG_SECRET = "WRONGSECRETeeee"
WRONG_TOKEN = "1000.WRONGTOKENffff"
POLICY = RetryPolicy(max_retries=1, initial_delay=0.01, max_delay=0.01)


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(
        tokens={ACCESS: None},
        client_id=CLIENT_ID,
        client_secret=SECRET,
        refresh_tokens={REFRESH: None},
    ) as s:
        yield s


def _free_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port


@pytest.fixture(scope="module")
def silent() -> Iterator[str]:
    """A server that takes connections and never answers."""
    sock = socket.create_server(("127.0.0.1", 0))
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


_SKIP = (
    type,
    types.ModuleType,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.CodeType,
    types.FrameType,
    types.TracebackType,
)


def secrets_reachable(root: object, secrets: list[str]) -> list[str]:
    """The secrets found in any string or bytes reachable from ``root`` (tracebacks are
    checked apart, as text)."""
    found: list[str] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, str | bytes | bytearray | memoryview):
            text = obj if isinstance(obj, str) else bytes(obj).decode("latin-1")
            found += [f"{s} in {text[:80]!r}" for s in secrets if s in text]
            continue
        if isinstance(obj, _SKIP):
            continue
        stack.extend(gc.get_referents(obj))
    return found


def assert_clean(exc: BaseException, secrets: list[str]) -> None:
    assert isinstance(exc, ZohoError), exc
    chain: list[BaseException] = []
    link: BaseException | None = exc
    while link is not None:
        chain.append(link)
        link = link.__cause__ or link.__context__
    assert chain == [exc], f"chained to {chain[1:]}"
    assert not secrets_reachable(exc, secrets)
    text = "".join(traceback.format_exception(exc))
    # the local variables of the library's frames, as error trackers capture them (the
    # test's own frame, which holds the secrets to look for, is left out)
    frames = [
        (frame, line)
        for frame, line in traceback.walk_tb(exc.__traceback__)
        if "zoho_records" in frame.f_code.co_filename
    ]
    text += "".join(traceback.StackSummary.extract(iter(frames), capture_locals=True).format())
    text += repr(exc) + str(exc) + repr(getattr(exc, "__notes__", None))
    assert not [s for s in secrets if s in text], text
    pickled = pickle.dumps(exc)
    assert not [s for s in secrets if s.encode() in pickled]
    assert not secrets_reachable(pickle.loads(pickled), secrets)


def _issued(server: EmulatorServer) -> list[str]:
    return [t for t in server.emulator.tokens.tokens if t != ACCESS]


CASES = [
    "connect-error",
    "timeout",
    "401",
    "refresh-refused",
    "accounts-unreachable",
    "accounts-5xx",
    "5xx",
]


def _client_kwargs(case: str, server: EmulatorServer, silent: str) -> dict[str, Any]:
    refresh = {"refresh_token": REFRESH, "client_id": CLIENT_ID, "client_secret": SECRET}
    base = {"base_url": server.base_url, "retry_policy": POLICY, "timeout": 0.5}
    if case == "connect-error":
        return {**base, "base_url": f"http://127.0.0.1:{_free_port()}", **refresh}
    if case == "timeout":
        return {**base, "base_url": silent, "access_token": ACCESS}
    if case == "401":
        return {**base, "access_token": WRONG_TOKEN}
    if case == "refresh-refused":
        return {**base, **refresh, "client_secret": WRONG_SECRET}
    if case == "accounts-unreachable":
        return {**base, **refresh, "accounts_url": f"http://127.0.0.1:{_free_port()}"}
    if case == "accounts-5xx":
        server.emulator.faults.set([FaultRule(kind="error", path="^/oauth/", status=500)])
        return {**base, **refresh}
    if case == "5xx":
        server.emulator.faults.set([FaultRule(kind="error", path="^/(crm|bigin)/", status=500)])
        return {**base, **refresh}
    raise AssertionError(case)


@pytest.mark.parametrize("case", CASES)
def test_sync_errors_hold_no_secret(server, silent, case: str) -> None:
    server.reset()
    server.emulator.faults.clear()
    secrets = [ACCESS, REFRESH, SECRET, WRONG_SECRET, WRONG_TOKEN]
    with ZohoClient(**_client_kwargs(case, server, silent)) as client:
        with pytest.raises(ZohoError) as raised:
            client.crm.get_record("Deals", "554023000000235011")
        result = client.crm.update_records("Deals", [{"id": "554023000000235011", "Stage": "X"}])
        upsert = client.bigin.upsert("Contacts", [{"Last_Name": "Secretless"}])
    secrets += _issued(server)
    assert_clean(raised.value, secrets)
    for outcome in (*result, *upsert):
        assert not outcome.ok
        assert outcome.error is not None
        assert_clean(outcome.error, secrets)
        assert not secrets_reachable(outcome, secrets)
    server.emulator.faults.clear()


@pytest.mark.parametrize("case", CASES)
def test_async_errors_hold_no_secret(server, silent, case: str) -> None:
    server.reset()
    server.emulator.faults.clear()
    secrets = [ACCESS, REFRESH, SECRET, WRONG_SECRET, WRONG_TOKEN]

    async def run() -> tuple[BaseException, Any]:
        async with AsyncZohoClient(**_client_kwargs(case, server, silent)) as client:
            try:
                await client.crm.get_record("Deals", "554023000000235011")
            except ZohoError as exc:
                raised: BaseException = exc
            else:
                raise AssertionError("no error")
            result = await client.crm.update_records(
                "Deals", [{"id": "554023000000235011", "Stage": "X"}]
            )
            return raised, result

    raised, result = asyncio.run(run())
    secrets += _issued(server)
    assert_clean(raised, secrets)
    for outcome in result:
        assert outcome.error is not None
        assert_clean(outcome.error, secrets)
    server.emulator.faults.clear()
