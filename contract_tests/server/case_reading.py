"""Reading a schemathesis case and its response the way the Zoho checks (``zoho_checks``) need:
which Zoho operation it is, the records sent and the results received, ids, headers, the
generation phase, the errors documented for the answer."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario

from contract_tests.server.bundle import DocumentedError, documented_errors
from contract_tests.server.run_state import run_state_for

# a request body that is not there or not JSON
_MISSING = object()


def zoho_operation(case: Any) -> tuple[str, tuple[DocumentedError, ...]] | None:
    """``(operationId, documented errors)`` of an operation in a contract run, else ``None``."""
    if run_state_for(case) is None:
        return None
    raw = case.operation.definition.raw
    if not isinstance(raw, dict):
        return None
    errors = documented_errors(raw)
    operation_id = raw.get("operationId")
    if errors is None or not isinstance(operation_id, str):
        return None
    return operation_id, errors


def _sent_json(response: Any) -> Any:
    body = response.request.body
    if body is None:
        return _MISSING
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            return _MISSING
    try:
        return json.loads(body)
    except (ValueError, TypeError):
        return _MISSING


def _received_json(response: Any) -> Any:
    if not response.content:
        return _MISSING
    try:
        return response.json()
    except Exception:
        return _MISSING


def sent_records(response: Any) -> list[Any] | None:
    body = _sent_json(response)
    if isinstance(body, dict) and isinstance(body.get("data"), list):
        return body["data"]
    return None


def result_items(response: Any) -> list[dict[str, Any]] | None:
    """The per-record results of a write response, or ``None`` if it has none (a top-level error)."""
    body = _received_json(response)
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        return None
    items = body["data"]
    if not all(
        isinstance(item, dict) and item.get("status") in ("success", "error") for item in items
    ):
        return None
    return items


def _is_valid_id(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 0 <= value and len(str(value)) <= 19
    return isinstance(value, str) and value.isdigit() and 1 <= len(value) <= 19 and value.isascii()


def _expected_id(operation_id: str, case: Any, record: Any) -> str | None:
    if operation_id == "insertRecords":
        return None  # an insert gives new ids (an id sent in the body is not the record's)
    if operation_id == "updateRecord":
        record_id = (case.path_parameters or {}).get("record_id")
        return str(record_id) if _is_valid_id(record_id) else None
    if isinstance(record, dict) and _is_valid_id(record.get("id")):
        return str(record["id"])
    return None


def _request_header(response: Any, name: str) -> str | None:
    for key, value in response.request.headers.items():
        if key.lower() == name.lower():
            return value
    return None


def _generation_mode(case: Any) -> Any:
    meta = case.meta
    return None if meta is None else meta.generation.mode


def _coverage_scenario(case: Any) -> CoverageScenario | None:
    meta = case.meta
    if meta is None or not isinstance(meta.phase.data, CoveragePhaseData):
        return None
    return meta.phase.data.scenario


def _documented(
    errors: tuple[DocumentedError, ...], code: Any, statuses: set[int], scope: str | None = None
) -> bool:
    """Whether ``code`` is documented with one of ``statuses`` (and, when known, for ``scope``)."""
    return any(
        error.code == code
        and error.status in statuses
        and (scope is None or error.scope is None or error.scope == scope)
        for error in errors
    )


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None
