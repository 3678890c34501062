"""The ASGI application: request intake, faults, limits, routing to the handlers.

:func:`create_app` returns a plain ASGI application (:class:`EmulatorApp`; no web framework:
ARCHITECTURE.md says why) whose :class:`EmulatorEndpoint` serves every path: ``urls.resolve``
names the handler, ``responses`` parses, calls the backend and renders. An error a handler
raises is rendered here by :meth:`~zoho_emulator.exceptions.EmulatorError.to_wire`, the one
place a domain error becomes a wire error.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
from types import SimpleNamespace
from typing import Any

from .auth import TokenStore
from .config import EmulatorConfig
from .exceptions import ZohoError, body_too_large, internal_error, too_many_requests
from .faults import FaultInjector, FaultRule
from .limits import LoadModel
from .models import Backend
from .responses import Handlers, Req
from .storage import SqliteStorage, Storage
from .urls import resolve

try:
    import orjson

    def dumps(v: Any) -> bytes:
        return orjson.dumps(v)
except ImportError:  # pragma: no cover

    def dumps(v: Any) -> bytes:
        return json.dumps(v, separators=(",", ":"), ensure_ascii=False).encode()


log = logging.getLogger("zoho_emulator")

JSON_HEADERS = [(b"content-type", b"application/json;charset=UTF-8")]


class Emulator:
    """The emulator's state and services, independent of the ASGI plumbing."""

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config = config or EmulatorConfig()
        storage: Storage | None = SqliteStorage(str(config.db)) if config.db else None
        self.backend = Backend(
            dataset=config.data,
            storage=storage,
            job_step_seconds=config.job_step_seconds,
            mass_update_max_records=config.mass_update_max_records,
            mass_update_max_ids=config.mass_update_max_ids,
            max_records_per_call=config.max_records_per_call,
        )
        self.tokens = TokenStore(
            config.token_specs(),
            config.client_id,
            config.client_secret,
            config.refresh_token_scopes(),
            config.token_expires_in,
        )
        self.faults = FaultInjector(config.fault_rules(), config.seed)
        self.load = LoadModel(config.load_profile(), config.seed, config.clock)
        self.handlers = Handlers(self)
        self.base_url: str | None = config.api_domain

    @property
    def in_flight(self) -> int:
        """Requests of the API (not the control endpoints) being answered now."""
        return self.load.in_flight

    def reset(self, dataset: Any = None) -> None:
        """Back to the start: dataset, issued tokens, configured faults and limits (a fresh
        credit window, zeroed counters)."""
        self.backend.reset(dataset)
        self.tokens.reset()
        self.faults.set(self.config.fault_rules())
        self.load.configure(self.config.load_profile())

    def api_domain(self, req: Req) -> str:
        if self.base_url:
            return self.base_url
        host = req.headers.get("host", "127.0.0.1")
        return f"http://{host}"


