"""``client.crm`` and ``client.bigin``: one method per operation, sync and async twins.

Request building lives here, in ``_CrmRequests``/``_BiginRequests`` (through the generated SDK,
see ``_generated``); the twins only execute and parse. ``AsyncCrm``/``AsyncBigin`` are written
in ``_async/resources.py``; ``Crm``/``Bigin`` are generated from them (``_sync/resources.py``).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Any

from . import _constants as C
from . import _generated as gen
from . import _operations as ops
from ._bulk import Call
from ._exceptions import JobTimeoutError
from ._http import Req
from ._outcomes import MassUpdateJob
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


# The twins: ``AsyncCrm``/``AsyncBigin`` are written in ``_async/resources.py`` and
# ``Crm``/``Bigin`` generated from them (codegen/unasync.py). They use the requests above, so
# they are imported last.
from ._async.resources import AsyncBigin, AsyncCrm  # noqa: E402
from ._sync.resources import Bigin, Crm  # noqa: E402
