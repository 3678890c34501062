from typing import Literal

ApiVersion = Literal["v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"]

API_VERSION_VALUES: set[ApiVersion] = {
    "v2",
    "v2.1",
    "v3",
    "v4",
    "v5",
    "v6",
    "v7",
    "v8",
}


def check_api_version(value: str) -> ApiVersion:
    if value in API_VERSION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {API_VERSION_VALUES!r}")
