"""Requests for every operation of both products, independent of sync/async execution.

Each function turns user arguments into ``Req``s (single calls) or ``Call``s (bulk calls,
chunked to the API's limits); the client classes only execute them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from . import _constants as C
from ._bulk import Call, rejected_outcome
from ._http import Req, item_outcome, json_or_raise, record_outcomes
from ._in_flight import chunked_apart, upsert_keys
from ._outcomes import MassUpdateJob, RecordOutcome, RecordsPage
from ._types import NOT_GIVEN, strip_not_given

Record = Mapping[str, Any]


def check_version(version: str) -> str:
    if version not in C.CRM_VERSIONS:
        raise ValueError(
            f"unknown CRM API version {version!r}; use one of {', '.join(C.CRM_VERSIONS)}"
        )
    return version


def _record_id(record: Record) -> str | None:
    rid = record.get("id")
    if type(rid) is str:
        return rid
    if rid is None or rid is NOT_GIVEN:
        return None
    if isinstance(rid, int) and not isinstance(rid, bool):
        return int.__repr__(rid)  # (the digits: an int enum's str() is its name)
    if isinstance(rid, Decimal):
        return str(rid)  # (sent as this text: digits only when it is a whole id)
    # not a str, an int or a Decimal (a Fraction): its repr, never taken for digits by the
    # fast path (``_plain_ids``), which must agree with ``_bad_id``
    return str.__str__(rid) if isinstance(rid, str) else repr(rid)


# The spec's pattern for If-Unmodified-Since: ISO 8601 with a UTC offset (Z or +hh:mm).
_ISO_WITH_OFFSET = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"
)


def _http_date(value: dt.datetime | str) -> str:
    if isinstance(value, str):
        try:
            valid = bool(_ISO_WITH_OFFSET.fullmatch(value)) and bool(
                dt.datetime.fromisoformat(value)
            )
        except ValueError:
            valid = False
        if not valid:
            raise ValueError(
                f"if_unmodified_since {value!r} is not an ISO 8601 date-time with an offset; "
                "write e.g. 2024-01-15T15:26:49+05:30, or pass a timezone-aware datetime"
            )
        return value
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        raise ValueError(
            f"if_unmodified_since must be a timezone-aware datetime or an ISO 8601 string, "
            f"got {value!r}"
        )
    return value.isoformat(timespec="seconds")


def _options(
    *,
    trigger: Sequence[str] | None = None,
    skip_feature_execution: Sequence[str | Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if trigger is not None:
        if isinstance(trigger, str):
            raise TypeError("trigger must be a list such as ['workflow'] (or [] for none)")
        body["trigger"] = list(trigger)
    if skip_feature_execution is not None:
        if isinstance(skip_feature_execution, str):
            raise TypeError(
                "skip_feature_execution must be a list such as ['cadences'], not a string"
            )
        body["skip_feature_execution"] = [
            {"name": f} if isinstance(f, str) else dict(f) for f in skip_feature_execution
        ]
    return body


def _parse_records(
    response: Any, indices: Sequence[int], ids: Sequence[str | None]
) -> list[RecordOutcome]:
    return record_outcomes(response, indices, ids)


def _parse_by_id(
    response: Any, indices: Sequence[int], ids: Sequence[str | None]
) -> list[RecordOutcome]:
    return record_outcomes(response, indices, ids, match_by_id=True)


def record_calls(
    make_req: Callable[[dict[str, Any]], Req],
    records: Iterable[Record],
    *,
    chunk_size: int = C.RECORDS_PER_REQUEST,
    options: Mapping[str, Any] | None = None,
    match_on: Sequence[str] | None = None,
) -> Iterator[Call]:
    """Calls sending ``records`` as ``{"data": [...], **options}`` in chunks (no chunk carries
    a record id twice: ``_in_flight.chunked_apart``). ``match_on``: an upsert's duplicate-check
    fields, whose values name a record as its id does (``_in_flight.upsert_keys``).
    A record whose ``id`` is given and is not 1 to 19 digits (a str, an int, a whole
    Decimal) gets ``INVALID_INPUT`` and is not sent (``_bad_id``); one without an id is sent
    as it is (an update's is answered ``MANDATORY_NOT_FOUND`` by Zoho)."""
    keys_of = None if match_on is None else partial(_keys_of_upserts, tuple(match_on))
    if isinstance(records, Mapping | str | bytes):
        raise TypeError(
            f"records must be a list of records (dicts), not a single {type(records).__name__}"
        )
    if not isinstance(records, list | tuple):
        if not isinstance(records, Iterable):
            raise TypeError(
                "records must be an iterable of records (dicts), e.g. a list or a generator, "
                f"not {type(records).__name__}"
            )
        # Read lazily, a record is sent after the next ones are read: a generator that yields
        # one dict again and again, changed in between, would have every record of a request
        # sent with the last values. Each is copied (one level) as it is read.
        records = map(_as_read, records)
    # (the checks above run when called; the records are read as the calls are taken)
    return _record_calls(make_req, records, chunk_size, options, keys_of)


def _record_calls(
    make_req: Callable[[dict[str, Any]], Req],
    records: Iterable[Any],
    chunk_size: int,
    options: Mapping[str, Any] | None,
    keys_of: Callable[[list[Any]], list[tuple[str, ...]]] | None,
) -> Iterator[Call]:
    for start, chunk, chunk_ids, chunk_keys in chunked_apart(
        records, chunk_size, _ids_of_records, keys_of
    ):
        rejected: list[RecordOutcome] | None = None
        if all(type(rec) is dict for rec in chunk) and _plain_ids(chunk_ids):
            # Plain dicts go out as they are: NOT_GIVEN values are dropped when the body is
            # encoded (``_http.dump_json``), which costs nothing for the usual record.
            data: list[Any] = chunk
            indices = list(range(start, start + len(chunk)))
            ids = list(chunk_ids)
        else:
            data, indices, ids, rejected = [], [], [], []
            for index, (rec, rid) in enumerate(zip(chunk, chunk_ids, strict=True), start):
                if not isinstance(rec, Mapping):
                    rejected.append(rejected_outcome(index, None, _not_a_record(index, rec)))
                elif (why := _bad_id(f"record {index}'s id", rec.get("id"))) is not None:
                    rejected.append(rejected_outcome(index, rid, why))
                else:
                    data.append(strip_not_given(rec))
                    indices.append(index)
                    ids.append(rid)
        yield Call(
            make_req({"data": data, **(options or {})}) if data else None,
            indices,
            ids,
            _parse_records,
            per_record=True,
            rejected=rejected or None,
            # (a record that is not a mapping has no keys: what is left out of ``data`` adds none)
            keys=None if chunk_keys is None else [k for ks in chunk_keys for k in ks],
        )


def _as_read(record: Any) -> Any:
    """A record as it is when read from the caller's iterator (``record_calls``)."""
    if type(record) is dict:
        return record.copy()
    return dict(record) if isinstance(record, Mapping) else record


def _ids_of_records(chunk: list[Any]) -> list[str | None]:
    # (inline fast path for the usual dict with a str id: no call per record)
    return [
        rid
        if type(rec) is dict and type(rid := rec.get("id")) is str
        else (_record_id(rec) if isinstance(rec, Mapping) else None)
        for rec in chunk
    ]


def _plain_ids(ids: Sequence[str | None]) -> bool:
    """Whether every id of a chunk is absent or 1 to 19 ASCII digits. The usual chunk (str
    ids) is judged by a few passes in C: 0.04 us a record, where a test per id took 0.14."""
    try:
        joined = "".join(ids)  # type: ignore[arg-type]  # (a None: TypeError)
    except TypeError:
        return all(rid is None or _plain_ids([rid]) for rid in ids)
    digits = joined.isascii() and joined.encode().isdigit()  # (bytes: ASCII digits only)
    return digits and all(ids) and max(map(len, ids)) <= 19  # type: ignore[arg-type]


def _bad_id(what: str, rid: object) -> str | None:
    """Why ``rid`` (``what``: e.g. "record 3's id") cannot name a record (None: it can, or
    is absent).
    A float is refused even when whole: above 2**53 it is not the id it was read as (a
    19-digit id rounds to a neighbour, which may be another record)."""
    if rid is None or rid is NOT_GIVEN:
        return None
    if isinstance(rid, float):
        return (
            f"{what} {rid!r} is a float, which cannot hold a record id exactly "
            "(it may name another record); pass ids as strings (e.g. read the file with "
            "dtype=str) or ints"
        )
    if _id_text(rid) is None:
        return (
            f"{what} {rid!r:.40} is not a record id: 1 to 19 digits, as a str or an int "
            "(or a whole Decimal, e.g. a database's NUMERIC column)"
        )
    if isinstance(rid, str) and rid != rid.strip():
        return f"{what} {rid!r:.40} has spaces around its digits; pass the digits alone"
    return None


def _keys_of_upserts(fields: tuple[str, ...], chunk: list[Any]) -> list[tuple[str, ...]]:
    return [upsert_keys(fields, rec) for rec in chunk]


def _id_texts(chunk: list[Any]) -> list[str | None]:
    """The ids of a delete's or a mass update's chunk as sent (None: not a record id)."""
    return [_id_text(rid) for rid in chunk]


def _not_a_record(index: int, value: object) -> str:
    return (
        f"record {index} is a {type(value).__name__} ({value!r:.60}), not a mapping of field "
        "API names to values"
    )


def if_unmodified_since_header(value: dt.datetime | str | None) -> str | None:
    return None if value is None else _http_date(value)


def mass_update_id_calls(
    make_req: Callable[[dict[str, Any]], Req],
    fields: Record,
    ids: Iterable[str | int],
    *,
    over_write: bool | None,
    chunk_size: int = C.MASS_UPDATE_IDS_PER_REQUEST,
) -> Iterator[Call]:
    if isinstance(ids, str | int | bytes | Mapping):
        raise TypeError("ids must be a list of record ids")
    data = [strip_not_given(check_fields(fields))]

    def make(chunk_ids: list[str]) -> Req:
        body: dict[str, Any] = {"data": data, "ids": chunk_ids}
        if over_write is not None:
            body["over_write"] = over_write
        return make_req(body)

    return _id_calls(make, ids, chunk_size)


def check_fields(fields: Any, record_id: str | int | None = None) -> Record:
    """``fields`` if it is a mapping of field API names to values, else TypeError; with the
    ``record_id`` of a one-record update, an ``id`` among the fields must be that id (a record
    read, changed and sent back carries its own), else ValueError."""
    if not isinstance(fields, Mapping):
        raise TypeError(
            f"fields must be a mapping of field API names to values, not {type(fields).__name__}"
        )
    given = _record_id(fields)  # (None for an id that is NOT_GIVEN: it is left out)
    if record_id is not None and given is not None and given != str(record_id):
        raise ValueError(
            f"fields has id {fields['id']!r} but record_id is {record_id!r}: they name two "
            "records; leave id out of fields (record_id names the record to update)"
        )
    return fields


def mass_update_cvid_body(
    fields: Record,
    *,
    cvid: str | int,
    territory: Mapping[str, Any] | str | int | None,
    over_write: bool | None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"data": [strip_not_given(check_fields(fields))], "cvid": str(cvid)}
    if territory is not None:
        if isinstance(territory, str | int):
            territory = {"id": str(territory)}
        body["territory"] = dict(territory)
    if over_write is not None:
        body["over_write"] = over_write
    return body


def parse_job_scheduled(response: Any) -> MassUpdateJob:
    body = json_or_raise(response)
    item = body["data"][0] if isinstance(body, dict) and body.get("data") else {}
    outcome = item_outcome(0, item, None, response.status_code)
    if not outcome.ok:
        from ._exceptions import make_status_error

        raise make_status_error(response, body)
    job_id = outcome.details.get("job_id")
    if job_id is None:
        from ._exceptions import APIResponseValidationError

        raise APIResponseValidationError("mass update answer has no job_id", response=response)
    return MassUpdateJob(str(job_id), status="SCHEDULED", raw=item)


def parse_job_status(job_id: str, response: Any) -> MassUpdateJob:
    body = json_or_raise(response)
    item: Mapping[str, Any] = {}
    if isinstance(body, dict) and isinstance(body.get("data"), list) and body["data"]:
        item = body["data"][0]

    def num(*keys: str) -> int | None:
        for k in keys:
            v = item.get(k)
            if isinstance(v, int):
                return v
        return None

    status = item.get("Status") or item.get("status")
    return MassUpdateJob(
        job_id,
        status=str(status) if status is not None else None,
        total_count=num("Total_Count", "total_count"),
        updated_count=num("Updated_Count", "updated_count"),
        not_updated_count=num("Not_Updated_Count", "not_updated_count"),
        failed_count=num("Failed_Count", "failed_count"),
        raw=item,
    )


def parse_single(response: Any, record_id: str | None) -> RecordOutcome:
    outcomes = record_outcomes(response, [0], [record_id])
    return outcomes[0]


def parse_get_record(response: Any) -> dict[str, Any] | None:
    body = json_or_raise(response)
    if body is None:
        return None
    data = body.get("data") if isinstance(body, dict) else None
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return data[0]
    return None


def parse_list(response: Any, key: str = "data") -> list[dict[str, Any]]:
    body = json_or_raise(response)
    if body is None:
        return []
    items = body.get(key) if isinstance(body, dict) else None
    return list(items) if isinstance(items, list) else []


# Insert, delete, read -----------------------------------------------------------------------------
def delete_id_calls(
    make_req: Callable[[list[str]], Req],
    ids: Iterable[str | int],
    *,
    chunk_size: int = C.DELETE_IDS_PER_REQUEST,
) -> Iterator[Call]:
    """Calls deleting ``ids``, ``chunk_size`` a request; one outcome per id, matched on the
    answer's ``details.id``. An id that is not 1-19 digits gets ``INVALID_INPUT`` (not sent:
    it would make the whole request fail)."""
    if isinstance(ids, str | int | bytes | Mapping):
        raise TypeError("ids must be a list of record ids (digit strings or ints)")
    return _id_calls(make_req, ids, chunk_size)


def _id_calls(
    make_req: Callable[[list[str]], Req], ids: Iterable[str | int], chunk_size: int
) -> Iterator[Call]:
    """Calls naming ``ids`` (a delete's, a mass update's), ``chunk_size`` a request; an id
    that is not 1-19 digits is not sent (``INVALID_INPUT``)."""
    for start, chunk, texts, _ in chunked_apart(ids, chunk_size, _id_texts):
        chunk_ids: list[str] = []
        indices: list[int] = []
        rejected: list[RecordOutcome] = []
        for index, (rid, text) in enumerate(zip(chunk, texts, strict=True), start):
            if text is not None:
                chunk_ids.append(text)
                indices.append(index)
            else:
                why = _bad_id(f"id {index}", rid) or f"id {index} ({rid!r:.40}) is not a record id"
                rejected.append(rejected_outcome(index, None, why))
        yield Call(
            make_req(chunk_ids) if chunk_ids else None,
            indices,
            list(chunk_ids),
            _parse_by_id,
            rejected=rejected or None,
        )


def _id_text(rid: object) -> str | None:
    if isinstance(rid, bool):
        return None
    if isinstance(rid, int):
        rid = int.__repr__(rid)  # (the digits: an int enum's str() is its name)
    elif isinstance(rid, Decimal):
        rid = str(rid)  # (what the body carries: a whole one's digits, as a JSON string)
    if isinstance(rid, str):
        rid = rid.strip()
        if C.ID_RE.fullmatch(rid):
            return rid
    return None


def fields_param(fields: Sequence[str] | str | None, *, required: bool) -> str | None:
    """``fields`` as Zoho's comma-separated list (at most ``FIELDS_PER_READ``)."""
    if fields is None:
        if required:
            raise ValueError(
                "fields is required: Zoho returns only the fields named "
                f"(at most {C.FIELDS_PER_READ}), e.g. fields=['Deal_Name', 'Stage']"
            )
        return None
    names = [f.strip() for f in fields.split(",")] if isinstance(fields, str) else list(fields)
    bad = [f for f in names if not isinstance(f, str) or not C.FIELD_NAME_RE.fullmatch(f)]
    if bad or not names:
        raise ValueError(
            f"fields must be field API names (e.g. Deal_Name, Stage), got {bad[:3] or names!r}"
        )
    if len(names) > C.FIELDS_PER_READ:
        raise ValueError(
            f"{len(names)} fields asked; Zoho returns at most {C.FIELDS_PER_READ} per read"
        )
    return ",".join(names)


def per_page_param(per_page: int | None) -> int | None:
    if per_page is None:
        return None
    if (
        isinstance(per_page, bool)
        or not isinstance(per_page, int)
        or not (1 <= per_page <= C.RECORDS_PER_PAGE)
    ):
        raise ValueError(f"per_page must be 1 to {C.RECORDS_PER_PAGE}, got {per_page!r}")
    return per_page


def sort_order_param(sort_order: str | None) -> str | None:
    if sort_order is not None and sort_order not in ("asc", "desc"):
        raise ValueError(f"sort_order must be 'asc' or 'desc', got {sort_order!r}")
    return sort_order


def ids_param(ids: Iterable[str | int] | None) -> str | None:
    if ids is None:
        return None
    if isinstance(ids, str | int | bytes | Mapping):
        raise TypeError("ids must be a list of record ids")
    out = []
    for rid in ids:
        text = _id_text(rid)
        if text is None:
            raise ValueError(f"{rid!r:.40} is not a record id (1 to 19 digits)")
        out.append(text)
    if len(out) > C.DELETE_IDS_PER_REQUEST:
        raise ValueError(f"at most {C.DELETE_IDS_PER_REQUEST} ids per read, got {len(out)}")
    return ",".join(out)


def search_param(
    criteria: str | None, email: str | None, phone: str | None, word: str | None
) -> dict[str, str]:
    """Exactly one of the four search keys (Zoho silently uses only one of several)."""
    given = {
        k: v
        for k, v in (("criteria", criteria), ("email", email), ("phone", phone), ("word", word))
        if v is not None
    }
    if len(given) != 1:
        raise ValueError(
            "search needs exactly one of criteria=, email=, phone= or word= "
            f"(got {', '.join(given) or 'none'}); e.g. criteria='(Stage:equals:Closed Won)'"
        )
    key, value = next(iter(given.items()))
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key} must be a non-empty string")
    return given


def parse_page(response: Any) -> RecordsPage:
    """One page of Get/Search Records (204: no records, an empty last page)."""
    body = json_or_raise(response)
    if body is None:
        return RecordsPage([], {"more_records": False, "count": 0})
    data = body.get("data") if isinstance(body, dict) else None
    info = body.get("info") if isinstance(body, dict) else None
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        from ._exceptions import APIResponseValidationError

        raise APIResponseValidationError(
            f"expected a page of records (data[] of objects), HTTP {response.status_code}",
            response=response,
        )
    return RecordsPage(data, info if isinstance(info, dict) else {})
