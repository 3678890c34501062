from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.append_values import AppendValues
    from ..models.layout_ref import LayoutRef
    from ..models.link_item import LinkItem
    from ..models.lookup import Lookup
    from ..models.record_tag import RecordTag


T = TypeVar("T", bound="RecordInsert")


@_attrs_define
class RecordInsert:
    """A record to insert, keyed by field API name (only API names are accepted; see the fields
    metadata API). Mandatory fields of the module (or of the given `Layout`) must be present;
    a value longer than the field's maximum length fails with `INVALID_DATA`. No `id`: Zoho
    assigns it (sources: Zoho CRM Insert Records,
    https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html; Zoho Bigin Add records,
    https://www.bigin.com/developer/docs/apis/v2/insert-records.html).

        Attributes:
            append_values (AppendValues | Unset): Per multi-select picklist (by API name): `true` adds the values in the
                input to the
                field's existing values, `false` replaces them. Multi-select picklists not named here are
                replaced, as by default. Applies only to the record that carries this key.
            approved (bool | Unset): Approval mode for the record (mainly for records that came from web forms).
            layout (LayoutRef | Unset): The layout of the record. Give it to include the layout's mandatory fields in the
                API-level
                mandatory check and to process only the fields defined in that layout.
            tag (list[RecordTag] | Unset): Tags of the record, by name or id.
    """

    append_values: AppendValues | Unset = UNSET
    approved: bool | Unset = UNSET
    layout: LayoutRef | Unset = UNSET
    tag: list[RecordTag] | Unset = UNSET
    additional_properties: dict[
        str, bool | float | list[float | LinkItem | str] | Lookup | None | str
    ] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.link_item import LinkItem  # noqa: PLC0415
        from ..models.lookup import Lookup  # noqa: PLC0415

        append_values: dict[str, Any] | Unset = UNSET
        if not isinstance(self.append_values, Unset):
            append_values = self.append_values.to_dict()

        approved = self.approved

        layout: dict[str, Any] | Unset = UNSET
        if not isinstance(self.layout, Unset):
            layout = self.layout.to_dict()

        tag: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tag, Unset):
            tag = []
            for tag_item_data in self.tag:
                tag_item = tag_item_data.to_dict()
                tag.append(tag_item)

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

        field_dict.update({})
        if append_values is not UNSET:
            field_dict["$append_values"] = append_values
        if approved is not UNSET:
            field_dict["$approved"] = approved
        if layout is not UNSET:
            field_dict["Layout"] = layout
        if tag is not UNSET:
            field_dict["Tag"] = tag

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.append_values import AppendValues  # noqa: PLC0415
        from ..models.layout_ref import LayoutRef  # noqa: PLC0415
        from ..models.link_item import LinkItem  # noqa: PLC0415
        from ..models.lookup import Lookup  # noqa: PLC0415
        from ..models.record_tag import RecordTag  # noqa: PLC0415

        d = dict(src_dict)
        _append_values = d.pop("$append_values", UNSET)
        append_values: AppendValues | Unset
        if isinstance(_append_values, Unset):
            append_values = UNSET
        else:
            append_values = AppendValues.from_dict(_append_values)

        approved = d.pop("$approved", UNSET)

        _layout = d.pop("Layout", UNSET)
        layout: LayoutRef | Unset
        if isinstance(_layout, Unset):
            layout = UNSET
        else:
            layout = LayoutRef.from_dict(_layout)

        _tag = d.pop("Tag", UNSET)
        tag: list[RecordTag] | Unset = UNSET
        if _tag is not UNSET:
            tag = []
            for tag_item_data in _tag:
                tag_item = RecordTag.from_dict(tag_item_data)

                tag.append(tag_item)

        record_insert = cls(
            append_values=append_values,
            approved=approved,
            layout=layout,
            tag=tag,
        )

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

        record_insert.additional_properties = additional_properties
        return record_insert

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
