"""``client.crm`` and ``client.bigin``: one method per operation, sync and async twins.

Request building lives here, in ``_CrmRequests``/``_BiginRequests`` (through the generated SDK,
see ``_generated``); the twins only execute and parse. ``AsyncCrm``/``AsyncBigin`` are written
in ``_async/resources.py``; ``Crm``/``Bigin`` are generated from them (``_sync/resources.py``).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from . import _constants as C
from . import _generated as gen
from . import _operations as ops
from ._bulk import Call
from ._exceptions import JobTimeoutError, ZohoError
from ._http import Req
from ._outcomes import MassUpdateJob, RecordsPage
from ._retry import upsert_is_idempotent
from ._types import strip_not_given

__all__ = ["Crm", "Bigin", "AsyncCrm", "AsyncBigin"]

Record = Mapping[str, Any]
Ids = Iterable[str | int]
Trigger = Sequence[str] | None
SkipFeatures = Sequence[str | Mapping[str, Any]] | None
Since = dt.datetime | str | None
# ``stop`` of the streaming methods: polled before each request is sent (see ``_bulk``)
Stop = Callable[[], bool] | None


def _check_mass_update(ids: Ids | None, cvid: str | int | None, territory: object) -> None:
    if (ids is None) == (cvid is None):
        raise ValueError("mass_update needs exactly one of ids=[...] or cvid=...")
    if territory is not None and cvid is None:
        raise ValueError(
            "territory=... needs cvid=... (Zoho mass-updates territories per custom view)"
        )


def _not_idempotent(make: Callable[[dict[str, Any]], Req]) -> Callable[[dict[str, Any]], Req]:
    """``make`` whose requests are marked not to be sent again once they may have reached
    Zoho (an insert: see ``_retry``)."""

    def make_once(body: dict[str, Any]) -> Req:
        req = make(body)
        req.idempotent = False
        return req

    return make_once


def _wf_trigger(wf_trigger: bool | None) -> bool | None:
    if wf_trigger is not None and not isinstance(wf_trigger, bool):
        raise TypeError(f"wf_trigger must be True, False or None, not {wf_trigger!r}")
    return wf_trigger


def _upsert_calls(
    make_req: Callable[[dict[str, Any]], Req],
    records: Iterable[Record],
    duplicate_check_fields: Sequence[str] | None,
    trigger: Trigger,
    unique_fields: Sequence[str] | None,
    system_fields: Sequence[str] = (),
) -> Iterable[Call]:
    """Upsert calls, each marked idempotent or not (``_retry.upsert_is_idempotent``) by the
    fields its duplicate check uses: ``duplicate_check_fields``, else ``unique_fields`` (the
    module's, from its field metadata; None: unknown). With neither, rows are still ordered by
    ``system_fields`` (the module's documented system-defined duplicate check: two rows for one
    new lead go one after the other, never racing into two records); not marked idempotent."""
    options = ops._options(trigger=trigger)
    if duplicate_check_fields is not None:
        if isinstance(duplicate_check_fields, str):
            raise TypeError("duplicate_check_fields must be a list of field API names")
        options["duplicate_check_fields"] = list(duplicate_check_fields)
    check = list(duplicate_check_fields) if duplicate_check_fields is not None else None
    if check is None and unique_fields is not None:
        check = list(unique_fields)

    def make(body: dict[str, Any]) -> Req:
        req = make_req(body)
        req.idempotent = upsert_is_idempotent(body["data"], check)
        return req

    match_on = check if check is not None else (list(system_fields) or None)
    return ops.record_calls(make, records, options=options, match_on=match_on)


@dataclass(frozen=True, slots=True)
class Read:
    """The arguments of a read that stay the same on every page (checked when built)."""

    fields: str | None = None
    sort_by: str | None = None
    sort_order: str | None = None
    cvid: str | None = None
    ids: str | None = None
    approved: str | None = None
    converted: str | None = None
    search: Mapping[str, str] | None = None

    def params(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            k: v
            for k, v in (
                ("fields", self.fields),
                ("sort_by", self.sort_by),
                ("sort_order", self.sort_order),
                ("cvid", self.cvid),
                ("ids", self.ids),
                ("approved", self.approved),
                ("converted", self.converted),
            )
            if v is not None
        }
        out.update(self.search or {})
        return out


def make_read(
    *,
    fields: Sequence[str] | str | None,
    fields_required: bool,
    sort_by: str | None = None,
    sort_order: str | None = None,
    cvid: str | int | None = None,
    ids: Ids | None = None,
    approved: bool | None = None,
    converted: bool | None = None,
    search: Mapping[str, str] | None = None,
) -> Read:
    """A ``Read`` from user arguments, each checked (ValueError/TypeError naming it)."""
    if sort_by is not None and cvid is not None:
        raise ValueError("sort_by cannot go with cvid (Zoho sorts a custom view its own way)")
    if sort_by is not None and not (
        isinstance(sort_by, str) and C.FIELD_NAME_RE.fullmatch(sort_by)
    ):
        raise ValueError(f"sort_by must be a field API name (id, Created_Time, …), got {sort_by!r}")
    cv = None
    if cvid is not None:
        cv = str(cvid)
        if isinstance(cvid, bool) or not C.ID_RE.fullmatch(cv):
            raise ValueError(f"cvid {cvid!r} is not a custom view id (1 to 19 digits)")

    def flag(name: str, value: bool | None) -> str | None:
        if value is None:
            return None
        if not isinstance(value, bool):
            raise TypeError(f"{name} must be True, False or None, not {value!r}")
        return "true" if value else "false"

    return Read(
        fields=ops.fields_param(fields, required=fields_required),
        sort_by=sort_by,
        sort_order=ops.sort_order_param(sort_order),
        cvid=cv,
        ids=ops.ids_param(ids),
        approved=flag("approved", approved),
        converted=flag("converted", converted),
        search=search,
    )


@dataclass(slots=True)
class Paging:
    """Where a read is: a page number (the first ``PAGE_REACH`` records), then a page token."""

    per_page: int | None = None
    page: int | None = 1
    page_token: str | None = None

    def params(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.per_page is not None:
            out["per_page"] = self.per_page
        if self.page_token is not None:
            out["page_token"] = self.page_token
        elif self.page is not None:
            out["page"] = self.page
        return out

    def advance(self, page: RecordsPage, *, tokens: bool) -> bool:
        """Move on to the page after ``page``; False when there is none to read. With
        ``tokens`` (Get Records) the read goes on past ``PAGE_REACH`` by page token; without
        (Search), ``SearchLimitError`` is the caller's business when this returns False while
        ``page.more_records``."""
        if not page.more_records or not page.records:
            return False
        size = self.per_page or C.RECORDS_PER_PAGE
        if (
            self.page_token is None
            and self.page is not None
            and (self.page + 1) * size <= C.PAGE_REACH
        ):
            self.page += 1
            return True
        if not tokens:
            return False
        token = page.next_page_token
        if token is None:
            raise ZohoError(
                f"Zoho said more records follow record {self.reached(size)} but gave no "
                "next_page_token to read them with (info has no next_page_token)"
            )
        self.page_token, self.page = token, None
        return True

    def reached(self, size: int) -> int:
        return (self.page or 0) * size


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
            "data": [strip_not_given(ops.check_fields(fields, record_id))],
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

    @staticmethod
    def insert(
        module: str, records: Iterable[Record], trigger: Trigger, version: str
    ) -> Iterable[Call]:
        """Insert calls: never idempotent (a second send makes second records)."""
        make = partial(gen.crm_insert_records_req, ops.check_version(version), module)
        return ops.record_calls(
            _not_idempotent(make), records, options=ops._options(trigger=trigger)
        )

    @staticmethod
    def upsert(
        module: str,
        records: Iterable[Record],
        duplicate_check_fields: Sequence[str] | None,
        trigger: Trigger,
        unique_fields: Sequence[str] | None,
        version: str,
    ) -> Iterable[Call]:
        """Upsert calls, marked idempotent or not as Bigin's (``_upsert_calls``)."""
        make = partial(gen.crm_upsert_req, ops.check_version(version), module)
        system = C.CRM_SYSTEM_DUPLICATE_CHECK.get(module, ())
        return _upsert_calls(make, records, duplicate_check_fields, trigger, unique_fields, system)

    @staticmethod
    def delete(module: str, ids: Ids, wf_trigger: bool | None, version: str) -> Iterable[Call]:
        make = partial(
            gen.crm_delete_records_req,
            ops.check_version(version),
            module,
            wf_trigger=_wf_trigger(wf_trigger),
        )
        return ops.delete_id_calls(lambda ids: make(ids=",".join(ids)), ids)

    @staticmethod
    def get_records(module: str, version: str, read: Read) -> Callable[[Paging], Req]:
        """The request of each page of a Get Records read (arguments checked at once)."""
        ops.check_version(version)
        gen.check_module(module)
        fixed = read.params()

        def page_req(paging: Paging) -> Req:
            return gen.crm_get_records_req(version, module, **fixed, **paging.params())

        return page_req

    @staticmethod
    def search(module: str, version: str, read: Read) -> Callable[[Paging], Req]:
        ops.check_version(version)
        gen.check_module(module)
        fixed = read.params()

        def page_req(paging: Paging) -> Req:
            return gen.crm_search_req(version, module, **fixed, **paging.params())

        return page_req


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
            "data": [strip_not_given(ops.check_fields(fields, record_id))],
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
        """Upsert calls (``_upsert_calls``)."""
        make = partial(gen.bigin_upsert_req, module)
        return _upsert_calls(make, records, duplicate_check_fields, trigger, unique_fields)

    @staticmethod
    def insert(module: str, records: Iterable[Record], trigger: Trigger) -> Iterable[Call]:
        """Insert calls: never idempotent (a second send makes second records)."""
        make = partial(gen.bigin_insert_records_req, module)
        return ops.record_calls(
            _not_idempotent(make), records, options=ops._options(trigger=trigger)
        )

    @staticmethod
    def delete(module: str, ids: Ids, wf_trigger: bool | None) -> Iterable[Call]:
        make = partial(gen.bigin_delete_records_req, module, wf_trigger=_wf_trigger(wf_trigger))
        return ops.delete_id_calls(lambda ids: make(ids=",".join(ids)), ids)

    @staticmethod
    def get_records(module: str, read: Read) -> Callable[[Paging], Req]:
        gen.check_module(module)
        fixed = read.params()

        def page_req(paging: Paging) -> Req:
            return gen.bigin_get_records_req(module, **fixed, **paging.params())

        return page_req

    @staticmethod
    def search(module: str, read: Read) -> Callable[[Paging], Req]:
        gen.check_module(module)
        fixed = read.params()

        def page_req(paging: Paging) -> Req:
            return gen.bigin_search_req(module, **fixed, **paging.params())

        return page_req

    @staticmethod
    def update_related(
        module: str, record_id: str | int, related_list: str, records: Iterable[Record]
    ) -> Iterable[Call]:
        return ops.record_calls(
            partial(gen.bigin_update_related_req, module, str(record_id), related_list), records
        )


# The twins: ``AsyncCrm``/``AsyncBigin`` are written in ``_async/resources.py`` and
# ``Crm``/``Bigin`` generated from them (codegen/unasync.py). They use the requests above, so
# they are imported last.
from ._async.resources import AsyncBigin, AsyncCrm  # noqa: E402
from ._sync.resources import Bigin, Crm  # noqa: E402
