"""What happened to each record: one outcome per input record, in input order.

``RecordSuccess`` and ``RecordError`` share ``index`` (position in the input), ``code``,
``message``, ``details`` and ``ok``. A record whose request failed as a whole (a top-level
error, retries exhausted, a connection failure) gets a ``RecordError`` carrying that failure's
code and the exception in ``error``: nothing is ever dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, overload

from ._exceptions import APIError, ZohoError

__all__ = ["RecordSuccess", "RecordError", "RecordOutcome", "BulkResult", "MassUpdateJob"]


@dataclass(slots=True)
class RecordSuccess:
    """Zoho accepted the record.

    ``id`` is the record id (for related-list updates: the related record's id). Upserts add
    ``action`` (``"insert"``/``"update"``) and ``duplicate_field``.
    """

    index: int
    id: str | None
    code: str = "SUCCESS"
    message: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)
    action: str | None = None
    duplicate_field: str | None = None
    status_code: int | None = None

    ok: ClassVar[Literal[True]] = True
    status: ClassVar[Literal["success"]] = "success"


@dataclass(slots=True)
class RecordError:
    """Zoho refused the record, or the request carrying it failed as a whole.

    ``code`` is Zoho's code (an open string, e.g. ``INVALID_DATA``, ``MANDATORY_NOT_FOUND``) or,
    when no answer came, one of ``CONNECTION_ERROR``, ``TIMEOUT``, ``UNEXPECTED_RESPONSE``,
    ``MISSING_RESULT``. ``id`` is the record id sent, if any. ``error`` is the exception when the
    whole request failed.
    """

    index: int
    code: str
    message: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)
    id: str | None = None
    status_code: int | None = None
    error: ZohoError | None = field(default=None, compare=False)

    ok: ClassVar[Literal[False]] = False
    status: ClassVar[Literal["error"]] = "error"

    @classmethod
    def from_exception(cls, index: int, exc: ZohoError, record_id: str | None) -> RecordError:
        code = getattr(exc, "code", None) or type(exc).__name__
        message = exc.message if isinstance(exc, APIError) else str(exc)
        details = exc.details if isinstance(exc, APIError) else {}
        return cls(
            index=index,
            code=code,
            message=message,
            details=details,
            id=record_id,
            status_code=getattr(exc, "status_code", None),
            error=exc,
        )


RecordOutcome = RecordSuccess | RecordError


class BulkResult(Sequence[RecordOutcome]):
    """The outcomes of a bulk call, one per input record, in input order."""

    __slots__ = ("_outcomes",)

    def __init__(self, outcomes: Iterable[RecordOutcome]) -> None:
        self._outcomes = list(outcomes)

    @overload
    def __getitem__(self, i: int) -> RecordOutcome: ...
    @overload
    def __getitem__(self, i: slice) -> list[RecordOutcome]: ...
    def __getitem__(self, i: int | slice) -> RecordOutcome | list[RecordOutcome]:
        return self._outcomes[i]

    def __len__(self) -> int:
        return len(self._outcomes)

    def __iter__(self) -> Iterator[RecordOutcome]:
        return iter(self._outcomes)

    @property
    def ok(self) -> bool:
        """True if every record succeeded."""
        return all(o.ok for o in self._outcomes)

    @property
    def succeeded(self) -> list[RecordSuccess]:
        return [o for o in self._outcomes if isinstance(o, RecordSuccess)]

    @property
    def failed(self) -> list[RecordError]:
        return [o for o in self._outcomes if isinstance(o, RecordError)]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, BulkResult):
            return self._outcomes == other._outcomes
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        ok = sum(1 for o in self._outcomes if o.ok)
        return f"BulkResult(total={len(self)}, succeeded={ok}, failed={len(self) - ok})"


@dataclass(frozen=True, slots=True)
class MassUpdateJob:
    """A scheduled (custom view / territory) mass update and its latest known status."""

    job_id: str
    status: str | None = None
    total_count: int | None = None
    updated_count: int | None = None
    not_updated_count: int | None = None
    failed_count: int | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False)

    TERMINAL: ClassVar[frozenset[str]] = frozenset({"COMPLETED", "FAILED", "ERROR", "CANCELLED"})

    @property
    def done(self) -> bool:
        return self.status is not None and self.status.upper() in self.TERMINAL
