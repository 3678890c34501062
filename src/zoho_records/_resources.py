"""``client.crm`` and ``client.bigin``: one method per operation, sync and async twins.

Request building lives in ``_CrmRequests``/``_BiginRequests`` (through the generated SDK, see
``_generated``); the twins only execute and parse.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import (
    AsyncIterator,
    Callable,
    Generator,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from functools import partial
from typing import TYPE_CHECKING, Any, overload

from . import _constants as C
from . import _generated as gen
from . import _operations as ops
from ._bulk import Call
from ._exceptions import JobTimeoutError, ZohoError
from ._http import Req
from ._outcomes import BulkResult, MassUpdateJob, RecordOutcome
from ._retry import unique_fields_of, upsert_is_idempotent
from ._types import strip_not_given

if TYPE_CHECKING:
    from ._client import AsyncZohoClient, ZohoClient

Record = Mapping[str, Any]
Ids = Iterable[str | int]
Trigger = Sequence[str] | None
SkipFeatures = Sequence[str | Mapping[str, Any]] | None
Since = dt.datetime | str | None
Stop = Callable[[], bool] | None


def _outcomes(batches: Iterator[list[RecordOutcome]]) -> Iterator[RecordOutcome]:
    """The engine's batches as one stream. A ``KeyboardInterrupt`` thrown into the stream
    reaches the engine, which then does not wait for the requests in flight."""
    for batch in batches:
        try:
            yield from batch
        except KeyboardInterrupt:
            if isinstance(batches, Generator):
                batches.throw(KeyboardInterrupt)
            raise


def _until(calls: Iterable[Call], stop: Stop) -> Iterator[Call]:
    """``calls`` until ``stop()`` is true, polled before each call is taken (the async engine
    sends a call as soon as it takes it)."""
    for call in calls:
        if stop is not None and stop():
            return
        yield call


def _mass_update_id_calls(
    module: str, fields: Record, ids: Ids, trigger: Trigger, over_write: bool | None, version: str
) -> Iterable[Call]:
    make = partial(gen.crm_mass_update_req, ops.check_version(version), module)
    options = ops._options(trigger=trigger)
    return ops.mass_update_id_calls(
        lambda body: make({**body, **options}), fields, ids, over_write=over_write
    )


def _check_mass_update(ids: Ids | None, cvid: str | int | None, territory: object) -> None:
    if (ids is None) == (cvid is None):
        raise ValueError("mass_update needs exactly one of ids=[...] or cvid=...")
    if territory is not None and cvid is None:
        raise ValueError(
            "territory=... needs cvid=... (Zoho mass-updates territories per custom view)"
        )


class _JobWait:
    """The pace of polling a mass update job: backoff from ``JOB_POLL_INITIAL_DELAY`` up to
    ``JOB_POLL_MAX_DELAY``, never past ``poll_timeout`` (then ``JobTimeoutError``)."""

    def __init__(self, poll_timeout: float) -> None:
        if not poll_timeout >= 0:  # (also NaN)
            raise ValueError(f"poll_timeout must be 0 or more seconds, got {poll_timeout!r}")
        self.start = time.monotonic()
        self.deadline = self.start + poll_timeout
        self.delay = C.JOB_POLL_INITIAL_DELAY

    def next_delay(self, job: MassUpdateJob) -> float:
        """Seconds to wait before the next poll of the unfinished ``job``."""
        now = time.monotonic()
        if now >= self.deadline:
            raise JobTimeoutError(job.job_id, now - self.start, job.status)
        delay = min(self.delay, self.deadline - now)
        self.delay = min(self.delay * 2, C.JOB_POLL_MAX_DELAY)
        return delay


class _CrmRequests:
    @staticmethod
    def update_records(
        module: str,
        records: Iterable[Record],
        trigger: Trigger,
        since: Since,
        skip: SkipFeatures,
        version: str,
    ) -> Iterable[Call]:
        make = partial(
            gen.crm_update_records_req,
            ops.check_version(version),
            module,
            if_unmodified_since=ops.if_unmodified_since_header(since),
        )
        options = ops._options(trigger=trigger, skip_feature_execution=skip)
        return ops.record_calls(lambda body: make(body), records, options=options)

    @staticmethod
    def update_record(
        module: str,
        record_id: str | int,
        fields: Record,
        trigger: Trigger,
        since: Since,
        skip: SkipFeatures,
        version: str,
    ) -> Req:
        body = {
            "data": [strip_not_given(ops.check_fields(fields))],
            **ops._options(trigger=trigger, skip_feature_execution=skip),
        }
        return gen.crm_update_record_req(
            ops.check_version(version),
            module,
            str(record_id),
            body,
            ops.if_unmodified_since_header(since),
        )

    @staticmethod
    def mass_update_ids(
        module: str, fields: Record, ids: Ids, over_write: bool | None, version: str
    ) -> Iterable[Call]:
        make = partial(gen.crm_mass_update_req, ops.check_version(version), module)
        return ops.mass_update_id_calls(make, fields, ids, over_write=over_write)

    @staticmethod
    def mass_update_cvid(
        module: str,
        fields: Record,
        cvid: str | int,
        territory: Mapping[str, Any] | str | int | None,
        over_write: bool | None,
        version: str,
    ) -> Req:
        body = ops.mass_update_cvid_body(
            fields, cvid=cvid, territory=territory, over_write=over_write
        )
        return gen.crm_mass_update_req(ops.check_version(version), module, body)


class Crm:
    """Zoho CRM (``client.crm``). ``version`` is the API version, ``v2`` … ``v8``."""

    def __init__(self, client: ZohoClient) -> None:
        self._client = client

    def update_records(
        self,
        module: str,
        records: Iterable[Record],
        *,
        trigger: Trigger = None,
        if_unmodified_since: Since = None,
        skip_feature_execution: SkipFeatures = None,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> BulkResult:
        """Update any number of records (dicts with ``id`` and the fields to change).

        Sent 100 per request with bounded concurrency; returns one outcome per record in input
        order. ``trigger=[]`` runs no automation (None: Zoho's default). A field set to ``None``
        is cleared; ``NOT_GIVEN`` leaves it out. ``skip_feature_execution=["cadences"]``.
        """
        calls = _CrmRequests.update_records(
            module, records, trigger, if_unmodified_since, skip_feature_execution, version
        )
        return self._client._run_bulk(calls)

    def iter_update_records(
        self,
        module: str,
        records: Iterable[Record],
        *,
        trigger: Trigger = None,
        if_unmodified_since: Since = None,
        skip_feature_execution: SkipFeatures = None,
        version: str = C.DEFAULT_CRM_VERSION,
        stop: Stop = None,
    ) -> Iterator[RecordOutcome]:
        """``update_records`` as a stream: each outcome as soon as its request completes.

        Outcomes come in completion order (``outcome.index`` is the input position), every
        record exactly once. Nothing is kept: memory stays constant for inputs of any size,
        which also makes this the fastest way to send large jobs.

        ``stop`` is polled before each request is sent: once it returns True nothing new is
        sent, the requests in flight finish and their outcomes are yielded, and the records
        taken but never sent get outcomes with code ``INTERRUPTED``; records not yet taken
        from ``records`` get none.
        """
        calls = _CrmRequests.update_records(
            module, records, trigger, if_unmodified_since, skip_feature_execution, version
        )
        yield from _outcomes(self._client._iter_bulk(calls, stop=stop))

    def iter_mass_update(
        self,
        module: str,
        data: Record,
        *,
        ids: Ids,
        trigger: Trigger = None,
        over_write: bool | None = None,
        version: str = C.DEFAULT_CRM_VERSION,
        stop: Stop = None,
    ) -> Iterator[RecordOutcome]:
        """``mass_update(ids=...)`` as a stream: 500 ids per request, one outcome per id
        (``outcome.index`` is its position in ``ids``), in completion order; ``stop`` as in
        ``iter_update_records``."""
        calls = _mass_update_id_calls(module, data, ids, trigger, over_write, version)
        yield from _outcomes(self._client._iter_bulk(calls, stop=stop))

    def update_record(
        self,
        module: str,
        record_id: str | int,
        fields: Record,
        *,
        trigger: Trigger = None,
        if_unmodified_since: Since = None,
        skip_feature_execution: SkipFeatures = None,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> RecordOutcome:
        """Update one record: ``fields={"Phone": None}`` clears Phone, an absent key is left."""
        req = _CrmRequests.update_record(
            module, record_id, fields, trigger, if_unmodified_since, skip_feature_execution, version
        )
        return ops.parse_single(self._client._send(req), str(record_id))

    def get_record(
        self, module: str, record_id: str | int, *, version: str = C.DEFAULT_CRM_VERSION
    ) -> dict[str, Any] | None:
        """The record as a dict (None on 204 No Content)."""
        req = gen.crm_get_record_req(ops.check_version(version), module, str(record_id))
        return ops.parse_get_record(self._client._send(req))

    def get_fields(
        self, module: str, *, version: str = C.DEFAULT_CRM_VERSION
    ) -> list[dict[str, Any]]:
        """Field metadata of ``module`` (``api_name``, ``data_type``, ``length``, …)."""
        req = gen.crm_get_fields_req(ops.check_version(version), module)
        return ops.parse_list(self._client._send(req), "fields")

    @overload
    def mass_update(
        self,
        module: str,
        fields: Record,
        *,
        ids: Ids,
        cvid: None = None,
        territory: None = None,
        over_write: bool | None = None,
        wait: bool = True,
        poll_timeout: float = C.JOB_POLL_TIMEOUT,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> BulkResult: ...
    @overload
    def mass_update(
        self,
        module: str,
        fields: Record,
        *,
        ids: None = None,
        cvid: str | int,
        territory: Mapping[str, Any] | str | int | None = None,
        over_write: bool | None = None,
        wait: bool = True,
        poll_timeout: float = C.JOB_POLL_TIMEOUT,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> MassUpdateJob: ...
    def mass_update(
        self,
        module: str,
        fields: Record,
        *,
        ids: Ids | None = None,
        cvid: str | int | None = None,
        territory: Mapping[str, Any] | str | int | None = None,
        over_write: bool | None = None,
        wait: bool = True,
        poll_timeout: float = C.JOB_POLL_TIMEOUT,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> BulkResult | MassUpdateJob:
        """Set the same ``fields`` on many records.

        By ``ids``: 500 ids per request, one outcome per id, in input order. By ``cvid``
        (optionally narrowed to a ``territory``): Zoho schedules a job; with ``wait`` it is
        polled with backoff until it finishes and its final status returned
        (``JobTimeoutError`` after ``poll_timeout`` seconds); without, the scheduled job is
        returned at once. ``over_write=True`` replaces multi-select values instead of adding.
        """
        _check_mass_update(ids, cvid, territory)
        if ids is not None:
            return self._client._run_bulk(
                _CrmRequests.mass_update_ids(module, fields, ids, over_write, version)
            )
        assert cvid is not None
        req = _CrmRequests.mass_update_cvid(module, fields, cvid, territory, over_write, version)
        job = ops.parse_job_scheduled(self._client._send(req))
        if not wait:
            return job
        return self.wait_for_mass_update(
            module, job.job_id, poll_timeout=poll_timeout, version=version
        )

    def wait_for_mass_update(
        self,
        module: str,
        job_id: str | int,
        *,
        poll_timeout: float = C.JOB_POLL_TIMEOUT,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> MassUpdateJob:
        """Poll a scheduled mass update with backoff until it finishes; its final status
        (``JobTimeoutError`` after ``poll_timeout`` seconds)."""
        wait = _JobWait(poll_timeout)
        while not (job := self.mass_update_status(module, job_id, version=version)).done:
            time.sleep(wait.next_delay(job))
        return job

    def mass_update_status(
        self, module: str, job_id: str | int, *, version: str = C.DEFAULT_CRM_VERSION
    ) -> MassUpdateJob:
        """The status of a scheduled mass update job."""
        req = gen.crm_mass_update_status_req(ops.check_version(version), module, str(job_id))
        return ops.parse_job_status(str(job_id), self._client._send(req))


class AsyncCrm:
    """Async twin of ``Crm``."""

    def __init__(self, client: AsyncZohoClient) -> None:
        self._client = client

    async def update_records(
        self,
        module: str,
        records: Iterable[Record],
        *,
        trigger: Trigger = None,
        if_unmodified_since: Since = None,
        skip_feature_execution: SkipFeatures = None,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> BulkResult:
        calls = _CrmRequests.update_records(
            module, records, trigger, if_unmodified_since, skip_feature_execution, version
        )
        return await self._client._run_bulk(calls)

    async def iter_update_records(
        self,
        module: str,
        records: Iterable[Record],
        *,
        trigger: Trigger = None,
        if_unmodified_since: Since = None,
        skip_feature_execution: SkipFeatures = None,
        version: str = C.DEFAULT_CRM_VERSION,
        stop: Stop = None,
    ) -> AsyncIterator[RecordOutcome]:
        """Async twin of ``Crm.iter_update_records`` (completion order, constant memory)."""
        calls = _CrmRequests.update_records(
            module, records, trigger, if_unmodified_since, skip_feature_execution, version
        )
        async for batch in self._client._iter_bulk(_until(calls, stop)):
            for outcome in batch:
                yield outcome

    async def iter_mass_update(
        self,
        module: str,
        data: Record,
        *,
        ids: Ids,
        trigger: Trigger = None,
        over_write: bool | None = None,
        version: str = C.DEFAULT_CRM_VERSION,
        stop: Stop = None,
    ) -> AsyncIterator[RecordOutcome]:
        """Async twin of ``Crm.iter_mass_update``."""
        calls = _mass_update_id_calls(module, data, ids, trigger, over_write, version)
        async for batch in self._client._iter_bulk(_until(calls, stop)):
            for outcome in batch:
                yield outcome

    async def update_record(
        self,
        module: str,
        record_id: str | int,
        fields: Record,
        *,
        trigger: Trigger = None,
        if_unmodified_since: Since = None,
        skip_feature_execution: SkipFeatures = None,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> RecordOutcome:
        req = _CrmRequests.update_record(
            module, record_id, fields, trigger, if_unmodified_since, skip_feature_execution, version
        )
        return ops.parse_single(await self._client._send(req), str(record_id))

    async def get_record(
        self, module: str, record_id: str | int, *, version: str = C.DEFAULT_CRM_VERSION
    ) -> dict[str, Any] | None:
        req = gen.crm_get_record_req(ops.check_version(version), module, str(record_id))
        return ops.parse_get_record(await self._client._send(req))

    async def get_fields(
        self, module: str, *, version: str = C.DEFAULT_CRM_VERSION
    ) -> list[dict[str, Any]]:
        req = gen.crm_get_fields_req(ops.check_version(version), module)
        return ops.parse_list(await self._client._send(req), "fields")

    @overload
    async def mass_update(
        self,
        module: str,
        fields: Record,
        *,
        ids: Ids,
        cvid: None = None,
        territory: None = None,
        over_write: bool | None = None,
        wait: bool = True,
        poll_timeout: float = C.JOB_POLL_TIMEOUT,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> BulkResult: ...
    @overload
    async def mass_update(
        self,
        module: str,
        fields: Record,
        *,
        ids: None = None,
        cvid: str | int,
        territory: Mapping[str, Any] | str | int | None = None,
        over_write: bool | None = None,
        wait: bool = True,
        poll_timeout: float = C.JOB_POLL_TIMEOUT,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> MassUpdateJob: ...
    async def mass_update(
        self,
        module: str,
        fields: Record,
        *,
        ids: Ids | None = None,
        cvid: str | int | None = None,
        territory: Mapping[str, Any] | str | int | None = None,
        over_write: bool | None = None,
        wait: bool = True,
        poll_timeout: float = C.JOB_POLL_TIMEOUT,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> BulkResult | MassUpdateJob:
        _check_mass_update(ids, cvid, territory)
        if ids is not None:
            return await self._client._run_bulk(
                _CrmRequests.mass_update_ids(module, fields, ids, over_write, version)
            )
        assert cvid is not None
        req = _CrmRequests.mass_update_cvid(module, fields, cvid, territory, over_write, version)
        job = ops.parse_job_scheduled(await self._client._send(req))
        if not wait:
            return job
        return await self.wait_for_mass_update(
            module, job.job_id, poll_timeout=poll_timeout, version=version
        )

    async def wait_for_mass_update(
        self,
        module: str,
        job_id: str | int,
        *,
        poll_timeout: float = C.JOB_POLL_TIMEOUT,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> MassUpdateJob:
        """Async twin of ``Crm.wait_for_mass_update``."""
        wait = _JobWait(poll_timeout)
        while not (job := await self.mass_update_status(module, job_id, version=version)).done:
            await asyncio.sleep(wait.next_delay(job))
        return job

    async def mass_update_status(
        self, module: str, job_id: str | int, *, version: str = C.DEFAULT_CRM_VERSION
    ) -> MassUpdateJob:
        req = gen.crm_mass_update_status_req(ops.check_version(version), module, str(job_id))
        return ops.parse_job_status(str(job_id), await self._client._send(req))


# ------------------------------------------------------------------------------------------------
class _BiginRequests:
    @staticmethod
    def update_records(module: str, records: Iterable[Record], trigger: Trigger) -> Iterable[Call]:
        return ops.record_calls(
            partial(gen.bigin_update_records_req, module),
            records,
            options=ops._options(trigger=trigger),
        )

    @staticmethod
    def update_record(module: str, record_id: str | int, fields: Record, trigger: Trigger) -> Req:
        body = {
            "data": [strip_not_given(ops.check_fields(fields))],
            **ops._options(trigger=trigger),
        }
        return gen.bigin_update_record_req(module, str(record_id), body)

    @staticmethod
    def upsert(
        module: str,
        records: Iterable[Record],
        duplicate_check_fields: Sequence[str] | None,
        trigger: Trigger,
        unique_fields: Sequence[str] | None = None,
    ) -> Iterable[Call]:
        """Upsert calls, each marked idempotent or not (``_retry.upsert_is_idempotent``) by the
        fields its duplicate check uses: ``duplicate_check_fields``, else ``unique_fields``
        (the module's, from its field metadata; None: unknown)."""
        options = ops._options(trigger=trigger)
        if duplicate_check_fields is not None:
            if isinstance(duplicate_check_fields, str):
                raise TypeError("duplicate_check_fields must be a list of field API names")
            options["duplicate_check_fields"] = list(duplicate_check_fields)
        check = list(duplicate_check_fields) if duplicate_check_fields is not None else None
        if check is None and unique_fields is not None:
            check = list(unique_fields)

        def make(body: dict[str, Any]) -> Req:
            req = gen.bigin_upsert_req(module, body)
            req.idempotent = upsert_is_idempotent(body["data"], check)
            return req

        return ops.record_calls(make, records, options=options)

    @staticmethod
    def update_related(
        module: str, record_id: str | int, related_list: str, records: Iterable[Record]
    ) -> Iterable[Call]:
        return ops.record_calls(
            partial(gen.bigin_update_related_req, module, str(record_id), related_list), records
        )


class Bigin:
    """Zoho Bigin (``client.bigin``); Bigin's API version is always v2."""

    def __init__(self, client: ZohoClient) -> None:
        self._client = client

    def update_records(
        self, module: str, records: Iterable[Record], *, trigger: Trigger = None
    ) -> BulkResult:
        """Update any number of records (100 per request); one outcome per record, in order."""
        return self._client._run_bulk(_BiginRequests.update_records(module, records, trigger))

    def update_record(
        self, module: str, record_id: str | int, fields: Record, *, trigger: Trigger = None
    ) -> RecordOutcome:
        """Update one record (``None`` clears a field, an absent key is left alone)."""
        req = _BiginRequests.update_record(module, record_id, fields, trigger)
        return ops.parse_single(self._client._send(req), str(record_id))

    def upsert(
        self,
        module: str,
        records: Iterable[Record],
        *,
        duplicate_check_fields: Sequence[str] | None = None,
        trigger: Trigger = None,
    ) -> BulkResult:
        """Insert or update records, matched on ``duplicate_check_fields`` (else Zoho's unique
        fields). Successes carry ``action`` (``insert``/``update``) and ``duplicate_field``.

        A request is retried after a failure that may have reached Zoho only when every record
        in it has a value in a field the duplicate check uses (without
        ``duplicate_check_fields``: the module's unique fields, read once from its field
        metadata); otherwise such records get ``UNKNOWN`` ("may have been written")."""
        unique = None if duplicate_check_fields is not None else self.unique_fields(module)
        return self._client._run_bulk(
            _BiginRequests.upsert(module, records, duplicate_check_fields, trigger, unique)
        )

    def unique_fields(self, module: str) -> list[str] | None:
        """The module's unique fields (what an upsert without ``duplicate_check_fields``
        checks), from its field metadata, read once per client; None if it cannot be read."""
        cache = self._client._unique_fields
        if module not in cache:
            try:
                cache[module] = unique_fields_of(self.get_fields(module))
            except ZohoError:
                return None  # unknown: such upserts are not repeated after an unclear failure
        return cache[module]

    def update_related(
        self, module: str, record_id: str | int, related_list: str, records: Iterable[Record]
    ) -> BulkResult:
        """Relate records (each with the related record's ``id`` and the relation's fields) to
        ``record_id``; one outcome per related record."""
        return self._client._run_bulk(
            _BiginRequests.update_related(module, record_id, related_list, records)
        )

    def get_related(
        self,
        module: str,
        record_id: str | int,
        related_list: str,
        *,
        page: int | None = None,
        per_page: int | None = None,
    ) -> list[dict[str, Any]]:
        """One page of related records ([] when there are none)."""
        req = gen.bigin_get_related_req(module, str(record_id), related_list, page, per_page)
        return ops.parse_list(self._client._send(req))

    def get_record(self, module: str, record_id: str | int) -> dict[str, Any] | None:
        return ops.parse_get_record(
            self._client._send(gen.bigin_get_record_req(module, str(record_id)))
        )

    def get_fields(self, module: str) -> list[dict[str, Any]]:
        """Field metadata of ``module``; also remembered for ``unique_fields`` (no second
        read for an upsert)."""
        fields = ops.parse_list(self._client._send(gen.bigin_get_fields_req(module)), "fields")
        self._client._unique_fields.setdefault(module, unique_fields_of(fields))
        return fields

    def iter_update_records(
        self, module: str, records: Iterable[Record], *, trigger: Trigger = None, stop: Stop = None
    ) -> Iterator[RecordOutcome]:
        """``update_records`` as a stream (completion order, ``outcome.index``; constant
        memory); ``stop`` as in ``Crm.iter_update_records``."""
        yield from self._stream(_BiginRequests.update_records(module, records, trigger), stop)

    def iter_upsert(
        self,
        module: str,
        records: Iterable[Record],
        *,
        duplicate_check_fields: Sequence[str] | None = None,
        trigger: Trigger = None,
        stop: Stop = None,
    ) -> Iterator[RecordOutcome]:
        """``upsert`` as a stream (completion order, ``outcome.index``; constant memory);
        ``stop`` as in ``Crm.iter_update_records``."""
        unique = None if duplicate_check_fields is not None else self.unique_fields(module)
        yield from self._stream(
            _BiginRequests.upsert(module, records, duplicate_check_fields, trigger, unique), stop
        )

    def iter_update_related(
        self,
        module: str,
        record_id: str | int,
        related_list: str,
        records: Iterable[Record],
        *,
        stop: Stop = None,
    ) -> Iterator[RecordOutcome]:
        """``update_related`` as a stream (completion order, ``outcome.index``); ``stop`` as
        in ``Crm.iter_update_records``."""
        yield from self._stream(
            _BiginRequests.update_related(module, record_id, related_list, records), stop
        )

    def _stream(self, calls: Iterable[Call], stop: Stop = None) -> Iterator[RecordOutcome]:
        yield from _outcomes(self._client._iter_bulk(calls, stop=stop))


class AsyncBigin:
    """Async twin of ``Bigin``."""

    def __init__(self, client: AsyncZohoClient) -> None:
        self._client = client

    async def update_records(
        self, module: str, records: Iterable[Record], *, trigger: Trigger = None
    ) -> BulkResult:
        return await self._client._run_bulk(_BiginRequests.update_records(module, records, trigger))

    async def update_record(
        self, module: str, record_id: str | int, fields: Record, *, trigger: Trigger = None
    ) -> RecordOutcome:
        req = _BiginRequests.update_record(module, record_id, fields, trigger)
        return ops.parse_single(await self._client._send(req), str(record_id))

    async def upsert(
        self,
        module: str,
        records: Iterable[Record],
        *,
        duplicate_check_fields: Sequence[str] | None = None,
        trigger: Trigger = None,
    ) -> BulkResult:
        unique = None if duplicate_check_fields is not None else await self.unique_fields(module)
        return await self._client._run_bulk(
            _BiginRequests.upsert(module, records, duplicate_check_fields, trigger, unique)
        )

    async def unique_fields(self, module: str) -> list[str] | None:
        """Async twin of ``Bigin.unique_fields``."""
        cache = self._client._unique_fields
        if module not in cache:
            try:
                cache[module] = unique_fields_of(await self.get_fields(module))
            except ZohoError:
                return None
        return cache[module]

    async def update_related(
        self, module: str, record_id: str | int, related_list: str, records: Iterable[Record]
    ) -> BulkResult:
        return await self._client._run_bulk(
            _BiginRequests.update_related(module, record_id, related_list, records)
        )

    async def get_related(
        self,
        module: str,
        record_id: str | int,
        related_list: str,
        *,
        page: int | None = None,
        per_page: int | None = None,
    ) -> list[dict[str, Any]]:
        req = gen.bigin_get_related_req(module, str(record_id), related_list, page, per_page)
        return ops.parse_list(await self._client._send(req))

    async def get_record(self, module: str, record_id: str | int) -> dict[str, Any] | None:
        return ops.parse_get_record(
            await self._client._send(gen.bigin_get_record_req(module, str(record_id)))
        )

    async def get_fields(self, module: str) -> list[dict[str, Any]]:
        """Async twin of ``Bigin.get_fields``."""
        req = gen.bigin_get_fields_req(module)
        fields = ops.parse_list(await self._client._send(req), "fields")
        self._client._unique_fields.setdefault(module, unique_fields_of(fields))
        return fields

    async def iter_update_records(
        self, module: str, records: Iterable[Record], *, trigger: Trigger = None, stop: Stop = None
    ) -> AsyncIterator[RecordOutcome]:
        """Async twin of ``Bigin.iter_update_records``."""
        calls = _BiginRequests.update_records(module, records, trigger)
        async for outcome in self._stream(calls, stop):
            yield outcome

    async def iter_upsert(
        self,
        module: str,
        records: Iterable[Record],
        *,
        duplicate_check_fields: Sequence[str] | None = None,
        trigger: Trigger = None,
        stop: Stop = None,
    ) -> AsyncIterator[RecordOutcome]:
        """Async twin of ``Bigin.iter_upsert``."""
        unique = None if duplicate_check_fields is not None else await self.unique_fields(module)
        calls = _BiginRequests.upsert(module, records, duplicate_check_fields, trigger, unique)
        async for outcome in self._stream(calls, stop):
            yield outcome

    async def iter_update_related(
        self,
        module: str,
        record_id: str | int,
        related_list: str,
        records: Iterable[Record],
        *,
        stop: Stop = None,
    ) -> AsyncIterator[RecordOutcome]:
        """Async twin of ``Bigin.iter_update_related``."""
        calls = _BiginRequests.update_related(module, record_id, related_list, records)
        async for outcome in self._stream(calls, stop):
            yield outcome

    async def _stream(
        self, calls: Iterable[Call], stop: Stop = None
    ) -> AsyncIterator[RecordOutcome]:
        async for batch in self._client._iter_bulk(_until(calls, stop)):
            for outcome in batch:
                yield outcome
