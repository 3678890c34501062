from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.link_item import LinkItem
    from ..models.lookup import Lookup


T = TypeVar("T", bound="MassUpdateFields")


@_attrs_define
class MassUpdateFields:
    """The fields to set on every selected record, keyed by field API name: at most **3 fields in
    Deals and 1 in every other module** per call. Email, lookup, layout, multi-line (textarea)
    fields and line items cannot be mass updated.

    """

    additional_properties: dict[
        str, bool | float | list[float | LinkItem | str] | Lookup | None | str
    ] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.link_item import LinkItem  # noqa: PLC0415
        from ..models.lookup import Lookup  # noqa: PLC0415

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            if isinstance(prop, Lookup):
                field_dict[prop_name] = prop.to_dict()
            elif isinstance(prop, list):
                field_dict[prop_name] = []
                for componentsschemas_field_value_type_4_item_data in prop:
                    componentsschemas_field_value_type_4_item: dict[str, Any] | float | str
                    if isinstance(componentsschemas_field_value_type_4_item_data, LinkItem):
                        componentsschemas_field_value_type_4_item = (
                            componentsschemas_field_value_type_4_item_data.to_dict()
                        )
                    else:
                        componentsschemas_field_value_type_4_item = (
                            componentsschemas_field_value_type_4_item_data
                        )
                    field_dict[prop_name].append(componentsschemas_field_value_type_4_item)

            else:
                field_dict[prop_name] = prop

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.link_item import LinkItem  # noqa: PLC0415
        from ..models.lookup import Lookup  # noqa: PLC0415

        d = dict(src_dict)
        mass_update_fields = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():

            def _parse_additional_property(
                data: object,
            ) -> bool | float | list[float | LinkItem | str] | Lookup | None | str:
                if data is None:
                    return data
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_field_value_type_3 = Lookup.from_dict(data)

                    return componentsschemas_field_value_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, list):
                        raise TypeError()
                    componentsschemas_field_value_type_4 = []
                    _componentsschemas_field_value_type_4 = data
                    for (
                        componentsschemas_field_value_type_4_item_data
                    ) in _componentsschemas_field_value_type_4:

                        def _parse_componentsschemas_field_value_type_4_item(
                            data: object,
                        ) -> float | LinkItem | str:
                            try:
                                if not isinstance(data, dict):
                                    raise TypeError()
                                componentsschemas_field_value_item_type_2 = LinkItem.from_dict(data)

                                return componentsschemas_field_value_item_type_2
                            except (TypeError, ValueError, AttributeError, KeyError):
                                pass
                            return cast(float | LinkItem | str, data)

                        componentsschemas_field_value_type_4_item = (
                            _parse_componentsschemas_field_value_type_4_item(
                                componentsschemas_field_value_type_4_item_data
                            )
                        )

                        componentsschemas_field_value_type_4.append(
                            componentsschemas_field_value_type_4_item
                        )

                    return componentsschemas_field_value_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(bool | float | list[float | LinkItem | str] | Lookup | None | str, data)

            additional_property = _parse_additional_property(prop_dict)

            additional_properties[prop_name] = additional_property

        mass_update_fields.additional_properties = additional_properties
        return mass_update_fields

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(
        self, key: str
    ) -> bool | float | list[float | LinkItem | str] | Lookup | None | str:
        return self.additional_properties[key]

    def __setitem__(
        self, key: str, value: bool | float | list[float | LinkItem | str] | Lookup | None | str
    ) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
