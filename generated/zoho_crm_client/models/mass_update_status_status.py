from typing import Literal

MassUpdateStatusStatus = Literal["COMPLETED", "FAILED", "RUNNING", "SCHEDULED"]

MASS_UPDATE_STATUS_STATUS_VALUES: set[MassUpdateStatusStatus] = {
    "COMPLETED",
    "FAILED",
    "RUNNING",
    "SCHEDULED",
}


def check_mass_update_status_status(value: str) -> MassUpdateStatusStatus:
    if value in MASS_UPDATE_STATUS_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {MASS_UPDATE_STATUS_STATUS_VALUES!r}"
    )
