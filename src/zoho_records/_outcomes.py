"""What happened to each record: one outcome per input record, in input order.

``RecordSuccess`` and ``RecordError`` share ``index`` (position in the input), ``code``,
``message``, ``details`` and ``ok``. A record whose request failed as a whole (a top-level
error, retries exhausted, a connection failure) gets a ``RecordError`` carrying that failure's
code and the exception in ``error``: nothing is ever dropped.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, overload

import msgspec

from ._exceptions import APIError, ZohoError

__all__ = [
    "RecordSuccess",
    "RecordError",
    "RecordOutcome",
    "BulkResult",
    "MassUpdateJob",
    "RecordsPage",
]


class RecordSuccess(msgspec.Struct, gc=False):
    """Zoho accepted the record.

    ``id`` is the record id (for related-list updates: the related record's id). Upserts add
    ``action`` (``"insert"``/``"update"``) and ``duplicate_field``. ``details`` is Zoho's
    ``details`` object (``Modified_Time``, ``Modified_By``, ``id`` ...), a plain ``dict``.

    Built for volume: an outcome parsed from an answer keeps ``details`` as undecoded JSON
    until it is first read, and outcomes are not tracked by Python's cycle collector (they hold
    no cycles). Read ``details`` (or use ``to_dict()``) rather than ``msgspec.structs.asdict``,
    which sees the undecoded form (``msgspec.Raw``; ``msgspec.json.encode`` writes it as is).
    """

    index: int
    id: str | None
    code: str = "SUCCESS"
    message: str = ""
    details: Mapping[str, Any] = msgspec.field(default_factory=dict)
    action: str | None = None
    duplicate_field: str | None = None
    status_code: int | None = None

    ok: ClassVar[Literal[True]] = True
    status: ClassVar[Literal["success"]] = "success"

    def __eq__(self, other: object) -> bool:
        if type(other) is not RecordSuccess:
            return NotImplemented
        return _fields(self) == _fields(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        _ = self.details  # show the decoded details, not the undecoded JSON
        return _STRUCT_REPR(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (RecordSuccess, _fields(self))

    def to_dict(self) -> dict[str, Any]:
        """The outcome as plain Python values (``details`` decoded), plus ``status``."""
        return _as_dict(self)


class RecordError(msgspec.Struct):
    """Zoho refused the record, or the request carrying it failed as a whole.

    ``code`` is Zoho's code (an open string, e.g. ``INVALID_DATA``, ``MANDATORY_NOT_FOUND``) or,
    when no answer came, one of ``CONNECTION_ERROR``, ``TIMEOUT``, ``UNEXPECTED_RESPONSE``,
    ``MISSING_RESULT``, or ``INVALID_INPUT`` for a record that was not sent because it could not
    be (not a mapping, or a value JSON cannot carry; the other records of its chunk were sent).
    ``UNKNOWN`` ("may have been written; check before sending again") is the code of a record of
    a write that is not safe to repeat (an insert, or an upsert without duplicate-check values,
    see ``_retry``) whose request failed after it may have reached Zoho: it was not sent again.
    ``INTERRUPTED``: its request was not sent because the run was stopped (``stop``).
    ``id`` is the record id sent, if any. ``error`` is the exception when the whole request
    failed (not part of equality).
    """

    index: int
    code: str
    message: str = ""
    details: Mapping[str, Any] = msgspec.field(default_factory=dict)
    id: str | None = None
    status_code: int | None = None
    error: ZohoError | None = None

    ok: ClassVar[Literal[False]] = False
    status: ClassVar[Literal["error"]] = "error"

    def __eq__(self, other: object) -> bool:
        if type(other) is not RecordError:
            return NotImplemented
        return _fields(self)[:-1] == _fields(other)[:-1]  # all but `error`, the last field

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict[str, Any]:
        """The outcome as plain Python values, plus ``status`` (``error`` is left out)."""
        return _as_dict(self)

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


_STRUCT_REPR = msgspec.Struct.__repr__


def _fields(outcome: RecordSuccess | RecordError) -> tuple[Any, ...]:
    return tuple(getattr(outcome, name) for name in outcome.__struct_fields__)


def _as_dict(outcome: RecordSuccess | RecordError) -> dict[str, Any]:
    out = {"status": outcome.status}
    out.update((n, getattr(outcome, n)) for n in outcome.__struct_fields__ if n != "error")
    return out


# ``RecordSuccess.details`` reads through a property: the slot holds either the details (a dict)
# or, for an outcome parsed from an answer, the undecoded JSON object (``msgspec.Raw``), decoded
# on first read and replaced by the dict. msgspec's constructor, copy and ``replace``
# write the slot directly, so ``RecordSuccess(..., details={...})`` works as for any Struct.
_DETAILS_SLOT = RecordSuccess.__dict__["details"]
_RAW = msgspec.Raw
_decode_details = msgspec.json.Decoder(dict[str, Any]).decode


def _get_details(self: RecordSuccess) -> Mapping[str, Any]:
    value = _DETAILS_SLOT.__get__(self, RecordSuccess)
    if type(value) is _RAW:
        value = _decode_details(value)
        _DETAILS_SLOT.__set__(self, value)
    return value  # type: ignore[no-any-return]


def _set_details(self: RecordSuccess, value: Mapping[str, Any]) -> None:
    _DETAILS_SLOT.__set__(self, value)


setattr(RecordSuccess, "details", property(_get_details, _set_details))  # noqa: B010


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


@dataclass(slots=True)
class RecordsPage:
    """One page of Get Records or Search Records: ``records`` (dicts keyed by field API name)
    and Zoho's ``info`` about the page (``per_page``, ``count``, ``page``, ``more_records``,
    and for Get Records ``next_page_token``, ``previous_page_token``, ``page_token_expiry``).
    An empty page (Zoho's 204 No Content) has no records and ``more_records`` False."""

    records: list[dict[str, Any]]
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def more_records(self) -> bool:
        """Whether another page follows."""
        return self.info.get("more_records") is True

    @property
    def next_page_token(self) -> str | None:
        """The token of the next page (Get Records), to pass as ``page_token``."""
        token = self.info.get("next_page_token")
        return token if isinstance(token, str) and token else None


class _Slots:
    """Outcomes placed by input position as batches arrive in any order: each on arrival,
    while the engine waits for the next answer (placing 20,000 after the last one took 4 ms
    of a 1.7 s job's tail)."""

    __slots__ = ("placed", "rows")

    def __init__(self) -> None:
        self.rows: list[RecordOutcome | None] = []
        self.placed = 0

    def put(self, batch: list[RecordOutcome]) -> None:
        rows = self.rows
        for o in batch:
            if o.index >= len(rows):
                rows.extend([None] * (o.index + 1 - len(rows)))
            elif rows[o.index] is not None:  # pragma: no cover - would be a bug in this module
                raise AssertionError(f"two outcomes for record {o.index}")
            rows[o.index] = o
        self.placed += len(batch)

    def result(self) -> BulkResult:
        if self.placed != len(self.rows):  # pragma: no cover - would be a bug in this module
            missing = [i for i, r in enumerate(self.rows) if r is None]
            raise AssertionError(f"no outcome for records {missing[:10]}")
        return BulkResult(self.rows)  # type: ignore[arg-type]


def collect(batches: Iterable[list[RecordOutcome]]) -> BulkResult:
    """Assemble streamed outcomes into input order; an exception that ends the run (Ctrl-C,
    one raised by the caller's records) carries those that came (``outcomes_before``)."""
    slots = _Slots()
    try:
        for batch in batches:
            slots.put(batch)
    except BaseException as exc:
        _ended(exc, slots)
        raise
    return slots.result()


async def acollect(batches: AsyncIterator[list[RecordOutcome]]) -> BulkResult:
    slots = _Slots()
    try:
        async for batch in batches:
            slots.put(batch)
    except BaseException as exc:
        _ended(exc, slots)
        raise
    return slots.result()


_CARRIED = "zoho_records_outcomes"


def carry_outcomes(exc: BaseException, outcomes: Iterable[RecordOutcome]) -> None:
    """Hand ``outcomes`` (answered, not yet given to the caller) to whoever catches ``exc``."""
    carried: list[RecordOutcome] | None = getattr(exc, _CARRIED, None)
    if carried is None:
        carried = []
        try:
            setattr(exc, _CARRIED, carried)
        except AttributeError:  # pragma: no cover - an exception type with __slots__
            return
    carried.extend(outcomes)


def note_also_failed(exc: BaseException, other: BaseException) -> None:
    """Say on ``exc`` (the error a bulk call raises) that another of its requests failed
    too, with ``other``: only one can be raised, and neither's records have an outcome."""
    if other is not exc:
        exc.add_note(
            "zoho-records: another request of this bulk call failed at the same time, with "
            f"{type(other).__name__}: {other}"
        )


def outcomes_before(exc: BaseException) -> list[RecordOutcome]:
    """The outcomes a bulk call had when ``exc`` ended it (``KeyboardInterrupt``, a cancelled
    task, an error raised by the records iterable), in input order; [] when ``exc`` did not
    come out of a bulk call. Records that are not in it had no answer: not sent, or sent and
    not answered (those may have been written). For a streaming call (``iter_*``), the
    outcomes answered but not yet yielded."""
    carried = getattr(exc, _CARRIED, None)
    return sorted(carried, key=lambda o: o.index) if isinstance(carried, list) else []


def _ended(exc: BaseException, slots: _Slots) -> None:
    carry_outcomes(exc, (o for o in slots.rows if o is not None))
    got = outcomes_before(exc)
    written = sum(o.ok for o in got)
    exc.add_note(
        f"zoho-records: the bulk call ended here with outcomes for {len(got)} record(s)"
        f" ({written} succeeded): zoho_records.outcomes_before(exc) has them; a record"
        " without one was not sent, or was sent and not answered (it may have been"
        " written: check it before sending it again)"
    )
