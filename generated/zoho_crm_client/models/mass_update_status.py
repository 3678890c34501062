from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mass_update_status_status import (
    MassUpdateStatusStatus,
    check_mass_update_status_status,
)

T = TypeVar("T", bound="MassUpdateStatus")


@_attrs_define
class MassUpdateStatus:
    """Progress of a scheduled mass update job.

    Attributes:
        status (MassUpdateStatusStatus):
        total_count (int):
        updated_count (int):
        not_updated_count (int):
        failed_count (int):
    """

    status: MassUpdateStatusStatus
    total_count: int
    updated_count: int
    not_updated_count: int
    failed_count: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: str = self.status

        total_count = self.total_count

        updated_count = self.updated_count

        not_updated_count = self.not_updated_count

        failed_count = self.failed_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Status": status,
                "Total_Count": total_count,
                "Updated_Count": updated_count,
                "Not_Updated_Count": not_updated_count,
                "Failed_Count": failed_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = check_mass_update_status_status(d.pop("Status"))

        total_count = d.pop("Total_Count")

        updated_count = d.pop("Updated_Count")

        not_updated_count = d.pop("Not_Updated_Count")

        failed_count = d.pop("Failed_Count")

        mass_update_status = cls(
            status=status,
            total_count=total_count,
            updated_count=updated_count,
            not_updated_count=not_updated_count,
            failed_count=failed_count,
        )

        mass_update_status.additional_properties = d
        return mass_update_status

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
