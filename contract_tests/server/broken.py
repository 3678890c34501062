"""Deliberately broken servers: the emulator wrapped in an ASGI middleware that breaks one rule.

The suite proves it can fail: for each variant, a run against the broken server must report the
check named in ``EXPECTED_CHECK`` (``test_broken_servers.py``). Each variant breaks one thing and
leaves the rest of the emulator's answers untouched.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

# Keys of a read record that are the server's own, not values a client wrote.
SYSTEM_KEYS = frozenset(
    {"id", "Created_Time", "Modified_Time", "Created_By", "Modified_By", "Owner", "Tag"}
)


def _wrong_status(method: str, path: str, request: Any, status: int, body: Any) -> tuple[int, Any]:
    """Answers 422 (a common framework default) where Zoho answers 400: an undocumented status."""
    return (422 if status == 400 else status), body


def _missing_required_field(
    method: str, path: str, request: Any, status: int, body: Any
) -> tuple[int, Any]:
    """Leaves the required ``status`` out of error bodies and per-record results."""
    if isinstance(body, dict):
        if body.get("status") == "error" and "data" not in body:
            body.pop("status")
        for item in body.get("data") or []:
            if isinstance(item, dict) and item.get("status") in ("success", "error"):
                item.pop("status")
    return status, body


def _undocumented_error_code(
    method: str, path: str, request: Any, status: int, body: Any
) -> tuple[int, Any]:
    """Answers every error with a code the spec does not document (the body stays schema-valid)."""
    if isinstance(body, dict):
        if body.get("status") == "error" and "data" not in body:
            body["code"] = "SOMETHING_UNDOCUMENTED"
        for item in body.get("data") or []:
            if isinstance(item, dict) and item.get("status") == "error":
                item["code"] = "SOMETHING_UNDOCUMENTED"
    return status, body


def _accepts_invalid_body(
    method: str, path: str, request: Any, status: int, body: Any
) -> tuple[int, Any]:
    """Answers a write whose body has no ``data`` array (or is not JSON) with success."""
    if method in ("PUT", "POST") and not (
        isinstance(request, dict) and isinstance(request.get("data"), list)
    ):
        return 200, {
            "data": [
                {
                    "code": "SUCCESS",
                    "details": {"id": "1"},
                    "message": "record updated",
                    "status": "success",
                }
            ]
        }
    return status, body


def _drops_a_result(
    method: str, path: str, request: Any, status: int, body: Any
) -> tuple[int, Any]:
    """Answers a write of several records with one result fewer than records."""
    if method in ("PUT", "POST") and isinstance(body, dict) and isinstance(body.get("data"), list):
        if (
            isinstance(request, dict)
            and isinstance(request.get("data"), list)
            and len(request["data"]) > 1
        ):
            body["data"] = body["data"][:-1]
    return status, body


def _method_not_allowed(
    method: str, path: str, request: Any, status: int, body: Any
) -> tuple[int, Any]:
    """Answers a wrong method with the generic 405 instead of 400 INVALID_REQUEST_METHOD."""
    if isinstance(body, dict) and body.get("code") == "INVALID_REQUEST_METHOD":
        return 405, body
    return status, body


def _stale_read(method: str, path: str, request: Any, status: int, body: Any) -> tuple[int, Any]:
    """Reads show stale text values: a read after a write does not show the values written."""
    if method == "GET" and status == 200 and isinstance(body, dict) and "info" not in body:
        for record in body.get("data") or []:
            if isinstance(record, dict) and "id" in record:
                for key, value in record.items():
                    if key not in SYSTEM_KEYS and isinstance(value, str):
                        record[key] = value + " (stale)"
    return status, body


def _numeric_record_ids(
    method: str, path: str, request: Any, status: int, body: Any
) -> tuple[int, Any]:
    """Answers the id in ``details`` of a written record as a JSON number, not a string."""
    if isinstance(body, dict):
        for item in body.get("data") or []:
            details = item.get("details") if isinstance(item, dict) else None
            if item.get("status") == "success" and isinstance(details, dict):
                if isinstance(details.get("id"), str) and details["id"].isdigit():
                    details["id"] = int(details["id"])
    return status, body


ResponseRewrite = Callable[[str, str, Any, int, Any], tuple[int, Any]]

RESPONSE_REWRITES: dict[str, ResponseRewrite] = {
    "wrong_status": _wrong_status,
    "missing_required_field": _missing_required_field,
    "undocumented_error_code": _undocumented_error_code,
    "accepts_invalid_body": _accepts_invalid_body,
    "drops_a_result": _drops_a_result,
    "method_not_allowed": _method_not_allowed,
    "stale_read": _stale_read,
    "numeric_record_ids": _numeric_record_ids,
}

# Variants that change the request before the emulator sees it.
REQUEST_VARIANTS = ("ignores_if_unmodified_since", "ignores_auth")

VARIANTS = (*RESPONSE_REWRITES, *REQUEST_VARIANTS)

# The check that must report each variant.
EXPECTED_CHECK = {
    "wrong_status": "status_code_conformance",
    "missing_required_field": "response_schema_conformance",
    "undocumented_error_code": "zoho_documented_error_codes",
    "accepts_invalid_body": "zoho_negative_data_rejection",
    "drops_a_result": "zoho_one_result_per_record",
    "method_not_allowed": "zoho_unsupported_method",
    "stale_read": "zoho_read_after_write",
    "numeric_record_ids": "zoho_one_result_per_record",
    "ignores_if_unmodified_since": "zoho_if_unmodified_since",
    "ignores_auth": "zoho_auth_required",
}


def broken(app: App, variant: str, *, token: str) -> App:
    """``app`` with one rule broken."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; one of {', '.join(VARIANTS)}")

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        if variant in REQUEST_VARIANTS:
            await app(_rewrite_request(scope, variant, token), receive, send)
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        raw_request = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": raw_request, "more_body": False}
            return {"type": "http.disconnect"}

        start: Message = {}
        response_chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                response_chunks.append(message.get("body", b""))

        await app(scope, replay, capture)
        status = start.get("status", 500)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        raw_response = b"".join(response_chunks)
        try:
            body = json.loads(raw_response) if raw_response else None
        except ValueError:
            body = None
        try:
            request = json.loads(raw_request) if raw_request else None
        except ValueError:
            request = None
        if body is not None:
            status, body = RESPONSE_REWRITES[variant](
                scope["method"], scope["path"], request, status, body
            )
            raw_response = json.dumps(body).encode()
            if not any(k.lower() == b"content-type" for k, _ in headers):
                headers.append((b"content-type", b"application/json"))
        elif variant == "accepts_invalid_body":
            status, body = _accepts_invalid_body(
                scope["method"], scope["path"], request, status, None
            )
            if body is not None:
                raw_response = json.dumps(body).encode()
                headers = [(k, v) for k, v in headers if k.lower() != b"content-type"]
                headers.append((b"content-type", b"application/json"))
        headers.append((b"content-length", str(len(raw_response)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": raw_response})

    return wrapped


def _rewrite_request(scope: Scope, variant: str, token: str) -> Scope:
    headers = list(scope.get("headers", []))
    if variant == "ignores_if_unmodified_since":
        headers = [(k, v) for k, v in headers if k.lower() != b"if-unmodified-since"]
    elif variant == "ignores_auth":
        headers = [(k, v) for k, v in headers if k.lower() != b"authorization"]
        headers.append((b"authorization", f"Zoho-oauthtoken {token}".encode()))
    return {**scope, "headers": headers}
