"""``client.crm`` and ``client.bigin``: one method per operation, sync and async twins."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

from . import _constants as C
from . import _operations as ops
from ._bulk import Call
from ._exceptions import JobTimeoutError
from ._http import Req
from ._outcomes import BulkResult, MassUpdateJob, RecordOutcome

if TYPE_CHECKING:
    from ._client import AsyncZohoClient, ZohoClient

Record = Mapping[str, Any]
Ids = Iterable[str | int]


def _mass_update_args(ids: Ids | None, cvid: str | int | None, territory: object) -> None:
    if (ids is None) == (cvid is None):
        raise ValueError("mass_update needs exactly one of ids=[...] or cvid=...")
    if territory is not None and cvid is None:
        raise ValueError("territory=... needs cvid=... (Zoho mass-updates territories per custom view)")


def _next_poll_delay(delay: float) -> float:
    return min(delay * 2, C.JOB_POLL_MAX_DELAY)


# ------------------------------------------------------------------------------------------------
# CRM
# ------------------------------------------------------------------------------------------------
class _CrmCalls:
    """Request building shared by ``Crm`` and ``AsyncCrm``."""

    @staticmethod
    def update_records(
        module: str,
        records: Iterable[Record],
        *,
        trigger: Sequence[str] | None,
        if_unmodified_since: dt.datetime | str | None,
        skip_feature_execution: Sequence[str | Mapping[str, Any]] | None,
        version: str,
    ) -> Iterable[Call]:
        return ops.record_calls(
            ops.crm_path(version, module),
            records,
            options=ops._options(trigger=trigger, skip_feature_execution=skip_feature_execution),
            headers=ops.update_headers(if_unmodified_since),
        )

    @staticmethod
    def update_record(
        module: str,
        record_id: str | int,
        fields: Record,
        *,
        trigger: Sequence[str] | None,
        if_unmodified_since: dt.datetime | str | None,
        skip_feature_execution: Sequence[str | Mapping[str, Any]] | None,
        version: str,
    ) -> Req:
        body = {
            "data": [ops.strip_not_given(fields)],
            **ops._options(trigger=trigger, skip_feature_execution=skip_feature_execution),
        }
        return Req(
            "PUT",
            ops.crm_path(version, module, record_id),
            headers=ops.update_headers(if_unmodified_since),
            body=body,
        )


class Crm:
    """Zoho CRM record writes (``client.crm``)."""

    def __init__(self, client: ZohoClient) -> None:
        self._client = client

    def update_records(
        self,
        module: str,
        records: Iterable[Record],
        *,
        trigger: Sequence[str] | None = None,
        if_unmodified_since: dt.datetime | str | None = None,
        skip_feature_execution: Sequence[str | Mapping[str, Any]] | None = None,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> BulkResult:
        """Update any number of records (each a dict with ``id`` and the fields to change).

        Sent 100 per request with bounded concurrency; returns one outcome per record in input
        order. ``trigger=[]`` runs no workflows (None: Zoho's default). A field set to ``None``
        is cleared; ``NOT_GIVEN`` leaves it out.
        """
        calls = _CrmCalls.update_records(
            module, records, trigger=trigger, if_unmodified_since=if_unmodified_since,
            skip_feature_execution=skip_feature_execution, version=version,
        )
        return self._client._run_bulk(calls)

    def update_record(
        self,
        module: str,
        record_id: str | int,
        fields: Record,
        *,
        trigger: Sequence[str] | None = None,
        if_unmodified_since: dt.datetime | str | None = None,
        skip_feature_execution: Sequence[str | Mapping[str, Any]] | None = None,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> RecordOutcome:
        """Update one record; ``fields={"Phone": None}`` clears Phone."""
        req = _CrmCalls.update_record(
            module, record_id, fields, trigger=trigger, if_unmodified_since=if_unmodified_since,
            skip_feature_execution=skip_feature_execution, version=version,
        )
        return ops.parse_single(self._client._send(req), str(record_id))

    def get_record(
        self,
        module: str,
        record_id: str | int,
        *,
        fields: Sequence[str] | str | None = None,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> dict[str, Any] | None:
        """The record as a dict, or None if Zoho has no content for it."""
        req = Req("GET", ops.crm_path(version, module, record_id), params=ops.fields_param(fields) or None)
        return ops.parse_get_record(self._client._send(req))

    def get_fields(self, module: str, *, version: str = C.DEFAULT_CRM_VERSION) -> list[dict[str, Any]]:
        """Field metadata of ``module`` (``api_name``, ``data_type``, …)."""
        req = Req("GET", f"/crm/{version}/settings/fields", params={"module": module})
        return ops.parse_list(self._client._send(req), "fields")

    @overload
    def mass_update(
        self, module: str, fields: Record, *, ids: Ids, cvid: None = None, territory: None = None,
        over_write: bool | None = None, wait: bool = True, poll_timeout: float = C.JOB_POLL_TIMEOUT,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> BulkResult: ...
    @overload
    def mass_update(
        self, module: str, fields: Record, *, ids: None = None, cvid: str | int,
        territory: Mapping[str, Any] | str | int | None = None, over_write: bool | None = None,
        wait: bool = True, poll_timeout: float = C.JOB_POLL_TIMEOUT,
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

        By ``ids``: sent 500 ids per request, one outcome per id in input order. By ``cvid``
        (optionally within a ``territory``): Zoho schedules a job; with ``wait`` we poll it with
        backoff until it finishes and return its final status (``JobTimeoutError`` after
        ``poll_timeout`` seconds), otherwise we return the scheduled job at once.
        """
        _mass_update_args(ids, cvid, territory)
        path = ops.crm_path(version, module, "actions", "mass_update")
        if ids is not None:
            return self._client._run_bulk(ops.mass_update_id_calls(path, fields, ids, over_write=over_write))
        assert cvid is not None
        req = ops.mass_update_cvid_req(path, fields, cvid=cvid, territory=territory, over_write=over_write)
        job = ops.parse_job_scheduled(self._client._send(req))
        if not wait:
            return job
        start = time.monotonic()
        delay = C.JOB_POLL_INITIAL_DELAY
        while True:
            job = self.mass_update_status(module, job.job_id, version=version)
            if job.done:
                return job
            waited = time.monotonic() - start
            if waited + delay > poll_timeout:
                raise JobTimeoutError(job.job_id, waited, job.status)
            time.sleep(delay)
            delay = _next_poll_delay(delay)

    def mass_update_status(
        self, module: str, job_id: str | int, *, version: str = C.DEFAULT_CRM_VERSION
    ) -> MassUpdateJob:
        """The status of a scheduled mass update job."""
        req = Req(
            "GET", ops.crm_path(version, module, "actions", "mass_update"), params={"job_id": str(job_id)}
        )
        return ops.parse_job_status(str(job_id), self._client._send(req))


class AsyncCrm:
    """Async twin of ``Crm`` (``async_client.crm``)."""

    def __init__(self, client: AsyncZohoClient) -> None:
        self._client = client

    async def update_records(
        self,
        module: str,
        records: Iterable[Record],
        *,
        trigger: Sequence[str] | None = None,
        if_unmodified_since: dt.datetime | str | None = None,
        skip_feature_execution: Sequence[str | Mapping[str, Any]] | None = None,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> BulkResult:
        calls = _CrmCalls.update_records(
            module, records, trigger=trigger, if_unmodified_since=if_unmodified_since,
            skip_feature_execution=skip_feature_execution, version=version,
        )
        return await self._client._run_bulk(calls)

    async def update_record(
        self,
        module: str,
        record_id: str | int,
        fields: Record,
        *,
        trigger: Sequence[str] | None = None,
        if_unmodified_since: dt.datetime | str | None = None,
        skip_feature_execution: Sequence[str | Mapping[str, Any]] | None = None,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> RecordOutcome:
        req = _CrmCalls.update_record(
            module, record_id, fields, trigger=trigger, if_unmodified_since=if_unmodified_since,
            skip_feature_execution=skip_feature_execution, version=version,
        )
        return ops.parse_single(await self._client._send(req), str(record_id))

    async def get_record(
        self,
        module: str,
        record_id: str | int,
        *,
        fields: Sequence[str] | str | None = None,
        version: str = C.DEFAULT_CRM_VERSION,
    ) -> dict[str, Any] | None:
        req = Req("GET", ops.crm_path(version, module, record_id), params=ops.fields_param(fields) or None)
        return ops.parse_get_record(await self._client._send(req))

    async def get_fields(
        self, module: str, *, version: str = C.DEFAULT_CRM_VERSION
    ) -> list[dict[str, Any]]:
        req = Req("GET", f"/crm/{version}/settings/fields", params={"module": module})
        return ops.parse_list(await self._client._send(req), "fields")

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
        _mass_update_args(ids, cvid, territory)
        path = ops.crm_path(version, module, "actions", "mass_update")
        if ids is not None:
            return await self._client._run_bulk(
                ops.mass_update_id_calls(path, fields, ids, over_write=over_write)
            )
        assert cvid is not None
        req = ops.mass_update_cvid_req(path, fields, cvid=cvid, territory=territory, over_write=over_write)
        job = ops.parse_job_scheduled(await self._client._send(req))
        if not wait:
            return job
        start = time.monotonic()
        delay = C.JOB_POLL_INITIAL_DELAY
        while True:
            job = await self.mass_update_status(module, job.job_id, version=version)
            if job.done:
                return job
            waited = time.monotonic() - start
            if waited + delay > poll_timeout:
                raise JobTimeoutError(job.job_id, waited, job.status)
            await asyncio.sleep(delay)
            delay = _next_poll_delay(delay)

    async def mass_update_status(
        self, module: str, job_id: str | int, *, version: str = C.DEFAULT_CRM_VERSION
    ) -> MassUpdateJob:
        req = Req(
            "GET", ops.crm_path(version, module, "actions", "mass_update"), params={"job_id": str(job_id)}
        )
        return ops.parse_job_status(str(job_id), await self._client._send(req))


# ------------------------------------------------------------------------------------------------
# Bigin
# ------------------------------------------------------------------------------------------------
class _BiginCalls:
    @staticmethod
    def update_records(module: str, records: Iterable[Record], trigger: Sequence[str] | None) -> Iterable[Call]:
        return ops.record_calls(ops.bigin_path(module), records, options=ops._options(trigger=trigger))

    @staticmethod
    def update_record(
        module: str, record_id: str | int, fields: Record, trigger: Sequence[str] | None
    ) -> Req:
        body = {"data": [ops.strip_not_given(fields)], **ops._options(trigger=trigger)}
        return Req("PUT", ops.bigin_path(module, record_id), body=body)

    @staticmethod
    def upsert(
        module: str,
        records: Iterable[Record],
        duplicate_check_fields: Sequence[str] | None,
        trigger: Sequence[str] | None,
    ) -> Iterable[Call]:
        options = ops._options(trigger=trigger)
        if duplicate_check_fields is not None:
            if isinstance(duplicate_check_fields, str):
                raise TypeError("duplicate_check_fields must be a list of field API names")
            options["duplicate_check_fields"] = list(duplicate_check_fields)
        return ops.record_calls(ops.bigin_path(module, "upsert"), records, method="POST", options=options)

    @staticmethod
    def get_related(
        module: str, record_id: str | int, related_list: str, fields: Sequence[str] | str | None,
        page: int | None, per_page: int | None,
    ) -> Req:
        params = ops.fields_param(fields)
        if page is not None:
            params["page"] = str(page)
        if per_page is not None:
            params["per_page"] = str(per_page)
        return Req("GET", ops.bigin_path(module, record_id, related_list), params=params or None)


class Bigin:
    """Zoho Bigin record writes (``client.bigin``); Bigin's API version is always v2."""

    def __init__(self, client: ZohoClient) -> None:
        self._client = client

    def update_records(
        self, module: str, records: Iterable[Record], *, trigger: Sequence[str] | None = None
    ) -> BulkResult:
        """Update any number of records (100 per request); one outcome per record, in order."""
        return self._client._run_bulk(_BiginCalls.update_records(module, records, trigger))

    def update_record(
        self, module: str, record_id: str | int, fields: Record, *, trigger: Sequence[str] | None = None
    ) -> RecordOutcome:
        req = _BiginCalls.update_record(module, record_id, fields, trigger)
        return ops.parse_single(self._client._send(req), str(record_id))

    def upsert(
        self,
        module: str,
        records: Iterable[Record],
        *,
        duplicate_check_fields: Sequence[str] | None = None,
        trigger: Sequence[str] | None = None,
    ) -> BulkResult:
        """Insert or update (matched on ``duplicate_check_fields``, else Zoho's unique fields).

        Successes carry ``action`` (``insert``/``update``) and ``duplicate_field``.
        """
        return self._client._run_bulk(_BiginCalls.upsert(module, records, duplicate_check_fields, trigger))

    def update_related(
        self, module: str, record_id: str | int, related_list: str, records: Iterable[Record]
    ) -> BulkResult:
        """Relate records (each with the related record's ``id``) to ``record_id``."""
        path = ops.bigin_path(module, record_id, related_list)
        return self._client._run_bulk(ops.record_calls(path, records))

    def get_related(
        self,
        module: str,
        record_id: str | int,
        related_list: str,
        *,
        fields: Sequence[str] | str | None = None,
        page: int | None = None,
        per_page: int | None = None,
    ) -> list[dict[str, Any]]:
        req = _BiginCalls.get_related(module, record_id, related_list, fields, page, per_page)
        return ops.parse_list(self._client._send(req))

    def get_record(
        self, module: str, record_id: str | int, *, fields: Sequence[str] | str | None = None
    ) -> dict[str, Any] | None:
        req = Req("GET", ops.bigin_path(module, record_id), params=ops.fields_param(fields) or None)
        return ops.parse_get_record(self._client._send(req))

    def get_fields(self, module: str) -> list[dict[str, Any]]:
        req = Req("GET", "/bigin/v2/settings/fields", params={"module": module})
        return ops.parse_list(self._client._send(req), "fields")


class AsyncBigin:
    """Async twin of ``Bigin``."""

    def __init__(self, client: AsyncZohoClient) -> None:
        self._client = client

    async def update_records(
        self, module: str, records: Iterable[Record], *, trigger: Sequence[str] | None = None
    ) -> BulkResult:
        return await self._client._run_bulk(_BiginCalls.update_records(module, records, trigger))

    async def update_record(
        self, module: str, record_id: str | int, fields: Record, *, trigger: Sequence[str] | None = None
    ) -> RecordOutcome:
        req = _BiginCalls.update_record(module, record_id, fields, trigger)
        return ops.parse_single(await self._client._send(req), str(record_id))

    async def upsert(
        self,
        module: str,
        records: Iterable[Record],
        *,
        duplicate_check_fields: Sequence[str] | None = None,
        trigger: Sequence[str] | None = None,
    ) -> BulkResult:
        return await self._client._run_bulk(
            _BiginCalls.upsert(module, records, duplicate_check_fields, trigger)
        )

    async def update_related(
        self, module: str, record_id: str | int, related_list: str, records: Iterable[Record]
    ) -> BulkResult:
        path = ops.bigin_path(module, record_id, related_list)
        return await self._client._run_bulk(ops.record_calls(path, records))

    async def get_related(
        self,
        module: str,
        record_id: str | int,
        related_list: str,
        *,
        fields: Sequence[str] | str | None = None,
        page: int | None = None,
        per_page: int | None = None,
    ) -> list[dict[str, Any]]:
        req = _BiginCalls.get_related(module, record_id, related_list, fields, page, per_page)
        return ops.parse_list(await self._client._send(req))

    async def get_record(
        self, module: str, record_id: str | int, *, fields: Sequence[str] | str | None = None
    ) -> dict[str, Any] | None:
        req = Req("GET", ops.bigin_path(module, record_id), params=ops.fields_param(fields) or None)
        return ops.parse_get_record(await self._client._send(req))

    async def get_fields(self, module: str) -> list[dict[str, Any]]:
        req = Req("GET", "/bigin/v2/settings/fields", params={"module": module})
        return ops.parse_list(await self._client._send(req), "fields")
