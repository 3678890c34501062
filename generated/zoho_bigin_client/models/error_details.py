from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

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
            maximum_length (int | str | Unset): The field's maximum length. Zoho sends a number or a digit string: Zoho's
                official CRM
                OAS types it as a string in v8.0/record.json (`API_Exception`) and as an integer in
                v8.0/common.json (`MaxLengthDetails`); read both.
            limit (int | Unset):
            param_name (str | Unset):
            duplicate_record (ErrorDetailsDuplicateRecord | Unset): The existing record a `DUPLICATE_DATA` value belongs to
                (`id`, `module`, `Owner`).
            permissions (list[str] | Unset): The permissions a `NO_PERMISSION` error lacks.
            module (str | Unset): The API name of the module an error is about.
            index (int | Unset):
            mapped_field (str | Unset):
            reason (str | Unset):
            operator (str | Unset):
            allowed_count (int | Unset):
            parent_api_name (str | Unset):
            param (str | Unset):
            resource_path_index (int | Unset): Which segment of the URL path is wrong (for `INVALID_URL_PATTERN`,
                `INVALID_MODULE`).
            external (str | Unset):
    """

    api_name: str | Unset = UNSET
    json_path: str | Unset = UNSET
    id: Any | Unset = UNSET
    expected_data_type: str | Unset = UNSET
    maximum_length: int | str | Unset = UNSET
    limit: int | Unset = UNSET
    param_name: str | Unset = UNSET
    duplicate_record: ErrorDetailsDuplicateRecord | Unset = UNSET
    permissions: list[str] | Unset = UNSET
    module: str | Unset = UNSET
    index: int | Unset = UNSET
    mapped_field: str | Unset = UNSET
    reason: str | Unset = UNSET
    operator: str | Unset = UNSET
    allowed_count: int | Unset = UNSET
    parent_api_name: str | Unset = UNSET
    param: str | Unset = UNSET
    resource_path_index: int | Unset = UNSET
    external: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        api_name = self.api_name

        json_path = self.json_path

        id = self.id

        expected_data_type = self.expected_data_type

        maximum_length: int | str | Unset
        if isinstance(self.maximum_length, Unset):
            maximum_length = UNSET
        else:
            maximum_length = self.maximum_length

        limit = self.limit

        param_name = self.param_name

        duplicate_record: dict[str, Any] | Unset = UNSET
        if not isinstance(self.duplicate_record, Unset):
            duplicate_record = self.duplicate_record.to_dict()

        permissions: list[str] | Unset = UNSET
        if not isinstance(self.permissions, Unset):
            permissions = self.permissions

        module = self.module

        index = self.index

        mapped_field = self.mapped_field

        reason = self.reason

        operator = self.operator

        allowed_count = self.allowed_count

        parent_api_name = self.parent_api_name

        param = self.param

        resource_path_index = self.resource_path_index

        external = self.external

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
        if permissions is not UNSET:
            field_dict["permissions"] = permissions
        if module is not UNSET:
            field_dict["module"] = module
        if index is not UNSET:
            field_dict["index"] = index
        if mapped_field is not UNSET:
            field_dict["mapped_field"] = mapped_field
        if reason is not UNSET:
            field_dict["reason"] = reason
        if operator is not UNSET:
            field_dict["operator"] = operator
        if allowed_count is not UNSET:
            field_dict["allowed_count"] = allowed_count
        if parent_api_name is not UNSET:
            field_dict["parent_api_name"] = parent_api_name
        if param is not UNSET:
            field_dict["param"] = param
        if resource_path_index is not UNSET:
            field_dict["resource_path_index"] = resource_path_index
        if external is not UNSET:
            field_dict["External"] = external

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_details_duplicate_record import ErrorDetailsDuplicateRecord  # noqa: PLC0415

        d = dict(src_dict)
        api_name = d.pop("api_name", UNSET)

        json_path = d.pop("json_path", UNSET)

        id = d.pop("id", UNSET)

        expected_data_type = d.pop("expected_data_type", UNSET)

        def _parse_maximum_length(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        maximum_length = _parse_maximum_length(d.pop("maximum_length", UNSET))

        limit = d.pop("limit", UNSET)

        param_name = d.pop("param_name", UNSET)

        _duplicate_record = d.pop("duplicate_record", UNSET)
        duplicate_record: ErrorDetailsDuplicateRecord | Unset
        if isinstance(_duplicate_record, Unset):
            duplicate_record = UNSET
        else:
            duplicate_record = ErrorDetailsDuplicateRecord.from_dict(_duplicate_record)

        permissions = cast(list[str], d.pop("permissions", UNSET))

        module = d.pop("module", UNSET)

        index = d.pop("index", UNSET)

        mapped_field = d.pop("mapped_field", UNSET)

        reason = d.pop("reason", UNSET)

        operator = d.pop("operator", UNSET)

        allowed_count = d.pop("allowed_count", UNSET)

        parent_api_name = d.pop("parent_api_name", UNSET)

        param = d.pop("param", UNSET)

        resource_path_index = d.pop("resource_path_index", UNSET)

        external = d.pop("External", UNSET)

        error_details = cls(
            api_name=api_name,
            json_path=json_path,
            id=id,
            expected_data_type=expected_data_type,
            maximum_length=maximum_length,
            limit=limit,
            param_name=param_name,
            duplicate_record=duplicate_record,
            permissions=permissions,
            module=module,
            index=index,
            mapped_field=mapped_field,
            reason=reason,
            operator=operator,
            allowed_count=allowed_count,
            parent_api_name=parent_api_name,
            param=param,
            resource_path_index=resource_path_index,
            external=external,
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
