from typing import Literal

GetRecordsConverted = Literal["both", "false", "true"]

GET_RECORDS_CONVERTED_VALUES: set[GetRecordsConverted] = {
    "both",
    "false",
    "true",
}


def check_get_records_converted(value: str) -> GetRecordsConverted:
    if value in GET_RECORDS_CONVERTED_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {GET_RECORDS_CONVERTED_VALUES!r}")
