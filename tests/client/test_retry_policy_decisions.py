"""The retry policy's decisions as values: which failed writes leave the records' fate
unknown (``fate_unknown``: the bulk engine then reports ``UNKNOWN`` rather than "not
written"), what the policy retries when the caller does not say whether the request is
idempotent, and that a policy cannot be changed once made or made with a negative
``max_retries``."""

from __future__ import annotations

import dataclasses

import httpx
import pytest

from zoho_records import (
    APIConnectionError,
    APIResponseValidationError,
    BadRequestError,
    InternalServerError,
    RetryPolicy,
)
from zoho_records._retry import NOT_PROCESSED_STATUSES, fate_unknown, upsert_is_idempotent

REQUEST = httpx.Request("POST", "https://zoho.test/crm/v8/Deals")


def answer(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, headers=headers, request=REQUEST, json={})


@pytest.mark.parametrize(
    ("status", "unknown"),
    [
        (200, True),
        (201, True),
        (299, True),
        (300, False),
        (404, False),
        (499, False),
        (500, True),
        (501, True),
        (503, True),
    ],
)
def test_an_unreadable_answer_leaves_the_fate_unknown_for_2xx_and_5xx(
    status: int, unknown: bool
) -> None:
    error = APIResponseValidationError("not JSON", response=answer(status))
    assert fate_unknown(error) is unknown


def test_a_connection_error_leaves_the_fate_unknown_only_if_the_request_may_have_gone() -> None:
    assert fate_unknown(APIConnectionError(request=REQUEST, may_have_reached_server=True)) is True
    assert fate_unknown(APIConnectionError(request=REQUEST, may_have_reached_server=False)) is False


def test_a_server_error_leaves_the_fate_unknown_unless_it_says_not_processed() -> None:
    assert fate_unknown(InternalServerError("boom", response=answer(500))) is True
    retry_later = answer(503, {"Retry-After": "5"})
    assert fate_unknown(InternalServerError("busy", response=retry_later)) is False


def test_a_refused_request_is_no_unknown_fate() -> None:
    assert fate_unknown(BadRequestError("bad", response=answer(400))) is False


def test_the_statuses_that_say_not_processed() -> None:
    assert frozenset({408, 429}) == NOT_PROCESSED_STATUSES


def test_without_idempotent_the_policy_treats_the_request_as_idempotent() -> None:
    policy = RetryPolicy()
    assert policy.should_retry_response(answer(502)) is True  # no "not processed" needed
    assert policy.should_retry_error(httpx.ReadTimeout("slow")) is True  # may have been sent
    assert policy.should_retry_response(answer(502), idempotent=False) is False
    assert policy.should_retry_error(httpx.ReadTimeout("slow"), idempotent=False) is False


def test_a_policy_cannot_be_changed_and_max_retries_0_is_allowed() -> None:
    policy = RetryPolicy(max_retries=0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        policy.max_retries = 3  # type: ignore[misc]
    with pytest.raises(ValueError, match="max_retries must be >= 0"):
        RetryPolicy(max_retries=-1)


def test_a_status_outside_the_policy_is_no_retry() -> None:
    assert RetryPolicy().should_retry_response(answer(400)) is False


@pytest.mark.parametrize(
    "records",
    [
        ["not a record"],
        [{"Email": "a@x.test", "duplicate_check_fields": []}],
        [{"Email": "a@x.test", "duplicate_check_fields": "Email"}],
        [{"Email": "", "duplicate_check_fields": ["Email"]}],
        [{"Email": "a@x.test"}, {"Last_Name": "B"}],
    ],
    ids=["not-a-mapping", "no-fields", "fields-as-a-string", "empty-value", "one-without"],
)
def test_an_upsert_that_could_insert_twice_is_not_idempotent(records: list[object]) -> None:
    assert upsert_is_idempotent(records, ["Email"]) is False


def test_an_upsert_whose_every_record_has_a_checked_value_is_idempotent() -> None:
    assert upsert_is_idempotent([{"Email": "a@x.test"}, {"Email": "b@x.test"}], ["Email"]) is True
