"""What the client sends, on the standard ``logging`` module.

Every request the clients send (token refreshes included) is logged by the
``zoho_records.http`` logger at INFO when it is answered or fails: method, path, status (or the
error), duration, and which retry it was; at DEBUG also the bytes sent and received. Retries
are announced by ``zoho_records`` (INFO, with the wait and the reason). Nothing logged carries
a header or a body, so no token: query values whose name looks secret are blanked as well. Library users turn it on with e.g.
``logging.getLogger("zoho_records").setLevel(logging.INFO)`` and a handler (or
``logging.basicConfig(level=logging.INFO)``); the CLI's ``-v`` / ``--log-level`` do it for you.

The transports that log (``LoggingTransport``, ``AsyncLoggingTransport``) are twins, written
once in ``_async/logging.py`` on the helpers here; this module re-exports both.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import time

import httpx

__all__ = ["LoggingTransport", "AsyncLoggingTransport", "add_logging_options", "configure"]

logger = logging.getLogger("zoho_records.http")

_ATTEMPT = "zoho_records.attempt"  # request extension: how many times it was sent
_SECRET = re.compile(r"token|secret|code|password|client_id", re.IGNORECASE)


def _target(request: httpx.Request) -> str:
    """The path and query of a request, query values with secret-looking names blanked."""
    url = request.url
    if not url.query:
        return url.path
    params = [(k, "[redacted]" if _SECRET.search(k) else v) for k, v in url.params.multi_items()]
    return f"{url.path}?" + "&".join(f"{k}={v}" for k, v in params)


def next_attempt(request: httpx.Request) -> int:
    """How many times ``request`` has been sent, this time included."""
    # the retry transport (and a refresh-and-resend) sends the same request object again
    n: int = request.extensions.get(_ATTEMPT, 0) + 1
    request.extensions[_ATTEMPT] = n
    return n


def log_answer(request: httpx.Request, attempt: int, start: float, outcome: str) -> None:
    """At INFO: the request, how it ended (``outcome``), its duration and which retry it was."""
    retry = f" (retry {attempt - 1})" if attempt > 1 else ""
    logger.info(
        "%s %s -> %s in %.1f ms%s",
        request.method,
        _target(request),
        outcome,
        (time.perf_counter() - start) * 1000,
        retry,
    )


def log_sizes(request: httpx.Request, response: httpx.Response) -> None:
    """At DEBUG: how many bytes went out and came back (bodies themselves are never logged)."""
    try:
        sent = len(request.content)
    except httpx.RequestNotRead:
        sent = -1
    logger.debug(
        "%s %s: sent %s bytes, received %d bytes",
        request.method,
        _target(request),
        "?" if sent < 0 else f"{sent:,}",
        len(response.content),
    )


def status_line(response: httpx.Response) -> str:
    """``200 OK``: the status and its reason phrase."""
    return f"{response.status_code} {response.reason_phrase}".rstrip()


# ------------------------------------------------------------------------------------------------
# the command line
# ------------------------------------------------------------------------------------------------
LEVELS = ("debug", "info", "warning", "error")


def add_logging_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("logging")
    group.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log each request on stderr: method, path, status, duration and retries (never "
        "a token); -vv also the bytes sent and received",
    )
    group.add_argument(
        "--log-level",
        choices=LEVELS,
        type=str.lower,
        help="level of the zoho_records loggers on stderr (default warning; -v means info)",
    )


class _StderrHandler(logging.Handler):
    """Writes to the ``sys.stderr`` of the moment, clearing a progress line on a terminal."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            stream = sys.stderr
            clear = "\r\x1b[2K" if stream.isatty() else ""
            stream.write(clear + self.format(record) + "\n")
            stream.flush()
        except Exception:
            self.handleError(record)


def configure(args: argparse.Namespace) -> None:
    """Set the ``zoho_records`` loggers' level from ``-v``/``--log-level`` and send them to
    stderr (once: a second call replaces the first one's set-up)."""
    verbose = getattr(args, "verbose", 0) or 0
    level = getattr(args, "log_level", None) or (
        "debug" if verbose > 1 else "info" if verbose else "warning"
    )
    root = logging.getLogger("zoho_records")
    for handler in [h for h in root.handlers if isinstance(h, _StderrHandler)]:
        root.removeHandler(handler)
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("zoho-records: %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level.upper())


# The transports are twins: ``AsyncLoggingTransport`` is written in ``_async/logging.py`` and
# ``LoggingTransport`` generated from it (codegen/unasync.py). They use the helpers at the top, so
# they are imported last.
from ._async.logging import AsyncLoggingTransport  # noqa: E402
from ._sync.logging import LoggingTransport  # noqa: E402
