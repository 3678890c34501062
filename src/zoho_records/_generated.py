"""The seam to the generated SDKs (``zoho_crm_client``, ``zoho_bigin_client``).

Every request this package sends is built by the generated operation module's ``_get_kwargs``
(method, URL template and quoting, query parameters, headers, straight from the spec), then
sent through our own httpx client, which adds auth, retries and concurrency.

Request bodies: the generated functions take attrs body models and call ``body.to_dict()``.
Building those models (``UpdateRecordsRequest.from_dict(...).to_dict()``) costs about 13 µs
per record (1.3 ms per 100-record chunk, ~80x the JSON encoding itself; in
bench/client_throughput.py it roughly halves records/s: 41k vs 73k on the emulator) and raises
on records the server should judge (a missing ``id`` becomes a ``KeyError`` instead of Zoho's
per-record ``MANDATORY_NOT_FOUND``). So by default we hand ``_get_kwargs`` a ``_JsonBody``: the
already built dict behind the same ``to_dict()`` interface. Set ``BODY_MODELS = True`` to
round-trip through the generated models instead (the benchmark measures both).

Responses are parsed by ``_http.record_outcomes`` rather than the generated ``_parse_response``:
the generated parsers raise on any shape outside the spec, which would lose the per-record
results of a request Zoho did process; ours keep every record and treat codes as open strings.
"""

from __future__ import annotations

from typing import Any, cast

from zoho_bigin_client.api.metadata import get_fields as bigin_get_fields
from zoho_bigin_client.api.records import delete_record as bigin_delete_record
from zoho_bigin_client.api.records import delete_records as bigin_delete_records
from zoho_bigin_client.api.records import get_record as bigin_get_record
from zoho_bigin_client.api.records import get_records as bigin_get_records
from zoho_bigin_client.api.records import insert_records as bigin_insert_records
from zoho_bigin_client.api.records import search_records as bigin_search_records
from zoho_bigin_client.api.records import update_record as bigin_update_record
from zoho_bigin_client.api.records import update_records as bigin_update_records
from zoho_bigin_client.api.records import upsert_records as bigin_upsert_records
from zoho_bigin_client.api.related_lists import get_related_records as bigin_get_related
from zoho_bigin_client.api.related_lists import update_related_records as bigin_update_related
from zoho_bigin_client.models import (
    BiginInsertRecordsRequest,
    BiginUpdateRecordRequest,
    BiginUpdateRecordsRequest,
    UpdateRelatedRecordsRequest,
    UpsertRecordsRequest,
)
from zoho_bigin_client.types import UNSET as BIGIN_UNSET
from zoho_crm_client.api.mass_update import get_mass_update_status as crm_mass_update_status
from zoho_crm_client.api.mass_update import mass_update_records as crm_mass_update
from zoho_crm_client.api.metadata import get_fields as crm_get_fields
from zoho_crm_client.api.records import delete_record as crm_delete_record
from zoho_crm_client.api.records import delete_records as crm_delete_records
from zoho_crm_client.api.records import get_record as crm_get_record
from zoho_crm_client.api.records import get_records as crm_get_records
from zoho_crm_client.api.records import insert_records as crm_insert_records
from zoho_crm_client.api.records import search_records as crm_search_records
from zoho_crm_client.api.records import update_record as crm_update_record
from zoho_crm_client.api.records import update_records as crm_update_records
from zoho_crm_client.api.records import upsert_records as crm_upsert_records
from zoho_crm_client.models import (
    CrmUpsertRecordsRequest,
    InsertRecordsRequest,
    MassUpdateRequest,
    UpdateRecordRequest,
    UpdateRecordsRequest,
)
from zoho_crm_client.types import UNSET

from . import _constants as C
from ._http import Req

BODY_MODELS = False


class _JsonBody:
    """Duck-types a generated body model: ``to_dict()`` returns the prepared dict."""

    __slots__ = ("_body",)

    def __init__(self, body: dict[str, Any]) -> None:
        self._body = body

    def to_dict(self) -> dict[str, Any]:
        return self._body


