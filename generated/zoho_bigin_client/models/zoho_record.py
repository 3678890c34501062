from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.record_tag import RecordTag
    from ..models.user_ref import UserRef


T = TypeVar("T", bound="ZohoRecord")


@_attrs_define
class ZohoRecord:
    """A record as Zoho returns it, keyed by field API name; `id` always present. (Named
    ZohoRecord, not Record, so that TypeScript's built-in `Record<K, V>` stays usable.)

        Attributes:
            id (str): A Zoho record, user, job, custom view or territory id as Zoho returns it (a digit string of up to 19
                digits; never a number, since ids exceed 2^53).
            created_time (datetime.datetime | Unset): ISO 8601 date-time with a UTC offset, as Zoho writes it (for example
                `2021-05-02T11:17:33+05:30`).
            modified_time (datetime.datetime | Unset): ISO 8601 date-time with a UTC offset, as Zoho writes it (for example
                `2021-05-02T11:17:33+05:30`).
            created_by (UserRef | Unset): A CRM or Bigin user as Zoho reports it in `Created_By` and `Modified_By`.
            modified_by (UserRef | Unset): A CRM or Bigin user as Zoho reports it in `Created_By` and `Modified_By`.
            tag (list[RecordTag] | Unset): The record's tags (declared on `Record` by Zoho's official CRM OAS, zoho/crm-oas
                v8.0/record.json).
    """

    id: str
    created_time: datetime.datetime | Unset = UNSET
    modified_time: datetime.datetime | Unset = UNSET
    created_by: UserRef | Unset = UNSET
    modified_by: UserRef | Unset = UNSET
    tag: list[RecordTag] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        created_time: str | Unset = UNSET
        if not isinstance(self.created_time, Unset):
            created_time = self.created_time.isoformat()

        modified_time: str | Unset = UNSET
        if not isinstance(self.modified_time, Unset):
            modified_time = self.modified_time.isoformat()

        created_by: dict[str, Any] | Unset = UNSET
        if not isinstance(self.created_by, Unset):
            created_by = self.created_by.to_dict()

        modified_by: dict[str, Any] | Unset = UNSET
        if not isinstance(self.modified_by, Unset):
            modified_by = self.modified_by.to_dict()

        tag: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tag, Unset):
            tag = []
            for tag_item_data in self.tag:
                tag_item = tag_item_data.to_dict()
                tag.append(tag_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if created_time is not UNSET:
            field_dict["Created_Time"] = created_time
        if modified_time is not UNSET:
            field_dict["Modified_Time"] = modified_time
        if created_by is not UNSET:
            field_dict["Created_By"] = created_by
        if modified_by is not UNSET:
            field_dict["Modified_By"] = modified_by
        if tag is not UNSET:
            field_dict["Tag"] = tag

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.record_tag import RecordTag  # noqa: PLC0415
        from ..models.user_ref import UserRef  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        _created_time = d.pop("Created_Time", UNSET)
        created_time: datetime.datetime | Unset
        if isinstance(_created_time, Unset):
            created_time = UNSET
        else:
            created_time = datetime.datetime.fromisoformat(_created_time)

        _modified_time = d.pop("Modified_Time", UNSET)
        modified_time: datetime.datetime | Unset
        if isinstance(_modified_time, Unset):
            modified_time = UNSET
        else:
            modified_time = datetime.datetime.fromisoformat(_modified_time)

        _created_by = d.pop("Created_By", UNSET)
        created_by: UserRef | Unset
        if isinstance(_created_by, Unset):
            created_by = UNSET
        else:
            created_by = UserRef.from_dict(_created_by)

        _modified_by = d.pop("Modified_By", UNSET)
        modified_by: UserRef | Unset
        if isinstance(_modified_by, Unset):
            modified_by = UNSET
        else:
            modified_by = UserRef.from_dict(_modified_by)

        _tag = d.pop("Tag", UNSET)
        tag: list[RecordTag] | Unset = UNSET
        if _tag is not UNSET:
            tag = []
            for tag_item_data in _tag:
                tag_item = RecordTag.from_dict(tag_item_data)

                tag.append(tag_item)

        zoho_record = cls(
            id=id,
            created_time=created_time,
            modified_time=modified_time,
            created_by=created_by,
            modified_by=modified_by,
            tag=tag,
        )

        zoho_record.additional_properties = d
        return zoho_record

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
