"""Sending one request and making sense of the answer (shared by the sync and async clients).

``Req`` is a transport-neutral request (the clients' ``_send`` sends it, turning httpx errors
into ours with ``transport_error``); ``record_outcomes`` maps a per-record answer (``{"data": [...]}``) onto the records
that were sent, and ``json_or_raise`` raises the right ``APIStatusError`` for a whole-call error.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
import msgspec
import pydantic_core

from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    make_status_error,
)
from ._outcomes import RecordError, RecordOutcome, RecordSuccess
from ._retry import IDEMPOTENT, may_have_reached_server
from ._types import _strip

_JSON_HEADERS = {"Content-Type": "application/json"}
T = TypeVar("T")


class UnencodableBodyError(TypeError):
    """A request body holds a value that JSON cannot carry (found before anything is sent);
    ``reason`` says why, without the leading words."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"a value cannot be sent as JSON: {reason}")
        self.reason = reason


# What pydantic-core writes for a datetime: a fraction of a second, "Z" or no offset at all
# (forms Zoho's lacks), or an offset in whole minutes, which may be one it cut short (it drops
# an offset's seconds: the instant moves). Strings of the caller's that look so are left as
# they are; finding one only costs a walk of the body for datetimes (``_with_zoho_datetimes``).
_LOOSE_DATETIME = re.compile(rb'T\d\d:\d\d:\d\d(?:\.\d|Z"|"|[+-]\d\d:\d\d")')
_MINUTE = dt.timedelta(minutes=1)


def zoho_datetime(value: dt.datetime) -> str:
    """A datetime as Zoho's date-time fields take it and its SDKs send it: whole seconds and a
    ±HH:MM offset (``2024-01-15T15:26:49+05:30``). A naive datetime is local time, as Python's
    ``astimezone`` and Zoho's Python SDK read it (zohocrmsdk's ``DataTypeConverter``:
    ``obj.replace(microsecond=0).astimezone(tzlocal()).isoformat()``); an aware one keeps its
    offset. Zoho refuses a date-time without an offset (``INVALID_DATA``). (Built anew: a
    subclass such as pandas' ``Timestamp`` would keep its nanoseconds through ``replace``.)
    An offset with seconds (a zone's local mean time: Europe/Amsterdam's +00:19:32 until 1937)
    has no ±HH:MM form: the instant goes at the offset's whole minutes."""
    v = value
    plain = dt.datetime(
        v.year, v.month, v.day, v.hour, v.minute, v.second, 0, v.tzinfo, fold=v.fold
    )
    if plain.utcoffset() is None:
        plain = plain.astimezone()
    offset = plain.utcoffset()
    if offset is not None and offset % _MINUTE:
        whole = dt.timezone(_MINUTE * int(offset / _MINUTE))  # (toward zero)
        plain = plain.astimezone(whole).replace(microsecond=0)
    return plain.isoformat()


def _zoho_form(value: dt.datetime) -> bool:
    """True if pydantic-core writes ``value`` as ``zoho_datetime`` does: a plain datetime in
    whole seconds with a non-zero offset in whole minutes (a zero one it writes as "Z")."""
    if type(value) is not dt.datetime or value.microsecond:
        return False
    offset = value.utcoffset()
    return offset is not None and bool(offset) and not offset % _MINUTE


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _with_zoho_datetimes(value: Any) -> Any:
    """``value`` with every datetime in its dicts, lists and tuples as ``zoho_datetime``
    text; ``value`` itself when it holds none that pydantic-core writes otherwise. (Plain
    values are passed over by their type: the walk runs for every body that holds a
    datetime, or a string that looks like one.)"""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if isinstance(value, dt.datetime):
        return value if _zoho_form(value) else zoho_datetime(value)
    if kind is dict or isinstance(value, Mapping):
        items: dict[Any, Any] | None = None
        for k, v in value.items():
            if type(v) not in _PLAIN and (w := _with_zoho_datetimes(v)) is not v:
                if items is None:
                    items = dict(value)
                items[k] = w
        return value if items is None else items
    if kind is list or isinstance(value, list | tuple):
        listed: list[Any] | None = None
        for i, v in enumerate(value):
            if type(v) not in _PLAIN and (w := _with_zoho_datetimes(v)) is not v:
                if listed is None:
                    listed = list(value)
                listed[i] = w
        return value if listed is None else listed
    return value


