from typing import Literal

SearchRecordsConverted = Literal["both", "false", "true"]

SEARCH_RECORDS_CONVERTED_VALUES: set[SearchRecordsConverted] = {
    "both",
    "false",
    "true",
}


def check_search_records_converted(value: str) -> SearchRecordsConverted:
    if value in SEARCH_RECORDS_CONVERTED_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SEARCH_RECORDS_CONVERTED_VALUES!r}"
    )
