from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.error_details import ErrorDetails


T = TypeVar("T", bound="RecordError")


@_attrs_define
class RecordError:
    """The failure of one record of the request; the record was not written.

    Attributes:
        code (str): A Zoho error code. This is an **open** set: clients must accept codes they do not know.
            The codes each operation documents are listed in its `x-zoho-errors` extension, with HTTP
            status, message and resolution. Common codes and their meaning are described in Zoho's
            "Kaizen #25 - Zoho CRM API - Common Errors and Error Handling"
            (https://help.zoho.com/portal/en/community/topic/kaizen-25-zoho-crm-api-common-errors-and-error-handling).
        details (ErrorDetails): What the error is about. Field errors name the field (`api_name`) and where it is in the
            request (`json_path`, such as `$.data[0].Last_Name`), with the limit broken
            (`maximum_length`, `expected_data_type`, `limit`); id errors carry the `id`. Other keys may
            appear.
        message (str):
        status (Literal['error']):
    """

    code: str
    details: ErrorDetails
    message: str
    status: Literal["error"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        details = self.details.to_dict()

        message = self.message

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "details": details,
                "message": message,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_details import ErrorDetails  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        details = ErrorDetails.from_dict(d.pop("details"))

        message = d.pop("message")

        status = cast(Literal["error"], d.pop("status"))
        if status != "error":
            raise ValueError(f"status must match const 'error', got '{status}'")

        record_error = cls(
            code=code,
            details=details,
            message=message,
            status=status,
        )

        record_error.additional_properties = d
        return record_error

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
