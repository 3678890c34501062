"""Domain errors of the emulator.

The backend (``models``) and the request parsing (``responses``) raise these; one place,
:meth:`EmulatorError.to_wire`, turns them into wire errors (``responses`` renders a request's
error and each per-record error with it; ``app`` renders what escapes a handler with it).

::

    EmulatorError                 code, message, status, details (keyword-only, in this order)
    ├── ZohoError                 top-level error: {"code","details","message","status":"error"}
    └── RecordError               one record's error inside a ``data[]`` result list

``status`` is the HTTP status Zoho answers with when this error decides the answer: a
``ZohoError`` always; a ``RecordError`` when every record of a write fails the same way
(``responses.write_status``).
"""

from __future__ import annotations

from typing import Any


class EmulatorError(Exception):
    """A Zoho error: ``code``, ``message``, the HTTP ``status`` and ``details``."""

    __slots__ = ("code", "message", "status", "details")

    def __init__(
        self,
        *,
        code: str,
        message: str,
        status: int = 400,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.status = status
        self.details = details if details is not None else {}

    def to_wire(self) -> dict[str, Any]:
        """The error object on the wire: the one place a domain error becomes a wire error."""
        return {
            "code": self.code,
            "details": self.details,
            "message": self.message,
            "status": "error",
        }


class ZohoError(EmulatorError):
    """A request-level error: the whole request fails with one error object."""

    def __init__(
        self,
        *,
        code: str,
        message: str,
        status: int = 400,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(code=code, message=message, status=status, details=details)
        Exception.__init__(self, f"{code}: {message}")
        self.headers = headers


class RecordError(EmulatorError):
    """A per-record error: one item of a ``data[]`` result list."""

    __slots__ = ()


# ---------------------------------------------------------------------------------------------
# Constructors for the errors the docs name, with the docs' messages.


def invalid_url_pattern() -> ZohoError:
    return ZohoError(
        code="INVALID_URL_PATTERN",
        message="Please check if the URL trying to access is a correct one",
        status=404,
    )


def invalid_request_method() -> ZohoError:
    return ZohoError(
        code="INVALID_REQUEST_METHOD",
        message="The http request method type is not a valid one",
        status=400,
    )


def invalid_token() -> ZohoError:
    return ZohoError(code="INVALID_TOKEN", message="invalid oauth token", status=401)


def scope_mismatch() -> ZohoError:
    return ZohoError(
        code="OAUTH_SCOPE_MISMATCH", message="invalid oauth scope to access this URL", status=401
    )


def no_permission(message: str = "permission denied") -> ZohoError:
    return ZohoError(code="NO_PERMISSION", message=message, status=403)


def invalid_module() -> ZohoError:
    return ZohoError(
        code="INVALID_MODULE", message="the module name given seems to be invalid", status=400
    )


def unsupported_module() -> ZohoError:
    return ZohoError(
        code="INVALID_MODULE", message="The given module is not supported in API", status=400
    )


def invalid_body(details: dict[str, Any], message: str = "invalid data") -> ZohoError:
    return ZohoError(code="INVALID_DATA", message=message, status=400, details=details)


def internal_error() -> ZohoError:
    return ZohoError(code="INTERNAL_ERROR", message="Internal Server Error", status=500)


def too_many_requests(
    details: dict[str, Any] | None = None, retry_after: int | None = None
) -> ZohoError:
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return ZohoError(
        code="TOO_MANY_REQUESTS",
        message="too many requests continuously",
        status=429,
        details=details,
        headers=headers,
    )


def body_too_large(limit: int) -> ZohoError:
    return ZohoError(
        code="REQUEST_ENTITY_TOO_LARGE",
        message="the request body is too large",
        status=413,
        details={"maximum_size": limit},
    )