def _body(model: Any, body: dict[str, Any]) -> Any:
    if BODY_MODELS:
        return model.from_dict(body)
    return _JsonBody(body)


# Path segments are checked against the spec's patterns before anything is sent: a value such
# as "Deals/123" would otherwise reach another endpoint once quoted and unquoted on the way.


def _api_name(value: str, what: str) -> None:
    if not isinstance(value, str) or not C.API_NAME_RE.fullmatch(value):
        raise ValueError(
            f"{what} {value!r} is not a Zoho API name (a letter, then letters, digits or _; "
            "e.g. Deals, Price_Books): use the module's API name, not its display name"
        )


def check_module(module: str) -> None:
    """ValueError unless ``module`` is a module API name (checked before a read starts)."""
    _api_name(module, "module")


def _digits(value: str, what: str) -> None:
    if not C.ID_RE.fullmatch(value):
        raise ValueError(f"{what} {value!r} is not a Zoho id (1 to 19 digits)")


def _req(kwargs: dict[str, Any]) -> Req:
    headers = kwargs.get("headers") or None
    if headers is not None:
        headers = {k: str(v) for k, v in headers.items() if k.lower() != "content-type"}
    params = kwargs.get("params") or None
    if params is not None:
        # (a boolean query value is Zoho's lowercase true/false, not Python's True)
        params = {
            k: ("true" if v else "false") if isinstance(v, bool) else str(v)
            for k, v in params.items()
        }
    return Req(
        kwargs["method"].upper(),
        kwargs["url"],
        params=params,
        headers=headers or None,
        body=kwargs.get("json"),
    )


def _opt(value: Any) -> Any:
    return UNSET if value is None else value


def _bopt(value: Any) -> Any:
    return BIGIN_UNSET if value is None else value


# CRM ---------------------------------------------------------------------------------------------
def crm_update_records_req(
    version: str, module: str, body: dict[str, Any], if_unmodified_since: str | None
) -> Req:
    _api_name(module, "module")
    return _req(
        crm_update_records._get_kwargs(
            cast(Any, version),
            module,
            body=_body(UpdateRecordsRequest, body),
            if_unmodified_since=_opt(if_unmodified_since),
        )
    )


def crm_update_record_req(
    version: str, module: str, record_id: str, body: dict[str, Any], if_unmodified_since: str | None
) -> Req:
    _api_name(module, "module")
    _digits(record_id, "record_id")
    return _req(
        crm_update_record._get_kwargs(
            cast(Any, version),
            module,
            record_id,
            body=_body(UpdateRecordRequest, body),
            if_unmodified_since=_opt(if_unmodified_since),
        )
    )


def crm_get_record_req(version: str, module: str, record_id: str) -> Req:
    _api_name(module, "module")
    _digits(record_id, "record_id")
    return _req(crm_get_record._get_kwargs(cast(Any, version), module, record_id))


def crm_get_fields_req(version: str, module: str) -> Req:
    _api_name(module, "module")
    return _req(crm_get_fields._get_kwargs(cast(Any, version), module=module))


def crm_mass_update_req(version: str, module: str, body: dict[str, Any]) -> Req:
    _api_name(module, "module")
    return _req(
        crm_mass_update._get_kwargs(
            cast(Any, version),
            module,
            body=_body(MassUpdateRequest, body),
        )
    )


def crm_mass_update_status_req(version: str, module: str, job_id: str) -> Req:
    _api_name(module, "module")
    _digits(job_id, "job_id")
    return _req(crm_mass_update_status._get_kwargs(cast(Any, version), module, job_id=job_id))


def crm_insert_records_req(version: str, module: str, body: dict[str, Any]) -> Req:
    _api_name(module, "module")
    return _req(
        crm_insert_records._get_kwargs(
            cast(Any, version), module, body=_body(InsertRecordsRequest, body)
        )
    )


def crm_upsert_req(version: str, module: str, body: dict[str, Any]) -> Req:
    _api_name(module, "module")
    return _req(
        crm_upsert_records._get_kwargs(
            cast(Any, version), module, body=_body(CrmUpsertRecordsRequest, body)
        )
    )


