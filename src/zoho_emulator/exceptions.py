"""Domain errors of the emulator.

The backend (``models``) raises these; one place (``app``) turns them into wire errors.

::

    ZohoError                     top-level error: {"code","details","message","status":"error"}
    RecordError                   one record's error inside a ``data[]`` result list

Both carry ``code``, ``message``, ``details`` and the HTTP ``status`` Zoho answers with.
"""

from __future__ import annotations

from typing import Any


class ZohoError(Exception):
    """A request-level error: the whole request fails with one error object."""

    def __init__(
        self,
        code: str,
        message: str,
        status: int = 400,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.details = details if details is not None else {}
        self.headers = headers

    def to_wire(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "details": self.details,
            "message": self.message,
            "status": "error",
        }


class RecordError(Exception):
    """A per-record error: one item of a ``data[]`` result list."""

    __slots__ = ("code", "message", "details", "status")

    def __init__(
        self, code: str, message: str, details: dict[str, Any] | None = None, status: int = 400
    ):
        self.code = code
        self.message = message
        self.details = details if details is not None else {}
        self.status = status

    def to_wire(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "details": self.details,
            "message": self.message,
            "status": "error",
        }


# ---------------------------------------------------------------------------------------------
# Constructors for the errors the docs name, with the docs' messages.


def invalid_url_pattern() -> ZohoError:
    return ZohoError(
        "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one", 404
    )


def invalid_request_method() -> ZohoError:
    return ZohoError(
        "INVALID_REQUEST_METHOD", "The http request method type is not a valid one", 400
    )


def invalid_token() -> ZohoError:
    return ZohoError("INVALID_TOKEN", "invalid oauth token", 401)


def scope_mismatch() -> ZohoError:
    return ZohoError("OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL", 401)


def no_permission(message: str = "permission denied") -> ZohoError:
    return ZohoError("NO_PERMISSION", message, 403)


def invalid_module() -> ZohoError:
    return ZohoError("INVALID_MODULE", "the module name given seems to be invalid", 400)


def unsupported_module() -> ZohoError:
    return ZohoError("INVALID_MODULE", "The given module is not supported in API", 400)


def invalid_body(details: dict[str, Any], message: str = "invalid data") -> ZohoError:
    return ZohoError("INVALID_DATA", message, 400, details)


def internal_error() -> ZohoError:
    return ZohoError("INTERNAL_ERROR", "Internal Server Error", 500)


def too_many_requests(
    details: dict[str, Any] | None = None, retry_after: int | None = None
) -> ZohoError:
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return ZohoError("TOO_MANY_REQUESTS", "too many requests continuously", 429, details, headers)


def body_too_large(limit: int) -> ZohoError:
    return ZohoError(
        "REQUEST_ENTITY_TOO_LARGE", "the request body is too large", 413, {"maximum_size": limit}
    )
