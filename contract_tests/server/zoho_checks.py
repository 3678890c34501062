"""Zoho's record-write contract as schemathesis checks.

Importing this module registers the checks with schemathesis (``@schemathesis.check``); every
run of the engine then applies them next to the built-in ones. They act only in runs started by
``runner`` (marked with a run id), so any other schemathesis use in the same process is untouched.

Our checks:
    zoho_one_result_per_record      one result per input record, in input order, carrying its id
    zoho_documented_error_codes     every error code is documented for the operation and status
    zoho_read_after_write           a read right after a successful write shows the written values
    zoho_if_unmodified_since        a write conditioned on an older time is refused (412)
    zoho_auth_required              a request without the token is 401 INVALID_TOKEN
    zoho_read_after_delete          a read of a record deleted earlier is 400 INVALID_DATA

Adapted built-in checks (``settings.ADAPTED_CHECKS`` switches the originals off), each the one
place where Zoho's documented behaviour replaces a generic expectation:
    zoho_unsupported_method         instead of ``unsupported_method``
    zoho_positive_data_acceptance   instead of ``positive_data_acceptance``
    zoho_negative_data_rejection    instead of ``negative_data_rejection``
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

import schemathesis
import zoho_wire_facts as wire
from schemathesis.generation.meta import CoverageScenario
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from contract_tests.server.case_reading import (
    _MISSING,
    _coverage_scenario,
    _documented,
    _expected_id,
    _generation_mode,
    _parse_time,
    _received_json,
    _request_header,
    result_items,
    sent_records,
    zoho_operation,
)
from contract_tests.server.run_state import run_state_for

# Operations answering one result per input record in ``data[]``. A mass update answers one
# job (or one summary) for the whole request, so it is not among them.
PER_RECORD_OPERATIONS = frozenset(
    {"updateRecords", "updateRecord", "upsertRecords", "insertRecords", "updateRelatedRecords"}
)
RECORD_WRITE_OPERATIONS = frozenset(
    {"updateRecords", "updateRecord", "upsertRecords", "insertRecords"}
)
DELETE_OPERATIONS = frozenset({"deleteRecords", "deleteRecord"})
CONDITIONAL_WRITE_OPERATIONS = frozenset({"updateRecords", "updateRecord"})
# Input keys that are instructions, not field values: not expected back on a read.
# (The spec's x-zoho-non-field-keys, read out by python -m codegen.)
NON_FIELD_KEYS = wire.NON_FIELD_KEYS
# Statuses Zoho answers schema-valid but impossible data with (documented per operation).
SEMANTIC_REFUSALS = frozenset({400, 412})


# -- our checks -----------------------------------------------------------------------------------


_SUCCESS_LOCK = threading.Lock()


def _count_successes(case: Any, results: list[Any]) -> None:
    """Count the records the target wrote: a run where none was written checked no success
    rule (string ids in ``details``, 207 vs 200, one result per record among successes)."""
    state = run_state_for(case)
    written = sum(1 for r in results if isinstance(r, dict) and r.get("status") == "success")
    if state is not None and written:
        with _SUCCESS_LOCK:
            state.extra["record_writes"] = state.extra.get("record_writes", 0) + written


@schemathesis.check
def zoho_one_result_per_record(ctx: Any, response: Any, case: Any) -> bool | None:
    """One result per input record, in input order; a result names its input's record id."""
    operation = zoho_operation(case)
    if operation is None or operation[0] not in PER_RECORD_OPERATIONS:
        return None
    operation_id = operation[0]
    sent = sent_records(response)
    results = result_items(response)
    if sent is None or results is None:
        return None
    _count_successes(case, results)
    if len(results) != len(sent):
        raise AssertionError(
            f"{len(sent)} input record(s) but {len(results)} result(s) in `data`: "
            "Zoho answers one result per input record, in input order"
        )
    for index, (record, result) in enumerate(zip(sent, results, strict=True)):
        expected = _expected_id(operation_id, case, record)
        if expected is None:
            continue
        details = result.get("details")
        actual = details.get("id") if isinstance(details, dict) else None
        if result.get("status") == "success" and actual != expected:
            if not isinstance(actual, str) and str(actual) == expected:
                raise AssertionError(
                    f"result {index}: `details.id` is the JSON number {actual}; Zoho sends ids as "
                    "strings (19-digit ids lose precision as numbers in JavaScript)\nThe result "
                    f"is for the right record; expected the string {expected!r}."
                )
            raise AssertionError(
                f"result {index} is a success for record {actual!r} but input record {index} is "
                f"{expected!r}: results must follow input order and name the input's id"
            )
        if result.get("status") == "error" and actual is not None and str(actual) != expected:
            raise AssertionError(
                f"result {index} is an error about record {actual!r} but input record {index} is "
                f"{expected!r}: results must follow input order"
            )
    return None


