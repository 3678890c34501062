from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_meta_lookup import FieldMetaLookup
    from ..models.field_meta_pick_list_values_item import FieldMetaPickListValuesItem
    from ..models.field_meta_unique import FieldMetaUnique


T = TypeVar("T", bound="FieldMeta")


@_attrs_define
class FieldMeta:
    """One field of a module (Zoho's fields metadata). `api_name` is the key to use in record
    bodies; `data_type` is one of text, textarea, email, phone, website, integer, bigint,
    currency, double, decimal, boolean, date, datetime, picklist, multiselectpicklist, lookup,
    multiselectlookup, ownerlookup, userlookup, multiuserlookup, imageupload, fileupload,
    subform, autonumber, formula and others; `length` is the maximum length of text values.
    Field types and their limits are explained in Zoho's "Kaizen #1 - Fields in CRM #API"
    (https://help.zoho.com/portal/en/community/topic/kaizen-1-fields-in-crm-api-18-10-2019).

        Attributes:
            api_name (str):
            data_type (str):
            id (str | Unset): A Zoho record, user, job, custom view or territory id as Zoho returns it (a digit string of up
                to 19 digits; never a number, since ids exceed 2^53).
            field_label (str | Unset):
            display_label (str | Unset):
            json_type (str | Unset):
            length (int | Unset):
            read_only (bool | Unset):
            system_mandatory (bool | Unset):
            unique (FieldMetaUnique | Unset):
            pick_list_values (list[FieldMetaPickListValuesItem] | Unset):
            lookup (FieldMetaLookup | Unset):
            mass_update (bool | Unset):
    """

    api_name: str
    data_type: str
    id: str | Unset = UNSET
    field_label: str | Unset = UNSET
    display_label: str | Unset = UNSET
    json_type: str | Unset = UNSET
    length: int | Unset = UNSET
    read_only: bool | Unset = UNSET
    system_mandatory: bool | Unset = UNSET
    unique: FieldMetaUnique | Unset = UNSET
    pick_list_values: list[FieldMetaPickListValuesItem] | Unset = UNSET
    lookup: FieldMetaLookup | Unset = UNSET
    mass_update: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        api_name = self.api_name

        data_type = self.data_type

        id = self.id

        field_label = self.field_label

        display_label = self.display_label

        json_type = self.json_type

        length = self.length

        read_only = self.read_only

        system_mandatory = self.system_mandatory

        unique: dict[str, Any] | Unset = UNSET
        if not isinstance(self.unique, Unset):
            unique = self.unique.to_dict()

        pick_list_values: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.pick_list_values, Unset):
            pick_list_values = []
            for pick_list_values_item_data in self.pick_list_values:
                pick_list_values_item = pick_list_values_item_data.to_dict()
                pick_list_values.append(pick_list_values_item)

        lookup: dict[str, Any] | Unset = UNSET
        if not isinstance(self.lookup, Unset):
            lookup = self.lookup.to_dict()

        mass_update = self.mass_update

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "api_name": api_name,
                "data_type": data_type,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if field_label is not UNSET:
            field_dict["field_label"] = field_label
        if display_label is not UNSET:
            field_dict["display_label"] = display_label
        if json_type is not UNSET:
            field_dict["json_type"] = json_type
        if length is not UNSET:
            field_dict["length"] = length
        if read_only is not UNSET:
            field_dict["read_only"] = read_only
        if system_mandatory is not UNSET:
            field_dict["system_mandatory"] = system_mandatory
        if unique is not UNSET:
            field_dict["unique"] = unique
        if pick_list_values is not UNSET:
            field_dict["pick_list_values"] = pick_list_values
        if lookup is not UNSET:
            field_dict["lookup"] = lookup
        if mass_update is not UNSET:
            field_dict["mass_update"] = mass_update

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_meta_lookup import FieldMetaLookup  # noqa: PLC0415
        from ..models.field_meta_pick_list_values_item import FieldMetaPickListValuesItem  # noqa: PLC0415
        from ..models.field_meta_unique import FieldMetaUnique  # noqa: PLC0415

        d = dict(src_dict)
        api_name = d.pop("api_name")

        data_type = d.pop("data_type")

        id = d.pop("id", UNSET)

        field_label = d.pop("field_label", UNSET)

        display_label = d.pop("display_label", UNSET)

        json_type = d.pop("json_type", UNSET)

        length = d.pop("length", UNSET)

        read_only = d.pop("read_only", UNSET)

        system_mandatory = d.pop("system_mandatory", UNSET)

        _unique = d.pop("unique", UNSET)
        unique: FieldMetaUnique | Unset
        if isinstance(_unique, Unset):
            unique = UNSET
        else:
            unique = FieldMetaUnique.from_dict(_unique)

        _pick_list_values = d.pop("pick_list_values", UNSET)
        pick_list_values: list[FieldMetaPickListValuesItem] | Unset = UNSET
        if _pick_list_values is not UNSET:
            pick_list_values = []
            for pick_list_values_item_data in _pick_list_values:
                pick_list_values_item = FieldMetaPickListValuesItem.from_dict(
                    pick_list_values_item_data
                )

                pick_list_values.append(pick_list_values_item)

        _lookup = d.pop("lookup", UNSET)
        lookup: FieldMetaLookup | Unset
        if isinstance(_lookup, Unset):
            lookup = UNSET
        else:
            lookup = FieldMetaLookup.from_dict(_lookup)

        mass_update = d.pop("mass_update", UNSET)

        field_meta = cls(
            api_name=api_name,
            data_type=data_type,
            id=id,
            field_label=field_label,
            display_label=display_label,
            json_type=json_type,
            length=length,
            read_only=read_only,
            system_mandatory=system_mandatory,
            unique=unique,
            pick_list_values=pick_list_values,
            lookup=lookup,
            mass_update=mass_update,
        )

        field_meta.additional_properties = d
        return field_meta

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
