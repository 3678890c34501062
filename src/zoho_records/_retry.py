"""The retry policy, in one place: when a request is sent again, and when a write whose fate is
not known must not be.

``RetryTransport`` / ``AsyncRetryTransport`` wrap an httpx transport: a request that gets a
retryable status (``RETRY_STATUS_CODES``) or fails with a connection error or timeout is sent
again after a jittered exponential backoff, honouring ``Retry-After``. After the last attempt
the last response is returned (or the last error raised) unchanged. Bodies are read inside
the transport, so a connection dropped in the middle of a response is retried as well: turning
it into an exception or a per-record outcome is the caller's business.

Which writes may be repeated (``upsert_is_idempotent`` decides for an upsert request; every
other request is idempotent unless marked otherwise, see ``is_idempotent``):

- updates by id, related-list updates and mass updates by id (or custom view) are idempotent:
  sending one twice leaves the records as sending it once does;
- an upsert is idempotent only when every record of the request has a value in a field its
  duplicate check will use: the request's ``duplicate_check_fields`` (or a record's own), else
  the module's unique fields as the field metadata says (``unique`` not empty). When those are
  not known, or a record has no such value, a second send may insert a second record;
- an insert never is.

A request marked not idempotent (the ``IDEMPOTENT`` request extension set to False, which
the clients' ``_send`` does for ``Req(idempotent=False)``) is sent again only after failures that prove
it was not processed (``not_processed``): a connection that could not be opened
(``ConnectError``, ``ConnectTimeout``, ``PoolTimeout``), ``429``, ``408`` and ``503`` with
``Retry-After``. After any other failure (a connection dropped after sending, a read or write
timeout, another 5xx, a 503 without ``Retry-After``) it may have been written: it is not sent
again, and the bulk engine gives each of its records the outcome ``UNKNOWN`` ("may have been
written; check before sending again"), see ``fate_unknown``.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from . import _constants as C
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    InternalServerError,
    ZohoError,
)
from ._types import NOT_GIVEN

__all__ = ["RetryPolicy", "RetryTransport", "AsyncRetryTransport"]

# The request extension that marks a write which must not be repeated once it may have reached
# the server (absent: the request is idempotent).
IDEMPOTENT = "zoho_records.idempotent"
# The request extension that says how many API credits the call costs (``_credits``).
CREDITS = C.CREDITS_EXTENSION
TRIES = C.TRIES_EXTENSION  # a 429's: (times refused, adaptive) when every try was refused

logger = logging.getLogger("zoho_records")

# Errors after which sending again may succeed. Not retried: UnsupportedProtocol, ProxyError,
# LocalProtocolError (our request is wrong; sending it again will not help).
RETRYABLE_ERRORS: tuple[type[Exception], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)
# Errors that prove the request never reached the server: no connection was made.
NOT_SENT_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
# Statuses that say the request was not processed: sending it again is safe for any write.
NOT_PROCESSED_STATUSES = frozenset({408, 429})


def is_idempotent(request: httpx.Request) -> bool:
    """Whether ``request`` may be sent twice without changing the outcome."""
    return request.extensions.get(IDEMPOTENT) is not False


def may_have_reached_server(error: BaseException) -> bool:
    """False only for transport errors that prove nothing was sent (no connection made)."""
    return not isinstance(error, NOT_SENT_ERRORS)


def not_processed(response: httpx.Response) -> bool:
    """The answer says the request was not processed (429, 408, 503 with Retry-After)."""
    status = response.status_code
    if status in NOT_PROCESSED_STATUSES:
        return True
    return status == 503 and parse_retry_after(response.headers) is not None


def _has_value(value: Any) -> bool:
    return value is not None and value is not NOT_GIVEN and value != "" and value != []


def upsert_is_idempotent(
    records: Sequence[Any], duplicate_check_fields: Collection[str] | None
) -> bool:
    """Whether sending this upsert twice cannot insert a record twice: every record has a value
    in a field its duplicate check uses (its own ``duplicate_check_fields``, else the
    request's, which the caller fills with the module's unique fields when none were given;
    None: not known, so not idempotent)."""
    for record in records:
        if not isinstance(record, Mapping):
            return False
        fields = record.get("duplicate_check_fields", duplicate_check_fields)
        if not fields or isinstance(fields, str):
            return False
        if not any(isinstance(f, str) and _has_value(record.get(f)) for f in fields):
            return False
    return True


def unique_fields_of(fields_metadata: Iterable[Any]) -> list[str]:
    """The fields an upsert without ``duplicate_check_fields`` checks: those the field metadata
    marks unique (``"unique": {...}`` not empty), system and user-defined alike."""
    return [
        f["api_name"]
        for f in fields_metadata
        if isinstance(f, dict) and isinstance(f.get("api_name"), str) and f.get("unique")
    ]


def fate_unknown(error: ZohoError) -> bool:
    """Whether a write that is not idempotent may have been applied although its request
    failed as a whole with ``error``: the connection was made (dropped after sending, a read
    timeout), the server failed (5xx, except a 503 that asks to retry later), or its answer
    (2xx) could not be read."""
    if isinstance(error, APIConnectionError):
        return error.may_have_reached_server
    if isinstance(error, InternalServerError):
        return not not_processed(error.response)
    if isinstance(error, APIResponseValidationError):
        return 200 <= error.status_code < 300 or error.status_code >= 500
    return False


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When and how long to wait before sending a request again."""

    max_retries: int = C.DEFAULT_MAX_RETRIES
    initial_delay: float = C.INITIAL_RETRY_DELAY
    max_delay: float = C.MAX_RETRY_DELAY
    max_retry_after: float = C.MAX_RETRY_AFTER
    jitter: float = C.RETRY_JITTER
    status_codes: frozenset[int] = C.RETRY_STATUS_CODES

    def __post_init__(self) -> None:
        if isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int):
            raise TypeError(f"max_retries must be a whole number, not {self.max_retries!r}")
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, not {self.max_retries}")

    def should_retry_response(self, response: httpx.Response, *, idempotent: bool = True) -> bool:
        """A retryable status; for a write that is not idempotent, only one that says the
        request was not processed."""
        if response.status_code not in self.status_codes:
            return False
        return idempotent or not_processed(response)

    def should_retry_error(self, error: BaseException, *, idempotent: bool = True) -> bool:
        """A retryable transport error; for a write that is not idempotent, only one that
        proves nothing was sent."""
        return idempotent or not may_have_reached_server(error)

    def delay(self, retries_done: int, response: httpx.Response | None = None) -> float:
        """Seconds to wait before retry number ``retries_done + 1``."""
        if response is not None:
            retry_after = parse_retry_after(response.headers)
            if retry_after is not None and 0 <= retry_after <= self.max_retry_after:
                return retry_after
        backoff: float = min(self.initial_delay * 2.0**retries_done, self.max_delay)
        return backoff * (1 - self.jitter * random.random())


