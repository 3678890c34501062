from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.record_insert import RecordInsert


T = TypeVar("T", bound="BiginInsertRecordsRequest")


@_attrs_define
class BiginInsertRecordsRequest:
    """Body of Bigin Add records (`POST /bigin/v2/{module_api_name}`; Zoho Bigin Add records,
    https://www.bigin.com/developer/docs/apis/v2/insert-records.html).

        Attributes:
            data (list[RecordInsert]): The records to add, 1 to 100 per call.
            trigger (list[str] | Unset): The automation to run for the write. Left out, the workflows (and in CRM, approvals
                and
                blueprints) associated with the API run. An **empty array** runs none of them. Known values:
                `workflow` (CRM and Bigin), `approval`, `blueprint`, `pathfinder`, `orchestration` (CRM).
    """

    data: list[RecordInsert]
    trigger: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        trigger: list[str] | Unset = UNSET
        if not isinstance(self.trigger, Unset):
            trigger = self.trigger

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )
        if trigger is not UNSET:
            field_dict["trigger"] = trigger

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.record_insert import RecordInsert  # noqa: PLC0415

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = RecordInsert.from_dict(data_item_data)

            data.append(data_item)

        trigger = cast(list[str], d.pop("trigger", UNSET))

        bigin_insert_records_request = cls(
            data=data,
            trigger=trigger,
        )

        bigin_insert_records_request.additional_properties = d
        return bigin_insert_records_request

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
