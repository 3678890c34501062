from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FieldMetaPickListValuesItem")


@_attrs_define
class FieldMetaPickListValuesItem:
    """
    Attributes:
        display_value (str | Unset):
        actual_value (str | Unset):
    """

    display_value: str | Unset = UNSET
    actual_value: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        display_value = self.display_value

        actual_value = self.actual_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if display_value is not UNSET:
            field_dict["display_value"] = display_value
        if actual_value is not UNSET:
            field_dict["actual_value"] = actual_value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        display_value = d.pop("display_value", UNSET)

        actual_value = d.pop("actual_value", UNSET)

        field_meta_pick_list_values_item = cls(
            display_value=display_value,
            actual_value=actual_value,
        )

        field_meta_pick_list_values_item.additional_properties = d
        return field_meta_pick_list_values_item

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
