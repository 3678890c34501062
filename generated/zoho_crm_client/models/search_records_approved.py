from typing import Literal

SearchRecordsApproved = Literal["both", "false", "true"]

SEARCH_RECORDS_APPROVED_VALUES: set[SearchRecordsApproved] = {
    "both",
    "false",
    "true",
}


def check_search_records_approved(value: str) -> SearchRecordsApproved:
    if value in SEARCH_RECORDS_APPROVED_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SEARCH_RECORDS_APPROVED_VALUES!r}"
    )
