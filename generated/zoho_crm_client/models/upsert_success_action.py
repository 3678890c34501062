from typing import Literal

UpsertSuccessAction = Literal["insert", "update"]

UPSERT_SUCCESS_ACTION_VALUES: set[UpsertSuccessAction] = {
    "insert",
    "update",
}


def check_upsert_success_action(value: str) -> UpsertSuccessAction:
    if value in UPSERT_SUCCESS_ACTION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {UPSERT_SUCCESS_ACTION_VALUES!r}")
