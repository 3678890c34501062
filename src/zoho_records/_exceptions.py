"""Exceptions raised when a whole call fails.

Per-record failures inside a successful call are *not* exceptions: they are ``RecordError``
outcomes. An exception means the call as a whole did not get an answer Zoho considers valid::

    ZohoError
     ├── APIError                       (message, code, details, request)
     │    ├── APIStatusError            (+ response, status_code)
     │    │    ├── BadRequestError           400
     │    │    ├── AuthenticationError       401  INVALID_TOKEN, OAUTH_SCOPE_MISMATCH, …
     │    │    ├── PermissionDeniedError     403  NO_PERMISSION
     │    │    ├── NotFoundError             404  INVALID_URL_PATTERN
     │    │    ├── PreconditionFailedError   412  ALREADY_MODIFIED
     │    │    ├── RequestTooLargeError      413
     │    │    ├── RateLimitError            429  TOO_MANY_REQUESTS
     │    │    │    └── CreditsExhaustedError     and the day's API credits are spent
     │    │    └── InternalServerError       5xx  INTERNAL_ERROR
     │    ├── APIConnectionError        (no response: refused, reset, DNS, …)
     │    │    └── APITimeoutError
     │    ├── APIResponseValidationError (a response we cannot make sense of)
     │    └── TokenRefreshError         (the accounts server refused to refresh the token)
     └── JobTimeoutError                (a mass update job did not finish in time)

``code`` is Zoho's error code as an open string: codes this library has never heard of are
passed through untouched.

No exception of this tree leads to a secret (access token, refresh token, client secret): the
request attached to one is a copy with the ``Authorization`` header redacted and no body, its
response a copy pointing at that request (with no body when it held a token), and none is
chained to the exception it replaced (httpx's carries the original request): ``__cause__`` and
``__context__`` are None, so error trackers walking the chain find nothing to ship off.
"""

from __future__ import annotations

import re
from typing import Any, Literal

import httpx

from . import _constants as C
from ._credits import credits_left, credits_spent

__all__ = [
    "ZohoError",
    "APIError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "PreconditionFailedError",
    "RequestTooLargeError",
    "RateLimitError",
    "CreditsExhaustedError",
    "InternalServerError",
    "APIConnectionError",
    "APITimeoutError",
    "APIResponseValidationError",
    "TokenRefreshError",
    "JobTimeoutError",
]

_REDACTED = "[redacted]"
_SECRET_HEADERS = ("authorization", "proxy-authorization", "cookie")
# the copy holds decoded content, so the encoding headers would no longer be true
_DROPPED_HEADERS = ("set-cookie", "content-encoding", "content-length", "transfer-encoding")


class ZohoError(Exception):
    """Base class of every exception raised by zoho_records.

    Every exception of the tree can be pickled and copied (a failed outcome's ``error`` may
    cross a process pool or go into a cache): it is rebuilt from its attributes, not by calling
    ``__init__`` again with arguments it no longer has."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls: type[ZohoError], args: tuple[Any, ...], state: dict[str, Any]) -> ZohoError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class APIError(ZohoError):
    """A call to Zoho failed."""

    message: str
    code: str | None
    details: dict[str, Any]
    request: httpx.Request | None

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request | None,
        code: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}" if code else message)
        self.message = message
        self.code = code
        self.details = details or {}
        self.request = redact_request(request) if request is not None else None


class APIStatusError(APIError):
    """Zoho answered with an error status (4xx/5xx) for the call as a whole."""

    response: httpx.Response
    status_code: int

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        code: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message, request=response.request, code=code, details=details)
        self.response = redact_response(response, self.request)
        self.status_code = response.status_code

    def __str__(self) -> str:
        return f"HTTP {self.status_code} {super().__str__()}"


class BadRequestError(APIStatusError):
    status_code: Literal[400]


class AuthenticationError(APIStatusError):
    status_code: Literal[401]


class PermissionDeniedError(APIStatusError):
    status_code: Literal[403]


class NotFoundError(APIStatusError):
    status_code: Literal[404]


class PreconditionFailedError(APIStatusError):
    status_code: Literal[412]


class RequestTooLargeError(APIStatusError):
    status_code: Literal[413]


class RateLimitError(APIStatusError):
    status_code: Literal[429]


class CreditsExhaustedError(RateLimitError):
    """A 429 whose ``X-API-CREDITS-REMAINING`` is below what the call costs: the org's API
    credits for the rolling 24 hours are spent. It is not retried (every retry would be
    refused until the calls of 24 hours ago age out), and a bulk run sends no further call
    after it (their records: "not sent: ..."). ``credits_left`` and ``credits_needed`` say
    by how much."""

    credits_left: int
    credits_needed: int


class InternalServerError(APIStatusError):
    """Any 5xx."""


class APIConnectionError(APIError):
    """No HTTP response: the connection was refused, dropped, or the host is unknown.

    ``may_have_reached_server`` is False only when no connection was made (nothing was sent);
    after a connection dropped mid-request or a read timeout the server may have acted on it."""

    may_have_reached_server: bool

    def __init__(
        self,
        message: str = "Connection error.",
        *,
        request: httpx.Request | None,
        may_have_reached_server: bool = True,
    ) -> None:
        super().__init__(message, request=request, code="CONNECTION_ERROR")
        self.may_have_reached_server = may_have_reached_server


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or waiting for a pooled connection)."""

    def __init__(
        self,
        message: str = "Request timed out.",
        *,
        request: httpx.Request | None,
        may_have_reached_server: bool = True,
    ) -> None:
        APIError.__init__(self, message, request=request, code="TIMEOUT")
        self.may_have_reached_server = may_have_reached_server