def dump_json(value: Any) -> bytes:
    """Compact UTF-8 JSON. pydantic-core's encoder is ~4x faster than ``json.dumps`` and also
    takes dates (as ISO strings), datetimes (as ``zoho_datetime`` writes them: whole seconds
    and an offset) and Decimals (as strings such as ``"12.50"``, every digit kept; pass a
    float for a JSON number). NaN and infinities have
    no JSON form: they raise ``UnencodableBodyError`` rather than go out as invalid JSON (or,
    worse, as ``null``, which would clear a field)."""
    try:
        out = pydantic_core.to_json(value, inf_nan_mode="constants")
    except pydantic_core.PydanticSerializationError as first:
        problem: object = first
        # The body may hold NOT_GIVEN values (keys to leave out): drop them and try again.
        stripped = _strip(value)
        if stripped is value:
            raise UnencodableBodyError(str(problem)) from None
        try:
            out = pydantic_core.to_json(stripped, inf_nan_mode="constants")
        except pydantic_core.PydanticSerializationError as again:
            raise UnencodableBodyError(str(again)) from None
        value = stripped
    if _LOOSE_DATETIME.search(out) is not None:
        converted = _with_zoho_datetimes(value)
        if converted is not value:
            out = pydantic_core.to_json(converted, inf_nan_mode="constants")
    if (b"NaN" in out or b"Infinity" in out) and _has_non_finite(out):
        raise UnencodableBodyError(
            "NaN and Infinity are not JSON numbers (send a number, or None to clear the field)"
        )
    return out


def _has_non_finite(encoded: bytes) -> bool:
    """True if ``encoded`` holds a bare NaN/Infinity (not merely the word inside a string)."""

    def reject(constant: str) -> Any:
        raise ValueError(constant)

    try:
        json.loads(encoded, parse_constant=reject)
    except ValueError:
        return True
    return False


def load_json(content: bytes) -> Any:
    """``json.loads`` semantics (ValueError on bad input), ~30 % faster."""
    return pydantic_core.from_json(content)


@dataclass(slots=True)
class Req:
    method: str
    path: str
    params: Mapping[str, str] | None = None
    headers: Mapping[str, str] | None = None
    body: Any = None  # JSON-serialisable, or None for no body
    content: bytes | None = field(default=None, repr=False)
    # False: a write that must not be sent again once it may have reached the server (see
    # ``_retry``: an upsert whose records lack duplicate-check values)
    idempotent: bool = True

    def encoded(self) -> bytes | None:
        if self.content is None and self.body is not None:
            self.content = dump_json(self.body)
        return self.content

    def extensions(self) -> dict[str, Any] | None:
        """The httpx request extensions: the mark of a write not to repeat (see ``_retry``)."""
        return None if self.idempotent else {IDEMPOTENT: False}

    def header_map(self) -> dict[str, str] | None:
        if self.body is None and self.content is None:
            return dict(self.headers) if self.headers else None
        return {**_JSON_HEADERS, **(self.headers or {})}


def _request_of(exc: httpx.HTTPError) -> httpx.Request | None:
    try:
        return exc.request
    except RuntimeError:
        return None


_AUTH_VALUE = re.compile(r"(Zoho-oauthtoken)\s*[^'\"\s,)]*", re.IGNORECASE)


def _connection_message(exc: httpx.HTTPError) -> str:
    """The error's text with any Authorization value blanked: some transport errors quote the
    offending header (h11's "Illegal header value b'Zoho-oauthtoken ...'")."""
    return "Connection error: " + _AUTH_VALUE.sub(r"\1 [redacted]", str(exc))


