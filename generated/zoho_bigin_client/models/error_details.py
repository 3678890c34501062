from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_details_duplicate_record import ErrorDetailsDuplicateRecord


T = TypeVar("T", bound="ErrorDetails")


@_attrs_define
class ErrorDetails:
    """What the error is about. Field errors name the field (`api_name`) and where it is in the
    request (`json_path`, such as `$.data[0].Last_Name`), with the limit broken
    (`maximum_length`, `expected_data_type`, `limit`); id errors carry the `id`. Other keys may
    appear.

        Attributes:
            api_name (str | Unset):
            json_path (str | Unset):
            id (Any | Unset): The offending id, echoed as the request sent it: normally a digit string, but a
                malformed id comes back as it was sent (a number, or a string that is not an id).
            expected_data_type (str | Unset):
            maximum_length (int | Unset):
            limit (int | Unset):
            param_name (str | Unset):
            duplicate_record (ErrorDetailsDuplicateRecord | Unset):
    """

    api_name: str | Unset = UNSET
    json_path: str | Unset = UNSET
    id: Any | Unset = UNSET
    expected_data_type: str | Unset = UNSET
    maximum_length: int | Unset = UNSET
    limit: int | Unset = UNSET
    param_name: str | Unset = UNSET
    duplicate_record: ErrorDetailsDuplicateRecord | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        api_name = self.api_name

        json_path = self.json_path

        id = self.id

        expected_data_type = self.expected_data_type

        maximum_length = self.maximum_length

        limit = self.limit

        param_name = self.param_name

        duplicate_record: dict[str, Any] | Unset = UNSET
        if not isinstance(self.duplicate_record, Unset):
            duplicate_record = self.duplicate_record.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if api_name is not UNSET:
            field_dict["api_name"] = api_name
        if json_path is not UNSET:
            field_dict["json_path"] = json_path
        if id is not UNSET:
            field_dict["id"] = id
        if expected_data_type is not UNSET:
            field_dict["expected_data_type"] = expected_data_type
        if maximum_length is not UNSET:
            field_dict["maximum_length"] = maximum_length
        if limit is not UNSET:
            field_dict["limit"] = limit
        if param_name is not UNSET:
            field_dict["param_name"] = param_name
        if duplicate_record is not UNSET:
            field_dict["duplicate_record"] = duplicate_record

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_details_duplicate_record import ErrorDetailsDuplicateRecord  # noqa: PLC0415

        d = dict(src_dict)
        api_name = d.pop("api_name", UNSET)

        json_path = d.pop("json_path", UNSET)

        id = d.pop("id", UNSET)

        expected_data_type = d.pop("expected_data_type", UNSET)

        maximum_length = d.pop("maximum_length", UNSET)

        limit = d.pop("limit", UNSET)

        param_name = d.pop("param_name", UNSET)

        _duplicate_record = d.pop("duplicate_record", UNSET)
        duplicate_record: ErrorDetailsDuplicateRecord | Unset
        if isinstance(_duplicate_record, Unset):
            duplicate_record = UNSET
        else:
            duplicate_record = ErrorDetailsDuplicateRecord.from_dict(_duplicate_record)

        error_details = cls(
            api_name=api_name,
            json_path=json_path,
            id=id,
            expected_data_type=expected_data_type,
            maximum_length=maximum_length,
            limit=limit,
            param_name=param_name,
            duplicate_record=duplicate_record,
        )

        error_details.additional_properties = d
        return error_details

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
