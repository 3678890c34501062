"""``AsyncCrm`` and ``AsyncBigin``: one method per operation (requests are built in
``_resources``; these only execute and parse)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

from .. import _constants as C
from .. import _generated as gen
from .. import _operations as ops
from .._bulk import Call
from .._exceptions import ZohoError
from .._outcomes import BulkResult, MassUpdateJob, RecordOutcome
from .._resources import (
    Ids,
    Record,
    Since,
    SkipFeatures,
    Stop,
    Trigger,
    _BiginRequests,
    _check_mass_update,
    _CrmRequests,
    _JobWait,
)
from .._resources import (
    _wf_trigger as _wf,
)
from .._retry import unique_fields_of
from .reads import _BiginReads, _CrmReads

if TYPE_CHECKING:
    from .._client import AsyncZohoClient


class AsyncCrm(_CrmReads):
    """Zoho CRM (``client.crm``). ``version`` is the API version, ``v2`` … ``v8``.

    The streaming methods (``iter_…``) take ``stop``: a function polled before each request is
    sent; once it returns True nothing new is sent, the requests in flight finish and their
    outcomes are yielded, the records taken for a request that was not sent get ``INTERRUPTED``
    outcomes, and no further record is read from the input.
    """

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
        """Update any number of records (dicts with ``id`` and the fields to change).

        Sent 100 per request with bounded concurrency; returns one outcome per record in input
        order. ``trigger=[]`` runs no automation (None: Zoho's default). A field set to ``None``
        is cleared; ``NOT_GIVEN`` leaves it out. ``skip_feature_execution=["cadences"]``.
        """
        calls = _CrmRequests.update_records(
            module, records, trigger, if_unmodified_since, skip_feature_execution, version
        )
        return await self._client._run_bulk(calls)

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
    ) -> AsyncIterator[RecordOutcome]:
        """``update_records`` as a stream: each outcome as soon as its request completes.

        Outcomes come in completion order (``outcome.index`` is the input position), every
        record exactly once. Nothing is kept: memory stays constant for inputs of any size,
        which also makes this the fastest way to send large jobs. ``stop`` (polled before each
        request is sent) ends the run gently: nothing new is sent, the records taken but not
        sent get ``INTERRUPTED``, and the rest of ``records`` is not read.
        """
        calls = _CrmRequests.update_records(
            module, records, trigger, if_unmodified_since, skip_feature_execution, version
        )
        return _stream(self._client, calls, stop)

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
        """Update one record: ``fields={"Phone": None}`` clears Phone, an absent key is left."""
        req = _CrmRequests.update_record(
            module, record_id, fields, trigger, if_unmodified_since, skip_feature_execution, version
        )
        return ops.parse_single(await self._client._send(req), str(record_id))

    async def get_record(
        self, module: str, record_id: str | int, *, version: str = C.DEFAULT_CRM_VERSION
    ) -> dict[str, Any] | None:
        """The record as a dict (None on 204 No Content)."""
        req = gen.crm_get_record_req(ops.check_version(version), module, str(record_id))
        return ops.parse_get_record(await self._client._send(req))

    async def get_fields(
        self, module: str, *, version: str = C.DEFAULT_CRM_VERSION
    ) -> list[dict[str, Any]]:
        """Field metadata of ``module`` (``api_name``, ``data_type``, ``length``, …). The
        client keeps the module's unique fields from it, so a later upsert reads nothing
        again (``unique_fields``)."""
        req = gen.crm_get_fields_req(ops.check_version(version), module)
        fields = ops.parse_list(await self._client._send(req), "fields")
        self._client._unique_fields[f"crm:{version}:{module}"] = unique_fields_of(fields)
        return fields

    async def insert(
        self,
        module: str,
        records: Iterable[Record],
        *,
        trigger: Trigger = None,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> BulkResult:
        """Insert any number of records (dicts of field API names to values; Zoho assigns the
        ids): 100 per request with bounded concurrency, one outcome per record in input order
        (``outcome.id`` is the new record's id).

        An insert is never sent again after a failure that may have reached Zoho (a dropped
        connection, a read timeout, a 5xx): its records get ``UNKNOWN`` ("may have been
        written; check before sending again"). Failures that prove nothing was written (no
        connection, 429) are retried as usual."""
        return await self._client._run_bulk(_CrmRequests.insert(module, records, trigger, version))

    def iter_insert(
        self,
        module: str,
        records: Iterable[Record],
        *,
        trigger: Trigger = None,
        version: str = C.DEFAULT_CRM_VERSION,
        stop: Stop = None,
    ) -> AsyncIterator[RecordOutcome]:
        """``insert`` as a stream (completion order, ``outcome.index``; constant memory).
        ``stop``: see the class."""
        calls = _CrmRequests.insert(module, records, trigger, version)
        return _stream(self._client, calls, stop)

    async def upsert(
        self,
        module: str,
        records: Iterable[Record],
        *,
        duplicate_check_fields: Sequence[str] | None = None,
        trigger: Trigger = None,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> BulkResult:
        """Insert or update records, matched on ``duplicate_check_fields`` (else Zoho's unique
        fields). Successes carry ``action`` (``insert``/``update``) and ``duplicate_field``.

        A request is retried after a failure that may have reached Zoho only when every record
        in it has a value in a field the duplicate check uses (without
        ``duplicate_check_fields``: the module's unique fields, read once from its field
        metadata); otherwise such records get ``UNKNOWN`` ("may have been written")."""
        unique = (
            None
            if duplicate_check_fields is not None
            else await self.unique_fields(module, version=version)
        )
        calls = _CrmRequests.upsert(
            module, records, duplicate_check_fields, trigger, unique, version
        )
        return await self._client._run_bulk(calls)

    def iter_upsert(
        self,
        module: str,
        records: Iterable[Record],
        *,
        duplicate_check_fields: Sequence[str] | None = None,
        trigger: Trigger = None,
        version: str = C.DEFAULT_CRM_VERSION,
        stop: Stop = None,
    ) -> AsyncIterator[RecordOutcome]:
        """``upsert`` as a stream (completion order, ``outcome.index``; constant memory).
        ``stop``: see the class."""
        # the arguments are checked now (these calls are not sent: no record is read)
        _CrmRequests.upsert(module, records, duplicate_check_fields, trigger, None, version)
        self._client._check_open()
        return self._upserts(module, records, duplicate_check_fields, trigger, version, stop)

    async def _upserts(
        self,
        module: str,
        records: Iterable[Record],
        duplicate_check_fields: Sequence[str] | None,
        trigger: Trigger,
        version: str,
        stop: Stop,
    ) -> AsyncIterator[RecordOutcome]:
        unique = (
            None
            if duplicate_check_fields is not None
            else await self.unique_fields(module, version=version)
        )
        calls = _CrmRequests.upsert(
            module, records, duplicate_check_fields, trigger, unique, version
        )
        async for outcome in _stream(self._client, calls, stop):
            yield outcome

    async def unique_fields(
        self, module: str, *, version: str = C.DEFAULT_CRM_VERSION
    ) -> list[str] | None:
        """The module's unique fields (what an upsert without ``duplicate_check_fields``
        checks), from its field metadata, read once per client; None if it cannot be read."""
        key = f"crm:{version}:{module}"
        cache = self._client._unique_fields
        if key not in cache:
            try:
                await self.get_fields(module, version=version)  # fills the cache
            except ZohoError:
                return None  # unknown: such upserts are not repeated after an unclear failure
        return cache[key]

    async def delete(
        self,
        module: str,
        ids: Ids,
        *,
        wf_trigger: bool | None = None,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> BulkResult:
        """Delete records by id (to the recycle bin): 100 ids per request, one outcome per id
        in input order. ``wf_trigger=False`` runs no workflow (None: Zoho's default, all run).
        A delete by id is safe to repeat, so it is retried as any idempotent request."""
        return await self._client._run_bulk(_CrmRequests.delete(module, ids, wf_trigger, version))

    def iter_delete(
        self,
        module: str,
        ids: Ids,
        *,
        wf_trigger: bool | None = None,
        version: str = C.DEFAULT_CRM_VERSION,
        stop: Stop = None,
    ) -> AsyncIterator[RecordOutcome]:
        """``delete`` as a stream (completion order, ``outcome.index`` is the id's position
        in ``ids``; constant memory). ``stop``: see the class."""
        calls = _CrmRequests.delete(module, ids, wf_trigger, version)
        return _stream(self._client, calls, stop)

    async def delete_record(
        self,
        module: str,
        record_id: str | int,
        *,
        wf_trigger: bool | None = None,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> RecordOutcome:
        """Delete one record by id (``wf_trigger=False``: no workflow runs); its outcome."""
        req = gen.crm_delete_record_req(
            ops.check_version(version), module, str(record_id), _wf(wf_trigger)
        )
        return ops.parse_single(await self._client._send(req), str(record_id))

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
        """Set the same ``fields`` on many records.

        By ``ids``: 500 ids per request, one outcome per id, in input order. By ``cvid``
        (optionally narrowed to a ``territory``): Zoho schedules a job; with ``wait`` it is
        polled with backoff until it finishes and its final status returned
        (``JobTimeoutError`` after ``poll_timeout`` seconds); without, the scheduled job is
        returned at once. ``over_write=True`` replaces multi-select values instead of adding.
        """
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

    def iter_mass_update(
        self,
        module: str,
        fields: Record,
        *,
        ids: Ids,
        over_write: bool | None = None,
        version: str = C.DEFAULT_CRM_VERSION,
        stop: Stop = None,
    ) -> AsyncIterator[RecordOutcome]:
        """``mass_update`` by ``ids`` as a stream: set the same ``fields`` on every id, 500 ids
        per request, one outcome per id in completion order (``outcome.index`` is the id's
        position in ``ids``). ``stop`` (polled before each request is sent) ends the run
        gently: nothing new is sent, the ids taken but not sent get ``INTERRUPTED``, and the
        rest of ``ids`` is not read. (Zoho's mass update takes no ``trigger``.)
        """
        _check_mass_update(ids, None, None)
        calls = _CrmRequests.mass_update_ids(module, fields, ids, over_write, version)
        return _stream(self._client, calls, stop)

    async def wait_for_mass_update(
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
        while not (job := await self.mass_update_status(module, job_id, version=version)).done:
            await asyncio.sleep(wait.next_delay(job))
        return job

    async def mass_update_status(
        self, module: str, job_id: str | int, *, version: str = C.DEFAULT_CRM_VERSION
    ) -> MassUpdateJob:
        """The status of a scheduled mass update job."""
        req = gen.crm_mass_update_status_req(ops.check_version(version), module, str(job_id))
        return ops.parse_job_status(str(job_id), await self._client._send(req))


class AsyncBigin(_BiginReads):
    """Zoho Bigin (``client.bigin``); Bigin's API version is always v2.

    The streaming methods (``iter_…``) take ``stop``, as ``client.crm``'s do.
    """

    def __init__(self, client: AsyncZohoClient) -> None:
        self._client = client

    async def update_records(
        self, module: str, records: Iterable[Record], *, trigger: Trigger = None
    ) -> BulkResult:
        """Update any number of records (100 per request); one outcome per record, in order."""
        return await self._client._run_bulk(_BiginRequests.update_records(module, records, trigger))

    async def update_record(
        self, module: str, record_id: str | int, fields: Record, *, trigger: Trigger = None
    ) -> RecordOutcome:
        """Update one record (``None`` clears a field, an absent key is left alone)."""
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
        """Insert or update records, matched on ``duplicate_check_fields`` (else Zoho's unique
        fields). Successes carry ``action`` (``insert``/``update``) and ``duplicate_field``.

        A request is retried after a failure that may have reached Zoho only when every record
        in it has a value in a field the duplicate check uses (without
        ``duplicate_check_fields``: the module's unique fields, read once from its field
        metadata); otherwise such records get ``UNKNOWN`` ("may have been written")."""
        unique = None if duplicate_check_fields is not None else await self.unique_fields(module)
        return await self._client._run_bulk(
            _BiginRequests.upsert(module, records, duplicate_check_fields, trigger, unique)
        )

    async def unique_fields(self, module: str) -> list[str] | None:
        """The module's unique fields (what an upsert without ``duplicate_check_fields``
        checks), from its field metadata, read once per client (``get_fields`` keeps them
        too); None if it cannot be read."""
        cache = self._client._unique_fields
        if module not in cache:
            try:
                await self.get_fields(module)  # fills the cache
            except ZohoError:
                return None  # unknown: such upserts are not repeated after an unclear failure
        return cache[module]

    async def insert(
        self, module: str, records: Iterable[Record], *, trigger: Trigger = None
    ) -> BulkResult:
        """Insert any number of records (100 per request); one outcome per record, in order
        (``outcome.id`` is the new id). Never sent again after a failure that may have reached
        Zoho: such records get ``UNKNOWN`` (see ``client.crm.insert``)."""
        return await self._client._run_bulk(_BiginRequests.insert(module, records, trigger))

    def iter_insert(
        self,
        module: str,
        records: Iterable[Record],
        *,
        trigger: Trigger = None,
        stop: Stop = None,
    ) -> AsyncIterator[RecordOutcome]:
        """``insert`` as a stream (completion order, ``outcome.index``; constant memory).
        ``stop``: see the class."""
        calls = _BiginRequests.insert(module, records, trigger)
        return _stream(self._client, calls, stop)

    async def delete(self, module: str, ids: Ids, *, wf_trigger: bool | None = None) -> BulkResult:
        """Delete records by id: 100 ids per request, one outcome per id in input order
        (``wf_trigger=False``: no workflow runs). Safe to repeat, so retried as usual."""
        return await self._client._run_bulk(_BiginRequests.delete(module, ids, wf_trigger))

    def iter_delete(
        self,
        module: str,
        ids: Ids,
        *,
        wf_trigger: bool | None = None,
        stop: Stop = None,
    ) -> AsyncIterator[RecordOutcome]:
        """``delete`` as a stream (completion order, ``outcome.index``). ``stop``: see the
        class."""
        calls = _BiginRequests.delete(module, ids, wf_trigger)
        return _stream(self._client, calls, stop)

    async def delete_record(
        self, module: str, record_id: str | int, *, wf_trigger: bool | None = None
    ) -> RecordOutcome:
        """Delete one record by id (``wf_trigger=False``: no workflow runs); its outcome."""
        req = gen.bigin_delete_record_req(module, str(record_id), _wf(wf_trigger))
        return ops.parse_single(await self._client._send(req), str(record_id))

    async def update_related(
        self, module: str, record_id: str | int, related_list: str, records: Iterable[Record]
    ) -> BulkResult:
        """Relate records (each with the related record's ``id`` and the relation's fields) to
        ``record_id``; one outcome per related record."""
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
        """One page of related records ([] when there are none)."""
        req = gen.bigin_get_related_req(module, str(record_id), related_list, page, per_page)
        return ops.parse_list(await self._client._send(req))

    async def get_record(self, module: str, record_id: str | int) -> dict[str, Any] | None:
        """The record as a dict (None on 204 No Content)."""
        return ops.parse_get_record(
            await self._client._send(gen.bigin_get_record_req(module, str(record_id)))
        )

    async def get_fields(self, module: str) -> list[dict[str, Any]]:
        """Field metadata of ``module`` (``api_name``, ``data_type``, ``unique``, …). The
        client keeps the module's unique fields from it, so a later upsert reads nothing
        again (``unique_fields``)."""
        fields = ops.parse_list(
            await self._client._send(gen.bigin_get_fields_req(module)), "fields"
        )
        self._client._unique_fields[module] = unique_fields_of(fields)
        return fields

    def iter_update_records(
        self,
        module: str,
        records: Iterable[Record],
        *,
        trigger: Trigger = None,
        stop: Stop = None,
    ) -> AsyncIterator[RecordOutcome]:
        """``update_records`` as a stream (completion order, ``outcome.index``; constant
        memory). ``stop``: see the class."""
        calls = _BiginRequests.update_records(module, records, trigger)
        return _stream(self._client, calls, stop)

    def iter_upsert(
        self,
        module: str,
        records: Iterable[Record],
        *,
        duplicate_check_fields: Sequence[str] | None = None,
        trigger: Trigger = None,
        stop: Stop = None,
    ) -> AsyncIterator[RecordOutcome]:
        """``upsert`` as a stream (completion order, ``outcome.index``; constant memory).
        ``stop``: see the class."""
        # the arguments are checked now (these calls are not sent: no record is read)
        _BiginRequests.upsert(module, records, duplicate_check_fields, trigger, None)
        self._client._check_open()
        return self._upserts(module, records, duplicate_check_fields, trigger, stop)

    async def _upserts(
        self,
        module: str,
        records: Iterable[Record],
        duplicate_check_fields: Sequence[str] | None,
        trigger: Trigger,
        stop: Stop,
    ) -> AsyncIterator[RecordOutcome]:
        unique = None if duplicate_check_fields is not None else await self.unique_fields(module)
        calls = _BiginRequests.upsert(module, records, duplicate_check_fields, trigger, unique)
        async for outcome in _stream(self._client, calls, stop):
            yield outcome

    def iter_update_related(
        self,
        module: str,
        record_id: str | int,
        related_list: str,
        records: Iterable[Record],
        *,
        stop: Stop = None,
    ) -> AsyncIterator[RecordOutcome]:
        """``update_related`` as a stream (completion order, ``outcome.index``). ``stop``: see
        the class."""
        calls = _BiginRequests.update_related(module, record_id, related_list, records)
        return _stream(self._client, calls, stop)


def _stream(
    client: AsyncZohoClient, calls: Iterable[Call], stop: Stop
) -> AsyncIterator[RecordOutcome]:
    """The outcomes of ``calls`` one by one, as the bulk engine completes them. Built when the
    ``iter_…`` method is called, so that a bad argument or a closed client is an error there,
    not at the first outcome (nothing is read or sent before it)."""
    return _outcomes(client._iter_bulk(calls, stop=stop))


async def _outcomes(batches: AsyncGenerator[list[RecordOutcome]]) -> AsyncIterator[RecordOutcome]:
    """A Ctrl-C (``KeyboardInterrupt``) raised or thrown here goes on into the engine, which
    then does not wait for the requests in flight (the command line's second Ctrl-C)."""
    try:
        async for batch in batches:
            for outcome in batch:
                yield outcome
    except KeyboardInterrupt:
        await batches.athrow(KeyboardInterrupt)
        raise
