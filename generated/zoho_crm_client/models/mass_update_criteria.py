from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MassUpdateCriteria")


@_attrs_define
class MassUpdateCriteria:
    """A condition on the records to mass update: `field` `comparator` `value`, or a `group` of
    conditions joined by `group_operator`. Declared by Zoho's official CRM OAS (zoho/crm-oas,
    v8.0/record.json, schemas `Mass_Update_Body_Wrapper.criteria` and `Criteria`); Zoho's Mass
    Update page does not document it. The emulator accepts it and does not filter by it.

        Attributes:
            field (str | Unset): The API name of the field the condition tests.
            comparator (str | Unset): How `field` is compared with `value`. The official OAS lists: in, not_in, equal,
                not_equal, greater_than, greater_equal, less_than, less_equal, between, not_between, contains, not_contains,
                starts_with, ends_with.
            value (Any | Unset): The value (or values, for `in` and `between`) to compare with; the official OAS types it as
                an object, Zoho's criteria elsewhere take strings, numbers and arrays.
            group_operator (str | Unset): How the conditions of `group` combine (`and` or `or` in the official OAS).
            group (list[MassUpdateCriteria] | Unset): Nested conditions, combined by `group_operator`.
    """

    field: str | Unset = UNSET
    comparator: str | Unset = UNSET
    value: Any | Unset = UNSET
    group_operator: str | Unset = UNSET
    group: list[MassUpdateCriteria] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field = self.field

        comparator = self.comparator

        value = self.value

        group_operator = self.group_operator

        group: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.group, Unset):
            group = []
            for group_item_data in self.group:
                group_item = group_item_data.to_dict()
                group.append(group_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if field is not UNSET:
            field_dict["field"] = field
        if comparator is not UNSET:
            field_dict["comparator"] = comparator
        if value is not UNSET:
            field_dict["value"] = value
        if group_operator is not UNSET:
            field_dict["group_operator"] = group_operator
        if group is not UNSET:
            field_dict["group"] = group

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        field = d.pop("field", UNSET)

        comparator = d.pop("comparator", UNSET)

        value = d.pop("value", UNSET)

        group_operator = d.pop("group_operator", UNSET)

        _group = d.pop("group", UNSET)
        group: list[MassUpdateCriteria] | Unset = UNSET
        if _group is not UNSET:
            group = []
            for group_item_data in _group:
                group_item = MassUpdateCriteria.from_dict(group_item_data)

                group.append(group_item)

        mass_update_criteria = cls(
            field=field,
            comparator=comparator,
            value=value,
            group_operator=group_operator,
            group=group,
        )

        mass_update_criteria.additional_properties = d
        return mass_update_criteria

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