class APIResponseValidationError(APIError):
    """Zoho's answer did not have the shape the API promises (e.g. not JSON)."""

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message, request=response.request, code="UNEXPECTED_RESPONSE")
        self.response = redact_response(response, self.request)
        self.status_code = response.status_code


class TokenRefreshError(APIError):
    """The accounts server would not give us a new access token (bad refresh token or client
    credentials, revoked grant, …). ``code`` is the OAuth error, e.g. ``invalid_code``."""


class JobTimeoutError(ZohoError):
    """A scheduled mass update was still running when we stopped waiting for it."""

    def __init__(self, job_id: str, waited: float, last_status: str | None) -> None:
        super().__init__(
            f"mass update job {job_id} still {last_status or 'pending'} after {waited:.0f}s; "
            "poll it later with mass_update_status()"
        )
        self.job_id = job_id
        self.last_status = last_status


class SearchLimitError(ZohoError):
    """A search matched more records than Zoho lets one search reach (the first 2,000): the
    ones reached were yielded; narrow the criteria, or read with ``iter_records`` instead."""

    def __init__(self, module: str, reached: int) -> None:
        super().__init__(
            f"the search of {module} matched more than the {reached} records Zoho lets a "
            "search reach; those were returned, the rest were not: narrow the criteria (e.g. "
            "by Created_Time ranges) or read the module with iter_records"
        )
        self.module = module
        self.reached = reached


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    412: PreconditionFailedError,
    413: RequestTooLargeError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    if status_code >= 500:
        return InternalServerError
    return _STATUS_ERRORS.get(status_code, APIStatusError)


def make_status_error(response: httpx.Response, body: Any = None) -> APIStatusError:
    """Build the exception for an error response whose body (if JSON) is ``body``."""
    code: str | None = None
    message = f"HTTP {response.status_code} {response.reason_phrase}".strip()
    details: dict[str, Any] = {}
    if isinstance(body, dict):
        item = body
        data = body.get("data")
        if "code" not in body and isinstance(data, list) and data and isinstance(data[0], dict):
            item = data[0]
        if isinstance(item.get("code"), str):
            code = item["code"]
        if isinstance(item.get("message"), str):
            message = item["message"]
        if isinstance(item.get("details"), dict):
            details = item["details"]
    cost, left = _call_cost(response), credits_left(response.headers)
    if left is not None and credits_spent(response.status_code, left, cost):
        message = (
            f"{message} (the API credits are spent for now: {C.CREDITS_HEADER} {left}, this "
            f"call costs {cost}; Zoho counts them over a rolling 24 hours, and they come back "
            "as the calls made 24 hours earlier age out)"
        )
        spent = CreditsExhaustedError(message, response=response, code=code, details=details)
        spent.credits_left, spent.credits_needed = left, cost
        return spent
    tries = response.extensions.get(C.TRIES_EXTENSION)
    if response.status_code == 429 and isinstance(tries, tuple):
        refused, adaptive = tries
        hint = (
            "the org's calls in flight (others' too) were at its limit each time"
            if adaptive
            else "more requests were in flight than the org allows; a lower concurrency, "
            "or adaptive=True, the default, keeps to what it allows"
        )
        message = f"{message} (refused with 429 each of the {refused} times it was sent: {hint})"
    cls = status_error_class(response.status_code)
    return cls(message, response=response, code=code, details=details)


def _call_cost(response: httpx.Response) -> int:
    """What the answered call costs (the clients mark each request; 1 when unmarked)."""
    try:
        cost = response.request.extensions.get(C.CREDITS_EXTENSION, 1)
    except RuntimeError:  # a response built without a request
        return 1
    return cost if isinstance(cost, int) else 1


def redact_request(request: httpx.Request) -> httpx.Request:
    """A copy of ``request`` safe to keep in an exception: secret headers masked, no body."""
    headers = [
        (k, _REDACTED if k.lower() in _SECRET_HEADERS else v) for k, v in request.headers.items()
    ]
    return httpx.Request(request.method, request.url, headers=headers)


def redact_response(response: httpx.Response, request: httpx.Request | None) -> httpx.Response:
    """A copy of ``response`` pointing at the redacted request (the original would leak the
    token through ``response.request``)."""
    content = response.content if _is_read(response) else b""
    if b"access_token" in content or b"refresh_token" in content:
        content = b""  # an accounts-server answer may carry tokens
    redacted = httpx.Response(
        response.status_code,
        headers=[(k, v) for k, v in response.headers.items() if k.lower() not in _DROPPED_HEADERS],
        content=content,
        request=request,
    )
    return redacted


def _is_read(response: httpx.Response) -> bool:
    try:
        response.content  # noqa: B018
    except httpx.ResponseNotRead:
        return False
    return True


# Whole-call failures that every following request of a bulk run would hit too (``_bulk``).
FATAL_ERRORS: tuple[type[ZohoError], ...] = (
    CreditsExhaustedError,
    AuthenticationError,
    PermissionDeniedError,
    NotFoundError,
    TokenRefreshError,
)
# Codes of whole-call failures every later request would hit too (a misspelt module: charged
# for every call), and the statuses of such failures whatever their body says.
FATAL_CODES = frozenset({"INVALID_MODULE", "INVALID_URL_PATTERN", "INVALID_REQUEST_METHOD"})
FATAL_CODES_RE = re.compile("|".join(sorted(FATAL_CODES)).encode())
FATAL_STATUSES = frozenset({401, 403, 404, 429})  # (429: when the credits are spent)


def is_fatal(exc: ZohoError) -> bool:
    """Whether every later request of the run would fail as ``exc`` did."""
    return isinstance(exc, FATAL_ERRORS) or (
        isinstance(exc, APIStatusError) and exc.code in FATAL_CODES
    )