def transport_error(exc: httpx.HTTPError) -> APIError:
    """Our exception for httpx's: it keeps a redacted copy of the request and nothing else
    (httpx's exception holds the original request, with the token and, for a token refresh,
    the client secret in its body), so it must be raised with no ``__cause__`` or
    ``__context__``: the clients' ``_send`` raises it outside the ``except`` block."""
    request = _request_of(exc)
    reached = may_have_reached_server(exc)
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(request=request, may_have_reached_server=reached)
    return APIConnectionError(
        _connection_message(exc), request=request, may_have_reached_server=reached
    )


def json_or_raise(response: httpx.Response, *, allow_per_record: bool = False) -> Any:
    """The decoded body of a successful answer, or raise the matching exception.

    With ``allow_per_record``, an error status whose body still carries ``data[]`` (Zoho's
    "none succeeded" 400) is returned rather than raised. 204 No Content gives None.
    """
    if response.status_code == 204 or (not response.content and response.status_code < 300):
        return None
    try:
        body = load_json(response.content)
    except ValueError:
        if response.status_code >= 400:
            raise make_status_error(response) from None
        raise APIResponseValidationError(
            f"expected JSON, got {response.headers.get('content-type', 'no content type')}",
            response=response,
        ) from None
    if response.status_code >= 400:
        if allow_per_record and _has_data_list(body) and response.status_code in (400, 412):
            return body
        raise make_status_error(response, body)
    if isinstance(body, dict) and body.get("status") == "error" and "data" not in body:
        raise make_status_error(response, body)  # a top-level error with a 2xx status
    return body


def _has_data_list(body: Any) -> bool:
    return isinstance(body, dict) and isinstance(body.get("data"), list) and bool(body["data"])


class _Details(msgspec.Struct, gc=False):
    id: Any = None


class _Item(msgspec.Struct, gc=False):
    """The parts of a ``data[]`` item an outcome needs (other keys are skipped unread)."""

    status: Any = None
    code: Any = None
    message: Any = None
    details: msgspec.Raw = msgspec.Raw(b"")  # undecoded: kept for RecordSuccess.details
    action: Any = None
    duplicate_field: Any = None


class _Answer(msgspec.Struct, gc=False):
    data: list[_Item] | None = None


_decode_answer = msgspec.json.Decoder(_Answer).decode
_decode_details = msgspec.json.Decoder(_Details).decode
_decode_any = msgspec.json.Decoder().decode


def record_outcomes(
    response: httpx.Response,
    indices: Sequence[int],
    ids: Sequence[str | None],
    *,
    match_by_id: bool = False,
) -> list[RecordOutcome]:
    """One outcome per record sent (``indices[i]`` is record i's input position).

    Zoho answers in request order; with ``match_by_id`` (mass update by ids) items are matched
    on ``details.id`` when every sent id is found. Records the answer says nothing about get a
    ``MISSING_RESULT`` error rather than disappearing.

    The usual answer (2xx, ``{"data": [{...}, ...]}``) is read in one pass by a typed msgspec
    decoder that keeps only what an outcome needs and leaves each ``details`` undecoded for
    ``RecordSuccess.details`` (decoded when first read). Anything else (error statuses, odd
    bodies, items that are not objects) takes the general path (``_general_outcomes``), which
    raises the right exception or builds each outcome from the decoded item; a property test
    holds the two paths to the same outcomes.
    """
    status = response.status_code
    items: list[_Item] | None = None
    if 200 <= status < 300:
        try:
            items = _decode_answer(response.content).data
        except msgspec.DecodeError:  # also ValidationError: not an object, data not a list
            items = None
    if items is None:
        return _general_outcomes(response, indices, ids, match_by_id=match_by_id)
    order: Sequence[int] = range(len(items))
    if match_by_id:
        order = _match_by_id(list(order), ids, lambda pos: _details_id(items[pos].details))
    decoded: list[Any] | None = None  # the plain items, decoded only for a non-success item
    out: list[RecordOutcome] = []
    append = out.append
    for index, record_id, pos in zip(indices, ids, order, strict=False):
        item = items[pos]
        if item.status != "success":
            if decoded is None:
                decoded = _decode_any(response.content)["data"]
            append(item_outcome(index, decoded[pos], record_id, status))
            continue
        raw_details = item.details
        details: msgspec.Raw | dict[str, Any] = raw_details
        try:
            rid = _decode_details(raw_details).id
        except msgspec.DecodeError:  # missing or not an object: {} and the id that was sent
            rid, details = None, {}
        code = item.code
        message = item.message
        append(
            RecordSuccess(
                index,
                rid if type(rid) is str else (str(rid) if rid is not None else record_id),
                code if type(code) is str else "SUCCESS",
                message if type(message) is str else "",
                details,  # type: ignore[arg-type]  # a Raw is decoded on first read
                item.action,
                item.duplicate_field,
                status,
            )
        )
    _add_missing(out, indices, ids, len(items), status)
    return out


