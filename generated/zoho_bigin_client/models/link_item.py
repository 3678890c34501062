from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LinkItem")


@_attrs_define
class LinkItem:
    """One element of a multi-select lookup, multi-user lookup, image upload or subform field.
    To **add** a link, give the linked record (for example `{"Interested_Listings": {"id": "…"}}`,
    `{"User": {"id": "…"}}` or `{"File_Id__s": "…"}` for an image). To **remove** a link, give
    the id of the *linking* row together with `"_delete": null` (`{"id": "…", "_delete": null}`).

        Attributes:
            id (int | str | Unset): The unique id of a Zoho record, as sent in a request. Zoho ids have up to 19 digits,
                beyond
                the 2^53 that JavaScript and JSON numbers in many languages hold exactly, so **send ids as
                digit strings**. JSON integers are also accepted because Zoho's own SDKs send them; a client
                in a language whose numbers are IEEE doubles must never use that form.
            delete (None | Unset): Present (with the value null) to remove the link whose linking-row `id` is given.
            file_id_s (str | Unset): The encrypted id of an uploaded file, to add it to an image upload field.
    """

    id: int | str | Unset = UNSET
    delete: None | Unset = UNSET
    file_id_s: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id: int | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        delete = self.delete

        file_id_s = self.file_id_s

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if delete is not UNSET:
            field_dict["_delete"] = delete
        if file_id_s is not UNSET:
            field_dict["File_Id__s"] = file_id_s

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_id(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        delete = d.pop("_delete", UNSET)

        file_id_s = d.pop("File_Id__s", UNSET)

        link_item = cls(
            id=id,
            delete=delete,
            file_id_s=file_id_s,
        )

        link_item.additional_properties = d
        return link_item

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
