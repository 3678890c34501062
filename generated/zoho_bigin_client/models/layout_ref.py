from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LayoutRef")


@_attrs_define
class LayoutRef:
    """The layout of the record. Give it to include the layout's mandatory fields in the API-level
    mandatory check and to process only the fields defined in that layout.

        Attributes:
            id (int | str): The unique id of a Zoho record, as sent in a request. Zoho ids have up to 19 digits, beyond
                the 2^53 that JavaScript and JSON numbers in many languages hold exactly, so **send ids as
                digit strings**. JSON integers are also accepted because Zoho's own SDKs send them; a client
                in a language whose numbers are IEEE doubles must never use that form.
            name (str | Unset):
    """

    id: int | str
    name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id: int | str
        id = self.id

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_id(data: object) -> int | str:
            return cast(int | str, data)

        id = _parse_id(d.pop("id"))

        name = d.pop("name", UNSET)

        layout_ref = cls(
            id=id,
            name=name,
        )

        layout_ref.additional_properties = d
        return layout_ref

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