def _details_id(details: msgspec.Raw) -> str | None:
    try:
        found = _decode_details(details).id
    except msgspec.DecodeError:
        return None
    return None if found is None else str(found)


def _match_by_id(
    items: list[T], ids: Sequence[str | None], id_of: Callable[[T], str | None]
) -> list[T]:
    """``items`` reordered to follow ``ids`` when every sent id has an item; else as they are."""
    by_id: dict[str, T] = {}
    for item in items:
        if (item_id := id_of(item)) is not None:
            by_id[item_id] = item
    if all(i is not None and i in by_id for i in ids):
        return [by_id[i] for i in ids]  # type: ignore[index]
    return items


def _add_missing(
    out: list[RecordOutcome],
    indices: Sequence[int],
    ids: Sequence[str | None],
    answered: int,
    status: int,
) -> None:
    for pos in range(len(out), len(indices)):
        out.append(
            RecordError(
                indices[pos],
                "MISSING_RESULT",
                f"Zoho answered {answered} results for {len(indices)} records; "
                "this record got none (it may or may not have been updated)",
                id=ids[pos],
                status_code=status,
            )
        )


def _dict_item_id(item: Any) -> str | None:
    details = item.get("details") if isinstance(item, dict) else None
    if isinstance(details, dict) and details.get("id") is not None:
        return str(details["id"])
    return None


def _general_outcomes(
    response: httpx.Response,
    indices: Sequence[int],
    ids: Sequence[str | None],
    *,
    match_by_id: bool,
) -> list[RecordOutcome]:
    body = json_or_raise(response, allow_per_record=True)
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list):
        raise APIResponseValidationError(
            f"expected a body with data[] (HTTP {response.status_code})", response=response
        )
    status = response.status_code
    items: list[Any] = _match_by_id(data, ids, _dict_item_id) if match_by_id else data
    out = [
        item_outcome(index, item, record_id, status)
        for index, record_id, item in zip(indices, ids, items, strict=False)
    ]
    _add_missing(out, indices, ids, len(items), status)
    return out


def item_outcome(index: int, item: Any, record_id: str | None, status_code: int) -> RecordOutcome:
    """The outcome of one ``data[]`` item (runs once per record: kept lean)."""
    if type(item) is not dict:
        return RecordError(
            index,
            "UNEXPECTED_RESPONSE",
            f"result is not an object: {item!r}"[:200],
            id=record_id,
            status_code=status_code,
        )
    details = item.get("details")
    if type(details) is not dict:
        details = {}
    code = item.get("code")
    message = item.get("message")
    if type(message) is not str:
        message = ""
    if item.get("status") == "success":
        rid = details.get("id")
        return RecordSuccess(
            index,
            rid if type(rid) is str else (str(rid) if rid is not None else record_id),
            code if type(code) is str else "SUCCESS",
            message,
            details,
            item.get("action"),
            item.get("duplicate_field"),
            status_code,
        )
    return RecordError(
        index,
        code if type(code) is str else "UNKNOWN_ERROR",
        message,
        details,
        record_id,
        status_code,
    )
