from typing import Literal

GetRecordsApproved = Literal["both", "false", "true"]

GET_RECORDS_APPROVED_VALUES: set[GetRecordsApproved] = {
    "both",
    "false",
    "true",
}


def check_get_records_approved(value: str) -> GetRecordsApproved:
    if value in GET_RECORDS_APPROVED_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {GET_RECORDS_APPROVED_VALUES!r}")
