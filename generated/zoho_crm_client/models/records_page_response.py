from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.page_info import PageInfo
    from ..models.zoho_record import ZohoRecord


T = TypeVar("T", bound="RecordsPageResponse")


@_attrs_define
class RecordsPageResponse:
    """One page of records (Get Records, Search Records): the records, keyed by field API name, and
    `info` on the page (`per_page`, `count`, `page`, `more_records`, and for Get Records the page
    tokens `next_page_token`, `previous_page_token`, `page_token_expiry`, with `sort_by` and
    `sort_order`). No records at all is HTTP 204 with no body.

        Attributes:
            data (list[ZohoRecord]):
            info (PageInfo):
    """

    data: list[ZohoRecord]
    info: PageInfo
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        info = self.info.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "info": info,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.page_info import PageInfo  # noqa: PLC0415
        from ..models.zoho_record import ZohoRecord  # noqa: PLC0415

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = ZohoRecord.from_dict(data_item_data)

            data.append(data_item)

        info = PageInfo.from_dict(d.pop("info"))

        records_page_response = cls(
            data=data,
            info=info,
        )

        records_page_response.additional_properties = d
        return records_page_response

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
