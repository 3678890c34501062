"""Query parameters of the reads and deletes (Get Records, Search Records, Delete Records) into
typed arguments, and the rendering of their answers: pages (204 when empty) and per-id delete
results. The shapes and per-call limits are checked here; the rules are the backend's
(``models/reading.py``, ``models/deleting.py``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .exceptions import RecordError, ZohoError
from .models import DeleteResult, Page, PageArgs, SearchArgs
from .request import Result
from .schema import parse_datetime

SUCCESS = "SUCCESS"

FIELDS_PER_CALL = 50
IDS_PER_CALL = 100
DELETE_IDS = 100
RECORDS_PER_PAGE = 200
ID_LIST_RE = re.compile(r"^[0-9]{1,19}(,[0-9]{1,19})*$")
ENUMS = {
    "sort_order": ("asc", "desc"),
    "approved": ("true", "false", "both"),
    "converted": ("true", "false", "both"),
    "include_child": ("true", "false"),
}


def _param_error(code: str, message: str, name: str, **details: Any) -> ZohoError:
    return ZohoError(
        code=code, message=message, status=400, details={"param_name": name, **details}
    )


def _int_param(q: dict[str, str], name: str, low: int, high: int | None) -> int | None:
    raw = q.get(name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise _param_error(
            "INVALID_DATA", "invalid data", name, expected_data_type="integer"
        ) from None
    if value < low or (high is not None and value > high):
        bound = f"{low}..{high}" if high is not None else f">= {low}"
        raise _param_error("INVALID_DATA", f"{name} must be within {bound}", name)
    return value


def _enum_param(q: dict[str, str], name: str) -> str | None:
    raw = q.get(name)
    if raw is not None and raw not in ENUMS[name]:
        raise _param_error("INVALID_DATA", f"{name} must be one of {', '.join(ENUMS[name])}", name)
    return raw


def _bool_param(q: dict[str, str], name: str, default: bool) -> bool:
    raw = q.get(name)
    if raw is None:
        return default
    # case-insensitive, as Java's Boolean parsing: Zoho's Python SDK sends str(False)
    raw = raw.lower()
    if raw not in ("true", "false"):
        raise _param_error(
            "UNABLE_TO_PARSE_DATA_TYPE",
            f"either the request body or parameters is in wrong format: {name} must be true or "
            "false",
            name,
            expected_data_type="boolean",
        )
    return raw == "true"


def _id_list(
    q: dict[str, str], name: str, *, required: bool = False, malformed: str = "INVALID_DATA"
) -> list[str]:
    raw = q.get(name)
    if raw is None or raw == "":
        if required:
            raise _param_error(
                "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", name
            )
        return []
    if not ID_LIST_RE.match(raw):
        raise _param_error(
            malformed, f"{name} must be comma-separated record ids (digits)", name,
            expected_data_type="long",
        )  # fmt: skip
    return raw.split(",")


def _digits(q: dict[str, str], name: str) -> str | None:
    raw = q.get(name)
    if raw is not None and not re.fullmatch(r"[0-9]{1,19}", raw):
        raise _param_error("INVALID_DATA", f"the {name} given seems to be invalid", name)
    return raw


def _fields(q: dict[str, str], *, required: bool) -> tuple[str, ...] | None:
    raw = q.get("fields")
    if raw is None or not raw.strip(","):
        if required:
            raise _param_error(
                "REQUIRED_PARAM_MISSING", "One of the expected parameters is missing.", "fields"
            )
        return None
    names = tuple(dict.fromkeys(n.strip() for n in raw.split(",") if n.strip()))
    if len(names) > FIELDS_PER_CALL:
        raise _param_error("LIMIT_EXCEEDED", "Fields limit exceeded.", "fields",
                           limit=FIELDS_PER_CALL)  # fmt: skip
    return names


def parse_page_args(q: dict[str, str], if_modified_since: str | None = None) -> PageArgs:
    """Get Records' query -> typed arguments (shapes and per-call limits checked here)."""
    fields = _fields(q, required=True)
    assert fields is not None
    per_page = _int_param(q, "per_page", 1, RECORDS_PER_PAGE) or RECORDS_PER_PAGE
    page = _int_param(q, "page", 1, None)
    token = q.get("page_token")
    if token is not None and token == "":
        raise _param_error("INVALID_DATA", "The token given seems to be invalid.", "page_token")
    if page is not None and token is not None:
        raise _param_error(
            "AMBIGUITY_DURING_PROCESSING",
            "You cannot use both cvid and sort_by, and page and page_token",
            "page_token",
        )
    cvid = _digits(q, "cvid")
    if cvid is not None and q.get("sort_by") is not None:
        raise _param_error(
            "AMBIGUITY_DURING_PROCESSING",
            "You cannot use both cvid and sort_by, and page and page_token",
            "sort_by",
        )
    ids = _id_list(q, "ids")
    if len(ids) > IDS_PER_CALL:
        raise _param_error("LIMIT_EXCEEDED", "ids limit exceeded", "ids", limit=IDS_PER_CALL)
    _digits(q, "territory_id")
    _enum_param(q, "include_child")
    ims = None
    if if_modified_since is not None:
        ims = parse_datetime(if_modified_since.strip())
        if ims is None:
            raise ZohoError(
                code="INVALID_DATA",
                message="invalid data",
                status=400,
                details={"header": "If-Modified-Since", "expected_data_type": "datetime"},
            )
    return PageArgs(
        fields=fields,
        per_page=per_page,
        page=page,
        page_token=token,
        sort_by=q.get("sort_by") or None,
        sort_order=_enum_param(q, "sort_order"),
        cvid=cvid,
        ids=tuple(ids) if "ids" in q else None,
        approved=_enum_param(q, "approved"),
        converted=_enum_param(q, "converted"),
        modified_since=ims,
    )


