"""Reading per-record answers: the typed msgspec fast path agrees with the general path on
any answer, and lazily decoded ``RecordSuccess.details`` behave like plain ones."""

from __future__ import annotations

import copy
import gc
import json
import pickle
from typing import Any

import httpx
import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zoho_records import RecordError, RecordSuccess
from zoho_records._http import _general_outcomes, record_outcomes

ids_ = st.one_of(
    st.none(),
    st.text(alphabet="0123456789", min_size=1, max_size=19),
    st.integers(min_value=0, max_value=2**63),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8))
details_ = st.one_of(
    scalars,
    st.lists(scalars, max_size=2),
    st.fixed_dictionaries(
        {},
        optional={
            "id": st.one_of(ids_, st.dictionaries(st.text(max_size=3), scalars, max_size=2)),
            "Modified_By": st.fixed_dictionaries({"id": ids_, "name": st.text(max_size=5)}),
            "api_name": st.text(max_size=5),
        },
    ),
)
items_ = st.one_of(
    scalars,
    st.fixed_dictionaries(
        {},
        optional={
            "status": st.one_of(st.sampled_from(["success", "error", "Success"]), scalars),
            "code": st.one_of(st.sampled_from(["SUCCESS", "INVALID_DATA"]), scalars),
            "message": scalars,
            "details": details_,
            "action": scalars,
            "duplicate_field": scalars,
        },
    ),
)


def answer(status: int, body: Any) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(body).encode())


def comparable(outcomes: list[Any]) -> list[tuple[Any, ...]]:
    return [
        (type(o).__name__, o.index, o.id, o.code, o.message, dict(o.details), o.status_code)
        + ((o.action, o.duplicate_field) if isinstance(o, RecordSuccess) else ())
        for o in outcomes
    ]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=st.lists(items_, max_size=6),
    sent=st.lists(st.one_of(st.none(), st.text("0123456789", min_size=1)), max_size=6),
    status=st.sampled_from([200, 201, 202, 207]),
    match_by_id=st.booleans(),
)
def test_fast_path_agrees_with_the_general_path(
    items: list[Any], sent: list[str | None], status: int, match_by_id: bool
) -> None:
    response = answer(status, {"data": items})
    indices = list(range(10, 10 + len(sent)))
    fast = record_outcomes(response, indices, sent, match_by_id=match_by_id)
    general = _general_outcomes(response, indices, sent, match_by_id=match_by_id)
    assert comparable(fast) == comparable(general)
    assert [o.index for o in fast] == indices  # one outcome per record sent, in order


@pytest.mark.parametrize(
    "body",
    [
        b"<html>",
        b'{"data": {"not": "a list"}}',
        b'{"code": "INVALID_TOKEN", "status": "error", "message": "x", "details": {}}',
        b"[1, 2]",
        b"",
    ],
)
def test_odd_2xx_bodies_take_the_general_path(body: bytes) -> None:
    response = httpx.Response(200, content=body)
    try:
        expected: Any = _general_outcomes(response, [0], ["1"], match_by_id=False)
    except Exception as exc:  # the general path raises: so must the fast one, the same way
        with pytest.raises(type(exc)):
            record_outcomes(response, [0], ["1"])
    else:
        assert comparable(record_outcomes(response, [0], ["1"])) == comparable(expected)


def test_error_status_with_data_is_read_per_record() -> None:
    item = {"code": "INVALID_DATA", "status": "error", "message": "m", "details": {"x": 1}}
    (outcome,) = record_outcomes(answer(400, {"data": [item]}), [3], ["9"])
    assert outcome == RecordError(3, "INVALID_DATA", "m", {"x": 1}, "9", 400)


def success_item(rid: str) -> dict[str, Any]:
    return {
        "code": "SUCCESS",
        "status": "success",
        "message": "record updated",
        "details": {"id": rid, "Modified_By": {"id": "1", "name": "A"}},
    }


def lazy_success() -> RecordSuccess:
    (outcome,) = record_outcomes(answer(200, {"data": [success_item("5")]}), [0], ["5"])
    assert isinstance(outcome, RecordSuccess)
    return outcome


EAGER = RecordSuccess(
    0, "5", "SUCCESS", "record updated", {"id": "5", "Modified_By": {"id": "1", "name": "A"}},
    status_code=200,
)  # fmt: skip


def test_lazy_details_read_equal_print_copy_and_pickle_like_eager_ones() -> None:
    assert lazy_success().details == EAGER.details
    assert type(lazy_success().details) is dict
    assert lazy_success() == EAGER and EAGER == lazy_success()
    assert repr(lazy_success()) == repr(EAGER)
    assert pickle.loads(pickle.dumps(lazy_success())) == EAGER
    assert copy.deepcopy(lazy_success()) == EAGER
    assert copy.copy(lazy_success()) == EAGER
    assert msgspec.structs.replace(lazy_success(), id="6").details == EAGER.details
    assert lazy_success().to_dict() == EAGER.to_dict()
    assert EAGER.to_dict() == {
        "status": "success",
        "index": 0,
        "id": "5",
        "code": "SUCCESS",
        "message": "record updated",
        "details": EAGER.details,
        "action": None,
        "duplicate_field": None,
        "status_code": 200,
    }
    assert msgspec.json.decode(msgspec.json.encode(lazy_success()))["details"] == EAGER.details
    assert lazy_success() != RecordSuccess(0, "5")


def test_details_can_be_replaced_and_are_kept_once_decoded() -> None:
    outcome = lazy_success()
    first = outcome.details
    assert outcome.details is first
    outcome.details = {"mine": 1}
    assert outcome.details == {"mine": 1}


def test_outcomes_are_not_tracked_by_the_cycle_collector() -> None:
    # why: 10,000 kept outcomes in tracked objects cost full collections (bench/README)
    assert not gc.is_tracked(lazy_success())
    assert not gc.is_tracked(EAGER)


def test_record_error_to_dict_leaves_the_exception_out() -> None:
    error = RecordError(1, "X", "m", {"a": 1}, "7", 400, error=ValueError())  # type: ignore[arg-type]
    assert error.to_dict() == {
        "status": "error",
        "index": 1,
        "code": "X",
        "message": "m",
        "details": {"a": 1},
        "id": "7",
        "status_code": 400,
    }


def test_record_error_equality_ignores_the_exception() -> None:
    assert RecordError(1, "X", error=None) == RecordError(1, "X", error=ValueError())  # type: ignore[arg-type]
    assert RecordError(1, "X") != RecordError(2, "X")
    assert RecordError(1, "X") != RecordSuccess(1, "X")