@schemathesis.check
def zoho_documented_error_codes(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every error code in a response is in the operation's ``x-zoho-errors`` for that status.

    A per-record error inside a 207 answer is the error that record alone would have got: 400,
    202 for the related-list errors Zoho answers with 202, or 412 for a record refused by
    ``If-Unmodified-Since`` beside records that were written.
    """
    operation = zoho_operation(case)
    if operation is None:
        return None
    operation_id, errors = operation
    body = _received_json(response)
    if not isinstance(body, dict):
        return None
    status = response.status_code
    documented = ", ".join(sorted({f"{e.code} ({e.status})" for e in errors})) or "none"
    if body.get("status") == "error" and "code" in body and "data" not in body:
        if not _documented(errors, body["code"], {status}, "request"):
            raise AssertionError(
                f"{status} with error code {body['code']!r}, which x-zoho-errors of {operation_id} "
                f"does not document for status {status} as a request error\nDocumented: {documented}"
            )
        return None
    results = result_items(response)
    if results is None:
        return None
    allowed = {status} | ({400, 202, 412} if status == 207 else set())
    for index, item in enumerate(results):
        if item.get("status") == "error" and not _documented(
            errors, item.get("code"), allowed, "record"
        ):
            raise AssertionError(
                f"result {index} of a {status} answer has error code {item.get('code')!r}, which "
                f"x-zoho-errors of {operation_id} does not document as a record error for status "
                f"{'/'.join(map(str, sorted(allowed)))}\nDocumented: {documented}"
            )
    return None


@schemathesis.check
def zoho_read_after_write(ctx: Any, response: Any, case: Any) -> bool | None:
    """A read of a record written earlier in the same stateful scenario shows the values written.

    The expected values are those of every successful write to the record in the scenario, in
    order (a later write wins), for the fields the module has and a client may write (per the
    target's getFields). Compared: scalar values (date-times as instants); nested values by their
    ``id`` only.
    """
    operation = zoho_operation(case)
    if operation is None or operation[0] != "getRecord" or response.status_code != 200:
        return None
    parameters = case.path_parameters or {}
    record_id = str(parameters.get("record_id"))
    module = parameters.get("module_api_name")
    expected: dict[str, Any] = {}
    writers: list[str] = []
    for earlier in ctx.internals.find_all_cases():
        if earlier.id == case.id:
            break
        earlier_operation = zoho_operation(earlier)
        if earlier_operation is None or earlier_operation[0] not in RECORD_WRITE_OPERATIONS:
            continue
        if (earlier.path_parameters or {}).get("module_api_name") != module:
            continue
        earlier_response = ctx.internals.find_response(case_id=earlier.id)
        if earlier_response is None:
            continue
        sent = sent_records(earlier_response)
        results = result_items(earlier_response)
        if sent is None or results is None or len(sent) != len(results):
            continue
        for record, result in zip(sent, results, strict=True):
            details = result.get("details")
            if (
                result.get("status") == "success"
                and isinstance(details, dict)
                and str(details.get("id")) == record_id
                and isinstance(record, dict)
            ):
                expected.update(
                    (field, value)
                    for field, value in record.items()
                    if field not in NON_FIELD_KEYS
                    and not field.startswith("$")
                    and not isinstance(value, list)
                )
                writers.append(earlier_operation[0])
    if not writers:
        return None
    writable = _writable_fields(case, module)
    if writable is not None:
        # Zoho ignores values for fields the module does not have (or that are read-only).
        expected = {field: value for field, value in expected.items() if field in writable}
    body = _received_json(response)
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list) or not data or not isinstance(data[0], dict):
        raise AssertionError(
            f"read of record {record_id} after a successful write has no record in `data`"
        )
    read = data[0]
    mismatches = []
    for field, value in expected.items():
        actual = read.get(field, _MISSING)
        shown = "(absent)" if actual is _MISSING else repr(actual)
        if isinstance(value, dict):
            if "id" in value and (
                not isinstance(actual, dict) or str(actual.get("id")) != str(value["id"])
            ):
                mismatches.append(f"{field}: wrote id {value['id']!r}, read {shown}")
        elif not _same_value(value, actual):
            mismatches.append(f"{field}: wrote {value!r}, read {shown}")
    if mismatches:
        raise AssertionError(
            f"record {record_id} read after successful {' then '.join(writers)} does not show the "
            "written values:\n  " + "\n  ".join(mismatches)
        )
    return None


@schemathesis.check
def zoho_read_after_delete(ctx: Any, response: Any, case: Any) -> bool | None:
    """A read of a record deleted earlier in the same stateful scenario gets Zoho's answer for a
    missing record: 400 ``INVALID_DATA`` (ids are never reused, so nothing brings it back)."""
    operation = zoho_operation(case)
    if operation is None or operation[0] != "getRecord":
        return None
    parameters = case.path_parameters or {}
    record_id = str(parameters.get("record_id"))
    module = parameters.get("module_api_name")
    for earlier in ctx.internals.find_all_cases():
        if earlier.id == case.id:
            break
        earlier_operation = zoho_operation(earlier)
        if earlier_operation is None or earlier_operation[0] not in DELETE_OPERATIONS:
            continue
        if (earlier.path_parameters or {}).get("module_api_name") != module:
            continue
        earlier_response = ctx.internals.find_response(case_id=earlier.id)
        results = result_items(earlier_response) if earlier_response is not None else None
        if not results:
            continue
        deleted = {
            str((item.get("details") or {}).get("id"))
            for item in results
            if isinstance(item, dict) and item.get("status") == "success"
        }
        if record_id in deleted:
            body = _received_json(response)
            code = body.get("code") if isinstance(body, dict) else None
            if response.status_code != 400 or code != "INVALID_DATA":
                raise AssertionError(
                    f"record {record_id} was deleted earlier in this scenario "
                    f"({earlier_operation[0]}), but reading it answered {response.status_code} "
                    f"{code or ''}: Zoho answers 400 INVALID_DATA for a missing record"
                )
            return None
    return None


def _same_value(written: Any, read: Any) -> bool:
    if read is _MISSING or isinstance(read, bool) != isinstance(written, bool):
        return False
    if written == read:
        return True
    # A date-time is stored as an instant and may be shown in the org's time zone.
    written_time, read_time = _parse_time(written), _parse_time(read)
    return written_time is not None and written_time == read_time


def _writable_fields(case: Any, module: Any) -> frozenset[str] | None:
    """Writable fields of ``module`` per the target's own getFields answer (cached per run)."""
    state = run_state_for(case)
    if state is None or not isinstance(module, str):
        return None
    cache: dict[str, frozenset[str] | None] = state.extra.setdefault("writable_fields", {})
    if module in cache:
        return cache[module]
    cache[module] = None
    schema = case.operation.schema
    for result in schema.get_all_operations():
        operation = getattr(result, "ok", lambda: None)()
        if operation is None or operation.definition.raw.get("operationId") != "getFields":
            continue
        path_parameters = {}
        if "version" in (case.path_parameters or {}):
            path_parameters["version"] = case.path_parameters["version"]
        fields_case = operation.Case(
            path_parameters=path_parameters,
            query={"module": module},
            headers={"Authorization": f"Zoho-oauthtoken {state.token}"},
        )
        try:
            fields_response = fields_case.call(base_url=state.extra.get("base_url"))
            body = fields_response.json()
        except Exception:
            return None
        fields = body.get("fields") if isinstance(body, dict) else None
        if isinstance(fields, list):
            cache[module] = frozenset(
                field["api_name"]
                for field in fields
                if isinstance(field, dict)
                and isinstance(field.get("api_name"), str)
                and not field.get("read_only")
            )
        break
    return cache[module]


@schemathesis.check
class zoho_if_unmodified_since:  # noqa: N801 - the check's name in reports
    """A write with ``If-Unmodified-Since`` older than a record's last modification is refused.

    The check remembers the latest ``Modified_Time`` it saw per record during the run. When the
    server reports success for a record under an ``If-Unmodified-Since`` older than a time already
    seen for that record, it ignored the condition (Zoho answers 412 ``ALREADY_MODIFIED``).
    Modification times only grow, so the order in which responses are seen does not matter.
    """

    def __init__(self) -> None:
        self.modified: dict[tuple[str, str], datetime] = {}
        self.lock = threading.Lock()

    def _learn(self, scope: str, record_id: Any, value: Any) -> None:
        when = _parse_time(value)
        if when is None or record_id is None:
            return
        key = (scope, str(record_id))
        with self.lock:
            if key not in self.modified or self.modified[key] < when:
                self.modified[key] = when

    def after_response(self, ctx: Any, response: Any, case: Any) -> bool | None:
        operation = zoho_operation(case)
        if operation is None:
            return None
        operation_id = operation[0]
        scope = f"{case.operation.schema.raw_schema.get('info', {}).get('title')}:{(case.path_parameters or {}).get('module_api_name')}"
        results = result_items(response) if operation_id in PER_RECORD_OPERATIONS else None
        condition = _parse_time(_request_header(response, "If-Unmodified-Since"))
        if operation_id in CONDITIONAL_WRITE_OPERATIONS and condition is not None:
            if response.status_code == 412:
                body = _received_json(response)
                codes = {item.get("code") for item in results or []} or {
                    body.get("code") if isinstance(body, dict) else None
                }
                if codes != {"ALREADY_MODIFIED"}:
                    raise AssertionError(
                        f"412 answer with code(s) {sorted(map(str, codes))}, expected ALREADY_MODIFIED"
                    )
            for item in results or []:
                details = item.get("details")
                if item.get("status") != "success" or not isinstance(details, dict):
                    continue
                with self.lock:
                    seen = self.modified.get((scope, str(details.get("id"))))
                if seen is not None and seen > condition:
                    raise AssertionError(
                        f"record {details.get('id')} was updated under If-Unmodified-Since "
                        f"{condition.isoformat()} although it was already modified at "
                        f"{seen.isoformat()}: expected 412 ALREADY_MODIFIED"
                    )
        for item in results or []:
            details = item.get("details")
            if item.get("status") == "success" and isinstance(details, dict):
                self._learn(scope, details.get("id"), details.get("Modified_Time"))
        if operation_id == "getRecord" and response.status_code == 200:
            body = _received_json(response)
            data = body.get("data") if isinstance(body, dict) else None
            if isinstance(data, list) and data and isinstance(data[0], dict):
                self._learn(scope, data[0].get("id"), data[0].get("Modified_Time"))
        return None


@schemathesis.check
def zoho_auth_required(ctx: Any, response: Any, case: Any) -> bool | None:
    """A request without the run's token is answered 401 ``INVALID_TOKEN``."""
    operation = zoho_operation(case)
    state = run_state_for(case)
    if operation is None or state is None:
        return None
    sent = _request_header(response, "Authorization")
    if sent == f"Zoho-oauthtoken {state.token}":
        return None
    body = _received_json(response)
    code = body.get("code") if isinstance(body, dict) else None
    if response.status_code != 401 or code != "INVALID_TOKEN":
        shown = "no Authorization header" if sent is None else f"Authorization {sent[:40]!r}"
        raise AssertionError(
            f"request with {shown} got {response.status_code} {code or ''}".rstrip()
            + ": expected 401 INVALID_TOKEN"
        )
    return None


# -- adapted built-in checks ----------------------------------------------------------------------


@schemathesis.check
def zoho_unsupported_method(ctx: Any, response: Any, case: Any) -> bool | None:
    """A method a path does not document is answered 400 ``INVALID_REQUEST_METHOD``.

    Adapted from ``unsupported_method``: Zoho does not answer 405 with an ``Allow`` header; it
    answers 400 with the documented code ``INVALID_REQUEST_METHOD`` (ARCHITECTURE.md, wire facts).
    """
    if (
        run_state_for(case) is None
        or _coverage_scenario(case) != CoverageScenario.UNSPECIFIED_HTTP_METHOD
    ):
        return None
    method = response.request.method
    body = _received_json(response)
    code = body.get("code") if isinstance(body, dict) else None
    if response.status_code != 400 or code != "INVALID_REQUEST_METHOD":
        raise AssertionError(
            f"undocumented method {method} got {response.status_code} {code or ''}".rstrip()
            + ": Zoho answers 400 INVALID_REQUEST_METHOD"
        )
    return None


@schemathesis.check
def zoho_positive_data_acceptance(ctx: Any, response: Any, case: Any) -> bool | None:
    """Schema-valid data is accepted, where a documented per-record refusal counts as accepted.

    Adapted from ``positive_data_acceptance``: data that fits the schema can still be impossible
    (a random record id, a value for a field the module does not have, an ``If-Unmodified-Since``
    older than the record). Zoho then answers with the documented per-record errors: 400 when no
    record succeeded, 412 ``ALREADY_MODIFIED`` (202/207 are 2xx already). Such an answer counts
    as accepted when every error in it is documented for the operation with that status; anything
    else goes to the built-in check unchanged.
    """
    if run_state_for(case) is None:
        return None
    operation = zoho_operation(case)
    mode = _generation_mode(case)
    status = response.status_code
    if (
        operation is not None
        and mode is not None
        and mode.is_positive
        and status in SEMANTIC_REFUSALS
    ):
        errors = operation[1]
        body = _received_json(response)
        results = result_items(response)
        if results is not None and all(
            item.get("status") == "success"
            or _documented(errors, item.get("code"), {status}, "record")
            for item in results
        ):
            return None
        if (
            isinstance(body, dict)
            and body.get("status") == "error"
            and _documented(errors, body.get("code"), {status}, "request")
        ):
            return None
    return positive_data_acceptance(ctx, response, case)


@schemathesis.check
def zoho_negative_data_rejection(ctx: Any, response: Any, case: Any) -> bool | None:
    """Invalid data is rejected, where a per-record error in a 202/207 answer is a rejection,
    and a 412 is not (an invalid record that is also stale gets its validation error).

    Adapted from ``negative_data_rejection``: Zoho validates each record on its own, so a request
    whose invalid record sits among valid ones gets 207 (202 for related lists) with a documented
    error for that record. Anything else goes to the built-in check unchanged.
    """
    if run_state_for(case) is None:
        return None
    operation = zoho_operation(case)
    mode = _generation_mode(case)
    if (
        operation is not None
        and mode is not None
        and mode.is_negative
        and response.status_code == 412
        and operation[0] in CONDITIONAL_WRITE_OPERATIONS
    ):
        # The emulator's rule (zoho_emulator/models.py, update_records): a record that is both
        # invalid and stale gets its validation error; If-Unmodified-Since is evaluated only
        # for a write that would otherwise be made (RFC 9110 13.2.2).
        raise AssertionError(
            "invalid data answered 412 ALREADY_MODIFIED: validation comes before the "
            "If-Unmodified-Since precondition, so an invalid record gets its validation error "
            "(400) even when it is also stale"
        )
    if (
        operation is not None
        and mode is not None
        and mode.is_negative
        and response.status_code in (202, 207)
    ):
        results = result_items(response)
        allowed = {400, 202}
        if results is not None and any(
            item.get("status") == "error"
            and _documented(operation[1], item.get("code"), allowed, "record")
            for item in results
        ):
            return None
    return negative_data_rejection(ctx, response, case)