def parse_search_args(q: dict[str, str]) -> SearchArgs:
    """Search Records' query -> typed arguments."""
    given = {k: q[k] for k in ("criteria", "email", "phone", "word") if k in q}
    if not given:
        raise ZohoError(
            code="EXPECTED_PARAM_MISSING", message="mandatory param missing", status=400, details={}
        )
    for name, value in given.items():
        if not value.strip():
            if name == "criteria":
                raise _param_error("INVALID_QUERY", "invalid query formed", name,
                                   reason="the criteria is empty")  # fmt: skip
            raise _param_error(
                "INVALID_DATA",
                "The search value contains special characters or does not contain at least two "
                "characters",
                name,
            )
    _enum_param(q, "approved")
    _enum_param(q, "converted")
    _digits(q, "cvid")
    return SearchArgs(
        criteria=given.get("criteria"),
        email=given.get("email"),
        phone=given.get("phone"),
        word=given.get("word"),
        page=_int_param(q, "page", 1, None) or 1,
        per_page=_int_param(q, "per_page", 1, RECORDS_PER_PAGE) or RECORDS_PER_PAGE,
        fields=_fields(q, required=False),
    )


def render_page(page: Page) -> Result:
    """One page of records with ``info``; 204 without a body when it is empty."""
    if not page.records:
        return 204, None, None
    info: dict[str, Any] = {
        "per_page": page.per_page,
        "count": len(page.records),
        "page": page.page,
        "more_records": page.more_records,
    }
    if page.sort_by is not None:
        info.update(sort_by=page.sort_by, sort_order=page.sort_order)
        info["next_page_token"] = page.next_page_token
        info["previous_page_token"] = page.previous_page_token
        info["page_token_expiry"] = page.page_token_expiry
    return 200, {"data": page.records, "info": info}, None


def render_delete(results: Sequence[DeleteResult]) -> Result:
    """A delete's answer: one item per id; 200 all deleted, 207 some, 400 none."""
    items: list[dict[str, Any]] = []
    failed = 0
    for r in results:
        if isinstance(r, RecordError):
            failed += 1
            items.append(r.to_wire())
        else:
            items.append({"code": SUCCESS, "details": {"id": r.id}, "message": "record deleted",
                          "status": "success"})  # fmt: skip
    status = 200 if not failed else 207 if failed < len(results) else 400
    return status, {"data": items}, None
