from typing import Literal

GetRecordsIncludeChild = Literal["false", "true"]

GET_RECORDS_INCLUDE_CHILD_VALUES: set[GetRecordsIncludeChild] = {
    "false",
    "true",
}


def check_get_records_include_child(value: str) -> GetRecordsIncludeChild:
    if value in GET_RECORDS_INCLUDE_CHILD_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GET_RECORDS_INCLUDE_CHILD_VALUES!r}"
    )