def crm_delete_records_req(version: str, module: str, *, ids: str, wf_trigger: bool | None) -> Req:
    _api_name(module, "module")
    return _req(
        crm_delete_records._get_kwargs(
            cast(Any, version), module, ids=ids, wf_trigger=_opt(wf_trigger)
        )
    )


def crm_get_records_req(version: str, module: str, **params: Any) -> Req:
    """``params``: the generated function's query parameters (``fields``, ``page``, …)."""
    _api_name(module, "module")
    return _req(crm_get_records._get_kwargs(cast(Any, version), module, **params))


def crm_search_req(version: str, module: str, **params: Any) -> Req:
    _api_name(module, "module")
    return _req(crm_search_records._get_kwargs(cast(Any, version), module, **params))


# Bigin -------------------------------------------------------------------------------------------
def bigin_update_records_req(module: str, body: dict[str, Any]) -> Req:
    _api_name(module, "module")
    return _req(
        bigin_update_records._get_kwargs(module, body=_body(BiginUpdateRecordsRequest, body))
    )


def bigin_update_record_req(module: str, record_id: str, body: dict[str, Any]) -> Req:
    _api_name(module, "module")
    _digits(record_id, "record_id")
    return _req(
        bigin_update_record._get_kwargs(
            module, record_id, body=_body(BiginUpdateRecordRequest, body)
        )
    )


def bigin_upsert_req(module: str, body: dict[str, Any]) -> Req:
    _api_name(module, "module")
    return _req(bigin_upsert_records._get_kwargs(module, body=_body(UpsertRecordsRequest, body)))


def bigin_update_related_req(
    module: str, record_id: str, related_list: str, body: dict[str, Any]
) -> Req:
    _api_name(module, "module")
    _digits(record_id, "record_id")
    _api_name(related_list, "related_list")
    return _req(
        bigin_update_related._get_kwargs(
            module, record_id, related_list, body=_body(UpdateRelatedRecordsRequest, body)
        )
    )


def bigin_get_related_req(
    module: str, record_id: str, related_list: str, page: int | None, per_page: int | None
) -> Req:
    _api_name(module, "module")
    _digits(record_id, "record_id")
    _api_name(related_list, "related_list")
    return _req(
        bigin_get_related._get_kwargs(
            module, record_id, related_list, page=_bopt(page), per_page=_bopt(per_page)
        )
    )


def bigin_get_record_req(module: str, record_id: str) -> Req:
    _api_name(module, "module")
    _digits(record_id, "record_id")
    return _req(bigin_get_record._get_kwargs(module, record_id))


def bigin_get_fields_req(module: str) -> Req:
    _api_name(module, "module")
    return _req(bigin_get_fields._get_kwargs(module=module))


def bigin_insert_records_req(module: str, body: dict[str, Any]) -> Req:
    _api_name(module, "module")
    return _req(
        bigin_insert_records._get_kwargs(module, body=_body(BiginInsertRecordsRequest, body))
    )


def bigin_delete_records_req(module: str, *, ids: str, wf_trigger: bool | None) -> Req:
    _api_name(module, "module")
    return _req(bigin_delete_records._get_kwargs(module, ids=ids, wf_trigger=_bopt(wf_trigger)))


def bigin_get_records_req(module: str, **params: Any) -> Req:
    _api_name(module, "module")
    return _req(bigin_get_records._get_kwargs(module, **params))


def bigin_search_req(module: str, **params: Any) -> Req:
    _api_name(module, "module")
    return _req(bigin_search_records._get_kwargs(module, **params))


def crm_delete_record_req(
    version: str, module: str, record_id: str, wf_trigger: bool | None
) -> Req:
    _api_name(module, "module")
    _digits(record_id, "record_id")
    return _req(
        crm_delete_record._get_kwargs(
            cast(Any, version), module, record_id, wf_trigger=_opt(wf_trigger)
        )
    )


def bigin_delete_record_req(module: str, record_id: str, wf_trigger: bool | None) -> Req:
    _api_name(module, "module")
    _digits(record_id, "record_id")
    return _req(bigin_delete_record._get_kwargs(module, record_id, wf_trigger=_bopt(wf_trigger)))