class EmulatorEndpoint:
    """Raw ASGI endpoint serving every path."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        emu = self.emu
        load = emu.load
        method = scope["method"]
        path = scope["path"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        api = not path.startswith("/_emulator")
        entered = heavy = metered = False
        arrived = time.monotonic()  # the latency model's clock (after an injected delay)
        try:
            try:
                if api:
                    load.enter()  # 429 over the concurrency cap (limits)
                    entered = True
                    delay, fault = emu.faults.pick(method, path)
                    if delay:
                        await asyncio.sleep(delay)
                        arrived = time.monotonic()  # a latency fault adds to the model's
                    if fault is not None:
                        if fault.kind == "drop":
                            await _drop(send)
                            return
                        _raise_fault(fault, load)
                elif emu.config.control_token is not None:
                    _check_control_token(emu.config.control_token, headers)
                body = await _read_body(receive, headers, emu.config.max_body_bytes)
                req = Req(method, path, scope.get("query_string", b""), headers, body)
                name, product, params = resolve(
                    method, path, emu.config.extra_operations, scope.get("raw_path")
                )
                req.product, req.params = product or "", params
                if product is not None:
                    req.token = emu.tokens.authenticate(headers.get("authorization"))
                    metered = True
                    if load.metered:  # 429 over the sub-concurrency cap or the credits
                        heavy = load.admit(name, req)
                status, payload, extra = getattr(emu.handlers, name)(req)
            except ZohoError as e:
                status, payload, extra = e.status, e.to_wire(), e.headers
            except Exception:  # never leak a traceback as a non-Zoho answer
                log.exception("unexpected error handling %s %s", method, path)
                ie = internal_error()
                status, payload, extra = ie.status, ie.to_wire(), None
            if entered and load.latency is not None and status != 429:
                # the answer goes a draw after the request arrived: the emulator's own work is
                # within it, as Zoho's is within a latency measured against Zoho (work that
                # takes longer is not cut short); the call holds its slots meanwhile
                due = arrived + load.draw_latency()
                await asyncio.sleep(max(0.0, due - time.monotonic()))
        finally:
            if heavy:
                load.release()
            if entered:
                load.leave()
        if metered:
            extra = load.credit_headers(extra)
        await _respond(send, status, payload, extra)


def _raise_fault(fault: FaultRule, load: LoadModel) -> None:
    """Answer an injected ``error`` or ``throttle`` fault."""
    if fault.kind == "throttle":
        load.throttled["injected"] += 1
        raise too_many_requests({"injected": True}, fault.retry_after)
    err = internal_error()
    err.status = fault.status
    raise err


CONTROL_HEADER = "x-emulator-control-token"


def _check_control_token(expected: str, headers: dict[str, str]) -> None:
    given = headers.get(CONTROL_HEADER, "")
    if not hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8")):
        raise ZohoError(
            code="INVALID_CONTROL_TOKEN",
            message="the control endpoints need the header X-Emulator-Control-Token with the token "
            "the emulator was started with (--control-token)",
            status=401,
        )


class _BodyTooLarge(Exception):
    pass


async def _read_body(receive: Any, headers: dict[str, str], limit: int) -> bytes:
    cl = headers.get("content-length")
    if cl is not None and cl.isdigit() and int(cl) > limit:
        raise body_too_large(limit)
    chunks = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        if chunk:
            size += len(chunk)
            if size > limit:
                raise body_too_large(limit)
            chunks.append(chunk)
        if not message.get("more_body", False):
            break
    if len(chunks) == 1:
        first: bytes = chunks[0]
        return first
    return b"".join(chunks)


async def _respond(send: Any, status: int, payload: Any, extra: dict[str, str] | None) -> None:
    if payload is None:
        body = b""
        hdrs: list[tuple[bytes, bytes]] = []
    else:
        body = payload if isinstance(payload, bytes) else dumps(payload)
        hdrs = list(JSON_HEADERS)
    hdrs.append((b"content-length", str(len(body)).encode()))
    if extra:
        hdrs.extend((k.lower().encode(), v.encode()) for k, v in extra.items())
    await send({"type": "http.response.start", "status": status, "headers": hdrs})
    await send({"type": "http.response.body", "body": body})


async def _drop(send: Any) -> None:
    """Start a response and never finish it: the server closes the connection mid-response."""
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json"), (b"content-length", b"1000")],
        }
    )
    await send({"type": "http.response.body", "body": b'{"data":[', "more_body": True})


class EmulatorApp:
    """The ASGI application: HTTP requests go to the endpoint, lifespan events are answered.

    A plain ASGI callable: the endpoint resolves Zoho's URL patterns itself (``urls``) and
    turns every error into a Zoho answer, so a framework's router and middleware would only
    add cost on the hot path (ARCHITECTURE.md, "Why no web framework").
    """

    def __init__(self, endpoint: EmulatorEndpoint) -> None:
        self.endpoint = endpoint
        self.state = SimpleNamespace(emulator=endpoint.emu)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            await self.endpoint(scope, receive, send)
        elif scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        # websockets: not served (Zoho has none); the server closes the connection


def create_app(config: EmulatorConfig | None = None) -> EmulatorApp:
    """An ASGI application emulating Zoho CRM and Bigin.

    The :class:`Emulator` behind it is ``app.state.emulator``.
    """
    return EmulatorApp(EmulatorEndpoint(Emulator(config)))
