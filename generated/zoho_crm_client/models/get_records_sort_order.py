from typing import Literal

GetRecordsSortOrder = Literal["asc", "desc"]

GET_RECORDS_SORT_ORDER_VALUES: set[GetRecordsSortOrder] = {
    "asc",
    "desc",
}


def check_get_records_sort_order(value: str) -> GetRecordsSortOrder:
    if value in GET_RECORDS_SORT_ORDER_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GET_RECORDS_SORT_ORDER_VALUES!r}"
    )