def parse_retry_after(headers: httpx.Headers) -> float | None:
    """``Retry-After`` (or ``retry-after-ms``) in seconds; None when absent or unparsable."""
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return parsed.timestamp() - time.time()


RetryHook = Callable[[httpx.Request, int, float, str], None]


def retry_reason(response: httpx.Response | None, error: Exception | None) -> str:
    if response is not None:
        return f"HTTP {response.status_code}"
    return type(error).__name__


def log_retry(request: httpx.Request, attempt: int, delay: float, reason: str) -> None:
    # URL only: no headers, no body, so no secrets (tokens never travel in URLs here).
    logger.info(
        "retrying %s %s in %.2fs after %s (retry %d)",
        request.method,
        request.url.copy_with(query=None),
        delay,
        reason,
        attempt,
    )


def call_hook(
    hook: RetryHook | None, request: httpx.Request, attempt: int, delay: float, reason: str
) -> None:
    """Call the user's ``on_retry``; an error in it is logged, and the request goes on (it
    must not cost the outcomes of a bulk call)."""
    if hook is None:
        return
    try:
        hook(request, attempt, delay, reason)
    except Exception:
        logger.exception("on_retry hook failed (ignored)")


# The transports are twins: ``AsyncRetryTransport`` is written in ``_async/retry.py`` and
# ``RetryTransport`` generated from it (codegen/unasync.py). They use the policy above, so they
# are imported last.
from ._async.retry import AsyncRetryTransport  # noqa: E402
from ._sync.retry import RetryTransport  # noqa: E402
